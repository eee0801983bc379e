// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "bytes.h"

#include <array>

namespace portlab::wire {

struct MacAddress {
    std::array<std::uint8_t, 6> bytes{};
    static MacAddress broadcast() { return {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
    static std::optional<MacAddress> parse(QStringView text);   // "02:00:00:00:00:01"
    bool isBroadcast() const { return *this == broadcast(); }
    QString toString() const;                                   // lower-case, colons
    friend bool operator==(const MacAddress &, const MacAddress &) = default;
};

namespace EtherType {
inline constexpr std::uint16_t Ipv4 = 0x0800;
inline constexpr std::uint16_t Arp = 0x0806;
inline constexpr std::uint16_t Ipv6 = 0x86dd;
}

// Ethernet II: destination, source, EtherType. 14 bytes; the frame check sequence is not part
// of what a capture or the stack sees.
struct EthernetHeader {
    static constexpr std::size_t Size = 14;
    MacAddress destination;
    MacAddress source;
    std::uint16_t etherType = EtherType::Ipv4;

    static ParseResult<EthernetHeader> parse(ByteView frame);
    void emit(MutableBytes out) const;   // writes out[0, Size)
};

} // namespace portlab::wire
