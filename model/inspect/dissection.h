// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/services.h"
#include "wire/bytes.h"

#include <vector>

namespace portlab {

// One field of a header as the inspector shows it: its name, its value in words, a sentence a
// student understands, and the bytes it occupies in the frame (a field narrower than a byte,
// such as a flag, names the byte or bytes it lives in, and its bit mask).
struct DissectedField {
    QString name;                 // "Destination port"
    QString value;                // "443"
    QString explanation;          // "443 is https's port, a well-known port ..."
    std::size_t offset = 0;       // from the start of the frame
    std::size_t length = 0;
    std::uint32_t bitMask = 0;    // 0: the whole bytes; else the bits of them this field is
    bool problem = false;         // the field is what is wrong with the packet (a bad checksum)
    std::vector<DissectedField> children;
};

// One layer's header (or the payload at the top): a title line and its fields.
struct DissectedLayer {
    QString name;                 // "Transmission Control Protocol"
    QString summary;              // "port 51000 → 80, SYN"
    std::size_t offset = 0;
    std::size_t length = 0;       // the header (or payload) alone
    std::vector<DissectedField> fields;
};

struct Dissection {
    std::vector<DissectedLayer> layers;   // outermost (Ethernet) first
    std::vector<QString> problems;        // what the parsers found wrong, in words
};

// Reads a frame layer by layer, as Wireshark's packet details pane does; `linkHeader` tells
// where the network layer starts when the frame is not Ethernet (captures from Linux's "any").
Dissection dissectEthernetFrame(wire::ByteView frame, const ServiceRegistry &services = ServiceRegistry::builtIn());
Dissection dissectIpPacket(wire::ByteView packet, std::size_t offset, const ServiceRegistry &services = ServiceRegistry::builtIn());

// The field (innermost) that covers a byte of the frame, as a path of child indices from the
// layer: {layer, field, child, ...}. Empty when no field covers it.
std::vector<std::size_t> fieldPathAt(const Dissection &dissection, std::size_t byteOffset);

} // namespace portlab
