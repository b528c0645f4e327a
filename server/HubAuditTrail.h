#pragma once

#include "server/HubContext.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ow::hub {

// One entry of the hub's audit_log as the auditor sees it (PROTOCOL.md §12).
struct AuditRecord
{
    qint64 id = 0;
    qint64 seq = 0; // chain_seq; 0 while not yet sealed
    QString at;
    QString actor;
    QString operatorName; // the account's user name when the actor is "operator:ID"
    QString action;
    QString target;
    bool hasTarget = false;
    QString outcome;
    QByteArray hash; // hex; empty while not yet sealed

    QJsonObject toJson() const;
};

// What the auditor searches for. Empty strings match everything; `after` pages on (entries with a
// smaller id), newest first.
struct AuditQuery
{
    QString caseNumber; // the entry's target
    QString actor;      // exact actor ("operator:7", "device:D", "admin"), or an operator's user name
    QString action;
    QString from; // yyyy-MM-dd (UTC day, inclusive) or a wire time
    QString to;   // yyyy-MM-dd (UTC day, inclusive) or a wire time (exclusive)
    qint64 after = 0;
    int limit = 100;

    QJsonObject toJson() const;
};

struct AuditPage
{
    QList<AuditRecord> entries;
    qint64 next = 0; // the `after` of the next page; 0 when this was the last

    QJsonObject toJson() const;
};

// The verifier's finding: how many entries, how many sealed, and the first one that breaks the
// chain (its hash does not match its content and the entry before it, or its seq is missing).
struct AuditChainCheck
{
    struct Broken
    {
        qint64 seq = 0;
        qint64 id = 0; // 0 when the entry is missing
        QString at;
        QString action;
        QString problem; // "hash_mismatch", "missing", "head_mismatch"
    };
    qint64 entries = 0;
    qint64 sealed = 0;
    qint64 unsealed = 0;
    std::optional<Broken> firstBroken;

    bool intact() const { return !firstBroken.has_value(); }
    QJsonObject toJson() const;
};

// The hub's audit trail as a hash chain (PROTOCOL.md §12). Every transaction writes audit_log
// rows as before, without waiting for anything; the sealer later gives the committed rows that
// have none a chain_seq and hash = SM3(previous hash || canonical entry), in id order, one
// sealer at a time across every hub on the database (a PostgreSQL advisory lock, SQLite's
// writer lock). The chain's head (seq and hash) is kept in hub_meta, so entries cut off the end
// are found too. No state of its own: several hubs may share one database.
class AuditTrail
{
public:
    explicit AuditTrail(HubContext &context)
        : m_context(context)
    {}

    // Seals every entry committed so far; the number sealed. The hub runs it every second and
    // before every audit read.
    Result<qint64> seal(int batch = 5000);
    // Walks the chain in seq order (nothing is sealed first); no audit entry. For the command
    // line and benchmarks; operators use verifyFor().
    Result<AuditChainCheck> verify();
    // SM3(prev || canonical(entry)), 32 bytes.
    static QByteArray entryHash(const QByteArray &prevHash, const AuditRecord &entry);
    // The entry's canonical bytes (PROTOCOL.md §12).
    static QByteArray canonical(const AuditRecord &entry);

    // The same checks and reads for an operator: auditors only (others 403 forbidden_role, the
    // refusal audited); every read is itself audited.
    ServiceResult<AuditPage> search(const OperatorIdentity &op, const AuditQuery &query);
    ServiceResult<AuditChainCheck> verifyFor(const OperatorIdentity &op);
    // The matching entries (up to query.limit, at most MaxExtract) and the chain's head, signed
    // with the hub's signing key: a document crypto::verifyAuditExtract checks offline.
    ServiceResult<QByteArray> extract(const OperatorIdentity &op, const AuditQuery &query);

    // The query from request parameters: bad_request naming the parameter when one is out of range.
    static ServiceResult<AuditQuery> parseQuery(const QString &caseNumber, const QString &actor, const QString &action,
                                                const QString &from, const QString &to, const QString &after,
                                                const QString &limit, int maxLimit);

    static constexpr int MaxPage = 500;
    static constexpr int MaxExtract = 10000;

private:
    ServiceStatus requireAuditor(const OperatorIdentity &op, const char *action);
    Result<QList<AuditRecord>> find(const AuditQuery &query);

    HubContext &m_context;
};

} // namespace ow::hub
