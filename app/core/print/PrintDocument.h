#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

#include <vector>

namespace ow::print {

// A 2D code as its modules, the quiet zone included: what a renderer paints square by square at
// whatever size the page allows. Made by scan's encoder, so what is printed is what our decoder
// reads.
class ModuleMatrix
{
public:
    ModuleMatrix() = default;
    explicit ModuleMatrix(int size);

    // A QR code of `payload` (error correction as the encoder chooses, 4-module quiet zone).
    static Result<ModuleMatrix> qrCode(const QByteArray &payload);

    bool isNull() const { return m_size == 0; }
    int size() const { return m_size; } // modules a side, quiet zone included
    bool dark(int x, int y) const { return m_dark[std::size_t(y) * std::size_t(m_size) + std::size_t(x)]; }
    void setDark(int x, int y, bool dark) { m_dark[std::size_t(y) * std::size_t(m_size) + std::size_t(x)] = dark; }

private:
    int m_size = 0;
    std::vector<bool> m_dark;
};

// The kinds of block a printed document is made of, top to bottom.
enum class BlockKind {
    Title,     // the document's name, in the header band
    Subtitle,  // a section heading
    Row,       // label and value; `prominent` rows (the case number) are printed large
    Paragraph, // running text
    Code,      // a QR code with a caption under it
    Divider,   // a thin rule
    Footnote,  // small print at the end
};

struct Block
{
    BlockKind kind = BlockKind::Paragraph;
    QString text;  // the value of a row, the caption of a code, the text of everything else
    QString label; // rows only
    bool prominent = false;
    ModuleMatrix code; // codes only
};

// One printable document as data: who issues it, what kind it is, its blocks. Renderers lay it
// out on a PageFormat; nothing here knows about pixels or printers.
struct PrintDocument
{
    QString kind;   // case-receipt, pickup-slip, consent-notice: for logs and file names
    QString issuer; // the hall or kiosk that prints it, above the title
    QList<Block> blocks;

    void addTitle(const QString &text);
    void addSubtitle(const QString &text);
    void addRow(const QString &label, const QString &value, bool prominent = false);
    void addParagraph(const QString &text);
    void addCode(ModuleMatrix code, const QString &caption);
    void addDivider();
    void addFootnote(const QString &text);

    QString title() const;
    // Every word the page will carry, one block a line (tests and the personal-data guard read it).
    QString plainText() const;
};

// True when `text` holds what looks like a full resident ID number: 17 digits and a check
// character that GB 11643 accepts, or that has a real birth date and fails only the check
// character (a mistyped number is personal data too). Masked numbers (110***********002X) pass.
bool containsFullIdNumber(QStringView text);

} // namespace ow::print
