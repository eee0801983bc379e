// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: a chart of 100,000 points follows the player smoothly. Each chart of PortCharts (a QML
// ChartView, 560×480 offscreen as in the side panel) with N points made up here in bulk
// (tests/chart_scene.h), not by running a scenario: the stage records 5,000 steps at most, so
// the model never gives a chart this many; the benchmark is of the drawing.
//
//   ChosenPorts/Fill/N    PortCharts::showChosenPorts() with N Linux-like choices in three
//                         series, every series one point longer than the last time (as when the
//                         player steps), and the events it posted delivered: the series
//                         replaced, the axes set, the key rebuilt
//   ChosenPorts/Render/N  the same, then the window drawn (ChartView paints its scene, Qt
//                         Quick's software renderer draws the frame) and read back
//   States/Render/N       the TCP states over time, four dashed or solid lines of N points in
//                         all, one step longer each time
//   PortSpace/Render/N    a host holding N ports (TCP and UDP), one fewer each time
//   Scan/Render/N         a scan of N ports, one more verdict each time
//
// Each /Render/ also runs as /RenderAll/: every point handed to the series, as before the
// series were given only the points that make their picture (chart_decimation.h).
//
// --smoke: 1,000 and 10,000 points, a few iterations, for CTest.
#include "bench_support.h"

#include "../chart_scene.h"

#include <QApplication>

#include <cstdio>
#include <functional>
#include <memory>

namespace {

using namespace portlab;
using namespace portlab::bench;
using namespace portlab::testing;

ChartScene *g_scene = nullptr;   // made in main() once QApplication exists

constexpr std::size_t steps = 16;   // updates prepared per benchmark, shown in turn

// Every series but its last `shorter` points (0: whole).
std::vector<ChosenPortSeries> shortened(const std::vector<ChosenPortSeries> &whole, std::size_t shorter)
{
    std::vector<ChosenPortSeries> result = whole;
    for (ChosenPortSeries &s : result)
        s.points.resize(s.points.size() > shorter ? s.points.size() - shorter : 0);
    return result;
}

// The `steps` updates of one chart with `points` points: show(i) shows the i-th.
using Updates = std::function<void(std::size_t)>;

Updates chosenPorts(int points)
{
    auto whole = std::make_shared<std::vector<ChosenPortSeries>>(linuxLikeChoices(points));
    auto shown = std::make_shared<std::vector<std::vector<ChosenPortSeries>>>();
    for (std::size_t i = 0; i < steps; ++i)
        shown->push_back(shortened(*whole, steps - 1 - i));
    return [whole, shown](std::size_t i) { g_scene->charts.showChosenPorts((*shown)[i], *whole); };
}

Updates states(int points)
{
    auto timeline = std::make_shared<StateTimeline>(busyStates(points));
    const int stepCount = static_cast<int>(timeline->counts.front().size());
    return [timeline, stepCount](std::size_t i) {
        g_scene->charts.showStates(*timeline, stepCount - static_cast<int>(steps - 1 - i), stepCount);
    };
}

Updates portSpace(int points)
{
    auto shown = std::make_shared<std::vector<PortSpace>>();
    const PortSpace whole = crowdedPortSpace(points);
    for (std::size_t i = 0; i < steps; ++i) {
        PortSpace space = whole;
        space.marks.erase(space.marks.begin() + static_cast<std::ptrdiff_t>(i * (space.marks.size() / steps)));
        shown->push_back(std::move(space));
    }
    return [shown](std::size_t i) { g_scene->charts.showPortSpace((*shown)[i]); };
}

Updates scan(int points)
{
    auto whole = std::make_shared<ScanReport>(wideScan(points));
    auto shown = std::make_shared<std::vector<ScanReport>>();
    for (std::size_t i = 0; i < steps; ++i) {
        ScanReport report = *whole;
        report.ports.resize(report.ports.size() > steps - 1 - i ? report.ports.size() - (steps - 1 - i) : 0);
        shown->push_back(std::move(report));
    }
    return [whole, shown](std::size_t i) { g_scene->charts.showScan((*shown)[i], *whole); };
}

enum class Measure { Fill, Render, RenderAll };

void run(benchmark::State &state, Updates (*make)(int), Measure measure)
{
    const Updates show = make(static_cast<int>(state.range(0)));
    g_scene->charts.setDecimated(measure != Measure::RenderAll);
    // a first update lays the chart out (axes, labels, plot area) before the timing starts
    show(0);
    g_scene->draw();
    std::size_t step = 1;
    for (auto _ : state) {
        show(step);
        QCoreApplication::processEvents();
        if (measure != Measure::Fill) {
            const QImage frame = g_scene->window->grabWindow();
            benchmark::DoNotOptimize(frame.constBits());
        }
        step = (step + 1) % steps;
    }
    state.counters["points"] = static_cast<double>(g_scene->charts.pointCount());
    state.counters["drawn"] = static_cast<double>(g_scene->charts.drawnCount());
    state.SetLabel(measure == Measure::Fill ? "fill" : measure == Measure::Render ? "fill + render (software)"
                                                                                  : "fill + render, every point");
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const Options options = parseOptions(argc, argv);
    // ChartView draws with QtWidgets' graphics scene: it needs a QApplication.
    QApplication app(argc, argv);
    auto scene = std::make_unique<ChartScene>(QSize(560, 480));
    if (!scene->chartView) {
        std::fprintf(stderr, "bench_charts: %s\n", qPrintable(scene->error));
        return 1;
    }
    g_scene = scene.get();

    const std::vector<std::int64_t> sizes = options.smoke ? std::vector<std::int64_t>{1000, 10000}
                                                          : std::vector<std::int64_t>{1000, 10000, 100000};
    struct Chart {
        const char *name;
        Updates (*make)(int);
        bool fill;   // also measured without drawing
    };
    static constexpr std::array<Chart, 4> charts{
        {{"ChosenPorts", chosenPorts, true}, {"States", states, false}, {"PortSpace", portSpace, false}, {"Scan", scan, false}}};
    for (const Chart &chart : charts) {
        for (const Measure measure : {Measure::Fill, Measure::Render, Measure::RenderAll}) {
            if (measure == Measure::Fill && !chart.fill)
                continue;
            const std::string name = std::string(chart.name) + (measure == Measure::Fill ? "/Fill" : measure == Measure::Render ? "/Render" : "/RenderAll");
            auto *b = benchmark::RegisterBenchmark(name.c_str(), [chart, measure](benchmark::State &state) { run(state, chart.make, measure); });
            for (const std::int64_t size : sizes)
                b->Arg(size);
            b->Unit(benchmark::kMillisecond);
            if (options.smoke)
                b->Iterations(3);
        }
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_scene = nullptr;
    scene.reset();
    return 0;
}
