// SPDX-License-Identifier: GPL-3.0-or-later
#include "envelope.h"

#include <QStringList>

namespace portlab {

QString stackLayerName(StackLayer layer)
{
    switch (layer) {
    case StackLayer::Application: return QStringLiteral("application");
    case StackLayer::Transport: return QStringLiteral("transport");
    case StackLayer::Network: return QStringLiteral("network");
    case StackLayer::Link: return QStringLiteral("link");
    }
    return {};
}

QByteArray Envelope::bytesAt(StackLayer layer) const
{
    switch (layer) {
    case StackLayer::Application: return payload;
    case StackLayer::Transport: return frame.mid(transportOffset);
    case StackLayer::Network: return frame.mid(networkOffset);
    case StackLayer::Link: return frame;
    }
    return {};
}

QString tcpFlagsText(std::uint8_t flags)
{
    QStringList names;
    if (flags & TcpFlag::Syn) names << QStringLiteral("SYN");
    if (flags & TcpFlag::Fin) names << QStringLiteral("FIN");
    if (flags & TcpFlag::Rst) names << QStringLiteral("RST");
    if (flags & TcpFlag::Psh) names << QStringLiteral("PSH");
    if (flags & TcpFlag::Ack) names << QStringLiteral("ACK");
    return names.join(QStringLiteral(", "));
}

QString icmpUnreachableText(const Envelope &envelope)
{
    // RFC 792 / RFC 1812 codes for IPv4, RFC 4443 for IPv6.
    const std::uint8_t code = envelope.icmpCode;
    if (envelope.destination.address.isV6()) {
        switch (code) {
        case 0: return QStringLiteral("no route");
        case 1: return QStringLiteral("administratively prohibited");
        case 3: return QStringLiteral("address unreachable");
        case 4: return QStringLiteral("port unreachable");
        default: return QStringLiteral("unreachable (code %1)").arg(code);
        }
    }
    switch (code) {
    case 0: return QStringLiteral("network unreachable");
    case 1: return QStringLiteral("host unreachable");
    case 2: return QStringLiteral("protocol unreachable");
    case 3: return QStringLiteral("port unreachable");
    case 9: return QStringLiteral("network prohibited");
    case 10: return QStringLiteral("host prohibited");
    case 13: return QStringLiteral("administratively prohibited");
    default: return QStringLiteral("unreachable (code %1)").arg(code);
    }
}

QString envelopeKindName(const Envelope &envelope)
{
    switch (envelope.kind) {
    case EnvelopeKind::UdpDatagram: return QStringLiteral("UDP");
    case EnvelopeKind::IcmpPortUnreachable: return QStringLiteral("ICMP ") + icmpUnreachableText(envelope);
    case EnvelopeKind::TcpSegment: break;
    }
    if (envelope.has(TcpFlag::Rst)) return QStringLiteral("RST");
    if (envelope.has(TcpFlag::Syn)) return envelope.has(TcpFlag::Ack) ? QStringLiteral("SYN-ACK") : QStringLiteral("SYN");
    if (envelope.has(TcpFlag::Fin)) return QStringLiteral("FIN");
    if (!envelope.payload.isEmpty()) return QStringLiteral("DATA");
    return QStringLiteral("ACK");
}

QString envelopeSummary(const Envelope &envelope)
{
    const QString route = envelope.source.toString() + QStringLiteral(" → ") + envelope.destination.toString();
    switch (envelope.kind) {
    case EnvelopeKind::TcpSegment: {
        QString text = QStringLiteral("TCP ") + route + QStringLiteral(" [") + tcpFlagsText(envelope.tcpFlags) + u']';
        if (!envelope.payload.isEmpty())
            text += QStringLiteral(" %1 bytes").arg(envelope.payload.size());
        return text;
    }
    case EnvelopeKind::UdpDatagram:
        return QStringLiteral("UDP ") + route + QStringLiteral(" %1 bytes").arg(envelope.payload.size());
    case EnvelopeKind::IcmpPortUnreachable:
        return QStringLiteral("ICMP ") + envelope.source.address.toString() + QStringLiteral(" → ")
            + envelope.destination.address.toString() + u' ' + icmpUnreachableText(envelope) + QStringLiteral(" (")
            + protocolName(envelope.quotedProtocol) + u' ' + envelope.quotedDestination.toString() + u')';
    }
    return route;
}

} // namespace portlab
