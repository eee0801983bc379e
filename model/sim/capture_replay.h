// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "world.h"
#include "wire/capture.h"

#include <QStringList>

#include <memory>

namespace portlab {

// One record of a capture as the replay shows it.
struct ReplayedFrame {
    std::size_t recordIndex = 0;        // as Wireshark numbers frames
    SimTime time{0};                    // since the first record
    std::uint32_t linkType = 0;
    QByteArray bytes;                   // as captured, link-layer header included
    std::size_t networkOffset = 0;      // where the IP header (or ARP) starts
    bool ethernet = false;              // bytes start with an Ethernet header
    std::optional<Envelope> envelope;   // TCP, UDP or ICMP port unreachable over IP
    QString summary;                    // one line, as a packet list shows it
};

// A real capture turned into a world the stage can show: one host per address (every loopback
// address is the one capturing machine), one process per port in use, each with the socket a
// real program would have had, and the capture's packets as envelopes with their real bytes,
// each demultiplexed by the receiving host's transport layer.
struct CaptureReplay {
    std::unique_ptr<World> world;
    std::vector<ReplayedFrame> frames;
    std::vector<TraceEvent> events;     // sent, then delivered or rejected, per envelope, at capture times
    QStringList notes;                  // what was inferred, and what could not be
    std::optional<wire::CaptureError> error;   // the records before it are replayed
};

CaptureReplay replayCapture(const wire::CaptureContents &capture);

} // namespace portlab
