// SPDX-License-Identifier: GPL-3.0-or-later
#include "port_charts.h"

#include "chart_decimation.h"
#include "series_sheet.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QFileInfo>
#include <QCategoryAxis>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QMetaEnum>
#include <QPainter>
#include <QQuickWindow>
#include <QQuickItemGrabResult>
#include <QScatterSeries>
#include <QUrl>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>

namespace portlab {

namespace {

// How the port space is laid out from bottom to top: IANA's bands, the host's ephemeral
// band, then rows of marks with their labels.
constexpr double ianaBottom = 0.0, ianaTop = 0.7;
constexpr double ephemeralBottom = 0.9, ephemeralTop = 1.6;
constexpr double firstLane = 2.3, laneHeight = 1.6;
constexpr int labelLanes = 2;
constexpr double portSpaceTop = firstLane + (labelLanes - 1) * laneHeight + 1.1;
// A port number's label is this many characters of the label font wide, with a gap.
constexpr double labelCharacters = 6.5;

constexpr double markerSize = 11.0;

// A line series given more points than this to draw gets them painted on one sheet
// (series_sheet.h); with fewer, Qt Charts draws them as quickly, and the series keeps its
// points for whoever reads them.
constexpr std::size_t pointsOnASheet = 500;

enum class MarkShape { Circle, Square, Triangle, Diamond, Star };

// A series' marks as one picture painted at every point ("light markers"): a QScatterSeries
// otherwise makes a graphics item per point, which 100,000 points cannot afford. The ports
// chosen are a line series without its line: Qt Charts draws those about three times faster
// than a scatter series with the same light markers (measured with bench_charts).
void setMarks(QXYSeries *series, MarkShape shape, const QColor &fill, const QColor &border, double size)
{
    const int pixels = static_cast<int>(std::ceil(size)) + 2;
    QImage image(pixels, pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(border, 2));
    painter.setBrush(fill);
    const QRectF box(1.5, 1.5, pixels - 3, pixels - 3);
    const QPointF c = box.center();
    const double r = box.width() / 2;
    switch (shape) {
    case MarkShape::Circle: painter.drawEllipse(box); break;
    case MarkShape::Square: painter.drawRect(box.adjusted(1, 1, -1, -1)); break;
    case MarkShape::Triangle:
        painter.drawPolygon(QPolygonF{{c.x(), box.top()}, {box.right(), box.bottom()}, {box.left(), box.bottom()}});
        break;
    case MarkShape::Diamond:
        painter.drawPolygon(QPolygonF{{c.x(), box.top()}, {box.right(), c.y()}, {c.x(), box.bottom()}, {box.left(), c.y()}});
        break;
    case MarkShape::Star: {
        QPolygonF star;
        for (int i = 0; i < 10; ++i) {
            const double angle = -M_PI / 2 + i * M_PI / 5;
            const double radius = i % 2 == 0 ? r : r * 0.45;
            star.append(c + QPointF(radius * std::cos(angle), radius * std::sin(angle)));
        }
        painter.drawPolygon(star);
        break;
    }
    }
    painter.end();
    series->setMarkerSize(pixels);
    if (auto *scatter = qobject_cast<QScatterSeries *>(series)) {
        scatter->setColor(fill);
        scatter->setBorderColor(border);
    } else {
        series->setPen(Qt::NoPen);   // marks only, no line between them
    }
    series->setLightMarker(image);
}

QString portRangeText(std::uint16_t low, std::uint16_t high)
{
    return QStringLiteral("%1–%2").arg(low).arg(high);
}

void setBand(QAreaSeries *area, double low, double high, double bottom, double top)
{
    area->upperSeries()->replace(QList<QPointF>{{low, top}, {high, top}});
    if (!area->lowerSeries())
        area->setLowerSeries(new QLineSeries(area));
    area->lowerSeries()->replace(QList<QPointF>{{low, bottom}, {high, bottom}});
}

// A count per step as a line of steps: flat while it holds, straight up or down where it changes.
QList<QPointF> stepLine(const std::vector<int> &counts)
{
    QList<QPointF> points;
    if (counts.empty())
        return points;
    points.append({0, double(counts.front())});
    for (std::size_t i = 1; i < counts.size(); ++i) {
        if (counts[i] != counts[i - 1]) {
            points.append({double(i), double(counts[i - 1])});
            points.append({double(i), double(counts[i])});
        }
    }
    points.append({double(counts.size() - 1), double(counts.back())});
    return points;
}

// The dash pattern of line `index`, in pen widths: solid (none), dashed, dotted, dash-dot, then again.
QList<qreal> dashPattern(std::size_t index)
{
    switch (index % 4) {
    case 1: return {4, 2};
    case 2: return {1, 2};
    case 3: return {4, 2, 1, 2};
    default: return {};
    }
}

// Ticks at round port numbers (1, 2 or 5 times a power of ten apart), about four of them.
void setPortRange(QValueAxis *axis, double low, double high)
{
    const double rough = std::max(1.0, (high - low) / 4);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    const double interval = rough <= power ? power : rough <= 2 * power ? 2 * power : rough <= 5 * power ? 5 * power : 10 * power;
    axis->setRange(low, high);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(std::ceil(low / interval) * interval);
    axis->setTickInterval(interval);
    axis->setLabelFormat(QStringLiteral("%d"));
}

// Integer ticks for a count axis: at most about five, at whole numbers.
void setCountRange(QValueAxis *axis, double low, double high)
{
    const double span = std::max(1.0, high - low);
    const double interval = std::max(1.0, std::ceil(span / 5.0));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(low);
    axis->setTickInterval(interval);
    axis->setRange(low, low + std::ceil(span / interval) * interval);
    axis->setLabelFormat(QStringLiteral("%d"));
}

// What a chart's description names, one by one: ports, marks. It names `most` at the most and
// counts the rest, since a screen reader reads it whole (and making 100,000 names would take
// longer than drawing the chart).
struct Described {
    static constexpr qsizetype most = 24;
    QStringList named;
    qsizetype count = 0;

