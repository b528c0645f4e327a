#include "server/HubAuditTrail.h"

#include "crypto/AuditExtract.h"
#include "crypto/Digest.h"
#include "server/HubLogging.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QtEndian>

namespace ow::hub {

namespace {

// Names the sealer among the database's advisory locks (HubContext::orderEvents uses 7106001).
constexpr qint64 SealLockKey = 7106013;
constexpr int VerifyBatch = 10000;
const QByteArray Genesis(32, '\0');

void put(QByteArray &out, const QByteArray &part)
{
    char length[4];
    qToBigEndian<quint32>(static_cast<quint32>(part.size()), length);
    out.append(length, 4);
    out.append(part);
}

AuditRecord readRecord(const QSqlQuery &row)
{
    // id, chain_seq, at, actor, action, target, outcome, hash
    AuditRecord record;
    record.id = row.value(0).toLongLong();
    record.seq = row.value(1).isNull() ? 0 : row.value(1).toLongLong();
    record.at = row.value(2).toString();
    record.actor = row.value(3).toString();
    record.action = row.value(4).toString();
    record.hasTarget = !row.value(5).isNull();
    record.target = row.value(5).toString();
    record.outcome = row.value(6).toString();
    record.hash = row.value(7).toString().toLatin1();
    return record;
}

constexpr const char *SelectColumns = "SELECT id, chain_seq, at, actor, action, target, outcome, hash FROM audit_log ";

// "SEQ:HEX" in hub_meta; {0, ""} before the first seal.
struct Head
{
    qint64 seq = 0;
    QByteArray hash; // hex
};

Result<Head> readHead(HubDatabase &db)
{
    auto row = db.exec(QStringLiteral("SELECT value FROM hub_meta WHERE key = 'audit_head'"));
    OW_TRY(row);
    Head head;
    if (row->next()) {
        const QString value = row->value(0).toString();
        head.seq = value.section(QLatin1Char(':'), 0, 0).toLongLong();
        head.hash = value.section(QLatin1Char(':'), 1).toLatin1();
    }
    return head;
}

ServiceError badParameter(const char *name)
{
    return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("%1 invalid").arg(QLatin1String(name)));
}

// A search value: at most 200 characters, no control characters.
bool isSearchText(const QString &value)
{
    return value.size() <= 200 &&
           std::none_of(value.cbegin(), value.cend(), [](QChar c) { return c.unicode() < 0x20 || c == QChar(0x7f); });
}

// yyyy-MM-dd → the day's first instant (`nextDay`: the next day's), or a wire time as it is.
std::optional<QString> boundOf(const QString &value, bool nextDay)
{
    static const QRegularExpression day(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (day.match(value).hasMatch()) {
        const QDate date = QDate::fromString(value, Qt::ISODate);
        if (!date.isValid())
            return std::nullopt;
        return crypto::wireTime(QDateTime(nextDay ? date.addDays(1) : date, QTime(0, 0), Qt::UTC));
    }
    const QDateTime time = QDateTime::fromString(value, Qt::ISODateWithMs);
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return crypto::wireTime(time);
}

} // namespace

QJsonObject AuditRecord::toJson() const
{
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("at"), at},
                    {QStringLiteral("actor"), actor},
                    {QStringLiteral("action"), action},
                    {QStringLiteral("target"), hasTarget ? QJsonValue(target) : QJsonValue()},
                    {QStringLiteral("outcome"), outcome}};
    if (seq > 0) {
        out.insert(QStringLiteral("seq"), seq);
        out.insert(QStringLiteral("hash"), QString::fromLatin1(hash));
    }
    if (!operatorName.isEmpty())
        out.insert(QStringLiteral("operator"), operatorName);
    return out;
}

QJsonObject AuditQuery::toJson() const
{
    QJsonObject out;
    const auto add = [&out](const char *key, const QString &value) {
        if (!value.isEmpty())
            out.insert(QLatin1String(key), value);
    };
    add("case", caseNumber);
    add("actor", actor);
    add("action", action);
    add("from", from);
    add("to", to);
    if (after > 0)
        out.insert(QStringLiteral("after"), after);
    out.insert(QStringLiteral("limit"), limit);
    return out;
}

QJsonObject AuditPage::toJson() const
{
    QJsonArray list;
    for (const AuditRecord &record : entries)
        list.append(record.toJson());
    QJsonObject out{{QStringLiteral("entries"), list}, {QStringLiteral("order"), QStringLiteral("newest_first")}};
    if (next > 0)
        out.insert(QStringLiteral("next"), QString::number(next));
    return out;
}

