// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashed_line.h"

#include <QPainter>

namespace portlab {

DashedLine::DashedLine(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
}

void DashedLine::setColor(const QColor &color)
{
    if (color == m_color)
        return;
    m_color = color;
    changed();
}

void DashedLine::setDashLength(qreal length)
{
    if (length == m_dashLength || length <= 0)
        return;
    m_dashLength = length;
    changed();
}

void DashedLine::setGapLength(qreal length)
{
    if (length == m_gapLength || length < 0)
        return;
    m_gapLength = length;
    changed();
}

void DashedLine::changed()
{
    update();
    Q_EMIT appearanceChanged();
}

void DashedLine::paint(QPainter *painter)
{
    // Whole dashes only: the line ends where the last one that fits ends.
    for (qreal x = 0; x + m_dashLength <= width(); x += m_dashLength + m_gapLength)
        painter->fillRect(QRectF(x, 0, m_dashLength, height()), m_color);
}

} // namespace portlab
