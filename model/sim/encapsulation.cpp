// SPDX-License-Identifier: GPL-3.0-or-later
#include "encapsulation.h"

#include "wire/frame.h"

namespace portlab {

namespace {

// Linux writes the window scale it derives from net.ipv4.tcp_rmem's largest buffer; with the
// 32 MiB default of recent kernels that is 10 (measured: docs/linux-reference.md).
constexpr std::uint8_t windowScale = 10;
constexpr std::uint8_t multicastTimeToLive = 1;  // IP_MULTICAST_TTL, IPV6_MULTICAST_HOPS: the link only

// RFC 1112 6.4: 01:00:5e and the group's low 23 bits; RFC 2464 7: 33:33 and its last 4 bytes.
wire::MacAddress multicastMacAddress(const IpAddress &group)
{
    const auto &b = group.bytes();
    if (group.isV4())
        return {{0x01, 0x00, 0x5e, static_cast<std::uint8_t>(b[1] & 0x7f), b[2], b[3]}};
    return {{0x33, 0x33, b[12], b[13], b[14], b[15]}};
}

std::vector<wire::TcpOption> tcpOptionsOf(const TcpHeaderExtras &extras)
{
    using namespace wire::TcpOptionKind;
    const auto byte = [](std::uint32_t v, int shift) { return static_cast<std::uint8_t>(v >> shift); };
    const std::uint32_t value = extras.timestampValue;
    const std::uint32_t echo = extras.timestampEcho;
    const wire::InlineBytes<wire::TcpOption::MaximumDataSize> timestamps{
        byte(value, 24), byte(value, 16), byte(value, 8), byte(value, 0), byte(echo, 24), byte(echo, 16), byte(echo, 8), byte(echo, 0)};
    std::vector<wire::TcpOption> options;
    options.reserve(5);
    if (extras.synOptions) {
        // The order Linux's tcp_options_write() uses, so the bytes match a real SYN.
        if (extras.maximumSegmentSize != 0)
            options.push_back({MaximumSegmentSize, {byte(extras.maximumSegmentSize, 8), byte(extras.maximumSegmentSize, 0)}});
        options.push_back({SackPermitted, {}});
        if (extras.timestamps)
            options.push_back({Timestamps, timestamps});
        options.push_back({Nop, {}});
        options.push_back({WindowScale, {windowScale}});
    } else if (extras.timestamps) {
        options.push_back({Nop, {}});
        options.push_back({Nop, {}});
        options.push_back({Timestamps, timestamps});
    }
    return options;
}

std::uint8_t ipProtocolOf(const Envelope &envelope)
{
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment: return wire::IpProtocol::Tcp;
    case EnvelopeKind::UdpDatagram: return wire::IpProtocol::Udp;
    case EnvelopeKind::IcmpPortUnreachable:
        return envelope.destination.address.isV6() ? wire::IpProtocol::Icmpv6 : wire::IpProtocol::Icmp;
    }
    return wire::IpProtocol::Tcp;
}

QString firstProblem(const std::vector<wire::WireProblem> &problems)
{
    return problems.empty() ? QString() : problems.front().text;
}

} // namespace

wire::MacAddress macAddressOf(HostId host)
{
    const std::uint32_t n = host + 1;
    return {{0x02, 0x50, 0x4c, static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)}};
}

