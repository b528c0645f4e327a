#include "ui/print/CodeView.h"

#include "print/PrintLogging.h"

#include <QPainter>

namespace ow::print {

CodeView::CodeView(QQuickItem *parent)
    : QQuickPaintedItem(parent)
{
    setAntialiasing(false);
}

void CodeView::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    m_matrix = {};
    if (!text.isEmpty()) {
        Result<ModuleMatrix> matrix = ModuleMatrix::qrCode(text.toUtf8());
        if (matrix)
            m_matrix = std::move(matrix).value();
        else
            qCWarning(lcPrint).noquote() << "code on screen:" << matrix.error().logDetail;
    }
    Q_EMIT textChanged();
    update();
}

void CodeView::paint(QPainter *painter)
{
    if (m_matrix.isNull())
        return;
    // Whole pixels per module, centred: every module the same size so a phone reads it.
    const int n = m_matrix.size();
    const int module = qMax(1, int(qMin(width(), height())) / n);
    const int side = module * n;
    const int x0 = (int(width()) - side) / 2;
    const int y0 = (int(height()) - side) / 2;
    painter->fillRect(x0, y0, side, side, Qt::white);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            if (m_matrix.dark(x, y))
                painter->fillRect(x0 + x * module, y0 + y * module, module, module, Qt::black);
}

} // namespace ow::print
