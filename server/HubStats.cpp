#include "server/HubStats.h"

#include "crypto/Packet.h"
#include "domain/WorkingDayClock.h"
#include "protocol/JsonFields.h"
#include "server/HubCatalog.h"
#include "server/HubLogging.h"
#include "server/HubReview.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace ow::hub {

namespace {

constexpr qint64 ChinaOffsetSecs = 8 * 3600;

QDate chinaDay(const QString &wireTime)
{
    const QDateTime at = protocol::parseUtcTime(wireTime);
    return at.isValid() ? at.toUTC().addSecs(ChinaOffsetSecs).date() : QDate();
}

// The first instant of a China-time day as a wire time; wire times of one format compare as text.
QString chinaMidnight(const QDate &day)
{
    return crypto::wireTime(QDateTime(day, QTime(0, 0), Qt::UTC).addSecs(-ChinaOffsetSecs));
}

QJsonArray countsJson(const QList<StatsCount> &counts)
{
    QJsonArray out;
    for (const StatsCount &entry : counts)
        out.append(QJsonObject{{QStringLiteral("key"), entry.key}, {QStringLiteral("count"), entry.count}});
    return out;
}

QJsonValue ratio(double value, int decimals)
{
    if (value < 0)
        return QJsonValue(QJsonValue::Null);
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

ServiceError badPeriod(const QString &detail)
{
    return ServiceError(Refusal::BadRequest, "bad_period", detail);
}

} // namespace

QJsonObject HallStatistics::toJson() const
{
    QJsonArray overdueList;
    for (const OverdueCase &entry : mostOverdue)
        overdueList.append(QJsonObject{{QStringLiteral("caseId"), entry.caseId},
                                       {QStringLiteral("dueDate"), entry.dueDate},
                                       {QStringLiteral("daysOverdue"), entry.daysOverdue}});
    return QJsonObject{
        {QStringLiteral("period"), period},
        {QStringLiteral("from"), from.toString(Qt::ISODate)},
        {QStringLiteral("to"), to.toString(Qt::ISODate)},
        {QStringLiteral("today"), today.toString(Qt::ISODate)},
        {QStringLiteral("received"), received},
        {QStringLiteral("byItem"), countsJson(byItem)},
        {QStringLiteral("byState"), countsJson(byState)},
        {QStringLiteral("byDepartment"), countsJson(byDepartment)},
        {QStringLiteral("byChannel"), countsJson(byChannel)},
        {QStringLiteral("concluded"), concluded},
        {QStringLiteral("withLimit"), withLimit},
        {QStringLiteral("onTime"), onTime},
        {QStringLiteral("onTimeRate"), ratio(onTimeRate(), 4)},
        {QStringLiteral("averageWorkingDays"), ratio(averageWorkingDays(), 2)},
        {QStringLiteral("overdue"), overdue},
        {QStringLiteral("dueSoon"), dueSoon},
        {QStringLiteral("dueSoonUntil"), dueSoonUntil.toString(Qt::ISODate)},
        {QStringLiteral("mostOverdue"), overdueList},
        {QStringLiteral("ratings"), countsJson(ratings)},
        {QStringLiteral("badRatings"), badRatings},
        {QStringLiteral("followUpsOpen"), followUpsOpen},
        {QStringLiteral("followUpsOverdue"), followUpsOverdue},
    };
}

namespace caseChannel {

QString fromPayload(const QJsonObject &payload)
{
    const QString channel = payload.value(QStringLiteral("channel")).toString();
    if (channel == kiosk() || channel == helper() || channel == window())
        return channel;
    return window();
}

} // namespace caseChannel

namespace concluded {

Status store(HubDatabase &db, const HubCatalog *catalog, const QString &caseId, const QString &at)
{
    if (!catalog) {
        OW_TRY(db.exec(QStringLiteral("UPDATE cases SET concluded_at = ? WHERE case_id = ?"), {at, caseId}));
        return {};
    }
    auto row =
        db.exec(QStringLiteral("SELECT received_at, device_id, due_date FROM cases WHERE case_id = ?"), {caseId});
    OW_TRY(row);
    if (!row->next())
        return {};
    const QDate start = chinaDay(row->value(0).toString());
    const QString deviceId = row->value(1).toString();
    const QString dueDate = row->value(2).toString();
    row->finish();
    auto pauses = dueDates::pausesOf(db, caseId, deviceId);
    OW_TRY(pauses);
    const QDate end = chinaDay(at);
    QVariant workingDays;
    QVariant onTime;
    if (start.isValid() && end.isValid()) {
        WorkingDayClock clock(catalog->calendar(), start, 0);
        for (const auto &[from, to] : std::as_const(*pauses)) {
            const QDate paused = chinaDay(from);
            const QDate resumed = chinaDay(to);
            if (!paused.isValid() || !resumed.isValid())
                continue;
            clock.pause(paused);
            clock.resume(resumed);
        }
        workingDays = clock.daysUsed(end);
        const QDate due = QDate::fromString(dueDate, Qt::ISODate);
        if (due.isValid() && dueDate != HubCatalog::noDueDate())
            onTime = end <= due ? 1 : 0;
    }
    auto updated =
        db.exec(QStringLiteral("UPDATE cases SET concluded_at = ?, working_days = ?, on_time = ? WHERE case_id = ?"),
                {at, workingDays, onTime, caseId});
    OW_TRY(updated);
    return {};
}

} // namespace concluded

ServiceResult<HallStatistics> StatsService::hall(const OperatorIdentity &op, const QString &period, const QString &from,
                                                 const QString &to)
{
    if (op.role != Role::HallSupervisor)
        return ServiceError(Refusal::Forbidden, "forbidden_role", QStringLiteral("only supervisors read the figures"));
    HallStatistics stats;
    stats.today = m_context.clock().now().toUTC().addSecs(ChinaOffsetSecs).date();
    if (!from.isEmpty() || !to.isEmpty()) {
        static const QRegularExpression date(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        if (!period.isEmpty())
            return badPeriod(QStringLiteral("period and from/to together"));
        stats.from = date.match(from).hasMatch() ? QDate::fromString(from, Qt::ISODate) : QDate();
        stats.to = date.match(to).hasMatch() ? QDate::fromString(to, Qt::ISODate) : QDate();
        if (!stats.from.isValid() || !stats.to.isValid())
            return badPeriod(QStringLiteral("from and to must both be yyyy-MM-dd dates"));
        if (stats.from > stats.to || stats.from.daysTo(stats.to) >= MaxRangeDays)
            return badPeriod(QStringLiteral("from after to, or more than %1 days").arg(MaxRangeDays));
        stats.period = QStringLiteral("range");
    } else if (period.isEmpty() || period == QLatin1String("today")) {
        stats.period = QStringLiteral("today");
        stats.from = stats.to = stats.today;
    } else if (period == QLatin1String("month")) {
        stats.period = QStringLiteral("month");
        stats.from = QDate(stats.today.year(), stats.today.month(), 1);
        stats.to = stats.today;
    } else {
        return badPeriod(QStringLiteral("period must be today or month"));
    }
    const QString since = chinaMidnight(stats.from);
    const QString until = chinaMidnight(stats.to.addDays(1));
    const QString today = stats.today.toString(Qt::ISODate);
    // The third working day after today (China time), or three days on without a calendar.
    stats.dueSoonUntil = stats.today.addDays(DueSoonWorkingDays);
    if (m_catalog) {
        QDate day = stats.today;
        for (int counted = 0; counted < DueSoonWorkingDays;) {
            day = day.addDays(1);
            if (m_catalog->calendar().isWorkingDay(day))
                ++counted;
        }
        stats.dueSoonUntil = day;
    }
    const QString received = protocol::stateToWire(CaseState::Received);
    HubDatabase &db = m_context.db();

    // Each breakdown its own GROUP BY over the period's cases (index cases_by_received).
    const auto breakdown = [&](const QString &column, QList<StatsCount> &into) -> Status {
        auto rows = db.exec(QStringLiteral("SELECT %1, COUNT(*) AS n FROM cases WHERE received_at >= ? AND "
                                           "received_at < ? GROUP BY %1 ORDER BY n DESC, %1")
                                .arg(column),
                            {since, until});
        OW_TRY(rows);
        while (rows->next())
            into.append(StatsCount{rows->value(0).toString(), rows->value(1).toLongLong()});
        return {};
    };
    OW_TRY(breakdown(QStringLiteral("item_id"), stats.byItem));
    OW_TRY(breakdown(QStringLiteral("state"), stats.byState));
    OW_TRY(breakdown(QStringLiteral("department"), stats.byDepartment));
    OW_TRY(breakdown(QStringLiteral("channel"), stats.byChannel));
    for (const StatsCount &entry : std::as_const(stats.byState))
        stats.received += entry.count;

    auto concludedRows = db.exec(
        QStringLiteral("SELECT COUNT(*), COUNT(on_time), COALESCE(SUM(on_time), 0), COALESCE(SUM(working_days), 0), "
                       "COUNT(working_days) FROM cases WHERE concluded_at >= ? AND concluded_at < ?"),
        {since, until});
    OW_TRY(concludedRows);
    if (concludedRows->next()) {
        stats.concluded = concludedRows->value(0).toLongLong();
        stats.withLimit = concludedRows->value(1).toLongLong();
        stats.onTime = concludedRows->value(2).toLongLong();
        stats.workingDaysSum = concludedRows->value(3).toLongLong();
        stats.workingDaysCounted = concludedRows->value(4).toLongLong();
    }
    concludedRows->finish();

    // Cases in review (their clocks running) by due date (index cases_by_state_due): a case
    // waiting for a correction or in a special procedure has its clock stopped and is not counted.
    auto overdueRows =
        db.exec(QStringLiteral("SELECT COUNT(*) FROM cases WHERE state = ? AND due_date < ?"), {received, today});
    OW_TRY(overdueRows);
    stats.overdue = overdueRows->next() ? overdueRows->value(0).toLongLong() : 0;
    overdueRows->finish();
    auto soonRows =
        db.exec(QStringLiteral("SELECT COUNT(*) FROM cases WHERE state = ? AND due_date >= ? AND due_date <= ?"),
                {received, today, stats.dueSoonUntil.toString(Qt::ISODate)});
    OW_TRY(soonRows);
    stats.dueSoon = soonRows->next() ? soonRows->value(0).toLongLong() : 0;
    soonRows->finish();
    auto mostRows = db.exec(QStringLiteral("SELECT case_id, due_date FROM cases WHERE state = ? AND due_date < ? "
                                           "ORDER BY due_date, case_id LIMIT ?"),
                            {received, today, MostOverdueListed});
    OW_TRY(mostRows);
    while (mostRows->next()) {
        OverdueCase entry{mostRows->value(0).toString(), mostRows->value(1).toString(), 0};
        const QDate due = QDate::fromString(entry.dueDate, Qt::ISODate);
        entry.daysOverdue = m_catalog ? m_catalog->calendar().workingDaysBetween(due, stats.today)
                                      : static_cast<int>(due.daysTo(stats.today));
        stats.mostOverdue.append(entry);
    }
    mostRows->finish();

    auto ratingRows = db.exec(QStringLiteral("SELECT level, COUNT(*) AS n FROM ratings WHERE rated_at >= ? AND "
                                             "rated_at < ? GROUP BY level ORDER BY n DESC, level"),
                              {since, until});
    OW_TRY(ratingRows);
    while (ratingRows->next()) {
        const StatsCount entry{ratingRows->value(0).toString(), ratingRows->value(1).toLongLong()};
        if (entry.key == QLatin1String("dissatisfied") || entry.key == QLatin1String("veryDissatisfied"))
            stats.badRatings += entry.count;
        stats.ratings.append(entry);
    }
    ratingRows->finish();
    auto followUpRows =
        db.exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_date < ? THEN 1 ELSE 0 END), 0) "
                               "FROM rating_followups WHERE state = 'open'"),
                {today});
    OW_TRY(followUpRows);
    if (followUpRows->next()) {
        stats.followUpsOpen = followUpRows->value(0).toLongLong();
        stats.followUpsOverdue = followUpRows->value(1).toLongLong();
    }
    followUpRows->finish();

    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "stats_read",
                           stats.from.toString(Qt::ISODate) + QStringLiteral("..") + stats.to.toString(Qt::ISODate),
                           "ok"));
    qCInfo(lcHub, "operator %lld read the hall figures (%s)", op.id, qPrintable(stats.period));
    return stats;
}

} // namespace ow::hub
