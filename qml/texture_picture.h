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
// A picture drawn at the size it appears on screen (the provider's textureSize scaled by the
// items this one is in) gives that scale as `pixelScale`: it is then drawn pixel for pixel, at
// the texture's own size, so that painting it copies pixels rather than scales them (the
// software renderer takes QPainter's slower, scaling path for any scale, even one that undoes
// the texture's).
class TexturePicture : public QQuickItem
{
    Q_OBJECT
    QML_ELEMENT
    // the texture provider shown; null shows nothing
    Q_PROPERTY(QQuickItem *source READ source WRITE setSource NOTIFY sourceChanged)
    // how many of the window's pixels one unit of this item covers; 1: the picture is stretched
    // over the item instead
    Q_PROPERTY(qreal pixelScale READ pixelScale WRITE setPixelScale NOTIFY pixelScaleChanged)

public:
    explicit TexturePicture(QQuickItem *parent = nullptr);

    QQuickItem *source() const { return m_source; }
    void setSource(QQuickItem *source);
    qreal pixelScale() const { return m_pixelScale; }
    void setPixelScale(qreal pixelScale);

Q_SIGNALS:
    void sourceChanged();
    void pixelScaleChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *data) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;

private:
    QPointer<QQuickItem> m_source;
    qreal m_pixelScale = 1;
};

} // namespace portlab
