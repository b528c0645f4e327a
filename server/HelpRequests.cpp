#include "server/HelpRequests.h"

#include "crypto/Packet.h"
#include "server/HubLogging.h"
#include "server/HubText.h"

#include <QSqlQuery>

namespace ow::hub {

namespace {

const QString Columns = QStringLiteral("id, device_id, screen, state, requested_at, closed_at");

Result<protocol::HelpRequest> fromRow(const QSqlQuery &row)
{
    protocol::HelpRequest request;
    request.id = QString::number(row.value(0).toLongLong());
    request.deviceId = row.value(1).toString();
    request.screen = row.value(2).toString();
    const auto state = protocol::helpState::fromKey(row.value(3).toString());
    if (!state)
        return makeError(ErrorCode::Corrupt, HubText::tr("The hub database holds a help request it cannot read."),
                         QStringLiteral("help request %1 has an unknown state").arg(request.id));
    request.state = *state;
    request.requestedAt = row.value(4).toString();
    request.closedAt = row.value(5).isNull() ? QString() : row.value(5).toString();
    return request;
}

} // namespace

HelpRequests::HelpRequests(HubDatabase &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{}

QString HelpRequests::now() const
{
    return crypto::wireTime(m_clock.now());
}

Status HelpRequests::audit(const QString &actor, const char *action, const QString &target)
{
    auto inserted = m_db.exec(
        QStringLiteral("INSERT INTO audit_log (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, 'ok')"),
        {now(), actor, QLatin1String(action), target});
    if (!inserted)
        return inserted.error();
    return {};
}

Result<std::optional<protocol::HelpRequest>> HelpRequests::find(const QString &sql,
                                                                std::initializer_list<QVariant> values)
{
    auto row = m_db.exec(sql, values);
    if (!row)
        return row.error();
    if (!row->next())
        return std::optional<protocol::HelpRequest>();
    auto request = fromRow(*row);
    if (!request)
        return request.error();
    return std::optional<protocol::HelpRequest>(*request);
}

Result<HelpRequests::Asked> HelpRequests::ask(const QString &deviceId, const protocol::HelpRequestCreate &create)
{
    if (!protocol::isHelpScreenKey(create.screen))
        return makeError(ErrorCode::Invalid, HubText::tr("The help request is not in the expected form."),
                         QStringLiteral("help request: screen is not a screen key"));
    // The open request of this device, if any, under the same transaction as the insert; the
    // partial unique index (one open request per device) decides between hubs on one database.
    for (int attempt = 0; attempt < 2; ++attempt) {
        Transaction tx(m_db);
        OW_TRY(tx.begin());
        auto open =
            find(QStringLiteral("SELECT %1 FROM help_requests WHERE device_id = ? AND state = 'open'").arg(Columns),
                 {deviceId});
        if (!open)
            return open.error();
        if (*open) {
            OW_TRY(tx.commit());
            qCInfo(lcHub, "help request %s of device %s asked again", qPrintable((*open)->id), qPrintable(deviceId));
            return Asked{**open, false};
        }
        const QString at = now();
        auto inserted = m_db.exec(QStringLiteral("INSERT INTO help_requests (device_id, screen, state, requested_at) "
                                                 "VALUES (?, ?, 'open', ?) RETURNING id"),
                                  {deviceId, create.screen, at});
        if (!inserted) {
            // Another hub inserted this device's open request meanwhile: answer that one.
            if (attempt == 0)
                continue;
            return inserted.error();
        }
        if (!inserted->next())
            return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                             QStringLiteral("help request insert returned no id"));
        protocol::HelpRequest request;
        request.id = QString::number(inserted->value(0).toLongLong());
        inserted->finish(); // SQLite commits only once no statement is running
        request.deviceId = deviceId;
        request.screen = create.screen;
        request.state = protocol::HelpState::Open;
        request.requestedAt = at;
        OW_TRY(audit(QStringLiteral("device:") + deviceId, "help_request", QStringLiteral("help:") + request.id));
        OW_TRY(tx.commit());
        qCInfo(lcHub, "help request %s from device %s (screen %s)", qPrintable(request.id), qPrintable(deviceId),
               qPrintable(create.screen));
        return Asked{request, true};
    }
    return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                     QStringLiteral("help request: insert conflicted twice"));
}

Result<QList<protocol::HelpRequest>> HelpRequests::list(std::optional<protocol::HelpState> state, int limit)
{
    if (limit < 1 || limit > MaxListed)
        return makeError(ErrorCode::Invalid, HubText::tr("The help request list was asked for in a wrong form."),
                         QStringLiteral("help requests: limit out of range"));
    auto rows =
        state
            ? m_db.exec(QStringLiteral("SELECT %1 FROM help_requests WHERE state = ? ORDER BY id LIMIT ?").arg(Columns),
                        {protocol::helpState::key(*state), limit})
            : m_db.exec(QStringLiteral("SELECT %1 FROM help_requests ORDER BY id LIMIT ?").arg(Columns), {limit});
    if (!rows)
        return rows.error();
    QList<protocol::HelpRequest> out;
    while (rows->next()) {
        auto request = fromRow(*rows);
        if (!request)
            return request.error();
        out.append(*request);
    }
    return out;
}

Result<protocol::HelpRequest> HelpRequests::close(const QString &id, const QString &actor)
{
    bool numeric = false;
    const qint64 number = id.toLongLong(&numeric);
    const auto notFound = [&] {
        return makeError(ErrorCode::NotFound, HubText::tr("There is no such help request."),
                         QStringLiteral("help request %1 not found").arg(id.left(32)));
    };
    if (!numeric || number < 1)
        return notFound();
    Transaction tx(m_db);
    OW_TRY(tx.begin());
    auto found = find(QStringLiteral("SELECT %1 FROM help_requests WHERE id = ?").arg(Columns), {number});
    if (!found)
        return found.error();
    if (!*found)
        return notFound();
    protocol::HelpRequest request = **found;
    if (request.state == protocol::HelpState::Closed) {
        OW_TRY(tx.commit());
        return request;
    }
    request.state = protocol::HelpState::Closed;
    request.closedAt = now();
    OW_TRY(m_db.exec(
        QStringLiteral("UPDATE help_requests SET state = 'closed', closed_at = ?, closed_by = ? WHERE id = ?"),
        {request.closedAt, actor, number}));
    OW_TRY(audit(actor, "help_close", QStringLiteral("help:") + request.id));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "help request %s closed by %s", qPrintable(request.id), qPrintable(actor));
    return request;
}

} // namespace ow::hub