QJsonObject AuditChainCheck::toJson() const
{
    QJsonObject out{{QStringLiteral("entries"), entries},
                    {QStringLiteral("sealed"), sealed},
                    {QStringLiteral("unsealed"), unsealed},
                    {QStringLiteral("intact"), intact()}};
    if (firstBroken) {
        QJsonObject broken{{QStringLiteral("seq"), firstBroken->seq},
                           {QStringLiteral("problem"), firstBroken->problem}};
        if (firstBroken->id > 0) {
            broken.insert(QStringLiteral("id"), firstBroken->id);
            broken.insert(QStringLiteral("at"), firstBroken->at);
            broken.insert(QStringLiteral("action"), firstBroken->action);
        } else {
            broken.insert(QStringLiteral("id"), QJsonValue());
            broken.insert(QStringLiteral("at"), QJsonValue());
            broken.insert(QStringLiteral("action"), QJsonValue());
        }
        out.insert(QStringLiteral("firstBroken"), broken);
    } else {
        out.insert(QStringLiteral("firstBroken"), QJsonValue());
    }
    return out;
}

QByteArray AuditTrail::entryHash(const QByteArray &prevHash, const AuditRecord &entry)
{
    return crypto::sm3(prevHash + canonical(entry));
}

QByteArray AuditTrail::canonical(const AuditRecord &entry)
{
    QByteArray data;
    data.reserve(160 + entry.actor.size() + entry.target.size());
    put(data, QByteArrayLiteral("ow-hub-audit/1"));
    put(data, QByteArray::number(entry.seq));
    put(data, QByteArray::number(entry.id));
    put(data, entry.at.toUtf8());
    put(data, entry.actor.toUtf8());
    put(data, entry.action.toUtf8());
    // NULL and '' are different targets.
    put(data, entry.hasTarget ? QByteArray(1, '\1') + entry.target.toUtf8() : QByteArray(1, '\0'));
    put(data, entry.outcome.toUtf8());
    return data;
}

Result<qint64> AuditTrail::seal(int batch)
{
    HubDatabase &db = m_context.db();
    {
        // Most runs find nothing to seal: they take no lock.
        auto any = db.execPrepared(QStringLiteral("SELECT 1 FROM audit_log WHERE chain_seq IS NULL LIMIT 1"));
        OW_TRY(any);
        if (!(*any)->next())
            return qint64(0);
    }
    qint64 total = 0;
    for (;;) {
        Transaction tx(db);
        OW_TRY(tx.begin());
        // One sealer at a time: PostgreSQL's advisory lock across hubs; on SQLite the first
        // statement writes, so this connection holds the writer lock before it reads the head.
        OW_TRY(db.lockForTransaction(SealLockKey));
        OW_TRY(db.exec(QStringLiteral(
            "INSERT INTO hub_meta (key, value) VALUES ('audit_head', '0:') ON CONFLICT (key) DO NOTHING")));
        auto head = readHead(db);
        OW_TRY(head);
        QList<AuditRecord> pending;
        {
            auto rows = db.exec(QStringLiteral("SELECT id, chain_seq, at, actor, action, target, outcome, hash "
                                               "FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT ?"),
                                {batch});
            OW_TRY(rows);
            while (rows->next())
                pending.append(readRecord(*rows));
        }
        if (pending.isEmpty())
            return total; // rolled back: nothing written but the head row, which was there
        QByteArray prev = head->seq == 0 ? Genesis : QByteArray::fromHex(head->hash);
        qint64 seq = head->seq;
        for (AuditRecord &record : pending) {
            record.seq = ++seq;
            prev = entryHash(prev, record);
            OW_TRY(db.execPrepared(QStringLiteral("UPDATE audit_log SET chain_seq = ?, hash = ? WHERE id = ?"),
                                   {record.seq, QString::fromLatin1(prev.toHex()), record.id}));
        }
        OW_TRY(db.exec(QStringLiteral("UPDATE hub_meta SET value = ? WHERE key = 'audit_head'"),
                       {QStringLiteral("%1:%2").arg(seq).arg(QString::fromLatin1(prev.toHex()))}));
        OW_TRY(tx.commit());
        total += pending.size();
        if (pending.size() < batch)
            return total;
    }
}

