#include "domain/HelperLifecycle.h"

#include <QCoreApplication>

namespace ow {

namespace {

struct StepInfo
{
    HelperStep step;
    const char *key;
    const char *label;
    int limit; // working days from the step's start; 0 = the item's promised time (办理)
    bool byHelper;
};

// The limits a helped case keeps (working days from each step's start):
//   委托 1  — the application reaches the county hub within a working day of the authorisation;
//   受理 1  — the hall accepts (or refuses) it the next working day;
//   办理     — the service item's promised time (承诺时限);
//   送达 3  — the helper hands the result over within three working days of the decision;
//   归档 5, 上报 5 — paperwork within a working week;
//   回访 10 — the follow-up call within ten working days.
constexpr std::array<StepInfo, 7> kSteps{{
    {HelperStep::Entrust, "entrust", QT_TRANSLATE_NOOP("HelperText", "Entrusted"), 1, false},
    {HelperStep::Accept, "accept", QT_TRANSLATE_NOOP("HelperText", "Acceptance"), 1, false},
    {HelperStep::Handle, "handle", QT_TRANSLATE_NOOP("HelperText", "Handling"), 0, false},
    {HelperStep::Deliver, "deliver", QT_TRANSLATE_NOOP("HelperText", "Delivery"), 3, true},
    {HelperStep::Archive, "archive", QT_TRANSLATE_NOOP("HelperText", "Archiving"), 5, true},
    {HelperStep::Report, "report", QT_TRANSLATE_NOOP("HelperText", "Reporting"), 5, true},
    {HelperStep::FollowUp, "followUp", QT_TRANSLATE_NOOP("HelperText", "Follow-up visit"), 10, true},
}};

const StepInfo &info(HelperStep step)
{
    return kSteps[static_cast<std::size_t>(step)];
}

} // namespace

namespace helperStep {

QList<HelperStep> all()
{
    QList<HelperStep> out;
    for (const auto &s : kSteps)
        out.append(s.step);
    return out;
}

QString key(HelperStep step)
{
    return QString::fromLatin1(info(step).key);
}

std::optional<HelperStep> fromKey(const QString &key)
{
    for (const auto &s : kSteps) {
        if (key == QLatin1String(s.key))
            return s.step;
    }
    return std::nullopt;
}

QString label(HelperStep step)
{
    return QCoreApplication::translate("HelperText", info(step).label);
}

int limitDays(HelperStep step, int handlingLimitDays)
{
    const int limit = info(step).limit;
    return limit > 0 ? limit : std::max(1, handlingLimitDays);
}

bool closedByHelper(HelperStep step)
{
    return info(step).byHelper;
}

} // namespace helperStep

HelperLifecycle::HelperLifecycle(const QDateTime &entrustedAt, int handlingLimitDays)
    : m_handlingLimit(handlingLimitDays)
{
    for (const auto &s : kSteps)
        m_steps[index(s.step)].step = s.step;
    m_steps[0].startedAt = entrustedAt;
}

HelperLifecycle HelperLifecycle::fromRecords(const QList<HelperStepRecord> &records, int handlingLimitDays)
{
    HelperLifecycle l;
    l.m_handlingLimit = handlingLimitDays;
    for (const auto &s : kSteps)
        l.m_steps[index(s.step)].step = s.step;
    for (const HelperStepRecord &r : records)
        l.m_steps[index(r.step)] = r;
    return l;
}

std::optional<HelperStep> HelperLifecycle::current() const
{
    for (const HelperStepRecord &r : m_steps) {
        if (r.open())
            return r.step;
    }
    return std::nullopt;
}

QList<HelperStepRecord> HelperLifecycle::records() const
{
    QList<HelperStepRecord> out;
    for (const HelperStepRecord &r : m_steps) {
        if (r.startedAt.isValid())
            out.append(r);
    }
    return out;
}

QList<HelperStep> HelperLifecycle::closeThrough(HelperStep last, const QDateTime &at, const QString &note)
{
    QList<HelperStep> closed;
    for (int i = 0; i <= index(last); ++i) {
        HelperStepRecord &r = m_steps[i];
        if (r.done())
            continue;
        if (!r.startedAt.isValid())
            r.startedAt = at;
        r.endedAt = at;
        if (i == index(last))
            r.note = note;
        closed.append(r.step);
    }
    if (!closed.isEmpty() && index(last) + 1 < static_cast<int>(m_steps.size())) {
        HelperStepRecord &next = m_steps[index(last) + 1];
        if (!next.startedAt.isValid())
            next.startedAt = at;
    }
    return closed;
}

Status HelperLifecycle::close(HelperStep step, const QDateTime &at, const QString &note)
{
    const auto open = current();
    if (!helperStep::closedByHelper(step) || !open || *open != step) {
        return makeError(
            ErrorCode::IllegalTransition,
            QCoreApplication::translate("HelperText", "This step cannot be recorded now: the case is at \"%1\".")
                .arg(open ? helperStep::label(*open) : QCoreApplication::translate("HelperText", "finished")),
            QStringLiteral("helper step %1 closed while %2 is open")
                .arg(helperStep::key(step), open ? helperStep::key(*open) : QStringLiteral("none")));
    }
    if (step == HelperStep::FollowUp && note.trimmed().isEmpty()) {
        return makeError(ErrorCode::Invalid,
                         QCoreApplication::translate("HelperText", "Write down what the principal said on the "
                                                                   "follow-up visit."),
                         QStringLiteral("follow-up without a note"));
    }
    closeThrough(step, at, note.trimmed());
    return {};
}

QList<HelperStep> HelperLifecycle::onSubmitted(const QDateTime &at)
{
    return closeThrough(HelperStep::Entrust, at, {});
}

QList<HelperStep> HelperLifecycle::onCaseState(CaseState state, const QDateTime &at)
{
    switch (state) {
    case CaseState::Accepted:
    case CaseState::AcceptedPendingMaterials:
    case CaseState::AcceptedOnPledge:
    case CaseState::UnderReview:
    case CaseState::CorrectionRequested:
    case CaseState::Suspended:
        return closeThrough(HelperStep::Accept, at, {});
    case CaseState::Approved:
    case CaseState::Denied:
    case CaseState::Refused:
    case CaseState::Concluded:
    case CaseState::Issued:
        return closeThrough(HelperStep::Handle, at, {});
    case CaseState::Draft:
    case CaseState::Received:
    case CaseState::Withdrawn:
    case CaseState::Returned:
        break;
    }
    return {};
}

QDate HelperLifecycle::localDay(const QDateTime &at)
{
    return at.toOffsetFromUtc(8 * 3600).date();
}

WorkingDayClock HelperLifecycle::clock(HelperStep step, const HolidayCalendar &calendar) const
{
    const HelperStepRecord &r = m_steps[index(step)];
    return WorkingDayClock(calendar, localDay(r.startedAt), helperStep::limitDays(step, m_handlingLimit));
}

} // namespace ow
