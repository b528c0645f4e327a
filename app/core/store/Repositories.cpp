#include "store/Repositories.h"

#include "common/Logging.h"
#include "crypto/Digest.h"
#include "domain/CaseNumber.h"
#include "domain/IdNumber.h"

#include "common/Tr.h"

#include <QCoreApplication>

namespace ow {

namespace {

QString isoMs(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

constexpr const char *kCaseColumns = "SELECT id, number, item_code, item_version, state, sync_state, applicant_masked, "
                                     "applicant_hash, form_json, device_id, created_at, updated_at, purged FROM cases ";

Case readCase(const Statement &st)
{
    Case c;
    c.id = st.int64(0);
    c.number = st.text(1);
    c.itemCode = st.text(2);
    c.itemVersion = static_cast<int>(st.int64(3));
    c.state = caseState::fromKey(st.text(4)).value_or(CaseState::Draft);
    c.syncState = syncStateFromKey(st.text(5));
    c.applicantMasked = st.text(6);
    c.applicantHash = st.blob(7);
    c.formJson = st.blob(8);
    c.deviceId = st.text(9);
    c.createdAt = QDateTime::fromString(st.text(10), Qt::ISODateWithMs);
    c.updatedAt = QDateTime::fromString(st.text(11), Qt::ISODateWithMs);
    c.purged = st.int64(12) != 0;
    return c;
}

// Columns: id, packet_id, kind, payload, attempts, next_attempt_at, state, upload_offset, last_error.
OutboxItem readOutboxItem(const Statement &st)
{
    OutboxItem i;
    i.id = st.int64(0);
    i.packetId = st.text(1);
    i.kind = st.text(2);
    i.payload = st.blob(3);
    i.attempts = static_cast<int>(st.int64(4));
    i.nextAttemptAt = QDateTime::fromString(st.text(5), Qt::ISODateWithMs);
    // An unknown state is never sent again.
    i.state = outboxState::fromKey(st.text(6)).value_or(OutboxState::Rejected);
    i.uploadOffset = st.int64(7);
    i.lastError = st.text(8);
    return i;
}

Error caseNotFound(const QString &number)
{
    return makeError(ErrorCode::NotFound, StoreText::tr("No case with this number is stored on this device."),
                     QStringLiteral("case %1 not found").arg(number));
}

} // namespace

Result<std::optional<QByteArray>> SettingsRepository::value(const QString &key)
{
    Statement st(m_db, "SELECT value FROM settings WHERE key = ?");
    st.bind(1, key);
    if (st.next())
        return std::optional<QByteArray>(st.blob(0));
    OW_TRY(st.status());
    return std::optional<QByteArray>();
}

Status SettingsRepository::setValue(const QString &key, const QByteArray &value)
{
    Statement st(m_db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
    st.bind(1, key).bind(2, value);
    return st.run();
}

CaseRepository::CaseRepository(Database &db, AuditLog &audit, const Clock &clock, QString deviceId,
                               const SecretBytes &indexKey)
    : m_db(db)
    , m_audit(audit)
    , m_clock(clock)
    , m_deviceId(std::move(deviceId))
    , m_indexKey(indexKey)
{}

QByteArray CaseRepository::applicantHash(const QString &idNumber) const
{
    return crypto::hmacSm3(m_indexKey, idNumber::normalized(idNumber).toUtf8());
}

Result<qint64> CaseRepository::nextSequence()
{
    Statement read(m_db, "SELECT value FROM sequences WHERE name = 'case'");
    qint64 next = 1;
    if (read.next())
        next = read.int64(0) + 1;
    OW_TRY(read.status());
    Statement write(m_db, "INSERT OR REPLACE INTO sequences (name, value) VALUES ('case', ?)");
    write.bind(1, next);
    OW_TRY(write.run());
    return next;
}

Status CaseRepository::addEvent(qint64 caseId, const Actor &actor, const QString &action, const QString &from,
                                const QString &to, const QString &note)
{
    Statement st(m_db, "INSERT INTO case_events (case_id, at, actor, role, action, from_state, to_state, note) "
                       "VALUES (?,?,?,?,?,?,?,?)");
    st.bind(1, caseId).bind(2, isoMs(m_clock.now())).bind(3, actor.id).bind(4, actor.role).bind(5, action);
    from.isEmpty() ? st.bindNull(6) : st.bind(6, from);
    to.isEmpty() ? st.bindNull(7) : st.bind(7, to);
    st.bind(8, note);
    return st.run();
}

Result<Case> CaseRepository::create(const NewCase &data, const Actor &actor)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    auto seq = nextSequence();
    if (!seq.ok())
        return seq.error();
    const QDateTime now = m_clock.now();
    Case c;
    c.number = caseNumber::format(m_deviceId, now.toLocalTime().date(), *seq);
    c.itemCode = data.itemCode;
    c.itemVersion = data.itemVersion;
    c.state = CaseState::Draft;
    c.formJson = data.formJson;
    c.deviceId = m_deviceId;
    c.createdAt = now;
    c.updatedAt = now;
    if (!data.applicantIdNumber.isEmpty()) {
        const QString normal = idNumber::normalized(data.applicantIdNumber);
        c.applicantHash = applicantHash(normal);
        c.applicantMasked = idNumber::masked(normal);
    }
    Statement ins(m_db, "INSERT INTO cases (number, item_code, item_version, state, applicant_hash, applicant_masked, "
                        "form_json, device_id, created_at, updated_at, created_day, sync_state) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, c.number).bind(2, c.itemCode).bind(3, c.itemVersion).bind(4, caseState::key(c.state));
    c.applicantHash.isEmpty() ? ins.bindNull(5) : ins.bind(5, c.applicantHash);
    ins.bind(6, c.applicantMasked)
        .bind(7, c.formJson)
        .bind(8, c.deviceId)
        .bind(9, isoMs(now))
        .bind(10, isoMs(now))
        .bind(11, now.toLocalTime().date().toString(Qt::ISODate))
        .bind(12, syncStateKey(c.syncState));
    OW_TRY(ins.run());
    c.id = m_db.lastInsertId();
    OW_TRY(addEvent(c.id, actor, QStringLiteral("created"), {}, caseState::key(c.state), {}));
    OW_TRY(m_audit.append(actor, QStringLiteral("case.create"), c.number, {QStringLiteral("form")},
                          QStringLiteral("ok"), {}));
    OW_TRY(tx.commit());
    return c;
}

Result<std::optional<Case>> CaseRepository::findByNumber(const QString &number)
{
    Statement st(m_db, (QByteArray(kCaseColumns) + "WHERE number = ?").constData());
    st.bind(1, number);
    if (st.next())
        return std::optional<Case>(readCase(st));
    OW_TRY(st.status());
    return std::optional<Case>();
}

Result<Case> CaseRepository::transition(const QString &number, CaseState to, const Actor &actor, const QString &note)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    auto found = findByNumber(number);
    if (!found.ok())
        return found.error();
    if (!found->has_value())
        return caseNotFound(number);
    Case c = **found;
    const Status allowed = caseState::checkTransition(c.state, to);
    if (!allowed.ok()) {
        qCInfo(lcDomain) << "rejected transition for" << number << ":" << allowed.error().logDetail;
        return allowed.error();
    }
    const QString from = caseState::key(c.state);
    c.state = to;
    c.updatedAt = m_clock.now();
    Statement up(m_db, "UPDATE cases SET state = ?, updated_at = ? WHERE id = ?");
    up.bind(1, caseState::key(to)).bind(2, isoMs(c.updatedAt)).bind(3, c.id);
    OW_TRY(up.run());
    OW_TRY(addEvent(c.id, actor, QStringLiteral("transition"), from, caseState::key(to), note));
    OW_TRY(m_audit.append(actor, QStringLiteral("case.transition"), number, {QStringLiteral("state")},
                          QStringLiteral("ok"), note));
    OW_TRY(tx.commit());
    return c;
}

Result<Case> CaseRepository::updateForm(const QString &number, const QByteArray &formJson,
                                        const QStringList &changedFields, const Actor &actor)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    auto found = findByNumber(number);
    if (!found.ok())
        return found.error();
    if (!found->has_value())
        return caseNotFound(number);
    Case c = **found;
    if (c.state != CaseState::Draft && c.state != CaseState::CorrectionRequested) {
        return makeError(ErrorCode::IllegalTransition,
                         StoreText::tr("This case can no longer be edited: it is “%1”.").arg(caseState::label(c.state)),
                         QStringLiteral("form update refused for %1 in state %2").arg(number, caseState::key(c.state)));
    }
    c.formJson = formJson;
    c.updatedAt = m_clock.now();
    Statement up(m_db, "UPDATE cases SET form_json = ?, updated_at = ? WHERE id = ?");
    up.bind(1, formJson).bind(2, isoMs(c.updatedAt)).bind(3, c.id);
    OW_TRY(up.run());
    OW_TRY(addEvent(c.id, actor, QStringLiteral("formUpdated"), {}, {}, changedFields.join(QLatin1Char(','))));
    OW_TRY(m_audit.append(actor, QStringLiteral("case.update"), number, changedFields, QStringLiteral("ok"), {}));
    OW_TRY(tx.commit());
    return c;
}

Result<Case> CaseRepository::read(const QString &number, const Actor &actor, const QString &purpose)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    auto found = findByNumber(number);
    if (!found.ok())
        return found.error();
    if (!found->has_value())
        return caseNotFound(number);
    OW_TRY(m_audit.append(actor, QStringLiteral("case.read"), number, {QStringLiteral("form")}, QStringLiteral("ok"),
                          purpose));
    OW_TRY(tx.commit());
    return **found;
}