Result<AuditChainCheck> AuditTrail::verify()
{
    HubDatabase &db = m_context.db();
    AuditChainCheck check;
    {
        auto counts = db.exec(QStringLiteral("SELECT COUNT(*), COUNT(chain_seq) FROM audit_log"));
        OW_TRY(counts);
        if (counts->next()) {
            check.entries = counts->value(0).toLongLong();
            check.sealed = counts->value(1).toLongLong();
        }
        check.unsealed = check.entries - check.sealed;
    }
    auto head = readHead(db);
    OW_TRY(head);

    QByteArray prev = Genesis;
    qint64 last = 0;
    const auto broken = [&check](qint64 seq, const AuditRecord *record, const char *problem) {
        AuditChainCheck::Broken found;
        found.seq = seq;
        if (record) {
            found.id = record->id;
            found.at = record->at;
            found.action = record->action;
        }
        found.problem = QLatin1String(problem);
        check.firstBroken = found;
        qCWarning(lcHubDb, "audit chain broken at seq %lld: %s", static_cast<long long>(seq), problem);
    };
    for (;;) {
        QList<AuditRecord> rows;
        {
            auto page = db.execPrepared(QLatin1String(SelectColumns) +
                                            QStringLiteral("WHERE chain_seq > ? ORDER BY chain_seq LIMIT ?"),
                                        {last, VerifyBatch});
            OW_TRY(page);
            while ((*page)->next())
                rows.append(readRecord(**page));
        }
        for (const AuditRecord &record : rows) {
            if (record.seq != last + 1) {
                broken(last + 1, nullptr, "missing");
                return check;
            }
            if (entryHash(prev, record).toHex() != record.hash) {
                broken(record.seq, &record, "hash_mismatch");
                return check;
            }
            prev = QByteArray::fromHex(record.hash);
            last = record.seq;
        }
        if (rows.size() < VerifyBatch)
            break;
    }
    // The head names the last entry sealed: entries cut off the end are missing.
    if (head->seq > last)
        broken(last + 1, nullptr, "missing");
    else if (head->seq < last)
        broken(head->seq + 1, nullptr, "head_mismatch");
    else if (last > 0 && head->hash != prev.toHex())
        broken(last, nullptr, "head_mismatch");
    return check;
}

ServiceStatus AuditTrail::requireAuditor(const OperatorIdentity &op, const char *action)
{
    if (op.role == Role::Auditor)
        return {};
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), action, QString(), "refused"));
    return ServiceError(Refusal::Forbidden, "forbidden_role", QStringLiteral("only auditors read the audit trail"));
}

ServiceResult<AuditQuery> AuditTrail::parseQuery(const QString &caseNumber, const QString &actor, const QString &action,
                                                 const QString &from, const QString &to, const QString &after,
                                                 const QString &limit, int maxLimit)
{
    AuditQuery query;
    if (!isSearchText(caseNumber))
        return badParameter("case");
    if (!isSearchText(actor))
        return badParameter("actor");
    if (!isSearchText(action))
        return badParameter("action");
    query.caseNumber = caseNumber;
    query.actor = actor;
    query.action = action;
    if (!from.isEmpty()) {
        const auto bound = boundOf(from, false);
        if (!bound)
            return badParameter("from");
        query.from = *bound;
    }
    if (!to.isEmpty()) {
        const auto bound = boundOf(to, true);
        if (!bound)
            return badParameter("to");
        query.to = *bound;
    }
    bool ok = true;
    query.after = after.isEmpty() ? 0 : after.toLongLong(&ok);
    if (!ok || query.after < 0)
        return badParameter("after");
    query.limit = limit.isEmpty() ? std::min(100, maxLimit) : limit.toInt(&ok);
    if (!ok || query.limit < 1 || query.limit > maxLimit)
        return badParameter("limit");
    return query;
}

