// SPDX-License-Identifier: GPL-3.0-or-later
#include "undrawn_items.h"

#include <algorithm>

namespace portlab {

UndrawnItems::UndrawnItems(QObject *parent)
    : QObject(parent)
{
}

void UndrawnItems::setRoot(QQuickItem *root)
{
    if (root == m_root)
        return;
    drawAgain();
    m_root = root;
    if (m_root && m_active)
        takeTree(m_root);
    Q_EMIT rootChanged();
}

void UndrawnItems::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (!m_active)
        drawAgain();
    else if (m_root)
        takeTree(m_root);
    Q_EMIT activeChanged();
}

int UndrawnItems::undrawnCount() const
{
    return static_cast<int>(std::count_if(m_undrawn.begin(), m_undrawn.end(), [](const QPointer<QQuickItem> &item) { return !item.isNull(); }));
}

void UndrawnItems::takeTree(QQuickItem *item)
{
    if (item->property("drawnInWindow").toBool())
        return;
    // Items made later (a Repeater's new door) are taken when they arrive.
    connect(item, &QQuickItem::childrenChanged, this, &UndrawnItems::childrenChangedIn, Qt::UniqueConnection);
    if (item->flags() & QQuickItem::ItemHasContents) {
        // update() first: the node the item has goes when its content is next synchronised
        // and the item says it has none.
        item->update();
        item->setFlag(QQuickItem::ItemHasContents, false);
        m_undrawn.emplace_back(item);
        Q_EMIT undrawnCountChanged();
    }
    const QList<QQuickItem *> children = item->childItems();
    for (QQuickItem *child : children)
        takeTree(child);
}

void UndrawnItems::childrenChangedIn()
{
    auto *item = qobject_cast<QQuickItem *>(sender());
    if (!m_active || !item)
        return;
    std::erase_if(m_undrawn, [](const QPointer<QQuickItem> &undrawn) { return undrawn.isNull(); });
    takeTree(item);
}

void UndrawnItems::drawAgain()
{
    for (const QPointer<QQuickItem> &item : m_undrawn) {
        if (!item)
            continue;
        item->setFlag(QQuickItem::ItemHasContents, true);
        item->update();
    }
    const bool hadSome = !m_undrawn.empty();
    m_undrawn.clear();
    if (hadSome)
        Q_EMIT undrawnCountChanged();
}

} // namespace portlab
