// SPDX-License-Identifier: GPL-3.0-or-later
// The window at the moments the stage exists to show, playing examples/design.portlab (and two
// of its charts), a lesson (lessons/README.md's example) in the player and in presenter mode,
// and the console with a bind conflict, compared with reviewed reference images
// (tests/qml/reference/*.png) within a tolerance for anti-aliasing. A missing or differing
// image fails the test and leaves the actual one beside the build, to be looked at and, once
// reviewed, copied over the reference (or all of them rewritten with PORTLAB_UPDATE_REFERENCES=1).
#include "app_window.h"
#include "console_session.h"
#include "lab_session.h"
#include "lesson_session.h"
#include "port_charts.h"

#include "../lesson_example.h"
#include "image_difference.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace portlab;

namespace {

// A pixel differs when one of its channels differs by more than this; an image differs when
// more than maxDifferingShare of its pixels do. The same build draws the same pixels run after
// run but for an envelope's mark, which has been seen to differ by about a hundred pixels; the
// allowance is above that and below the smallest thing a view shows: a door's state label
// changing (CLOSE to UNCONN at 70 %) is about 450 pixels, a missing tag about a thousand, a
// moved envelope many more.
constexpr int channelTolerance = 48;
constexpr double maxDifferingShare = 0.0003;   // 276 pixels of a 1280×720 window

} // namespace

