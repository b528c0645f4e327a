// kill -9 of a device process in the middle of sending its outbox, at random moments, again and
// again: in the end every sealed case is at the hub exactly once and acknowledged on the device.
#include "FaultProxy.h"
#include "SyncHubSupport.h"

#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QTest>

using namespace ow;
using ow::test::HubFixture;
using ow::test::SyncDevice;

class TestSyncKill : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;

private Q_SLOTS:
    void noPacketLostOrDuplicatedWhenTheClientIsKilled()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(!m_backend.isPostgres() || !url.isEmpty(), qPrintable(error));
        HubFixture hub(url);
        QVERIFY2(hub.start(), hub.log().constData());
        // A slow link, so that kills land in the middle of uploads and of packets.
        test::FaultProxy proxy(hub.port());
        QVERIFY(proxy.start());
        proxy.setShaping({1, 3 * 1024 * 1024});

        SyncDevice kiosk;
        QVERIFY(kiosk.open(hub.baseUrl()));
        QVERIFY(kiosk.enroll(hub));
        QStringList numbers;
        int nextCase = 0;
        auto sealMore = [&](int count) {
            for (int i = 0; i < count; ++i, ++nextCase) {
                numbers.append(kiosk.createAndSeal(nextCase, nextCase % 4 == 0 ? 512 * 1024 : 0));
                if (numbers.last().isEmpty())
                    return false;
            }
            return true;
        };
        QVERIFY(sealMore(30));
        kiosk.store.reset();

        const int runs = qEnvironmentVariableIntValue("OW_SYNC_KILL_RUNS") > 0
                             ? qEnvironmentVariableIntValue("OW_SYNC_KILL_RUNS")
                             : 30;
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo() << "kill runs:" << runs << "seed:" << seed;
        QRandomGenerator rng(seed);
        const QStringList args{QStringLiteral("push"), kiosk.path(), proxy.baseUrl(), QStringLiteral("65536")};
        int kills = 0;
        int completions = 0;
        while (kills < runs) {
            QProcess client;
            client.start(QStringLiteral(OW_SYNC_CLIENT), args);
            QVERIFY(client.waitForStarted(10000));
            QVERIFY(client.waitForReadyRead(20000)); // "ready": the store is open
            const int delayMs = static_cast<int>(rng.bounded(30, 600));
            if (client.waitForFinished(delayMs)) {
                // It drained everything before the kill: give it more work.
                const QByteArray out = client.readAllStandardOutput();
                QVERIFY2(out.contains("done"), out.constData());
                ++completions;
                KeyFileProvider keys(kiosk.path() + QStringLiteral("/k"));
                Store::Options o;
                o.path = kiosk.path() + QStringLiteral("/store.db");
                o.keys = &keys;
                auto reopened = Store::open(o);
                OW_VERIFY_OK(reopened);
                kiosk.store = std::move(reopened).value();
                QVERIFY(sealMore(10));
                kiosk.store.reset();
                continue;
            }
            client.kill(); // SIGKILL
            QVERIFY(client.waitForFinished(10000));
            ++kills;
        }
        // Finally let it finish.
        QProcess client;
        client.start(QStringLiteral(OW_SYNC_CLIENT), args);
        QVERIFY(client.waitForFinished(300000));
        QVERIFY2(client.readAllStandardOutput().contains("done"), client.readAllStandardError().constData());

        KeyFileProvider keys(kiosk.path() + QStringLiteral("/k"));
        Store::Options o;
        o.path = kiosk.path() + QStringLiteral("/store.db");
        o.keys = &keys;
        auto store = Store::open(o);
        OW_VERIFY_OK(store);
        OW_VERIFY_OK((*store)->check());
        kiosk.store = std::move(store).value();
        for (const QString &n : numbers)
            QCOMPARE(kiosk.caseOf(n).syncState, SyncState::Acknowledged);
        Statement rejected(kiosk.store->db(), "SELECT count(*) FROM outbox WHERE state <> 'sent'");
        QVERIFY(rejected.next());
        QCOMPARE(rejected.int64(0), 0);

        const QJsonObject stats = hub.stats();
        const qint64 total = numbers.size();
        qInfo() << "kills:" << kills << "completed runs:" << completions << "cases:" << total;
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), total);         // 0 lost, 0 extra
        QCOMPARE(stats.value(QStringLiteral("distinctPackets")).toInteger(), total); // 0 duplicated
        QCOMPARE(stats.value(QStringLiteral("cases")).toInteger(), total);
        QVERIFY(hub.addOperator(QStringLiteral("rev"), QStringLiteral("reviewer"), QLatin1String(test::kItemDepartment),
                                QStringLiteral("review-password-1")));
        const QByteArray token = hub.login(QStringLiteral("rev"), QStringLiteral("review-password-1"));
        const auto queue = hub.get("/v1/queue?department=" + QByteArray(test::kItemDepartment) + "&limit=500",
                                   {{"Authorization", "Bearer " + token}});
        QStringList atHub;
        for (const QJsonValue &v : queue.json().value(QStringLiteral("cases")).toArray())
            atHub.append(v.toObject().value(QStringLiteral("caseId")).toString());
        atHub.sort();
        QStringList local = numbers;
        local.sort();
        QCOMPARE(atHub, local);
        QVERIFY(kills >= runs);
    }
};

QTEST_GUILESS_MAIN(TestSyncKill)
#include "tst_synckill.moc"
