// Saves N cases (about 2 KB of form data, 3 events and 3 audit entries each, one transaction per
// step as a clerk would) and prints the rate. Built twice: against SQLCipher (bench_store) and
// against plain SQLite 3 (bench_store_plain); scripts/bench runs both and prints the ratio.
#include "store/Repositories.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace ow;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int cases = 10000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--cases"))
            cases = args[i + 1].toInt();
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
    const QByteArray form = "{\"applicantName\":\"张三\",\"notes\":\"" + QByteArray(2000, 'x') + "\"}";
    const Actor clerk{QStringLiteral("bench"), QStringLiteral("clerk")};
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < cases; ++i) {
        const QString id = QStringLiteral("3411251980%1").arg(i % 10000000, 7, 10, QLatin1Char('0')) + QLatin1Char('X');
        auto c = (*store)->cases().create({QStringLiteral("bench-item"), 1, id, form}, clerk);
        if (!c.ok() || !(*store)->cases().transition(c->number, CaseState::Received, clerk, {}).ok() ||
            !(*store)->cases().transition(c->number, CaseState::Accepted, clerk, {}).ok()) {
            std::fprintf(stderr, "write failed at case %d\n", i);
            return 1;
        }
    }
    const double seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    std::printf("flavour=%s cases=%d seconds=%.3f cases_per_second=%.1f\n", OW_BENCH_FLAVOUR, cases, seconds,
                cases / seconds);
    return 0;
}