Status CaseRepository::setSyncState(const QString &number, SyncState state, const Actor &actor)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement up(m_db, "UPDATE cases SET sync_state = ?, updated_at = ? WHERE number = ?");
    up.bind(1, syncStateKey(state)).bind(2, isoMs(m_clock.now())).bind(3, number);
    OW_TRY(up.run());
    if (m_db.changes() == 0)
        return caseNotFound(number);
    OW_TRY(m_audit.append(actor, QStringLiteral("case.sync"), number, {}, QStringLiteral("ok"), syncStateKey(state)));
    return tx.commit();
}

Status CaseRepository::acknowledgeWithReceipts(const QList<Receipted> &packets, const Actor &actor)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    for (const Receipted &p : packets) {
        if (!p.caseNumber.isEmpty()) {
            const Status acked = acknowledgeInTransaction(p.caseNumber, actor);
            if (!acked.ok() && acked.error().code != ErrorCode::NotFound)
                return acked;
        }
        Statement sent(m_db, "UPDATE outbox SET state = ?, receipt = ?, last_error = NULL WHERE id = ?");
        sent.bind(1, outboxState::key(OutboxState::Sent)).bind(2, p.receipt).bind(3, p.outboxId);
        OW_TRY(sent.run());
    }
    return tx.commit();
}

