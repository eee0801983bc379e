// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "envelope.h"
#include "wire/frame.h"

#include <optional>

namespace portlab {

// Every simulated host has one network card on the segment, with a locally administered
// address made from its id (02:50:4c:00:00:01 for the first host).
wire::MacAddress macAddressOf(HostId host);

inline constexpr std::uint8_t defaultTimeToLive = 64;   // net.ipv4.ip_default_ttl, IPv6 hop limit

// Walks the envelope down the sender's stack: the transport layer writes its header in front
// of the data, the network layer the IP header in front of that, the link layer the Ethernet
// header, each with its checksum. Fills `frame` and its offsets. Loopback frames carry zero MAC
// addresses, as Linux's lo device writes them.
void encapsulate(Envelope &envelope, bool loopback);

// Walks an arriving frame up the receiver's stack: each layer parses and checks its header and
// hands the rest up. Every field of the envelope above `frame` is replaced by what the bytes
// say, so the transport layer demultiplexes on the ports in the bytes. Returns why the stack
// drops the frame (a bad checksum, a truncated header), or nothing when it may go up.
std::optional<QString> decapsulate(Envelope &envelope);

// The envelope fields of a packet decoded from `bytes` starting at `base` (where a capture's
// link-layer header ends). Checksums are not judged here. Returns why the packet is not one
// the model's transport layer reads (not IP; not TCP, UDP or ICMP port unreachable).
std::optional<QString> readEnvelope(const wire::DecodedPacket &packet, wire::ByteView bytes, std::size_t base, Envelope &envelope);

} // namespace portlab
