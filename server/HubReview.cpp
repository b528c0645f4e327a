#include "server/HubReview.h"

#include "crypto/Packet.h"
#include "domain/CaseState.h"
#include "domain/SpecialProcedure.h"
#include "protocol/JsonFields.h"
#include "server/HubCatalog.h"
#include "server/HubLogging.h"
#include "server/HubStats.h"

#include <QRegularExpression>

namespace ow::hub {

namespace {

// Unknown, or of a department the operator does not work for: one answer for both.
ServiceError caseNotFound()
{
    return ServiceError(Refusal::NotFound, "not_found", QStringLiteral("no such case"));
}

// A case not waiting for a decision: approved, denied, or sent back for correction.
ServiceError alreadyDecided()
{
    return ServiceError(Refusal::Conflict, "already_decided", QStringLiteral("case is not waiting for a decision"));
}

// 1.12: approve, deny, correction and a second special procedure wait until the one running ends.
ServiceError inSpecialProcedure()
{
    return ServiceError(Refusal::Conflict, "in_special_procedure",
                        QStringLiteral("case is in a special procedure: end it first"));
}

// 1.14: the last decision on a case (its state, on which packet) and whether `op` took it; none
// when the case has no decision yet. Who else took it is not said.
Result<std::optional<protocol::ErrorBody::Decided>> lastDecision(HubDatabase &db, const QString &caseId,
                                                                 const OperatorIdentity &op)
{
    auto event = db.exec(QStringLiteral("SELECT state, packet_id FROM events WHERE case_id = ? AND type = ? "
                                        "ORDER BY cursor DESC LIMIT 1"),
                         {caseId, protocol::eventType::key(protocol::EventType::Decision)});
    OW_TRY(event);
    if (!event->next())
        return std::optional<protocol::ErrorBody::Decided>();
    protocol::ErrorBody::Decided decided;
    const auto state = protocol::stateFromWire(event->value(0).toString());
    decided.packetId = event->value(1).toString();
    event->finish();
    if (!state)
        return std::optional<protocol::ErrorBody::Decided>();
    decided.state = *state;
    auto audited = db.exec(QStringLiteral("SELECT actor FROM audit_log WHERE target = ? AND action = 'decision' "
                                          "ORDER BY id DESC LIMIT 1"),
                           {caseId});
    OW_TRY(audited);
    decided.yours = audited->next() && audited->value(0).toString() == QStringLiteral("operator:%1").arg(op.id);
    audited->finish();
    return std::optional<protocol::ErrorBody::Decided>(decided);
}

// 1.12: only a suspended case has a special procedure to end.
ServiceError notSuspended()
{
    return ServiceError(Refusal::Conflict, "not_suspended", QStringLiteral("case is not in a special procedure"));
}

QString stateKey(CaseState state)
{
    return protocol::stateToWire(state);
}

// A queue page's token (1.14): where the page ended, (due_date, case_id), in base64url. Clients
// pass it back as it is; nothing but the hub reads it. A 1.13 token held (received_at, case_id):
// its first part is a time, not a date, and it is refused (400 `stale_token`).
QString pageToken(const QString &dueDate, const QString &caseId)
{
    return QString::fromLatin1((dueDate + QLatin1Char('\n') + caseId)
                                   .toUtf8()
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

enum class TokenKind { Bad, Old, Current };

TokenKind readPageToken(const QString &token, std::pair<QString, QString> &from)
{
    if (token.size() > protocol::MaxQueueTokenLength)
        return TokenKind::Bad;
    const auto decoded = QByteArray::fromBase64Encoding(token.toLatin1(), QByteArray::Base64UrlEncoding |
                                                                              QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return TokenKind::Bad;
    const QString text = QString::fromUtf8(*decoded);
    const qsizetype split = text.indexOf(QLatin1Char('\n'));
    if (split <= 0 || split == text.size() - 1)
        return TokenKind::Bad;
    const QString key = text.left(split);
    const QString caseId = text.mid(split + 1);
    if (caseId.contains(QLatin1Char('\n')))
        return TokenKind::Bad;
    static const QRegularExpression date(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (date.match(key).hasMatch() && QDate::fromString(key, Qt::ISODate).isValid()) {
        from = {key, caseId};
        return TokenKind::Current;
    }
    return protocol::parseUtcTime(key).isValid() ? TokenKind::Old : TokenKind::Bad;
}

} // namespace

namespace dueDates {

Result<QList<QPair<QString, QString>>> pausesOf(HubDatabase &db, const QString &caseId, const QString &deviceId)
{
    QList<QPair<QString, QString>> pauses;
    auto procedures = db.exec(QStringLiteral("SELECT started_at, ended_at FROM special_procedures "
                                             "WHERE case_id = ? AND ended_at IS NOT NULL ORDER BY id"),
                              {caseId});
    OW_TRY(procedures);
    while (procedures->next())
        pauses.append({procedures->value(0).toString(), procedures->value(1).toString()});
    procedures->finish();
    // By the case's device first, as the progress query reads them: the index on (device_id,
    // cursor) serves it; events have no index by case.
    auto events = db.exec(QStringLiteral("SELECT type, state, at FROM events WHERE device_id = ? AND case_id = ? AND "
                                         "(type = ? OR (type = ? AND state = ?)) ORDER BY cursor"),
                          {deviceId, caseId, protocol::eventType::key(protocol::EventType::Received),
                           protocol::eventType::key(protocol::EventType::Decision),
                           protocol::stateToWire(CaseState::CorrectionRequested)});
    OW_TRY(events);
    QString asked;
    const QString received = protocol::eventType::key(protocol::EventType::Received);
    while (events->next()) {
        if (events->value(0).toString() != received)
            asked = events->value(2).toString();
        else if (!asked.isEmpty())
            pauses.append({std::exchange(asked, QString()), events->value(2).toString()});
    }
    events->finish();
    std::sort(pauses.begin(), pauses.end());
    return pauses;
}

Status store(HubDatabase &db, const HubCatalog *catalog, const QString &caseId)
{
    if (!catalog)
        return {};
    auto row = db.exec(QStringLiteral("SELECT item_id, received_at, device_id FROM cases WHERE case_id = ?"), {caseId});
    OW_TRY(row);
    if (!row->next())
        return {};
    const QString itemId = row->value(0).toString();
    const QString receivedAt = row->value(1).toString();
    const QString deviceId = row->value(2).toString();
    row->finish();
    auto pauses = pausesOf(db, caseId, deviceId);
    OW_TRY(pauses);
    auto updated = db.exec(QStringLiteral("UPDATE cases SET due_date = ? WHERE case_id = ?"),
                           {catalog->dueDate(itemId, receivedAt, *pauses), caseId});
    OW_TRY(updated);
    return {};
}

Status backfill(HubDatabase &db, const HubCatalog &catalog)
{
    auto missing = db.exec(QStringLiteral("SELECT case_id FROM cases WHERE due_date = ''"));
    OW_TRY(missing);
    QStringList cases;
    while (missing->next())
        cases.append(missing->value(0).toString());
    missing->finish();
    if (cases.isEmpty())
        return {};
    Transaction tx(db);
    OW_TRY(tx.begin());
    for (const QString &caseId : std::as_const(cases))
        OW_TRY(store(db, &catalog, caseId));
    OW_TRY(tx.commit());
    qCInfo(lcHubDb, "due dates worked out for %lld case(s) received before schema 10",
           static_cast<long long>(cases.size()));
    return {};
}

} // namespace dueDates

ServiceResult<protocol::QueueAnswer> ReviewService::queue(const OperatorIdentity &op, const QString &department,
                                                          const QString &state, const QString &limit,
                                                          const QString &after)
{
    // The auditor reads the audit trail, never a case's personal data (1.17).
    if (op.role == Role::Auditor) {
        OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "queue_read", QString(), "refused"));
        return ServiceError(Refusal::Forbidden, "forbidden_role", QStringLiteral("auditors read no queue"));
    }
    const QString wanted = department.isEmpty() ? op.department : department;
    if (op.role != Role::HallSupervisor && wanted != op.department)
        return ServiceError(Refusal::Forbidden, "forbidden_department",
                            QStringLiteral("not this operator's department"));
    bool okLimit = true;
    const int count = limit.isEmpty() ? 100 : limit.toInt(&okLimit);
    if (!okLimit || count < 1 || count > 500)
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("limit invalid"));
    const std::optional<CaseState> wantedState =
        state.isEmpty() ? std::optional<CaseState>(CaseState::Received) : protocol::stateFromWire(state);
    if (!wantedState)
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("state unknown"));
    std::pair<QString, QString> from;
    if (!after.isEmpty()) {
        switch (readPageToken(after, from)) {
        case TokenKind::Bad:
            return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("after invalid"));
        case TokenKind::Old:
            return ServiceError(Refusal::BadRequest, "stale_token",
                                QStringLiteral("after is a 1.13 token (by time of receipt): begin again without it"));
        case TokenKind::Current:
            break;
        }
    }
    // One row more than asked says whether another page follows. The index on (department,
    // state, due_date, case_id) serves both the order and where the page starts.
    auto rows =
        !after.isEmpty()
            ? m_context.db().exec(
                  QStringLiteral("SELECT case_id, packet_id, item_id, department, state, received_at, "
                                 "device_id, due_date FROM cases WHERE department = ? AND state = ? AND "
                                 "due_date >= ? AND (due_date > ? OR case_id > ?) "
                                 "ORDER BY due_date, case_id LIMIT ?"),
                  {wanted, stateKey(*wantedState), from.first, from.first, from.second, count + 1})
            : m_context.db().exec(QStringLiteral("SELECT case_id, packet_id, item_id, department, state, received_at, "
                                                 "device_id, due_date FROM cases WHERE department = ? AND state = ? "
                                                 "ORDER BY due_date, case_id LIMIT ?"),
                                  {wanted, stateKey(*wantedState), count + 1});
    OW_TRY(rows);
    protocol::QueueAnswer answer;
    bool more = false;
    QString lastDue;
    QStringList dueDates;
    while (rows->next()) {
        if (answer.cases.size() == count) {
            more = true;
            break;
        }
        answer.cases.append(protocol::QueueEntry{rows->value(0).toString(),
                                                 rows->value(1).toString(),
                                                 rows->value(2).toString(),
                                                 rows->value(3).toString(),
                                                 *wantedState,
                                                 rows->value(5).toString(),
                                                 rows->value(6).toString(),
                                                 {},
                                                 {}});
        lastDue = rows->value(7).toString();
        dueDates.append(lastDue);
    }
    rows->finish();
    if (more)
        answer.next = pageToken(lastDue, answer.cases.constLast().caseId);
    auto total = m_context.db().exec(QStringLiteral("SELECT COUNT(*) FROM cases WHERE department = ? AND state = ?"),
                                     {wanted, stateKey(*wantedState)});
    OW_TRY(total);
    answer.total = total->next() ? total->value(0).toLongLong() : 0;
    total->finish();
    OW_TRY(attachSpecialProcedures(wanted, *wantedState, answer));
    OW_TRY(attachCorrectionPauses(answer, dueDates));
    return answer;
}