Status CaseRepository::markAcknowledged(const QString &number, const Actor &actor)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    OW_TRY(acknowledgeInTransaction(number, actor));
    return tx.commit();
}

Status CaseRepository::acknowledgeInTransaction(const QString &number, const Actor &actor)
{
    Statement find(m_db, "SELECT id, sync_state FROM cases WHERE number = ?");
    find.bind(1, number);
    if (!find.next()) {
        OW_TRY(find.status());
        return caseNotFound(number);
    }
    const qint64 id = find.int64(0);
    if (find.text(1) == syncStateKey(SyncState::Acknowledged))
        return {};
    Statement up(m_db, "UPDATE cases SET sync_state = ?, updated_at = ? WHERE id = ?");
    up.bind(1, syncStateKey(SyncState::Acknowledged)).bind(2, isoMs(m_clock.now())).bind(3, id);
    OW_TRY(up.run());
    OW_TRY(addEvent(id, actor, QStringLiteral("acknowledged"), {}, {}, {}));
    auto appended = m_audit.append(actor, QStringLiteral("case.sync"), number, {}, QStringLiteral("ok"),
                                   syncStateKey(SyncState::Acknowledged));
    if (!appended.ok())
        return appended.error();
    return {};
}

Result<int> CaseRepository::purgeAcknowledged(const QDateTime &acknowledgedBefore, const Actor &actor, bool onlyEnded)
{
    QByteArray sql = "SELECT c.id, c.number FROM cases c WHERE c.sync_state = 'acknowledged' AND c.purged = 0 "
                     "AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id "
                     "AND e.action = 'acknowledged' AND e.at < ?1)";
    if (onlyEnded) {
        // Ended, and the step into the state it ended in is older than the cutoff too.
        QStringList ended;
        for (CaseState state : caseState::all()) {
            if (caseState::isTerminal(state))
                ended << QLatin1Char('\'') + caseState::key(state) + QLatin1Char('\'');
        }
        sql += " AND c.state IN (" + ended.join(QLatin1Char(',')).toLatin1() +
               ") AND EXISTS (SELECT 1 FROM case_events t WHERE t.case_id = c.id AND t.to_state = c.state "
               "AND t.at < ?1)";
    }
    sql += " ORDER BY c.id";
    Statement due(m_db, sql.constData());
    due.bind(1, isoMs(acknowledgedBefore));
    QList<QPair<qint64, QString>> cases;
    while (due.next())
        cases.append({due.int64(0), due.text(1)});
    OW_TRY(due.status());
    return purgePersonalData(cases, actor, QStringLiteral("retention"));
}

