// SPDX-License-Identifier: GPL-3.0-or-later
// Goal: the stage keeps its frame rate with hundreds of envelopes in flight, and the window
// opens in a blink. Frame times of NetworkView (6 hosts, N envelopes all moving) beside a bare
// Qt Quick scene that moves N plain rectangles the same way, in the same run; and the time
// from launch to the real window's first frame.
//
//   Startup                 5 fresh processes (this program re-run with --startup-child), each
//                           timed from just before it is launched to its window's first
//                           frameSwapped; the manual time is that, and the counters give the
//                           median of each: launch_ms (what a user waits), main_ms (from
//                           main(), i.e. without loading the executable), engine_ms (from just
//                           before the QML engine exists: after QApplication and the example
//                           session were made, as runAppWindow does)
//   Stage/N                 NetworkView, 1280×720, hosts from a StagePlayer at the last step
//                           of a 6-host scenario, N envelopes between varied host pairs
//   Bare/N                  N Rectangles of the envelopes' size, each going back and forth
//                           between the two places its stage envelope went, over the same
//                           step duration (NumberAnimation, looping)
//
// How a frame is timed. Both scenes are driven alike: a custom QAnimationDriver replaces the
// wall-clock one and moves animation time by exactly one 60 Hz frame (16.67 ms) when told,
// so each frame animates the same amount whatever this machine's speed. A looping animation
// keeps that driver running throughout: Qt otherwise stops the driver whenever only pauses
// run (a QML Timer is one; EnvelopeItem starts its movement from a Timer) and then counts
// wall-clock time, which made movements jump ahead by however long the frames had taken.
// One frame, timed with a steady clock, is:
//   - at each step boundary (every 54 frames, a step being 900 ms as Theme.stepDuration),
//     for the stage only: StageEnvelopeModel::update() with every row's place flipped, as
//     the player does when it steps; every EnvelopeItem then sets off for its new place
//   - posted events sent (animations and QML Timers fire through queued calls)
//   - the animation driver advanced one frame (animations, and the bindings they move)
//   - the window's update request delivered at once: polish, sync, render, flush and
//     frameSwapped all happen inside QQuickWindow's handling of that event.
// Delivering the update request ourselves keeps the platform's request-update timer (5 ms on
// the offscreen platform) out of the figure. The offscreen platform has no OpenGL, so Qt Quick
// draws with its software renderer, which repaints only what changed, every node under a
// changed area; the label of each benchmark names the graphics API actually used.
//
// Envelopes stay in flight: at each step every row flips between Stack (at its fromHost, on
// the Link floor) and Wire (NetworkView puts it half way along the link to toHost);
// alternate rows start in opposite places, so every envelope moves in every frame but a
// step's first two (EnvelopeItem waits a turn of the event loop before it moves). NetworkView
// fits its six buildings to the window, so envelopes are drawn at about 0.4 of their size.
// A warm-up of three steps comes first; at the end of the second and third the scene
// position and size of every EnvelopeItem is read, and those two places are what the bare
// scene's rectangles travel between (in a straight line, where the stage may take a path).
// Bare/N therefore needs Stage/N to run first (the default order).
//
// Counters (milliseconds): median_ms, p95_ms (nearest rank), max_ms over the measured frames
// (300; --smoke: 20, and N of 1 and 50 only); where the time went, as means per frame that
// add up to the mean frame time: step_ms (model update and posted events), animate_ms,
// polish_ms, sync_ms, render_ms (painting and flushing); Bare/N adds stage_over_bare_median
// and stage_over_bare_p95. A table of the frame times is printed at the end. The README's
// figures are from these.
#include "bench_support.h"

#include "app_window.h"
#include "lab_session.h"
#include "stage_player.h"

#include <QAnimationDriver>
#include <QApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQmlEngine>
#include <QQmlError>
#include <QQuickItem>
#include <QQuickView>
#include <QQuickWindow>
#include <QSGRendererInterface>
#include <QTimer>
#include <QVariantAnimation>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace portlab;
using namespace portlab::bench;
using Clock = std::chrono::steady_clock;

constexpr std::string_view startupChildArgument = "--startup-child";
constexpr QSize sceneSize(1280, 720);
constexpr int stepDurationMs = 900;                                    // Theme.stepDuration at 1×
constexpr double frameIntervalMs = 1000.0 / 60.0;
constexpr int framesPerStep = 54;                                      // 900 ms / 16.67 ms
constexpr int warmUpSteps = 3;