Result<QList<AuditRecord>> AuditTrail::find(const AuditQuery &query)
{
    HubDatabase &db = m_context.db();
    QString sql = QLatin1String(SelectColumns) + QStringLiteral("WHERE 1 = 1");
    QVariantList values;
    if (!query.caseNumber.isEmpty()) {
        sql += QStringLiteral(" AND target = ?");
        values.append(query.caseNumber);
    }
    if (!query.actor.isEmpty()) {
        // An operator's user name finds the entries of its account ("operator:ID") too.
        auto account = db.exec(QStringLiteral("SELECT id FROM operators WHERE username = ?"), {query.actor});
        OW_TRY(account);
        if (account->next()) {
            sql += QStringLiteral(" AND (actor = ? OR actor = ?)");
            values.append(query.actor);
            values.append(QStringLiteral("operator:%1").arg(account->value(0).toLongLong()));
        } else {
            sql += QStringLiteral(" AND actor = ?");
            values.append(query.actor);
        }
    }
    if (!query.action.isEmpty()) {
        sql += QStringLiteral(" AND action = ?");
        values.append(query.action);
    }
    if (!query.from.isEmpty()) {
        sql += QStringLiteral(" AND at >= ?");
        values.append(query.from);
    }
    if (!query.to.isEmpty()) {
        sql += QStringLiteral(" AND at < ?");
        values.append(query.to);
    }
    if (query.after > 0) {
        sql += QStringLiteral(" AND id < ?");
        values.append(query.after);
    }
    sql += QStringLiteral(" ORDER BY id DESC LIMIT ?");
    values.append(query.limit);

    QList<AuditRecord> out;
    {
        auto rows = db.execPrepared(sql, values);
        OW_TRY(rows);
        while ((*rows)->next())
            out.append(readRecord(**rows));
    }
    // The accounts' user names, for people to read ("operator:7" says little).
    QHash<QString, QString> names;
    for (const AuditRecord &record : out)
        if (record.actor.startsWith(QLatin1String("operator:")))
            names.insert(record.actor, QString());
    if (!names.isEmpty()) {
        auto accounts = db.exec(QStringLiteral("SELECT id, username FROM operators"));
        OW_TRY(accounts);
        while (accounts->next()) {
            const QString actor = QStringLiteral("operator:%1").arg(accounts->value(0).toLongLong());
            if (names.contains(actor))
                names.insert(actor, accounts->value(1).toString());
        }
        for (AuditRecord &record : out)
            record.operatorName = names.value(record.actor);
    }
    return out;
}

ServiceResult<AuditPage> AuditTrail::search(const OperatorIdentity &op, const AuditQuery &query)
{
    OW_TRY(requireAuditor(op, "audit_search"));
    OW_TRY(seal());
    AuditQuery oneMore = query;
    oneMore.limit = query.limit + 1;
    auto found = find(oneMore);
    OW_TRY(found);
    AuditPage page;
    page.entries = std::move(*found);
    if (page.entries.size() > query.limit) {
        page.entries.resize(query.limit);
        page.next = page.entries.last().id;
    }
    // Nothing is shown unless the read is on record.
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "audit_search", query.caseNumber, "ok"));
    return page;
}

ServiceResult<AuditChainCheck> AuditTrail::verifyFor(const OperatorIdentity &op)
{
    OW_TRY(requireAuditor(op, "audit_verify"));
    OW_TRY(seal());
    auto check = verify();
    OW_TRY(check);
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "audit_verify", QString(),
                           check->intact() ? "intact" : "broken"));
    return std::move(*check);
}

ServiceResult<QByteArray> AuditTrail::extract(const OperatorIdentity &op, const AuditQuery &query)
{
    OW_TRY(requireAuditor(op, "audit_extract"));
    OW_TRY(seal());
    auto found = find(query);
    OW_TRY(found);
    auto head = readHead(m_context.db());
    OW_TRY(head);
    QJsonArray entries;
    for (const AuditRecord &record : *found)
        entries.append(record.toJson());
    const QJsonObject content{
        {QStringLiteral("issuer"), QStringLiteral("hub")},
        {QStringLiteral("hubId"), m_context.keys().hubId()},
        {QStringLiteral("madeAt"), m_context.now()},
        {QStringLiteral("madeBy"), QStringLiteral("operator:%1").arg(op.id)},
        {QStringLiteral("query"), query.toJson()},
        {QStringLiteral("entries"), entries},
        {QStringLiteral("chainHead"),
         QJsonObject{{QStringLiteral("seq"), head->seq}, {QStringLiteral("hash"), QString::fromLatin1(head->hash)}}}};
    auto document =
        crypto::signAuditExtract(crypto::DefaultSuite, m_context.keys().signingKey(crypto::DefaultSuite), content);
    if (!document)
        return ServiceError(Refusal::Internal, "internal", document.error().logDetail);
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(op.id), "audit_extract", query.caseNumber, "ok"));
    return std::move(*document);
}

} // namespace ow::hub