Result<int> CaseRepository::purgeDraftsCreatedBefore(const QDateTime &createdBefore, const Actor &actor,
                                                     const QString &reason)
{
    Statement due(m_db, "SELECT id, number FROM cases WHERE state = ? AND purged = 0 AND created_at < ? ORDER BY id");
    due.bind(1, caseState::key(CaseState::Draft)).bind(2, isoMs(createdBefore));
    QList<QPair<qint64, QString>> cases;
    while (due.next())
        cases.append({due.int64(0), due.text(1)});
    OW_TRY(due.status());
    return purgePersonalData(cases, actor, reason);
}

Result<int> CaseRepository::purgeDraft(const QString &number, const Actor &actor, const QString &reason)
{
    Statement due(m_db, "SELECT id, number FROM cases WHERE state = ? AND purged = 0 AND number = ?");
    due.bind(1, caseState::key(CaseState::Draft)).bind(2, number);
    QList<QPair<qint64, QString>> cases;
    while (due.next())
        cases.append({due.int64(0), due.text(1)});
    OW_TRY(due.status());
    return purgePersonalData(cases, actor, reason);
}

Result<int> CaseRepository::purgePersonalData(const QList<QPair<qint64, QString>> &cases, const Actor &actor,
                                              const QString &reason)
{
    int purged = 0;
    for (const auto &[id, number] : cases) {
        Transaction tx(m_db);
        OW_TRY(tx.begun());
        Statement c(m_db, "UPDATE cases SET form_json = X'', applicant_hash = NULL, applicant_masked = NULL, "
                          "purged = 1, updated_at = ? WHERE id = ? AND purged = 0");
        c.bind(1, isoMs(m_clock.now())).bind(2, id);
        OW_TRY(c.run());
        Statement a(m_db, "UPDATE attachments SET data = NULL WHERE case_id = ?");
        a.bind(1, id);
        OW_TRY(a.run());
        Statement o(m_db, "UPDATE outbox SET payload = X'' WHERE case_id = ? AND state = ?");
        o.bind(1, id).bind(2, outboxState::key(OutboxState::Sent));
        OW_TRY(o.run());
        // A draft's copy for the service window that has not left yet never will: it goes too.
        Statement d(m_db, "UPDATE outbox SET payload = X'', state = ? WHERE case_id = ? AND kind = 'draft' AND "
                          "state = ?");
        d.bind(1, outboxState::key(OutboxState::Rejected)).bind(2, id).bind(3, outboxState::key(OutboxState::Pending));
        OW_TRY(d.run());
        OW_TRY(addEvent(id, actor, QStringLiteral("purged"), {}, {}, {}));
        OW_TRY(m_audit.append(actor, QStringLiteral("case.purge"), number,
                              {QStringLiteral("form"), QStringLiteral("applicant"), QStringLiteral("attachments")},
                              QStringLiteral("ok"), reason));
        OW_TRY(tx.commit());
        ++purged;
    }
    return purged;
}

