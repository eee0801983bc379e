// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QPoint>
#include <QPointF>
#include <QRectF>

#include <optional>
#include <span>
#include <vector>

namespace portlab {

// What of a series reaches the screen. A chart of 100,000 points on a plot a few hundred
// pixels wide draws most of its marks over one another; these pick the points whose drawing
// makes the picture, so that Qt Charts is handed a few thousand and draws the same image.
// The data stay whole: only what a series is given to draw is reduced, and it is worked out
// again whenever the plot area or the axes change. QtCore only: no view is needed to test it.

// How a chart maps data to its screen, as Qt Charts does for value axes (its XYDomain): the
// plot area in the view's logical pixels, the axes' ranges, and device pixels per logical pixel.
struct PlotMapping {
    QRectF plotArea;
    double minX = 0;
    double maxX = 0;
    double minY = 0;
    double maxY = 0;
    double pixelRatio = 1;

    // Whether points can be placed at all: a plot area with room, finite ranges wider than zero.
    bool isValid() const;
    // Where `point` lands in the plot area, moved by `offset`, in logical pixels from the plot
    // area's top-left corner.
    QPointF toPlot(QPointF point, QPointF offset = {}) const;
    // The data point that lands at `plotPoint` (toPlot's inverse, without an offset).
    QPointF fromPlot(QPointF plotPoint) const;
    // The same in device pixels from the view's top-left corner (not rounded).
    QPointF toDevice(QPointF plotPoint) const;
};

inline QPointF PlotMapping::toPlot(QPointF point, QPointF offset) const
{
    // The same arithmetic, in the same order, as Qt Charts' XYDomain::calculateGeometryPoint,
    // then the offset as the chart adds it, so that a point on a pixel's edge falls on the
    // same side of it.
    const double deltaX = plotArea.width() / (maxX - minX);
    const double deltaY = plotArea.height() / (maxY - minY);
    const double x = (point.x() - minX) * deltaX + offset.x();
    const double y = (point.y() - minY) * -deltaY + plotArea.height() + offset.y();
    return {x, y};
}

inline QPointF PlotMapping::fromPlot(QPointF plotPoint) const
{
    const double deltaX = plotArea.width() / (maxX - minX);
    const double deltaY = plotArea.height() / (maxY - minY);
    return {minX + plotPoint.x() / deltaX, minY + (plotArea.height() - plotPoint.y()) / deltaY};
}

inline QPointF PlotMapping::toDevice(QPointF plotPoint) const
{
    // as QPainter's transformation: the plot area's corner and the pixel ratio
    return {pixelRatio * plotPoint.x() + pixelRatio * plotArea.left(), pixelRatio * plotPoint.y() + pixelRatio * plotArea.top()};
}

// How a series draws a mark: one image, its top-left corner `offset` logical pixels from the
// point (minus half its size), `size` logical pixels square. Qt Charts 6.4 draws a light
// marker, in a scatter series and in a line series alike, into the square of the series'
// marker size centred on the point, keeping the fraction.
struct MarkGeometry {
    QPointF offset;
    double size = 0;
};

// The device pixel where the mark of `point` starts: QPainter draws an unscaled image at a
// whole pixel, the one nearest to where its corner falls. Two points with the same cell draw
// the same pixels. None for a point that cannot be placed (an invalid mapping, a coordinate
// that is not finite, or one millions of pixels away).
std::optional<QPoint> markCell(const PlotMapping &mapping, QPointF point, const MarkGeometry &mark);

// The indices, in order, of the points of a series drawn as marks (scatter) that make its
// picture: of the points whose marks start in the same cell, the last, which is drawn on top
// of the others; points whose mark lies wholly outside the plot area (which the chart clips)
// are left out. `pinned` points (by index; empty: none) are kept wherever they are, e.g. those
// with a label of their own. With an invalid mapping, every point.
std::vector<qsizetype> marksShown(std::span<const QPointF> points, const PlotMapping &mapping, const MarkGeometry &mark,
                                  const std::vector<bool> &pinned = {});

// The indices, in order, of the points of a series drawn as a line that make its picture:
// of each run of consecutive points in one column of device pixels, the first, the lowest,
// the highest and the last (the line enters, spans and leaves the column the same way).
// Points whose coordinates are not finite are kept. With an invalid mapping, every point.
std::vector<qsizetype> linePointsShown(std::span<const QPointF> points, const PlotMapping &mapping);

// The points at `indices`.
QList<QPointF> pointsAt(std::span<const QPointF> points, const std::vector<qsizetype> &indices);

} // namespace portlab
