// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace portlab {

// Opens PortLab's window and runs it until it is closed: creates the QApplication, loads
// qrc:/PortLab/Main.qml with the example scene, and returns the application's exit code.
// If the window cannot be loaded it says so on standard error and returns 1.
// The executable links portlab_gui (which brings its QML plugin with it).
int runAppWindow(int &argc, char **argv);

} // namespace portlab