// Six hosts, three servers with listening sockets, one client already connected: what a
// lesson's stage holds at its busiest.
constexpr const char *sixHostScenario = R"(host laptop 10.0.0.10
host phone 10.0.0.11
host desktop 10.0.0.12
host web 10.0.0.80
host dns 10.0.0.53
host mail 10.0.0.25
process nginx on web user root
nginx: s = socket tcp
nginx: bind s 0.0.0.0:80
nginx: listen s
process named on dns user root
named: d = socket udp
named: bind d 0.0.0.0:53
process postfix on mail user root
postfix: m = socket tcp
postfix: bind m 0.0.0.0:25
postfix: listen m
process chrome on laptop user alice
chrome: c = socket tcp
chrome: connect c 10.0.0.80:80
nginx: a = accept s
)";
constexpr int hostCount = 6;

double milliseconds(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
long long nanosecondsSinceEpoch(Clock::time_point t)
{
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

// Animation time that moves only when told, one 60 Hz frame at a time.
class FrameStepDriver final : public QAnimationDriver
{
public:
    void advanceOneFrame()
    {
        ++m_frames;
        advance();
    }
    qint64 elapsed() const override { return std::llround(static_cast<double>(m_frames) * frameIntervalMs); }

protected:
    // QUnifiedTimer adds elapsed() to the time at which it started the driver.
    void start() override
    {
        m_frames = 0;
        QAnimationDriver::start();
    }

private:
    qint64 m_frames = 0;
};

// What the frame benchmarks share; made in main() once QApplication exists.
struct Harness {
    FrameStepDriver driver;
    // Runs for as long as the harness does. Qt stops the animation driver whenever nothing but
    // pauses runs (a QML Timer is a pause), and then steps time by the wall clock, which would
    // make EnvelopeItem's settle timer jump its movement ahead by however long a frame took.
    QVariantAnimation keepsDriverRunning;
    QQmlEngine engine;
    int measuredFrames = 300;
};
Harness *g_harness = nullptr;   // owned by main()

struct FrameStats {
    double median = 0, p95 = 0, max = 0;
};

FrameStats statsOf(std::vector<double> frameMs)
{
    FrameStats stats;
    if (frameMs.empty())
        return stats;
    std::sort(frameMs.begin(), frameMs.end());
    const std::size_t n = frameMs.size();
    stats.median = n % 2 ? frameMs[n / 2] : (frameMs[n / 2 - 1] + frameMs[n / 2]) / 2;
    const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(n)));
    stats.p95 = frameMs[std::max<std::size_t>(rank, 1) - 1];
    stats.max = frameMs.back();
    return stats;
}

// Where an envelope went in the stage: the bare scene's rectangle goes back and forth there.
struct EnvelopePath {
    QPointF from, to;
    QSizeF size;
};

std::map<int, FrameStats> g_stageResults, g_bareResults;   // by envelope count
std::map<int, std::vector<EnvelopePath>> g_stagePaths;

// ---------------------------------------------------------------------------------------
// The scenes

std::string qmlErrors(const QList<QQmlError> &errors)
{
    std::string text;
    for (const QQmlError &error : errors)
        text += error.toString().toStdString() + '\n';
    return text;
}

std::string graphicsApiName(QQuickWindow &window)
{
    switch (window.rendererInterface()->graphicsApi()) {
    case QSGRendererInterface::Software: return "software renderer";
    case QSGRendererInterface::OpenGL: return "OpenGL";
    case QSGRendererInterface::Vulkan: return "Vulkan";
    default: return "graphics API " + std::to_string(static_cast<int>(window.rendererInterface()->graphicsApi()));
    }
}

// The moments of one frame. The window's own signals, emitted while it handles the update
// request, mark the ends of polishing, synchronising and rendering.
struct FrameMoments {
    Clock::time_point start, stepped, animated, polished, synced, swapped, end;
    bool swappedOnce = false;
};

// Where a frame's time went, summed over the measured frames.
struct PhaseTotals {
    double step = 0, animate = 0, polish = 0, sync = 0, render = 0;

