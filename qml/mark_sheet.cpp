// SPDX-License-Identifier: GPL-3.0-or-later
#include "mark_sheet.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace portlab {

namespace {

// How far the sheet reaches beyond the plot area on every side, in logical pixels: the chart
// widens its clip by up to a pixel so that lines along the edges show.
constexpr int sheetMargin = 1;

QPoint roundedDevicePixel(const PlotMapping &mapping, QPointF plotPoint)
{
    const QPointF device = mapping.toDevice(plotPoint);
    return {static_cast<int>(std::floor(device.x() + 0.5)), static_cast<int>(std::floor(device.y() + 0.5))};
}

} // namespace

MarkSheet paintMarkSheet(std::span<const QPointF> points, std::span<const qsizetype> indices, const PlotMapping &mapping,
                         const QImage &mark, const MarkGeometry &geometry)
{
    if (!mapping.isValid() || mark.isNull())
        return {};
    // Square, as a series' marks are: the plot area's longer side and a margin both ways.
    const double ratio = mapping.pixelRatio;
    const double longer = std::max(mapping.plotArea.width(), mapping.plotArea.height());
    const int side = static_cast<int>(std::ceil(ratio * (longer + 2 * sheetMargin))) + 2;
    MarkSheet sheet;
    sheet.image = QImage(side, side, QImage::Format_ARGB32_Premultiplied);
    sheet.image.fill(Qt::transparent);
    sheet.image.setDevicePixelRatio(ratio);
    sheet.size = side / ratio;

    // The sheet's corner on a whole device pixel (the margin's, rounded), where no rounding of
    // the chart's arithmetic can move it; each mark goes where the chart would have drawn it,
    // counted from there.
    const QPoint corner = roundedDevicePixel(mapping, QPointF(-sheetMargin, -sheetMargin));
    const QSizeF markSize = QSizeF(mark.size()) * ratio;
    QPainter painter(&sheet.image);
    for (const qsizetype index : indices) {
        if (const std::optional<QPoint> cell = markCell(mapping, points[static_cast<std::size_t>(index)], geometry))
            painter.drawImage(QRectF(QPointF(*cell - corner) / ratio, markSize / ratio), mark);
    }
    painter.end();

    // The series draws its mark in a square of its marker size centred on the point: the
    // point whose square starts at that corner.
    const QPointF start((corner.x() - ratio * mapping.plotArea.left()) / ratio, (corner.y() - ratio * mapping.plotArea.top()) / ratio);
    const QPointF centre = start + QPointF(sheet.size / 2, sheet.size / 2);
    const double deltaX = mapping.plotArea.width() / (mapping.maxX - mapping.minX);
    const double deltaY = mapping.plotArea.height() / (mapping.maxY - mapping.minY);
    sheet.anchor = QPointF(mapping.minX + centre.x() / deltaX, mapping.minY + (mapping.plotArea.height() - centre.y()) / deltaY);
    return sheet;
}

} // namespace portlab
