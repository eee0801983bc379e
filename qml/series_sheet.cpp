// SPDX-License-Identifier: GPL-3.0-or-later
#include "series_sheet.h"

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

bool isFinite(QPointF point)
{
    return std::isfinite(point.x()) && std::isfinite(point.y());
}

// `line` drawn with the dashed `pen`: each dash worked out here along the line, as QPainter's
// dasher lays them out (the pattern in pen widths, from the pen's offset, running on across
// the line's corners), and drawn with the pen made solid, a segment at a time as LineChartItem
// draws a solid line. QPainter strokes a dashed line as one outline of all its dashes and fills
// that in one go, which for thousands of dashes took several times as long (measured on the
// states over time: about 30 ms a line against 3).
void strokeDashed(QPainter &painter, const QPen &pen, const QList<QPointF> &line)
{
    const double width = pen.widthF() > 0 ? pen.widthF() : 1.0;
    QList<double> pattern;
    double total = 0;
    for (const qreal part : pen.dashPattern()) {
        pattern.append(part * width);
        total += part * width;
    }
    QPen solid = pen;
    solid.setStyle(Qt::SolidLine);
    painter.setPen(solid);
    if (pattern.isEmpty() || total <= 0) {
        painter.drawPolyline(line.constData(), static_cast<int>(line.size()));
        return;
    }
    // where the offset puts the line's start in the pattern
    qsizetype part = 0;
    double left = std::fmod(pen.dashOffset() * width, total);
    while (left >= pattern[part]) {
        left -= pattern[part];
        part = (part + 1) % pattern.size();
    }
    left = pattern[part] - left;   // of the pattern's present part, still to go
    for (qsizetype i = 1; i < line.size(); ++i) {
        const QLineF segment(line[i - 1], line[i]);
        const double length = segment.length();
        double along = 0;
        while (along < length) {
            const double step = std::min(left, length - along);
            if (part % 2 == 0 && step > 0)
                painter.drawLine(segment.pointAt(along / length), segment.pointAt((along + step) / length));
            along += step;
            left -= step;
            if (left <= 0) {
                part = (part + 1) % pattern.size();
                left = pattern[part];
            }
        }
    }
}

// A transparent sheet over the plot area, and the device pixel where the chart will draw its
// corner: a whole pixel (the margin's, rounded), where no rounding of the chart's arithmetic
// can move it. The sheet's anchor is set too.
SeriesSheet blankSheet(const PlotMapping &mapping, QPoint &corner)
{
    // Square, as a series' marks are: the plot area's longer side and a margin both ways.
    const double ratio = mapping.pixelRatio;
    const double longer = std::max(mapping.plotArea.width(), mapping.plotArea.height());
    const int side = static_cast<int>(std::ceil(ratio * (longer + 2 * sheetMargin))) + 2;
    SeriesSheet sheet;
    sheet.image = QImage(side, side, QImage::Format_ARGB32_Premultiplied);
    sheet.image.fill(Qt::transparent);
    sheet.image.setDevicePixelRatio(ratio);
    sheet.size = side / ratio;
    corner = roundedDevicePixel(mapping, QPointF(-sheetMargin, -sheetMargin));

    // The series draws its mark in a square of its marker size centred on the point: the
    // point whose square starts at that corner.
    const QPointF start((corner.x() - ratio * mapping.plotArea.left()) / ratio, (corner.y() - ratio * mapping.plotArea.top()) / ratio);
    sheet.anchor = mapping.fromPlot(start + QPointF(sheet.size / 2, sheet.size / 2));
    return sheet;
}

} // namespace

SeriesSheet paintMarkSheet(std::span<const QPointF> points, std::span<const qsizetype> indices, const PlotMapping &mapping,
                           const QImage &mark, const MarkGeometry &geometry)
{
    if (!mapping.isValid() || mark.isNull())
        return {};
    QPoint corner;
    SeriesSheet sheet = blankSheet(mapping, corner);
    // each mark where the chart would have drawn it, counted from the sheet's corner
    const double ratio = mapping.pixelRatio;
    const QSizeF markSize = QSizeF(mark.size()) * ratio;
    QPainter painter(&sheet.image);
    for (const qsizetype index : indices) {
        if (const std::optional<QPoint> cell = markCell(mapping, points[static_cast<std::size_t>(index)], geometry))
            painter.drawImage(QRectF(QPointF(*cell - corner) / ratio, markSize / ratio), mark);
    }
    return sheet;
}

SeriesSheet paintLineSheet(std::span<const QPointF> points, std::span<const qsizetype> indices, const PlotMapping &mapping,
                           const QPen &pen)
{
    if (!mapping.isValid())
        return {};
    QPoint corner;
    SeriesSheet sheet = blankSheet(mapping, corner);
    // Drawn in the plot area's logical pixels, moved by the fraction of a device pixel the
    // chart's own drawing has: the sheet's corner is a whole device pixel, the plot area's not.
    const double ratio = mapping.pixelRatio;
    QPainter painter(&sheet.image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(mapping.plotArea.left() - corner.x() / ratio, mapping.plotArea.top() - corner.y() / ratio);
    QList<QPointF> line;   // a stretch of the line between points that cannot be placed
    const auto strokeStretch = [&] {
        if (pen.style() == Qt::SolidLine) {
            painter.setPen(pen);
            for (qsizetype i = 1; i < line.size(); ++i)
                painter.drawLine(line[i - 1], line[i]);
        } else {
            strokeDashed(painter, pen, line);
        }
        line.clear();
    };
    for (const qsizetype index : indices) {
        const QPointF point = points[static_cast<std::size_t>(index)];
        if (isFinite(point))
            line.append(mapping.toPlot(point));
        else
            strokeStretch();
    }
    strokeStretch();
    return sheet;
}

} // namespace portlab
