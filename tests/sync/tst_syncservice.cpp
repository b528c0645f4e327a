// The sync service as the kiosk and desk see it (online state, pending count, progress, changed
// cases, retention purge), driven against the real hub behind the fault proxy.
#include "FaultProxy.h"
#include "SyncHubSupport.h"

#include "sync/SyncService.h"

#include <QSignalSpy>
#include <QTest>

using namespace ow;
using ow::test::HubFixture;
using ow::test::SyncDevice;

class TestSyncService : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;

private Q_SLOTS:
    void reportsStateProgressAndDecisions()
    {
        QString error;
        HubFixture hub(m_backend.newDatabase(&error));
        QVERIFY2(hub.start(), hub.log().constData());
        test::FaultProxy proxy(hub.port());
        QVERIFY(proxy.start());
        ManualClock clock(QDateTime::currentDateTimeUtc());
        SyncDevice kiosk;
        QVERIFY(kiosk.open(proxy.baseUrl(), QStringLiteral("K01"), &clock));
        QVERIFY(kiosk.enroll(hub));
        const QString first = kiosk.createAndSeal(1, 300 * 1024);
        const QString second = kiosk.createAndSeal(2);

        sync::SyncService::Options options;
        options.retentionDays = 30;
        options.pump.chunkBytes = 64 * 1024;
        sync::SyncService service(*kiosk.store, *kiosk.transport, *kiosk.device, options);
        QSignalSpy cycles(&service, &sync::SyncService::cycleFinished);
        QSignalSpy online(&service, &sync::SyncService::onlineChanged);
        QSignalSpy pending(&service, &sync::SyncService::pendingChanged);
        QSignalSpy progress(&service, &sync::SyncService::progressChanged);
        QSignalSpy changed(&service, &sync::SyncService::casesChanged);
        QSignalSpy catalog(&service, &sync::SyncService::catalogUpdated);
        QVERIFY(cycles.isValid() && online.isValid() && pending.isValid() && progress.isValid() && changed.isValid() &&
                catalog.isValid());
        QCOMPARE(service.online(), false);

        service.syncNow();
        QVERIFY(service.busy());
        QVERIFY(cycles.wait(60000));
        QVERIFY2(service.lastError().isEmpty(), qPrintable(service.lastError()));
        QCOMPARE(service.online(), true);
        QCOMPARE(online.count(), 1);
        QCOMPARE(service.pending(), 0);
        QVERIFY(progress.count() > 1);
        qint64 largestTotal = 0;
        for (const auto &args : progress)
            largestTotal = std::max(largestTotal, args.at(1).toLongLong());
        QVERIFY(largestTotal >= 300 * 1024);
        QCOMPARE(catalog.count(), 1);
        QCOMPARE(kiosk.caseOf(first).syncState, SyncState::Acknowledged);
        QCOMPARE(kiosk.caseOf(second).syncState, SyncState::Acknowledged);
        // The hub's "received" events moved both cases on.
        QCOMPARE(kiosk.caseOf(first).state, CaseState::Received);

        // A reviewer asks for a correction; the next cycle brings it to the device.
        QVERIFY(hub.addOperator(QStringLiteral("rev"), QStringLiteral("reviewer"), QLatin1String(test::kItemDepartment),
                                QStringLiteral("review-password-1")));
        const QByteArray token = hub.login(QStringLiteral("rev"), QStringLiteral("review-password-1"));
        QCOMPARE(hub.decide(token, first, hub.packetIdOf(token, first), QStringLiteral("correction_requested"),
                            QStringLiteral("请补充户口簿首页"))
                     .status,
                 200);
        changed.clear();
        service.syncNow();
        QVERIFY(cycles.wait(60000));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().toStringList(), QStringList{first});
        QCOMPARE(kiosk.caseOf(first).state, CaseState::CorrectionRequested);

        // The link goes down: a new case waits, the service says offline and why.
        proxy.setBlackout(true);
        const QString third = kiosk.createAndSeal(3);
        service.syncNow();
        QVERIFY(cycles.wait(60000));
        QCOMPARE(service.online(), false);
        QCOMPARE(service.pending(), 1);
        QVERIFY(!service.lastError().isEmpty());
        QCOMPARE(kiosk.caseOf(third).syncState, SyncState::Queued);

        // Back online (and the hub restarted on another port meanwhile).
        hub.kill9();
        QVERIFY(hub.restart());
        proxy.setUpstreamPort(hub.port());
        proxy.setBlackout(false);
        clock.advanceSecs(5); // past the backoff of the failed attempt
        service.syncNow();
        QVERIFY(cycles.wait(60000));
        QCOMPARE(service.online(), true);
        QCOMPARE(service.pending(), 0);
        QCOMPARE(kiosk.caseOf(third).syncState, SyncState::Acknowledged);
        QVERIFY(service.lastSuccess().isValid());

        // 31 days later the personal data of the acknowledged cases is gone; the cases remain.
        clock.advanceDays(31);
        service.syncNow();
        QVERIFY(cycles.wait(60000));
        for (const QString &n : {first, second, third}) {
            const Case c = kiosk.caseOf(n);
            QVERIFY2(c.purged, qPrintable(n));
            QVERIFY(c.formJson.isEmpty());
        }
        QCOMPARE(kiosk.caseOf(first).state, CaseState::CorrectionRequested);
    }
};

QTEST_GUILESS_MAIN(TestSyncService)
#include "tst_syncservice.moc"
