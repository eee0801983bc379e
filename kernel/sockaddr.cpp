// SPDX-License-Identifier: GPL-3.0-or-later
#include "sockaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace portlab::kernel {

SocketAddress toSocketAddress(const Endpoint &endpoint)
{
    SocketAddress address;
    if (endpoint.address.isV4()) {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        v4.sin_port = htons(endpoint.port);
        v4.sin_addr.s_addr = htonl(endpoint.address.v4Value());
        std::memcpy(&address.storage, &v4, sizeof v4);
        address.length = sizeof v4;
    } else {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(endpoint.port);
        std::memcpy(v6.sin6_addr.s6_addr, endpoint.address.bytes().data(), 16);
        std::memcpy(&address.storage, &v6, sizeof v6);
        address.length = sizeof v6;
    }
    return address;
}

std::optional<Endpoint> fromRawAddress(int family, const void *address, std::uint16_t networkOrderPort)
{
    Endpoint endpoint;
    endpoint.port = ntohs(networkOrderPort);
    if (family == AF_INET) {
        std::uint32_t value = 0;
        std::memcpy(&value, address, sizeof value);
        endpoint.address = IpAddress::v4(ntohl(value));
        return endpoint;
    }
    if (family == AF_INET6) {
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), address, bytes.size());
        endpoint.address = IpAddress::v6(bytes);
        return endpoint;
    }
    return std::nullopt;
}

std::optional<Endpoint> fromSocketAddress(const sockaddr_storage &storage, socklen_t length)
{
    if (storage.ss_family == AF_INET && length >= sizeof(sockaddr_in)) {
        sockaddr_in v4{};
        std::memcpy(&v4, &storage, sizeof v4);
        return fromRawAddress(AF_INET, &v4.sin_addr, v4.sin_port);
    }
    if (storage.ss_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
        sockaddr_in6 v6{};
        std::memcpy(&v6, &storage, sizeof v6);
        return fromRawAddress(AF_INET6, &v6.sin6_addr, v6.sin6_port);
    }
    return std::nullopt;
}

} // namespace portlab::kernel
