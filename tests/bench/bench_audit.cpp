// The audit verifier over a million entries of this device's chain (AuditLog in a real SQLCipher
// store): entries/s of AuditLog::verify(), against a baseline in the same run — SM3 alone over
// the same canonical bytes, read from memory — and the ratio. The chain is computed here and
// inserted in one transaction (AuditLog has no bulk path); verify() is the real code. The hub's
// chain is bench_audit_hub (QtSql's SQLite must not meet SQLCipher in one process). Figures are
// printed, never checked.
#include "crypto/Digest.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QtEndian>

#include <cstdio>

using namespace ow;

namespace {

void put(QByteArray &out, const QByteArray &part)
{
    char length[4];
    qToBigEndian<quint32>(static_cast<quint32>(part.size()), length);
    out.append(length, 4);
    out.append(part);
}

// The bytes AuditLog::computeHash hashes (store/AuditLog.cpp), for the baseline.
QByteArray canonical(const AuditEntry &e)
{
    QByteArray data;
    put(data, e.prevHash);
    put(data, QByteArray::number(e.seq));
    put(data, e.at.toUTC().toString(Qt::ISODateWithMs).toUtf8());
    put(data, e.actor.toUtf8());
    put(data, e.role.toUtf8());
    put(data, e.action.toUtf8());
    put(data, e.caseNumber.toUtf8());
    put(data, e.fields.join(QLatin1Char(',')).toUtf8());
    put(data, e.outcome.toUtf8());
    put(data, e.reason.toUtf8());
    return data;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=false"));
    qint64 count = 1000000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--entries"))
            count = args[i + 1].toLongLong();
    }
    QTemporaryDir dir;
    KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
    Store::Options o;
    o.path = dir.filePath(QStringLiteral("bench.db"));
    o.keys = &keys;
    o.mode = Store::OpenMode::CreateIfMissing;
    o.deviceId = QStringLiteral("BENCH");
    auto store = Store::open(o);
    if (!store.ok()) {
        std::fprintf(stderr, "open failed: %s\n", qPrintable(store.error().logDetail));
        return 1;
    }
    Database &db = (*store)->db();
    QElapsedTimer fill;
    fill.start();
    QByteArray prev(32, '\0');
    qint64 seq = 0;
    {
        Statement last(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        if (last.next()) {
            seq = last.int64(0);
            prev = last.blob(1);
        }
    }
    const qint64 first = seq + 1;
    const QDateTime start = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
    {
        Transaction tx(db);
        Statement ins(db, "INSERT INTO audit_log (seq, at, actor, role, action, case_no, fields, outcome, reason, "
                          "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        for (qint64 i = 0; i < count; ++i) {
            AuditEntry e;
            e.seq = ++seq;
            e.at = start.addMSecs(i * 250);
            e.actor = QStringLiteral("clerk%1").arg(i % 40);
            e.role = QStringLiteral("windowClerk");
            e.action = i % 3 ? QStringLiteral("case.read") : QStringLiteral("case.transition");
            e.caseNumber = QStringLiteral("BENCH-%1").arg(i / 3, 7, 10, QLatin1Char('0'));
            e.fields = {QStringLiteral("applicantName"), QStringLiteral("applicantIdNumber")};
            e.outcome = QStringLiteral("ok");
            e.prevHash = prev;
            e.hash = AuditLog::computeHash(e);
            ins.reset();
            ins.bind(1, e.seq)
                .bind(2, e.at.toUTC().toString(Qt::ISODateWithMs))
                .bind(3, e.actor)
                .bind(4, e.role)
                .bind(5, e.action)
                .bind(6, e.caseNumber)
                .bind(7, e.fields.join(QLatin1Char(',')))
                .bind(8, e.outcome)
                .bind(9, e.reason)
                .bind(10, e.prevHash)
                .bind(11, e.hash);
            if (!ins.run().ok()) {
                std::fprintf(stderr, "insert failed at %lld: %s\n", static_cast<long long>(i),
                             qPrintable(ins.status().error().logDetail));
                return 1;
            }
            prev = e.hash;
        }
        Statement head(db, "INSERT OR REPLACE INTO settings (key, value) VALUES ('audit_head', ?)");
        head.bind(1, QByteArray::number(seq) + ':' + prev.toHex());
        if (!head.run().ok() || !tx.commit().ok()) {
            std::fprintf(stderr, "commit failed\n");
            return 1;
        }
    }
    const double fillSeconds = double(fill.nsecsElapsed()) / 1e9;

    QElapsedTimer timer;
    timer.start();
    auto verified = (*store)->audit().verify();
    const double verifySeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!verified.ok() || !verified->intact()) {
        std::fprintf(stderr, "verify failed: %s\n",
                     verified.ok() ? qPrintable(verified->problem) : qPrintable(verified.error().logDetail));
        return 1;
    }

    // Baseline: SM3 alone over the same bytes, already in memory.
    QList<AuditEntry> sample;
    {
        auto all = (*store)->audit().entries(first, int(std::min<qint64>(count, 200000)));
        if (!all.ok())
            return 1;
        sample = std::move(*all);
    }
    QList<QByteArray> bytes;
    bytes.reserve(sample.size());
    for (const AuditEntry &e : sample)
        bytes.append(canonical(e));
    timer.restart();
    QByteArray sink;
    for (const QByteArray &b : bytes)
        sink = crypto::sm3(b);
    const double baselineSeconds = double(timer.nsecsElapsed()) / 1e9;
    const double verifyRate = double(verified->entries) / verifySeconds;
    const double baselineRate = double(bytes.size()) / baselineSeconds;
    std::printf("chain=device store=sqlcipher entries=%lld fill_seconds=%.2f verify_seconds=%.2f "
                "verify_entries_per_second=%.0f sm3_only_entries_per_second=%.0f ratio_verify/sm3=%.2f\n",
                static_cast<long long>(verified->entries), fillSeconds, verifySeconds, verifyRate, baselineRate,
                verifyRate / baselineRate);
    return sink.size() == 32 ? 0 : 1;
}
