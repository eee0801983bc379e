// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

namespace portlab::wire {

using ByteView = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// Every multi-byte field on the wire is big-endian ("network order"), whatever the machine is.
inline std::uint16_t readBe16(ByteView bytes, std::size_t offset)
{
    return static_cast<std::uint16_t>((bytes[offset] << 8) | bytes[offset + 1]);
}
inline std::uint32_t readBe32(ByteView bytes, std::size_t offset)
{
    return (std::uint32_t{bytes[offset]} << 24) | (std::uint32_t{bytes[offset + 1]} << 16)
        | (std::uint32_t{bytes[offset + 2]} << 8) | std::uint32_t{bytes[offset + 3]};
}
inline void writeBe16(MutableBytes bytes, std::size_t offset, std::uint16_t value)
{
    bytes[offset] = static_cast<std::uint8_t>(value >> 8);
    bytes[offset + 1] = static_cast<std::uint8_t>(value);
}
inline void writeBe32(MutableBytes bytes, std::size_t offset, std::uint32_t value)
{
    bytes[offset] = static_cast<std::uint8_t>(value >> 24);
    bytes[offset + 1] = static_cast<std::uint8_t>(value >> 16);
    bytes[offset + 2] = static_cast<std::uint8_t>(value >> 8);
    bytes[offset + 3] = static_cast<std::uint8_t>(value);
}

// A handful of bytes kept inside the object: headers are built and parsed millions of times in
// a bulk run, and a small field should not cost an allocation. Holds at most Capacity bytes,
// which the formats guarantee (a TCP option's data is at most 38 bytes).
template <std::size_t Capacity>
class InlineBytes {
public:
    InlineBytes() = default;
    InlineBytes(std::initializer_list<std::uint8_t> values) : InlineBytes(values.begin(), values.end()) {}
    template <typename Iterator>
    InlineBytes(Iterator first, Iterator last)
    {
        for (; first != last && m_size < Capacity; ++first)
            m_bytes[m_size++] = *first;
    }

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const std::uint8_t *data() const { return m_bytes.data(); }
    const std::uint8_t *begin() const { return m_bytes.data(); }
    const std::uint8_t *end() const { return m_bytes.data() + m_size; }
    std::uint8_t operator[](std::size_t i) const { return m_bytes[i]; }

    friend bool operator==(const InlineBytes &a, const InlineBytes &b)
    {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    std::array<std::uint8_t, Capacity> m_bytes{};
    std::size_t m_size = 0;
};

// Something wrong with bytes that claim to be a header. `offset` counts from the start of the
// bytes handed to the parser. A fatal problem means the header could not be read at all
// (truncated, wrong version); others (a bad checksum) leave a parsed header to look at.
struct WireProblem {
    std::size_t offset = 0;
    QString text;        // "IPv4: header checksum is 0x1234, but the header sums to 0x5678"
    bool fatal = false;
};

template <typename Header>
struct ParseResult {
    std::optional<Header> header;   // absent exactly when a fatal problem was found
    std::vector<WireProblem> problems;
    bool ok() const { return header.has_value() && problems.empty(); }
};

} // namespace portlab::wire
