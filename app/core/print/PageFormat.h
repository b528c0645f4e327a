#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace ow::print {

// The paper a document is laid out on, as data: sizes in millimetres, type in points. Rolls
// (thermal receipt printers) have a fixed width and are cut as long as the document is.
struct PageFormat
{
    enum class Paper { A4, Thermal80, Thermal58 };

    Paper paper = Paper::A4;
    QString name = QStringLiteral("a4"); // a4, thermal-80, thermal-58: configuration and file names
    double widthMm = 210;                // the paper
    double heightMm = 297;               // 0 for a roll
    double marginMm = 18;                // left and right; the top and bottom margin of a roll is half of it
    double titlePt = 22;
    double prominentPt = 24; // the case number, the pickup code
    double subtitlePt = 13;
    double bodyPt = 11;
    double smallPt = 8.5;
    double codeSideMm = 50;  // the printed side of a QR code, quiet zone included
    bool monochrome = false; // thermal paper: black only, no filled bands

    bool isRoll() const { return heightMm <= 0; }
    double contentWidthMm() const { return widthMm - 2 * marginMm; }

    static PageFormat a4();
    static PageFormat thermal80();
    static PageFormat thermal58();
    static QList<PageFormat> all();
    // By name (a4, thermal-80, thermal-58; also 80mm and 58mm as printers' set-ups call them).
    static std::optional<PageFormat> byName(const QString &name);
};

} // namespace ow::print
