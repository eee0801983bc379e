// SPDX-License-Identifier: GPL-3.0-or-later
#include "chart_decimation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace portlab {

namespace {

// Beyond this many device pixels from the view a point is off any screen; coordinates are
// kept within it so that they fit an integer.
constexpr double farAway = 1e9;

std::vector<qsizetype> everyIndex(std::size_t count)
{
    std::vector<qsizetype> all(count);
    std::iota(all.begin(), all.end(), qsizetype(0));
    return all;
}

bool isFinite(QPointF point)
{
    return std::isfinite(point.x()) && std::isfinite(point.y());
}

} // namespace

bool PlotMapping::isValid() const
{
    return plotArea.width() > 0 && plotArea.height() > 0 && std::isfinite(plotArea.width()) && std::isfinite(plotArea.height())
        && std::isfinite(minX) && std::isfinite(maxX) && std::isfinite(minY) && std::isfinite(maxY) && maxX > minX && maxY > minY
        && pixelRatio > 0 && std::isfinite(pixelRatio);
}

namespace {

// markCell() on a mapping known to be valid: marksShown() asks it of every point, and checking
// the mapping each time cost as much as placing the point.
std::optional<QPoint> cellOnValidMapping(const PlotMapping &mapping, QPointF point, const MarkGeometry &mark)
{
    if (!isFinite(point))
        return std::nullopt;
    const QPointF plotCorner = mapping.toPlot(point, mark.offset);
    if (!(std::abs(plotCorner.x()) < farAway && std::abs(plotCorner.y()) < farAway))
        return std::nullopt;
    const QPointF corner = mapping.toDevice(plotCorner);
    if (!(std::abs(corner.x()) < farAway && std::abs(corner.y()) < farAway))
        return std::nullopt;
    return QPoint(static_cast<int>(std::floor(corner.x() + 0.5)), static_cast<int>(std::floor(corner.y() + 0.5)));
}

} // namespace

std::optional<QPoint> markCell(const PlotMapping &mapping, QPointF point, const MarkGeometry &mark)
{
    if (!mapping.isValid())
        return std::nullopt;
    return cellOnValidMapping(mapping, point, mark);
}

std::vector<qsizetype> marksShown(std::span<const QPointF> points, const PlotMapping &mapping, const MarkGeometry &mark,
                                  const std::vector<bool> &pinned)
{
    if (!mapping.isValid())
        return everyIndex(points.size());
    // The cells where a mark can start and still be seen: the plot area in device pixels,
    // widened by the mark's size and a pixel of slack on every side.
    const double ratio = mapping.pixelRatio;
    const double reach = std::ceil(ratio * mark.size) + 1;
    const int left = static_cast<int>(std::floor(ratio * mapping.plotArea.left() - reach));
    const int top = static_cast<int>(std::floor(ratio * mapping.plotArea.top() - reach));
    const int right = static_cast<int>(std::ceil(ratio * mapping.plotArea.right() + 1));
    const int bottom = static_cast<int>(std::ceil(ratio * mapping.plotArea.bottom() + 1));
    const auto width = static_cast<std::size_t>(right - left + 1);
    const auto height = static_cast<std::size_t>(bottom - top + 1);
    std::vector<bool> taken(width * height, false);

    // From the last point back: the first seen of a cell is the one drawn on top.
    std::vector<qsizetype> shown;
    for (auto i = static_cast<qsizetype>(points.size()) - 1; i >= 0; --i) {
        const auto index = static_cast<std::size_t>(i);
        if (index < pinned.size() && pinned[index]) {
            shown.push_back(i);
            continue;
        }
        const QPointF point = points[index];
        if (!isFinite(point)) {
            shown.push_back(i);   // not placed by us; the chart decides
            continue;
        }
        const std::optional<QPoint> cell = cellOnValidMapping(mapping, point, mark);
        if (!cell || cell->x() < left || cell->x() > right || cell->y() < top || cell->y() > bottom)
            continue;   // clipped away
        const std::size_t slot = static_cast<std::size_t>(cell->y() - top) * width + static_cast<std::size_t>(cell->x() - left);
        if (taken[slot])
            continue;
        taken[slot] = true;
        shown.push_back(i);
    }
    std::reverse(shown.begin(), shown.end());
    return shown;
}

std::vector<qsizetype> linePointsShown(std::span<const QPointF> points, const PlotMapping &mapping)
{
    if (!mapping.isValid())
        return everyIndex(points.size());
    const auto column = [&mapping](QPointF point) -> std::optional<std::int64_t> {
        if (!isFinite(point))
            return std::nullopt;
        const double x = std::clamp(mapping.toDevice(mapping.toPlot(point)).x(), -farAway, farAway);
        return static_cast<std::int64_t>(std::floor(x));
    };
    std::vector<qsizetype> shown;
    const auto count = static_cast<qsizetype>(points.size());
    qsizetype i = 0;
    while (i < count) {
        const std::optional<std::int64_t> here = column(points[static_cast<std::size_t>(i)]);
        if (!here) {
            shown.push_back(i++);
            continue;
        }
        // a run of consecutive points in this column: its first, lowest, highest and last
        qsizetype low = i, high = i, last = i;
        for (qsizetype j = i + 1; j < count && column(points[static_cast<std::size_t>(j)]) == here; ++j) {
            const double y = points[static_cast<std::size_t>(j)].y();
            if (y < points[static_cast<std::size_t>(low)].y())
                low = j;
            if (y > points[static_cast<std::size_t>(high)].y())
                high = j;
            last = j;
        }
        std::array<qsizetype, 4> run{i, low, high, last};
        std::sort(run.begin(), run.end());
        shown.insert(shown.end(), run.begin(), std::unique(run.begin(), run.end()));
        i = last + 1;
    }
    return shown;
}

QList<QPointF> pointsAt(std::span<const QPointF> points, const std::vector<qsizetype> &indices)
{
    QList<QPointF> result;
    result.reserve(static_cast<qsizetype>(indices.size()));
    for (const qsizetype index : indices)
        result.append(points[static_cast<std::size_t>(index)]);
    return result;
}

} // namespace portlab
