// SPDX-License-Identifier: GPL-3.0-or-later
#include "example_scene.h"

#include "script/runner.h"
#include "sim/world.h"

#include <QDebug>
#include <QFile>

namespace portlab {

ExampleRun runExample()
{
    ExampleRun example{std::make_unique<World>(), {}, {}};
    const QString path = QStringLiteral(":/PortLab/example.portlab");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning().noquote() << QStringLiteral("example scene: %1 is missing from the resources").arg(path);
        return example;
    }
    Interpreter interpreter(*example.world);
    example.source = QString::fromUtf8(file.readAll());
    const ScenarioRun run = runScenario(interpreter, example.source, path);
    // The example is fixed and checks itself; say so loudly if the model ever disagrees,
    // instead of showing a scene that silently differs.
    for (const Diagnostic &error : run.errors)
        qWarning().noquote() << QStringLiteral("example scene: ") + error.toString();
    for (const StatementOutcome &outcome : run.outcomes) {
        if (outcome.isExpectation && !outcome.ok)
            qWarning().noquote() << QStringLiteral("example scene: line %1: %2").arg(outcome.line).arg(outcome.message);
        example.events.insert(example.events.end(), outcome.events.begin(), outcome.events.end());
    }
    return example;
}

ExampleSceneModel::ExampleSceneModel(QObject *parent)
    : SceneModel(parent)
{
    setWorld(runExample().world.get());
}

} // namespace portlab
