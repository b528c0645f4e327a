#include "server/HubEvents.h"

#include "scan/Payload.h"
#include "scan/TrustStore.h"
#include "server/HubLogging.h"

namespace ow::hub {

ServiceResult<protocol::EventsPage> EventService::events(const DeviceIdentity &device, const QString &after,
                                                         const QString &limit)
{
    bool okAfter = true;
    bool okLimit = true;
    const qint64 cursor = after.isEmpty() ? 0 : after.toLongLong(&okAfter);
    const int count = limit.isEmpty() ? 100 : limit.toInt(&okLimit);
    if (!okAfter || !okLimit || cursor < 0 || count < 1 || count > 500)
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("after or limit invalid"));
    // Every device asks each sync cycle: kept prepared (one round trip on PostgreSQL, not three).
    auto run = m_context.db().execPrepared(
        QStringLiteral("SELECT cursor, type, case_id, packet_id, state, opinion, department, at FROM events "
                       "WHERE device_id = ? AND cursor > ? ORDER BY cursor LIMIT ?"),
        {device.id, cursor, count + 1});
    OW_TRY(run);
    QSqlQuery *rows = *run;
    protocol::EventsPage page;
    qint64 next = cursor;
    while (rows->next()) {
        if (page.events.size() == count) {
            page.more = true;
            break;
        }
        next = rows->value(0).toLongLong();
        const auto type = protocol::eventType::fromKey(rows->value(1).toString());
        const auto state = protocol::stateFromWire(rows->value(4).toString());
        if (!type || !state)
            return ServiceError(Refusal::Internal, "internal",
                                QStringLiteral("stored event %1 has an unknown type or state").arg(next));
        protocol::Event event;
        event.cursor = QString::number(next);
        event.type = *type;
        event.caseId = rows->value(2).toString();
        event.packetId = rows->value(3).toString();
        event.state = *state;
        event.opinion = rows->value(5).toString();
        event.department = rows->value(6).toString();
        event.at = rows->value(7).toString();
        page.events.append(event);
    }
    rows->finish();
    page.next = QString::number(next);
    return page;
}

ServiceResult<protocol::ProgressAnswer> EventService::progress(const DeviceIdentity &device, const QByteArray &body)
{
    auto query = service::readRequest<protocol::ProgressQuery>(body, QStringLiteral("progress query"));
    if (!query)
        return query.error();
    HubDatabase &db = m_context.db();
    // A forged code, a code of an unknown device and a code of an unknown case get one answer,
    // so case numbers cannot be probed through this endpoint.
    const auto unknownReceipt = [&](const char *why) {
        qCInfo(lcHub, "progress query from device %s refused: %s", qPrintable(device.id), why);
        (void)m_context.audit(QStringLiteral("device:") + device.id, "progress_query", QString(), "refused");
        return ServiceError(Refusal::NotFound, "unknown_receipt", QStringLiteral("no case for this receipt code"));
    };
    const QByteArray code = query->receiptCode.toUtf8();
    // Only to pick the issuing device's key; the code itself is checked by the one parser below.
    const QString issuer = query->receiptCode.section(QLatin1Char('|'), 1, 1);
    auto keyRow = db.exec(QStringLiteral("SELECT signing_key FROM devices WHERE id = ?"), {issuer});
    OW_TRY(keyRow);
    if (!keyRow->next())
        return unknownReceipt("issuing device unknown");
    const auto key = m_context.deviceKey(keyRow->value(0).toString());
    if (!key)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored device key does not parse"));
    scan::TrustStore trust;
    if (!trust.addDevice(issuer, key->toDer()))
        return unknownReceipt("issuing device key not usable for codes");
    const QDateTime now = m_context.clock().now().toUTC();
    const scan::Classification checked = scan::parseCaseReceipt(code, {now, nullptr, &trust});
    if (!checked.accepted())
        return unknownReceipt(qPrintable(scan::rejectionName(checked.rejection)));
    const auto &receipt = std::get<scan::CaseReceiptInfo>(checked.details);

    auto caseRow = db.exec(QStringLiteral("SELECT item_id, state, department, received_at, updated_at FROM cases "
                                          "WHERE case_id = ? AND device_id = ?"),
                           {receipt.caseNumber, receipt.deviceId});
    OW_TRY(caseRow);
    if (!caseRow->next())
        return unknownReceipt("no such case of the issuing device");
    protocol::ProgressAnswer answer;
    answer.caseId = receipt.caseNumber;
    answer.itemId = caseRow->value(0).toString();
    const auto state = protocol::stateFromWire(caseRow->value(1).toString());
    if (!state)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored case has an unknown state"));
    answer.state = *state;
    answer.department = caseRow->value(2).toString();
    answer.receivedAt = caseRow->value(3).toString();
    answer.updatedAt = caseRow->value(4).toString();

    // 1.12: a special procedure's step shows its kind and expected end, never its reason (free text
    // a reviewer wrote may name people; the answer is shown on a kiosk's screen).
    QHash<qint64, QPair<QString, QString>> procedures; // start cursor -> (kind, expected end)
    auto started =
        db.exec(QStringLiteral("SELECT start_cursor, kind, expected_end FROM special_procedures WHERE case_id = ?"),
                {receipt.caseNumber});
    OW_TRY(started);
    while (started->next())
        procedures.insert(started->value(0).toLongLong(), {started->value(1).toString(), started->value(2).toString()});
    auto steps = db.exec(QStringLiteral("SELECT type, state, department, at, cursor FROM events WHERE case_id = ? AND "
                                        "device_id = ? ORDER BY cursor LIMIT 200"),
                         {receipt.caseNumber, receipt.deviceId});
    OW_TRY(steps);
    while (steps->next()) {
        const auto type = protocol::eventType::fromKey(steps->value(0).toString());
        const auto stepState = protocol::stateFromWire(steps->value(1).toString());
        if (!type || !stepState)
            return ServiceError(Refusal::Internal, "internal",
                                QStringLiteral("stored event has an unknown type or state"));
        protocol::ProgressStep step{*type, *stepState, steps->value(2).toString(), steps->value(3).toString(), {}, {}};
        const auto procedure = procedures.constFind(steps->value(4).toLongLong());
        if (*stepState == CaseState::Suspended && procedure != procedures.constEnd()) {
            step.procedureKind = procedure->first;
            step.expectedEnd = procedure->second;
        }
        answer.steps.append(step);
    }
    // Who read or changed the case at the hub: roles and departments, never operators' names.
    auto uses = db.exec(QStringLiteral("SELECT a.at, a.actor, a.action, o.role, o.department FROM audit_log a "
                                       "LEFT JOIN operators o ON a.actor = 'operator:' || CAST(o.id AS TEXT) "
                                       "WHERE a.target = ? AND a.outcome <> 'refused' ORDER BY a.id LIMIT 200"),
                        {receipt.caseNumber});
    OW_TRY(uses);
    while (uses->next()) {
        const QString actor = uses->value(1).toString();
        protocol::DataUse use;
        use.at = uses->value(0).toString();
        use.action = uses->value(2).toString();
        if (actor.startsWith(QLatin1String("operator:"))) {
            use.actor = uses->value(3).toString();
            use.department = uses->value(4).toString();
        } else if (actor.startsWith(QLatin1String("device:"))) {
            use.actor = QStringLiteral("device");
        } else {
            use.actor = QStringLiteral("admin");
        }
        answer.dataUse.append(use);
    }
    OW_TRY(m_context.audit(QStringLiteral("device:") + device.id, "progress_query", receipt.caseNumber, "ok"));
    return answer;
}

} // namespace ow::hub