    void add(const FrameMoments &m)
    {
        step += milliseconds(m.stepped - m.start);
        animate += milliseconds(m.animated - m.stepped);
        polish += milliseconds(m.polished - m.animated);
        sync += milliseconds(m.synced - m.polished);
        render += milliseconds(m.end - m.synced);
    }
};

// A 1280×720 offscreen view whose frames the benchmark draws one at a time.
class TimedScene
{
public:
    // Loads `url` and shows it; check error() before anything else.
    TimedScene(const QUrl &url, const QVariantMap &properties)
        : m_view(std::make_unique<QQuickView>(&g_harness->engine, nullptr))
    {
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->resize(sceneSize);
        m_view->setInitialProperties(properties);
        m_view->setSource(url);
        if (m_view->status() != QQuickView::Ready) {
            m_error = url.toString().toStdString() + " did not load:\n" + qmlErrors(m_view->errors());
            return;
        }
        QQuickWindow *window = m_view.get();
        QObject::connect(window, &QQuickWindow::afterAnimating, window, [this] { m_moments.polished = Clock::now(); });
        QObject::connect(window, &QQuickWindow::afterSynchronizing, window, [this] { m_moments.synced = Clock::now(); });
        QObject::connect(window, &QQuickWindow::frameSwapped, window, [this] {
            m_moments.swapped = Clock::now();
            m_moments.swappedOnce = true;
        });
        m_view->show();
        const auto giveUp = Clock::now() + std::chrono::seconds(10);
        while (!m_moments.swappedOnce && Clock::now() < giveUp)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (!m_moments.swappedOnce)
            m_error = url.toString().toStdString() + ": the window never drew its first frame";
    }

    const std::string &error() const { return m_error; }
    QQuickView &view() { return *m_view; }

    // One frame as the top of this file defines it; `beforeAnimating` is the stage's model
    // update, when one is due.
    template<typename BeforeAnimating>
    const FrameMoments &drawFrame(BeforeAnimating &&beforeAnimating)
    {
        m_moments = {};
        m_moments.start = Clock::now();
        beforeAnimating();
        QCoreApplication::sendPostedEvents();
        m_moments.stepped = Clock::now();
        g_harness->driver.advanceOneFrame();
        m_moments.animated = Clock::now();
        m_view->update();
        QEvent updateRequest(QEvent::UpdateRequest);
        QCoreApplication::sendEvent(m_view.get(), &updateRequest);
        m_moments.end = Clock::now();
        return m_moments;
    }

private:
    std::unique_ptr<QQuickView> m_view;
    FrameMoments m_moments;
    std::string m_error;
};

// Draws the measured frames (one per benchmark iteration) and reports them; nullopt after
// failing the benchmark.
template<typename BeforeAnimating>
std::optional<FrameStats> measureFrames(benchmark::State &state, TimedScene &scene, BeforeAnimating &&beforeAnimating)
{
    std::vector<double> frameMs;
    frameMs.reserve(static_cast<std::size_t>(g_harness->measuredFrames));
    PhaseTotals phases;
    std::size_t framesNotDrawn = 0;
    for (auto _ : state) {
        const FrameMoments &frame = scene.drawFrame(beforeAnimating);
        framesNotDrawn += frame.swappedOnce ? 0 : 1;
        const Clock::duration took = frame.end - frame.start;
        frameMs.push_back(milliseconds(took));
        state.SetIterationTime(std::chrono::duration<double>(took).count());
        phases.add(frame);
    }
    if (framesNotDrawn > 0) {
        fail(state, std::to_string(framesNotDrawn) + " measured frames were not drawn");
        return std::nullopt;
    }
    const double frames = static_cast<double>(frameMs.size());
    const FrameStats stats = statsOf(std::move(frameMs));
    state.counters["median_ms"] = stats.median;
    state.counters["p95_ms"] = stats.p95;
    state.counters["max_ms"] = stats.max;
    // where the time goes, mean ms per frame: these add up to the mean frame time
    state.counters["step_ms"] = phases.step / frames;
    state.counters["animate_ms"] = phases.animate / frames;
    state.counters["polish_ms"] = phases.polish / frames;
    state.counters["sync_ms"] = phases.sync / frames;
    state.counters["render_ms"] = phases.render / frames;
    state.SetLabel(graphicsApiName(scene.view()));
    return stats;
}

