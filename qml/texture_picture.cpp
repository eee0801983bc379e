// SPDX-License-Identifier: GPL-3.0-or-later
#include "texture_picture.h"

#include <QQuickWindow>
#include <QSGImageNode>
#include <QSGTextureProvider>

namespace portlab {

namespace {

// An image node under a node that, before each frame is rendered, lets the provider's texture
// redraw itself if it asked to (what a ShaderEffectSource's own node does), and marks the
// image changed only when it did.
class PictureNode final : public QSGNode
{
public:
    explicit PictureNode(QSGImageNode *image)
        : m_image(image)
    {
        appendChildNode(m_image);   // owned by this node from now on
        setFlag(UsePreprocess);
    }

    // `rect` is where the picture is stretched over, unless it is drawn at its natural size:
    // from the item's top left corner, at the texture's own size.
    void show(QSGTexture *texture, const QRectF &rect, bool naturalSize, QSGTexture::Filtering filtering)
    {
        if (texture != m_texture) {
            m_texture = texture;
            m_image->setTexture(texture);
        }
        m_stretchedOver = rect;
        m_naturalSize = naturalSize;
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
        const QRectF rect = m_naturalSize ? whole : m_stretchedOver;
        if (rect != m_image->rect())
            m_image->setRect(rect);
    }

    QSGImageNode *m_image;
    QPointer<QSGTexture> m_texture;   // the provider's: it may go first
    QRectF m_stretchedOver;
    bool m_naturalSize = false;
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

void TexturePicture::setNaturalSize(bool naturalSize)
{
    if (naturalSize == m_naturalSize)
        return;
    m_naturalSize = naturalSize;
    update();
    Q_EMIT naturalSizeChanged();
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
    node->show(texture, boundingRect(), m_naturalSize, smooth() ? QSGTexture::Linear : QSGTexture::Nearest);
    return node;
}

} // namespace portlab
