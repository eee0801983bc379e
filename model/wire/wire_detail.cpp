// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire_detail.h"

#include "checksum.h"

namespace portlab::wire::detail {

QString hex16(std::uint16_t value)
{
    return QStringLiteral("0x%1").arg(value, 4, 16, QLatin1Char('0'));
}

QString available(std::size_t count)
{
    if (count == 0)
        return QStringLiteral("none are here");
    if (count == 1)
        return QStringLiteral("only 1 is here");
    return QStringLiteral("only %1 are here").arg(count);
}

WireProblem fatalProblem(std::size_t offset, const QString &text)
{
    return WireProblem{offset, text, true};
}

WireProblem problem(std::size_t offset, const QString &text)
{
    return WireProblem{offset, text, false};
}

WireProblem truncatedHeader(QStringView layer, std::size_t needed, std::size_t have)
{
    return fatalProblem(0, QStringLiteral("%1: truncated: the header needs %2 bytes, %3")
                               .arg(layer).arg(needed).arg(available(have)));
}

std::uint16_t expectedChecksum(ByteView bytes, std::size_t fieldOffset, std::uint32_t partialSum)
{
    // The field sits at an even offset, so both halves keep their word alignment.
    const std::uint32_t before = onesComplementSum(bytes.first(fieldOffset), partialSum);
    return internetChecksum(bytes.subspan(fieldOffset + 2), before);
}

void checkChecksum(std::vector<WireProblem> &problems, ByteView bytes, std::size_t fieldOffset,
                   std::uint32_t partialSum, const QString &prefix, QStringView unit,
                   bool zeroMeansAllOnes)
{
    // Summing the field with the rest gives all ones exactly when it is right; this also
    // accepts the other zero (0xffff for 0x0000) that ones' complement allows.
    if (internetChecksum(bytes, partialSum) == 0)
        return;
    std::uint16_t expected = expectedChecksum(bytes, fieldOffset, partialSum);
    if (zeroMeansAllOnes && expected == 0)
        expected = 0xffff;
    problems.push_back(problem(fieldOffset, QStringLiteral("%1 is %2 but the %3 sums to %4")
                                                .arg(prefix, hex16(readBe16(bytes, fieldOffset)))
                                                .arg(unit)
                                                .arg(hex16(expected))));
}

} // namespace portlab::wire::detail
