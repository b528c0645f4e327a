#include "server/HubRatings.h"

#include "domain/WorkingDayClock.h"
#include "protocol/JsonFields.h"
#include "server/HubCatalog.h"
#include "server/HubLogging.h"

namespace ow::hub {

namespace {

ServiceError notFound()
{
    return ServiceError(Refusal::NotFound, "not_found", QStringLiteral("no such case"));
}

ServiceError supervisorsOnly()
{
    return ServiceError(Refusal::Forbidden, "forbidden_role",
                        QStringLiteral("only hall supervisors follow ratings up"));
}

// The calendar day in China time (UTC+8, no daylight saving), as the desks count the clocks.
QDate chinaDay(const QString &wireTime)
{
    const QDateTime at = protocol::parseUtcTime(wireTime);
    return at.isValid() ? at.toUTC().addSecs(8 * 3600).date() : QDate();
}

QDate chinaToday(const Clock &clock)
{
    return clock.now().toUTC().addSecs(8 * 3600).date();
}

// The 回访's way and the citizen's view share one column (schema 11): "phone:…" or "visit:…".
QString revisitColumn(const protocol::FollowUpClose &close)
{
    return protocol::revisitMethod::key(close.revisitMethod) + QLatin1Char(':') + close.revisitResult;
}

QVariant dimension(const std::optional<protocol::RatingDimensions> &d, int protocol::RatingDimensions::*member)
{
    return d ? QVariant((*d).*member) : QVariant();
}

bool inFuture(const QString &wireTime, const HubContext &context)
{
    const QDateTime at = protocol::parseUtcTime(wireTime);
    return !at.isValid() || at > context.clock().now().addSecs(context.limits().clockSkewSecs);
}

} // namespace

QString RatingService::dueDate(const HolidayCalendar &calendar, const QString &ratedAt, int days)
{
    const QDate start = chinaDay(ratedAt);
    if (!start.isValid())
        return {};
    return WorkingDayClock(calendar, start, days).dueDate(start).toString(Qt::ISODate);
}

const HolidayCalendar &RatingService::calendar() const
{
    static const HolidayCalendar weekendsOnly;
    return m_catalog ? m_catalog->calendar() : weekendsOnly;
}

ServiceResult<RatingService::Stored> RatingService::submit(const DeviceIdentity &device, const QByteArray &body)
{
    auto rating = service::readRequest<protocol::RatingSubmit>(body, QStringLiteral("rating"));
    if (!rating)
        return rating.error();
    if (inFuture(rating->ratedAt, m_context))
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("ratedAt lies in the future"));
    const QString actor = QStringLiteral("device:") + device.id;
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto owner = db.exec(QStringLiteral("SELECT device_id FROM cases WHERE case_id = ?"), {rating->caseId});
    OW_TRY(owner);
    // Another device's case is answered as absent, so case numbers cannot be probed.
    if (!owner->next() || owner->value(0).toString() != device.id) {
        qCInfo(lcHub, "device %s rated a case the hub does not have from it", qPrintable(device.id));
        return notFound();
    }
    owner->finish();

    protocol::RatingAnswer answer{rating->caseId, rating->level, {}, {}};
    auto stored = db.exec(QStringLiteral("SELECT r.level, r.channel, r.overall, r.efficiency, r.professionalism, "
                                         "r.attitude, r.comment, r.rated_at, f.id, f.due_date FROM ratings r "
                                         "LEFT JOIN rating_followups f ON f.case_id = r.case_id WHERE r.case_id = ?"),
                          {rating->caseId});
    OW_TRY(stored);
    if (stored->next()) {
        std::optional<protocol::RatingDimensions> dims;
        if (!stored->value(2).isNull())
            dims = protocol::RatingDimensions{stored->value(2).toInt(), stored->value(3).toInt(),
                                              stored->value(4).toInt(), stored->value(5).toInt()};
        const bool same = stored->value(0).toString() == rating::key(rating->level) &&
                          stored->value(1).toString() == rating::channelKey(rating->channel) &&
                          dims == rating->dimensions && stored->value(6).toString() == rating->comment &&
                          stored->value(7).toString() == rating->ratedAt;
        if (!same) {
            qCInfo(lcHub, "device %s rated a rated case again differently", qPrintable(device.id));
            return ServiceError(Refusal::Conflict, "already_rated", QStringLiteral("this case is rated already"));
        }
        if (!stored->value(8).isNull()) {
            answer.followUpId = QString::number(stored->value(8).toLongLong());
            answer.dueDate = stored->value(9).toString();
        }
        stored->finish();
        OW_TRY(tx.commit());
        return Stored{answer, false};
    }
    stored->finish();

