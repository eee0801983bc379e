// SPDX-License-Identifier: GPL-3.0-or-later
import QtQuick
import QtTest
import PortLab

// Each chart of PortChart on a known scenario, at its end and part way: the number of marks,
// points and bars drawn in the ChartView's series, and the export as a PNG file.
TestCase {
    id: testCase

    name: "PortChart"
    width: 640
    height: 640
    visible: true
    when: windowShown

    // A server with a web listener and a DNS socket; a laptop's browser connects twice and
    // binds port 0, and its nc scans 79-81; one connection closes, and a minute passes.
    readonly property string scenario: "host server 10.0.0.1\n"
        + "host laptop 10.0.0.2\n"
        + "process nginx on server user root\n"
        + "process dns on server user root\n"
        + "process chrome on laptop\n"
        + "process scanner on laptop\n"
        + "nginx: s = socket tcp\n"
        + "nginx: bind s 0.0.0.0:80\n"
        + "nginx: listen s\n"
        + "dns: u = socket udp\n"
        + "dns: bind u 0.0.0.0:53\n"
        + "chrome: c1 = socket tcp\n"
        + "chrome: connect c1 10.0.0.1:80\n"
        + "chrome: c2 = socket tcp\n"
        + "chrome: connect c2 10.0.0.1:80\n"
        + "chrome: z = socket tcp\n"
        + "chrome: bind z 0.0.0.0:0\n"
        + "nginx: a = accept s\n"
        + "scanner: nc -z -v 10.0.0.1 79-81\n"
        + "chrome: close c1\n"
        + "nginx: close a\n"
        + "wait 60s\n"

    StagePlayer {
        id: player
    }

    PortChart {
        id: chart

        width: testCase.width
        height: testCase.height
        player: player
    }

    SignalSpy {
        id: savedSpy

        target: chart.charts
        signalName: "imageSaved"
    }

    function init() {
        verify(player.load(testCase.scenario, "charts.portlab"), player.errorText)
        player.selectedHost = 0
        player.toEnd()
    }

    // The chart of `mode`, made and filled.
    function show(mode) {
        chart.mode = mode
        tryVerify(() => chart.chartView !== null && chart.chartView.count > 0, 2000, "a chart with series")
        chart.charts.refresh()
        return chart.chartView
    }

    // Points of each visible series, by name.
    function pointsBySeries(view) {
        let points = {}
        for (let i = 0; i < view.count; ++i) {
            const series = view.series(i)
            if (series.visible)
                points[series.name] = series.count
        }
        return points
    }

    function test_portSpaceMarksTheHostsPorts() {
        const view = testCase.show(PortCharts.PortSpace)
        compare(chart.charts.title, "Ports of server")
        // three IANA bands, the host's ephemeral band, TCP marks, UDP marks
        compare(view.count, 6)
        compare(view.series(3).name, "ephemeral 32768–60999 (sysctl)")
        compare(view.series(4).count, 1, "tcp 80")
        compare(view.series(4).at(0).x, 80)
        compare(view.series(5).count, 1, "udp 53")
        compare(view.series(5).at(0).x, 53)
        compare(chart.charts.pointCount, 2)

        // the laptop: the ports its sockets still hold
        player.selectedHost = 1
        chart.charts.refresh()
        compare(chart.charts.title, "Ports of laptop")
        verify(view.series(4).count >= 2, "c2 and the bound socket")
        compare(view.series(5).count, 0)
    }

    function test_chosenPortsOneSeriesPerDestination() {
        const view = testCase.show(PortCharts.ChosenPorts)
        const points = testCase.pointsBySeries(view)
        compare(Object.keys(points).length, 4, JSON.stringify(points))
        // connect() to 10.0.0.1:80 three times (c1, c2, nc's), once to 79 and to 81; one bind(0)
        compare(points["laptop connect() → 10.0.0.1:80: 3 even, 0 odd"], 3, JSON.stringify(points))
        compare(points["laptop connect() → 10.0.0.1:79: 1 even, 0 odd"], 1)
        compare(points["laptop connect() → 10.0.0.1:81: 1 even, 0 odd"], 1)
        compare(points["laptop bind(0), listen(): 0 even, 1 odd"], 1)
        compare(chart.charts.pointCount, 6)

        // part way: before the scan, three choices
        player.jumpTo(player.findStep(["scanner: nc"]) - 1)
        chart.charts.refresh()
        compare(chart.charts.pointCount, 3)
        compare(view.count, 4, "the series stay while the player steps")
    }

    function test_listenersCountQueuedAndAccepted() {
        const view = testCase.show(PortCharts.Listeners)
        compare(chart.charts.pointCount, 1)
        const bars = view.series(0)
        compare(bars.count, 2, "accepted and queued")
        // accepted: `a`, closed since; waiting: c2 and nc's connection to 80
        compare(bars.at(0).values, [0])
        compare(bars.at(1).values, [2])

        player.jumpTo(player.findStep(["scanner: nc"]) - 1)
        chart.charts.refresh()
        compare(bars.at(0).values, [1])
        compare(bars.at(1).values, [1])
    }

    function test_statesRiseAndFall() {
        const view = testCase.show(PortCharts.States)
        const names = []
        for (let i = 0; i < view.count; ++i)
            names.push(view.series(i).name)
        verify(names.indexOf("TIME-WAIT") >= 0, names)
        verify(names.indexOf("LISTEN") >= 0, names)
        const timeWait = view.series(names.indexOf("TIME-WAIT"))
        let most = 0
        for (let i = 0; i < timeWait.count; ++i)
            most = Math.max(most, timeWait.at(i).y)
        compare(most, 1, "c1's TIME-WAIT")
        compare(timeWait.at(timeWait.count - 1).y, 0, "gone after wait 60s")
        compare(timeWait.at(timeWait.count - 1).x, player.stepCount - 1)

        player.toStart()
        chart.charts.refresh()
        compare(chart.charts.pointCount, 0)
        verify(chart.charts.emptyText.length > 0)
    }

    function test_scanVerdictPerPort() {
        const view = testCase.show(PortCharts.Scan)
        compare(chart.charts.title, "Scan of 10.0.0.1 from laptop")
        const points = testCase.pointsBySeries(view)
        compare(points, {"tcp open": 1, "tcp closed": 2}, JSON.stringify(points))
        compare(chart.charts.pointCount, 3)
    }

    function test_exportWritesAPng() {
        testCase.show(PortCharts.ChosenPorts)
        savedSpy.clear()
        chart.saveImage("portlab-chart-test.png")   // in the working directory
        savedSpy.wait(5000)
        const path = savedSpy.signalArguments[0][0]
        verify(path.endsWith("/portlab-chart-test.png") && path.startsWith("/"), path)
        verify(savedSpy.signalArguments[0][1], "saved")
        const image = createTemporaryQmlObject("import QtQuick; Image { cache: false }", testCase)
        image.source = "file://" + path
        tryCompare(image, "status", Image.Ready)
        compare(image.sourceSize.width, Math.round(chart.chartView.width))
        verify(image.sourceSize.height > 100)
    }
}
