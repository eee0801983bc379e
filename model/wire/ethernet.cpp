// SPDX-License-Identifier: GPL-3.0-or-later
#include "ethernet.h"

#include "wire_detail.h"

namespace portlab::wire {

namespace {

int hexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

} // namespace

std::optional<MacAddress> MacAddress::parse(QStringView text)
{
    // Six two-digit groups; colons as Linux prints them, or hyphens as Windows does, not mixed.
    if (text.size() != 17)
        return std::nullopt;
    const QChar separator = text[2];
    if (separator != u':' && separator != u'-')
        return std::nullopt;
    MacAddress mac;
    for (qsizetype group = 0; group < 6; ++group) {
        const qsizetype at = group * 3;
        if (group > 0 && text[at - 1] != separator)
            return std::nullopt;
        const int high = hexDigit(text[at]);
        const int low = hexDigit(text[at + 1]);
        if (high < 0 || low < 0)
            return std::nullopt;
        mac.bytes[static_cast<std::size_t>(group)] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return mac;
}

QString MacAddress::toString() const
{
    QString text;
    text.reserve(17);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0)
            text += u':';
        text += QStringLiteral("%1").arg(bytes[i], 2, 16, QLatin1Char('0'));
    }
    return text;
}

ParseResult<EthernetHeader> EthernetHeader::parse(ByteView frame)
{
    ParseResult<EthernetHeader> result;
    if (frame.size() < Size) {
        result.problems.push_back(detail::truncatedHeader(u"Ethernet", Size, frame.size()));
        return result;
    }
    EthernetHeader header;
    std::copy_n(frame.begin(), 6, header.destination.bytes.begin());
    std::copy_n(frame.begin() + 6, 6, header.source.bytes.begin());
    header.etherType = readBe16(frame, 12);
    result.header = header;
    return result;
}

void EthernetHeader::emit(MutableBytes out) const
{
    Q_ASSERT(out.size() >= Size);
    std::copy(destination.bytes.begin(), destination.bytes.end(), out.begin());
    std::copy(source.bytes.begin(), source.bytes.end(), out.begin() + 6);
    writeBe16(out, 12, etherType);
}

} // namespace portlab::wire