Result<QList<Case>> CaseRepository::query(const char *where, const std::function<void(Statement &)> &bind, int limit)
{
    Statement st(m_db, (QByteArray(kCaseColumns) + where + " LIMIT ?").constData());
    bind(st);
    QList<Case> out;
    while (st.next())
        out.append(readCase(st));
    OW_TRY(st.status());
    Q_UNUSED(limit);
    return out;
}

Result<QList<Case>> CaseRepository::byState(CaseState state, int limit)
{
    return query(
        "WHERE state = ? ORDER BY id", [&](Statement &st) { st.bind(1, caseState::key(state)).bind(2, limit); }, limit);
}

Result<QList<Case>> CaseRepository::byItem(const QString &itemCode, int limit)
{
    return query(
        "WHERE item_code = ? ORDER BY id", [&](Statement &st) { st.bind(1, itemCode).bind(2, limit); }, limit);
}

Result<QList<Case>> CaseRepository::byApplicant(const QString &idNumber, int limit)
{
    const QByteArray hash = applicantHash(idNumber);
    return query(
        "WHERE applicant_hash = ? ORDER BY id", [&](Statement &st) { st.bind(1, hash).bind(2, limit); }, limit);
}

Result<QList<Case>> CaseRepository::byCreatedDay(const QDate &from, const QDate &to, int limit)
{
    return query(
        "WHERE created_day BETWEEN ? AND ? ORDER BY created_day, id",
        [&](Statement &st) { st.bind(1, from.toString(Qt::ISODate)).bind(2, to.toString(Qt::ISODate)).bind(3, limit); },
        limit);
}

Result<QList<CaseEvent>> CaseRepository::events(const QString &number)
{
    Statement st(m_db, "SELECT e.id, e.case_id, e.at, e.actor, e.role, e.action, e.from_state, e.to_state, e.note "
                       "FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = ? ORDER BY e.id");
    st.bind(1, number);
    QList<CaseEvent> out;
    while (st.next()) {
        CaseEvent e;
        e.id = st.int64(0);
        e.caseId = st.int64(1);
        e.at = QDateTime::fromString(st.text(2), Qt::ISODateWithMs);
        e.actor = st.text(3);
        e.role = st.text(4);
        e.action = st.text(5);
        e.fromState = st.text(6);
        e.toState = st.text(7);
        e.note = st.text(8);
        out.append(e);
    }
    OW_TRY(st.status());
    return out;
}

Result<qint64> CaseRepository::count()
{
    auto v = m_db.scalar("SELECT count(*) FROM cases");
    if (!v.ok())
        return v.error();
    return v->toLongLong();
}