void encapsulate(Envelope &envelope, bool loopback)
{
    const IpAddress &source = envelope.source.address;
    const IpAddress &destination = envelope.destination.address;
    const bool v6 = destination.isV6();

    wire::TcpHeader tcp;
    std::size_t transportHeaderLength = wire::UdpHeader::Size;
    if (envelope.kind == EnvelopeKind::TcpSegment) {
        tcp.sourcePort = envelope.source.port;
        tcp.destinationPort = envelope.destination.port;
        tcp.sequence = envelope.sequence;
        tcp.acknowledgement = envelope.acknowledgement;
        tcp.flags = envelope.tcpFlags;
        tcp.window = envelope.tcp.window;
        tcp.options = tcpOptionsOf(envelope.tcp);
        transportHeaderLength = tcp.headerLength();
    } else if (envelope.kind == EnvelopeKind::IcmpPortUnreachable) {
        transportHeaderLength = wire::IcmpHeader::Size;
    }
    const std::size_t ipHeaderLength = v6 ? wire::Ipv6Header::Size : wire::Ipv4Header::MinimumSize;
    const std::size_t transportLength = transportHeaderLength + static_cast<std::size_t>(envelope.payload.size());

    envelope.networkOffset = wire::EthernetHeader::Size;
    envelope.transportOffset = static_cast<std::uint16_t>(envelope.networkOffset + ipHeaderLength);
    envelope.payloadOffset = static_cast<std::uint16_t>(envelope.transportOffset + transportHeaderLength);
    envelope.frame = QByteArray(static_cast<qsizetype>(envelope.transportOffset + transportLength), '\0');
    const wire::MutableBytes frame(reinterpret_cast<std::uint8_t *>(envelope.frame.data()), static_cast<std::size_t>(envelope.frame.size()));
    std::copy(envelope.payload.cbegin(), envelope.payload.cend(), frame.begin() + envelope.payloadOffset);

    // Down the stack: each header is written in front of what the layer above handed down.
    const wire::MutableBytes segment = frame.subspan(envelope.transportOffset);
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment:
        tcp.emit(segment, source, destination);
        break;
    case EnvelopeKind::UdpDatagram: {
        wire::UdpHeader udp;
        udp.sourcePort = envelope.source.port;
        udp.destinationPort = envelope.destination.port;
        udp.length = static_cast<std::uint16_t>(transportLength);
        udp.emit(segment, source, destination);
        break;
    }
    case EnvelopeKind::IcmpPortUnreachable: {
        wire::IcmpHeader icmp;
        icmp.type = v6 ? wire::Icmpv6Type::DestinationUnreachable : wire::IcmpType::DestinationUnreachable;
        icmp.code = envelope.icmpCode;
        icmp.emit(segment, source, destination);
        break;
    }
    }

    const wire::MutableBytes packet = frame.subspan(envelope.networkOffset);
    if (v6) {
        wire::Ipv6Header ip;
        ip.flowLabel = envelope.ip.flowLabel;
        ip.payloadLength = static_cast<std::uint16_t>(transportLength);
        ip.nextHeader = ipProtocolOf(envelope);
        ip.hopLimit = static_cast<std::uint8_t>((destination.isMulticast() ? multicastTimeToLive : defaultTimeToLive) - envelope.ip.routersPassed);
        ip.source = source;
        ip.destination = destination;
        ip.emit(packet);
    } else {
        wire::Ipv4Header ip;
        ip.totalLength = static_cast<std::uint16_t>(ipHeaderLength + transportLength);
        ip.identification = envelope.ip.identification;
        ip.dontFragment = envelope.ip.dontFragment;
        ip.timeToLive = static_cast<std::uint8_t>((destination.isMulticast() ? multicastTimeToLive : defaultTimeToLive) - envelope.ip.routersPassed);
        ip.protocol = ipProtocolOf(envelope);
        ip.source = source;
        ip.destination = destination;
        ip.emit(packet);
    }

    wire::EthernetHeader ethernet;
    if (!loopback) {
        ethernet.source = macAddressOf(envelope.fromHost);
        ethernet.destination = destination.isMulticast() ? multicastMacAddress(destination) : macAddressOf(envelope.toHost);
    }
    ethernet.etherType = v6 ? wire::EtherType::Ipv6 : wire::EtherType::Ipv4;
    ethernet.emit(frame);
}

std::optional<QString> decapsulate(Envelope &envelope)
{
    const wire::ByteView bytes(reinterpret_cast<const std::uint8_t *>(envelope.frame.constData()), static_cast<std::size_t>(envelope.frame.size()));
    const wire::DecodedPacket packet = wire::decodeEthernetFrame(bytes);
    if (!packet.problems.empty())
        return firstProblem(packet.problems);
    return readEnvelope(packet, bytes, 0, envelope);
}