    // One more; `name` is called only while there is room for its name.
    template<typename Name>
    void add(Name name)
    {
        if (named.size() < most)
            named.append(name());
        ++count;
    }

    QString text(const QString &separator, const QString &none) const
    {
        if (count == 0)
            return none;
        QString text = named.join(separator);
        if (count > named.size())
            text += separator + PortCharts::tr("and %1 more").arg(count - named.size());
        return text;
    }
};

QString scanAnswerText(const ScannedPort &port)
{
    return port.answer.isEmpty() ? PortCharts::tr("no answer") : port.answer;
}

} // namespace

PortCharts::PortCharts(QObject *parent)
    : QObject(parent)
{
    m_frame.setSingleShot(true);
    m_frame.setInterval(16);
    connect(&m_frame, &QTimer::timeout, this, &PortCharts::update);
}

void PortCharts::setPlayer(StagePlayer *player)
{
    if (m_player == player)
        return;
    if (m_player)
        disconnect(m_player, nullptr, this, nullptr);
    m_player = player;
    if (m_player) {
        connect(m_player, &StagePlayer::loaded, this, &PortCharts::schedule);
        connect(m_player, &StagePlayer::stepChanged, this, &PortCharts::schedule);
    }
    m_recording = nullptr;
    Q_EMIT playerChanged();
    schedule();
}

void PortCharts::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    // The axes of another chart have no place in this one (they belong to the view's chart,
    // which keeps them until the view goes).
    for (const auto &axis : m_axes) {
        if (axis)
            axis->setVisible(false);
    }
    m_axes.clear();
    m_specs.clear();
    Q_EMIT modeChanged();
    schedule();
}

void PortCharts::setHost(int host)
{
    if (m_host == host)
        return;
    m_host = host;
    Q_EMIT hostChanged();
    schedule();
}

void PortCharts::setChartView(QQuickItem *view)
{
    if (m_view == view)
        return;
    if (m_view)
        disconnect(m_view, nullptr, this, nullptr);
    m_view = view;
    // Where the port space's labels fit depends on the plot's width.
    if (m_view)
        connect(m_view, SIGNAL(plotAreaChanged(QRectF)), this, SLOT(schedule()));
    m_axes.clear();
    m_specs.clear();
    m_series.clear();
    Q_EMIT chartViewChanged();
    schedule();
}

void PortCharts::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    schedule();
}

template<typename T>
void PortCharts::setStyle(T &member, const T &value)
{
    if (member == value)
        return;
    member = value;
    m_specs.clear();   // series and axes take their style when they are made
    Q_EMIT styleChanged();
    schedule();
}

void PortCharts::setColors(const QVariantList &colors) { setStyle(m_colors, colors); }
void PortCharts::setTextColor(const QColor &color) { setStyle(m_textColor, color); }
void PortCharts::setGridColor(const QColor &color) { setStyle(m_gridColor, color); }
void PortCharts::setFontPixelSize(int size) { setStyle(m_fontPixelSize, size); }

void PortCharts::schedule()
{
    if (m_active && !m_frame.isActive())
        m_frame.start();
}

void PortCharts::refresh()
{
    m_frame.stop();
    update();
}