Result<Attachment> AttachmentRepository::add(const QString &caseNumber, const QString &material, const QString &mime,
                                             const QByteArray &data, const Actor &actor)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement find(m_db, "SELECT id FROM cases WHERE number = ?");
    find.bind(1, caseNumber);
    if (!find.next()) {
        OW_TRY(find.status());
        return caseNotFound(caseNumber);
    }
    Attachment a;
    a.caseId = find.int64(0);
    a.material = material;
    a.mime = mime;
    a.size = data.size();
    a.digest = crypto::sm3(data);
    a.createdAt = m_clock.now();
    Statement ins(m_db, "INSERT INTO attachments (case_id, material, mime, size, digest, data, created_at) "
                        "VALUES (?,?,?,?,?,?,?)");
    ins.bind(1, a.caseId)
        .bind(2, material)
        .bind(3, mime)
        .bind(4, a.size)
        .bind(5, a.digest)
        .bind(6, data)
        .bind(7, isoMs(a.createdAt));
    OW_TRY(ins.run());
    a.id = m_db.lastInsertId();
    OW_TRY(m_audit.append(actor, QStringLiteral("attachment.add"), caseNumber, {material}, QStringLiteral("ok"), {}));
    OW_TRY(tx.commit());
    return a;
}

Result<QList<Attachment>> AttachmentRepository::forCase(const QString &caseNumber)
{
    Statement st(m_db, "SELECT a.id, a.case_id, a.material, a.mime, a.size, a.digest, a.created_at FROM attachments a "
                       "JOIN cases c ON c.id = a.case_id WHERE c.number = ? ORDER BY a.id");
    st.bind(1, caseNumber);
    QList<Attachment> out;
    while (st.next()) {
        Attachment a;
        a.id = st.int64(0);
        a.caseId = st.int64(1);
        a.material = st.text(2);
        a.mime = st.text(3);
        a.size = st.int64(4);
        a.digest = st.blob(5);
        a.createdAt = QDateTime::fromString(st.text(6), Qt::ISODateWithMs);
        out.append(a);
    }
    OW_TRY(st.status());
    return out;
}

Result<QByteArray> AttachmentRepository::content(qint64 attachmentId, const Actor &actor, const QString &purpose)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement st(m_db, "SELECT a.data, a.digest, a.material, c.number FROM attachments a JOIN cases c "
                       "ON c.id = a.case_id WHERE a.id = ?");
    st.bind(1, attachmentId);
    if (!st.next()) {
        OW_TRY(st.status());
        return makeError(ErrorCode::NotFound, StoreText::tr("This attachment is not stored on this device."),
                         QStringLiteral("attachment %1 not found").arg(attachmentId));
    }
    const QByteArray data = st.blob(0);
    if (!crypto::equalConstantTime(crypto::sm3(data), st.blob(1))) {
        return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged."),
                         QStringLiteral("attachment %1 digest mismatch").arg(attachmentId));
    }
    OW_TRY(m_audit.append(actor, QStringLiteral("attachment.read"), st.text(3), {st.text(2)}, QStringLiteral("ok"),
                          purpose));
    OW_TRY(tx.commit());
    return data;
}

Result<qint64> OutboxRepository::enqueue(qint64 caseId, const QString &packetId, const QString &kind,
                                         const QByteArray &payload)
{
    Statement st(m_db, "INSERT INTO outbox (case_id, packet_id, kind, payload, created_at, next_attempt_at) "
                       "VALUES (?,?,?,?,?,?)");
    const QString now = isoMs(m_clock.now());
    caseId > 0 ? st.bind(1, caseId) : st.bindNull(1);
    st.bind(2, packetId).bind(3, kind).bind(4, payload).bind(5, now).bind(6, now);
    OW_TRY(st.run());
    return m_db.lastInsertId();
}

Result<QList<OutboxItem>> OutboxRepository::due(int limit)
{
    Statement st(m_db, "SELECT id, packet_id, kind, payload, attempts, next_attempt_at, state, upload_offset, "
                       "last_error FROM outbox WHERE state = ? AND next_attempt_at <= ? "
                       "ORDER BY next_attempt_at, id LIMIT ?");
    st.bind(1, outboxState::key(OutboxState::Pending)).bind(2, isoMs(m_clock.now())).bind(3, limit);
    QList<OutboxItem> out;
    while (st.next())
        out.append(readOutboxItem(st));
    OW_TRY(st.status());
    return out;
}

