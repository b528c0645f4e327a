#pragma once

#include "print/PageFormat.h"
#include "print/PrintDocument.h"

#include "common/Result.h"

#include <QFont>
#include <QImage>
#include <QList>
#include <QPageLayout>
#include <QRectF>
#include <QString>

class QPagedPaintDevice;
class QPainter;

namespace ow::print {

// Lays a document out on a page format and paints it onto any paged device: QPdfWriter for PDF
// files, QPrinter for CUPS printers, or an image for previews. The layout is computed in
// millimetres before painting, so a roll's length is known before the device opens its page.
class DocumentPainter
{
public:
    // Lays the document out for a device of `dpi` dots per inch (type is measured at the size it
    // is printed, so a thermal head's coarse dots and a PDF's fine ones both wrap truly).
    DocumentPainter(PrintDocument document, PageFormat format, int dpi = kVectorDpi);

    // The resolution PDF files and CUPS jobs are laid out at. They stay vector, but type above
    // about 64 device pixels loses its synthetic bold (the CJK font has no bold face), so the
    // device's pixels are kept coarse enough for the largest type to stay bold.
    static constexpr int kVectorDpi = 150;

    const PageFormat &format() const { return m_format; }
    // The page the device must be set to: A4, or the roll's width × the document's length.
    QPageLayout pageLayout() const;
    int pageCount() const { return m_pageCount; }
    double lengthMm() const { return m_lengthMm; } // of the roll, or of the last A4 page's content

    // Lays out again at the device's resolution, sets its page layout, then paints every page.
    // Fails (translated) when the device cannot be opened or refuses a page.
    Status paint(QPagedPaintDevice &device);
    // The first page (a whole roll) on white paper at the resolution laid out for: previews,
    // tests and screenshots.
    QImage toImage() const;

    // The family every document is printed in: it covers Chinese (fonts-wqy-microhei).
    static QString fontFamily();

private:
    enum class Ink { Text, Muted, Brand, OnBrand };
    struct Item
    {
        enum class Kind { Text, Band, Rule, Code, Box } kind = Kind::Text;
        int page = 0;
        QRectF rect; // millimetres from the page's top left
        QString text;
        QFont font;
        int flags = 0;
        Ink ink = Ink::Text;
        double ruleMm = 0.2;
        const ModuleMatrix *code = nullptr;
    };

    void layout(int dpi);
    QFont font(double pt, bool bold) const;
    double fittingPt(const QString &text, double pt, double minPt, bool bold, double widthMm) const;
    double textHeight(const QString &text, const QFont &font, double widthMm, int flags) const;
    void paintPage(QPainter &painter, int page) const;

    PrintDocument m_document;
    PageFormat m_format;
    QList<Item> m_items;
    int m_dpi = kVectorDpi;
    double m_pxPerMm = kVectorDpi / 25.4;
    int m_pageCount = 1;
    double m_lengthMm = 0;
};

// Writes `document` as a PDF file on `format`'s paper. The file is written next to `path` and
// renamed into place, so a failed write leaves no half file.
Status writePdf(const PrintDocument &document, const PageFormat &format, const QString &path);

} // namespace ow::print