void PortCharts::update()
{
    if (!m_active || !m_view || !m_player)
        return;
    const Playback *playback = m_player->playback();
    if (!playback) {
        finish({}, {}, tr("Nothing is loaded."), 0);
        return;
    }
    if (playback != m_recording)
        recomputeRecording();
    const int step = m_player->currentStep();
    m_note = playback->truncated
        ? tr("⚠ The run was cut after %1 steps (the stage records no more): the chart counts those steps only.").arg(playback->size())
        : QString();
    switch (m_mode) {
    case PortSpace:
        showPortSpace(portSpaceAt(*playback, step, static_cast<std::size_t>(std::max(m_host, 0))));
        break;
    case ChosenPorts: {
        std::vector<ChosenPortSeries> upToNow = m_chosen;
        for (ChosenPortSeries &series : upToNow) {
            const auto end = std::upper_bound(series.points.begin(), series.points.end(), step,
                                              [](int s, const ChosenPort &point) { return s < point.step; });
            series.points.erase(end, series.points.end());
        }
        showChosenPorts(upToNow, m_chosen);
        break;
    }
    case Listeners: showListeners(step); break;
    case States: showStates(m_states, std::clamp(step + 1, 0, m_player->stepCount()), m_player->stepCount()); break;
    case Scan: showScan(scanReport(*playback, step), m_scan); break;
    }
}

void PortCharts::recomputeRecording()
{
    m_recording = m_player->playback();
    const int last = static_cast<int>(m_recording->size()) - 1;
    m_chosen = chosenPorts(*m_recording, last);
    m_states = socketStatesOverTime(*m_recording, last);
    m_scan = scanReport(*m_recording, last);
    m_specs.clear();
}

// --- the view's series and axes -----------------------------------------------------------

int PortCharts::seriesType(const char *name) const
{
    const QMetaObject *meta = m_view->metaObject();
    const int index = meta->indexOfEnumerator("SeriesType");
    return index < 0 ? -1 : meta->enumerator(index).keyToValue(name);
}

QColor PortCharts::colorAt(std::size_t index) const
{
    if (m_colors.isEmpty())
        return m_textColor;
    return m_colors.at(static_cast<qsizetype>(index % static_cast<std::size_t>(m_colors.size()))).value<QColor>();
}

template<typename Axis>
Axis *PortCharts::axis(std::size_t slot)
{
    if (m_axes.size() <= slot)
        m_axes.resize(slot + 1);
    if (auto *existing = qobject_cast<Axis *>(m_axes[slot].data()))
        return existing;
    auto *made = new Axis(m_view);   // the chart takes it over when a series is attached to it
    m_axes[slot] = made;
    styleAxis(made);
    return made;
}

void PortCharts::styleAxis(QAbstractAxis *axis) const
{
    QFont font = axis->labelsFont();
    font.setPixelSize(m_fontPixelSize);
    axis->setLabelsFont(font);
    axis->setTitleFont(font);
    axis->setLabelsColor(m_textColor);
    axis->setTitleBrush(m_textColor);
    axis->setLinePenColor(m_textColor);
    axis->setGridLineColor(m_gridColor);
    axis->setMinorGridLineColor(m_gridColor);
}

bool PortCharts::ensureSeries(const std::vector<SeriesSpec> &specs, QAbstractAxis *axisX, QAbstractAxis *axisY)
{
    const bool alive = std::all_of(m_series.begin(), m_series.end(), [](const auto &series) { return !series.isNull(); });
    if (specs == m_specs && alive && m_series.size() == specs.size())
        return false;
    QMetaObject::invokeMethod(m_view, "removeAllSeries");
    m_series.clear();
    m_ownMarks.clear();
    for (QAbstractAxis *axis : {axisX, axisY})
        styleAxis(axis);
    for (const SeriesSpec &spec : specs) {
        QAbstractSeries *series = nullptr;
        QMetaObject::invokeMethod(m_view, "createSeries", Q_RETURN_ARG(QAbstractSeries *, series), Q_ARG(int, spec.type),
                                  Q_ARG(QString, spec.name), Q_ARG(QAbstractAxis *, axisX), Q_ARG(QAbstractAxis *, axisY));
        m_series.emplace_back(series);
    }
    m_specs = specs;
    return true;
}

void PortCharts::styleSeries(QAbstractSeries *series) const
{
    auto *xy = qobject_cast<QXYSeries *>(series);
    if (!xy)
        return;
    QFont font = xy->pointLabelsFont();
    font.setPixelSize(m_fontPixelSize);
    xy->setPointLabelsFont(font);
    xy->setPointLabelsColor(m_textColor);
}

void PortCharts::addToLegend(const QString &text, const QColor &color, const QString &symbol, const QVariantList &dashes)
{
    m_nextLegend.append(QVariantMap{{QStringLiteral("text"), text}, {QStringLiteral("color"), color},
                                    {QStringLiteral("symbol"), symbol}, {QStringLiteral("dashes"), dashes}});
}

