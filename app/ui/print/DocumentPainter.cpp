#include "ui/print/DocumentPainter.h"

#include "print/PrintLogging.h"
#include "print/PrintText.h"

#include <QFileInfo>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

namespace ow::print {

namespace {

// Layout works in millimetres; type is sized and measured in the device's pixels, so that
// synthetic bold (the CJK font has no bold face) and word wrapping are what the device prints.
constexpr double kMmPerPt = 25.4 / 72.0;

const QColor kBrand(0x0a, 0x4a, 0x8c);     // the brand's dark blue header band (Theme.primaryDark)
const QColor kBrandSoft(0xdb, 0xe8, 0xf6); // the box around the case number (Theme.primarySoft)
const QColor kMuted(0x4f, 0x59, 0x65);     // labels and small print (Theme.muted)

} // namespace

DocumentPainter::DocumentPainter(PrintDocument document, PageFormat format, int dpi)
    : m_document(std::move(document))
    , m_format(std::move(format))
{
    layout(dpi);
}

QString DocumentPainter::fontFamily()
{
    return QStringLiteral("WenQuanYi Micro Hei");
}

QFont DocumentPainter::font(double pt, bool bold) const
{
    QFont f(fontFamily());
    f.setPixelSize(qMax(1, qRound(pt * kMmPerPt * m_pxPerMm)));
    f.setBold(bold);
    return f;
}

double DocumentPainter::fittingPt(const QString &text, double pt, double minPt, bool bold, double widthMm) const
{
    // Codes and numbers are one word: smaller type rather than a broken or cut-off number.
    while (pt > minPt && QFontMetricsF(font(pt, bold)).horizontalAdvance(text) > widthMm * m_pxPerMm)
        pt -= 0.5;
    return qMax(pt, minPt);
}

double DocumentPainter::textHeight(const QString &text, const QFont &f, double widthMm, int flags) const
{
    const QFontMetricsF metrics(f);
    const QRectF bounds = metrics.boundingRect(QRectF(0, 0, widthMm * m_pxPerMm, 1e7), flags | Qt::TextWordWrap, text);
    return bounds.height() / m_pxPerMm;
}

void DocumentPainter::layout(int dpi)
{
    m_dpi = qMax(72, dpi);
    m_pxPerMm = m_dpi / 25.4;
    const PageFormat &f = m_format;
    const bool roll = f.isRoll();
    const bool mono = f.monochrome;
    const double left = f.marginMm;
    const double width = f.contentWidthMm();
    const double top = roll ? f.marginMm / 2 : f.marginMm * 0.75;
    const double bottomLimit = roll ? 1e9 : f.heightMm - f.marginMm;
    const double gap = f.bodyPt * kMmPerPt * 0.6; // the space between blocks scales with the type
    const double narrow = f.widthMm < 70;

    m_items.clear();
    int page = 0;
    double y = top;

    const auto addText = [&](const QRectF &rect, const QString &text, const QFont &font, int flags, Ink ink) {
        Item it;
        it.kind = Item::Kind::Text;
        it.page = page;
        it.rect = rect;
        it.text = text;
        it.font = font;
        it.flags = flags | Qt::TextWordWrap;
        it.ink = ink;
        m_items.append(it);
    };
    // Moves to a new page when a block of `height` does not fit (A4 only; a roll just grows).
    const auto room = [&](double height) {
        if (!roll && y + height > bottomLimit && y > top + 1) {
            ++page;
            y = top;
        }
    };

    // The header: issuer and title in a dark blue band on A4, black over a heavy rule on thermal paper.
    QString title;
    for (const Block &b : m_document.blocks)
        if (b.kind == BlockKind::Title) {
            title = b.text;
            break;
        }
    {
        const QFont issuerFont = font(f.smallPt + (roll ? 0.5 : 1.5), false);
        const QFont titleFont = font(f.titlePt, true);
        const int align = roll ? Qt::AlignHCenter : Qt::AlignLeft;
        const double pad = roll ? 0 : 6; // below the title inside the band
        const double issuerH = textHeight(m_document.issuer, issuerFont, width, align);
        const double titleH = textHeight(title, titleFont, width, align);
        double ty = roll ? y : f.marginMm * 0.6;
        if (!mono) {
            Item band;
            band.kind = Item::Kind::Band;
            band.page = page;
            band.rect = QRectF(0, 0, f.widthMm, ty + issuerH + 1.5 + titleH + pad + 1);
            m_items.append(band);
        }
        addText(QRectF(left, ty, width, issuerH), m_document.issuer, issuerFont, align,
                mono ? Ink::Text : Ink::OnBrand);
        ty += issuerH + 1.5;
        addText(QRectF(left, ty, width, titleH), title, titleFont, align, mono ? Ink::Text : Ink::OnBrand);
        ty += titleH;
        if (mono) {
            Item rule;
            rule.kind = Item::Kind::Rule;
            rule.page = page;
            rule.ruleMm = 0.8;
            rule.rect = QRectF(left, ty + 2, width, 0);
            m_items.append(rule);
            y = ty + 2 + gap * 1.5;
        } else {
            y = ty + pad + 1 + gap * 2.5;
        }
    }

    const QFont labelFont = font(f.bodyPt, false);
    const QFont valueFont = font(f.bodyPt, true);
    const double labelWidth = narrow ? width : width * (roll ? 0.34 : 0.28);

    for (const Block &b : m_document.blocks) {
        switch (b.kind) {
        case BlockKind::Title:
            break;
        case BlockKind::Row: {
            if (b.prominent) {
                // The number people are asked for: small label over a big value, boxed on A4.
                const QFont big =
                    font(fittingPt(b.text, f.prominentPt, f.bodyPt, true, width - 2 * (mono ? 0 : 4)), true);
                const QFont small = font(f.smallPt + 0.5, false);
                const double pad = mono ? 0 : 4;
                const double lh = textHeight(b.label, small, width - 2 * pad, Qt::AlignLeft);
                const double vh = textHeight(b.text, big, width - 2 * pad, Qt::AlignLeft);
                const double h = lh + 1 + vh + 2 * pad;
                room(h);
                if (mono) {
                    addText(QRectF(left, y, width, lh), b.label, small, Qt::AlignHCenter, Ink::Text);
                    addText(QRectF(left, y + lh + 1, width, vh), b.text, big, Qt::AlignHCenter, Ink::Text);
                } else {
                    Item box;
                    box.kind = Item::Kind::Box;
                    box.page = page;
                    box.rect = QRectF(left, y, width, h);
                    m_items.append(box);
                    addText(QRectF(left + pad, y + pad, width - 2 * pad, lh), b.label, small, Qt::AlignLeft,
                            Ink::Muted);
                    addText(QRectF(left + pad, y + pad + lh + 1, width - 2 * pad, vh), b.text, big, Qt::AlignLeft,
                            Ink::Brand);
                }
                y += h + gap * 1.5;
                break;
            }
            if (narrow) {
                const double lh = textHeight(b.label, labelFont, width, Qt::AlignLeft);
                const double vh = textHeight(b.text, valueFont, width, Qt::AlignLeft);
                room(lh + vh);
                addText(QRectF(left, y, width, lh), b.label, labelFont, Qt::AlignLeft, mono ? Ink::Text : Ink::Muted);
                addText(QRectF(left, y + lh, width, vh), b.text, valueFont, Qt::AlignLeft, Ink::Text);
                y += lh + vh + gap * 0.8;
            } else {
                const double vw = width - labelWidth - 2;
                const double h = qMax(textHeight(b.label, labelFont, labelWidth, Qt::AlignLeft),
                                      textHeight(b.text, valueFont, vw, Qt::AlignLeft));
                room(h);
                addText(QRectF(left, y, labelWidth, h), b.label, labelFont, Qt::AlignLeft,
                        mono ? Ink::Text : Ink::Muted);
                addText(QRectF(left + labelWidth + 2, y, vw, h), b.text, valueFont, Qt::AlignLeft, Ink::Text);
                y += h + gap * 0.8;
            }
            break;
        }
        case BlockKind::Subtitle: {
            const QFont sf = font(f.subtitlePt, true);
            const double h = textHeight(b.text, sf, width, Qt::AlignLeft);
            room(h + gap * 3); // keep a heading with the text under it
            y += gap * 0.5;
            addText(QRectF(left, y, width, h), b.text, sf, Qt::AlignLeft, mono ? Ink::Text : Ink::Brand);
            y += h + gap * 0.5;
            break;
        }
        case BlockKind::Paragraph:
        case BlockKind::Footnote: {
            const bool foot = b.kind == BlockKind::Footnote;
            const QFont pf = font(foot ? f.smallPt : f.bodyPt, false);
            const double h = textHeight(b.text, pf, width, Qt::AlignLeft);
            room(h);
            addText(QRectF(left, y, width, h), b.text, pf, Qt::AlignLeft, foot && !mono ? Ink::Muted : Ink::Text);
            y += h + gap;
            break;
        }
        case BlockKind::Divider: {
            room(gap);
            Item rule;
            rule.kind = Item::Kind::Rule;
            rule.page = page;
            rule.ruleMm = mono ? 0.3 : 0.25;
            rule.rect = QRectF(left, y + gap * 0.5, width, 0);
            m_items.append(rule);
            y += gap * 1.5;
            break;
        }
        case BlockKind::Code: {
            const double side = qMin(f.codeSideMm, width);
            const QFont cf = font(f.smallPt + 0.5, false);
            const double capW = qMin(width, qMax(side, roll ? width : 90.0));
            const double ch = textHeight(b.text, cf, capW, Qt::AlignHCenter);
            room(side + ch + 1);
            Item code;
            code.kind = Item::Kind::Code;
            code.page = page;
            code.rect = QRectF(left + (width - side) / 2, y, side, side);
            code.code = &b.code;
            m_items.append(code);
            y += side + 1;
            addText(QRectF(left + (width - capW) / 2, y, capW, ch), b.text, cf, Qt::AlignHCenter, Ink::Text);
            y += ch + gap * 1.5;
            break;
        }
        }
    }
    m_pageCount = page + 1;
    m_lengthMm = y - gap + (roll ? f.marginMm : f.marginMm / 2);
}

QPageLayout DocumentPainter::pageLayout() const
{
    const QPageSize size = m_format.isRoll()
                               ? QPageSize(QSizeF(m_format.widthMm, qMax(m_lengthMm, 40.0)), QPageSize::Millimeter,
                                           QStringLiteral("%1 roll").arg(m_format.name), QPageSize::ExactMatch)
                               : QPageSize(QPageSize::A4);
    // The layout keeps its own margins: the device is asked for none.
    return QPageLayout(size, QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
}

void DocumentPainter::paintPage(QPainter &painter, int page) const
{
    const double pxPerMm = m_pxPerMm;
    const auto toPx = [pxPerMm](const QRectF &mm) {
        return QRectF(mm.x() * pxPerMm, mm.y() * pxPerMm, mm.width() * pxPerMm, mm.height() * pxPerMm);
    };
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false); // code modules stay crisp
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    const auto inkColor = [&](Ink ink) -> QColor {
        if (m_format.monochrome)
            return Qt::black;
        switch (ink) {
        case Ink::Muted:
            return kMuted;
        case Ink::Brand:
            return kBrand;
        case Ink::OnBrand:
            return Qt::white;
        case Ink::Text:
            break;
        }
        return QColor(0x1a, 0x1f, 0x24);
    };
    for (const Item &it : m_items) {
        if (it.page != page)
            continue;
        const QRectF r = toPx(it.rect);
        switch (it.kind) {
        case Item::Kind::Band:
            painter.fillRect(r, kBrand);
            break;
        case Item::Kind::Box:
            painter.fillRect(r, kBrandSoft);
            painter.fillRect(QRectF(r.x(), r.y(), 1.2 * pxPerMm, r.height()), kBrand);
            break;
        case Item::Kind::Rule:
            painter.fillRect(QRectF(r.x(), r.y(), r.width(), it.ruleMm * pxPerMm),
                             m_format.monochrome ? QColor(Qt::black) : QColor(0xb8, 0xc2, 0xcc));
            break;
        case Item::Kind::Text:
            painter.setFont(it.font);
            painter.setPen(inkColor(it.ink));
            painter.drawText(r, it.flags, it.text);
            break;
        case Item::Kind::Code: {
            // Whole device pixels per module where the device is coarse (thermal heads, previews),
            // so every module has the same width; exact millimetres where it is fine (PDF).
            const int n = it.code->size();
            double module = r.width() / n;
            if (module < 12)
                module = qMax(1.0, std::floor(module));
            const double side = module * n;
            const QPointF origin(r.x() + (r.width() - side) / 2, r.y() + (r.height() - side) / 2);
            painter.fillRect(QRectF(origin, QSizeF(side, side)), Qt::white);
            for (int my = 0; my < n; ++my)
                for (int mx = 0; mx < n; ++mx)
                    if (it.code->dark(mx, my))
                        painter.fillRect(QRectF(origin.x() + mx * module, origin.y() + my * module, module, module),
                                         Qt::black);
            break;
        }
        }
    }
    painter.restore();
}

Status DocumentPainter::paint(QPagedPaintDevice &device)
{
    if (device.logicalDpiX() != m_dpi)
        layout(device.logicalDpiX());
    if (!device.setPageLayout(pageLayout()))
        qCWarning(lcPrint).noquote() << "device did not take the page layout of" << m_format.name;
    QPainter painter;
    if (!painter.begin(&device))
        return makeError(ErrorCode::Io, PrintText::tr("The document could not be opened for printing."),
                         QStringLiteral("print: painter did not begin on the device for %1").arg(m_document.kind));
    for (int page = 0; page < m_pageCount; ++page) {
        if (page > 0 && !device.newPage()) {
            painter.end();
            return makeError(
                ErrorCode::Io, PrintText::tr("The printer did not take the next page."),
                QStringLiteral("print: newPage failed at page %1 of %2").arg(page + 1).arg(m_document.kind));
        }
        paintPage(painter, page);
    }
    if (!painter.end())
        return makeError(ErrorCode::Io, PrintText::tr("The document could not be finished."),
                         QStringLiteral("print: painter did not end for %1").arg(m_document.kind));
    return {};
}

QImage DocumentPainter::toImage() const
{
    const double pxPerMm = m_pxPerMm;
    const QSizeF mm = pageLayout().fullRect(QPageLayout::Millimeter).size();
    QImage image(qRound(mm.width() * pxPerMm), qRound(mm.height() * pxPerMm), QImage::Format_RGB32);
    image.setDotsPerMeterX(qRound(pxPerMm * 1000));
    image.setDotsPerMeterY(qRound(pxPerMm * 1000));
    image.fill(Qt::white);
    QPainter painter(&image);
    paintPage(painter, 0);
    return image;
}

Status writePdf(const PrintDocument &document, const PageFormat &format, const QString &path)
{
    const auto cannotWrite = [&](const QString &why) {
        return makeError(ErrorCode::Io, PrintText::tr("The PDF file could not be written to %1.").arg(path),
                         QStringLiteral("print: %1 as PDF: %2").arg(document.kind, why));
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setResolution(DocumentPainter::kVectorDpi);
        writer.setCreator(QStringLiteral("OneWindow"));
        writer.setTitle(document.title());
        DocumentPainter painter(document, format, writer.resolution());
        if (Status s = painter.paint(writer); !s) {
            file.cancelWriting();
            return cannotWrite(s.error().logDetail);
        }
    }
    if (!file.commit())
        return cannotWrite(file.errorString());
    qCInfo(lcPrint).noquote() << "wrote" << document.kind << "as PDF on" << format.name;
    return {};
}

} // namespace ow::print
