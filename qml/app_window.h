// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace portlab {

// Opens PortLab's window and runs it until it is closed: creates the QApplication, loads
// qrc:/PortLab/Main.qml with the example scene (or, given a path, a pcap/pcapng capture
// replayed), and returns the application's exit code.
// If the window cannot be loaded it says so on standard error and returns 1.
// The executable links portlab_gui (which brings its QML plugin with it).
int runAppWindow(int &argc, char **argv, const QString &capturePath = {});

} // namespace portlab