std::vector<qsizetype> PortCharts::draw(QXYSeries *series, const QList<QPointF> &points, const std::vector<bool> &pinned)
{
    PlotMapping mapping;
    mapping.plotArea = m_view->property("plotArea").toRectF();
    mapping.pixelRatio = m_view->window() ? m_view->window()->devicePixelRatio() : 1.0;
    bool valueAxes = true;
    for (QAbstractAxis *attached : series->attachedAxes()) {
        const auto *value = qobject_cast<QValueAxis *>(attached);   // a QCategoryAxis is one too
        valueAxes = valueAxes && value;
        if (value && value->orientation() == Qt::Horizontal) {
            mapping.minX = value->min();
            mapping.maxX = value->max();
        } else if (value) {
            mapping.minY = value->min();
            mapping.maxY = value->max();
        }
    }
    if (!valueAxes || !m_decimated)
        mapping = {};   // not mapped as chart_decimation knows (or not asked to): every point drawn

    // How the series draws: marks (one light marker per point, no line), or a line. Its own
    // mark is the light marker it was given, unless that is the sheet draw() gave it.
    OwnMark &own = m_ownMarks[series];
    if (own.sheet == 0 || series->lightMarker().cacheKey() != own.sheet) {
        own.mark = series->lightMarker();
        own.size = series->markerSize();
    }
    const std::span<const QPointF> data(points.constData(), static_cast<std::size_t>(points.size()));
    // Either series draws a mark as its image in a square of its marker size centred on the point.
    const MarkGeometry geometry{QPointF(-own.size / 2, -own.size / 2), own.size};
    const bool scatter = qobject_cast<QScatterSeries *>(series) != nullptr;
    const bool marks = !own.mark.isNull() && (scatter || series->pen().style() == Qt::NoPen);
    const bool line = !scatter && own.mark.isNull();
    const std::vector<qsizetype> drawn = marks ? marksShown(data, mapping, geometry, pinned)
                                         : line ? linePointsShown(data, mapping)
                                                : linePointsShown(data, {});   // marks and a line: all of them
    // Many of a line series' points are drawn on one sheet. (A ScatterChartItem makes a
    // graphics item per point and keeps the labels some have.)
    SeriesSheet sheet;
    if (!scatter && drawn.size() > pointsOnASheet)
        sheet = marks ? paintMarkSheet(data, drawn, mapping, own.mark, geometry) : line ? paintLineSheet(data, drawn, mapping, series->pen()) : SeriesSheet{};
    if (!sheet.isNull()) {
        series->setLightMarker(sheet.image);
        series->setMarkerSize(sheet.size);
        own.sheet = series->lightMarker().cacheKey();
        series->replace(QList<QPointF>{sheet.anchor});
    } else {
        if (own.sheet != 0) {   // its own mark again, after a sheet
            series->setLightMarker(own.mark);
            series->setMarkerSize(own.size);
            own.sheet = 0;
        }
        series->replace(drawn.size() == static_cast<std::size_t>(points.size()) ? points : pointsAt(data, drawn));
    }
    m_nextDrawnCount = m_nextDrawnCount.value_or(0) + static_cast<int>(drawn.size());
    return drawn;
}

void PortCharts::finish(QString title, QString summary, QString emptyText, int points)
{
    m_legend = std::exchange(m_nextLegend, {});
    m_title = std::move(title);
    m_summary = std::move(summary);
    m_emptyText = points > 0 ? QString() : std::move(emptyText);
    m_pointCount = points;
    m_drawnCount = std::exchange(m_nextDrawnCount, std::nullopt).value_or(points);
    if (m_drawnCount < m_pointCount) {
        //: the end of a chart's description when many of its points fall on the same pixels
        m_summary += QLatin1Char(' ')
            + tr("Of its %1 points, %2 are drawn: each of the others would fall on pixels one of those already covers.")
                  .arg(m_pointCount)
                  .arg(m_drawnCount);
    }
    Q_EMIT updated();
}

// --- the charts ---------------------------------------------------------------------------

