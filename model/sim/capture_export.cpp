// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture_export.h"

#include "wire/capture.h"

#include <QSaveFile>

namespace portlab {

std::optional<QString> writeCapture(QIODevice &device, std::span<const TraceEvent> events)
{
    wire::PcapWriter writer(device, wire::LinkType::Ethernet);
    for (const TraceEvent &event : events) {
        if (event.kind != TraceKind::EnvelopeSent || !event.envelope)
            continue;
        const auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(event.time).count();
        if (!writer.write(nanoseconds, event.envelope->frame))
            return device.errorString();
    }
    if (!writer.ok())
        return device.errorString();
    return std::nullopt;
}

std::optional<QString> writeCaptureFile(const QString &path, std::span<const TraceEvent> events)
{
    // QSaveFile: an existing capture is replaced only by a complete new one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    if (const auto problem = writeCapture(file, events)) {
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, *problem);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace portlab
