// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scene_model.h"

#include <memory>

namespace portlab {

class World;

// The scene the window opens with: a laptop whose browsers talk to a web server, and on the
// server nginx, a DNS server, sshd, and an apache that could not get port 80. Built with the
// World's system calls, as a scenario would; to be replaced by a scenario file run through
// the interpreter.
std::unique_ptr<World> buildExampleWorld();

// The same scene as a ready model, so QML (tests, previews) can create it by name.
class ExampleSceneModel : public SceneModel
{
    Q_OBJECT
    QML_ELEMENT

public:
    explicit ExampleSceneModel(QObject *parent = nullptr);
};

} // namespace portlab
