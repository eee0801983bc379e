// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

namespace portlab {

// A horizontal dashed line across the item's width, as tall as the item: one picture, where a
// Row of little Rectangles would be an item per dash. The stage's streets have a hundred
// dashes, and Qt Quick's software renderer walks every item of the window in every frame,
// hidden ones included.
class DashedLine : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QColor color READ color WRITE setColor NOTIFY appearanceChanged)
    Q_PROPERTY(qreal dashLength READ dashLength WRITE setDashLength NOTIFY appearanceChanged)
    Q_PROPERTY(qreal gapLength READ gapLength WRITE setGapLength NOTIFY appearanceChanged)

public:
    explicit DashedLine(QQuickItem *parent = nullptr);

    QColor color() const { return m_color; }
    void setColor(const QColor &color);
    qreal dashLength() const { return m_dashLength; }
    void setDashLength(qreal length);
    qreal gapLength() const { return m_gapLength; }
    void setGapLength(qreal length);

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void appearanceChanged();

private:
    void changed();

    QColor m_color = Qt::black;
    qreal m_dashLength = 10;
    qreal m_gapLength = 10;
};

} // namespace portlab
