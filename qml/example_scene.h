// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scene_model.h"
#include "sim/trace.h"

#include <memory>
#include <vector>

namespace portlab {

class World;

// The scene the window opens with (example.portlab, run through the scenario interpreter): a
// laptop whose browsers talk to a web server, and on the server nginx, a DNS server, sshd, and
// an apache that could not get port 80; with every event of the run.
struct ExampleRun {
    std::unique_ptr<World> world;
    std::vector<TraceEvent> events;
    QString source;   // the scenario text
};
ExampleRun runExample();

// The same scene as a ready model, so QML (tests, previews) can create it by name.
class ExampleSceneModel : public SceneModel
{
    Q_OBJECT
    QML_ELEMENT

public:
    explicit ExampleSceneModel(QObject *parent = nullptr);
};

} // namespace portlab
