// SPDX-License-Identifier: GPL-3.0-or-later
#include "arp.h"

#include "wire_detail.h"

namespace portlab::wire {

namespace {

constexpr std::uint16_t HardwareEthernet = 1;

IpAddress readIpv4(ByteView bytes, std::size_t offset)
{
    return IpAddress::v4(readBe32(bytes, offset));
}

void writeIpv4(MutableBytes out, std::size_t offset, const IpAddress &address)
{
    // Only the first four bytes of an IPv4 address are meaningful.
    std::copy_n(address.bytes().begin(), 4, out.begin() + static_cast<std::ptrdiff_t>(offset));
}

} // namespace

ParseResult<ArpPacket> ArpPacket::parse(ByteView packet)
{
    using detail::fatalProblem;
    ParseResult<ArpPacket> result;
    if (packet.size() < Size) {
        result.problems.push_back(detail::truncatedHeader(u"ARP", Size, packet.size()));
        return result;
    }
    const std::uint16_t hardwareType = readBe16(packet, 0);
    const std::uint16_t protocolType = readBe16(packet, 2);
    if (hardwareType != HardwareEthernet) {
        result.problems.push_back(fatalProblem(0, QStringLiteral("ARP: hardware type is %1, not Ethernet (1)")
                                                      .arg(hardwareType)));
        return result;
    }
    if (protocolType != 0x0800) {
        result.problems.push_back(fatalProblem(2, QStringLiteral("ARP: protocol type is %1, not IPv4 (0x0800)")
                                                      .arg(detail::hex16(protocolType))));
        return result;
    }
    if (packet[4] != 6 || packet[5] != 4) {
        result.problems.push_back(fatalProblem(4, QStringLiteral("ARP: address lengths are %1 and %2, not 6 (MAC) and 4 (IPv4)")
                                                      .arg(packet[4]).arg(packet[5])));
        return result;
    }
    ArpPacket arp;
    arp.operation = readBe16(packet, 6);
    if (arp.operation != Request && arp.operation != Reply)
        result.problems.push_back(detail::problem(6, QStringLiteral("ARP: operation is %1, neither request (1) nor reply (2)")
                                                         .arg(arp.operation)));
    std::copy_n(packet.begin() + 8, 6, arp.senderMac.bytes.begin());
    arp.senderIp = readIpv4(packet, 14);
    std::copy_n(packet.begin() + 18, 6, arp.targetMac.bytes.begin());
    arp.targetIp = readIpv4(packet, 24);
    result.header = arp;
    return result;
}

void ArpPacket::emit(MutableBytes out) const
{
    Q_ASSERT(out.size() >= Size);
    writeBe16(out, 0, HardwareEthernet);
    writeBe16(out, 2, 0x0800);
    out[4] = 6;
    out[5] = 4;
    writeBe16(out, 6, operation);
    std::copy(senderMac.bytes.begin(), senderMac.bytes.end(), out.begin() + 8);
    writeIpv4(out, 14, senderIp);
    std::copy(targetMac.bytes.begin(), targetMac.bytes.end(), out.begin() + 18);
    writeIpv4(out, 24, targetIp);
}

} // namespace portlab::wire
