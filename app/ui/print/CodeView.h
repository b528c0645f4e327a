#pragma once

#include "print/PrintDocument.h"

#include <QQuickPaintedItem>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace ow::print {

// A QR code on screen, drawn from the same module matrix as the printed one: what a citizen
// photographs when the receipt cannot be printed. Empty (and `valid` false) without text.
class CodeView : public QQuickPaintedItem
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged FINAL)
    Q_PROPERTY(bool valid READ valid NOTIFY textChanged FINAL)
    Q_PROPERTY(int modules READ modules NOTIFY textChanged FINAL)

public:
    explicit CodeView(QQuickItem *parent = nullptr);

    QString text() const { return m_text; }
    void setText(const QString &text);
    bool valid() const { return !m_matrix.isNull(); }
    int modules() const { return m_matrix.size(); }

    void paint(QPainter *painter) override;

Q_SIGNALS:
    void textChanged();

private:
    QString m_text;
    ModuleMatrix m_matrix;
};

} // namespace ow::print
