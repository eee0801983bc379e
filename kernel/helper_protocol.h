// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/socket.h>

#include <cstdint>

namespace portlab::kernel {

// What the controller asks a helper process to do: one system call on one of the helper's
// own descriptors. Sent as one SOCK_SEQPACKET message, followed by `dataLength` bytes.
enum class HelperOp : std::uint32_t {
    Socket,        // domain = a, type = b
    Setsockopt,    // level = a, option = b, value = c
    Bind,          // address
    Listen,        // backlog = a
    Connect,       // address
    Accept,
    Send,          // data
    SendTo,        // address, data
    Receive,
    Shutdown,      // how = a
    Close,
    Getsockname,
    Getpeername,
    Describe,      // no call: just report the descriptor's names and inode
};

struct HelperRequest {
    HelperOp op = HelperOp::Describe;
    std::int32_t fd = -1;
    std::int32_t a = 0;
    std::int32_t b = 0;
    std::int32_t c = 0;
    std::uint32_t addressLength = 0;
    sockaddr_storage address{};
    std::uint32_t dataLength = 0;
};

// The answer: the call's return value and errno, then what the descriptor it concerns looks
// like afterwards (before, for close): getsockname, getpeername (length 0 when it failed),
// the socket's inode (to find it in the namespace's socket dump) and its type.
struct HelperReply {
    std::int32_t result = -1;
    std::int32_t error = 0;
    std::int32_t subjectFd = -1;   // the new descriptor for socket and accept
    std::uint32_t localLength = 0;
    sockaddr_storage local{};
    std::uint32_t peerLength = 0;
    sockaddr_storage peer{};
    std::uint64_t inode = 0;
    std::uint32_t dataLength = 0;  // bytes received, following the reply
};

// Large enough for any scenario string and for everything a recv() collects at once.
inline constexpr std::uint32_t maxHelperData = 64 * 1024;

} // namespace portlab::kernel
