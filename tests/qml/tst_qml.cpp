// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the tst_*.qml files of this folder (or the one given with -input) with Qt Quick Test.

#include <QApplication>
#include <QObject>
#include <QQmlEngine>
#include <QTemporaryDir>
#include <QtQuickTest>

namespace {

class Setup : public QObject
{
    Q_OBJECT

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/"));   // the PortLab module, linked in
    }
};

} // namespace

int main(int argc, char **argv)
{
    // What the window keeps between runs (the console's history) goes to a folder of the test's
    // own, not the user's.
    const QTemporaryDir dataHome;
    qputenv("XDG_DATA_HOME", dataHome.path().toLocal8Bit());
    // A QApplication, as in the app: Qt Charts, which later views use, needs QtWidgets.
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "portlab", PORTLAB_QML_TEST_DIR, &setup);
}

#include "tst_qml.moc"
