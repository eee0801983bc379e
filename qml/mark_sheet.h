// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chart_decimation.h"

#include <QImage>

namespace portlab {

// A series' marks painted by PortLab into one picture of the plot area, which the series then
// draws as its only mark (its light marker, at one point). Qt Charts' LineChartItem spends a
// few microseconds on every point it is given, mostly on an outline of the line for mouse hits,
// even when no line is drawn; given one point, it draws the same marks in a fraction of the
// time. The marks are painted as the series would paint them: the same image, at the same
// pixels, in the same order. Qt Charts 6.4 draws a light marker as QPainter::drawImage() into a
// square of the series' marker size centred on the point.

struct MarkSheet {
    QImage image;     // square, in device pixels, with the plot's devicePixelRatio; transparent where no mark is
    double size = 0;  // its side in logical pixels: the marker size the series is to draw it at
    QPointF anchor;   // the data point at which the series, drawing it so, covers the plot area
    bool isNull() const { return image.isNull(); }
};

// `mark` painted at the points `indices` (in that order) where the series would paint it,
// `geometry` (each at the device pixel markCell() names). The sheet covers the plot area and a
// pixel around it; the chart clips it to the plot area as it clipped the marks. Null with an
// invalid mapping.
MarkSheet paintMarkSheet(std::span<const QPointF> points, std::span<const qsizetype> indices, const PlotMapping &mapping,
                         const QImage &mark, const MarkGeometry &geometry);

} // namespace portlab