Status ReviewService::attachSpecialProcedures(const QString &department, CaseState state, protocol::QueueAnswer &answer)
{
    // 1.12: the special procedure a suspended case is in, and the ended ones whose working days
    // its clocks do not count. Special procedures are few: read from their side, by department.
    if (answer.cases.isEmpty())
        return {};
    auto rows = m_context.db().exec(
        QStringLiteral("SELECT sp.case_id, sp.kind, sp.reason, sp.expected_end, sp.started_at, sp.ended_at "
                       "FROM special_procedures sp JOIN cases c ON c.case_id = sp.case_id "
                       "WHERE sp.department = ? AND c.state = ? ORDER BY sp.id"),
        {department, stateKey(state)});
    OW_TRY(rows);
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < answer.cases.size(); ++i)
        index.insert(answer.cases.at(i).caseId, i);
    while (rows->next()) {
        const auto found = index.constFind(rows->value(0).toString());
        if (found == index.constEnd())
            continue;
        protocol::QueueEntry &entry = answer.cases[*found];
        if (rows->value(5).isNull() || rows->value(5).toString().isEmpty()) {
            entry.procedure = protocol::QueueEntry::Procedure{rows->value(1).toString(), rows->value(2).toString(),
                                                              rows->value(3).toString(), rows->value(4).toString()};
        } else {
            entry.pauses.append({rows->value(4).toString(), rows->value(5).toString()});
        }
    }
    return {};
}

