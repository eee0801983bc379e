// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

namespace portlab {

// Shows what a texture provider (a ShaderEffectSource) holds, at this item's place and size,
// as an ordinary picture: drawn again only when the provider's texture was redrawn.
//
// Why not show the ShaderEffectSource itself, or an Item.layer: Qt Quick's software renderer
// (offscreen, and any machine without OpenGL) marks the node of such an item changed in every
// frame (QSGSoftwareInternalImageNode::preprocess, Qt 6.4), so it paints the whole picture
// again in every frame, however little changed around it. The stage's scenery, which fills the
// view, cost more than half a millisecond a frame that way while one envelope moved over it.
// Give the ShaderEffectSource `visible: false` and put one of these where it would be.
//
// A picture whose texture was drawn at the size it appears on screen (a ShaderEffectSource's
// textureSize) sets `naturalSize`: it is then drawn at the texture's own size from the item's
// top left corner, so that painting it copies pixels rather than scales them. Only while no item
// above it is scaled: QPainter takes its slower, scaling path for any scale, even one that
// undoes another (a scene graph's matrices are of floats, whose products are not exactly 1), as
// the stage found when its pictures undid the zoom of the item they were in.
class TexturePicture : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    // the texture provider shown; null shows nothing
    Q_PROPERTY(QQuickItem *source READ source WRITE setSource NOTIFY sourceChanged)
    // drawn at the texture's own size rather than stretched over the item
    Q_PROPERTY(bool naturalSize READ naturalSize WRITE setNaturalSize NOTIFY naturalSizeChanged)

public:
    explicit TexturePicture(QQuickItem *parent = nullptr);

    QQuickItem *source() const { return m_source; }
    void setSource(QQuickItem *source);
    bool naturalSize() const { return m_naturalSize; }
    void setNaturalSize(bool naturalSize);

Q_SIGNALS:
    void sourceChanged();
    void naturalSizeChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    QPointer<QQuickItem> m_source;
    bool m_naturalSize = false;
};

} // namespace portlab
