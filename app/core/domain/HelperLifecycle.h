#pragma once

#include "common/Result.h"
#include "domain/CaseState.h"
#include "domain/WorkingDayClock.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace ow {

// The steps of a case a village helper (帮办代办员) handles for a principal, in order. Add, never
// rename: the stored form is the key() string.
enum class HelperStep {
    Entrust,  // 委托: the authorisation is recorded and the application filled; ends when submitted
    Accept,   // 受理: the county hub has the case; ends when it is accepted there
    Handle,   // 办理: the department reviews; ends with the decision
    Deliver,  // 送达: the helper hands the result to the principal
    Archive,  // 归档: the helper files the authorisation and the receipt
    Report,   // 上报: the helper reports the finished case to the village/township
    FollowUp, // 回访: the helper asks the principal how it went
};

namespace helperStep {

QList<HelperStep> all();
QString key(HelperStep step); // "entrust", "accept", "handle", "deliver", "archive", "report", "followUp"
std::optional<HelperStep> fromKey(const QString &key);
QString label(HelperStep step); // translated display name (委托, 受理, …)
// The working days a step may take from its start (see DOMAIN notes in HelperLifecycle.cpp).
int limitDays(HelperStep step, int handlingLimitDays);
// Steps the helper closes by hand (送达, 归档, 上报, 回访); the others close on hub events.
bool closedByHelper(HelperStep step);

} // namespace helperStep

// One step's record: when it started and ended, and the helper's note.
struct HelperStepRecord
{
    HelperStep step = HelperStep::Entrust;
    QDateTime startedAt;
    QDateTime endedAt; // null while the step is open
    QString note;
    bool open() const { return startedAt.isValid() && !endedAt.isValid(); }
    bool done() const { return endedAt.isValid(); }
};

// The lifecycle 委托 → 受理 → 办理 → 送达 → 归档 → 上报 → 回访 of one helped case. Exactly one
// step is open until 回访 is recorded; each step's working-day clock starts the day the step
// starts (China Standard Time calendar days).
class HelperLifecycle
{
public:
    // A lifecycle whose 委托 step started at `entrustedAt`. `handlingLimitDays` is the service
    // item's promised time (承诺时限) used for 办理.
    HelperLifecycle(const QDateTime &entrustedAt, int handlingLimitDays);
    // Rebuilt from stored records (in step order); steps missing from `records` have not started.
    static HelperLifecycle fromRecords(const QList<HelperStepRecord> &records, int handlingLimitDays);

    // The open step, or nullopt when 回访 is done.
    std::optional<HelperStep> current() const;
    bool finished() const { return !current().has_value(); }
    const HelperStepRecord &record(HelperStep step) const { return m_steps[index(step)]; }
    QList<HelperStepRecord> records() const; // only the started steps, in order
    int handlingLimitDays() const { return m_handlingLimit; }

    // The helper closes the open step (送达, 归档, 上报, 回访) with a note; the next step starts at
    // the same moment. Refused (IllegalTransition, translated) when `step` is not the open one or
    // is closed by hub events; Invalid when 回访 has no note.
    Status close(HelperStep step, const QDateTime &at, const QString &note);
    // A hub event or local event about the case: submitted to the hub closes 委托; the hub's
    // acceptance closes 受理; a decision (approved, denied, refused, concluded, issued) closes
    // 办理. Earlier steps still open close at the same moment (an event may skip one: a case
    // accepted before the desk heard of its receipt). Returns the steps closed; none when the
    // event changes nothing (repeated or old events are harmless).
    QList<HelperStep> onSubmitted(const QDateTime &at);
    QList<HelperStep> onCaseState(CaseState state, const QDateTime &at);

    // The open step's clock (or the given step's, from its start); counted on China Standard
    // Time calendar days.
    WorkingDayClock clock(HelperStep step, const HolidayCalendar &calendar) const;

    // The calendar day (China Standard Time) of a moment.
    static QDate localDay(const QDateTime &at);

private:
    HelperLifecycle() = default;
    static int index(HelperStep step) { return static_cast<int>(step); }
    QList<HelperStep> closeThrough(HelperStep last, const QDateTime &at, const QString &note);

    std::array<HelperStepRecord, 7> m_steps;
    int m_handlingLimit = 20;
};

} // namespace ow
