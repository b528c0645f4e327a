// Test helper: a device process that drains its outbox to the hub until it is killed (kill -9
// tests) or the outbox is empty. Prints one line per acknowledged packet, flushed, then "done".
//   sync_client push STORE_DIR HUB_URL [CHUNK_BYTES]
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "sync/OutboxPump.h"

#include <QCoreApplication>
#include <QThread>

#include <cstdio>

using namespace ow;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4 || args[1] != QLatin1String("push"))
        return 2;
    KeyFileProvider keys(args[2] + QStringLiteral("/k"));
    Store::Options o;
    o.path = args[2] + QStringLiteral("/store.db");
    o.keys = &keys;
    auto store = Store::open(o);
    if (!store.ok()) {
        std::printf("open-error %s\n", qPrintable(store.error().logDetail));
        return 4;
    }
    auto device = sync::EnrolledDevice::load((*store)->settings());
    if (!device.ok()) {
        std::printf("device-error %s\n", qPrintable(device.error().logDetail));
        return 4;
    }
    sync::TransportConfig tc;
    tc.baseUrl = args[3];
    tc.connectTimeoutMs = 2000;
    tc.lowSpeedSecs = 10;
    auto transport = sync::CurlTransport::create(tc);
    if (!transport.ok())
        return 4;
    sync::OutboxPump::Options po;
    po.batch = 10;
    po.chunkBytes = args.size() > 4 ? args[4].toLongLong() : 256 * 1024;
    // Short waits: the test wants the outbox drained, not a polite village kiosk.
    sync::OutboxPump pump(**store, **transport, **device, sync::Backoff({20, 200, 1000}), po);
    std::printf("ready\n");
    std::fflush(stdout);
    for (int round = 0; round < 100000; ++round) {
        auto report = pump.drainOnce();
        if (!report.ok()) {
            std::printf("error %s\n", qPrintable(report.error().logDetail));
            return 5;
        }
        if (report->acknowledged > 0) {
            std::printf("acked %d\n", report->acknowledged);
            std::fflush(stdout);
        }
        auto pending = (*store)->outbox().pendingCount();
        if (pending.ok() && *pending == 0) {
            std::printf("done\n");
            std::fflush(stdout);
            return 0;
        }
        if (!report->madeProgress())
            QThread::msleep(20);
    }
    return 6;
}
