// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/world.h"

#include <optional>

namespace portlab {

struct LsofOptions {
    std::optional<std::uint16_t> port;   // -i :PORT: only sockets with this local or remote port
};

// `lsof -nP -i [:PORT]` on one host: the open Internet sockets of its processes, one row per
// descriptor, in lsof's columns (COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME). Empty,
// without even the header, when nothing matches, as lsof prints nothing then.
QString lsofReport(const World &world, HostId host, const LsofOptions &options);

} // namespace portlab
