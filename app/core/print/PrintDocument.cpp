#include "print/PrintDocument.h"

#include "print/PrintText.h"

#include "domain/IdNumber.h"
#include "scan/BarcodeDecoder.h"

namespace ow::print {

ModuleMatrix::ModuleMatrix(int size)
    : m_size(qMax(0, size))
    , m_dark(std::size_t(m_size) * std::size_t(m_size), false)
{}

Result<ModuleMatrix> ModuleMatrix::qrCode(const QByteArray &payload)
{
    // One pixel a module: the encoder's image is the matrix, quiet zone included.
    Result<scan::GrayImage> image = scan::barcodeDecoder::encode(scan::CodeFormat::QrCode, payload, 1);
    if (!image)
        return image.error();
    const scan::GrayImage &gray = image.value();
    if (gray.width() != gray.height() || gray.width() <= 0)
        return makeError(ErrorCode::Internal, PrintText::tr("The code for this document could not be made."),
                         QStringLiteral("qr: encoder gave a %1x%2 image").arg(gray.width()).arg(gray.height()));
    ModuleMatrix matrix(gray.width());
    for (int y = 0; y < gray.height(); ++y)
        for (int x = 0; x < gray.width(); ++x)
            matrix.setDark(x, y, gray.pixel(x, y) < 128);
    return matrix;
}

void PrintDocument::addTitle(const QString &text)
{
    blocks.append(Block{BlockKind::Title, text, {}, false, {}});
}

void PrintDocument::addSubtitle(const QString &text)
{
    blocks.append(Block{BlockKind::Subtitle, text, {}, false, {}});
}

void PrintDocument::addRow(const QString &label, const QString &value, bool prominent)
{
    blocks.append(Block{BlockKind::Row, value, label, prominent, {}});
}

void PrintDocument::addParagraph(const QString &text)
{
    blocks.append(Block{BlockKind::Paragraph, text, {}, false, {}});
}

void PrintDocument::addCode(ModuleMatrix code, const QString &caption)
{
    blocks.append(Block{BlockKind::Code, caption, {}, false, std::move(code)});
}

void PrintDocument::addDivider()
{
    blocks.append(Block{BlockKind::Divider, {}, {}, false, {}});
}

void PrintDocument::addFootnote(const QString &text)
{
    blocks.append(Block{BlockKind::Footnote, text, {}, false, {}});
}

QString PrintDocument::title() const
{
    for (const Block &b : blocks)
        if (b.kind == BlockKind::Title)
            return b.text;
    return {};
}

QString PrintDocument::plainText() const
{
    QStringList lines{issuer};
    for (const Block &b : blocks) {
        if (b.kind == BlockKind::Row)
            lines << b.label + QStringLiteral(": ") + b.text;
        else if (!b.text.isEmpty())
            lines << b.text;
    }
    return lines.join(u'\n');
}

bool containsFullIdNumber(QStringView input)
{
    // Full-width digits (１２３) print as digits too.
    QString text = input.toString();
    for (QChar &c : text) {
        if (c.unicode() >= 0xFF10 && c.unicode() <= 0xFF19)
            c = QChar(u'0' + (c.unicode() - 0xFF10));
        else if (c.unicode() == 0xFF38 || c.unicode() == 0xFF58)
            c = u'X';
    }
    // Birth dates are checked against a day far ahead: the question is whether it looks like a
    // number someone holds, not whether it is valid today.
    static const QDate kFarAhead(9999, 12, 31);
    const qsizetype n = text.size();
    qsizetype runStart = 0;
    for (qsizetype i = 0; i <= n; ++i) {
        const bool digit = i < n && text[i].isDigit() && text[i].unicode() < 0x80;
        const bool checkX = i < n && (text[i] == u'X' || text[i] == u'x');
        if (digit)
            continue;
        // A run of ASCII digits ended at i (possibly followed by X). Look at every 18-character
        // window of it, so a number glued to other digits is still found.
        const qsizetype runEnd = checkX ? i + 1 : i;
        for (qsizetype s = runStart; s + 18 <= runEnd; ++s) {
            const QString candidate = idNumber::normalized(text.mid(s, 18));
            const idNumber::Problem p = idNumber::check(candidate, kFarAhead);
            if (p == idNumber::Problem::None || p == idNumber::Problem::CheckDigit)
                return true;
        }
        runStart = i + 1;
    }
    return false;
}

} // namespace ow::print