// The ordered host pairs, interleaved so that neighbouring envelopes cross different parts
// of the stage.
std::vector<std::pair<int, int>> hostPairs()
{
    std::vector<std::pair<int, int>> pairs;
    for (int distance = 1; distance < hostCount; ++distance)
        for (int from = 0; from < hostCount; ++from)
            pairs.emplace_back(from, (from + distance) % hostCount);
    return pairs;
}

// Every envelope at step `step`: even rows at Stack on their sender's Link floor on even
// steps and on the Wire on odd ones, odd rows the other way round.
std::vector<StageEnvelopeModel::Row> envelopeRows(int count, int step)
{
    static const std::vector<std::pair<int, int>> pairs = hostPairs();
    std::vector<StageEnvelopeModel::Row> rows;
    rows.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const auto [from, to] = pairs[static_cast<std::size_t>(i) % pairs.size()];
        const bool udp = i % 3 == 2;
        StageEnvelopeModel::Row row;
        row.key = QStringLiteral("%1/%2").arg(i).arg(to);
        row.envelopeId = i;
        row.protocol = udp ? QStringLiteral("udp") : QStringLiteral("tcp");
        row.label = udp ? QStringLiteral("UDP") : i % 2 ? QStringLiteral("DATA") : QStringLiteral("SYN");
        row.fromHost = from;
        row.toHost = to;
        row.atHost = from;
        row.place = (step + i) % 2 ? StageEnvelopeModel::Wire : StageEnvelopeModel::Stack;
        row.layer = StageEnvelopeModel::Link;
        row.goingDown = true;
        row.sourcePort = 40000 + i;
        row.destinationPort = udp ? 53 : 80;
        row.summary = QStringLiteral("%1 %2 → %3").arg(row.label).arg(row.sourcePort).arg(row.destinationPort);
        rows.push_back(std::move(row));
    }
    return rows;
}

// The stage's EnvelopeItems (NetworkView's delegates for envelope rows), found by type.
void collectEnvelopeItems(QQuickItem *item, std::vector<QQuickItem *> &found)
{
    for (QQuickItem *child : item->childItems()) {
        if (std::string_view(child->metaObject()->className()).starts_with("EnvelopeItem"))
            found.push_back(child);
        else
            collectEnvelopeItems(child, found);
    }
}

void runStage(benchmark::State &state, int envelopeCount)
{
    StagePlayer player;
    if (!player.load(QString::fromUtf8(sixHostScenario), QStringLiteral("six_hosts.portlab"))) {
        fail(state, "the 6-host scenario did not load: " + player.errorText().toStdString());
        return;
    }
    player.toEnd();
    if (player.hosts()->count() != hostCount) {
        fail(state, "the scenario shows " + std::to_string(player.hosts()->count()) + " hosts, not 6");
        return;
    }
    StageEnvelopeModel envelopes;
    int step = 0;
    envelopes.update(envelopeRows(envelopeCount, step));

    TimedScene scene(QUrl(QStringLiteral("qrc:/bench_stage/StageScene.qml")),
                     {{QStringLiteral("hosts"), QVariant::fromValue<QObject *>(player.hosts())},
                      {QStringLiteral("envelopes"), QVariant::fromValue<QObject *>(&envelopes)},
                      {QStringLiteral("stepDuration"), stepDurationMs}});
    if (!scene.error().empty()) {
        fail(state, scene.error());
        return;
    }

    int frame = 0;
    const auto stepWhenDue = [&] {
        if (frame > 0 && frame % framesPerStep == 0)
            envelopes.update(envelopeRows(envelopeCount, ++step));
        ++frame;
    };

    // Warm-up: three steps, reading where every envelope is drawn at the end of the last two.
    std::map<QQuickItem *, EnvelopePath> paths;
    for (int w = 0; w < warmUpSteps * framesPerStep; ++w) {
        scene.drawFrame(stepWhenDue);
        QCoreApplication::processEvents();   // whatever the view deferred past the frame
        const int stepsDone = frame / framesPerStep;
        if (frame % framesPerStep != 0 || stepsDone < warmUpSteps - 1)
            continue;
        std::vector<QQuickItem *> items;
        collectEnvelopeItems(scene.view().rootObject(), items);
        for (QQuickItem *item : items) {
            // as drawn: NetworkView scales its stage to fit the window
            const QRectF drawn = item->mapRectToScene(QRectF(QPointF(0, 0), item->size()));
            EnvelopePath &path = paths[item];
            (stepsDone == warmUpSteps - 1 ? path.from : path.to) = drawn.topLeft();
            path.size = drawn.size();
        }
    }
    if (static_cast<int>(paths.size()) != envelopeCount) {
        fail(state, "NetworkView shows " + std::to_string(paths.size()) + " EnvelopeItems for "
                        + std::to_string(envelopeCount) + " envelope rows");
        return;
    }
    std::vector<EnvelopePath> &recorded = g_stagePaths[envelopeCount];
    recorded.clear();
    for (const auto &entry : paths)
        recorded.push_back(entry.second);
    const auto standingStill = std::count_if(recorded.begin(), recorded.end(),
                                             [](const EnvelopePath &path) { return path.from == path.to; });
    if (standingStill > 0) {
        fail(state, std::to_string(standingStill) + " envelopes did not move from one step to the next");
        return;
    }

    if (const auto stats = measureFrames(state, scene, stepWhenDue))
        g_stageResults[envelopeCount] = *stats;
}

