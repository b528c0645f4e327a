#include "print/PageFormat.h"

namespace ow::print {

PageFormat PageFormat::a4()
{
    return PageFormat{};
}

PageFormat PageFormat::thermal80()
{
    // 80 mm paper, 72 mm printable on the common 576-dot heads.
    PageFormat f;
    f.paper = Paper::Thermal80;
    f.name = QStringLiteral("thermal-80");
    f.widthMm = 80;
    f.heightMm = 0;
    f.marginMm = 4;
    f.titlePt = 15;
    f.prominentPt = 17;
    f.subtitlePt = 10.5;
    f.bodyPt = 9;
    f.smallPt = 7;
    f.codeSideMm = 46;
    f.monochrome = true;
    return f;
}

PageFormat PageFormat::thermal58()
{
    // 58 mm paper, 48 mm printable on 384-dot heads.
    PageFormat f;
    f.paper = Paper::Thermal58;
    f.name = QStringLiteral("thermal-58");
    f.widthMm = 58;
    f.heightMm = 0;
    f.marginMm = 5;
    f.titlePt = 12.5;
    f.prominentPt = 13;
    f.subtitlePt = 9;
    f.bodyPt = 8;
    f.smallPt = 6.5;
    f.codeSideMm = 40;
    f.monochrome = true;
    return f;
}

QList<PageFormat> PageFormat::all()
{
    return {a4(), thermal80(), thermal58()};
}

std::optional<PageFormat> PageFormat::byName(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("a4"))
        return a4();
    if (n == QLatin1String("thermal-80") || n == QLatin1String("80mm") || n == QLatin1String("80"))
        return thermal80();
    if (n == QLatin1String("thermal-58") || n == QLatin1String("58mm") || n == QLatin1String("58"))
        return thermal58();
    return std::nullopt;
}

} // namespace ow::print
