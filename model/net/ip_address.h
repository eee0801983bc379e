// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <array>
#include <compare>
#include <cstdint>
#include <optional>

namespace portlab {

enum class Family : std::uint8_t { IPv4, IPv6 };

// An IPv4 or IPv6 address held as bytes in network order. The model cannot use QHostAddress
// (QtNetwork), and wants a value type that is cheap to copy and hash a million times.
class IpAddress {
public:
    IpAddress() = default;
    static IpAddress v4(std::uint32_t hostOrder);
    static IpAddress v6(const std::array<std::uint8_t, 16> &bytes);
    static IpAddress anyV4() { return v4(0); }
    static IpAddress anyV6() { return v6({}); }
    static IpAddress loopbackV4() { return v4(0x7f000001); }
    static IpAddress loopbackV6();

    // Accepts dotted quads and RFC 4291 text forms (with "::" and an embedded IPv4 tail).
    static std::optional<IpAddress> parse(QStringView text);

    Family family() const { return m_family; }
    bool isV4() const { return m_family == Family::IPv4; }
    bool isV6() const { return m_family == Family::IPv6; }
    std::uint32_t v4Value() const                        // host order; only for IPv4
    {
        return (std::uint32_t{m_bytes[0]} << 24) | (std::uint32_t{m_bytes[1]} << 16)
            | (std::uint32_t{m_bytes[2]} << 8) | std::uint32_t{m_bytes[3]};
    }
    const std::array<std::uint8_t, 16> &bytes() const { return m_bytes; }

    bool isUnspecified() const;                          // 0.0.0.0 or ::
    bool isLoopback() const;                             // 127.0.0.0/8 or ::1
    bool isV4Mapped() const;                             // ::ffff:a.b.c.d
    bool isMulticast() const;
    bool needsZone() const;                              // fe80::/10 and link-local multicast ff02::/16
    IpAddress mappedV4() const;                          // the a.b.c.d of ::ffff:a.b.c.d
    IpAddress toV4Mapped() const;                        // a.b.c.d -> ::ffff:a.b.c.d

    QString toString() const;                            // canonical (RFC 5952) text

    std::uint64_t hash() const;

    friend bool operator==(const IpAddress &, const IpAddress &) = default;
    friend auto operator<=>(const IpAddress &, const IpAddress &) = default;

private:
    Family m_family = Family::IPv4;
    // IPv4 uses the first four bytes; the rest stay zero so comparison and hashing are uniform.
    std::array<std::uint8_t, 16> m_bytes{};
};

struct Endpoint {
    IpAddress address;
    std::uint16_t port = 0;

    // "10.0.0.1:80", "[::1]:80", "[fe80::1%eth0]:80" (the zone is accepted and kept apart).
    static std::optional<Endpoint> parse(QStringView text, QString *zone = nullptr);
    QString toString() const;   // IPv6 in brackets, as socket-address notation writes it

    friend bool operator==(const Endpoint &, const Endpoint &) = default;
    friend auto operator<=>(const Endpoint &, const Endpoint &) = default;
};

std::uint64_t mixHash(std::uint64_t seed, std::uint64_t value);

} // namespace portlab
