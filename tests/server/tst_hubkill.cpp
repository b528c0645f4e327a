// kill -9 of the hub while it ingests packets, many times (OW_HUB_KILL_RUNS, default 30): a device
// that re-sends every packet until it holds a signed receipt ends with every packet stored
// exactly once. On SQLite and on PostgreSQL (OW_HUB_BACKEND).

#include "HubFixture.h"
#include "HubTestBackend.h"
#include "TestSupport.h"

#include "crypto/Receipt.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <QThread>

#include <csignal>

using namespace ow;
using namespace ow::test;

class TestHubKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killDuringIngestLosesAndDuplicatesNothing()
    {
        HubTestBackend backend;
        QString error;
        const QString url = backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        HubFixture hub(url);
        QVERIFY2(hub.start(), hub.log().constData());
        HubTestDevice device(hub);
        QCOMPARE(device.enroll(hub.enrollCode()).status, 201);

        const int runs = qEnvironmentVariableIntValue("OW_HUB_KILL_RUNS") > 0
                             ? qEnvironmentVariableIntValue("OW_HUB_KILL_RUNS")
                             : 30;
        constexpr int perRun = 6;
        QRandomGenerator random(20240501);
        QHash<QString, QByteArray> receipts; // packet id → receipt
        QSet<QString> sent;
        int cutResponses = 0;
        int duplicates = 0;
        qint64 sequence = 0;

        for (int run = 0; run < runs; ++run) {
            QList<crypto::SealedPacket> pending;
            for (int i = 0; i < perRun; ++i) {
                pending.append(
                    device.seal(device.sampleContent(QStringLiteral("K-%1-%2").arg(run).arg(i)), ++sequence));
                sent.insert(pending.last().packetId);
            }
            const int victim = int(random.bounded(perRun));
            const int delayUs = int(random.bounded(6000));
            bool killed = false;
            int attempts = 0;
            while (!pending.isEmpty()) {
                QVERIFY2(++attempts < 200, "packets never acknowledged");
                const crypto::SealedPacket packet = pending.first();
                const bool killNow =
                    !killed &&
                    packet.packetId == pending.value(std::min<qsizetype>(victim, pending.size() - 1)).packetId;
                std::function<void()> afterSend;
                if (killNow) {
                    const qint64 pid = hub.processId();
                    afterSend = [pid, delayUs] {
                        QThread::usleep(static_cast<unsigned long>(delayUs));
                        ::kill(static_cast<pid_t>(pid), SIGKILL);
                    };
                }
                const HttpRequest request =
                    device.signedRequest("POST", "/v1/packets", packet.envelope, crypto::PacketContentType);
                const HttpResponse response = httpExchange(hub.port(), request, 30000, afterSend);
                if (killNow) {
                    killed = true;
                    hub.kill9(); // reap it
                    QVERIFY2(hub.restart(), hub.log().right(2000).constData());
                }
                if (response.status == 201 || response.status == 200) {
                    auto receipt = crypto::verifyReceipt(response.body, device.hubSigningKey());
                    OW_VERIFY_OK(receipt);
                    QCOMPARE(receipt->packetId, packet.packetId);
                    QCOMPARE(receipt->digest, packet.digest);
                    if (response.status == 200)
                        ++duplicates;
                    receipts.insert(packet.packetId, response.body);
                    pending.removeFirst();
                } else {
                    QVERIFY2(response.status == 0 || response.status == 503,
                             qPrintable(QStringLiteral("unexpected %1 %2")
                                            .arg(response.status)
                                            .arg(QString::fromUtf8(response.body))));
                    if (killNow)
                        ++cutResponses;
                }
            }
        }

        const QJsonObject stats = hub.stats();
        const qint64 total = qint64(runs) * perRun;
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), total);
        QCOMPARE(stats.value(QStringLiteral("distinctPackets")).toInteger(), total);
        QCOMPARE(stats.value(QStringLiteral("cases")).toInteger(), total);
        QCOMPARE(stats.value(QStringLiteral("events")).toInteger(), total); // one "received" each
        QSet<QString> stored;
        for (const QJsonValue &id : stats.value(QStringLiteral("packetIds")).toArray())
            stored.insert(id.toString());
        QCOMPARE(stored, sent);
        QCOMPARE(qint64(receipts.size()), total);
        qInfo("%s: %d kills, %d answers lost to the kill, %d re-sends answered from the stored receipt, "
              "%lld packets stored once each",
              qPrintable(backend.name()), runs, cutResponses, duplicates, total);
    }
};

QTEST_GUILESS_MAIN(TestHubKill)
#include "tst_hubkill.moc"