void PortCharts::showPortSpace(const portlab::PortSpace &space)
{
    auto *x = axis<QValueAxis>(0);
    auto *y = axis<QValueAxis>(1);
    const std::vector<PortBand> iana = ianaPortRanges();
    const int area = seriesType("SeriesTypeArea");
    const int scatter = seriesType("SeriesTypeScatter");
    std::vector<SeriesSpec> specs;
    for (const PortBand &band : iana)
        specs.push_back({area, tr("IANA %1 %2").arg(band.name, portRangeText(band.low, band.high))});
    specs.push_back({area, tr("ephemeral %1 (sysctl)").arg(portRangeText(space.ephemeral.low, space.ephemeral.high))});
    specs.push_back({scatter, tr("TCP port")});
    specs.push_back({scatter, tr("UDP port")});
    if (ensureSeries(specs, x, y)) {
        x->setRange(-2000, 65535);   // room for a mark at port 0
        x->setTickType(QValueAxis::TicksDynamic);
        x->setTickAnchor(0);
        x->setTickInterval(16384);
        x->setLabelFormat(QStringLiteral("%d"));
        x->setTitleText(tr("port"));
        y->setRange(ianaBottom, portSpaceTop);
        y->setVisible(false);
        static constexpr std::array<Qt::BrushStyle, 3> ianaPatterns{Qt::SolidPattern, Qt::Dense5Pattern, Qt::SolidPattern};
        for (std::size_t i = 0; i < iana.size(); ++i) {
            auto *band = qobject_cast<QAreaSeries *>(m_series[i]);
            QColor fill = colorAt(i);
            fill.setAlphaF(0.35f);
            band->setBrush(QBrush(fill, ianaPatterns[i]));
            band->setPen(QPen(colorAt(i), 2));
            setBand(band, iana[i].low, iana[i].high, ianaBottom, ianaTop);
        }
        auto *ephemeral = qobject_cast<QAreaSeries *>(m_series[3]);
        ephemeral->setBrush(QBrush(colorAt(3), Qt::BDiagPattern));
        ephemeral->setPen(QPen(colorAt(3), 2));
        for (std::size_t i = 4; i < 6; ++i) {
            auto *marks = qobject_cast<QScatterSeries *>(m_series[i]);
            styleSeries(marks);
            setMarks(marks, i == 4 ? MarkShape::Circle : MarkShape::Triangle, m_textColor, m_textColor, markerSize + 2);
            marks->setPointLabelsFormat(QStringLiteral("@xPoint"));
            marks->setPointLabelsVisible(true);
        }
    }
    setBand(qobject_cast<QAreaSeries *>(m_series[3]), space.ephemeral.low, space.ephemeral.high, ephemeralBottom, ephemeralTop);
    for (std::size_t i = 0; i < 4; ++i)
        addToLegend(specs[i].name, colorAt(i), i == 1 ? QStringLiteral("▒") : i == 3 ? QStringLiteral("▨") : QStringLiteral("█"));

    // Labels in rows, each at least a label's width from the one before it in its row.
    std::vector<PortMark> marks = space.marks;
    const double plotWidth = std::max(100.0, m_view->property("plotArea").toRectF().width());
    layOutLabels(marks, 65536.0 * labelCharacters * 0.6 * m_fontPixelSize / plotWidth, labelLanes);
    int points = 0;
    Described described;
    for (const Protocol protocol : {Protocol::Tcp, Protocol::Udp}) {
        auto *series = qobject_cast<QXYSeries *>(m_series[protocol == Protocol::Tcp ? 4 : 5]);
        QList<QPointF> shown;
        std::vector<bool> labelled;   // a mark with a label is drawn wherever it is
        for (const PortMark &mark : marks) {
            if (mark.protocol != protocol)
                continue;
            labelled.push_back(mark.labelled);
            shown.append({double(mark.port), firstLane + mark.lane * laneHeight});
            described.add([&] {
                return tr("%1 %2 (%3%4)").arg(protocolName(protocol)).arg(mark.port).arg(mark.owner, mark.listening ? tr(", listening") : QString());
            });
        }
        const std::vector<qsizetype> drawn = draw(series, shown, labelled);
        QHash<int, QHash<QXYSeries::PointConfiguration, QVariant>> unlabelled;   // set at once: each change redoes the series
        for (std::size_t i = 0; i < drawn.size(); ++i) {
            if (!labelled[static_cast<std::size_t>(drawn[i])])
                unlabelled[static_cast<int>(i)][QXYSeries::PointConfiguration::LabelVisibility] = false;
        }
        series->setPointsConfiguration(unlabelled);
        points += static_cast<int>(shown.size());
        if (!shown.isEmpty())
            addToLegend(series->name(), m_textColor, protocol == Protocol::Tcp ? QStringLiteral("●") : QStringLiteral("▲"));
    }
    finish(tr("Ports of %1").arg(space.host),
           tr("Port space of %1: IANA system 0–1023, user 1024–49151, dynamic 49152–65535; this host's ephemeral range %2. Ports in use: %3.")
               .arg(space.host, portRangeText(space.ephemeral.low, space.ephemeral.high),
                    described.text(QStringLiteral(", "), tr("none"))),
           space.host.isEmpty() ? tr("No host yet.") : tr("No socket of %1 has a port yet.").arg(space.host), points);
}