Status ReviewService::attachCorrectionPauses(protocol::QueueAnswer &answer, const QStringList &dueDates)
{
    // 1.14: a correction's working days (补正, from the request to the corrected packet) do not
    // count either, so its pause goes with the special procedures' ones. Only a case whose stored
    // due date differs from its date without corrections had one: those few are read one by one.
    if (!m_catalog)
        return {};
    for (qsizetype i = 0; i < answer.cases.size() && i < dueDates.size(); ++i) {
        protocol::QueueEntry &entry = answer.cases[i];
        if (m_catalog->dueDate(entry.itemId, entry.receivedAt, entry.pauses) == dueDates.at(i))
            continue;
        auto pauses = dueDates::pausesOf(m_context.db(), entry.caseId, entry.deviceId);
        OW_TRY(pauses);
        entry.pauses = *pauses;
    }
    return {};
}

ServiceResult<protocol::CaseDetail> ReviewService::caseDetail(const OperatorIdentity &op, const QString &caseId)
{
    // The auditor reads the audit trail, never a case's personal data (1.17): answered as absent.
    if (op.role == Role::Auditor) {
        OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "case_open", caseId, "refused"));
        return caseNotFound();
    }
    auto row = m_context.db().exec(
        QStringLiteral("SELECT c.packet_id, c.item_id, c.department, c.state, c.received_at, p.envelope "
                       "FROM cases c JOIN packets p ON p.packet_id = c.packet_id WHERE c.case_id = ?"),
        {caseId});
    OW_TRY(row);
    // A case the operator may not see is answered as absent, so case numbers cannot be probed.
    if (!row->next() || (op.role != Role::HallSupervisor && row->value(2).toString() != op.department))
        return caseNotFound();
    const QString department = row->value(2).toString();
    const auto state = protocol::stateFromWire(row->value(3).toString());
    if (!state)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored case has an unknown state"));
    auto parsed = crypto::PacketOpener::parse(row->value(5).toByteArray());
    if (!parsed)
        return ServiceError(Refusal::Internal, "internal", parsed.error().logDetail);
    auto opened = crypto::PacketOpener::open(*parsed, m_context.keys().encryptionKey(parsed->suite));
    if (!opened)
        return ServiceError(Refusal::Internal, "internal", opened.error().logDetail);
    QList<protocol::AttachmentInfo> attachments;
    for (const crypto::ManifestPart &part : parsed->manifest.parts)
        if (part.external)
            attachments.append(protocol::AttachmentInfo{part.name, part.size});
    // No personal data leaves the hub without its audit entry.
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "case_open", caseId, "ok"));
    qCInfo(lcHub, "operator %lld opened a case of department %s", op.id, qPrintable(department));
    return protocol::CaseDetail{caseId, row->value(0).toString(), row->value(1).toString(), department,
                                *state, row->value(4).toString(), opened->payload,          attachments};
}

