#include "domain/SpecialProcedure.h"

#include "common/Tr.h"

#include <array>

namespace ow::specialProcedure {

namespace {

struct KindInfo
{
    SpecialProcedureKind kind;
    const char *key;
    const char *label;
};

// QT_TRANSLATE_NOOP keeps the labels visible to lupdate; label() translates them.
constexpr std::array<KindInfo, 6> kKinds{{
    {SpecialProcedureKind::Hearing, "hearing", QT_TRANSLATE_NOOP("CaseText", "Hearing")},
    {SpecialProcedureKind::Tender, "tender", QT_TRANSLATE_NOOP("CaseText", "Tender")},
    {SpecialProcedureKind::Auction, "auction", QT_TRANSLATE_NOOP("CaseText", "Auction")},
    {SpecialProcedureKind::Inspection, "inspection",
     QT_TRANSLATE_NOOP("CaseText", "Inspection, testing or quarantine")},
    {SpecialProcedureKind::Appraisal, "appraisal", QT_TRANSLATE_NOOP("CaseText", "Appraisal")},
    {SpecialProcedureKind::ExpertReview, "expertReview", QT_TRANSLATE_NOOP("CaseText", "Expert review")},
}};

} // namespace

QList<SpecialProcedureKind> allKinds()
{
    QList<SpecialProcedureKind> out;
    for (const auto &k : kKinds)
        out.append(k.kind);
    return out;
}

QString key(SpecialProcedureKind kind)
{
    return QString::fromLatin1(kKinds[static_cast<std::size_t>(kind)].key);
}

std::optional<SpecialProcedureKind> fromKey(const QString &k)
{
    for (const auto &info : kKinds) {
        if (k == QLatin1String(info.key))
            return info.kind;
    }
    return std::nullopt;
}

QString label(SpecialProcedureKind kind)
{
    return QCoreApplication::translate("CaseText", kKinds[static_cast<std::size_t>(kind)].label);
}

Result<QDate> checkExpectedEnd(const QString &text, const QDate &today)
{
    const QDate end = QDate::fromString(text.trimmed(), Qt::ISODate);
    if (!end.isValid() || text.trimmed().size() != 10)
        return makeError(ErrorCode::Invalid,
                         CaseText::tr("Type the expected end as a date, for example %1.")
                             .arg(today.addDays(30).toString(Qt::ISODate)),
                         QStringLiteral("expected end is not a yyyy-MM-dd date"));
    if (end <= today)
        return makeError(ErrorCode::Invalid, CaseText::tr("The expected end must be after today."),
                         QStringLiteral("expected end not after today"));
    if (end > today.addDays(kMaxHorizonDays))
        return makeError(ErrorCode::Invalid,
                         CaseText::tr("The expected end may be at most %1 days ahead (until %2).")
                             .arg(kMaxHorizonDays)
                             .arg(today.addDays(kMaxHorizonDays).toString(Qt::ISODate)),
                         QStringLiteral("expected end beyond the horizon"));
    return end;
}

} // namespace ow::specialProcedure
