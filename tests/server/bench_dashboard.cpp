// The hall supervisor's dashboard (GET /v1/stats, server/HubStats.h) over a county's year of cases
// on the hub's database: `--cases` cases (1,000,000), a third of them rated and one in thirty with
// a follow-up, written in one transaction by the database itself (recursive CTE on SQLite,
// generate_series on PostgreSQL); then the figures for today and for the month, each `--runs`
// times, median ms printed with the ratio to the 1 s goal. Figures only; nothing is asserted.
//   bench_dashboard [--cases N] [--runs N] [--backend sqlite|postgres|both]

#include "HubTestBackend.h"

#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace ow;
using namespace ow::hub;

namespace {

// "Now" of the run: 20 May 2026, 10:00 China time; the cases reach back a year from it.
const QDateTime Now = QDateTime(QDate(2026, 5, 20), QTime(2, 0), Qt::UTC);
constexpr qint64 SpanSecs = 365LL * 86400;

// The columns of one generated case from its number `i` (`%N%` cases, ending at `%NOW%`), in each
// dialect: a received time spread evenly over the year, 40 items in 12 departments, three
// channels, six in ten issued, the rest approved, denied, in review or waiting for a correction.
QString casesSql(HubDatabase::Dialect dialect, qint64 cases)
{
    const qint64 now = Now.toSecsSinceEpoch();
    const qint64 step = std::max<qint64>(1, SpanSecs / cases);
    const bool lite = dialect == HubDatabase::Dialect::Sqlite;
    const QString at = lite ? QStringLiteral("strftime('%Y-%m-%dT%H:%M:%S.000Z', %1, 'unixepoch')")
                            : QStringLiteral("to_char(to_timestamp(%1) AT TIME ZONE 'UTC', "
                                             "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    const QString day = lite ? QStringLiteral("strftime('%Y-%m-%d', %1, 'unixepoch')")
                             : QStringLiteral("to_char(to_timestamp(%1) AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
    const QString received = QStringLiteral("(%1 - i * %2)").arg(now).arg(step);
    const QString concludedState = QStringLiteral("(i % 10 < 8)");
    const QString select =
        QStringLiteral("SELECT 'B-' || %1, 'p' || %1, 'd-' || (i % 50), 'item-' || (i % 40), 'dept-' || (i % 12), "
                       "CASE WHEN i % 10 < 6 THEN 'issued' WHEN i % 10 = 6 THEN 'approved' WHEN i % 10 = 7 THEN "
                       "'denied' WHEN i % 10 = 8 THEN 'received' ELSE 'correctionRequested' END, "
                       "%2, %2, %3, CASE i % 3 WHEN 0 THEN 'window' WHEN 1 THEN 'kiosk' ELSE 'helper' END, "
                       "CASE WHEN %4 THEN %5 END, CASE WHEN %4 THEN i % 15 END, "
                       "CASE WHEN %4 THEN (CASE WHEN i % 15 <= 12 THEN 1 ELSE 0 END) END")
            .arg(lite ? QStringLiteral("printf('%08d', i)") : QStringLiteral("lpad(i::text, 8, '0')"), at.arg(received),
                 day.arg(received + QStringLiteral(" + 20 * 86400")), concludedState,
                 at.arg(received + QStringLiteral(" + 5 * 86400")));
    const QString columns = QStringLiteral(
        "INSERT INTO cases (case_id, packet_id, device_id, item_id, department, state, received_at, updated_at, "
        "due_date, channel, concluded_at, working_days, on_time) ");
    if (lite)
        return columns +
               QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1) ")
                   .arg(cases - 1) +
               select + QStringLiteral(" FROM n");
    return columns + select + QStringLiteral(" FROM generate_series(0, %1) AS n(i)").arg(cases - 1);
}

QStringList extrasSql()
{
    return {
        QStringLiteral("INSERT INTO ratings (case_id, device_id, channel, level, rated_at, received_at) "
                       "SELECT case_id, device_id, channel, CASE CAST(substr(case_id, 3) AS INTEGER) % 5 "
                       "WHEN 0 THEN 'verySatisfied' WHEN 1 THEN 'satisfied' WHEN 2 THEN 'fairlySatisfied' "
                       "WHEN 3 THEN 'dissatisfied' ELSE 'veryDissatisfied' END, concluded_at, concluded_at "
                       "FROM cases WHERE concluded_at IS NOT NULL AND CAST(substr(case_id, 3) AS INTEGER) % 3 = 0"),
        QStringLiteral("INSERT INTO rating_followups (case_id, opened_at, due_date, state) "
                       "SELECT case_id, rated_at, substr(rated_at, 1, 10), CASE WHEN CAST(substr(case_id, 3) AS "
                       "INTEGER) % 2 = 0 THEN 'open' ELSE 'closed' END FROM ratings WHERE level = 'veryDissatisfied' "
                       "AND CAST(substr(case_id, 3) AS INTEGER) % 6 = 0"),
    };
}

qint64 countOf(HubDatabase &db, const QString &table)
{
    auto query = db.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table);
    return query.ok() && query->next() ? query->value(0).toLongLong() : -1;
}

bool run(test::HubTestBackend &backend, const HubCatalog &catalog, qint64 cases, int runs)
{
    QTemporaryDir dir;
    QString error;
    const QString url = backend.newDatabase(&error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    HubDatabase db;
    if (!db.open(url, dir.filePath(QStringLiteral("hub.sqlite"))).ok() || !db.migrate().ok()) {
        std::fprintf(stderr, "database not opened\n");
        return false;
    }
    auto keys = HubKeys::loadOrCreate(dir.filePath(QStringLiteral("keys")));
    if (!keys) {
        std::fprintf(stderr, "hub keys: %s\n", qPrintable(keys.error().logDetail));
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    {
        Transaction tx(db);
        if (auto begun = tx.begin(); !begun.ok()) {
            std::fprintf(stderr, "begin failed: %s\n", qPrintable(begun.error().logDetail));
            return false;
        }
        for (const QString &sql : QStringList{casesSql(db.dialect(), cases)} + extrasSql()) {
            if (auto done = db.exec(sql); !done) {
                std::fprintf(stderr, "fill failed: %s\n", qPrintable(done.error().logDetail));
                return false;
            }
        }
        if (auto committed = tx.commit(); !committed.ok()) {
            std::fprintf(stderr, "commit failed: %s\n", qPrintable(committed.error().logDetail));
            return false;
        }
    }
    // Statistics for the planner, as autovacuum (PostgreSQL) or a running hub's optimizer would
    // have them. Not a statement PostgreSQL prepares: run as it is.
    if (QSqlQuery analyse(db.db()); !analyse.exec(QStringLiteral("ANALYZE"))) {
        std::fprintf(stderr, "analyze failed: %s\n", qPrintable(analyse.lastError().text()));
        return false;
    }
    std::printf("%-8s filled %lld cases, %lld ratings, %lld follow-ups in %.1f s\n", qPrintable(backend.name()),
                countOf(db, QStringLiteral("cases")), countOf(db, QStringLiteral("ratings")),
                countOf(db, QStringLiteral("rating_followups")), double(timer.elapsed()) / 1000.0);

    ManualClock clock(Now);
    HubService hub(db, *keys, &catalog, HubLimits{}, clock);
    const OperatorIdentity supervisor{1, QStringLiteral("supervisor"), Role::HallSupervisor, QString()};
    for (const QString &period : {QStringLiteral("today"), QStringLiteral("month")}) {
        std::vector<double> ms;
        qint64 received = 0;
        for (int i = 0; i < runs; ++i) {
            timer.restart();
            auto stats = hub.stats().hall(supervisor, period, {}, {});
            ms.push_back(double(timer.nsecsElapsed()) / 1e6);
            if (!stats) {
                std::fprintf(stderr, "stats failed: %s\n", qPrintable(stats.error().detail));
                return false;
            }
            received = stats->received;
        }
        std::sort(ms.begin(), ms.end());
        const double median = ms[ms.size() / 2];
        std::printf("%-8s dashboard %-5s (%7lld cases in the period): median %8.1f ms, min %8.1f, max %8.1f over "
                    "%d runs; ratio to the 1 s goal %.3f\n",
                    qPrintable(backend.name()), qPrintable(period), static_cast<long long>(received), median,
                    ms.front(), ms.back(), runs, median / 1000.0);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 cases = 1000000;
    int runs = 7;
    QString which = QStringLiteral("both");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--cases"))
            cases = std::max<qint64>(10, args[i + 1].toLongLong());
        else if (args[i] == QLatin1String("--runs"))
            runs = std::max(1, args[i + 1].toInt());
        else if (args[i] == QLatin1String("--backend"))
            which = args[i + 1];
    }
    auto catalog = HubCatalog::load(qEnvironmentVariable("OW_SOURCE_DIR") + QStringLiteral("/forms/items"));
    if (!catalog) {
        std::fprintf(stderr, "OW_SOURCE_DIR must name the source tree (forms/items)\n");
        return 1;
    }
    bool ok = true;
    for (const QString &backendName : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
        if (which != QLatin1String("both") && which != backendName)
            continue;
        qputenv("OW_HUB_BACKEND", backendName.toLatin1());
        test::HubTestBackend backend;
        ok = run(backend, *catalog, cases, runs) && ok;
    }
    return ok ? 0 : 1;
}
