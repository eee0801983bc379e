// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "trace.h"

#include <optional>
#include <span>

class QIODevice;

namespace portlab {

// Writes every frame that crossed a link (each EnvelopeSent event) to a classic pcap file, the
// virtual time as its timestamp, so Wireshark or tshark can open what the model did. Returns
// why it could not, or nothing.
std::optional<QString> writeCapture(QIODevice &device, std::span<const TraceEvent> events);
std::optional<QString> writeCaptureFile(const QString &path, std::span<const TraceEvent> events);

} // namespace portlab
