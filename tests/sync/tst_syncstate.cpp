// SyncService with the queued-reply transport double: what the UI is told about a refused packet,
// about a hub that does not answer, and when it comes back. No network.
#include "SyncDoubles.h"
#include "TestSupport.h"

#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/OutboxPump.h"
#include "sync/SyncService.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace ow;

class TestSyncState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tellsTheUiAboutRefusalsAndOfflineSpells()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        auto store = test::openStore(dir.path(), keys, &clock);
        QVERIFY(store);
        test::QueuedTransport net;
        test::FakeDevice device;
        QStringList packets;
        QList<QByteArray> envelopes;
        for (int i = 0; i < 2; ++i) {
            auto c = store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"},
                                           {QStringLiteral("k"), QStringLiteral("citizen")});
            OW_VERIFY_OK(c);
            packets.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
            envelopes.append(test::fakeEnvelope(packets.last(), c->number));
            OW_VERIFY_OK(
                store->outbox().enqueue(c->id, packets.last(), QLatin1String(sync::kKindPacket), envelopes.last()));
        }
        sync::SyncService::Options options;
        options.pullEvents = false;
        options.pullCatalog = false;
        options.pullDeviceKeys = false;
        options.retentionDays = 0;
        sync::SyncService service(*store, net, device, options);
        QSignalSpy cycles(&service, &sync::SyncService::cycleFinished);
        QSignalSpy rejected(&service, &sync::SyncService::packetRejected);
        QSignalSpy online(&service, &sync::SyncService::onlineChanged);
        QSignalSpy pending(&service, &sync::SyncService::pendingChanged);
        QVERIFY(cycles.isValid() && rejected.isValid() && online.isValid() && pending.isValid());

        // The hub is not there (both packets were in flight at once).
        net.enqueueNoAnswer();
        net.enqueueNoAnswer();
        service.syncNow();
        QVERIFY(cycles.wait(20000));
        QCOMPARE(service.online(), false);
        QCOMPARE(service.pending(), 2);
        QCOMPARE(pending.count(), 1);
        QVERIFY(!service.lastError().isEmpty());
        QCOMPARE(rejected.count(), 0);

        // Back: the first packet is refused for good (409), the second is acknowledged.
        clock.advanceSecs(3600);
        const test::QueuedTransport::Reply hub = [&](const sync::HttpRequest &request) {
            sync::HttpResponse r;
            r.status = request.body == envelopes[0] ? 409 : 201;
            r.body = r.status == 409 ? test::hubError("digest_conflict") : test::fakeReceiptFor(envelopes[1]);
            return r;
        };
        net.enqueue(hub);
        net.enqueue(hub);
        service.syncNow();
        QVERIFY(cycles.wait(20000));
        QCOMPARE(service.online(), true);
        QCOMPARE(online.count(), 1); // false → true; the first state was already "offline"
        QCOMPARE(service.pending(), 0);
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(rejected.first().at(0).toString(), packets[0]);
        QVERIFY(!rejected.first().at(1).toString().isEmpty());
        QCOMPARE(net.unexpected, 0);

        // Nothing left to do: a further cycle sends nothing.
        service.syncNow();
        QVERIFY(cycles.wait(20000));
        QCOMPARE(net.sent.size(), 4);
        QCOMPARE(net.unexpected, 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncState)
#include "tst_syncstate.moc"
