#pragma once

#include "server/HubContext.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace ow::hub {

class HubCatalog;

// Protocol 1.16: the hall supervisor's figures (GET /v1/stats, PROTOCOL.md §8.3), counted by the
// database over every device of the county. One key and its count in a breakdown.
struct StatsCount
{
    QString key;
    qint64 count = 0;
};

// One overdue case: its number and due date, nothing of the applicant.
struct OverdueCase
{
    QString caseId;
    QString dueDate;
    int daysOverdue = 0; // working days past the due date, today included
};

struct HallStatistics
{
    QString period; // "today", "month" or "range"
    QDate from;     // China-time days, both included
    QDate to;
    QDate today;
    // Cases received in the period, by each breakdown (largest first, then by key).
    qint64 received = 0;
    QList<StatsCount> byItem;
    QList<StatsCount> byState;
    QList<StatsCount> byDepartment;
    QList<StatsCount> byChannel;
    // Cases concluded (approved or denied) in the period: how many, how many of those with a time
    // limit were in time, and the working days they used (pauses not counted).
    qint64 concluded = 0;
    qint64 withLimit = 0;
    qint64 onTime = 0;
    qint64 workingDaysSum = 0;
    qint64 workingDaysCounted = 0;
    // Now, whatever the period: cases in review past their due date, due within 3 working days.
    qint64 overdue = 0;
    qint64 dueSoon = 0;
    QDate dueSoonUntil;
    QList<OverdueCase> mostOverdue;
    // Ratings given in the period by level; follow-ups (回访) open now and of those past due.
    QList<StatsCount> ratings;
    qint64 badRatings = 0;
    qint64 followUpsOpen = 0;
    qint64 followUpsOverdue = 0;

    // -1 when there is nothing to count.
    double onTimeRate() const { return withLimit > 0 ? double(onTime) / double(withLimit) : -1.0; }
    double averageWorkingDays() const
    {
        return workingDaysCounted > 0 ? double(workingDaysSum) / double(workingDaysCounted) : -1.0;
    }
    QJsonObject toJson() const;
};

// The channel a case came in through (cases.channel, 1.16).
namespace caseChannel {
inline QString kiosk()
{
    return QStringLiteral("kiosk");
}
inline QString window()
{
    return QStringLiteral("window");
}
inline QString helper()
{
    return QStringLiteral("helper");
}
// The opened payload's `channel` when it is one of the three, else the window's.
QString fromPayload(const QJsonObject &payload);
} // namespace caseChannel

// A case concluded (approved or denied) at `at`: stored with the working days it used, counted
// like its due date (from the day after its first receipt, China time, ended pauses not counted),
// and whether it was concluded by its due date (NULL without a time limit). In the decision's
// transaction. Without a catalog only the time is stored.
namespace concluded {
Status store(HubDatabase &db, const HubCatalog *catalog, const QString &caseId, const QString &at);
}

class StatsService
{
public:
    StatsService(HubContext &context, const HubCatalog *catalog)
        : m_context(context)
        , m_catalog(catalog)
    {}

    static constexpr int MostOverdueListed = 10;
    static constexpr int MaxRangeDays = 366;
    static constexpr int DueSoonWorkingDays = 3;

    // `period` "today" (also when empty) or "month" (the calendar month so far); or `from` and
    // `to` (yyyy-MM-dd, China time, both included, at most 366 days) without a period. Supervisors
    // only (403 forbidden_role); audited.
    ServiceResult<HallStatistics> hall(const OperatorIdentity &op, const QString &period, const QString &from,
                                       const QString &to);

private:
    HubContext &m_context;
    const HubCatalog *m_catalog;
};

} // namespace ow::hub
