// SPDX-License-Identifier: GPL-3.0-or-later
#include "dissection.h"

#include "wire/frame.h"

#include <QStringList>

namespace portlab {

namespace {

using wire::ByteView;

QString hex(std::uint32_t value, int digits)
{
    return QStringLiteral("0x%1").arg(value, digits, 16, QLatin1Char('0'));
}

QString bytesText(ByteView bytes)
{
    QStringList parts;
    for (const std::uint8_t b : bytes)
        parts << QStringLiteral("%1").arg(b, 2, 16, QLatin1Char('0'));
    return parts.join(u' ');
}

DissectedField field(QString name, QString value, QString explanation, std::size_t offset, std::size_t length, std::uint32_t bitMask = 0)
{
    DissectedField f;
    f.name = std::move(name);
    f.value = std::move(value);
    f.explanation = std::move(explanation);
    f.offset = offset;
    f.length = length;
    f.bitMask = bitMask;
    return f;
}

// Where the layers are in the whole frame: each decoder sees only its part of the bytes.
struct Context {
    ByteView frame;
    const ServiceRegistry &services;
    Dissection &out;
};

QString etherTypeText(std::uint16_t type)
{
    switch (type) {
    case wire::EtherType::Ipv4: return QStringLiteral("IPv4");
    case wire::EtherType::Ipv6: return QStringLiteral("IPv6");
    case wire::EtherType::Arp: return QStringLiteral("ARP");
    default: return QStringLiteral("unknown");
    }
}

QString protocolText(std::uint8_t protocol)
{
    switch (protocol) {
    case wire::IpProtocol::Tcp: return QStringLiteral("TCP");
    case wire::IpProtocol::Udp: return QStringLiteral("UDP");
    case wire::IpProtocol::Icmp: return QStringLiteral("ICMP");
    case wire::IpProtocol::Icmpv6: return QStringLiteral("ICMPv6");
    default: return QStringLiteral("protocol %1").arg(protocol);
    }
}

QString macText(const wire::MacAddress &mac)
{
    if (mac.isBroadcast())
        return mac.toString() + QStringLiteral(" (broadcast)");
    if (mac == wire::MacAddress{})
        return mac.toString() + QStringLiteral(" (none: loopback)");
    return mac.toString();
}

DissectedLayer ethernetLayer(const wire::EthernetHeader &h, std::size_t offset)
{
    DissectedLayer layer;
    layer.name = QStringLiteral("Ethernet II");
    layer.summary = QStringLiteral("%1 → %2, %3").arg(h.source.toString(), h.destination.toString(), etherTypeText(h.etherType));
    layer.offset = offset;
    layer.length = wire::EthernetHeader::Size;
    layer.fields.push_back(field(QStringLiteral("Destination"), macText(h.destination),
        QStringLiteral("The hardware address of the network card that should take this frame off the wire. "
                       "ff:ff:ff:ff:ff:ff asks every card on the segment; on the loopback device, which has no "
                       "hardware, Linux writes zeros."),
        offset, 6));
    layer.fields.push_back(field(QStringLiteral("Source"), macText(h.source),
        QStringLiteral("The hardware address of the card that sent the frame. It changes at every router; the IP "
                       "addresses inside do not."),
        offset + 6, 6));
    layer.fields.push_back(field(QStringLiteral("Type"), QStringLiteral("%1 (%2)").arg(hex(h.etherType, 4), etherTypeText(h.etherType)),
        QStringLiteral("Which protocol the payload of the frame belongs to, so the receiver knows which part of its "
                       "stack to hand it to: 0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP."),
        offset + 12, 2));
    return layer;
}

DissectedLayer arpLayer(const wire::ArpPacket &p, std::size_t offset)
{
    DissectedLayer layer;
    layer.name = QStringLiteral("Address Resolution Protocol");
    const bool request = p.operation == wire::ArpPacket::Request;
    layer.summary = request ? QStringLiteral("who has %1? tell %2").arg(p.targetIp.toString(), p.senderIp.toString())
                            : QStringLiteral("%1 is at %2").arg(p.senderIp.toString(), p.senderMac.toString());
    layer.offset = offset;
    layer.length = wire::ArpPacket::Size;
    layer.fields.push_back(field(QStringLiteral("Hardware type"), QStringLiteral("1 (Ethernet)"), QStringLiteral("The kind of hardware address asked about."), offset, 2));
    layer.fields.push_back(field(QStringLiteral("Protocol type"), QStringLiteral("0x0800 (IPv4)"), QStringLiteral("The kind of address that needs a hardware address."), offset + 2, 2));
    layer.fields.push_back(field(QStringLiteral("Hardware size"), QStringLiteral("6"), QStringLiteral("A MAC address is 6 bytes."), offset + 4, 1));
    layer.fields.push_back(field(QStringLiteral("Protocol size"), QStringLiteral("4"), QStringLiteral("An IPv4 address is 4 bytes."), offset + 5, 1));
    layer.fields.push_back(field(QStringLiteral("Operation"), request ? QStringLiteral("1 (request)") : QStringLiteral("2 (reply)"),
        request ? QStringLiteral("A question broadcast to every host on the segment: who has this IP address?")
                : QStringLiteral("The answer, sent straight back to whoever asked."),
        offset + 6, 2));
    layer.fields.push_back(field(QStringLiteral("Sender MAC address"), p.senderMac.toString(), QStringLiteral("The hardware address of the host sending this ARP message."), offset + 8, 6));
    layer.fields.push_back(field(QStringLiteral("Sender IP address"), p.senderIp.toString(), QStringLiteral("Its IP address: the receiver remembers the pair."), offset + 14, 4));
    layer.fields.push_back(field(QStringLiteral("Target MAC address"), p.targetMac.toString(),
        request ? QStringLiteral("Unknown yet: that is the question, so it is all zeros.") : QStringLiteral("The hardware address of the host that asked."),
        offset + 18, 6));
    layer.fields.push_back(field(QStringLiteral("Target IP address"), p.targetIp.toString(),
        request ? QStringLiteral("The address whose owner should answer.") : QStringLiteral("The IP address of the host that asked."),
        offset + 24, 4));
    return layer;
}

DissectedLayer ipv4Layer(const wire::Ipv4Header &h, std::size_t offset, bool checksumBad, bool quoted)
{
    DissectedLayer layer;
    layer.name = quoted ? QStringLiteral("Quoted IPv4 header") : QStringLiteral("Internet Protocol version 4");
    layer.summary = QStringLiteral("%1 → %2, %3").arg(h.source.toString(), h.destination.toString(), protocolText(h.protocol));
    layer.offset = offset;
    layer.length = h.headerLength();
    auto &f = layer.fields;
    f.push_back(field(QStringLiteral("Version"), QStringLiteral("4"), QStringLiteral("The first four bits say which IP this is; IPv6 writes 6 here."), offset, 1, 0xf0));
    f.push_back(field(QStringLiteral("Header length"), QStringLiteral("%1 bytes (%2 × 4)").arg(h.headerLength()).arg(h.headerLength() / 4),
        QStringLiteral("Counted in 4-byte words: 5 words, 20 bytes, when there are no options."), offset, 1, 0x0f));
    f.push_back(field(QStringLiteral("Differentiated services"), hex(h.typeOfService, 2),
        QStringLiteral("Priority (DSCP) and congestion signals (ECN); 0 for ordinary traffic."), offset + 1, 1));
    f.push_back(field(QStringLiteral("Total length"), QStringLiteral("%1 bytes").arg(h.totalLength),
        QStringLiteral("The whole packet: this header and everything it carries."), offset + 2, 2));
    f.push_back(field(QStringLiteral("Identification"), QStringLiteral("%1 (%2)").arg(hex(h.identification, 4)).arg(h.identification),
        QStringLiteral("A number that lets the receiver put the fragments of one packet back together. With \"don't "
                       "fragment\" set it matters little; Linux writes 0 in replies the kernel makes up itself."),
        offset + 4, 2));
    DissectedField flags = field(QStringLiteral("Flags"),
        h.dontFragment ? QStringLiteral("don't fragment") : (h.moreFragments ? QStringLiteral("more fragments") : QStringLiteral("none")),
        QStringLiteral("Whether routers may cut the packet into fragments, and whether more fragments follow."), offset + 6, 1, 0xe0);
    flags.children.push_back(field(QStringLiteral("Don't fragment"), h.dontFragment ? QStringLiteral("set") : QStringLiteral("not set"),
        QStringLiteral("Set by Linux on TCP and UDP so that a too-big packet is refused with an ICMP message instead of "
                       "being fragmented: that is how the path's largest packet size is discovered."),
        offset + 6, 1, 0x40));
    flags.children.push_back(field(QStringLiteral("More fragments"), h.moreFragments ? QStringLiteral("set") : QStringLiteral("not set"),
        QStringLiteral("Set on every fragment but the last."), offset + 6, 1, 0x20));
    f.push_back(std::move(flags));
    f.push_back(field(QStringLiteral("Fragment offset"), QString::number(h.fragmentOffset * 8),
        QStringLiteral("Where this fragment's data belongs in the original packet, in bytes (written in units of 8)."), offset + 6, 2, 0x1fff));
    f.push_back(field(QStringLiteral("Time to live"), QString::number(h.timeToLive),
        QStringLiteral("Every router takes one off and drops the packet at zero, so a packet caught in a loop dies. Linux starts at 64."),
        offset + 8, 1));
    f.push_back(field(QStringLiteral("Protocol"), QStringLiteral("%1 (%2)").arg(h.protocol).arg(protocolText(h.protocol)),
        QStringLiteral("Which transport protocol's header comes next, so the receiver hands the packet to the right "
                       "part of its transport layer: 6 TCP, 17 UDP, 1 ICMP. Each has its own ports."),
        offset + 9, 1));
    DissectedField checksum = field(QStringLiteral("Header checksum"),
        hex(h.checksum, 4) + (quoted ? QString() : checksumBad ? QStringLiteral(" (wrong)") : QStringLiteral(" (correct)")),
        QStringLiteral("A sum over this header only, so a router that changes the time to live recomputes it. A packet "
                       "whose header does not add up is dropped without a word."),
        offset + 10, 2);
    checksum.problem = checksumBad;
    f.push_back(std::move(checksum));
    f.push_back(field(QStringLiteral("Source address"), h.source.toString(), QStringLiteral("The host that sent the packet."), offset + 12, 4));
    f.push_back(field(QStringLiteral("Destination address"), h.destination.toString(),
        QStringLiteral("The host it is for. The address picks the machine; the port in the next header picks the program."),
        offset + 16, 4));
    if (!h.options.empty())
        f.push_back(field(QStringLiteral("Options"), QStringLiteral("%1 bytes").arg(h.options.size()), QStringLiteral("Rarely used extras."), offset + 20, h.options.size()));
    return layer;
}

DissectedLayer ipv6Layer(const wire::Ipv6Header &h, std::size_t offset, bool quoted)
{
    DissectedLayer layer;
    layer.name = quoted ? QStringLiteral("Quoted IPv6 header") : QStringLiteral("Internet Protocol version 6");
    layer.summary = QStringLiteral("%1 → %2, %3").arg(h.source.toString(), h.destination.toString(), protocolText(h.nextHeader));
    layer.offset = offset;
    layer.length = wire::Ipv6Header::Size;
    auto &f = layer.fields;
    f.push_back(field(QStringLiteral("Version"), QStringLiteral("6"), QStringLiteral("The first four bits say which IP this is."), offset, 1, 0xf0));
    f.push_back(field(QStringLiteral("Traffic class"), hex(h.trafficClass, 2), QStringLiteral("Priority and congestion signals, as in IPv4; 0 for ordinary traffic."), offset, 2, 0x0ff0));
    f.push_back(field(QStringLiteral("Flow label"), hex(h.flowLabel, 5),
        QStringLiteral("A number the sender picks for all packets of one conversation, so routers can keep them on one path. "
                       "Linux derives it from the addresses and ports."),
        offset + 1, 3, 0x0fffff));
    f.push_back(field(QStringLiteral("Payload length"), QStringLiteral("%1 bytes").arg(h.payloadLength), QStringLiteral("What follows this 40-byte header."), offset + 4, 2));
    f.push_back(field(QStringLiteral("Next header"), QStringLiteral("%1 (%2)").arg(h.nextHeader).arg(protocolText(h.nextHeader)),
        QStringLiteral("Which header comes next: 6 TCP, 17 UDP, 58 ICMPv6."), offset + 6, 1));
    f.push_back(field(QStringLiteral("Hop limit"), QString::number(h.hopLimit), QStringLiteral("IPv6's time to live: each router takes one off."), offset + 7, 1));
    f.push_back(field(QStringLiteral("Source address"), h.source.toString(), QStringLiteral("The host that sent the packet."), offset + 8, 16));
    f.push_back(field(QStringLiteral("Destination address"), h.destination.toString(),
        QStringLiteral("The host it is for. The address picks the machine; the port in the next header picks the program."),
        offset + 24, 16));
    return layer;
}

QString portExplanation(std::uint16_t port, Protocol protocol, bool destination, const ServiceRegistry &services)
{
    QString text = destination ? QStringLiteral("The port of the program this is for: the receiving host's transport layer "
                                                "reads it to choose the socket. ")
                               : QStringLiteral("The port of the program that sent it; the reply will carry it as its destination. ");
    text += QStringLiteral("On the wire it is two bytes, high byte first: 0x%1 0x%2 = %3 × 256 + %4 = %5. ")
                .arg(port >> 8, 2, 16, QLatin1Char('0')).arg(port & 0xff, 2, 16, QLatin1Char('0'))
                .arg(port >> 8).arg(port & 0xff).arg(port);
    if (const ServiceEntry *entry = services.find(port, protocol))
        text += QStringLiteral("%1 is registered for %2 (%3). ").arg(port).arg(entry->name, entry->description);
    text += QStringLiteral("It is in the %1 range").arg(portRangeName(port));
    if (port >= 32768 && port <= 60999)
        text += QStringLiteral(", and inside Linux's ephemeral range 32768–60999, where the kernel picks ports for clients");
    return text + u'.';
}

QString portValue(std::uint16_t port, Protocol protocol, const ServiceRegistry &services)
{
    const ServiceEntry *entry = services.find(port, protocol);
    return entry ? QStringLiteral("%1 (%2)").arg(port).arg(entry->name) : QString::number(port);
}

DissectedLayer tcpLayer(const wire::TcpHeader &h, std::size_t offset, bool checksumBad, bool quoted, const ServiceRegistry &services)
{
    using namespace wire::TcpFlags;
    DissectedLayer layer;
    layer.name = quoted ? QStringLiteral("Quoted TCP header (first 8 bytes)") : QStringLiteral("Transmission Control Protocol");
    QStringList flagNames;
    const std::pair<std::uint8_t, const char *> flagTable[] = {{Cwr, "CWR"}, {Ece, "ECE"}, {Urg, "URG"}, {Ack, "ACK"},
                                                                {Psh, "PSH"}, {Rst, "RST"}, {Syn, "SYN"}, {Fin, "FIN"}};
    for (const auto &[bit, name] : flagTable) {
        if (h.flags & bit)
            flagNames << QLatin1String(name);
    }
    layer.summary = QStringLiteral("port %1 → %2").arg(h.sourcePort).arg(h.destinationPort)
        + (quoted ? QString() : QStringLiteral(", ") + flagNames.join(QStringLiteral(", ")));
    layer.offset = offset;
    layer.length = quoted ? 8 : h.headerLength();
    auto &f = layer.fields;
    f.push_back(field(QStringLiteral("Source port"), portValue(h.sourcePort, Protocol::Tcp, services),
                      portExplanation(h.sourcePort, Protocol::Tcp, false, services), offset, 2));
    f.push_back(field(QStringLiteral("Destination port"), portValue(h.destinationPort, Protocol::Tcp, services),
                      portExplanation(h.destinationPort, Protocol::Tcp, true, services), offset + 2, 2));
    f.push_back(field(QStringLiteral("Sequence number"), QString::number(h.sequence),
        QStringLiteral("The number of this segment's first byte in the sender's stream. A SYN starts from a random number; "
                       "SYN and FIN each count as one byte."),
        offset + 4, 4));
    if (quoted)
        return layer;
    f.push_back(field(QStringLiteral("Acknowledgement number"), (h.flags & Ack) ? QString::number(h.acknowledgement) : QStringLiteral("0 (not used)"),
        QStringLiteral("With ACK set: the next byte the sender expects from the other side, so everything before it arrived."),
        offset + 8, 4));
    f.push_back(field(QStringLiteral("Header length"), QStringLiteral("%1 bytes (%2 × 4)").arg(h.headerLength()).arg(h.headerLength() / 4),
        QStringLiteral("20 bytes plus the options, counted in 4-byte words."), offset + 12, 1, 0xf0));
    DissectedField flags = field(QStringLiteral("Flags"), flagNames.join(QStringLiteral(", ")),
        QStringLiteral("What this segment does: open (SYN), acknowledge (ACK), push data to the program (PSH), finish (FIN) "
                       "or refuse and tear down (RST)."),
        offset + 12, 2, 0x0fff);
    const std::pair<std::uint8_t, QString> flagMeanings[] = {
        {Syn, QStringLiteral("Synchronize: opens a connection and carries the first sequence number.")},
        {Ack, QStringLiteral("The acknowledgement number is valid. Every segment after the first SYN has it.")},
        {Psh, QStringLiteral("Hand the data to the program now rather than waiting for more.")},
        {Fin, QStringLiteral("The sender has no more data: half of the connection closes.")},
        {Rst, QStringLiteral("Reset: no socket wants this (nothing listens on the port), or the connection is aborted.")},
        {Urg, QStringLiteral("The urgent pointer is valid (almost never used).")},
        {Ece, QStringLiteral("Congestion seen on the path (ECN).")},
        {Cwr, QStringLiteral("The sender slowed down after a congestion signal (ECN).")},
    };
    for (const auto &[bit, meaning] : flagMeanings) {
        for (const auto &[tableBit, name] : flagTable) {
            if (tableBit == bit)
                flags.children.push_back(field(QLatin1String(name), (h.flags & bit) ? QStringLiteral("set") : QStringLiteral("not set"), meaning, offset + 13, 1, bit));
        }
    }
    f.push_back(std::move(flags));
    f.push_back(field(QStringLiteral("Window"), QString::number(h.window),
        QStringLiteral("How many more bytes the sender can take in, shifted by the window scale agreed in the handshake. "
                       "PortLab does no flow control: these are the values Linux starts with."),
        offset + 14, 2));
    DissectedField checksum = field(QStringLiteral("Checksum"), hex(h.checksum, 4) + (checksumBad ? QStringLiteral(" (wrong)") : QStringLiteral(" (correct)")),
        QStringLiteral("A sum over the segment and a pseudo-header of both IP addresses, so a segment delivered to the "
                       "wrong address or damaged on the way is noticed and dropped."),
        offset + 16, 2);
    checksum.problem = checksumBad;
    f.push_back(std::move(checksum));
    f.push_back(field(QStringLiteral("Urgent pointer"), QString::number(h.urgentPointer), QStringLiteral("Only meaningful with URG."), offset + 18, 2));
    if (!h.options.empty()) {
        std::size_t optionOffset = offset + wire::TcpHeader::MinimumSize;
        DissectedField options = field(QStringLiteral("Options"), QStringLiteral("%1 bytes").arg(h.headerLength() - wire::TcpHeader::MinimumSize),
            QStringLiteral("Extras agreed in the handshake (a SYN proposes them) and timestamps on later segments."),
            optionOffset, h.headerLength() - wire::TcpHeader::MinimumSize);
        for (const wire::TcpOption &option : h.options) {
            QString name;
            QString value;
            QString meaning;
            switch (option.kind) {
            case wire::TcpOptionKind::Nop:
                name = QStringLiteral("No-operation"); meaning = QStringLiteral("Padding, so the next option starts on a 4-byte boundary.");
                break;
            case wire::TcpOptionKind::EndOfList:
                name = QStringLiteral("End of options"); meaning = QStringLiteral("Nothing follows.");
                break;
            case wire::TcpOptionKind::MaximumSegmentSize:
                name = QStringLiteral("Maximum segment size");
                value = option.data.size() == 2 ? QString::number(wire::readBe16(option.data, 0)) : QString();
                meaning = QStringLiteral("The most data the sender wants in one segment: the link's largest packet less the IP and TCP headers "
                                         "(1460 on Ethernet, 65495 on Linux's loopback).");
                break;
            case wire::TcpOptionKind::WindowScale:
                name = QStringLiteral("Window scale");
                value = option.data.size() == 1 ? QStringLiteral("shift %1 (× %2)").arg(option.data[0]).arg(1U << std::min<unsigned>(option.data[0], 14U)) : QString();
                meaning = QStringLiteral("Later window values are multiplied by this power of two, so windows can exceed 65535 bytes.");
                break;
            case wire::TcpOptionKind::SackPermitted:
                name = QStringLiteral("SACK permitted"); meaning = QStringLiteral("The sender can acknowledge blocks received out of order.");
                break;
            case wire::TcpOptionKind::Timestamps:
                name = QStringLiteral("Timestamps");
                value = option.data.size() == 8 ? QStringLiteral("value %1, echo %2").arg(wire::readBe32(option.data, 0)).arg(wire::readBe32(option.data, 4)) : QString();
                meaning = QStringLiteral("A clock value in milliseconds and the last one received from the other side: it measures "
                                         "round trips and tells old duplicate segments apart.");
                break;
            default:
                name = QStringLiteral("Option %1").arg(option.kind); meaning = QStringLiteral("An option PortLab does not explain.");
            }
            options.children.push_back(field(name, value, meaning, optionOffset, option.size()));
            optionOffset += option.size();
        }
        f.push_back(std::move(options));
    }
    return layer;
}

DissectedLayer udpLayer(const wire::UdpHeader &h, std::size_t offset, bool checksumBad, bool quoted, const ServiceRegistry &services)
{
    DissectedLayer layer;
    layer.name = quoted ? QStringLiteral("Quoted UDP header") : QStringLiteral("User Datagram Protocol");
    layer.summary = QStringLiteral("port %1 → %2, %3 bytes").arg(h.sourcePort).arg(h.destinationPort).arg(h.length);
    layer.offset = offset;
    layer.length = wire::UdpHeader::Size;
    auto &f = layer.fields;
    f.push_back(field(QStringLiteral("Source port"), portValue(h.sourcePort, Protocol::Udp, services),
                      portExplanation(h.sourcePort, Protocol::Udp, false, services), offset, 2));
    f.push_back(field(QStringLiteral("Destination port"), portValue(h.destinationPort, Protocol::Udp, services),
                      portExplanation(h.destinationPort, Protocol::Udp, true, services), offset + 2, 2));
    f.push_back(field(QStringLiteral("Length"), QStringLiteral("%1 bytes").arg(h.length), QStringLiteral("This 8-byte header and the data."), offset + 4, 2));
    DissectedField checksum = field(QStringLiteral("Checksum"),
        hex(h.checksum, 4) + (quoted ? QString() : checksumBad ? QStringLiteral(" (wrong)") : QStringLiteral(" (correct)")),
        QStringLiteral("A sum over the datagram and a pseudo-header of both IP addresses. Over IPv4, 0 means \"not computed\"."),
        offset + 6, 2);
    checksum.problem = checksumBad;
    f.push_back(std::move(checksum));
    return layer;
}

bool hasChecksumProblem(const std::vector<wire::WireProblem> &problems, QStringView layerPrefix)
{
    for (const auto &p : problems) {
        if (p.text.startsWith(layerPrefix) && p.text.contains(QStringLiteral("checksum")))
            return true;
    }
    return false;
}

void addPayload(Dissection &out, std::size_t offset, std::size_t length, ByteView frame, const QString &what)
{
    if (length == 0)
        return;
    DissectedLayer layer;
    layer.name = what;
    layer.offset = offset;
    layer.length = length;
    const ByteView data = frame.subspan(offset, length);
    QString preview;
    for (const std::uint8_t b : data.first(std::min<std::size_t>(data.size(), 48)))
        preview += (b >= 0x20 && b < 0x7f) ? QChar(static_cast<char16_t>(b)) : QChar(u'.');
    layer.summary = QStringLiteral("%1 bytes").arg(length);
    layer.fields.push_back(field(QStringLiteral("Data"), QStringLiteral("\"%1\"%2").arg(preview, data.size() > 48 ? QStringLiteral("…") : QString()),
        QStringLiteral("What the program handed to its socket, untouched by the layers below: %1").arg(bytesText(data.first(std::min<std::size_t>(data.size(), 16)))),
        offset, length));
    out.layers.push_back(std::move(layer));
}

void dissectQuoted(Context &context, std::size_t bodyOffset, std::size_t bodyLength);

// The layers of a decoded packet whose bytes start at `base` in the frame.
void addDecoded(Context &context, const wire::DecodedPacket &packet, std::size_t base, bool quoted)
{
    Dissection &out = context.out;
    if (packet.arp)
        out.layers.push_back(arpLayer(*packet.arp, base + packet.networkOffset));
    if (packet.ipv4)
        out.layers.push_back(ipv4Layer(*packet.ipv4, base + packet.networkOffset, hasChecksumProblem(packet.problems, u"IPv4"), quoted));
    if (packet.ipv6)
        out.layers.push_back(ipv6Layer(*packet.ipv6, base + packet.networkOffset, quoted));
    if (packet.tcp)
        out.layers.push_back(tcpLayer(*packet.tcp, base + packet.transportOffset, hasChecksumProblem(packet.problems, u"TCP"), quoted, context.services));
    if (packet.udp)
        out.layers.push_back(udpLayer(*packet.udp, base + packet.transportOffset, hasChecksumProblem(packet.problems, u"UDP"), quoted, context.services));
    if (packet.icmp) {
        const bool v6 = packet.ipv6.has_value();
        const wire::IcmpHeader &h = *packet.icmp;
        const std::size_t offset = base + packet.transportOffset;
        DissectedLayer layer;
        layer.name = v6 ? QStringLiteral("Internet Control Message Protocol v6") : QStringLiteral("Internet Control Message Protocol");
        const bool unreachable = v6 ? h.type == wire::Icmpv6Type::DestinationUnreachable : h.type == wire::IcmpType::DestinationUnreachable;
        const bool portUnreachable = unreachable && h.code == (v6 ? wire::Icmpv6Type::PortUnreachableCode : wire::IcmpType::PortUnreachableCode);
        const bool echoRequest = h.type == (v6 ? wire::Icmpv6Type::EchoRequest : wire::IcmpType::EchoRequest);
        const bool echoReply = h.type == (v6 ? wire::Icmpv6Type::EchoReply : wire::IcmpType::EchoReply);
        layer.summary = portUnreachable ? QStringLiteral("destination unreachable: port unreachable")
            : unreachable               ? QStringLiteral("destination unreachable (code %1)").arg(h.code)
            : echoRequest               ? QStringLiteral("echo request (ping)")
            : echoReply                 ? QStringLiteral("echo reply")
                                        : QStringLiteral("type %1 code %2").arg(h.type).arg(h.code);
        layer.offset = offset;
        layer.length = wire::IcmpHeader::Size;
        layer.fields.push_back(field(QStringLiteral("Type"), QStringLiteral("%1 (%2)").arg(h.type).arg(layer.summary.section(u':', 0, 0)),
            v6 ? QStringLiteral("1 destination unreachable, 128 echo request, 129 echo reply.")
               : QStringLiteral("3 destination unreachable, 8 echo request, 0 echo reply."),
            offset, 1));
        layer.fields.push_back(field(QStringLiteral("Code"), QString::number(h.code),
            portUnreachable ? QStringLiteral("Port unreachable: the host is there, but no socket holds this UDP port. This is UDP's "
                                             "answer where TCP would send a RST.")
                            : QStringLiteral("Refines the type."),
            offset + 1, 1));
        DissectedField checksum = field(QStringLiteral("Checksum"), hex(h.checksum, 4),
            v6 ? QStringLiteral("A sum over the message and a pseudo-header of both addresses.") : QStringLiteral("A sum over the ICMP message."),
            offset + 2, 2);
        checksum.problem = hasChecksumProblem(packet.problems, v6 ? u"ICMPv6" : u"ICMP");
        layer.fields.push_back(std::move(checksum));
        if (echoRequest || echoReply) {
            layer.fields.push_back(field(QStringLiteral("Identifier"), QString::number(h.identifier()), QStringLiteral("Matches replies to the ping program that asked: ICMP has no ports."), offset + 4, 2));
            layer.fields.push_back(field(QStringLiteral("Sequence number"), QString::number(h.sequenceNumber()), QStringLiteral("Counts the pings."), offset + 6, 2));
        } else {
            layer.fields.push_back(field(QStringLiteral("Unused"), hex(h.restOfHeader, 8), QStringLiteral("Zero for this type."), offset + 4, 4));
        }
        out.layers.push_back(std::move(layer));
        if (unreachable) {
            dissectQuoted(context, base + packet.payloadOffset, packet.payloadLength);
            return;
        }
    }
    const bool understood = packet.tcp || packet.udp || packet.icmp || packet.arp;
    addPayload(out, base + packet.payloadOffset, packet.payloadLength, context.frame,
               packet.icmp ? QStringLiteral("Echo data")
               : understood ? (quoted ? QStringLiteral("Quoted data") : QStringLiteral("Application data"))
                            : QStringLiteral("Payload PortLab does not decode"));
}

void dissectQuoted(Context &context, std::size_t bodyOffset, std::size_t bodyLength)
{
    const wire::DecodedPacket quoted = wire::decodeQuotedPacket(context.frame.subspan(bodyOffset, bodyLength));
    addDecoded(context, quoted, bodyOffset, true);
}

void collectProblems(Dissection &out, const std::vector<wire::WireProblem> &problems)
{
    for (const auto &p : problems) {
        if (p.text.contains(QStringLiteral("checksum")) && !p.text.startsWith(QStringLiteral("IPv4"))) {
            out.problems.push_back(p.text + QStringLiteral(" (usual in a capture made on the sending host: the network card, "
                                                           "or on loopback the kernel, fills the checksum in after the capture "
                                                           "saw the packet; this is called checksum offload)"));
        } else {
            out.problems.push_back(p.text);
        }
    }
}

void collectPath(const std::vector<DissectedField> &fields, std::size_t byteOffset, std::vector<std::size_t> &path)
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const DissectedField &f = fields[i];
        if (byteOffset >= f.offset && byteOffset < f.offset + f.length) {
            path.push_back(i);
            collectPath(f.children, byteOffset, path);
            return;
        }
    }
}

} // namespace

