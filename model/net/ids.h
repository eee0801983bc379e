// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <limits>

namespace portlab {

// What names a socket, a host, a process and a user in a World.
using SocketId = std::uint32_t;
using HostId = std::uint32_t;
using Pid = std::int32_t;
using Uid = std::uint32_t;

inline constexpr SocketId NoSocket = std::numeric_limits<SocketId>::max();
inline constexpr Pid NoProcess = 0;

} // namespace portlab