Status OutboxRepository::recordFailure(qint64 id, const QDateTime &nextAttempt, const QString &error)
{
    Statement st(m_db, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?");
    st.bind(1, isoMs(nextAttempt)).bind(2, error).bind(3, id);
    return st.run();
}

Status OutboxRepository::recordOffset(qint64 id, qint64 offset)
{
    Statement st(m_db, "UPDATE outbox SET upload_offset = ? WHERE id = ? AND upload_offset <= ?");
    st.bind(1, offset).bind(2, id).bind(3, offset);
    return st.run();
}

Status OutboxRepository::markSent(qint64 id, const QByteArray &receipt)
{
    Statement st(m_db, "UPDATE outbox SET state = ?, receipt = ?, last_error = NULL WHERE id = ?");
    st.bind(1, outboxState::key(OutboxState::Sent)).bind(2, receipt).bind(3, id);
    return st.run();
}

Status OutboxRepository::markRejected(qint64 id, const QString &error)
{
    Statement st(m_db, "UPDATE outbox SET state = ?, last_error = ? WHERE id = ?");
    st.bind(1, outboxState::key(OutboxState::Rejected)).bind(2, error).bind(3, id);
    return st.run();
}

Result<bool> OutboxRepository::hasPacketForCase(qint64 caseId)
{
    Statement st(m_db, "SELECT 1 FROM outbox WHERE case_id = ? AND kind = 'packet' LIMIT 1");
    st.bind(1, caseId);
    const bool found = st.next();
    OW_TRY(st.status());
    return found;
}

Result<bool> OutboxRepository::hasPendingParts(const QString &packetId)
{
    // Parts are named "<packetId>/<name>"; '0' is the character after '/', so this is a range
    // scan on the unique index. The unary + keeps SQLite from choosing the state index instead,
    // which would read every pending row of the outbox for each packet sent.
    Statement st(m_db, "SELECT 1 FROM outbox WHERE packet_id > ? AND packet_id < ? AND +state = ? LIMIT 1");
    st.bind(1, packetId + QLatin1Char('/'))
        .bind(2, packetId + QLatin1Char('0'))
        .bind(3, outboxState::key(OutboxState::Pending));
    const bool found = st.next();
    OW_TRY(st.status());
    return found;
}

Result<QList<OutboxItem>> OutboxRepository::inState(OutboxState state, int limit)
{
    Statement st(m_db, "SELECT id, packet_id, kind, payload, attempts, next_attempt_at, state, upload_offset, "
                       "last_error FROM outbox WHERE state = ? ORDER BY id LIMIT ?");
    st.bind(1, outboxState::key(state)).bind(2, limit);
    QList<OutboxItem> out;
    while (st.next())
        out.append(readOutboxItem(st));
    OW_TRY(st.status());
    return out;
}

Result<qint64> OutboxRepository::pendingCount()
{
    Statement st(m_db, "SELECT count(*) FROM outbox WHERE state = ?");
    st.bind(1, outboxState::key(OutboxState::Pending));
    const qint64 count = st.next() ? st.int64(0) : 0;
    OW_TRY(st.status());
    return count;
}

QString outboxState::key(OutboxState state)
{
    switch (state) {
    case OutboxState::Pending:
        return QStringLiteral("pending");
    case OutboxState::Sent:
        return QStringLiteral("sent");
    case OutboxState::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

std::optional<OutboxState> outboxState::fromKey(const QString &key)
{
    for (OutboxState state : {OutboxState::Pending, OutboxState::Sent, OutboxState::Rejected}) {
        if (outboxState::key(state) == key)
            return state;
    }
    return std::nullopt;
}

} // namespace ow
