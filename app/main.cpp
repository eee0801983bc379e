// SPDX-License-Identifier: GPL-3.0-or-later
// portlab                      opens the window
// portlab run FILE             runs a scenario headless and prints its transcript (or --json);
//                              --backend kernel runs it on this computer's kernel, --compare on both
// portlab open FILE            opens the window on a scenario (FILE.portlab) to play it, a lesson
//                              (FILE.md) to take it, or a pcap/pcapng capture, replayed
// portlab open CAPTURE --text  prints the replay instead
// portlab check PATH…          checks lessons (files or folders): form, statements, goals, links
#include "app_window.h"
#include "lesson/lesson_check.h"
#include "script/runner.h"
#ifdef PORTLAB_HAVE_KERNEL_BACKEND
#include "compare.h"
#include "kernel_runner.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstring>

namespace {

int runHeadless(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("portlab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PORTLAB_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run a PortLab scenario without a display."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The command: run."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The scenario file (.portlab) to run."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object per statement."));
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("List every event (envelopes, states, ports) under its statement."));
    const QCommandLineOption layers(QStringLiteral("layers"), QStringLiteral("With --events or --json: also each layer wrapping and unwrapping an envelope, with its bytes."));
    const QCommandLineOption capture(QStringLiteral("pcap"), QStringLiteral("Write every frame that crossed a link to a pcap file."), QStringLiteral("file"));
    const QCommandLineOption backend(QStringLiteral("backend"),
                                     QStringLiteral("Where to run it: model (the simulation, the default) or kernel (this computer's Linux kernel; needs root)."),
                                     QStringLiteral("model|kernel"), QStringLiteral("model"));
    const QCommandLineOption compare(QStringLiteral("compare"), QStringLiteral("Run on the model and on the kernel, and print them side by side; exit 1 where they differ."));
    parser.addOption(json);
    parser.addOption(events);
    parser.addOption(layers);
    parser.addOption(capture);
    parser.addOption(backend);
    parser.addOption(compare);
    parser.process(app);
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList arguments = parser.positionalArguments();
    if (arguments.size() != 2) {
        err << "usage: portlab run FILE.portlab [--json] [--events] [--layers] [--pcap FILE.pcap] [--backend model|kernel] [--compare]\n";
        return portlab::ScenarioInvalid;
    }
    portlab::RunOptions options;
    options.json = parser.isSet(json);
    options.events = parser.isSet(events);
    options.layers = parser.isSet(layers);
    options.capturePath = parser.value(capture);
    const QString where = parser.value(backend);
    if (where != u"model" && where != u"kernel") {
        err << QStringLiteral("portlab: unknown backend '%1' (model or kernel)\n").arg(where);
        return portlab::ScenarioInvalid;
    }
#ifdef PORTLAB_HAVE_KERNEL_BACKEND
    if (parser.isSet(compare))
        return portlab::kernel::runComparisonFile(arguments[1], options, out, err);
    if (where == u"kernel")
        return portlab::kernel::runKernelScenarioFile(arguments[1], options, out, err);
#else
    if (parser.isSet(compare) || where == u"kernel") {
        err << "portlab: the kernel backend runs on Linux only\n";
        return portlab::ScenarioInvalid;
    }
#endif
    return portlab::runScenarioFile(arguments[1], options, out, err);
}

int openCapture(int argc, char **argv)
{
    QString path;
    bool text = false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--text") == 0)
            text = true;
        else if (path.isEmpty())
            path = QString::fromLocal8Bit(argv[i]);
    }
    if (path.isEmpty()) {
        std::fprintf(stderr, "usage: portlab open SCENARIO.portlab|LESSON.md|CAPTURE.pcap|CAPTURE.pcapng [--text]\n");
        return portlab::ScenarioInvalid;
    }
    if (!text)
        return portlab::runAppWindow(argc, argv, path);
    if (path.endsWith(QStringLiteral(".portlab")) || path.endsWith(QStringLiteral(".md"))) {
        std::fprintf(stderr, "portlab: --text is for captures; to print a scenario's run, use: portlab run %s; to check a lesson: portlab check %s\n",
                     qPrintable(path), qPrintable(path));
        return portlab::ScenarioInvalid;
    }
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    return portlab::printCaptureReplay(path, out, err);
}

int checkLessons(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList paths;
    for (int i = 2; i < argc; ++i)
        paths.append(QString::fromLocal8Bit(argv[i]));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return portlab::runLessonCheck(paths, out, err);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "run") == 0)
        return runHeadless(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "open") == 0)
        return openCapture(argc, argv);
    if (argc >= 2 && std::strcmp(argv[1], "check") == 0)
        return checkLessons(argc, argv);
    if (argc >= 2 && argv[1][0] != '-') {
        std::fprintf(stderr, "portlab: unknown command '%s'\nusage: portlab [run FILE.portlab [--json] [--events] [--layers] [--pcap FILE] [--backend model|kernel] [--compare]]\n"
                             "       portlab open SCENARIO.portlab|CAPTURE.pcap [--text]\n"
                             "       portlab check LESSON.md|FOLDER…\n", argv[1]);
        return 2;
    }
    return portlab::runAppWindow(argc, argv);
}
