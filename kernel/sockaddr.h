// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ip_address.h"

#include <sys/socket.h>

#include <optional>

namespace portlab::kernel {

// A socket address as the kernel takes it, with its length.
struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
};

// The address a C program would pass for this endpoint: sockaddr_in for IPv4, sockaddr_in6 for
// IPv6 (the scenario's address family decides, not the socket's, so a family mismatch reaches
// the kernel and draws its own errno).
SocketAddress toSocketAddress(const Endpoint &endpoint);
std::optional<Endpoint> fromSocketAddress(const sockaddr_storage &storage, socklen_t length);
std::optional<Endpoint> fromRawAddress(int family, const void *address, std::uint16_t networkOrderPort);

} // namespace portlab::kernel
