// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// The socket table as ss -tuanp prints it: title naming the host, ss's column names, one row
// per socket, the socket the stage points at outlined with ▶, and a host chooser that asks.
TestCase {
    id: testCase

    name: "SocketTableView"
    width: 1280
    height: 720
    visible: true
    when: windowShown

    Component {
        id: viewComponent

        SocketTableView {
            width: 500
            height: 560
            hostNames: ["laptop", "server"]
            selectedHost: 1
        }
    }

    Component {
        id: modelComponent

        ListModel {}
    }

    Component {
        id: spyComponent

        SignalSpy {}
    }

    function cleanup() {
        Theme.look = Theme.Light
    }

    // The server after a connection from the laptop: nginx listening, the accepted connection,
    // named's UDP socket, and an older connection in TIME-WAIT that no process holds.
    function serverSockets() {
        const model = createTemporaryObject(modelComponent, testCase)
        model.append({socketId: 4, netid: "tcp", state: "LISTEN", recvQ: 0, sendQ: 511, local: "0.0.0.0:80",
                      peer: "0.0.0.0:*", process: "users:((\"nginx\",pid=1000,fd=3))"})
        model.append({socketId: 8, netid: "tcp", state: "ESTAB", recvQ: 14, sendQ: 0, local: "93.184.216.34:80",
                      peer: "192.168.1.10:51234", process: "users:((\"nginx\",pid=1000,fd=5))"})
        model.append({socketId: 5, netid: "udp", state: "UNCONN", recvQ: 0, sendQ: 0, local: "127.0.0.1:53",
                      peer: "0.0.0.0:*", process: "users:((\"named\",pid=1200,fd=4))"})
        model.append({socketId: 9, netid: "tcp", state: "TIME-WAIT", recvQ: 0, sendQ: 0, local: "93.184.216.34:80",
                      peer: "192.168.1.10:51200", process: ""})
        return model
    }

    function makeView(properties) {
        const view = createTemporaryObject(viewComponent, testCase,
                                           Object.assign({model: serverSockets()}, properties || {}))
        verify(view)
        waitForItemPolished(child(view, "socketList"))
        return view
    }

    function child(parent, name) {
        const item = findChild(parent, name)
        verify(item, "no item named " + name)
        return item
    }

    function test_title_and_columns_as_ss_prints_them() {
        const view = makeView()
        compare(child(view, "title").text, "ss -tuanp on server")
        compare(child(view, "headerNetid").text, "Netid")
        compare(child(view, "headerState").text, "State")
        compare(child(view, "headerRecvQ").text, "Recv-Q")
        compare(child(view, "headerSendQ").text, "Send-Q")
        compare(child(view, "headerProcessBelow").text, "Process")
        // a 500-pixel panel: the addresses on a second line, under their own names
        verify(!view.wide)
        verify(child(view, "headerLocalBelow").visible)
        compare(child(view, "headerLocalBelow").text, "Local Address:Port")
        compare(child(view, "headerPeerBelow").text, "Peer Address:Port")
        for (const name of ["headerNetid", "headerState", "headerRecvQ", "headerSendQ", "headerLocalBelow", "headerPeerBelow"])
            verify(!child(view, name).truncated, name + " shown whole")
        const connection = child(view, "socketRow8")
        compare(child(connection, "netid").text, "tcp")
        compare(child(connection, "state").text, "ESTAB")
        compare(child(connection, "local").text, "93.184.216.34:80")
        compare(child(connection, "peer").text, "192.168.1.10:51234")
        verify(!child(connection, "local").truncated, "an IPv4 address and port fit")
        compare(child(connection, "local").font.family, Theme.monoFamily)
        compare(child(connection, "process").text, "users:((\"nginx\",pid=1000,fd=5))")
        verify(!child(connection, "process").truncated, "the process is shown whole on its own line")
        compare(child(child(view, "socketRow9"), "state").text, "TIME-WAIT")
    }

    function test_highlighted_socket_is_outlined_and_marked() {
        const view = makeView({highlightSocket: 8})
        const shown = child(view, "socketRow8")
        verify(shown.highlighted)
        compare(child(shown, "mark").text, "▶")
        compare(shown.border.width, Theme.borderWidthStrong)
        const other = child(view, "socketRow4")
        compare(child(other, "mark").text, "")
        compare(other.border.width, 0)
        grabImage(view).save("/tmp/portlab-sockets-light.png")
        Theme.look = Theme.Projector
        grabImage(view).save("/tmp/portlab-sockets-projector.png")
        Theme.look = Theme.Dark
        grabImage(view).save("/tmp/portlab-sockets-dark.png")
        view.highlightSocket = 4
        compare(child(other, "mark").text, "▶")
        compare(child(shown, "mark").text, "")
    }

    function test_host_chooser_asks_the_owner() {
        const view = makeView()
        const chooser = child(view, "hostChooser")
        compare(chooser.currentText, "server")
        const spy = createTemporaryObject(spyComponent, testCase, {target: view, signalName: "hostChosen"})
        chooser.forceActiveFocus(Qt.TabFocusReason)
        keyClick(Qt.Key_Up)
        compare(spy.count, 1)
        compare(spy.signalArguments[0][0], 0)
        compare(view.selectedHost, 1, "the owner changes the host")
        view.selectedHost = 0
        compare(child(view, "title").text, "ss -tuanp on laptop")
        compare(chooser.currentText, "laptop")
    }

    function test_wide_panel_has_one_line_per_socket() {
        const view = makeView({width: 1200, highlightSocket: 4})
        verify(view.wide)
        verify(child(view, "headerLocal").visible)
        verify(!child(view, "headerLocalBelow").visible)
        compare(child(child(view, "socketRow4"), "localWide").text, "0.0.0.0:80")
        verify(child(view, "headerProcess").visible)
        compare(child(view, "headerProcess").text, "Process")
        compare(child(child(view, "socketRow4"), "processWide").text, "users:((\"nginx\",pid=1000,fd=3))")
        verify(!child(child(view, "socketRow4"), "processWide").truncated)
        grabImage(view).save("/tmp/portlab-sockets-wide.png")
    }

    function test_empty_table_says_so() {
        const view = createTemporaryObject(viewComponent, testCase, {model: createTemporaryObject(modelComponent, testCase)})
        verify(child(view, "emptyHint").visible)
        compare(child(view, "emptyHint").text, "server has no sockets open.")
        view.selectedHost = -1
        compare(child(view, "emptyHint").text, "Choose a host to see its sockets.")
        compare(child(view, "title").text, "ss -tuanp")
    }
}
