// The county's device keys reach a device through sync (PROTOCOL.md §5.4): the real hub process,
// two enrolled devices with real SQLCipher stores, real libcurl; a receipt signed by one device is
// checked at the other with the keys kept in its store. A hub answering garbage changes nothing.
#include "MiniHttpServer.h"
#include "SyncHubSupport.h"

#include "scan/CodeSigning.h"
#include "scan/Payload.h"
#include "scan/SignedCodes.h"
#include "scan/TrustStore.h"
#include "store/DeviceKeys.h"
#include "sync/HubFeeds.h"
#include "sync/SyncService.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace ow;
using ow::test::HubFixture;
using ow::test::SyncDevice;

namespace {

// The trust a device builds from its store, as the kiosk does (KioskSync::buildReceiptTrust).
scan::TrustStore trustFromStore(Store &store)
{
    scan::TrustStore trust;
    auto keys = DeviceKeyRepository(store.db()).all();
    if (!keys.ok())
        return trust;
    for (const StoredDeviceKey &key : *keys)
        (void)trust.addDevice(key.deviceId, key.publicKey);
    return trust;
}

QByteArray receiptOf(const SyncDevice &device, const QString &caseNumber)
{
    auto key = scan::codeSigning::fromPrivateDer(device.device->signingKey().toDer());
    if (!key.ok())
        return {};
    const QDateTime now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    auto code = scan::signedCodes::makeCaseReceipt(*key, {device.device->deviceId(), caseNumber, now});
    return code.ok() ? *code : QByteArray();
}

} // namespace

class TestDeviceKeys : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    std::unique_ptr<HubFixture> m_hub;

