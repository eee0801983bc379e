// SPDX-License-Identifier: GPL-3.0-or-later
#include "app_window.h"

#include "lab_session.h"
#include "lesson_session.h"

#include <QApplication>
#include <QQmlApplicationEngine>
#include <QUrl>

#include <cstdio>

namespace portlab {

bool loadAppWindow(QQmlApplicationEngine &engine, LabSession &session, LessonSession *lessons)
{
    const QUrl mainUrl(QStringLiteral("qrc:/PortLab/Main.qml"));
    engine.addImportPath(QStringLiteral("qrc:/"));   // where `import PortLab` is found
    QVariantMap properties{{QStringLiteral("session"), QVariant::fromValue(&session)}};
    if (lessons)
        properties.insert(QStringLiteral("lessons"), QVariant::fromValue(lessons));
    engine.setInitialProperties(properties);
    engine.load(mainUrl);
    if (engine.rootObjects().isEmpty()) {
        std::fprintf(stderr, "portlab: could not open the window: %s did not load (the QML errors are above)\n",
                     qPrintable(mainUrl.toString()));
        return false;
    }
    return true;
}

int runAppWindow(int &argc, char **argv, const QString &path)
{
    // QApplication rather than QGuiApplication: Qt Charts draws with QtWidgets' graphics view.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PortLab"));

    LabSession session;
    session.showExample();
    LessonSession lessons;
    lessons.setLab(&session);
    // A file that cannot be read says so in the window, over the example.
    if (path.endsWith(QStringLiteral(".portlab")))
        session.openScenario(QUrl::fromLocalFile(path));
    else if (path.endsWith(QStringLiteral(".md")))
        lessons.openLessonFile(QUrl::fromLocalFile(path));
    else if (!path.isEmpty())
        session.openCapture(QUrl::fromLocalFile(path));

    QQmlApplicationEngine engine;
    if (!loadAppWindow(engine, session, &lessons))
        return 1;
    return QApplication::exec();
}

} // namespace portlab