ServiceResult<protocol::DecisionAnswer> ReviewService::decide(const OperatorIdentity &op, const QString &caseId,
                                                              const QByteArray &body)
{
    // Reads the 1.0 spelling "correction_requested" too; stores and answers the domain key.
    auto request = service::readRequest<protocol::DecisionRequest>(body, QStringLiteral("decision request"));
    if (!request)
        return request.error();
    const CaseState decided = request->decision;
    const QString decision = stateKey(decided);
    const QString opinion = request->opinion;
    const QString decidedOn = request->packetId;
    if (op.role != Role::DepartmentReviewer)
        return ServiceError(Refusal::Forbidden, "forbidden_role", QStringLiteral("only reviewers decide"));
    // 1.12: a special procedure's expected end lies after today (China time) and within the horizon.
    if (decided == CaseState::Suspended) {
        const QDate today = m_context.clock().now().toUTC().addSecs(8 * 3600).date();
        auto end = specialProcedure::checkExpectedEnd(request->expectedEnd, today);
        if (!end)
            return ServiceError(Refusal::BadRequest, "bad_expected_end", end.error().logDetail);
    }
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto row = db.exec(QStringLiteral("SELECT packet_id, device_id, department, state FROM cases WHERE case_id = ?"),
                       {caseId});
    OW_TRY(row);
    if (!row->next())
        return caseNotFound();
    const QString packetId = row->value(0).toString();
    const QString deviceId = row->value(1).toString();
    const QString department = row->value(2).toString();
    const auto state = protocol::stateFromWire(row->value(3).toString());
    row->finish();
    if (department != op.department)
        return caseNotFound();
    // The reviewer read another packet than the one the case is on now (a correction came in).
    if (decidedOn != packetId)
        return ServiceError(Refusal::Conflict, "stale",
                            QStringLiteral("decision names another packet than the case's current one"));
    // Each decision from the one state it leaves: on the hub a case in review is `received`; a
    // special procedure takes it to `suspended` and its end brings it back (the event names the
    // domain's `underReview`, which devices reach on their own path).
    const CaseState from = decided == CaseState::UnderReview ? CaseState::Suspended : CaseState::Received;
    const CaseState to = decided == CaseState::UnderReview ? CaseState::Received : decided;
    if (state != from) {
        ServiceError refused = decided == CaseState::UnderReview ? notSuspended()
                               : state == CaseState::Suspended   ? inSpecialProcedure()
                                                                 : alreadyDecided();
        // 1.14: the decision the case holds, and whether it is the asker's own (one whose answer
        // was lost on the way), so a desk sending it again can tell.
        auto last = lastDecision(db, caseId, op);
        if (!last)
            return last.error();
        refused.decided = *last;
        return refused;
    }
    // The check above is only the common answer. Several hubs may share the database: the update
    // changes only a case still in that state on that packet, and whoever changes no row lost the race.
    const QString at = m_context.now();
    auto updated = db.exec(QStringLiteral("UPDATE cases SET state = ?, updated_at = ? "
                                          "WHERE case_id = ? AND packet_id = ? AND state = ?"),
                           {stateKey(to), at, caseId, packetId, stateKey(from)});
    OW_TRY(updated);
    if (updated->numRowsAffected() != 1) {
        ServiceError refused = decided == CaseState::UnderReview ? notSuspended() : alreadyDecided();
        auto last = lastDecision(db, caseId, op);
        if (!last)
            return last.error();
        refused.decided = *last;
        return refused;
    }
    OW_TRY(m_context.orderEvents());
    auto event = db.exec(QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, opinion, "
                                        "department, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING cursor"),
                         {deviceId, caseId, packetId, protocol::eventType::key(protocol::EventType::Decision), decision,
                          opinion.isEmpty() ? QVariant() : QVariant(opinion), department, at});
    OW_TRY(event);
    const qint64 cursor = event->next() ? event->value(0).toLongLong() : 0;
    event->finish();
    if (decided == CaseState::Suspended) {
        auto started = db.exec(
            QStringLiteral(
                "INSERT INTO special_procedures (case_id, packet_id, department, kind, reason, expected_end, "
                "started_at, started_by, start_cursor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {caseId, packetId, department, request->procedureKind, opinion, request->expectedEnd, at, op.id, cursor});
        OW_TRY(started);
    } else if (decided == CaseState::UnderReview) {
        auto ended = db.exec(QStringLiteral("UPDATE special_procedures SET ended_at = ?, ended_by = ?, outcome = ?, "
                                            "end_cursor = ? WHERE case_id = ? AND ended_at IS NULL"),
                             {at, op.id, opinion, cursor, caseId});
        OW_TRY(ended);
        // The clocks run again: the case's place in the queue moves by the procedure's days.
        OW_TRY(dueDates::store(db, m_catalog, caseId));
    }
    // 1.16: a concluded case keeps when, its working days and whether in time, for the figures.
    if (to == CaseState::Approved || to == CaseState::Denied)
        OW_TRY(concluded::store(db, m_catalog, caseId, at));
    OW_TRY(
        m_context.audit(QStringLiteral("operator:%1").arg(op.id), "decision", caseId, decision.toLatin1().constData()));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "operator %lld decided a case: %s", op.id, qPrintable(decision));
    return protocol::DecisionAnswer{caseId, decided, QString::number(cursor)};
}

