// SPDX-License-Identifier: GPL-3.0-or-later
// What of a series is drawn (qml/chart_decimation.h): a point's pixel cell; of marks, one per
// cell and none extra, the same cells as the whole data; of a line, each column's extent; the
// edge cases (no points, one, axes of zero width, coordinates that are not numbers). Then the
// charts of PortCharts drawn from many points, decimated and whole, compared pixel by pixel.
#include "chart_decimation.h"
#include "series_sheet.h"

#include "../chart_scene.h"
#include "image_difference.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QXYSeries>
#include <QTest>

#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>

using namespace portlab;

namespace {

// A plot of 400×300 logical pixels at (50.5, 20.25), x 0–1000, y 0–100.
PlotMapping plot(double ratio = 1)
{
    return {QRectF(50.5, 20.25, 400, 300), 0, 1000, 0, 100, ratio};
}

const MarkGeometry mark{QPointF(-6, -6), 13};

std::vector<QPointF> scattered(int count, unsigned seed, QRectF within)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> x(within.left(), within.right());
    std::uniform_real_distribution<double> y(within.top(), within.bottom());
    std::vector<QPointF> points;
    for (int i = 0; i < count; ++i)
        points.emplace_back(x(random), y(random));
    return points;
}

// `count` points `perUnit` to a unit of x from 0, y wandering from 50 by up to `most` a point
// within 0–100.
std::vector<QPointF> randomWalk(int count, int perUnit, int most, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> move(-most, most);
    std::vector<QPointF> points;
    double y = 50;
    for (int i = 0; i < count; ++i) {
        points.emplace_back(double(i) / perUnit, y);
        y = std::clamp(y + move(random), 0.0, 100.0);
    }
    return points;
}

std::pair<int, int> key(QPoint cell)
{
    return {cell.x(), cell.y()};
}

// Every light marker of the view's series with hard edges (each pixel wholly the mark's or
// not at all): one drawn on a pixel then draws exactly what several draw there.
void hardenMarks(QQuickItem *view)
{
    for (int i = 0; i < view->property("count").toInt(); ++i) {
        QAbstractSeries *series = nullptr;
        QMetaObject::invokeMethod(view, "series", Q_RETURN_ARG(QAbstractSeries *, series), Q_ARG(int, i));
        auto *xy = qobject_cast<QXYSeries *>(series);
        if (!xy || xy->lightMarker().isNull())
            continue;
        QImage image = xy->lightMarker().convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < image.height(); ++y) {
            auto *row = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x)
                row[x] = qRgba(qRed(row[x]), qGreen(row[x]), qBlue(row[x]), qAlpha(row[x]) >= 128 ? 255 : 0);
        }
        xy->setLightMarker(image);
    }
}

// A round mark as the charts draw one: an antialiased disc, opaque within, soft at its rim.
QImage softDisc(int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(QColor(0x0072b2), 2));
    painter.setBrush(QColor(0x0072b2));
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3));
    return image;
}

// A white picture of the view, clipped to the plot area, with `paint` drawing on it.
template<typename Paint>
QImage pictureOfPlot(const PlotMapping &mapping, Paint paint)
{
    QImage picture(600, 400, QImage::Format_ARGB32_Premultiplied);
    picture.fill(Qt::white);
    QPainter painter(&picture);
    painter.setClipRect(mapping.plotArea);
    paint(painter);
    return picture;
}

// `image` drawn at each of `indices` where markCell() places it.
QImage paintMarks(const std::vector<QPointF> &points, const std::vector<qsizetype> &indices, const PlotMapping &mapping,
                  const QImage &image, const MarkGeometry &geometry)
{
    return pictureOfPlot(mapping, [&](QPainter &painter) {
        for (const qsizetype i : indices)
            painter.drawImage(*markCell(mapping, points[static_cast<std::size_t>(i)], geometry), image);
    });
}

