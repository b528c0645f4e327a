#include "store/AuditLog.h"

#include "common/Logging.h"
#include "crypto/Digest.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QtEndian>

namespace ow {

namespace {

const QByteArray kGenesis(32, '\0');
constexpr const char *kHeadKey = "audit_head";

void put(QByteArray &out, const QByteArray &part)
{
    char len[4];
    qToBigEndian<quint32>(static_cast<quint32>(part.size()), len);
    out.append(len, 4);
    out.append(part);
}

QString isoMs(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

AuditEntry readEntry(const Statement &st)
{
    AuditEntry e;
    e.seq = st.int64(0);
    e.at = QDateTime::fromString(st.text(1), Qt::ISODateWithMs);
    e.actor = st.text(2);
    e.role = st.text(3);
    e.action = st.text(4);
    e.caseNumber = st.text(5);
    const QString fields = st.text(6);
    e.fields = fields.isEmpty() ? QStringList() : fields.split(QLatin1Char(','));
    e.outcome = st.text(7);
    e.reason = st.text(8);
    e.prevHash = st.blob(9);
    e.hash = st.blob(10);
    return e;
}

constexpr const char *kSelect = "SELECT seq, at, actor, role, action, case_no, fields, outcome, reason, prev_hash, "
                                "hash FROM audit_log ";

} // namespace

AuditLog::AuditLog(Database &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{}

QByteArray AuditLog::computeHash(const AuditEntry &e)
{
    QByteArray data;
    data.reserve(256);
    put(data, e.prevHash);
    put(data, QByteArray::number(e.seq));
    put(data, isoMs(e.at).toUtf8());
    put(data, e.actor.toUtf8());
    put(data, e.role.toUtf8());
    put(data, e.action.toUtf8());
    put(data, e.caseNumber.toUtf8());
    put(data, e.fields.join(QLatin1Char(',')).toUtf8());
    put(data, e.outcome.toUtf8());
    put(data, e.reason.toUtf8());
    return crypto::sm3(data);
}

Result<qint64> AuditLog::append(const Actor &actor, const QString &action, const QString &caseNumber,
                                const QStringList &fields, const QString &outcome, const QString &reason)
{
    AuditEntry e;
    e.at = m_clock.now();
    e.actor = actor.id;
    e.role = actor.role;
    e.action = action;
    e.caseNumber = caseNumber;
    e.fields = fields;
    e.outcome = outcome;
    e.reason = reason;

    Statement last(m_db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.next()) {
        e.seq = last.int64(0) + 1;
        e.prevHash = last.blob(1);
    } else {
        OW_TRY(last.status());
        e.seq = 1;
        e.prevHash = kGenesis;
    }
    e.hash = computeHash(e);

    Statement ins(m_db, "INSERT INTO audit_log (seq, at, actor, role, action, case_no, fields, outcome, reason, "
                        "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, e.seq)
        .bind(2, isoMs(e.at))
        .bind(3, e.actor)
        .bind(4, e.role)
        .bind(5, e.action)
        .bind(6, e.caseNumber)
        .bind(7, e.fields.join(QLatin1Char(',')))
        .bind(8, e.outcome)
        .bind(9, e.reason)
        .bind(10, e.prevHash)
        .bind(11, e.hash);
    OW_TRY(ins.run());

    QByteArray head = QByteArray::number(e.seq) + ':' + e.hash.toHex();
    Statement setHead(m_db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)");
    setHead.bind(1, QString::fromLatin1(kHeadKey)).bind(2, head);
    OW_TRY(setHead.run());
    return e.seq;
}

Result<AuditVerification> AuditLog::verify()
{
    AuditVerification v;
    Statement st(m_db, (QByteArray(kSelect) + "ORDER BY seq").constData());
    QByteArray prev = kGenesis;
    qint64 expectedSeq = 1;
    while (st.next()) {
        const AuditEntry e = readEntry(st);
        ++v.entries;
        QString problem;
        if (e.seq != expectedSeq)
            problem = QStringLiteral("entry %1 missing (found %2)").arg(expectedSeq).arg(e.seq);
        else if (e.prevHash != prev)
            problem = QStringLiteral("entry %1 does not link to entry %2").arg(e.seq).arg(e.seq - 1);
        else if (!crypto::equalConstantTime(computeHash(e), e.hash))
            problem = QStringLiteral("entry %1 content does not match its hash").arg(e.seq);
        if (!problem.isEmpty()) {
            v.firstBroken = e.seq != expectedSeq ? expectedSeq : e.seq;
            v.problem = problem;
            qCWarning(lcAudit) << "audit chain broken:" << problem;
            return v;
        }
        prev = e.hash;
        ++expectedSeq;
    }
    OW_TRY(st.status());

    Statement head(m_db, "SELECT value FROM settings WHERE key = ?");
    head.bind(1, QString::fromLatin1(kHeadKey));
    const QByteArray expectedHead =
        v.entries == 0 ? QByteArray() : QByteArray::number(expectedSeq - 1) + ':' + prev.toHex();
    const QByteArray storedHead = head.next() ? head.blob(0) : QByteArray();
    OW_TRY(head.status());
    if (storedHead != expectedHead) {
        v.firstBroken = expectedSeq;
        v.problem = QStringLiteral("chain ends at entry %1 but the recorded head is %2")
                        .arg(expectedSeq - 1)
                        .arg(QString::fromLatin1(storedHead.left(storedHead.indexOf(':'))));
        qCWarning(lcAudit) << "audit chain broken:" << v.problem;
    }
    return v;
}

Result<QList<AuditEntry>> AuditLog::dataUseForCase(const QString &caseNumber)
{
    QList<AuditEntry> out;
    Statement st(m_db, (QByteArray(kSelect) + "WHERE case_no = ? ORDER BY seq").constData());
    st.bind(1, caseNumber);
    while (st.next())
        out.append(readEntry(st));
    OW_TRY(st.status());
    return out;
}

Result<QList<AuditEntry>> AuditLog::entries(qint64 fromSeq, int limit)
{
    QList<AuditEntry> out;
    Statement st(m_db, (QByteArray(kSelect) + "WHERE seq >= ? ORDER BY seq LIMIT ?").constData());
    st.bind(1, fromSeq).bind(2, limit);
    while (st.next())
        out.append(readEntry(st));
    OW_TRY(st.status());
    return out;
}

} // namespace ow
