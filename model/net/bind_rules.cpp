// SPDX-License-Identifier: GPL-3.0-or-later
#include "bind_rules.h"

#include <optional>

namespace portlab {

namespace {

// The IPv4 address an IPv4-capable socket answers for (0.0.0.0 for a dual-stack [::]).
IpAddress ipv4View(const BoundAddress &a)
{
    if (a.socketFamily == Family::IPv4)
        return a.address;
    return a.address.isUnspecified() ? IpAddress::anyV4() : a.address.mappedV4();
}

bool isMappedOrV4(const BoundAddress &a)
{
    return a.socketFamily == Family::IPv4 || a.address.isV4Mapped();
}

bool ipv4Overlap(const IpAddress &one, const IpAddress &other)
{
    return one == other || one.isUnspecified() || other.isUnspecified();
}

// A specific, non-mapped IPv6 bind makes Linux set sk_ipv6only (net/ipv6/af_inet6.c).
bool effectiveV6Only(const BoundAddress &a)
{
    if (a.socketFamily != Family::IPv6)
        return false;
    return a.v6Only || (!a.address.isUnspecified() && !a.address.isV4Mapped());
}

bool tcpOwnersConflict(const Socket &sk, const Socket &sk2, bool relax, bool reusePortOk)
{
    // net/ipv4/inet_connection_sock.c, inet_bind_conflict(); TIME_WAIT keeps the closed socket's
    // SO_REUSEADDR/SO_REUSEPORT (tw_reuse, tw_reuseport) and its owner no longer matters.
    const bool sameOwner = sk.uid == sk2.uid;
    if (sk.reuseAddr && sk2.reuseAddr && sk2.state != SocketState::Listen) {
        return !relax
            || (!reusePortOk && sk.reusePort && sk2.reusePort
                && (sk2.state == SocketState::TimeWait || sameOwner));
    }
    return !reusePortOk || !sk.reusePort || !sk2.reusePort
        || (sk2.state != SocketState::TimeWait && !sameOwner);
}

bool udpOwnersConflict(const Socket &sk, const Socket &sk2)
{
    // net/ipv4/udp.c, udp_lib_lport_inuse(): SO_REUSEADDR on both always shares; SO_REUSEPORT
    // on both shares when the same user owns them.
    if (sk.reuseAddr && sk2.reuseAddr)
        return false;
    return !(sk.reusePort && sk2.reusePort && sk.uid == sk2.uid);
}

// Windows (Microsoft's "Sharing Transport Addresses" table): a specific and a wildcard bind may
// coexist; SO_REUSEADDR on both always shares; SO_REUSEADDR against a socket without it is
// refused with WSAEACCES. "CHECK" cells succeed for the same user and are refused otherwise.
std::optional<Errno> windowsConflict(const Socket &sk, const BoundAddress &address, const Socket &sk2)
{
    const bool wildcard = address.address.isUnspecified();
    const bool otherWildcard = sk2.local.address.isUnspecified();
    if (sk.reuseAddr && sk2.reuseAddr)
        return std::nullopt;
    if (!wildcard && otherWildcard)   // specific after wildcard: CHECK
        return sk.uid == sk2.uid ? std::nullopt : std::optional(Errno::Acces);
    if (wildcard && !otherWildcard)   // wildcard after specific: SUCCESS
        return std::nullopt;
    return sk.reuseAddr || sk2.reuseAddr ? (sk.reuseAddr ? std::optional(Errno::Acces) : std::optional(Errno::AddrInUse))
                                         : std::optional(Errno::AddrInUse);
}

} // namespace

bool addressesOverlap(const BoundAddress &candidate, const BoundAddress &existing)
{
    if (candidate.socketFamily == Family::IPv4 && existing.socketFamily == Family::IPv4) {
        // The common case, checked for every owner of a port: four bytes each, no wildcard rules.
        const std::uint32_t one = candidate.address.v4Value();
        const std::uint32_t other = existing.address.v4Value();
        return one == other || one == 0 || other == 0;
    }
    const bool candidateV6Only = effectiveV6Only(candidate);
    const bool existingV6Only = effectiveV6Only(existing);

    if (candidate.socketFamily == Family::IPv4) {
        if (existingV6Only)
            return false;
        return ipv4Overlap(candidate.address, ipv4View(existing));
    }

    // net/ipv6/inet6_connection_sock.c / inet_hashtables.c, ipv6_rcv_saddr_equal().
    const bool candidateMapped = isMappedOrV4(candidate);
    const bool existingMapped = isMappedOrV4(existing);
    if (candidateMapped && existingMapped)
        return !existingV6Only && ipv4Overlap(ipv4View(candidate), ipv4View(existing));

    const bool candidateAny = candidate.address.isUnspecified();
    const bool existingAny = existing.socketFamily == Family::IPv6 && existing.address.isUnspecified();
    if (candidateAny && existingAny)
        return true;
    if (existingAny && !(existingV6Only && candidateMapped))
        return true;
    if (candidateAny && !(candidateV6Only && existingMapped))
        return true;
    return existing.socketFamily == Family::IPv6 && candidate.address == existing.address;
}

BindConflict findBindConflict(const Socket &candidate, const BoundAddress &address, const BindBucket &bucket,
                              const SocketStore &store, const Personality &personality, BindCheck check)
{
    const bool relax = check == BindCheck::Explicit;
    const bool reusePortOk = check == BindCheck::Explicit && personality.hasReusePort;
    // SO_REUSEPORT on both sides and one owner never conflicts, whatever the states and
    // addresses; with a whole bucket like that, there is nothing to scan.
    if (reusePortOk && candidate.reusePort && bucket.allShareThroughReusePort && bucket.reusePortOwner == candidate.uid)
        return {};
    for (const SocketId ownerId : bucket.owners) {
        if (ownerId == candidate.id)
            continue;
        const Socket &owner = store[ownerId];
        if (!addressesOverlap(address, BoundAddress::of(owner)))
            continue;
        if (personality.kind == PersonalityKind::Windows) {
            if (!relax)
                return {candidate.id, ownerId, Errno::AddrInUse};
            if (const auto error = windowsConflict(candidate, address, owner))
                return {candidate.id, ownerId, *error};
            continue;
        }
        const bool conflict = candidate.protocol == Protocol::Tcp
            ? tcpOwnersConflict(candidate, owner, relax, reusePortOk)
            : udpOwnersConflict(candidate, owner);   // udp_lib_get_port() uses it for port 0 too
        if (conflict)
            return {candidate.id, ownerId, Errno::AddrInUse};
    }
    return {};
}

} // namespace portlab
