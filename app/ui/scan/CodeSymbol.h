#pragma once

#include <QImage>
#include <QQuickPaintedItem>
#include <QtQml/qqmlregistration.h>

namespace ow::scan {

// A QR code on screen, drawn from its payload with our own encoder: crisp modules scaled by whole
// pixels, centred, on white with the quiet zone. Used for the receipt a citizen photographs.
class CodeSymbol : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString payload READ payload WRITE setPayload NOTIFY payloadChanged)
    Q_PROPERTY(bool valid READ valid NOTIFY payloadChanged)

public:
    explicit CodeSymbol(QQuickItem *parent = nullptr);

    QString payload() const { return m_payload; }
    void setPayload(const QString &payload);
    // False when there is no payload or it cannot be encoded.
    bool valid() const { return !m_symbol.isNull(); }
    // The symbol at one pixel per module (tests decode it).
    QImage symbol() const { return m_symbol; }

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void payloadChanged();

private:
    QString m_payload;
    QImage m_symbol;
};

} // namespace ow::scan