ServiceResult<protocol::IssueAnswer> ReviewService::issue(const DeviceIdentity &device, const QString &caseId,
                                                          const QByteArray &body)
{
    auto request = service::readRequest<protocol::IssueRequest>(body, QStringLiteral("issue request"));
    if (!request)
        return request.error();
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto row = db.exec(QStringLiteral("SELECT packet_id, device_id, department, state FROM cases WHERE case_id = ?"),
                       {caseId});
    OW_TRY(row);
    // Another device's case is answered as absent, so case numbers cannot be probed.
    if (!row->next() || row->value(1).toString() != device.id)
        return caseNotFound();
    const QString packetId = row->value(0).toString();
    const QString department = row->value(2).toString();
    const auto state = protocol::stateFromWire(row->value(3).toString());
    row->finish();
    if (request->packetId != packetId)
        return ServiceError(Refusal::Conflict, "stale",
                            QStringLiteral("issue names another packet than the case's current one"));
    const QString actor = QStringLiteral("device:") + device.id;
    if (state == CaseState::Issued) {
        auto done = db.exec(QStringLiteral("SELECT cursor FROM events WHERE case_id = ? AND type = ? "
                                           "ORDER BY cursor DESC LIMIT 1"),
                            {caseId, protocol::eventType::key(protocol::EventType::Issued)});
        OW_TRY(done);
        const qint64 cursor = done->next() ? done->value(0).toLongLong() : 0;
        done->finish();
        OW_TRY(tx.commit());
        return protocol::IssueAnswer{caseId, CaseState::Issued, QString::number(cursor)};
    }
    if (state != CaseState::Approved && state != CaseState::Denied)
        return ServiceError(Refusal::Conflict, "not_decided", QStringLiteral("case is not decided yet"));
    const QString at = m_context.now();
    auto updated = db.exec(QStringLiteral("UPDATE cases SET state = ?, updated_at = ? "
                                          "WHERE case_id = ? AND packet_id = ? AND state = ?"),
                           {stateKey(CaseState::Issued), at, caseId, packetId, stateKey(*state)});
    OW_TRY(updated);
    if (updated->numRowsAffected() != 1)
        return ServiceError(Refusal::Conflict, "not_decided", QStringLiteral("case changed meanwhile"));
    OW_TRY(m_context.orderEvents());
    auto event = db.exec(QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, opinion, "
                                        "department, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING cursor"),
                         {device.id, caseId, packetId, protocol::eventType::key(protocol::EventType::Issued),
                          stateKey(CaseState::Issued), QVariant(), department, at});
    OW_TRY(event);
    const qint64 cursor = event->next() ? event->value(0).toLongLong() : 0;
    event->finish();
    OW_TRY(m_context.audit(actor, "issue", caseId, protocol::issueMethod::key(request->method).toLatin1().constData()));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "device %s issued a case (%s)", qPrintable(device.id),
           qPrintable(protocol::issueMethod::key(request->method)));
    return protocol::IssueAnswer{caseId, CaseState::Issued, QString::number(cursor)};
}

} // namespace ow::hub
