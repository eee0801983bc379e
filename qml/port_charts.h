// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "play/port_statistics.h"
#include "stage_player.h"

#include <QColor>
#include <QHash>
#include <QImage>
#include <QPointer>
#include <QQuickItem>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAbstractSeries;
class QXYSeries;
QT_END_NAMESPACE

namespace portlab {

// Fills a QML ChartView with one of PortLab's charts at the player's current step. The
// numbers come from model/play/port_statistics; this only turns them into series, axes and
// styles, from C++ (QXYSeries::replace, QBarSet::append of whole lists), so a chart of
// 100,000 points updates in one go. Updates are throttled to one per frame (16 ms): a player
// stepping fast, or a scrubber dragged, costs one update per frame, not one per step.
//
// The ChartView is given as chartView; PortCharts creates its series and axes through the
// view's own createSeries() and keeps them while the series stay the same. A new view (the
// QML side makes one per mode) starts afresh. Styles (colours, text size) come from QML.
class PortCharts : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(portlab::StagePlayer *player READ player WRITE setPlayer NOTIFY playerChanged)
    Q_PROPERTY(Mode mode READ mode WRITE setMode NOTIFY modeChanged)
    // The host whose ports the port space shows (a row of the player's hostNames).
    Q_PROPERTY(int host READ host WRITE setHost NOTIFY hostChanged)
    Q_PROPERTY(QQuickItem *chartView READ chartView WRITE setChartView NOTIFY chartViewChanged)
    // Off while the chart is out of sight: nothing is computed until it is back.
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    // Style: one colour per series in turn, the text's and the grid's colour, the label size.
    Q_PROPERTY(QVariantList colors MEMBER m_colors WRITE setColors NOTIFY styleChanged)
    Q_PROPERTY(QColor textColor MEMBER m_textColor WRITE setTextColor NOTIFY styleChanged)
    Q_PROPERTY(QColor gridColor MEMBER m_gridColor WRITE setGridColor NOTIFY styleChanged)
    Q_PROPERTY(int fontPixelSize MEMBER m_fontPixelSize WRITE setFontPixelSize NOTIFY styleChanged)
    // What is shown, in words (the chart's heading, and for screen readers).
    Q_PROPERTY(QString title READ title NOTIFY updated)
    Q_PROPERTY(QString summary READ summary NOTIFY updated)
    // What the chart cannot show, or the reason it is empty; empty when all is well.
    Q_PROPERTY(QString note READ note NOTIFY updated)
    Q_PROPERTY(QString emptyText READ emptyText NOTIFY updated)
    // Points (or bars) the chart shows, in all series: the data up to the step, every one.
    Q_PROPERTY(int pointCount READ pointCount NOTIFY updated)
    // How many of them are drawn, handed to the series or painted on the sheet it draws (see
    // chart_decimation.h, series_sheet.h): of points whose marks fall on the same pixel, one;
    // as many as pointCount while there are few.
    Q_PROPERTY(int drawnCount READ drawnCount NOTIFY updated)
    // The chart's key, one entry per shown series: text, color, and either symbol (a mark:
    // "●", "■", "▲", "◆", "★", hollow "○"…, a fill "█", "▒", "▨") or dashes (a line: its dash
    // pattern in pen widths, empty for a solid line).
    Q_PROPERTY(QVariantList legend READ legend NOTIFY updated)

public:
    enum Mode { PortSpace, ChosenPorts, Listeners, States, Scan };
    Q_ENUM(Mode)

    explicit PortCharts(QObject *parent = nullptr);

    StagePlayer *player() const { return m_player; }
    void setPlayer(StagePlayer *player);
    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    int host() const { return m_host; }
    void setHost(int host);
    QQuickItem *chartView() const { return m_view; }
    void setChartView(QQuickItem *view);
    bool active() const { return m_active; }
    void setActive(bool active);
    void setColors(const QVariantList &colors);
    void setTextColor(const QColor &color);
    void setGridColor(const QColor &color);
    void setFontPixelSize(int size);
    // Whether series are given only the points that make their picture (the default), or every
    // point: for the tests and benchmarks that compare the two.
    void setDecimated(bool decimated) { m_decimated = decimated; }

    const QString &title() const { return m_title; }
    const QString &summary() const { return m_summary; }
    const QString &note() const { return m_note; }
    const QString &emptyText() const { return m_emptyText; }
    int pointCount() const { return m_pointCount; }
    int drawnCount() const { return m_drawnCount; }
    const QVariantList &legend() const { return m_legend; }

