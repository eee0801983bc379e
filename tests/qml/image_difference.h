// SPDX-License-Identifier: GPL-3.0-or-later
// How much two pictures of a view differ: the pixels where a channel differs by more than a
// tolerance (anti-aliasing may move a channel a little). For tst_screenshots and
// tst_chart_decimation.
#pragma once

#include <QImage>

#include <cstdlib>

namespace portlab::testing {

struct ImageDifference {
    qsizetype differing = 0;
    qsizetype total = 0;
    double share() const { return total ? double(differing) / double(total) : 1.0; }
};

// Images of different sizes differ wholly.
inline ImageDifference compareImages(const QImage &actual, const QImage &reference, int channelTolerance)
{
    ImageDifference d;
    if (actual.size() != reference.size()) {
        d.differing = d.total = 1;
        return d;
    }
    const QImage a = actual.convertToFormat(QImage::Format_RGB32);
    const QImage r = reference.convertToFormat(QImage::Format_RGB32);
    d.total = qsizetype(a.width()) * a.height();
    for (int y = 0; y < a.height(); ++y) {
        const auto *pa = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *pr = reinterpret_cast<const QRgb *>(r.constScanLine(y));
        for (int x = 0; x < a.width(); ++x) {
            if (std::abs(qRed(pa[x]) - qRed(pr[x])) > channelTolerance || std::abs(qGreen(pa[x]) - qGreen(pr[x])) > channelTolerance
                || std::abs(qBlue(pa[x]) - qBlue(pr[x])) > channelTolerance)
                ++d.differing;
        }
    }
    return d;
}

} // namespace portlab::testing
