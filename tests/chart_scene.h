// SPDX-License-Identifier: GPL-3.0-or-later
// A chart of PortCharts as the Charts tab draws it, without the rest of the window: a QML
// ChartView alone in a window (offscreen under QT_QPA_PLATFORM=offscreen), filled from C++;
// and charts' numbers made up in bulk, many more than a recorded run gives (the stage records
// 5,000 steps at most). For bench_charts and tst_chart_decimation. Needs a QApplication:
// ChartView draws with QtWidgets' graphics scene.
#pragma once

#include "port_charts.h"

#include <QCoreApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include <algorithm>
#include <array>
#include <memory>
#include <random>

namespace portlab::testing {

struct ChartScene {
    QQmlEngine engine;
    std::unique_ptr<QQuickWindow> window;
    QQuickItem *chartView = nullptr;   // owned by the window's content item
    PortCharts charts;
    QString error;                     // why there is no chart view

    explicit ChartScene(QSize size)
    {
        QQmlComponent component(&engine);
        component.setData(QStringLiteral("import QtQuick\nimport QtCharts\n"
                                         "ChartView { width: %1; height: %2; antialiasing: true; legend.visible: false;"
                                         " animationOptions: ChartView.NoAnimation }")
                              .arg(size.width())
                              .arg(size.height())
                              .toUtf8(),
                          QUrl(QStringLiteral("chart_scene.qml")));
        std::unique_ptr<QObject> root(component.create());
        chartView = qobject_cast<QQuickItem *>(root.get());
        if (!chartView) {
            error = component.errorString();
            return;
        }
        window = std::make_unique<QQuickWindow>();
        window->resize(size);
        chartView->setParentItem(window->contentItem());
        chartView->setParent(window->contentItem());
        root.release();   // the window's content item owns it now
        window->show();
        charts.setColors({QColor(0x0072b2), QColor(0xd55e00), QColor(0x009e73), QColor(0xcc79a7), QColor(0xe69f00)});
        charts.setChartView(chartView);
    }

    // The events the last show…() posted delivered (the series and axes set, the layout done)
    // and the window drawn and read back. A chart shown for the first time, or on axes whose
    // labels changed width, is shown again to be decimated for the plot area laid out.
    QImage draw()
    {
        QCoreApplication::processEvents();
        return window->grabWindow();
    }
};

// `points` ephemeral ports chosen as Linux chooses them: connect() alternating between two
// destinations, each an even sequence from a start of its own that moves 2 to 16 ports a
// time, and a bind(0) on an odd port at random after every tenth.
inline std::vector<ChosenPortSeries> linuxLikeChoices(int points)
{
    std::vector<ChosenPortSeries> series(3);
    series[0] = {QStringLiteral("laptop"), PortChoiceRule::Connect, QStringLiteral("10.0.0.2:80"), 0, {}};
    series[1] = {QStringLiteral("laptop"), PortChoiceRule::Connect, QStringLiteral("10.0.0.3:443"), 0, {}};
    series[2] = {QStringLiteral("laptop"), PortChoiceRule::Bind, {}, 0, {}};
    std::mt19937 random(7);
    std::uniform_int_distribution<int> jitter(0, 7);
    std::uniform_int_distribution<int> anywhere(0, 28231 / 2 - 1);
    std::array<int, 2> next{32768 + 2 * anywhere(random), 32768 + 2 * anywhere(random)};
    for (int order = 1; order <= points; ++order) {
        if (order % 11 == 0) {
            series[2].points.push_back({order, order, {}, static_cast<std::uint16_t>(32769 + 2 * anywhere(random))});
            continue;
        }
        int &port = next[static_cast<std::size_t>(order % 2)];
        series[static_cast<std::size_t>(order % 2)].points.push_back({order, order, {}, static_cast<std::uint16_t>(port)});
        port = 32768 + (port - 32768 + 2 + 2 * jitter(random)) % 28232;
    }
    return series;
}

// TCP states over steps whose lines together have about `points` points: `states` states (the
// first solid, the others dashed or dotted), each count a random walk that changes at every
// step (two points a change).
inline StateTimeline busyStates(int points, int states = 4)
{
    StateTimeline timeline;
    timeline.states = {QStringLiteral("LISTEN"), QStringLiteral("ESTAB"), QStringLiteral("CLOSE-WAIT"), QStringLiteral("TIME-WAIT")};
    timeline.states.resize(static_cast<std::size_t>(std::clamp(states, 1, 4)));
    const int steps = std::max(2, points / (2 * static_cast<int>(timeline.states.size())));
    std::mt19937 random(11);
    std::uniform_int_distribution<int> move(0, 1);
    for (std::size_t s = 0; s < timeline.states.size(); ++s) {
        std::vector<int> counts;
        int count = 50;
        for (int step = 0; step < steps; ++step) {
            counts.push_back(count);
            count = std::max(0, count + (move(random) == 0 ? -1 : 1));
        }
        timeline.counts.push_back(std::move(counts));
    }
    return timeline;
}

// A host holding `marks` ports (at most every TCP and UDP port), spread over the port space;
// one in 20 a listener.
inline PortSpace crowdedPortSpace(int marks)
{
    PortSpace space{QStringLiteral("server"), {QStringLiteral("ephemeral"), 32768, 60999}, {}};
    const int count = std::min(marks, 2 * 65536);
    for (int i = 0; i < count; ++i) {
        const auto port = static_cast<std::uint16_t>(static_cast<std::int64_t>(i / 2) * 65536 / ((count + 1) / 2));
        space.marks.push_back({i % 2 == 0 ? Protocol::Tcp : Protocol::Udp, port, 1, i % 40 == 0, QStringLiteral("nginx"), 0, true});
    }
    std::stable_sort(space.marks.begin(), space.marks.end(),
                     [](const PortMark &a, const PortMark &b) { return a.port < b.port; });
    return space;
}

// A scan of `ports` ports (TCP from port 1 up, then UDP), each with a verdict at random.
inline ScanReport wideScan(int ports)
{
    ScanReport report{QStringLiteral("laptop"), QStringLiteral("10.0.0.1"), {}};
    std::mt19937 random(13);
    std::uniform_int_distribution<int> verdict(0, 4);
    const int count = std::min(ports, 2 * 65535);
    for (int i = 0; i < count; ++i) {
        const bool udp = i >= 65535;
        auto v = static_cast<ScanVerdict>(verdict(random));
        if (!udp && v == ScanVerdict::OpenOrFiltered)
            v = ScanVerdict::Filtered;
        report.ports.push_back({udp ? Protocol::Udp : Protocol::Tcp, static_cast<std::uint16_t>(udp ? i - 65535 + 1 : i + 1), v,
                                QStringLiteral("RST"), 1});
    }
    return report;
}

} // namespace portlab::testing
