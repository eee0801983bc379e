// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chart_decimation.h"

#include <QImage>
#include <QPen>

namespace portlab {

// What a series draws, painted by PortLab into one picture of the plot area, which the series
// then draws as its only mark (its light marker, at one point). Qt Charts' LineChartItem spends
// a few microseconds on every point it is given, mostly on an outline of the line for mouse
// hits, even when no line is drawn, and strokes a dashed line as one outline of all its dashes,
// which QPainter fills in a time that grows much faster than the line's length; given one
// point, the series draws the sheet in a fraction of the time. Marks and lines are painted as the series would paint
// them: the same image, pen and points, in the same order. Qt Charts 6.4 draws a light marker
// as QPainter::drawImage() into a square of the series' marker size centred on the point.

struct SeriesSheet {
    QImage image;     // square, in device pixels, with the plot's devicePixelRatio; transparent where nothing is drawn
    double size = 0;  // its side in logical pixels: the marker size the series is to draw it at
    QPointF anchor;   // the data point at which the series, drawing it so, covers the plot area
    bool isNull() const { return image.isNull(); }
};

// `mark` painted at the points `indices` (in that order) where the series would paint it,
// `geometry` (each at the device pixel markCell() names). The sheet covers the plot area and a
// pixel around it; the chart clips it to the plot area as it clipped the marks. Null with an
// invalid mapping.
SeriesSheet paintMarkSheet(std::span<const QPointF> points, std::span<const qsizetype> indices, const PlotMapping &mapping,
                           const QImage &mark, const MarkGeometry &geometry);

// The line through the points `indices` drawn with `pen` (antialiased) as LineChartItem draws
// it: a solid line segment by segment, the same picture; a dashed one dash by dash, the dashes
// where QPainter's one stroke of the whole line puts them. Where a dash turns a corner it is
// drawn as two pieces (their caps overlap where the stroke would join them), and where dashes
// overlap each is blended on its own where the stroke fills them together: for a line that
// zigzags within every pixel column, a few pixels in a hundred differ by more than a shade.
// Null with an invalid mapping.
SeriesSheet paintLineSheet(std::span<const QPointF> points, std::span<const qsizetype> indices, const PlotMapping &mapping,
                           const QPen &pen);

} // namespace portlab
