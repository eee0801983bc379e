// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtQuick.Controls
import QtTest
import PortLab

// Direct manipulation: a right click on the stage opens the menu of what is under the pointer,
// and each item runs, in the console, the statement it stands for; a process's connect handle
// dropped on a door connects there. Clicking teaches the commands: the console shows them.
TestCase {
    id: testCase

    name: "StageActions"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: mainWindow

        Main {}
    }

    LabSession {
        id: session
    }

    function findAll(item, accept) {
        let found = []
        for (let i = 0; i < item.children.length; ++i) {
            const child = item.children[i]
            if (!child.visible)
                continue
            if (accept(child))
                found.push(child)
            found = found.concat(findAll(child, accept))
        }
        return found
    }

    function findOne(item, objectName) {
        const found = findAll(item, child => child.objectName === objectName)
        compare(found.length, 1, "exactly one visible item named " + objectName)
        return found[0]
    }

    function building(window, name) {
        const found = findAll(window.contentItem, child => child instanceof HostBuilding && child.name === name)
        compare(found.length, 1, "the building " + name)
        return found[0]
    }

    function lastLines(window, count) {
        const lines = window.consoleSession.transcript.text().split("\n")
        return lines.slice(Math.max(0, lines.length - count)).join("\n")
    }

    // Right-clicks an item and clicks the menu item named `itemName` in the menu that opens;
    // returns the item's text as the menu showed it.
    function chooseFromMenu(window, item, x, y, itemName) {
        mouseClick(item, x, y, Qt.RightButton)
        const overlay = window.Overlay.overlay
        tryVerify(() => findAll(overlay, child => child.objectName === itemName).length === 1, 2000, "the menu offers " + itemName)
        const menuItem = findOne(overlay, itemName)
        const shown = String(menuItem.text)
        mouseClick(menuItem)
        return shown
    }

    // Clicks a dialog's button (OK, Cancel) in the overlay. (The style's buttons are not seen
    // as AbstractButton from here: a button is what is checkable or not and has that text.)
    function clickButton(overlay, text) {
        const buttons = findAll(overlay, child => child.checkable !== undefined && child.text === text)
        compare(buttons.length, 1, "one button " + text)
        mouseClick(buttons[0])
    }

    function openWindow() {
        session.showScenario("host server 10.0.0.1\nhost laptop 10.0.0.2\nprocess web on server user root\nprocess browser on laptop\n", "actions.portlab")
        const window = createTemporaryObject(mainWindow, testCase, {session: session})
        verify(window, "Main")
        window.requestActivate()
        tryVerify(() => window.active, 2000, "the window is active")
        waitForRendering(window.contentItem)
        return window
    }

    function test_menus_run_the_statements_they_stand_for() {
        const window = openWindow()
        const statementsBefore = window.consoleSession.statementCount

        // the server's building: add a process, as an ordinary user
        chooseFromMenu(window, building(window, "server"), 60, 30, "addProcess")
        compare(window.consoleSession.statementCount, statementsBefore + 1)
        verify(lastLines(window, 3).indexOf("> process app1 on server") >= 0, lastLines(window, 3))
        verify(window.consoleOpen, "the console shows what the click ran")

        // web's office: open a TCP server on port 8080 (the dialog's default)
        // (the offices are laid out again once the new one is in)
        tryVerify(() => findOne(building(window, "server"), "process:web").width > 0, 2000, "web's office is laid out")
        const office = findOne(building(window, "server"), "process:web")
        chooseFromMenu(window, office, 20, 10, "openTcpServer")
        const dialog = findAll(window.Overlay.overlay, child => child.objectName === "portField")
        compare(dialog.length, 1, "the port dialog asks for the port")
        dialog[0].value = 8080
        keyClick(Qt.Key_Return)
        tryVerify(() => window.consoleSession.statementCount === statementsBefore + 4, 2000, "socket, bind and listen: " + lastLines(window, 8))
        verify(lastLines(window, 8).indexOf("> web: listen s1") >= 0, lastLines(window, 8))
        waitForRendering(window.contentItem)

        // its door: the menu names each call's statement; close it
        // (the offices are made again for the scene as it now ends)
        const webOffice = () => findOne(building(window, "server"), "process:web")
        tryVerify(() => findAll(webOffice(), child => child instanceof SocketDoor).length === 1 && webOffice().width > 0, 2000, "web's door is in place")
        session.player.toEnd()   // the stage shows the scene as it ends, not part way through playing it
        tryVerify(() => {
            const doors = findAll(webOffice(), child => child instanceof SocketDoor)
            return doors.length === 1 && doors[0].socket.state === "LISTEN" && doors[0].width > 0
        }, 2000, "web's door listens, laid out in its office")
        const door = findAll(webOffice(), child => child instanceof SocketDoor)
        const closeText = chooseFromMenu(window, door[0], 10, 10, "door:close")
        verify(closeText.indexOf("web: close s1") > 0, closeText)
        tryCompare(window.consoleSession, "statementCount", statementsBefore + 5)
        verify(lastLines(window, 3).indexOf("> web: close s1") >= 0, lastLines(window, 3))

        // and back: undo takes the click back as it takes back anything typed
        verify(window.consoleSession.undo())
        compare(window.consoleSession.statementCount, statementsBefore + 4)
    }

    function test_ending_a_process_kills_it() {
        const window = openWindow()
        verify(window.stageActions.openServer(1000, "tcp", 80), "web (pid 1000) listens on 80")
        verify(window.consoleSession.run("browser: c1 = socket tcp") && window.consoleSession.run("browser: connect c1 10.0.0.1:80")
               && window.consoleSession.run("web: a1 = accept s1"), lastLines(window, 4))
        session.player.toEnd()
        tryVerify(() => findOne(building(window, "server"), "process:web").width > 0, 2000, "web's office is laid out")
        const office = findOne(building(window, "server"), "process:web")
        const shown = chooseFromMenu(window, office, 20, 10, "endProcess")
        verify(shown.indexOf("End process (kill)") === 0 && shown.indexOf("kill web") > 0, shown)
        tryVerify(() => lastLines(window, 3).indexOf("> kill web") >= 0, 2000, lastLines(window, 4))
        verify(lastLines(window, 2).indexOf("ok: web (pid 1000) got SIGTERM and exited") >= 0, lastLines(window, 2))
        // The stage plays the kill: the accepted connection's FIN leaves the server, as any envelope.
        session.player.playing = false
        let steps = 0
        const finLeaves = () => /^server sends TCP .*\[FIN, ACK\]$/.test(String(session.player.caption))
        while (!finLeaves() && steps++ < 40)
            session.player.stepForward()
        verify(finLeaves(), session.player.caption)
        session.player.stepForward()   // on the wire
        tryVerify(() => findAll(window.contentItem, child => child instanceof EnvelopeItem).length > 0, 2000, "the FIN is on the stage")
        mouseClick(findOne(window.contentItem, "zoomFit"))
        wait(600)
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/stage-kill.png")
        // the scene as it ends has no office for web: the process is gone, and its listener with it
        session.player.toEnd()
        tryVerify(() => findAll(building(window, "server"), child => child.objectName === "process:web").length === 0, 2000, "web's office is gone")
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/stage-kill-end.png")
        // the office of a process that has exited offers nothing (the stage may show it at an earlier step)
        compare(window.stageActions.killStatement(1000), "")
        verify(!window.stageActions.kill(1000))
    }

    function test_removing_a_host_asks_first_and_undoes() {
        const window = openWindow()
        const statementsBefore = window.consoleSession.statementCount
        chooseFromMenu(window, building(window, "server"), 60, 30, "removeHost")
        const overlay = window.Overlay.overlay
        tryVerify(() => findAll(overlay, child => child.objectName === "removeHostQuestion").length === 1, 2000, "the removal asks first")
        const question = String(findOne(overlay, "removeHostQuestion").text)
        verify(question.indexOf("This takes server out of the scene with the statement about it.") === 0, question)
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/stage-remove-host.png")
        clickButton(overlay, "OK")
        tryVerify(() => window.consoleSession.statementCount === statementsBefore - 2, 2000, lastLines(window, 4))
        verify(lastLines(window, 3).indexOf("# removed host server and the statement about it") >= 0, lastLines(window, 3))
        tryVerify(() => findAll(window.contentItem, child => child instanceof HostBuilding && child.name === "server").length === 0, 2000, "the building is gone")
        verify(window.consoleSession.undo())
        compare(window.consoleSession.statementCount, statementsBefore)
        tryVerify(() => findAll(window.contentItem, child => child instanceof HostBuilding && child.name === "server").length === 1, 2000, "back again")

        // a host nothing else is about goes without a question
        verify(window.consoleSession.run("host spare 10.0.0.9"))
        tryVerify(() => findAll(window.contentItem, child => child instanceof HostBuilding && child.name === "spare").length === 1, 2000, "the new building")
        session.player.toEnd()
        waitForRendering(window.contentItem)
        chooseFromMenu(window, building(window, "spare"), 60, 30, "removeHost")
        tryVerify(() => lastLines(window, 2).indexOf("# removed host spare; no other statement was about it") >= 0, 2000, lastLines(window, 3))
    }

    function test_settings_choose_the_os() {
        const window = openWindow()
        chooseFromMenu(window, building(window, "server"), 60, 30, "hostSettings")
        const overlay = window.Overlay.overlay
        tryVerify(() => findAll(overlay, child => child.objectName === "osChoice").length === 1, 2000, "the settings offer the OS")
        const choice = findOne(overlay, "osChoice")
        compare(choice.currentValue, "linux")
        choice.currentIndex = choice.indexOfValue("windows")
        const declaration = findOne(overlay, "osDeclaration")
        verify(String(declaration.text).indexOf("host server 10.0.0.1 os windows") > 0, declaration.text)
        waitForRendering(window.contentItem)
        grabImage(window.contentItem).save("/tmp/stage-settings.png")
        const statementsBefore = window.consoleSession.statementCount
        clickButton(overlay, "OK")
        // only the OS changed: its declaration is rewritten, and no sysctl runs
        tryVerify(() => lastLines(window, 3).indexOf("# host server now runs Windows instead of Linux: host server 10.0.0.1 os windows") >= 0, 2000, lastLines(window, 4))
        compare(window.consoleSession.statementCount, statementsBefore)
        compare(window.stageActions.hostSettings("server").os, "windows")
        compare(window.stageActions.hostSettings("server").forwards, false)
        compare(window.stageActions.hostSettings("server").ephemeralLow, 49152)
        // Windows has no ss: its building's menu does not offer it
        mouseClick(building(window, "server"), 60, 30, Qt.RightButton)
        tryVerify(() => findAll(overlay, child => child.objectName === "addProcess").length === 1, 2000, "the host menu is open")
        compare(findAll(overlay, child => child.objectName === "showSockets").length, 0, "no ss on a Windows host")
        keyClick(Qt.Key_Escape)
        verify(window.consoleSession.undo())
        compare(window.stageActions.hostSettings("server").os, "linux")

        // a scene that asks the host for ss cannot become Windows: the dialog says so before OK
        verify(window.consoleSession.run("ss server -tan"))
        chooseFromMenu(window, building(window, "server"), 60, 30, "hostSettings")
        tryVerify(() => findAll(overlay, child => child.objectName === "osChoice").length === 1, 2000, "the settings are open")
        compare(findAll(overlay, child => child.objectName === "osProblem").length, 0, "nothing stands in the way of Linux")
        const osChoice = findOne(overlay, "osChoice")
        osChoice.currentIndex = osChoice.indexOfValue("windows")
        const problem = findOne(overlay, "osProblem")
        verify(String(problem.text).indexOf("ss server -tan would be refused: server is a Windows host, and ss is a Linux command") >= 0, problem.text)
        clickButton(overlay, "Cancel")
        mouseClick(building(window, "server"), 60, 30, Qt.RightButton)
        tryVerify(() => findAll(overlay, child => child.objectName === "showSockets").length === 1, 2000, "ss again on Linux")
        keyClick(Qt.Key_Escape)
    }

    function test_settings_make_a_gateway() {
        const window = openWindow()
        chooseFromMenu(window, building(window, "server"), 60, 30, "hostSettings")
        const overlay = window.Overlay.overlay
        tryVerify(() => findAll(overlay, child => child.objectName === "forwarding").length === 1, 2000, "the settings offer forwarding")
        const forwarding = findOne(overlay, "forwarding")
        compare(forwarding.checked, false)
        mouseClick(forwarding)
        compare(forwarding.checked, true)
        clickButton(overlay, "OK")
        // only forwarding changed: one sysctl, the statement the console would take
        tryVerify(() => lastLines(window, 3).indexOf("> sysctl server net.ipv4.ip_forward 1") >= 0, 2000, lastLines(window, 4))
        verify(lastLines(window, 2).indexOf("ok: server now routes packets addressed to other hosts on to them") >= 0, lastLines(window, 2))
        compare(window.stageActions.hostSettings("server").forwards, true)
        chooseFromMenu(window, building(window, "server"), 60, 30, "hostSettings")
        tryVerify(() => findOne(overlay, "forwarding").visible, 2000, "the settings are open again")
        compare(findOne(overlay, "forwarding").checked, true)
        clickButton(overlay, "Cancel")
    }

    function test_a_process_dragged_onto_a_door_connects_there() {
        const window = openWindow()
        verify(window.stageActions.openServer(1000, "tcp", 80), "web (pid 1000, the first process) listens on 80")
        tryVerify(() => findAll(building(window, "server"), child => child instanceof SocketDoor).length === 1, 2000, "web's door is in place")
        tryVerify(() => findOne(building(window, "laptop"), "process:browser").width > 0, 2000, "the offices are laid out")
        // both buildings in view: the whole network, not the camera's close-up
        mouseClick(findOne(window.contentItem, "zoomFit"))
        wait(600)
        waitForRendering(window.contentItem)
        const door = findAll(building(window, "server"), child => child instanceof SocketDoor)[0]
        const handle = findOne(findOne(building(window, "laptop"), "process:browser"), "connectHandle")
        const target = door.mapToItem(handle, door.width / 2, door.height / 2)
        // as mouseDrag does, but looking at the screen half way
        const x = handle.width / 2, y = handle.height / 2
        mousePress(handle, x, y)
        mouseMove(handle, x + 20, y + 20)
        mouseMove(handle, (x + target.x) / 2, (y + target.y) / 2)
        const label = findOne(handle, "connectDragLabel")
        tryVerify(() => label.visible, 2000, "what is dragged follows the pointer")
        waitForRendering(window.contentItem)
        const onLabel = label.mapToItem(window.contentItem, 3, label.height / 2)
        verify(Qt.colorEqual(grabImage(window.contentItem).pixel(Math.round(onLabel.x), Math.round(onLabel.y)), Theme.selectionFill),
               "and is seen over the stage's picture")
        mouseMove(handle, target.x, target.y)
        mouseRelease(handle, target.x, target.y)
        tryVerify(() => lastLines(window, 4).indexOf("> browser: connect c1 10.0.0.1:80") >= 0, 3000, lastLines(window, 6))
        verify(lastLines(window, 4).indexOf("ok: connected") >= 0, lastLines(window, 4))
    }
}
