// SPDX-License-Identifier: GPL-3.0-or-later
#include "texture_picture.h"

#include <QMatrix4x4>
#include <QQuickWindow>
#include <QSGImageNode>
#include <QSGTextureProvider>

namespace portlab {

namespace {

// An image node under a node that, before each frame is rendered, lets the provider's texture
// redraw itself if it asked to (what a ShaderEffectSource's own node does), and marks the
// image changed only when it did. Its matrix undoes the scale of the items above, when the
// picture is drawn pixel for pixel.
class PictureNode final : public QSGTransformNode
{
public:
    explicit PictureNode(QSGImageNode *image)
        : m_image(image)
    {
        appendChildNode(m_image);   // owned by this node from now on
        setFlag(UsePreprocess);
    }

    // `rect`, in the item's units, is where the picture is stretched over; with a pixelScale
    // other than 1 it is drawn from the item's top left corner at the texture's own size instead.
    void show(QSGTexture *texture, const QRectF &rect, qreal pixelScale, QSGTexture::Filtering filtering)
    {
        if (texture != m_texture) {
            m_texture = texture;
            m_image->setTexture(texture);
        }
        m_stretchedOver = rect;
        if (pixelScale != m_pixelScale) {
            m_pixelScale = pixelScale;
            QMatrix4x4 undoScale;
            undoScale.scale(static_cast<float>(1 / pixelScale));
            setMatrix(undoScale);
        }
        placeImage();
        if (filtering != m_image->filtering())
            m_image->setFiltering(filtering);
    }

    void preprocess() override
    {
        auto *dynamic = qobject_cast<QSGDynamicTexture *>(m_texture.data());
        if (dynamic && dynamic->updateTexture()) {
            placeImage();
            m_image->markDirty(QSGNode::DirtyMaterial);
        }
    }

private:
    void placeImage()
    {
        const QRectF whole(QPointF(0, 0), m_texture->textureSize());
        if (whole != m_image->sourceRect())
            m_image->setSourceRect(whole);
        const QRectF rect = m_pixelScale == 1 ? m_stretchedOver : whole;
        if (rect != m_image->rect())
            m_image->setRect(rect);
    }

    QSGImageNode *m_image;
    QPointer<QSGTexture> m_texture;   // the provider's: it may go first
    QRectF m_stretchedOver;
    qreal m_pixelScale = 1;
};

} // namespace

TexturePicture::TexturePicture(QQuickItem *parent)
    : QQuickItem(parent)
{
    setFlag(ItemHasContents);
    connect(this, &QQuickItem::smoothChanged, this, &QQuickItem::update);
}

void TexturePicture::setSource(QQuickItem *source)
{
    if (source == m_source)
        return;
    m_source = source;
    update();
    Q_EMIT sourceChanged();
}

void TexturePicture::setPixelScale(qreal pixelScale)
{
    if (pixelScale <= 0 || pixelScale == m_pixelScale)
        return;
    m_pixelScale = pixelScale;
    update();
    Q_EMIT pixelScaleChanged();
}

void TexturePicture::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size())
        update();
}

QSGNode *TexturePicture::updatePaintNode(QSGNode *oldNode, UpdatePaintNodeData *)
{
    QSGTextureProvider *provider = m_source && m_source->isTextureProvider() ? m_source->textureProvider() : nullptr;
    QSGTexture *texture = provider ? provider->texture() : nullptr;
    if (!texture || width() <= 0 || height() <= 0) {
        delete oldNode;
        return nullptr;
    }
    auto *node = static_cast<PictureNode *>(oldNode);
    if (!node)
        node = new PictureNode(window()->createImageNode());
    node->show(texture, boundingRect(), m_pixelScale, smooth() ? QSGTexture::Linear : QSGTexture::Nearest);
    return node;
}

} // namespace portlab
