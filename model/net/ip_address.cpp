// SPDX-License-Identifier: GPL-3.0-or-later
#include "ip_address.h"

#include <QStringList>

#include <cstring>

namespace portlab {

namespace {

std::optional<std::uint32_t> parseDottedQuad(QStringView text)
{
    const auto parts = text.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    std::uint32_t value = 0;
    for (const auto part : parts) {
        if (part.isEmpty() || part.size() > 3)
            return std::nullopt;
        bool ok = false;
        const uint octet = part.toUInt(&ok, 10);
        if (!ok || octet > 255 || !part.front().isDigit())
            return std::nullopt;
        value = (value << 8) | octet;
    }
    return value;
}

// Parses a run of colon-separated hex groups (no "::" inside) into 16-bit words.
bool parseGroups(QStringView text, std::vector<std::uint16_t> &out, bool allowV4Tail)
{
    if (text.isEmpty())
        return true;
    const auto groups = text.split(u':');
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const auto group = groups[i];
        if (allowV4Tail && i == groups.size() - 1 && group.contains(u'.')) {
            const auto v4 = parseDottedQuad(group);
            if (!v4)
                return false;
            out.push_back(static_cast<std::uint16_t>(*v4 >> 16));
            out.push_back(static_cast<std::uint16_t>(*v4 & 0xffff));
            continue;
        }
        if (group.isEmpty() || group.size() > 4)
            return false;
        bool ok = false;
        const uint word = group.toUInt(&ok, 16);
        if (!ok)
            return false;
        out.push_back(static_cast<std::uint16_t>(word));
    }
    return true;
}

std::optional<IpAddress> parseV6(QStringView text)
{
    std::vector<std::uint16_t> head;
    std::vector<std::uint16_t> tail;
    const auto gap = text.indexOf(u"::");
    if (gap >= 0) {
        if (text.indexOf(u"::", gap + 1) >= 0)
            return std::nullopt;
        if (!parseGroups(text.left(gap), head, false) || !parseGroups(text.mid(gap + 2), tail, true))
            return std::nullopt;
        if (head.size() + tail.size() > 7)
            return std::nullopt;
    } else {
        if (!parseGroups(text, head, true) || head.size() != 8)
            return std::nullopt;
    }
    std::array<std::uint8_t, 16> bytes{};
    auto put = [&bytes](std::size_t wordIndex, std::uint16_t word) {
        bytes[wordIndex * 2] = static_cast<std::uint8_t>(word >> 8);
        bytes[wordIndex * 2 + 1] = static_cast<std::uint8_t>(word & 0xff);
    };
    for (std::size_t i = 0; i < head.size(); ++i)
        put(i, head[i]);
    for (std::size_t i = 0; i < tail.size(); ++i)
        put(8 - tail.size() + i, tail[i]);
    return IpAddress::v6(bytes);
}

} // namespace

IpAddress IpAddress::v4(std::uint32_t hostOrder)
{
    IpAddress a;
    a.m_family = Family::IPv4;
    a.m_bytes[0] = static_cast<std::uint8_t>(hostOrder >> 24);
    a.m_bytes[1] = static_cast<std::uint8_t>(hostOrder >> 16);
    a.m_bytes[2] = static_cast<std::uint8_t>(hostOrder >> 8);
    a.m_bytes[3] = static_cast<std::uint8_t>(hostOrder);
    return a;
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16> &bytes)
{
    IpAddress a;
    a.m_family = Family::IPv6;
    a.m_bytes = bytes;
    return a;
}

IpAddress IpAddress::loopbackV6()
{
    std::array<std::uint8_t, 16> bytes{};
    bytes[15] = 1;
    return v6(bytes);
}

std::optional<IpAddress> IpAddress::parse(QStringView text)
{
    if (text.contains(u':'))
        return parseV6(text);
    if (const auto v4 = parseDottedQuad(text))
        return IpAddress::v4(*v4);
    return std::nullopt;
}

bool IpAddress::isUnspecified() const
{
    return m_bytes == std::array<std::uint8_t, 16>{};
}

bool IpAddress::isLoopback() const
{
    if (isV4())
        return m_bytes[0] == 127;
    return *this == loopbackV6();
}

bool IpAddress::isV4Mapped() const
{
    if (!isV6())
        return false;
    for (std::size_t i = 0; i < 10; ++i) {
        if (m_bytes[i] != 0)
            return false;
    }
    return m_bytes[10] == 0xff && m_bytes[11] == 0xff;
}