class TestScreenshots : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dataHome;
    LabSession m_session;
    QTemporaryDir m_lessonDir;   // the example lesson, and progress that starts empty
    LessonSession m_lessons;
    QQmlApplicationEngine m_engine;
    QQuickWindow *m_window = nullptr;   // owned by the engine

    // The item called `name` in the item tree under `item`. (findChild would miss items a
    // Repeater made: they are no QObject children of the item they stand in.)
    static QQuickItem *itemNamed(QQuickItem *item, QStringView name)
    {
        if (item->objectName() == name)
            return item;
        for (QQuickItem *child : item->childItems()) {
            if (QQuickItem *found = itemNamed(child, name))
                return found;
        }
        return nullptr;
    }

    int stepWith(std::initializer_list<QStringView> parts)
    {
        StagePlayer *player = m_session.player();
        for (int i = 0; i < player->stepCount(); ++i) {
            const QString summary = player->steps()->index(i).data(StepListModel::SummaryRole).toString();
            if (std::all_of(parts.begin(), parts.end(), [&summary](QStringView part) { return summary.contains(part); }))
                return i;
        }
        return -1;
    }

    void setLook(int look)
    {
        QVERIFY(QMetaObject::invokeMethod(m_window, "setLook", Q_ARG(int, look)));
    }

    // Shows `step`, lets every animation finish, and compares the window with reference `name`.
    void checkMoment(const QString &name, int step)
    {
        QVERIFY2(step >= 0, qPrintable(name + QStringLiteral(": no such step in the scenario")));
        StagePlayer *player = m_session.player();
        player->jumpTo(step - 1);
        QTest::qWait(50);
        player->jumpTo(step);
        compareWindow(name);
    }

    // The stage as the lesson's step ends, and the window compared with reference `name`.
    void checkLessonMoment(const QString &name)
    {
        StagePlayer *player = m_session.player();
        player->setPlaying(false);
        player->toEnd();
        compareWindow(name);
    }

    void compareWindow(const QString &name)
    {
        // Two steps' time: the envelopes and panels reach their places.
        QTest::qWait(2 * m_session.player()->baseStepDuration() + 200);
        const QImage actual = m_window->grabWindow();
        QVERIFY(!actual.isNull());

        const QString referencePath = QStringLiteral(PORTLAB_REFERENCE_DIR "/%1.png").arg(name);
        const QString actualPath = QDir::current().absoluteFilePath(QStringLiteral("screenshot-%1.png").arg(name));
        actual.save(actualPath);
        if (qEnvironmentVariableIsSet("PORTLAB_UPDATE_REFERENCES")) {
            QVERIFY(actual.save(referencePath));
            qInfo("wrote %s: look at it before committing it", qPrintable(referencePath));
            return;
        }
        const QImage reference(referencePath);
        QVERIFY2(!reference.isNull(), qPrintable(QStringLiteral("no reference image %1; the window looks like %2").arg(referencePath, actualPath)));
        const testing::ImageDifference d = testing::compareImages(actual, reference, channelTolerance);
        QVERIFY2(d.share() <= maxDifferingShare,
                 qPrintable(QStringLiteral("%1: %2 of %3 pixels differ from %4 (%5%, at most %6% allowed); the window looks like %7")
                                .arg(name).arg(d.differing).arg(d.total).arg(referencePath)
                                .arg(100 * d.share(), 0, 'f', 2).arg(100 * maxDifferingShare, 0, 'f', 2).arg(actualPath)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The console's history goes to a folder of the test's own, not the user's.
        QVERIFY(m_dataHome.isValid());
        qputenv("XDG_DATA_HOME", m_dataHome.path().toLocal8Bit());
        // The scenario of the design: two servers want port 80, a browser connects and asks.
        QVERIFY(m_session.openScenario(QUrl::fromLocalFile(QStringLiteral(PORTLAB_DESIGN_SCENARIO))));
        QVERIFY(m_lessonDir.isValid());
        QFile lesson(m_lessonDir.filePath(QStringLiteral("example.md")));
        QVERIFY(lesson.open(QIODevice::WriteOnly));
        lesson.write(readmeLessonExample().toUtf8());
        lesson.close();
        m_lessons.setLab(&m_session);
        m_lessons.setProgressFolder(m_lessonDir.filePath(QStringLiteral("progress")));
        m_lessons.setLessonsFolder(m_lessonDir.path());
        QVERIFY(loadAppWindow(m_engine, m_session, &m_lessons));
        m_window = qobject_cast<QQuickWindow *>(m_engine.rootObjects().value(0));
        QVERIFY(m_window);
        m_window->resize(1280, 720);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
    }

    void bindFailure() { checkMoment(QStringLiteral("1-bind-failure"), stepWith({u"apache: bind", u"EADDRINUSE"})); }
    void ephemeralPortChosen() { checkMoment(QStringLiteral("2-ephemeral-port"), stepWith({u"the kernel chose tcp port"})); }
    void dataWrapped() { checkMoment(QStringLiteral("3-data-wrapped"), stepWith({u"laptop link layer writes", u"PSH"})); }
    void dataOnTheWire() { checkMoment(QStringLiteral("4-data-on-the-wire"), stepWith({u"laptop sends", u"PSH"})); }
    void dataUnwrapped() { checkMoment(QStringLiteral("5-data-unwrapped"), stepWith({u"server transport layer reads", u"PSH"})); }
    void mailRoomChoosesAcceptedSocket() { checkMoment(QStringLiteral("6-mail-room"), stepWith({u"server delivers", u"PSH", u"nginx.a"})); }

    void projectorLook()
    {
        setLook(2);
        checkMoment(QStringLiteral("7-projector-mail-room"), stepWith({u"server delivers", u"PSH", u"nginx.a"}));
        setLook(0);
    }

    // The Charts tab (Alt+5) at the scenario's end: the server's ports on the port space, and
    // the TCP sockets by state over the steps.
    void charts()
    {
        StagePlayer *player = m_session.player();
        player->setSelectedHost(1);   // the server
        QTest::keyClick(m_window, Qt::Key_5, Qt::AltModifier);
        QQuickItem *chart = itemNamed(m_window->contentItem(), u"chartPanel");
        QVERIFY(chart);
        QVERIFY(chart->property("visible").toBool());
        checkMoment(QStringLiteral("11-charts-port-space"), player->stepCount() - 1);
        QVERIFY(chart->setProperty("mode", PortCharts::States));
        compareWindow(QStringLiteral("12-charts-states"));
        QVERIFY(chart->setProperty("mode", PortCharts::PortSpace));
        player->setSelectedHost(-1);
        QTest::keyClick(m_window, Qt::Key_1, Qt::AltModifier);
    }

    // A prediction chosen but not locked in: the stage still shows the world before the step.
    void lessonPrediction()
    {
        QVERIFY(m_lessons.openLesson(QStringLiteral("example-binding-twice")));
        m_lessons.next();
        m_lessons.choose(1);
        checkLessonMoment(QStringLiteral("8-lesson-prediction"));
    }

    void lessonPredictionRevealed()
    {
        m_lessons.lockPrediction();
        checkLessonMoment(QStringLiteral("9-lesson-revealed"));
    }

    void presenterMode()
    {
        m_lessons.vote(1);
        QVERIFY(QMetaObject::invokeMethod(m_window, "present"));
        checkLessonMoment(QStringLiteral("10-presenter"));
        QVERIFY(QMetaObject::invokeMethod(m_window, "stopPresenting"));
    }

    // The console under the stage: a bind that fails because nginx holds the port, its door
    // marked on the stage.
    void consoleBindConflict()
    {
        m_lessons.closeLesson();
        QVERIFY(m_session.openScenario(QUrl::fromLocalFile(QStringLiteral(PORTLAB_DESIGN_SCENARIO))));
        QVERIFY(QMetaObject::invokeMethod(m_window, "toggleConsole"));
        auto *console = m_window->property("consoleSession").value<ConsoleSession *>();
        QVERIFY(console);
        console->transcript()->clear();
        QVERIFY(console->run(QStringLiteral("apache: u = socket tcp")));
        QVERIFY(console->run(QStringLiteral("apache: bind u 0.0.0.0:80")));
        m_session.player()->setPlaying(false);
        m_session.player()->toEnd();
        QCOMPARE(m_session.player()->conflictSocket(), console->culprit());
        compareWindow(QStringLiteral("11-console-bind-conflict"));
        // Export screenshot writes the window as it is, as a PNG.
        const QString png = m_dataHome.filePath(QStringLiteral("window.png"));
        QVERIFY(m_session.exportScreenshot(m_window, QUrl::fromLocalFile(png)));
        const QImage exported(png, "PNG");
        QCOMPARE(exported.size(), m_window->grabWindow().size());
        m_window->setProperty("consoleOpen", false);
    }

    // A gateway routing a SYN it rewrote on to the backend: the envelope that arrived stops on
    // its network floor with the forwarded mark, and the stack says why.
    void gatewayForwards()
    {
        QVERIFY(m_session.openScenario(QUrl::fromLocalFile(QStringLiteral(PORTLAB_FORWARDING_SCENARIO))));
        m_session.player()->setPlaying(false);
        checkMoment(QStringLiteral("12-gateway-forwards"), stepWith({u"gateway forwards", u"10.0.0.3:80 [SYN]"}));
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