void runBare(benchmark::State &state, int envelopeCount)
{
    const auto recorded = g_stagePaths.find(envelopeCount);
    if (recorded == g_stagePaths.end()) {
        fail(state, "Bare/" + std::to_string(envelopeCount) + " moves rectangles where Stage/"
                        + std::to_string(envelopeCount) + "'s envelopes went: run that first");
        return;
    }
    QVariantList paths;
    for (const EnvelopePath &path : recorded->second) {
        paths.append(QVariantMap{{QStringLiteral("fromX"), path.from.x()}, {QStringLiteral("fromY"), path.from.y()},
                                 {QStringLiteral("toX"), path.to.x()}, {QStringLiteral("toY"), path.to.y()},
                                 {QStringLiteral("width"), path.size.width()},
                                 {QStringLiteral("height"), path.size.height()}});
    }
    TimedScene scene(QUrl(QStringLiteral("qrc:/bench_stage/BareScene.qml")),
                     {{QStringLiteral("paths"), paths}, {QStringLiteral("stepDuration"), stepDurationMs}});
    if (!scene.error().empty()) {
        fail(state, scene.error());
        return;
    }
    const auto nothingBeforeAnimating = [] {};
    for (int w = 0; w < warmUpSteps * framesPerStep; ++w) {
        scene.drawFrame(nothingBeforeAnimating);
        QCoreApplication::processEvents();
    }

    const auto stats = measureFrames(state, scene, nothingBeforeAnimating);
    if (!stats)
        return;
    g_bareResults[envelopeCount] = *stats;
    if (const auto stage = g_stageResults.find(envelopeCount); stage != g_stageResults.end()) {
        state.counters["stage_over_bare_median"] = stage->second.median / stats->median;
        state.counters["stage_over_bare_p95"] = stage->second.p95 / stats->p95;
    }
}

void printFrameTable()
{
    if (g_stageResults.empty())
        return;
    std::printf("\nFrame times (ms), stage and bare scene, %d measured frames each\n", g_harness->measuredFrames);
    std::printf("%10s %12s %12s %12s %12s %10s %10s\n", "envelopes", "stage med", "stage p95", "bare med",
                "bare p95", "ratio med", "ratio p95");
    for (const auto &[count, stage] : g_stageResults) {
        const auto bare = g_bareResults.find(count);
        if (bare == g_bareResults.end()) {
            std::printf("%10d %12.2f %12.2f %12s %12s\n", count, stage.median, stage.p95, "-", "-");
            continue;
        }
        std::printf("%10d %12.2f %12.2f %12.2f %12.2f %10.2f %10.2f\n", count, stage.median, stage.p95,
                    bare->second.median, bare->second.p95, stage.median / bare->second.median,
                    stage.p95 / bare->second.p95);
    }
}

// ---------------------------------------------------------------------------------------
// Startup

