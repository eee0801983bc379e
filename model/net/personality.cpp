// SPDX-License-Identifier: GPL-3.0-or-later
#include "personality.h"

namespace portlab {

Personality Personality::forLinux()
{
    Personality p;
    p.kind = PersonalityKind::Linux;
    p.name = QStringLiteral("linux");
    p.displayName = QStringLiteral("Linux");
    // net.ipv4.ip_local_port_range and net.ipv4.ip_unprivileged_port_start defaults;
    // TCP_TIMEWAIT_LEN is 60 s in include/net/tcp.h.
    return p;
}

Personality Personality::forIana()
{
    // The Linux rules with the dynamic range RFC 6335 section 6 recommends (49152-65535),
    // the range FreeBSD and macOS also use by default.
    Personality p = forLinux();
    p.kind = PersonalityKind::Iana;
    p.name = QStringLiteral("iana");
    p.displayName = QStringLiteral("Linux rules, IANA's dynamic range");
    p.ephemeralLow = 49152;
    p.ephemeralHigh = 65535;
    return p;
}

Personality Personality::forWindows()
{
    // Windows since Vista: dynamic range 49152-65535 ("netsh int ipv4 show dynamicport tcp"),
    // no privileged ports, no SO_REUSEPORT, its own sharing table (bind_rules.cpp), and
    // TIME_WAIT of TcpTimedWaitDelay, 120 s by default. The model takes the kernel's automatic
    // port choice to be Linux's without the parity split; Windows does not document its own.
    Personality p;
    p.kind = PersonalityKind::Windows;
    p.name = QStringLiteral("windows");
    p.displayName = QStringLiteral("Windows");
    p.ephemeralLow = 49152;
    p.ephemeralHigh = 65535;
    p.unprivilegedPortStart = 0;
    p.splitsParity = false;
    p.hasReusePort = false;
    p.timeWaitSeconds = 120;
    return p;
}

std::optional<Personality> Personality::fromName(QStringView name)
{
    if (name == u"linux")
        return forLinux();
    if (name == u"iana")
        return forIana();
    if (name == u"windows")
        return forWindows();
    return std::nullopt;
}

} // namespace portlab
