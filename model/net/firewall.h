// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ip_address.h"
#include "wire/ip.h"

#include <QString>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace portlab {

// A host's packet filter as iptables (nf_tables back end, 1.8.9) sets it up: the filter table's
// INPUT, FORWARD and OUTPUT chains and the nat table's PREROUTING, INPUT, OUTPUT and POSTROUTING,
// each an ordered list of rules and a policy. Like iptables it sees IPv4 packets only.
enum class FirewallTable : std::uint8_t { Filter, Nat };
enum class FirewallChain : std::uint8_t { Prerouting, Input, Forward, Output, Postrouting };

QString firewallTableName(FirewallTable table);    // "filter"
QString firewallChainName(FirewallChain chain);    // "INPUT"
std::optional<FirewallChain> firewallChainFromName(QStringView name);
// The chains a table has, in the order iptables lists them.
std::vector<FirewallChain> firewallChainsOf(FirewallTable table);

// Connection tracking states, as conntrack's --ctstate names them; bits, in the order iptables prints them.
namespace CtState {
inline constexpr std::uint8_t Invalid = 1;
inline constexpr std::uint8_t New = 2;
inline constexpr std::uint8_t Related = 4;
inline constexpr std::uint8_t Established = 8;
inline constexpr std::uint8_t Untracked = 16;
inline constexpr std::uint8_t Snat = 32;
inline constexpr std::uint8_t Dnat = 64;
}
QString ctStatesText(std::uint8_t states);   // "RELATED,ESTABLISHED"
std::optional<std::uint8_t> ctStatesFromText(QStringView text, bool stateModule, QString *unknown);

enum class FirewallTarget : std::uint8_t { Accept, Drop, Reject, Dnat, Redirect, Snat, Masquerade };
// DNAT and REDIRECT choose where a new flow goes; SNAT and MASQUERADE what it seems to come from.
bool isDestinationTranslation(FirewallTarget target);
bool isSourceTranslation(FirewallTarget target);
QString firewallTargetName(FirewallTarget target);   // "ACCEPT"

// What REJECT answers with: --reject-with, in the words iptables uses.
enum class RejectWith : std::uint8_t {
    NetUnreachable, HostUnreachable, PortUnreachable, ProtoUnreachable, NetProhibited, HostProhibited, AdminProhibited, TcpReset,
};
QString rejectWithName(RejectWith with);   // "icmp-port-unreachable"
std::optional<RejectWith> rejectWithFromName(QStringView name);
std::uint8_t rejectIcmpCode(RejectWith with);   // the ICMP destination-unreachable code

// Protocols by their IP number (wire::IpProtocol); 0 is iptables' "all".
inline constexpr std::uint8_t AnyProtocol = 0;

struct AddressMatch {
    IpAddress network;        // already masked, as iptables stores it
    int prefixLength = 32;
    bool negated = false;
    bool matches(const IpAddress &address) const;
};

struct PortMatch {
    std::uint16_t low = 0;
    std::uint16_t high = 0;
    bool negated = false;
    bool matches(std::uint16_t port) const { return (port >= low && port <= high) != negated; }
};

struct InterfaceMatch {
    QString name;             // "lo", "eth0"
    bool negated = false;
};

// The match extensions a rule loaded, in the order they were loaded: iptables prints them so.
enum class MatchModule : std::uint8_t { Tcp, Udp, Conntrack, State };

// One rule. Counters count the packets (and their IP bytes) it matched.
struct FirewallRule {
    std::optional<AddressMatch> source;
    std::optional<AddressMatch> destination;
    std::optional<InterfaceMatch> inInterface;
    std::optional<InterfaceMatch> outInterface;
    std::uint8_t protocol = AnyProtocol;
    bool protocolNegated = false;
    std::optional<PortMatch> sourcePort;
    std::optional<PortMatch> destinationPort;
    std::uint8_t ctStates = 0;
    bool ctStatesNegated = false;
    std::vector<MatchModule> modules;
    FirewallTarget target = FirewallTarget::Accept;
    RejectWith rejectWith = RejectWith::PortUnreachable;
    std::optional<IpAddress> natAddress;   // DNAT --to-destination, SNAT --to-source ADDRESS[:PORT]
    std::uint16_t natPort = 0;             // their port, REDIRECT's and MASQUERADE's --to-ports; 0: keep the port
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;

    // The rule as `iptables -S` prints it after "-A CHAIN ", and as the stage names it.
    QString specification() const;
    bool sameRuleAs(const FirewallRule &other) const { return specification() == other.specification(); }
};

// What a packet looks like to the filter.
struct PacketFacts {
    IpAddress source;
    IpAddress destination;
    std::uint8_t protocol = wire::IpProtocol::Tcp;
    std::uint16_t sourcePort = 0;
    std::uint16_t destinationPort = 0;
    std::uint8_t ctState = CtState::New;
    QString inInterface;      // empty on the way out
    QString outInterface;     // empty on the way in
    std::uint32_t length = 0; // IP total length, for the byte counters
};

struct FirewallVerdict {
    FirewallTarget target = FirewallTarget::Accept;
    int ruleNumber = 0;       // 1-based; 0: the chain's policy decided
    const FirewallRule *rule = nullptr;
    FirewallTable table = FirewallTable::Filter;
    FirewallChain chain = FirewallChain::Input;

    // "INPUT rule 1: -p tcp -m tcp --dport 22 -j DROP", or which policy decided.
    QString explanation() const;
};

struct FirewallChainRules {
    std::vector<FirewallRule> rules;
    FirewallTarget policy = FirewallTarget::Accept;
    // iptables-nft gives a built-in chain's policy a counter only when -P sets it (which also
    // zeroes it); until then -v shows 0 packets however many fell through (measured).
    bool policyCounted = false;
    std::uint64_t policyPackets = 0;
    std::uint64_t policyBytes = 0;
};

class Firewall {
public:
    FirewallChainRules &chain(FirewallTable table, FirewallChain chain) { return m_chains[index(table, chain)]; }
    const FirewallChainRules &chain(FirewallTable table, FirewallChain chain) const { return m_chains[index(table, chain)]; }

    // Runs the packet through one chain, first matching rule wins, and counts it.
    FirewallVerdict decide(FirewallTable table, FirewallChain chain, const PacketFacts &packet);

private:
    static std::size_t index(FirewallTable table, FirewallChain chain)
    {
        return static_cast<std::size_t>(table) * 5 + static_cast<std::size_t>(chain);
    }
    std::array<FirewallChainRules, 10> m_chains;
};

bool ruleMatches(const FirewallRule &rule, const PacketFacts &packet);

} // namespace portlab