// The child: the window as runAppWindow opens it, timed up to its first frame. Prints
// "first-frame <main> <before engine> <first frame>", steady-clock nanoseconds (the same
// clock in every process).
int runStartupChild(Clock::time_point mainEntered, int &argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PortLab"));
    LabSession session;
    session.showExample();

    const auto beforeEngine = Clock::now();
    QQmlApplicationEngine engine;
    if (!loadAppWindow(engine, session))
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().value(0));
    if (!window) {
        std::fprintf(stderr, "portlab bench: Main.qml's root is no window\n");
        return 1;
    }
    Clock::time_point firstFrame;
    QObject::connect(
        window, &QQuickWindow::frameSwapped, &app,
        [&firstFrame] {
            firstFrame = Clock::now();
            QCoreApplication::exit(0);
        },
        Qt::SingleShotConnection);
    QTimer::singleShot(std::chrono::seconds(60), &app, [] {
        std::fprintf(stderr, "portlab bench: the window drew no frame in 60 s\n");
        QCoreApplication::exit(1);
    });
    const int result = QApplication::exec();
    if (result != 0)
        return result;
    std::printf("first-frame %lld %lld %lld\n", nanosecondsSinceEpoch(mainEntered),
                nanosecondsSinceEpoch(beforeEngine), nanosecondsSinceEpoch(firstFrame));
    return 0;
}

void runStartup(benchmark::State &state)
{
    std::vector<double> launchMs, mainMs, engineMs;
    for (auto _ : state) {
        QProcess child;
        child.setProgram(QCoreApplication::applicationFilePath());
        child.setArguments({QString::fromUtf8(startupChildArgument.data(), static_cast<qsizetype>(startupChildArgument.size()))});
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        const auto launched = Clock::now();
        child.start();
        if (!child.waitForFinished(90'000) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
            fail(state, "the startup child failed (exit code " + std::to_string(child.exitCode()) + ")");
            return;
        }
        long long mainNs = 0, engineNs = 0, frameNs = 0;
        const QByteArray output = child.readAllStandardOutput();
        if (std::sscanf(output.constData(), "first-frame %lld %lld %lld", &mainNs, &engineNs, &frameNs) != 3) {
            fail(state, "the startup child printed no times: " + output.toStdString());
            return;
        }
        const double launch = static_cast<double>(frameNs - nanosecondsSinceEpoch(launched)) / 1e6;
        launchMs.push_back(launch);
        mainMs.push_back(static_cast<double>(frameNs - mainNs) / 1e6);
        engineMs.push_back(static_cast<double>(frameNs - engineNs) / 1e6);
        state.SetIterationTime(launch / 1e3);
    }
    state.counters["launch_ms"] = statsOf(launchMs).median;
    state.counters["main_ms"] = statsOf(mainMs).median;
    state.counters["engine_ms"] = statsOf(engineMs).median;
}

} // namespace

int main(int argc, char **argv)
{
    const auto mainEntered = Clock::now();
    // The benchmark is defined offscreen (and runs without a display); the startup child
    // inherits this.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (argc > 1 && std::string_view(argv[1]) == startupChildArgument)
        return runStartupChild(mainEntered, argc, argv);

    const Options options = parseOptions(argc, argv);
    // QApplication, not QGuiApplication: the PortLab module's charts need QtWidgets.
    QApplication app(argc, argv);
    auto harness = std::make_unique<Harness>();
    harness->engine.addImportPath(QStringLiteral("qrc:/"));   // where `import PortLab` is found
    harness->driver.install();
    harness->keepsDriverRunning.setStartValue(0.0);
    harness->keepsDriverRunning.setEndValue(1.0);
    harness->keepsDriverRunning.setDuration(1000);
    harness->keepsDriverRunning.setLoopCount(-1);
    harness->keepsDriverRunning.start();
    harness->measuredFrames = options.smoke ? 20 : 300;
    g_harness = harness.get();

    benchmark::RegisterBenchmark("Startup", runStartup)
        ->Iterations(options.smoke ? 1 : 5)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    const std::vector<int> envelopeCounts = options.smoke ? std::vector<int>{1, 50} : std::vector<int>{1, 50, 200, 1000};
    for (const int count : envelopeCounts) {
        const std::string suffix = "/" + std::to_string(count);
        benchmark::RegisterBenchmark(("Stage" + suffix).c_str(), [count](benchmark::State &state) { runStage(state, count); })
            ->Iterations(harness->measuredFrames)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("Bare" + suffix).c_str(), [count](benchmark::State &state) { runBare(state, count); })
            ->Iterations(harness->measuredFrames)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
    }

    const int result = runBenchmarks(argc, argv);
    printFrameTable();
    g_harness = nullptr;
    return result;
}