void PortCharts::showChosenPorts(const std::vector<ChosenPortSeries> &series, const std::vector<ChosenPortSeries> &whole)
{
    auto *x = axis<QValueAxis>(0);
    auto *y = axis<QValueAxis>(1);
    const int scatter = seriesType("SeriesTypeLine");
    std::vector<SeriesSpec> specs;
    for (const ChosenPortSeries &s : series)
        specs.push_back({scatter, s.name()});
    if (ensureSeries(specs, x, y)) {
        for (std::size_t i = 0; i < series.size(); ++i) {
            auto *scatterSeries = qobject_cast<QXYSeries *>(m_series[i]);
            styleSeries(scatterSeries);
            setMarks(scatterSeries,
                     series[i].rule == PortChoiceRule::Connect ? MarkShape::Circle
                     : series[i].rule == PortChoiceRule::Bind  ? MarkShape::Square
                                                               : MarkShape::Triangle,
                     colorAt(i), colorAt(i), markerSize);
        }
        x->setTitleText(tr("order of choice"));
        y->setTitleText(tr("port"));
    }
    // The axes span the whole recording, so they hold still while the player steps.
    int lastOrder = 1;
    std::uint16_t low = 65535, high = 0;
    for (const ChosenPortSeries &s : whole) {
        for (const ChosenPort &point : s.points) {
            lastOrder = std::max(lastOrder, point.order);
            low = std::min(low, point.port);
            high = std::max(high, point.port);
        }
    }
    if (low > high)
        low = high = 32768;
    setCountRange(x, 0, lastOrder + 1);   // room for the last mark
    const double margin = std::max(8.0, (high - low) * 0.05);
    setPortRange(y, std::max(0.0, low - margin), std::min(65535.0, high + margin));

    int points = 0;
    QStringList described;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const ChosenPortSeries &s = series[i];
        QList<QPointF> shown;
        shown.reserve(static_cast<qsizetype>(s.points.size()));
        int even = 0;
        for (const ChosenPort &point : s.points) {
            shown.append({double(point.order), double(point.port)});
            even += point.port % 2 == 0 ? 1 : 0;
        }
        auto *xy = qobject_cast<QXYSeries *>(m_series[i]);
        draw(xy, shown);
        xy->setVisible(!shown.isEmpty());
        const int odd = static_cast<int>(shown.size()) - even;
        //: a series of chosen ports in the legend: its name, then how many were even and odd
        const QString name = tr("%1: %2 even, %3 odd").arg(s.name()).arg(even).arg(odd);
        xy->setName(name);
        if (!shown.isEmpty()) {
            described.append(name);
            addToLegend(name, colorAt(i), s.rule == PortChoiceRule::Connect ? QStringLiteral("●")
                                          : s.rule == PortChoiceRule::Bind  ? QStringLiteral("■")
                                                                            : QStringLiteral("▲"));
        }
        points += static_cast<int>(shown.size());
    }
    finish(tr("Ephemeral ports the kernel chose"),
           tr("Each port the kernel chose, in the order it chose them: connect() as circles (even ports first, a start of "
              "its own per destination), bind(0) and listen() as squares (odd first), UDP as triangles. %1.")
               .arg(described.isEmpty() ? tr("None yet") : described.join(QStringLiteral("; "))),
           tr("The kernel has not chosen a port yet: it does when a program connects or binds port 0."), points);
}

void PortCharts::showListeners(int step)
{
    const std::vector<ListenerLoad> loads = connectionsPerListener(m_player->playback()->worldAt(step));
    auto *x = axis<QValueAxis>(0);
    auto *y = axis<QBarCategoryAxis>(1);
    if (ensureSeries({{seriesType("SeriesTypeHorizontalStackedBar"), QString()}}, x, y)) {
        // The sets are made by the series' own append(), so QML sees them as its BarSets.
        auto *bars = qobject_cast<QAbstractBarSeries *>(m_series[0]);
        for (const QString &label : {tr("accepted (ESTAB)"), tr("waiting in the accept queue")})
            QMetaObject::invokeMethod(bars, "append", Q_ARG(QString, label), Q_ARG(QVariantList, QVariantList()));
        QBarSet *accepted = bars->barSets().value(0);
        QBarSet *queued = bars->barSets().value(1);
        accepted->setColor(colorAt(0));
        accepted->setBorderColor(m_textColor);
        queued->setBrush(QBrush(colorAt(1), Qt::BDiagPattern));
        queued->setBorderColor(m_textColor);
        for (QBarSet *set : {accepted, queued}) {
            set->setLabelColor(m_textColor);
            QFont font = set->labelFont();
            font.setPixelSize(m_fontPixelSize);
            set->setLabelFont(font);
        }
        bars->setLabelsVisible(false);
        bars->setBarWidth(0.6);
        x->setTitleText(tr("connections"));
    }
    auto *bars = qobject_cast<QAbstractBarSeries *>(m_series[0]);
    // The host goes in a listener's name when there are listeners on several.
    const bool severalHosts = std::any_of(loads.begin(), loads.end(), [&loads](const ListenerLoad &load) { return load.host != loads.front().host; });
    QStringList names;
    QList<qreal> accepted, queued;
    QStringList described;
    double most = 1;
    for (const ListenerLoad &load : loads) {
        names.append(severalHosts ? load.name() : QStringLiteral("%1 %2").arg(load.owner, load.local));
        accepted.append(load.accepted);
        queued.append(load.queued);
        most = std::max(most, double(load.accepted + load.queued));
        described.append(tr("%1: %2 accepted, %3 waiting").arg(load.name()).arg(load.accepted).arg(load.queued));
    }
    for (int i = 0; i < 2; ++i) {
        QBarSet *set = bars->barSets().at(i);
        set->remove(0, set->count());
        set->append(i == 0 ? accepted : queued);
    }
    y->setCategories(names);
    addToLegend(bars->barSets().at(0)->label(), colorAt(0), QStringLiteral("█"));
    addToLegend(bars->barSets().at(1)->label(), colorAt(1), QStringLiteral("▨"));
    setCountRange(x, 0, most);
    finish(tr("Connections per listening socket"),
           tr("For each listening socket, its established connections: accepted by the program, or waiting in its accept queue. %1.")
               .arg(described.isEmpty() ? tr("No listener") : described.join(QStringLiteral("; "))),
           tr("No socket listens at this step."), static_cast<int>(loads.size()));
}