bool IpAddress::isMulticast() const
{
    return isV4() ? (m_bytes[0] & 0xf0) == 0xe0 : m_bytes[0] == 0xff;
}

bool IpAddress::needsZone() const
{
    if (!isV6())
        return false;
    const bool linkLocalUnicast = m_bytes[0] == 0xfe && (m_bytes[1] & 0xc0) == 0x80;
    const bool linkLocalMulticast = m_bytes[0] == 0xff && (m_bytes[1] & 0x0f) == 0x02;
    return linkLocalUnicast || linkLocalMulticast;
}

IpAddress IpAddress::mappedV4() const
{
    return v4((std::uint32_t{m_bytes[12]} << 24) | (std::uint32_t{m_bytes[13]} << 16)
              | (std::uint32_t{m_bytes[14]} << 8) | std::uint32_t{m_bytes[15]});
}

IpAddress IpAddress::toV4Mapped() const
{
    std::array<std::uint8_t, 16> bytes{};
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    for (std::size_t i = 0; i < 4; ++i)
        bytes[12 + i] = m_bytes[i];
    return v6(bytes);
}

namespace {

// Decimal digits without QString::arg(): addresses and ports are formatted millions of times.
void appendDecimal(QString &text, unsigned value)
{
    char16_t digits[10];
    int count = 0;
    do {
        digits[count++] = static_cast<char16_t>(u'0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (count > 0)
        text += QChar(digits[--count]);
}

} // namespace

QString IpAddress::toString() const
{
    if (isV4()) {
        QString text;
        text.reserve(15);
        for (std::size_t i = 0; i < 4; ++i) {
            if (i > 0)
                text += u'.';
            appendDecimal(text, m_bytes[i]);
        }
        return text;
    }
    if (isV4Mapped())
        return QStringLiteral("::ffff:") + mappedV4().toString();
    std::array<std::uint16_t, 8> words{};
    for (std::size_t i = 0; i < 8; ++i)
        words[i] = static_cast<std::uint16_t>((m_bytes[2 * i] << 8) | m_bytes[2 * i + 1]);
    // RFC 5952: compress the longest run (of two or more) zero words, the first one on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8;) {
        if (words[static_cast<std::size_t>(i)] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && words[static_cast<std::size_t>(j)] == 0)
            ++j;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j;
    }
    QString text;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += QStringLiteral("::");
            i += bestLength - 1;
            continue;
        }
        if (!text.isEmpty() && !text.endsWith(u':'))
            text += u':';
        text += QString::number(words[static_cast<std::size_t>(i)], 16);
    }
    return text;
}

std::uint64_t mixHash(std::uint64_t seed, std::uint64_t value)
{
    // splitmix64's finaliser: cheap, well mixed, and the same on every platform.
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL + value;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t IpAddress::hash() const
{
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    std::memcpy(&high, m_bytes.data(), sizeof high);
    std::memcpy(&low, m_bytes.data() + sizeof high, sizeof low);
    return mixHash(mixHash(static_cast<std::uint64_t>(m_family), high), low);
}

std::optional<Endpoint> Endpoint::parse(QStringView text, QString *zone)
{
    QStringView host;
    QStringView portText;
    if (text.startsWith(u'[')) {
        const auto close = text.indexOf(u']');
        if (close < 0 || close + 1 >= text.size() || text[close + 1] != u':')
            return std::nullopt;
        host = text.mid(1, close - 1);
        portText = text.mid(close + 2);
        if (const auto percent = host.indexOf(u'%'); percent >= 0) {
            if (zone)
                *zone = host.mid(percent + 1).toString();
            host = host.left(percent);
        }
        if (!host.contains(u':'))
            return std::nullopt;
    } else {
        const auto colon = text.lastIndexOf(u':');
        if (colon < 0)
            return std::nullopt;
        host = text.left(colon);
        portText = text.mid(colon + 1);
        if (host.contains(u':'))   // bare IPv6 needs brackets to carry a port
            return std::nullopt;
    }
    bool ok = false;
    const uint port = portText.toUInt(&ok, 10);
    if (!ok || port > 65535 || portText.isEmpty() || !portText.front().isDigit())
        return std::nullopt;
    const auto address = IpAddress::parse(host);
    if (!address)
        return std::nullopt;
    return Endpoint{*address, static_cast<std::uint16_t>(port)};
}

QString Endpoint::toString() const
{
    QString text = address.isV6() ? u'[' + address.toString() + QStringLiteral("]:") : address.toString() + u':';
    appendDecimal(text, port);
    return text;
}

} // namespace portlab