    // The chart at the player's step now, without waiting for the next frame.
    Q_INVOKABLE void refresh();
    // Writes the chart view as a PNG file (a path or a file: URL); imageSaved says when and
    // whether, with the file's absolute path.
    Q_INVOKABLE void saveImage(const QString &file);

    // Each chart from its numbers, public for a benchmark of the drawing alone. The ephemeral
    // ports chosen: `series`, on axes that fit `whole` (the same series to the recording's end).
    void showChosenPorts(const std::vector<ChosenPortSeries> &series, const std::vector<ChosenPortSeries> &whole);
    // A host's port space.
    void showPortSpace(const portlab::PortSpace &space);
    // The TCP states over the first `shownSteps` steps of `stepCount`.
    void showStates(const StateTimeline &states, int shownSteps, int stepCount);
    // A scan's verdicts so far (`report`), on axes that fit `whole` (the same scan at the end).
    void showScan(const ScanReport &report, const ScanReport &whole);

Q_SIGNALS:
    void playerChanged();
    void modeChanged();
    void hostChanged();
    void chartViewChanged();
    void activeChanged();
    void styleChanged();
    void updated();
    void imageSaved(const QString &path, bool ok);

private Q_SLOTS:
    void schedule();

private:
    struct SeriesSpec {
        int type;       // ChartView.SeriesType
        QString name;
        bool operator==(const SeriesSpec &) const = default;
    };

    void update();
    template<typename T>
    void setStyle(T &member, const T &value);
    void recomputeRecording();   // what does not depend on the step, once per recording
    // The view's series as `specs`, made afresh only when they differ from the last ones.
    bool ensureSeries(const std::vector<SeriesSpec> &specs, QAbstractAxis *axisX, QAbstractAxis *axisY);
    int seriesType(const char *name) const;
    QColor colorAt(std::size_t index) const;
    template<typename Axis>
    Axis *axis(std::size_t slot);   // the view's axis in that slot, made if need be
    void styleAxis(QAbstractAxis *axis) const;
    void styleSeries(QAbstractSeries *series) const;

    void showListeners(int step);
    // Hands `points` to `series` to draw: of many, those that make its picture at the plot's
    // present size and axes (chart_decimation.h); `pinned` points are drawn whatever their
    // place. A line series with many to draw is given them painted on one sheet instead
    // (series_sheet.h). Returns the indices of the points drawn.
    std::vector<qsizetype> draw(QXYSeries *series, const QList<QPointF> &points, const std::vector<bool> &pinned = {});
    void finish(QString title, QString summary, QString emptyText, int points);
    void addToLegend(const QString &text, const QColor &color, const QString &symbol, const QVariantList &dashes = {});

    QPointer<StagePlayer> m_player;
    QPointer<QQuickItem> m_view;
    Mode m_mode = PortSpace;
    int m_host = 0;
    bool m_active = true;
    QVariantList m_colors;
    QColor m_textColor = Qt::black;
    QColor m_gridColor = Qt::gray;
    int m_fontPixelSize = 16;
    bool m_decimated = true;
    QTimer m_frame;

    // the view's axes (owned by its chart) and series, as made for it
    std::vector<QPointer<QAbstractAxis>> m_axes;
    std::vector<SeriesSpec> m_specs;
    std::vector<QPointer<QAbstractSeries>> m_series;
    // A series' own light marker and marker size, and the cacheKey of the sheet it draws in
    // their place (series_sheet.h; 0: none), by series.
    struct OwnMark {
        QImage mark;
        double size = 0;
        qint64 sheet = 0;
    };
    QHash<const QAbstractSeries *, OwnMark> m_ownMarks;

    // per recording
    const Playback *m_recording = nullptr;
    std::vector<ChosenPortSeries> m_chosen;   // of the whole recording
    StateTimeline m_states;                   // of the whole recording
    ScanReport m_scan;                        // of the whole recording

    QString m_title;
    QString m_summary;
    QString m_note;
    QString m_emptyText;
    int m_pointCount = 0;
    int m_drawnCount = 0;
    std::optional<int> m_nextDrawnCount;   // being counted by draw() for the chart being shown
    QVariantList m_legend;
    QVariantList m_nextLegend;   // being made by the chart being shown
};

} // namespace portlab
