// The hub's audit chain over a million entries (server/HubAuditTrail.h) on SQLite and, with
// --backend postgres or both, on a throwaway PostgreSQL cluster: the entries inserted in one
// transaction as transactions write them, sealed by the real sealer, then verified by the real
// verifier; entries/s of both against a baseline in the same run — SM3 alone over the same
// canonical bytes from memory — and the ratio. Figures are printed, never checked.
#include "HubFixture.h"

#include "crypto/Digest.h"
#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdio>

using namespace ow;
using namespace ow::hub;

namespace {

int run(const QString &backend, const QString &url, const QString &folder, qint64 count)
{
    HubDatabase db;
    if (!db.open(url, folder + QStringLiteral("/hub.sqlite")).ok() || !db.migrate().ok()) {
        std::fprintf(stderr, "%s: database not opened\n", qPrintable(backend));
        return 1;
    }
    auto keys = HubKeys::loadOrCreate(folder + QStringLiteral("/keys"));
    if (!keys.ok())
        return 1;
    HubService hub(db, *keys, nullptr, HubLimits{});
    QElapsedTimer timer;
    timer.start();
    {
        Transaction tx(db);
        if (!tx.begin().ok())
            return 1;
        const QDateTime start = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
        for (qint64 i = 0; i < count; ++i) {
            const bool ok =
                db.execPrepared(QStringLiteral("INSERT INTO audit_log (at, actor, action, target, outcome) "
                                               "VALUES (?, ?, ?, ?, ?)"),
                                {crypto::wireTime(start.addMSecs(i * 250)), QStringLiteral("operator:%1").arg(i % 40),
                                 i % 3 ? QStringLiteral("case_open") : QStringLiteral("decision"),
                                 QStringLiteral("BENCH-%1").arg(i / 3, 7, 10, QLatin1Char('0')), QStringLiteral("ok")})
                    .ok();
            if (!ok) {
                std::fprintf(stderr, "%s: insert failed at %lld\n", qPrintable(backend), static_cast<long long>(i));
                return 1;
            }
        }
        if (!tx.commit().ok())
            return 1;
    }
    const double fillSeconds = double(timer.nsecsElapsed()) / 1e9;
    timer.restart();
    auto sealed = hub.auditTrail().seal(20000);
    const double sealSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!sealed.ok() || *sealed != count) {
        std::fprintf(stderr, "%s: sealing failed\n", qPrintable(backend));
        return 1;
    }
    timer.restart();
    auto checked = hub.auditTrail().verify();
    const double verifySeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!checked.ok() || !checked->intact() || checked->sealed != count) {
        std::fprintf(stderr, "%s: verify failed\n", qPrintable(backend));
        return 1;
    }

    // Baseline: SM3 alone over the same canonical bytes, from memory (a sample of the entries).
    QList<QByteArray> bytes;
    {
        auto rows = db.exec(QStringLiteral("SELECT id, chain_seq, at, actor, action, target, outcome FROM audit_log "
                                           "ORDER BY chain_seq LIMIT 200000"));
        if (!rows.ok())
            return 1;
        const QByteArray prev(32, '\0');
        while (rows->next()) {
            AuditRecord record;
            record.id = rows->value(0).toLongLong();
            record.seq = rows->value(1).toLongLong();
            record.at = rows->value(2).toString();
            record.actor = rows->value(3).toString();
            record.action = rows->value(4).toString();
            record.hasTarget = true;
            record.target = rows->value(5).toString();
            record.outcome = rows->value(6).toString();
            bytes.append(prev + AuditTrail::canonical(record));
        }
    }
    timer.restart();
    QByteArray sink;
    for (const QByteArray &b : bytes)
        sink = crypto::sm3(b);
    const double baselineSeconds = double(timer.nsecsElapsed()) / 1e9;
    const double verifyRate = double(count) / verifySeconds;
    const double baselineRate = double(bytes.size()) / baselineSeconds;
    std::printf("chain=hub backend=%s entries=%lld fill_seconds=%.2f seal_seconds=%.2f seal_entries_per_second=%.0f "
                "verify_seconds=%.2f verify_entries_per_second=%.0f sm3_only_entries_per_second=%.0f "
                "ratio_verify/sm3=%.2f\n",
                qPrintable(backend), static_cast<long long>(count), fillSeconds, sealSeconds,
                double(count) / sealSeconds, verifySeconds, verifyRate, baselineRate, verifyRate / baselineRate);
    return sink.size() == 32 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=false"));
    qint64 count = 1000000;
    QString backend = QStringLiteral("sqlite");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--entries"))
            count = args[i + 1].toLongLong();
        if (args[i] == QLatin1String("--backend"))
            backend = args[i + 1];
    }
    QTemporaryDir dir;
    int failed = 0;
    if (backend == QLatin1String("sqlite") || backend == QLatin1String("both")) {
        QDir().mkpath(dir.filePath(QStringLiteral("sqlite")));
        failed += run(QStringLiteral("sqlite"), {}, dir.filePath(QStringLiteral("sqlite")), count);
    }
    if (backend == QLatin1String("postgres") || backend == QLatin1String("both")) {
        test::PostgresCluster cluster;
        QString error;
        if (!cluster.start(&error) || !cluster.createDatabase(QStringLiteral("bench"), &error)) {
            std::fprintf(stderr, "postgres: %s\n", qPrintable(error));
            return 1;
        }
        QDir().mkpath(dir.filePath(QStringLiteral("postgres")));
        failed += run(QStringLiteral("postgres"), cluster.url(QStringLiteral("bench")),
                      dir.filePath(QStringLiteral("postgres")), count);
    }
    return failed == 0 ? 0 : 1;
}
