#include "ui/scan/CodeSymbol.h"

#include "ui/scan/ImageCodes.h"

#include "scan/ScanLogging.h"

#include <QPainter>

#include <cmath>

namespace ow::scan {

CodeSymbol::CodeSymbol(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAntialiasing(false);
    setFillColor(Qt::white);
}

void CodeSymbol::setPayload(const QString &payload)
{
    if (payload == m_payload)
        return;
    m_payload = payload;
    m_symbol = {};
    if (!payload.isEmpty()) {
        auto encoded = imageCodes::encode(CodeFormat::QrCode, payload.toUtf8(), 1);
        if (encoded.ok())
            m_symbol = std::move(encoded).value();
        else
            qCWarning(lcScan) << "code not drawn:" << encoded.error().logDetail;
    }
    Q_EMIT payloadChanged();
    update();
}

void CodeSymbol::paint(QPainter *painter)
{
    if (m_symbol.isNull())
        return;
    // Whole pixels per module: a scaled-by-fraction QR blurs and scans badly from a photo.
    const int side = std::max(m_symbol.width(), m_symbol.height());
    const int scale = std::max(1, int(std::floor(std::min(width(), height()) / side)));
    const QSize size = m_symbol.size() * scale;
    const QPoint origin((int(width()) - size.width()) / 2, (int(height()) - size.height()) / 2);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter->drawImage(QRect(origin, size), m_symbol);
}

} // namespace ow::scan
