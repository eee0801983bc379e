// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/world.h"
#include "tools/services.h"

namespace portlab {

// `nc -z -v ADDRESS LOW[-HIGH]`: netcat-openbsd's connect scan.
struct NcOptions {
    IpAddress address;
    QString addressText;         // as written: nc prints its argument, not a canonical form
    std::uint16_t low = 0;
    std::uint16_t high = 0;
};

struct NcScan {
    QString output;              // what nc -v prints on stderr, one line per port
    int succeeded = 0;
    Errno lastError = Errno::Ok; // the last failed connect's errno
    QString lastExplanation;     // and the model's sentence about it
};

// For each port in order, what nc -z does: a fresh TCP socket, connect(), close() (no byte
// sent or read), every envelope on the wire. The lines are netcat-openbsd 1.219's:
// "Connection to 10.0.0.1 22 port [tcp/ssh] succeeded!" (the service name from the
// registry, as getservbyport gives it from /etc/services, or "*"), and
// "nc: connect to 10.0.0.1 port 23 (tcp) failed: Connection refused" (strerror).
NcScan ncScan(World &world, Pid pid, const NcOptions &options, const ServiceRegistry &services);

} // namespace portlab