Dissection dissectEthernetFrame(ByteView frame, const ServiceRegistry &services)
{
    Dissection out;
    Context context{frame, services, out};
    const wire::DecodedPacket packet = wire::decodeEthernetFrame(frame);
    if (packet.ethernet)
        out.layers.push_back(ethernetLayer(*packet.ethernet, 0));
    addDecoded(context, packet, 0, false);
    collectProblems(out, packet.problems);
    return out;
}

Dissection dissectIpPacket(ByteView packetBytes, std::size_t offset, const ServiceRegistry &services)
{
    Dissection out;
    Context context{packetBytes, services, out};
    const wire::DecodedPacket packet = wire::decodeIpPacket(packetBytes.subspan(offset));
    if (offset > 0) {
        DissectedLayer link;
        link.name = QStringLiteral("Link-layer header");
        link.summary = QStringLiteral("%1 bytes").arg(offset);
        link.length = offset;
        link.fields.push_back(field(QStringLiteral("Header"), bytesText(packetBytes.first(offset)),
            QStringLiteral("What the capturing system wrote in front of the IP packet (Linux's \"cooked\" header when capturing on "
                           "all interfaces at once)."),
            0, offset));
        out.layers.push_back(std::move(link));
    }
    addDecoded(context, packet, offset, false);
    collectProblems(out, packet.problems);
    return out;
}

std::vector<std::size_t> fieldPathAt(const Dissection &dissection, std::size_t byteOffset)
{
    // Later layers are nested inside earlier ones' payloads: the innermost layer whose header
    // covers the byte is the one to look in.
    for (std::size_t i = dissection.layers.size(); i-- > 0;) {
        const DissectedLayer &layer = dissection.layers[i];
        if (byteOffset >= layer.offset && byteOffset < layer.offset + layer.length) {
            std::vector<std::size_t> path{i};
            collectPath(layer.fields, byteOffset, path);
            return path;
        }
    }
    return {};
}

} // namespace portlab