void PortCharts::showStates(const StateTimeline &states, int shownSteps, int stepCount)
{
    auto *x = axis<QValueAxis>(0);
    auto *y = axis<QValueAxis>(1);
    const int line = seriesType("SeriesTypeLine");
    std::vector<SeriesSpec> specs;
    for (const QString &state : states.states)
        specs.push_back({line, state});
    if (ensureSeries(specs, x, y)) {
        // Each state a colour and a dash pattern of its own.
        for (std::size_t i = 0; i < specs.size(); ++i) {
            QPen pen(colorAt(i), 3);
            if (const QList<qreal> dashes = dashPattern(i); !dashes.isEmpty())
                pen.setDashPattern(dashes);
            qobject_cast<QLineSeries *>(m_series[i])->setPen(pen);
        }
        x->setTitleText(tr("step"));
        y->setTitleText(tr("TCP sockets"));
    }
    int most = 1;
    for (const auto &counts : states.counts)
        most = std::max(most, counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end()));
    setCountRange(x, 0, std::max<double>(1, stepCount - 1));
    setCountRange(y, 0, most);

    const std::size_t shown = static_cast<std::size_t>(std::clamp(shownSteps, 0, stepCount));
    int points = 0;
    QStringList now;
    for (std::size_t i = 0; i < states.states.size(); ++i) {
        const std::vector<int> upToNow(states.counts[i].begin(),
                                       states.counts[i].begin() + static_cast<std::ptrdiff_t>(std::min(shown, states.counts[i].size())));
        const QList<QPointF> steps = stepLine(upToNow);
        draw(qobject_cast<QXYSeries *>(m_series[i]), steps);
        points += static_cast<int>(steps.size());
        if (!upToNow.empty())
            now.append(QStringLiteral("%1 %2").arg(states.states[i]).arg(upToNow.back()));
        QVariantList dashes;
        for (const qreal dash : dashPattern(i))
            dashes.append(dash);
        addToLegend(states.states[i], colorAt(i), {}, dashes);
    }
    finish(tr("TCP sockets by state"),
           tr("How many TCP sockets of all hosts are in each state, step by step, as ss names the states. Now: %1.")
               .arg(now.isEmpty() ? tr("none") : now.join(QStringLiteral(", "))),
           shown == 0 ? tr("Step forward: the chart grows with the steps.") : tr("No TCP socket in this run."), points);
}

