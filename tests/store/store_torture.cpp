// Test helper: a separate process that works on a store until it is killed (kill -9 tests) or
// the disk is full (RLIMIT_FSIZE). It prints one line per committed change, flushed, so the
// test knows exactly what must have survived.
#include "store/Repositories.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace ow;

namespace {

QByteArray formFor(qint64 i)
{
    // About 2 KB of deterministic form data, so the test can check content, not just presence.
    QByteArray pad = QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256).toHex();
    return "{\"i\":" + QByteArray::number(i) + ",\"pad\":\"" + pad.repeated(31) + "\"}";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return 2;
    const QString mode = args[1];
    const QString dir = args[2];
    if (mode == QLatin1String("fill") && args.size() >= 4) {
        const rlim_t limit = args[3].toULongLong();
        const rlimit lim{limit, limit};
        setrlimit(RLIMIT_FSIZE, &lim);
        std::signal(SIGXFSZ, SIG_IGN); // get EFBIG from write() instead of dying
    }
    KeyFileProvider keys(dir + QStringLiteral("/k"));
    Store::Options o;
    o.path = dir + QStringLiteral("/store.db");
    o.keys = &keys;
    o.mode = Store::OpenMode::CreateIfMissing;
    o.deviceId = QStringLiteral("TORTURE");
    auto store = Store::open(o);
    if (!store.ok()) {
        std::printf("open-error %s\n", qPrintable(store.error().logDetail));
        return 4;
    }
    const Actor actor{QStringLiteral("torture"), QStringLiteral("device")};
    std::printf("ready\n");
    std::fflush(stdout);

    if (mode == QLatin1String("rekey")) {
        for (;;) {
            const Status s = (*store)->rekey(actor);
            if (!s.ok()) {
                std::printf("rekey-error %s\n", qPrintable(s.error().logDetail));
                return 3;
            }
            std::printf("rekeyed\n");
            std::fflush(stdout);
        }
    }

    auto count = (*store)->cases().count();
    qint64 i = count.ok() ? *count : 0;
    for (;;) {
        ++i;
        auto c = (*store)->cases().create({QStringLiteral("torture-item"), 1, {}, formFor(i)}, actor);
        if (!c.ok()) {
            auto after = (*store)->cases().count();
            std::printf("error %d %lld\n%s\n", static_cast<int>(c.error().code),
                        after.ok() ? static_cast<long long>(*after) : -1LL, qPrintable(c.error().userMessage));
            std::fflush(stdout);
            return 3;
        }
        std::printf("committed %s %lld\n", qPrintable(c->number), static_cast<long long>(i));
        std::fflush(stdout);
    }
}