// Where a series draws the sheet as its mark at its anchor: a square of the sheet's size
// centred there, in device pixels of the view.
QRectF sheetPlace(const SeriesSheet &sheet, const PlotMapping &mapping)
{
    const QPointF start = mapping.toDevice(mapping.toPlot(sheet.anchor, -QPointF(sheet.size, sheet.size) / 2));
    return {start, QSizeF(sheet.size, sheet.size)};
}

// The sheet as the series draws it, at its anchor.
QImage sheetAsTheChartDrawsIt(const SeriesSheet &sheet, const PlotMapping &mapping)
{
    return pictureOfPlot(mapping, [&](QPainter &painter) { painter.drawImage(sheetPlace(sheet, mapping), sheet.image); });
}

// The line through the points `indices` as LineChartItem draws it, from the plot area's
// corner, antialiased: a solid line segment by segment, another as one path.
QImage lineAsTheChartDrawsIt(const std::vector<QPointF> &points, const std::vector<qsizetype> &indices, const PlotMapping &mapping,
                             const QPen &pen)
{
    return pictureOfPlot(mapping, [&](QPainter &painter) {
        painter.setRenderHint(QPainter::Antialiasing);
        painter.translate(mapping.plotArea.topLeft());
        painter.setPen(pen);
        QPolygonF line;
        for (const qsizetype i : indices)
            line.append(mapping.toPlot(points[static_cast<std::size_t>(i)]));
        if (pen.style() == Qt::SolidLine) {
            for (qsizetype i = 1; i < line.size(); ++i)
                painter.drawLine(line[i - 1], line[i]);
        } else {
            QPainterPath path;
            path.addPolygon(line);
            painter.drawPath(path);
        }
    });
}

} // namespace