void PortCharts::showScan(const ScanReport &report, const ScanReport &whole)
{
    bool udp = false;
    std::uint16_t low = 65535, high = 0;
    for (const ScannedPort &port : whole.ports) {
        udp = udp || port.protocol == Protocol::Udp;
        low = std::min(low, port.port);
        high = std::max(high, port.port);
    }
    auto *x = axis<QValueAxis>(0);
    auto *y = axis<QCategoryAxis>(1);
    static constexpr std::array<ScanVerdict, 5> verdicts{ScanVerdict::Open, ScanVerdict::Closed, ScanVerdict::Filtered,
                                                         ScanVerdict::OpenOrFiltered, ScanVerdict::Waiting};
    static constexpr std::array<MarkShape, 5> shapes{MarkShape::Circle, MarkShape::Square, MarkShape::Triangle,
                                                     MarkShape::Diamond, MarkShape::Star};
    const int scatter = seriesType("SeriesTypeScatter");
    std::vector<SeriesSpec> specs;
    std::vector<std::pair<Protocol, ScanVerdict>> kinds;
    for (const Protocol protocol : {Protocol::Tcp, Protocol::Udp}) {
        if (protocol == Protocol::Udp && !udp)
            continue;
        for (const ScanVerdict verdict : verdicts) {
            // a silent TCP port is filtered, never open|filtered
            if (protocol == Protocol::Tcp && verdict == ScanVerdict::OpenOrFiltered)
                continue;
            specs.push_back({scatter, tr("%1 %2").arg(protocolName(protocol), scanVerdictName(verdict))});
            kinds.emplace_back(protocol, verdict);
        }
    }
    if (ensureSeries(specs, x, y)) {
        for (const QString &label : y->categoriesLabels())
            y->remove(label);
        y->setStartValue(-0.5);
        for (std::size_t i = 0; i < verdicts.size(); ++i)
            y->append(scanVerdictName(verdicts[i]), double(i) + 0.5);
        y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
        y->setRange(-0.5, double(verdicts.size()) - 0.5);
        x->setTitleText(tr("port"));
        for (std::size_t i = 0; i < kinds.size(); ++i) {
            auto *series = qobject_cast<QScatterSeries *>(m_series[i]);
            styleSeries(series);
            const auto index = static_cast<std::size_t>(std::find(verdicts.begin(), verdicts.end(), kinds[i].second) - verdicts.begin());
            // TCP filled, UDP hollow: the protocol shows without colour too
            const QColor color = colorAt(index);
            setMarks(series, shapes[index], kinds[i].first == Protocol::Tcp ? color : QColor(Qt::transparent), color, markerSize + 3);
            series->setPointLabelsFormat(QStringLiteral("@xPoint"));
        }
    }
    const double margin = std::max(1.0, (high - low) * 0.06);
    if (low > high)
        low = high = 0;
    setPortRange(x, low - margin, high + margin);

    int points = 0;
    Described described;
    // Port numbers beside the marks while there are few enough to read.
    const bool labelled = whole.ports.size() <= 16;
    // The ports of each kind, in one pass over the report (a scan may have a hundred thousand)
    std::array<std::array<std::optional<std::size_t>, verdicts.size()>, 2> kindOf{};   // by protocol and verdict
    for (std::size_t i = 0; i < kinds.size(); ++i)
        kindOf[static_cast<std::size_t>(kinds[i].first)][static_cast<std::size_t>(kinds[i].second)] = i;
    std::vector<std::vector<const ScannedPort *>> byKind(kinds.size());
    for (const ScannedPort &port : report.ports) {
        const auto protocol = static_cast<std::size_t>(port.protocol), verdict = static_cast<std::size_t>(port.verdict);
        if (protocol < kindOf.size() && verdict < verdicts.size() && kindOf[protocol][verdict])
            byKind[*kindOf[protocol][verdict]].push_back(&port);
    }
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const auto row = static_cast<std::size_t>(std::find(verdicts.begin(), verdicts.end(), kinds[i].second) - verdicts.begin());
        QList<QPointF> shown;
        shown.reserve(static_cast<qsizetype>(byKind[i].size()));
        for (const ScannedPort *scanned : byKind[i]) {
            const ScannedPort &port = *scanned;
            shown.append({double(port.port), double(row)});
            described.add([&] {
                return tr("%1/%2 %3 (%4)").arg(port.port).arg(protocolName(port.protocol), scanVerdictName(port.verdict), scanAnswerText(port));
            });
        }
        auto *xy = qobject_cast<QXYSeries *>(m_series[i]);
        draw(xy, shown);
        xy->setVisible(!shown.isEmpty());
        xy->setPointLabelsVisible(labelled);
        points += static_cast<int>(shown.size());
        if (!shown.isEmpty()) {
            static const std::array<QString, 5> filled{QStringLiteral("●"), QStringLiteral("■"), QStringLiteral("▲"), QStringLiteral("◆"), QStringLiteral("★")};
            static const std::array<QString, 5> hollow{QStringLiteral("○"), QStringLiteral("□"), QStringLiteral("△"), QStringLiteral("◇"), QStringLiteral("☆")};
            addToLegend(xy->name(), colorAt(row), kinds[i].first == Protocol::Tcp ? filled[row] : hollow[row]);
        }
    }
    finish(report.scanner.isEmpty() ? tr("Scan results") : tr("Scan of %1 from %2").arg(report.target, report.scanner),
           tr("Each probed port as a scanner reads the answers: SYN-ACK open, RST closed, silence or an ICMP unreachable "
              "filtered; for UDP, ICMP port unreachable closed, silence open|filtered. %1.")
               .arg(described.text(QStringLiteral(", "), tr("No probe yet"))),
           tr("No probe yet: a scan sends a SYN or a UDP datagram to each port (nc -z -v, nmap)."), points);
}

// --- export -------------------------------------------------------------------------------

void PortCharts::saveImage(const QString &file)
{
    const QUrl url(file);
    const QString path = QFileInfo(url.isLocalFile() ? url.toLocalFile() : file).absoluteFilePath();
    QSharedPointer<QQuickItemGrabResult> grab = m_view ? m_view->grabToImage() : nullptr;
    if (!grab) {
        Q_EMIT imageSaved(path, false);
        return;
    }
    connect(grab.data(), &QQuickItemGrabResult::ready, this, [this, grab, path] {
        Q_EMIT imageSaved(path, grab->image().save(path, "PNG"));
    });
}

} // namespace portlab
