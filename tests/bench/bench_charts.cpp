// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: a chart of 100,000 points follows the player smoothly. The "ports chosen" chart of
// PortCharts (a QML ChartView, 560×480 offscreen as in the side panel) with N points in three
// series, as Linux chooses them: connect() to two destinations, each an even sequence from a
// start of its own that moves 2 to 16 ports a time, and bind(0) on odd ports at random. The
// points are made here from those rules, not by running a million-step scenario: the stage
// records 5,000 steps at most, so the model never gives a chart this many; the benchmark is of
// the drawing.
//
//   Fill/N     PortCharts::showChosenPorts() with every series one point longer than the last
//              time (as when the player steps), and the events it posted delivered: the
//              series replaced, the axes set, the key rebuilt
//   Render/N   the same, then the window drawn (ChartView paints its scene, Qt Quick's
//              software renderer draws the frame) and read back
//
// --smoke: 1,000 and 10,000 points, a few iterations, for CTest.
#include "bench_support.h"

#include "port_charts.h"

#include <QApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include <array>
#include <cstdio>
#include <memory>
#include <random>

namespace {

using namespace portlab;
using namespace portlab::bench;

struct Scene {
    QQmlEngine engine;
    std::unique_ptr<QQuickWindow> window;
    QQuickItem *chartView = nullptr;   // owned by the window's content item
    PortCharts charts;
};
Scene *g_scene = nullptr;   // made in main() once QApplication exists

// `points` choices, in order: connects alternating between two destinations, a bind(0) after
// every tenth.
std::vector<ChosenPortSeries> linuxLikeChoices(int points)
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

// Every series but its last `shorter` points (0: whole).
std::vector<ChosenPortSeries> shortened(const std::vector<ChosenPortSeries> &whole, std::size_t shorter)
{
    std::vector<ChosenPortSeries> result = whole;
    for (ChosenPortSeries &s : result)
        s.points.resize(s.points.size() > shorter ? s.points.size() - shorter : 0);
    return result;
}

void drawChosenPorts(benchmark::State &state, bool render)
{
    const auto whole = linuxLikeChoices(static_cast<int>(state.range(0)));
    // The player's steps, forwards: each update shows one more point per series than the last.
    constexpr std::size_t steps = 16;
    std::vector<std::vector<ChosenPortSeries>> shown;
    for (std::size_t i = 0; i < steps; ++i)
        shown.push_back(shortened(whole, steps - 1 - i));
    std::size_t step = 0;
    for (auto _ : state) {
        g_scene->charts.showChosenPorts(shown[step], whole);
        QCoreApplication::processEvents();
        if (render) {
            const QImage frame = g_scene->window->grabWindow();
            benchmark::DoNotOptimize(frame.constBits());
        }
        step = (step + 1) % steps;
    }
    state.counters["points"] = static_cast<double>(g_scene->charts.pointCount());
    state.SetLabel(render ? "fill + render (software)" : "fill");
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const Options options = parseOptions(argc, argv);
    // ChartView draws with QtWidgets' graphics scene: it needs a QApplication.
    QApplication app(argc, argv);
    auto scene = std::make_unique<Scene>();
    g_scene = scene.get();
    scene->engine.addImportPath(QStringLiteral("qrc:/"));
    QQmlComponent component(&scene->engine);
    component.setData("import QtQuick\nimport QtCharts\n"
                      "ChartView { width: 560; height: 480; antialiasing: true; legend.visible: false;"
                      " animationOptions: ChartView.NoAnimation }",
                      QUrl(QStringLiteral("bench_charts.qml")));
    std::unique_ptr<QObject> root(component.create());
    scene->chartView = qobject_cast<QQuickItem *>(root.get());
    if (!scene->chartView) {
        std::fprintf(stderr, "bench_charts: %s\n", qPrintable(component.errorString()));
        return 1;
    }
    scene->window = std::make_unique<QQuickWindow>();
    scene->window->resize(560, 480);
    scene->chartView->setParentItem(scene->window->contentItem());
    scene->chartView->setParent(scene->window->contentItem());
    root.release();   // the window's content item owns it now
    scene->window->show();
    scene->charts.setColors({QColor(0x0072b2), QColor(0xd55e00), QColor(0x009e73)});
    scene->charts.setChartView(scene->chartView);

    const std::vector<std::int64_t> sizes = options.smoke ? std::vector<std::int64_t>{1000, 10000}
                                                          : std::vector<std::int64_t>{10000, 100000};
    for (const std::int64_t size : sizes) {
        auto *fill = benchmark::RegisterBenchmark("Fill", [](benchmark::State &state) { drawChosenPorts(state, false); });
        auto *render = benchmark::RegisterBenchmark("Render", [](benchmark::State &state) { drawChosenPorts(state, true); });
        for (auto *b : {fill, render}) {
            b->Arg(size)->Unit(benchmark::kMillisecond);
            if (options.smoke)
                b->Iterations(3);
        }
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    scene.reset();
    return 0;
}
