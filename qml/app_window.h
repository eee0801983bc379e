// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace portlab {

class LabSession;
class LessonSession;

// Loads qrc:/PortLab/Main.qml, PortLab's window, into `engine`, showing `session`. False (after
// saying why on standard error) when the window cannot be loaded. The window appears once
// the event loop runs.
// With `lessons`, the window offers the lesson library and player too.
bool loadAppWindow(QQmlApplicationEngine &engine, LabSession &session, LessonSession *lessons = nullptr);

// Opens PortLab's window and runs it until it is closed: creates the QApplication, loads
// the window with the example scene (or, given a path, that scenario — a .portlab file —, a
// lesson — a .md file — or a pcap/pcapng capture replayed), and returns the application's exit code, 1 if the window
// could not be loaded. A file that cannot be read is reported in the window.
// The executable links portlab_gui (which brings its QML plugin with it).
int runAppWindow(int &argc, char **argv, const QString &path = {});

} // namespace portlab