private Q_SLOTS:
    void init()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(!m_backend.isPostgres() || !url.isEmpty(), qPrintable(error));
        m_hub = std::make_unique<HubFixture>(url);
        QVERIFY2(m_hub->start(), m_hub->log().constData());
    }

    void cleanup() { m_hub.reset(); }

    void receiptOfOneDeviceVerifiesAtAnother()
    {
        SyncDevice a;
        SyncDevice b;
        QVERIFY(a.open(m_hub->baseUrl(), QStringLiteral("K01")));
        QVERIFY(a.enroll(*m_hub));
        QVERIFY(b.open(m_hub->baseUrl(), QStringLiteral("K02")));
        QVERIFY(b.enroll(*m_hub));
        const QString number = a.createAndSeal(1);
        QVERIFY(!number.isEmpty());
        const QByteArray receipt = receiptOf(a, number);
        QVERIFY(receipt.startsWith("OWR1|"));
        // Before any fetch B knows no key: A's receipt is not verified there.
        scan::TrustStore empty = trustFromStore(*b.store);
        QCOMPARE(scan::classify(receipt, {QDateTime::currentDateTimeUtc(), nullptr, &empty}).rejection,
                 scan::Rejection::UntrustedSigner);

        // The typed answer, straight from the hub.
        auto fetched = sync::fetchDeviceKeys(*b.transport, *b.device, b.store->clock());
        OW_VERIFY_OK(fetched);
        QCOMPARE(fetched->size(), 2);
        QStringList ids{fetched->at(0).deviceId, fetched->at(1).deviceId};
        QVERIFY(ids.at(0) < ids.at(1)); // sorted by device id
        QVERIFY(ids.contains(a.device->deviceId()) && ids.contains(b.device->deviceId()));
        const qsizetype ofA = ids.indexOf(a.device->deviceId());
        QVERIFY(fetched->at(ofA).revokedAt.isEmpty());
        QVERIFY(!fetched->at(ofA).enrolledAt.isEmpty());

        // Through the sync service, as each round does it.
        sync::SyncService::Options options;
        options.retentionDays = 0;
        sync::SyncService service(*b.store, *b.transport, *b.device, options);
        QSignalSpy updated(&service, &sync::SyncService::deviceKeysUpdated);
        QSignalSpy cycles(&service, &sync::SyncService::cycleFinished);
        service.syncNow();
        QVERIFY(cycles.wait(30000));
        QVERIFY2(service.lastError().isEmpty(), qPrintable(service.lastError()));
        QCOMPARE(updated.count(), 1);
        QCOMPARE(updated.first().at(0).toInt(), 2);

        auto stored = DeviceKeyRepository(b.store->db()).all();
        OW_VERIFY_OK(stored);
        QCOMPARE(stored->size(), 2);
        QCOMPARE(stored->at(ofA).deviceId, a.device->deviceId());
        QCOMPARE(stored->at(ofA).publicKey, fetched->at(ofA).publicKey);
        QCOMPARE(stored->at(ofA).enrolledAt, fetched->at(ofA).enrolledAt);

        // A's receipt verifies at B with the trust built from B's store.
        const scan::TrustStore trust = trustFromStore(*b.store);
        const scan::Classification checked =
            scan::classify(receipt, {QDateTime::currentDateTimeUtc(), nullptr, &trust});
        QVERIFY2(checked.accepted(), qPrintable(scan::rejectionName(checked.rejection)));
        QCOMPARE(std::get<scan::CaseReceiptInfo>(checked.details).caseNumber, number);
        QCOMPARE(std::get<scan::CaseReceiptInfo>(checked.details).deviceId, a.device->deviceId());

        // A receipt altered by hand does not.
        QString other = number;
        other.back() = other.back() == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        QByteArray forged = receipt;
        forged.replace(number.toUtf8(), other.toUtf8());
        QVERIFY(forged != receipt);
        QVERIFY(!scan::classify(forged, {QDateTime::currentDateTimeUtc(), nullptr, &trust}).accepted());
    }

    void revokedDeviceComesWithItsTime()
    {
        SyncDevice a;
        SyncDevice b;
        QVERIFY(a.open(m_hub->baseUrl(), QStringLiteral("K01")));
        QVERIFY(a.enroll(*m_hub));
        QVERIFY(b.open(m_hub->baseUrl(), QStringLiteral("K02")));
        QVERIFY(b.enroll(*m_hub));
        QVERIFY(m_hub->revokeDevice(a.device->deviceId()));
        OW_VERIFY_OK(sync::refreshDeviceKeys(*b.store, *b.transport, *b.device));
        auto stored = DeviceKeyRepository(b.store->db()).all();
        OW_VERIFY_OK(stored);
        QCOMPARE(stored->size(), 2);
        for (const StoredDeviceKey &key : *stored) {
            const bool revoked = key.deviceId == a.device->deviceId();
            QCOMPARE(key.revokedAt.isEmpty(), !revoked);
            if (revoked)
                QVERIFY(QDateTime::fromString(key.revokedAt, Qt::ISODateWithMs).isValid());
        }
    }

    // Every device asks each sync cycle: an unchanged list is answered 304 and the keys kept stay;
    // an enrollment or a revocation on the hub is seen on the next cycle.
    void unchangedListIsNotSentAgain()
    {
        const auto answered = [this](const char *status) {
            const QByteArray wanted =
                QByteArray("ow_hub_requests_total{route=\"device_keys\",status=\"") + status + "\"} ";
            for (const QByteArray &line : m_hub->adminGet("/metrics").body.split('\n'))
                if (line.startsWith(wanted))
                    return line.mid(wanted.size()).toInt();
            return 0;
        };
        SyncDevice a;
        SyncDevice b;
        QVERIFY(a.open(m_hub->baseUrl(), QStringLiteral("K01")));
        QVERIFY(a.enroll(*m_hub));
        QVERIFY(b.open(m_hub->baseUrl(), QStringLiteral("K02")));
        QVERIFY(b.enroll(*m_hub));
        auto first = sync::refreshDeviceKeys(*b.store, *b.transport, *b.device);
        OW_VERIFY_OK(first);
        QCOMPARE(*first, 2);
        QCOMPARE(answered("200"), 1);
        QCOMPARE(answered("304"), 0);

        auto again = sync::refreshDeviceKeys(*b.store, *b.transport, *b.device);
        OW_VERIFY_OK(again);
        QCOMPARE(*again, 2);
        QCOMPARE(answered("200"), 1);
        QCOMPARE(answered("304"), 1);
        QCOMPARE(DeviceKeyRepository(b.store->db()).all()->size(), 2);

        // A third device enrolls: the whole list again.
        SyncDevice c;
        QVERIFY(c.open(m_hub->baseUrl(), QStringLiteral("K03")));
        QVERIFY(c.enroll(*m_hub));
        auto third = sync::refreshDeviceKeys(*b.store, *b.transport, *b.device);
        OW_VERIFY_OK(third);
        QCOMPARE(*third, 3);
        QCOMPARE(answered("200"), 2);

        // A revocation changes the list too.
        QVERIFY(m_hub->revokeDevice(a.device->deviceId()));
        auto revoked = sync::refreshDeviceKeys(*b.store, *b.transport, *b.device);
        OW_VERIFY_OK(revoked);
        QCOMPARE(*revoked, 3);
        QCOMPARE(answered("200"), 3);
        auto stored = DeviceKeyRepository(b.store->db()).all();
        OW_VERIFY_OK(stored);
        bool seen = false;
        for (const StoredDeviceKey &key : *stored) {
            if (key.deviceId == a.device->deviceId()) {
                seen = true;
                QVERIFY(!key.revokedAt.isEmpty());
            }
        }
        QVERIFY(seen);
        QCOMPARE(answered("304"), 1);
    }

    void garbageAnswerKeepsTheKeysKnownBefore()
    {
        SyncDevice a;
        SyncDevice b;
        QVERIFY(a.open(m_hub->baseUrl(), QStringLiteral("K01")));
        QVERIFY(a.enroll(*m_hub));
        QVERIFY(b.open(m_hub->baseUrl(), QStringLiteral("K02")));
        QVERIFY(b.enroll(*m_hub));
        auto first = sync::refreshDeviceKeys(*b.store, *b.transport, *b.device);
        OW_VERIFY_OK(first);
        QCOMPARE(*first, 2);

        // Something answers in the hub's place with JSON that is not a list of device keys.
        test::MiniHttpServer impostor;
        const quint16 port = impostor.start();
        QVERIFY(port != 0);
        QVERIFY(b.connectTo(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("device keys not updated, the stored ones are kept: "
                                                               "device keys answer refused: .*devices")));
        auto second = sync::refreshDeviceKeys(*b.store, *b.transport, *b.device);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, ErrorCode::Invalid);
        QVERIFY(!second.error().userMessage.isEmpty());
        QVERIFY(impostor.completedRequests() >= 1);

        // The keys known before are all still there, and still verify A's receipts.
        auto stored = DeviceKeyRepository(b.store->db()).all();
        OW_VERIFY_OK(stored);
        QCOMPARE(stored->size(), 2);
        const QString number = a.createAndSeal(2);
        const scan::TrustStore trust = trustFromStore(*b.store);
        QVERIFY(scan::classify(receiptOf(a, number), {QDateTime::currentDateTimeUtc(), nullptr, &trust}).accepted());

        // Through the sync service too: a clear error, no update signal, the keys unchanged.
        sync::SyncService::Options options;
        options.retentionDays = 0;
        options.pullEvents = false;
        options.pullCatalog = false;
        sync::SyncService service(*b.store, *b.transport, *b.device, options);
        QSignalSpy updated(&service, &sync::SyncService::deviceKeysUpdated);
        QSignalSpy cycles(&service, &sync::SyncService::cycleFinished);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("device keys not updated")));
        service.syncNow();
        QVERIFY(cycles.wait(30000));
        QCOMPARE(updated.count(), 0);
        QVERIFY(!service.lastError().isEmpty());
        QCOMPARE(DeviceKeyRepository(b.store->db()).all()->size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDeviceKeys)
#include "tst_devicekeys.moc"