std::optional<QString> readEnvelope(const wire::DecodedPacket &packet, wire::ByteView bytes, std::size_t base, Envelope &envelope)
{
    const IpAddress *source = packet.sourceAddress();
    const IpAddress *destination = packet.destinationAddress();
    if (!source || !destination)
        return QStringLiteral("the frame holds no IP packet");

    envelope.networkOffset = static_cast<std::uint16_t>(base + packet.networkOffset);
    envelope.transportOffset = static_cast<std::uint16_t>(base + packet.transportOffset);
    envelope.payloadOffset = static_cast<std::uint16_t>(base + packet.payloadOffset);
    envelope.payload = QByteArray(reinterpret_cast<const char *>(bytes.data() + base + packet.payloadOffset), static_cast<qsizetype>(packet.payloadLength));
    if (packet.ipv4) {
        envelope.ip.identification = packet.ipv4->identification;
        envelope.ip.dontFragment = packet.ipv4->dontFragment;
    } else if (packet.ipv6) {
        envelope.ip.flowLabel = packet.ipv6->flowLabel;
    }
    if (packet.tcp) {
        envelope.kind = EnvelopeKind::TcpSegment;
        envelope.source = {*source, packet.tcp->sourcePort};
        envelope.destination = {*destination, packet.tcp->destinationPort};
        envelope.tcpFlags = packet.tcp->flags;
        envelope.sequence = packet.tcp->sequence;
        envelope.acknowledgement = packet.tcp->acknowledgement;
        envelope.tcp = {};
        envelope.tcp.window = packet.tcp->window;
        for (const wire::TcpOption &option : packet.tcp->options) {
            if (option.kind == wire::TcpOptionKind::Timestamps && option.data.size() == 8) {
                envelope.tcp.timestamps = true;
                envelope.tcp.timestampValue = wire::readBe32(option.data, 0);
                envelope.tcp.timestampEcho = wire::readBe32(option.data, 4);
            } else if (option.kind == wire::TcpOptionKind::MaximumSegmentSize && option.data.size() == 2) {
                envelope.tcp.maximumSegmentSize = wire::readBe16(option.data, 0);
            } else if (option.kind == wire::TcpOptionKind::WindowScale) {
                envelope.tcp.synOptions = true;
            }
        }
        return std::nullopt;
    }
    if (packet.udp) {
        envelope.kind = EnvelopeKind::UdpDatagram;
        envelope.source = {*source, packet.udp->sourcePort};
        envelope.destination = {*destination, packet.udp->destinationPort};
        return std::nullopt;
    }
    const bool unreachable = packet.icmp
        && packet.icmp->type == (source->isV6() ? wire::Icmpv6Type::DestinationUnreachable : wire::IcmpType::DestinationUnreachable);
    if (!unreachable)
        return QStringLiteral("the model's hosts only take TCP, UDP and ICMP destination unreachable");
    const wire::ByteView body = bytes.subspan(base + packet.payloadOffset, packet.payloadLength);
    const wire::DecodedPacket quoted = wire::decodeQuotedPacket(body);
    const IpAddress *quotedSource = quoted.sourceAddress();
    const IpAddress *quotedDestination = quoted.destinationAddress();
    if (!quotedSource || !quotedDestination || !(quoted.udp || quoted.tcp))
        return QStringLiteral("the ICMP message does not quote a TCP or UDP header the host could look up");
    envelope.kind = EnvelopeKind::IcmpPortUnreachable;
    envelope.icmpCode = packet.icmp->code;
    envelope.source = {*source, 0};
    envelope.destination = {*destination, 0};
    envelope.quotedProtocol = quoted.udp ? Protocol::Udp : Protocol::Tcp;
    envelope.quotedSource = {*quotedSource, quoted.udp ? quoted.udp->sourcePort : quoted.tcp->sourcePort};
    envelope.quotedDestination = {*quotedDestination, quoted.udp ? quoted.udp->destinationPort : quoted.tcp->destinationPort};
    return std::nullopt;
}

} // namespace portlab
