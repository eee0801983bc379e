// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace portlab {

// Keeps a tree of items for what they do rather than for what they show: for the pointer, the
// keyboard's focus and accessibility, while a copy of the tree is drawn elsewhere as one
// picture (a TexturePicture of a ShaderEffectSource). While `active`, no item of `root`'s tree
// draws anything, items added later included, except an item that has a property
// `drawnInWindow` set to true, and the items inside it. Inactive, every item draws again.
//
// Why: Qt Quick's software renderer goes through every drawing node of the window in every
// frame, hidden ones included (an item hidden under a ShaderEffectSource's hideSource keeps
// its nodes). The stage's streets and buildings are about two hundred of them, which made a
// frame with one envelope moving four times as long as one moving a bare rectangle.
class UndrawnItems : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickItem *root READ root WRITE setRoot NOTIFY rootChanged)
    Q_PROPERTY(bool active READ active WRITE setActive NOTIFY activeChanged)
    // how many items of the tree do not draw now
    Q_PROPERTY(int undrawnCount READ undrawnCount NOTIFY undrawnCountChanged)

public:
    explicit UndrawnItems(QObject *parent = nullptr);

    QQuickItem *root() const { return m_root; }
    void setRoot(QQuickItem *root);
    bool active() const { return m_active; }
    void setActive(bool active);
    int undrawnCount() const;

Q_SIGNALS:
    void rootChanged();
    void activeChanged();
    void undrawnCountChanged();

private:
    void takeTree(QQuickItem *item);
    void childrenChangedIn();
    void drawAgain();

    QPointer<QQuickItem> m_root;
    bool m_active = true;
    std::vector<QPointer<QQuickItem>> m_undrawn;
};

} // namespace portlab
