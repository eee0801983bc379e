// SPDX-License-Identifier: GPL-3.0-or-later
#include "firewall.h"

#include <QStringList>

namespace portlab {

namespace {

struct ChainName {
    FirewallChain chain;
    const char16_t *name;
};
constexpr std::array chainNames{
    ChainName{FirewallChain::Prerouting, u"PREROUTING"}, ChainName{FirewallChain::Input, u"INPUT"},
    ChainName{FirewallChain::Forward, u"FORWARD"}, ChainName{FirewallChain::Output, u"OUTPUT"},
    ChainName{FirewallChain::Postrouting, u"POSTROUTING"},
};

struct CtStateName {
    std::uint8_t bit;
    const char16_t *name;
};
constexpr std::array ctStateNames{
    CtStateName{CtState::Invalid, u"INVALID"}, CtStateName{CtState::New, u"NEW"}, CtStateName{CtState::Related, u"RELATED"},
    CtStateName{CtState::Established, u"ESTABLISHED"}, CtStateName{CtState::Untracked, u"UNTRACKED"},
    CtStateName{CtState::Snat, u"SNAT"}, CtStateName{CtState::Dnat, u"DNAT"},
};

struct RejectName {
    RejectWith with;
    const char16_t *name;
    std::uint8_t code;
};
// RFC 792 and RFC 1812 codes of destination unreachable, as REJECT writes them.
constexpr std::array rejectNames{
    RejectName{RejectWith::NetUnreachable, u"icmp-net-unreachable", 0},
    RejectName{RejectWith::HostUnreachable, u"icmp-host-unreachable", 1},
    RejectName{RejectWith::ProtoUnreachable, u"icmp-proto-unreachable", 2},
    RejectName{RejectWith::PortUnreachable, u"icmp-port-unreachable", 3},
    RejectName{RejectWith::NetProhibited, u"icmp-net-prohibited", 9},
    RejectName{RejectWith::HostProhibited, u"icmp-host-prohibited", 10},
    RejectName{RejectWith::AdminProhibited, u"icmp-admin-prohibited", 13},
    RejectName{RejectWith::TcpReset, u"tcp-reset", 0},
};

QString protocolName(std::uint8_t protocol)
{
    switch (protocol) {
    case wire::IpProtocol::Tcp: return QStringLiteral("tcp");
    case wire::IpProtocol::Udp: return QStringLiteral("udp");
    case wire::IpProtocol::Icmp: return QStringLiteral("icmp");
    default: return QString::number(protocol);
    }
}

QString portsText(const PortMatch &ports)
{
    return ports.low == ports.high ? QString::number(ports.low) : QStringLiteral("%1:%2").arg(ports.low).arg(ports.high);
}

QString addressText(const AddressMatch &match)
{
    return QStringLiteral("%1/%2").arg(match.network.toString()).arg(match.prefixLength);
}

} // namespace

QString firewallTableName(FirewallTable table)
{
    return table == FirewallTable::Filter ? QStringLiteral("filter") : QStringLiteral("nat");
}

QString firewallChainName(FirewallChain chain)
{
    return QString::fromUtf16(chainNames[static_cast<std::size_t>(chain)].name);
}

std::optional<FirewallChain> firewallChainFromName(QStringView name)
{
    for (const ChainName &c : chainNames) {
        if (name == QStringView(c.name))
            return c.chain;
    }
    return std::nullopt;
}

std::vector<FirewallChain> firewallChainsOf(FirewallTable table)
{
    if (table == FirewallTable::Filter)
        return {FirewallChain::Input, FirewallChain::Forward, FirewallChain::Output};
    return {FirewallChain::Prerouting, FirewallChain::Input, FirewallChain::Output, FirewallChain::Postrouting};
}

QString ctStatesText(std::uint8_t states)
{
    QStringList names;
    for (const CtStateName &s : ctStateNames) {
        if (states & s.bit)
            names << QString::fromUtf16(s.name);
    }
    return names.join(u',');
}

std::optional<std::uint8_t> ctStatesFromText(QStringView text, bool stateModule, QString *unknown)
{
    std::uint8_t states = 0;
    for (const QStringView part : text.split(u',')) {
        bool known = false;
        for (const CtStateName &s : ctStateNames) {
            // The older state match knows only the first five.
            if (part == QStringView(s.name) && (!stateModule || s.bit <= CtState::Untracked)) {
                states |= s.bit;
                known = true;
            }
        }
        if (!known) {
            *unknown = part.toString();
            return std::nullopt;
        }
    }
    return states;
}

QString firewallTargetName(FirewallTarget target)
{
    switch (target) {
    case FirewallTarget::Accept: return QStringLiteral("ACCEPT");
    case FirewallTarget::Drop: return QStringLiteral("DROP");
    case FirewallTarget::Reject: return QStringLiteral("REJECT");
    case FirewallTarget::Dnat: return QStringLiteral("DNAT");
    case FirewallTarget::Redirect: return QStringLiteral("REDIRECT");
    case FirewallTarget::Snat: return QStringLiteral("SNAT");
    case FirewallTarget::Masquerade: return QStringLiteral("MASQUERADE");
    }
    return {};
}

bool isDestinationTranslation(FirewallTarget target)
{
    return target == FirewallTarget::Dnat || target == FirewallTarget::Redirect;
}

bool isSourceTranslation(FirewallTarget target)
{
    return target == FirewallTarget::Snat || target == FirewallTarget::Masquerade;
}

QString rejectWithName(RejectWith with)
{
    for (const RejectName &r : rejectNames) {
        if (r.with == with)
            return QString::fromUtf16(r.name);
    }
    return {};
}

std::optional<RejectWith> rejectWithFromName(QStringView name)
{
    for (const RejectName &r : rejectNames) {
        if (name == QStringView(r.name))
            return r.with;
    }
    return std::nullopt;
}

std::uint8_t rejectIcmpCode(RejectWith with)
{
    for (const RejectName &r : rejectNames) {
        if (r.with == with)
            return r.code;
    }
    return 3;
}

bool AddressMatch::matches(const IpAddress &address) const
{
    if (!address.isV4() || !network.isV4())
        return negated;
    const std::uint32_t mask = prefixLength == 0 ? 0 : ~std::uint32_t{0} << (32 - prefixLength);
    return ((address.v4Value() & mask) == network.v4Value()) != negated;
}

QString FirewallRule::specification() const
{
    QStringList words;
    // One option and its value, with the "!" iptables -S writes before a negated one.
    auto option = [&words](bool negated, const char *name, const QString &value) {
        if (negated)
            words << QStringLiteral("!");
        words << QString::fromLatin1(name) << value;
    };
    if (source)
        option(source->negated, "-s", addressText(*source));
    if (destination)
        option(destination->negated, "-d", addressText(*destination));
    if (inInterface)
        option(inInterface->negated, "-i", inInterface->name);
    if (outInterface)
        option(outInterface->negated, "-o", outInterface->name);
    if (protocol != AnyProtocol)
        option(protocolNegated, "-p", protocolName(protocol));
    for (const MatchModule module : modules) {
        switch (module) {
        case MatchModule::Tcp:
        case MatchModule::Udp:
            option(false, "-m", module == MatchModule::Tcp ? QStringLiteral("tcp") : QStringLiteral("udp"));
            if (sourcePort)
                option(sourcePort->negated, "--sport", portsText(*sourcePort));
            if (destinationPort)
                option(destinationPort->negated, "--dport", portsText(*destinationPort));
            break;
        case MatchModule::Conntrack:
        case MatchModule::State: {
            const bool state = module == MatchModule::State;
            option(false, "-m", state ? QStringLiteral("state") : QStringLiteral("conntrack"));
            option(ctStatesNegated, state ? "--state" : "--ctstate", ctStatesText(ctStates));
            break;
        }
        }
    }
    words << QStringLiteral("-j") << firewallTargetName(target);
    switch (target) {
    case FirewallTarget::Reject:
        words << QStringLiteral("--reject-with") << rejectWithName(rejectWith);
        break;
    case FirewallTarget::Dnat:
    case FirewallTarget::Snat:
        words << (target == FirewallTarget::Dnat ? QStringLiteral("--to-destination") : QStringLiteral("--to-source"))
              << (natPort ? QStringLiteral("%1:%2").arg(natAddress->toString()).arg(natPort) : natAddress->toString());
        break;
    case FirewallTarget::Redirect:
    case FirewallTarget::Masquerade:
        if (natPort)
            words << QStringLiteral("--to-ports") << QString::number(natPort);
        break;
    default:
        break;
    }
    return words.join(u' ');
}

bool ruleMatches(const FirewallRule &rule, const PacketFacts &packet)
{
    if (rule.source && !rule.source->matches(packet.source))
        return false;
    if (rule.destination && !rule.destination->matches(packet.destination))
        return false;
    auto interfaceMatches = [](const std::optional<InterfaceMatch> &match, const QString &name) {
        return !match || (!name.isEmpty() && (match->name == name) != match->negated);
    };
    if (!interfaceMatches(rule.inInterface, packet.inInterface) || !interfaceMatches(rule.outInterface, packet.outInterface))
        return false;
    if (rule.protocol != AnyProtocol && (rule.protocol == packet.protocol) == rule.protocolNegated)
        return false;
    // A port match belongs to -p tcp or -p udp, so the protocol already matched.
    if (rule.sourcePort && !rule.sourcePort->matches(packet.sourcePort))
        return false;
    if (rule.destinationPort && !rule.destinationPort->matches(packet.destinationPort))
        return false;
    if (rule.ctStates && ((rule.ctStates & packet.ctState) != 0) == rule.ctStatesNegated)
        return false;
    return true;
}

FirewallVerdict Firewall::decide(FirewallTable table, FirewallChain chainId, const PacketFacts &packet)
{
    FirewallChainRules &rules = chain(table, chainId);
    for (std::size_t i = 0; i < rules.rules.size(); ++i) {
        FirewallRule &rule = rules.rules[i];
        if (!ruleMatches(rule, packet))
            continue;
        ++rule.packets;
        rule.bytes += packet.length;
        return {rule.target, static_cast<int>(i) + 1, &rule, table, chainId};
    }
    if (rules.policyCounted) {
        ++rules.policyPackets;
        rules.policyBytes += packet.length;
    }
    return {rules.policy, 0, nullptr, table, chainId};
}

QString FirewallVerdict::explanation() const
{
    const QString where = (table == FirewallTable::Nat ? QStringLiteral("nat ") : QString()) + firewallChainName(chain);
    if (rule)
        return QStringLiteral("%1 rule %2: %3").arg(where).arg(ruleNumber).arg(rule->specification());
    return QStringLiteral("no %1 rule matched, and the chain's policy is %2").arg(where, firewallTargetName(target));
}

} // namespace portlab
