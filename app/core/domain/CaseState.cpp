#include "domain/CaseState.h"

#include "common/Tr.h"

#include <QCoreApplication>

#include <array>

namespace ow::caseState {

namespace {

struct StateInfo
{
    CaseState state;
    const char *key;
    const char *label;
    bool terminal;
    bool clockRuns;
};

// QT_TRANSLATE_NOOP keeps the labels visible to lupdate; label() translates them.
constexpr std::array<StateInfo, 15> kStates{{
    {CaseState::Draft, "draft", QT_TRANSLATE_NOOP("CaseText", "Draft"), false, false},
    {CaseState::Received, "received", QT_TRANSLATE_NOOP("CaseText", "Received"), false, true},
    {CaseState::Accepted, "accepted", QT_TRANSLATE_NOOP("CaseText", "Accepted"), false, true},
    {CaseState::Refused, "refused", QT_TRANSLATE_NOOP("CaseText", "Not accepted"), true, false},
    {CaseState::CorrectionRequested, "correctionRequested", QT_TRANSLATE_NOOP("CaseText", "Correction requested"),
     false, false},
    {CaseState::AcceptedPendingMaterials, "acceptedPendingMaterials",
     QT_TRANSLATE_NOOP("CaseText", "Accepted with materials pending"), false, true},
    {CaseState::AcceptedOnPledge, "acceptedOnPledge", QT_TRANSLATE_NOOP("CaseText", "Accepted on pledge"), false, true},
    {CaseState::UnderReview, "underReview", QT_TRANSLATE_NOOP("CaseText", "Under review"), false, true},
    {CaseState::Suspended, "suspended", QT_TRANSLATE_NOOP("CaseText", "Suspended"), false, false},
    {CaseState::Approved, "approved", QT_TRANSLATE_NOOP("CaseText", "Approved"), false, false},
    {CaseState::Denied, "denied", QT_TRANSLATE_NOOP("CaseText", "Denied"), false, false},
    {CaseState::Concluded, "concluded", QT_TRANSLATE_NOOP("CaseText", "Concluded"), false, false},
    {CaseState::Issued, "issued", QT_TRANSLATE_NOOP("CaseText", "Issued"), true, false},
    {CaseState::Withdrawn, "withdrawn", QT_TRANSLATE_NOOP("CaseText", "Withdrawn"), true, false},
    {CaseState::Returned, "returned", QT_TRANSLATE_NOOP("CaseText", "Returned"), true, false},
}};

const StateInfo &info(CaseState state)
{
    return kStates[static_cast<std::size_t>(state)];
}

} // namespace

QList<CaseState> all()
{
    QList<CaseState> out;
    for (const auto &s : kStates)
        out.append(s.state);
    return out;
}

QString key(CaseState state)
{
    return QString::fromLatin1(info(state).key);
}

std::optional<CaseState> fromKey(const QString &k)
{
    for (const auto &s : kStates) {
        if (k == QLatin1String(s.key))
            return s.state;
    }
    return std::nullopt;
}

QString label(CaseState state)
{
    return QCoreApplication::translate("CaseText", info(state).label);
}

bool isTerminal(CaseState state)
{
    return info(state).terminal;
}

bool clockRuns(CaseState state)
{
    return info(state).clockRuns;
}

QList<CaseState> successors(CaseState state)
{
    using S = CaseState;
    switch (state) {
    case S::Draft:
        return {S::Received, S::Withdrawn};
    case S::Received:
        return {S::Accepted,  S::Refused, S::CorrectionRequested, S::AcceptedPendingMaterials, S::AcceptedOnPledge,
                S::Withdrawn, S::Returned};
    case S::CorrectionRequested:
        return {S::Received, S::UnderReview, S::Withdrawn, S::Returned};
    case S::Accepted:
        return {S::UnderReview, S::Approved, S::Denied, S::Withdrawn};
    case S::AcceptedPendingMaterials:
        return {S::Accepted, S::UnderReview, S::Withdrawn, S::Returned};
    case S::AcceptedOnPledge:
        return {S::UnderReview, S::Approved, S::Denied, S::Withdrawn};
    case S::UnderReview:
        return {S::Approved, S::Denied, S::CorrectionRequested, S::Suspended, S::Withdrawn, S::Returned};
    case S::Suspended:
        return {S::UnderReview, S::Withdrawn};
    case S::Approved:
    case S::Denied:
        return {S::Concluded};
    case S::Concluded:
        return {S::Issued};
    case S::Refused:
    case S::Issued:
    case S::Withdrawn:
    case S::Returned:
        return {};
    }
    return {};
}

Status checkTransition(CaseState from, CaseState to)
{
    if (successors(from).contains(to))
        return {};
    return makeError(ErrorCode::IllegalTransition,
                     CaseText::tr("A case that is “%1” cannot become “%2”.").arg(label(from), label(to)),
                     QStringLiteral("illegal transition %1 -> %2").arg(key(from), key(to)));
}

} // namespace ow::caseState