    const QString now = m_context.now();
    const auto &d = rating->dimensions;
    // An empty QString would be bound as NULL; the column is NOT NULL DEFAULT ''.
    auto inserted = db.exec(
        QStringLiteral("INSERT INTO ratings (case_id, device_id, channel, level, overall, efficiency, professionalism, "
                       "attitude, comment, rated_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {rating->caseId, device.id, rating::channelKey(rating->channel), rating::key(rating->level),
         dimension(d, &protocol::RatingDimensions::overall), dimension(d, &protocol::RatingDimensions::efficiency),
         dimension(d, &protocol::RatingDimensions::professionalism),
         dimension(d, &protocol::RatingDimensions::attitude),
         rating->comment.isEmpty() ? QStringLiteral("") : rating->comment, rating->ratedAt, now});
    OW_TRY(inserted);
    OW_TRY(m_context.audit(actor, "rating", rating->caseId, rating::key(rating->level).toLatin1().constData()));
    if (rating::isBad(rating->level)) {
        answer.dueDate = dueDate(calendar(), rating->ratedAt, protocol::FollowUpWorkingDays);
        auto opened = db.exec(QStringLiteral("INSERT INTO rating_followups (case_id, opened_at, due_date, state) "
                                             "VALUES (?, ?, ?, 'open') RETURNING id"),
                              {rating->caseId, now, answer.dueDate});
        OW_TRY(opened);
        answer.followUpId = opened->next() ? QString::number(opened->value(0).toLongLong()) : QString();
        opened->finish();
        OW_TRY(m_context.audit(actor, "followup_open", rating->caseId, "open"));
    }
    OW_TRY(tx.commit());
    qCInfo(lcHub, "device %s: a case rated %s at the %s%s", qPrintable(device.id),
           qPrintable(rating::key(rating->level)), qPrintable(rating::channelKey(rating->channel)),
           answer.followUpId.isEmpty() ? "" : qPrintable(QStringLiteral(", follow-up due ") + answer.dueDate));
    return Stored{answer, true};
}

ServiceResult<protocol::FollowUpList> RatingService::followUps(const OperatorIdentity &op, const QString &state)
{
    if (op.role != Role::HallSupervisor)
        return supervisorsOnly();
    const QString wanted = state.isEmpty() ? QStringLiteral("open") : state;
    if (wanted != QLatin1String("open") && wanted != QLatin1String("closed") && wanted != QLatin1String("all"))
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("state unknown"));
    const QString select =
        QStringLiteral("SELECT f.id FROM rating_followups f WHERE %1 ORDER BY f.state DESC, f.due_date, f.id LIMIT 500")
            .arg(wanted == QLatin1String("all") ? QStringLiteral("f.state <> ?") : QStringLiteral("f.state = ?"));
    auto rows = m_context.db().exec(select, {wanted == QLatin1String("all") ? QStringLiteral("none") : wanted});
    OW_TRY(rows);
    QStringList ids;
    while (rows->next())
        ids.append(QString::number(rows->value(0).toLongLong()));
    rows->finish();
    protocol::FollowUpList list;
    for (const QString &id : std::as_const(ids)) {
        auto one = load(id);
        if (!one)
            return one.error();
        list.followUps.append(*one);
    }
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "followups_list", wanted, "ok"));
    return list;
}

