// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ss.h"

namespace portlab {

// netstat takes the same six letters as ss (-t -u -l -a -n -p) with the same meanings, so
// both statements share one options type; only the selection rules and the layout differ.
using NetstatOptions = SsOptions;

// A host's Internet sockets as net-tools netstat prints them with -n: the "Active Internet
// connections (…)" line, the column header, then tcp, tcp6, udp and udp6 rows. Built from
// the same socket rows as ss (ssRows), so both tools always describe the same sockets.
// Numeric only: without -n netstat asks DNS for every address, which a simulation can't fake.
QString netstatReport(const World &world, HostId host, const NetstatOptions &options);

} // namespace portlab
