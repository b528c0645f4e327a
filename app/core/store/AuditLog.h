#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "domain/Case.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace ow {

class Database;

// One audit record: who did what to which case's data, when, with what outcome and why.
struct AuditEntry
{
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    QString role;
    QString action;     // e.g. "case.create", "case.read", "case.transition", "store.rekey"
    QString caseNumber; // empty for actions not tied to a case
    QStringList fields; // names of the fields read or changed, never their values
    QString outcome;    // "ok", "denied", "failed"
    QString reason;     // purpose or reason given by the operator
    QByteArray prevHash;
    QByteArray hash;
};

struct AuditVerification
{
    qint64 entries = 0;
    qint64 firstBroken = 0; // 0 when the chain is intact
    QString problem;        // log-level description of the first break
    bool intact() const { return firstBroken == 0; }
};

// The hash-chained, append-only audit log inside the encrypted store. Each entry's hash is
// SM3(prev hash || canonical encoding of the entry); the head (last seq and hash) is kept in
// settings so that cutting entries off the end is detected as well.
class AuditLog
{
public:
    AuditLog(Database &db, const Clock &clock);

    // Appends within the caller's transaction when one is open.
    Result<qint64> append(const Actor &actor, const QString &action, const QString &caseNumber,
                          const QStringList &fields, const QString &outcome, const QString &reason);
    Result<AuditVerification> verify();
    // "Who read or changed this case's data, when, and why" — for the citizen's view.
    Result<QList<AuditEntry>> dataUseForCase(const QString &caseNumber);
    Result<QList<AuditEntry>> entries(qint64 fromSeq, int limit);

    static QByteArray computeHash(const AuditEntry &entry);

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace ow