ServiceResult<protocol::FollowUp> RatingService::load(const QString &id)
{
    auto row = m_context.db().exec(
        QStringLiteral("SELECT f.id, f.case_id, r.level, r.channel, r.comment, r.rated_at, f.opened_at, f.due_date, "
                       "f.state, f.outcome, f.revisit_at, f.revisit_result, f.closed_at FROM rating_followups f "
                       "JOIN ratings r ON r.case_id = f.case_id WHERE f.id = ?"),
        {id.toLongLong()});
    OW_TRY(row);
    if (!row->next())
        return ServiceError(Refusal::NotFound, "not_found", QStringLiteral("no such follow-up"));
    protocol::FollowUp f;
    f.id = QString::number(row->value(0).toLongLong());
    f.caseId = row->value(1).toString();
    const auto level = rating::fromKey(row->value(2).toString());
    const auto channel = rating::channelFromKey(row->value(3).toString());
    if (!level || !channel)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored rating has an unknown level"));
    f.level = *level;
    f.channel = *channel;
    f.comment = row->value(4).toString();
    f.ratedAt = row->value(5).toString();
    f.openedAt = row->value(6).toString();
    f.dueDate = row->value(7).toString();
    f.closed = row->value(8).toString() == QLatin1String("closed");
    const QDate start = chinaDay(f.ratedAt);
    const QDate closedOn = f.closed ? chinaDay(row->value(12).toString()) : QDate();
    f.daysLeft = WorkingDayClock(calendar(), start, protocol::FollowUpWorkingDays)
                     .daysLeft(closedOn.isValid() ? closedOn : chinaToday(m_context.clock()));
    if (f.closed) {
        f.outcome = row->value(9).toString();
        f.revisitAt = row->value(10).toString();
        const QString revisit = row->value(11).toString();
        f.revisitMethod = protocol::revisitMethod::fromKey(revisit.section(QLatin1Char(':'), 0, 0))
                              .value_or(protocol::RevisitMethod::Phone);
        f.revisitResult = revisit.section(QLatin1Char(':'), 1);
        f.closedAt = row->value(12).toString();
    }
    row->finish();
    return f;
}

ServiceResult<protocol::FollowUp> RatingService::close(const OperatorIdentity &op, const QString &id,
                                                       const QByteArray &body)
{
    if (op.role != Role::HallSupervisor)
        return supervisorsOnly();
    bool numeric = false;
    id.toLongLong(&numeric);
    if (!numeric || id.size() > 18)
        return ServiceError(Refusal::NotFound, "not_found", QStringLiteral("no such follow-up"));
    auto request = service::readRequest<protocol::FollowUpClose>(body, QStringLiteral("follow-up close"));
    if (!request)
        return request.error();
    if (inFuture(request->revisitAt, m_context))
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("revisitAt lies in the future"));
    const QString actor = QStringLiteral("operator:%1").arg(op.id);
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto updated = db.exec(
        QStringLiteral("UPDATE rating_followups SET state = 'closed', outcome = ?, revisit_at = ?, "
                       "revisit_result = ?, closed_by = ?, closed_at = ? WHERE id = ? AND "
                       "state = 'open'"),
        {request->outcome, request->revisitAt, revisitColumn(*request), actor, m_context.now(), id.toLongLong()});
    OW_TRY(updated);
    const bool closedNow = updated->numRowsAffected() == 1;
    updated->finish();
    auto followUp = load(id);
    if (!followUp)
        return followUp.error();
    if (!closedNow)
        return ServiceError(Refusal::Conflict, "already_closed", QStringLiteral("this follow-up is closed already"));
    OW_TRY(m_context.audit(actor, "followup_close", followUp->caseId,
                           protocol::revisitMethod::key(request->revisitMethod).toLatin1().constData()));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "operator %lld closed follow-up %s", op.id, qPrintable(id));
    return followUp;
}

} // namespace ow::hub