class TestChartDecimation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A mark's cell: where its corner falls, in device pixels, rounded to the nearest.
    void cellOfAPoint()
    {
        // (0, 100) is the plot's top-left corner (50.5, 20.25); the mark starts 6 pixels up
        // and left: (44.5, 14.25), which rounds to (45, 14)
        QCOMPARE(markCell(plot(), QPointF(0, 100), mark), QPoint(45, 14));
        // x 1000, y 0: the bottom-right corner (450.5, 320.25) → (444.5, 314.25) → (445, 314)
        QCOMPARE(markCell(plot(), QPointF(1000, 0), mark), QPoint(445, 314));
        // 2.5 data units are one pixel across: a point 1.2 units right is half a pixel and
        // a bit over, so the next cell; 1.2 units left of that, back
        QCOMPARE(markCell(plot(), QPointF(1.2, 100), mark), QPoint(45, 14));   // 44.98 → 45
        QCOMPARE(markCell(plot(), QPointF(1.3, 100), mark), QPoint(45, 14));   // 45.02 → 45
        QCOMPARE(markCell(plot(), QPointF(2.6, 100), mark), QPoint(46, 14));   // 45.54 → 46
        // twice the device pixels: the corner at (89, 28.5) → (89, 29)
        QCOMPARE(markCell(plot(2), QPointF(0, 100), mark), QPoint(89, 29));
    }

    void invalidMappings_data()
    {
        QTest::addColumn<PlotMapping>("mapping");
        QTest::newRow("x range of zero width") << PlotMapping{QRectF(0, 0, 400, 300), 5, 5, 0, 100, 1};
        QTest::newRow("y range of zero width") << PlotMapping{QRectF(0, 0, 400, 300), 0, 10, 7, 7, 1};
        QTest::newRow("range upside down") << PlotMapping{QRectF(0, 0, 400, 300), 10, 0, 0, 100, 1};
        QTest::newRow("no plot area yet") << PlotMapping{};
        QTest::newRow("plot of zero height") << PlotMapping{QRectF(0, 0, 400, 0), 0, 10, 0, 100, 1};
        QTest::newRow("range not a number")
            << PlotMapping{QRectF(0, 0, 400, 300), 0, std::numeric_limits<double>::quiet_NaN(), 0, 100, 1};
        QTest::newRow("no pixel ratio") << PlotMapping{QRectF(0, 0, 400, 300), 0, 10, 0, 100, 0};
    }

    // Where points cannot be placed, every one is drawn, as without decimation.
    void invalidMappings()
    {
        QFETCH(PlotMapping, mapping);
        QVERIFY(!mapping.isValid());
        const std::vector<QPointF> points(50, QPointF(5, 7));
        QCOMPARE(markCell(mapping, points.front(), mark), std::nullopt);
        QCOMPARE(marksShown(points, mapping, mark).size(), points.size());
        QCOMPARE(linePointsShown(points, mapping).size(), points.size());
    }

    void emptyAndSinglePoint()
    {
        QVERIFY(marksShown({}, plot(), mark).empty());
        QVERIFY(linePointsShown({}, plot()).empty());
        const std::vector<QPointF> one{{500, 50}};
        QCOMPARE(marksShown(one, plot(), mark), std::vector<qsizetype>{0});
        QCOMPARE(linePointsShown(one, plot()), std::vector<qsizetype>{0});
        // two points on one pixel: the later, drawn on top
        const std::vector<QPointF> twice{{500, 50}, {500.1, 50.01}};
        QCOMPARE(marksShown(twice, plot(), mark), std::vector<qsizetype>{1});
    }

    // The same picture: every cell a mark of the whole data starts in has one drawn mark,
    // the last of that cell, and no mark is drawn anywhere else.
    void marksSamePicture_data()
    {
        QTest::addColumn<double>("ratio");
        QTest::newRow("1 device pixel per pixel") << 1.0;
        QTest::newRow("2 device pixels per pixel") << 2.0;
    }

    void marksSamePicture()
    {
        QFETCH(double, ratio);
        const PlotMapping mapping = plot(ratio);
        // 100,000 points over the axes' ranges (some just beyond), dense enough to share cells
        const std::vector<QPointF> points = scattered(100000, 1, QRectF(-10, -2, 270, 29));
        const std::vector<qsizetype> shown = marksShown(points, mapping, mark);
        QVERIFY2(shown.size() < points.size() / 2, qPrintable(QString::number(shown.size())));
        QVERIFY(std::is_sorted(shown.begin(), shown.end()));

        std::map<std::pair<int, int>, qsizetype> lastOfCell;   // every point's cell: the last point in it
        for (std::size_t i = 0; i < points.size(); ++i)
            lastOfCell[key(*markCell(mapping, points[i], mark))] = static_cast<qsizetype>(i);
        std::set<std::pair<int, int>> drawn;
        for (const qsizetype index : shown) {
            const auto cell = key(*markCell(mapping, points[static_cast<std::size_t>(index)], mark));
            QVERIFY2(drawn.insert(cell).second, "two marks in one cell");
            QCOMPARE(lastOfCell.at(cell), index);
        }
        // every cell of the whole data has its mark (none of these points is far enough out to be clipped)
        QCOMPARE(drawn.size(), lastOfCell.size());
    }

    // A mark wholly outside the plot area is clipped away, one that reaches in is drawn;
    // pinned points (those with a label) are drawn even on a pixel already taken.
    void marksClippedAndPinned()
    {
        const PlotMapping mapping = plot();
        // 2.5 units a pixel across, 1/3 unit a pixel up: 13 pixels are 32.5 and 4.33 units
        const std::vector<QPointF> points{{-40, 50}, {-20, 50}, {500, 110}, {500, 102}, {500, 50}, {500, 50}, {500, 50}};
        QCOMPARE(marksShown(points, mapping, mark), (std::vector<qsizetype>{1, 3, 6}));
        const std::vector<bool> pinned{false, false, false, false, true, false, false};
        QCOMPARE(marksShown(points, mapping, mark, pinned), (std::vector<qsizetype>{1, 3, 4, 6}));
    }

    // A line keeps, of each run of points in one column of pixels, the first, lowest, highest
    // and last, in their order: the same columns spanned between the same heights, entered
    // and left at the same points.
    void lineKeepsEachColumnsExtent()
    {
        const PlotMapping mapping = plot();
        const std::vector<QPointF> points = randomWalk(100000, 100, 3, 3);   // 250 points a column
        const std::vector<qsizetype> shown = linePointsShown(points, mapping);
        QVERIFY(std::is_sorted(shown.begin(), shown.end()));
        QVERIFY2(shown.size() <= 4 * 401, qPrintable(QString::number(shown.size())));
        QCOMPARE(shown.front(), qsizetype(0));
        QCOMPARE(shown.back(), qsizetype(points.size() - 1));
        const auto column = [&](qsizetype i) { return std::floor(mapping.toDevice(mapping.toPlot(points[static_cast<std::size_t>(i)])).x()); };
        struct Extent {
            qsizetype first = -1, last = -1;
            double low = 1e9, high = -1e9;
        };
        const auto extents = [&](const std::vector<qsizetype> &indices) {
            std::map<double, Extent> byColumn;
            for (const qsizetype i : indices) {
                Extent &e = byColumn[column(i)];
                if (e.first < 0)
                    e.first = i;
                e.last = i;
                e.low = std::min(e.low, points[static_cast<std::size_t>(i)].y());
                e.high = std::max(e.high, points[static_cast<std::size_t>(i)].y());
            }
            return byColumn;
        };
        std::vector<qsizetype> all(points.size());
        std::iota(all.begin(), all.end(), qsizetype(0));
        const auto whole = extents(all);
        const auto drawn = extents(shown);
        QCOMPARE(drawn.size(), whole.size());
        for (const auto &[x, e] : whole) {
            const Extent &d = drawn.at(x);
            QCOMPARE(d.first, e.first);
            QCOMPARE(d.last, e.last);
            QCOMPARE(d.low, e.low);
            QCOMPARE(d.high, e.high);
        }
        // a line that goes back and forth keeps each pass through a column
        const std::vector<QPointF> zigzag{{0, 0}, {0.1, 10}, {500, 50}, {0.2, 90}, {0.3, 0}};
        QCOMPARE(linePointsShown(zigzag, mapping), (std::vector<qsizetype>{0, 1, 2, 3, 4}));
    }

    // Thousands of soft marks crowded together, painted onto one sheet: drawn as a series draws
    // its mark, the sheet gives the picture of every mark drawn one by one.
    void markSheetGivesTheSamePicture()
    {
        const PlotMapping mapping = plot();
        const QImage disc = softDisc(13);
        const MarkGeometry geometry{QPointF(-6.5, -6.5), 13};
        // over about 40×30 pixels, and beyond the plot area's left edge
        const std::vector<QPointF> points = scattered(20000, 5, QRectF(-20, 40, 120, 10));
        std::vector<qsizetype> every(points.size());
        std::iota(every.begin(), every.end(), qsizetype(0));
        const QImage whole = paintMarks(points, every, mapping, disc, geometry);
        // the sheet, drawn as the series draws its mark at its anchor, gives the same picture
        // but for the rounding of blending twice (a channel off by 4 at most)
        const SeriesSheet sheet = paintMarkSheet(points, every, mapping, disc, geometry);
        QVERIFY(!sheet.isNull());
        QCOMPARE(QSizeF(sheet.image.size()), QSizeF(sheet.size, sheet.size));
        QVERIFY(sheet.size >= mapping.plotArea.width() + 2);
        // its square starts on a whole pixel a pixel or less up and left of the plot area
        const QPointF start = sheetPlace(sheet, mapping).topLeft();
        QVERIFY2(std::abs(start.x() - std::round(start.x())) < 1e-6 && std::abs(start.y() - std::round(start.y())) < 1e-6,
                 qPrintable(QStringLiteral("%1, %2").arg(start.x()).arg(start.y())));
        QVERIFY(start.x() <= mapping.plotArea.left() && start.x() >= mapping.plotArea.left() - 1.5);
        QVERIFY(start.y() <= mapping.plotArea.top() && start.y() >= mapping.plotArea.top() - 1.5);
        const QImage picture = sheetAsTheChartDrawsIt(sheet, mapping);
        QCOMPARE(testing::compareImages(picture, whole, 4).differing, 0);
        QVERIFY(testing::compareImages(picture, paintMarks(points, {}, mapping, disc, geometry), 4).differing > 1000);
    }

    // A line painted onto a sheet as LineChartItem draws it: a solid line segment by segment,
    // the same picture; a dashed line dash by dash, the dashes where one stroke puts them.
    // This line zigzags within every pixel column, the worst case: where a dash turns a corner
    // its two pieces' caps overlap, and where dashes overlap each is blended on its own; a
    // few pixels in a hundred differ.
    void lineSheetGivesTheSamePicture_data()
    {
        QTest::addColumn<QList<qreal>>("dashes");
        QTest::addColumn<double>("mostDiffering");   // share of the plot's pixels
        QTest::newRow("solid") << QList<qreal>{} << 0.0;
        QTest::newRow("dashed") << QList<qreal>{4, 2} << 0.035;
        QTest::newRow("dotted") << QList<qreal>{1, 2} << 0.035;
        QTest::newRow("dash-dot") << QList<qreal>{4, 2, 1, 2} << 0.035;
    }

    void lineSheetGivesTheSamePicture()
    {
        QFETCH(QList<qreal>, dashes);
        QFETCH(double, mostDiffering);
        const PlotMapping mapping = plot();
        // a random walk, about seven points a pixel column, decimated as the chart does
        const std::vector<QPointF> points = randomWalk(3000, 3, 2, 9);
        const std::vector<qsizetype> drawn = linePointsShown(points, mapping);
        QPen pen(QColor(0xd55e00), 3);
        if (!dashes.isEmpty())
            pen.setDashPattern(dashes);
        const QImage whole = lineAsTheChartDrawsIt(points, drawn, mapping, pen);
        const SeriesSheet sheet = paintLineSheet(points, drawn, mapping, pen);
        QVERIFY(!sheet.isNull());
        const QImage picture = sheetAsTheChartDrawsIt(sheet, mapping);
        const qsizetype differing = testing::compareImages(picture, whole, 4).differing;
        qInfo("%lld pixels differ", static_cast<long long>(differing));
        QVERIFY2(double(differing) <= mostDiffering * mapping.plotArea.width() * mapping.plotArea.height(), qPrintable(QString::number(differing)));
        // and the line is there: against an empty plot, thousands of pixels differ
        QVERIFY(testing::compareImages(picture, pictureOfPlot(mapping, [](QPainter &) {}), 4).differing > 2000);
    }

    // Along a straight line, broken by points on it, the dashes are those of one stroke to the
    // pixel: the pattern runs on across the points, from the pen's offset.
    void straightDashesExactly()
    {
        // a pixel column per 2.5 units across, a pixel a unit up: the line's edges fall on
        // whole pixels
        const PlotMapping mapping{QRectF(50, 20, 400, 300), 0, 1000, 0, 300, 1};
        const std::vector<QPointF> points{{10.3, 149.5}, {301.1, 149.5}, {333.3, 149.5}, {990.5, 149.5}};
        const std::vector<qsizetype> all{0, 1, 2, 3};
        for (const double offset : {0.0, 1.5, 7.0}) {
            QPen pen(QColor(0x009e73), 3);
            pen.setDashPattern({4, 2, 1, 2});
            pen.setDashOffset(offset);
            const QImage stroke = lineAsTheChartDrawsIt(points, all, mapping, pen);
            const QImage picture = sheetAsTheChartDrawsIt(paintLineSheet(points, all, mapping, pen), mapping);
            QCOMPARE(testing::compareImages(picture, stroke, 4).differing, 0);
            QVERIFY(testing::compareImages(picture, pictureOfPlot(mapping, [](QPainter &) {}), 4).differing > 500);
        }
    }

    // Points that are not numbers are left to the chart; they never take a cell.
    void nonFinitePointsKept()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<QPointF> points{{500, 50}, {nan, 50}, {500, 50}, {500, std::numeric_limits<double>::infinity()}};
        QCOMPARE(marksShown(points, plot(), mark), (std::vector<qsizetype>{1, 2, 3}));
        QCOMPARE(linePointsShown(points, plot()), (std::vector<qsizetype>{0, 1, 2, 3}));
    }

    // The charts drawn from many points: decimated, the series are given far fewer, and the
    // picture is the one every point draws. Exactly so for marks with hard edges, whether the
    // series draws them (scatter) or they are painted onto one sheet that the series draws
    // (the ports chosen). A mark with soft (antialiased) edges drawn several times on one
    // pixel darkens its rim with each time, where decimated it is drawn once; a line's
    // antialiased edges differ a little where the pixel columns it zigzags through are drawn
    // with four points.
    void chartsDrawTheSamePicture_data()
    {
        QTest::addColumn<int>("chart");
        QTest::addColumn<int>("points");
        QTest::addColumn<bool>("hardEdges");
        QTest::addColumn<double>("mostDiffering");   // share of the picture's pixels
        QTest::newRow("ports chosen, hard marks") << int(PortCharts::ChosenPorts) << 30000 << true << 0.0;
        QTest::newRow("port space, hard marks") << int(PortCharts::PortSpace) << 20000 << true << 0.0;
        QTest::newRow("scan, hard marks") << int(PortCharts::Scan) << 20000 << true << 0.0;
        QTest::newRow("ports chosen, soft marks") << int(PortCharts::ChosenPorts) << 30000 << false << 0.005;
        QTest::newRow("scan, soft marks") << int(PortCharts::Scan) << 20000 << false << 0.005;
        QTest::newRow("states, one solid line") << int(PortCharts::States) << 30000 << false << 0.01;
        QTest::newRow("states, four lines (three dashed)") << int(PortCharts::States) << 30000 << false << 0.03;
    }

    void chartsDrawTheSamePicture()
    {
        QFETCH(int, chart);
        QFETCH(int, points);
        QFETCH(bool, hardEdges);
        QFETCH(double, mostDiffering);
        testing::ChartScene scene(QSize(560, 480));
        QVERIFY2(scene.chartView, qPrintable(scene.error));
        const auto choices = testing::linuxLikeChoices(points);
        const StateTimeline states = testing::busyStates(points, QString::fromLatin1(QTest::currentDataTag()).contains(QLatin1String("four")) ? 4 : 1);
        const int steps = static_cast<int>(states.counts.front().size());
        const PortSpace space = testing::crowdedPortSpace(points);
        const ScanReport scan = testing::wideScan(points);
        const auto show = [&] {
            switch (chart) {
            case PortCharts::ChosenPorts: scene.charts.showChosenPorts(choices, choices); break;
            case PortCharts::States: scene.charts.showStates(states, steps, steps); break;
            case PortCharts::PortSpace: scene.charts.showPortSpace(space); break;
            default: scene.charts.showScan(scan, scan); break;
            }
            scene.draw();
        };
        const auto picture = [&](bool decimated) {
            scene.charts.setDecimated(decimated);
            show();
            show();   // on the plot area laid out for these axes and labels
            return scene.draw();
        };
        // laid out, and the series' own marks hardened before any is painted onto a sheet
        scene.charts.setDecimated(false);
        show();
        show();
        if (hardEdges)
            hardenMarks(scene.chartView);
        const QImage whole = picture(false);
        QCOMPARE(scene.charts.drawnCount(), scene.charts.pointCount());
        const QImage decimated = picture(true);
        const int drawn = scene.charts.drawnCount();
        QVERIFY2(drawn < scene.charts.pointCount() / 2, qPrintable(QStringLiteral("%1 of %2 drawn").arg(drawn).arg(scene.charts.pointCount())));
        const int differing = static_cast<int>(testing::compareImages(decimated, whole, 48).differing);
        qInfo("%d of %d points drawn; %d pixels differ", drawn, scene.charts.pointCount(), differing);
        if (differing > 0) {
            const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
            whole.save(name + QStringLiteral("-whole.png"));
            decimated.save(name + QStringLiteral("-decimated.png"));
        }
        QVERIFY2(differing <= mostDiffering * whole.width() * whole.height(), qPrintable(QStringLiteral("%1 pixels differ").arg(differing)));
    }
};

QTEST_MAIN(TestChartDecimation)
#include "tst_chart_decimation.moc"
