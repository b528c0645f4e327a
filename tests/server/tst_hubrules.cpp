// The hub's rules in process, without HTTP: HubService on a real database (SQLite, or PostgreSQL
// for tst_hubrules_postgres) with a manual clock, so limits that depend on time are tested
// without waiting.

#include "HubTestBackend.h"

#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include "crypto/Digest.h"
#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/RequestSignature.h"
#include "protocol/Messages.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>

using namespace ow;
using namespace ow::hub;

namespace {

const QDateTime Start = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);

bool allZero(const QByteArray &bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return c == 0; });
}

} // namespace

class TestHubRules : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    QTemporaryDir m_dir;
    HubDatabase m_db;
    std::optional<HubKeys> m_keys;
    ManualClock m_clock{Start};

    HubService service(HubLimits limits = {})
    {
        limits.passwordIterations = 1000;
        return HubService(m_db, *m_keys, nullptr, limits, m_clock);
    }

    // A device enrolled through the service with a fresh code, as PROTOCOL.md §2 says.
    struct Device
    {
        DeviceIdentity identity;
        crypto::PrivateKey key;
    };
    std::optional<Device> enroll(HubService &hub)
    {
        auto code = hub.issueEnrollCode(1);
        auto key = crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Signing);
        if (!code || !key)
            return std::nullopt;
        auto proof = crypto::sign(*key, crypto::enrollmentProofInput(normaliseEnrollCode(*code)));
        if (!proof)
            return std::nullopt;
        const Reply reply = hub.enroll(protocol::toBytes(protocol::EnrollRequest{
            *code, crypto::Suite::Gm, QStringLiteral("rules kiosk"), key->publicKey().toPem(), *proof}
                                                             .toJson()));
        if (reply.status != 201)
            return std::nullopt;
        const QString id = QJsonDocument::fromJson(reply.body).object().value(QStringLiteral("deviceId")).toString();
        return Device{DeviceIdentity{id, crypto::Suite::Gm, key->publicKey()}, *key};
    }

    qint64 count(const QString &sql, std::initializer_list<QVariant> values = {})
    {
        auto query = m_db.exec(sql, values);
        return query.ok() && query->next() ? query->value(0).toLongLong() : -1;
    }

    static QByteArray createBody(const QString &packetId, const QString &name, qint64 length)
    {
        return protocol::toBytes(QJsonObject{{QStringLiteral("packetId"), packetId},
                                             {QStringLiteral("name"), name},
                                             {QStringLiteral("length"), length},
                                             {QStringLiteral("digest"), QString(64, QLatin1Char('0'))}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_db.open(url, m_dir.filePath(QStringLiteral("hub.sqlite"))).ok());
        QVERIFY(m_db.migrate().ok());
        auto keys = HubKeys::loadOrCreate(m_dir.filePath(QStringLiteral("keys")));
        QVERIFY(keys.ok());
        m_keys.emplace(std::move(*keys));
    }

    // The password the service was handed is wiped in the caller's buffer, not in a copy.
    void passwordsAreWipedWhereTheyAre()
    {
        HubService hub = service();
        QByteArray password("correct horse battery");
        password.detach();
        const char *buffer = password.constData();
        const qsizetype size = password.size();
        QVERIFY(hub.addOperator(QStringLiteral("wipe.reviewer"), QStringLiteral("reviewer"), QStringLiteral("dep"),
                                password)
                    .ok());
        // The same buffer, of the same size, now holding zeros only.
        QCOMPARE(password.constData(), buffer);
        QCOMPARE(password.size(), size);
        QVERIFY(allZero(password));
    }

    // A packet listing more parts than the hub takes is refused before anything else is done
    // with it, and nothing is stored.
    void packetWithTooManyPartsIsRefused()
    {
        HubService hub = service();
        const auto device = enroll(hub);
        QVERIFY(device);
        crypto::PacketContent content;
        content.caseId = QStringLiteral("K01-20260501-000001");
        content.itemId = QStringLiteral("senior-citizen-card");
        content.form = QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("测试")}};
        for (int i = 0; i < 20000; ++i)
            content.attachments.append({QStringLiteral("a%1").arg(i), QByteArray(1, 'x')});
        crypto::PacketSealer sealer(crypto::Suite::Gm, device->key,
                                    m_keys->encryptionKey(crypto::Suite::Gm).publicKey(), device->identity.id);
        auto sealed = sealer.seal(content, 1, m_clock.now());
        QVERIFY(sealed.ok());
        const qint64 packets = count(QStringLiteral("SELECT COUNT(*) FROM packets"));
        const Reply refused = hub.ingestPacket(device->identity.id, sealed->envelope);
        QCOMPARE(refused.status, 413);
        QCOMPARE(refused.errorCode, QByteArray("too_many_parts"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM packets")), packets);
        QCOMPARE(hub.counters().packetsRejected.value("too_many_parts"), 1u);
    }

    // Unbound uploads count against their device's quota, never another device's.
    void uploadQuotaPerDevice()
    {
        HubLimits limits;
        limits.maxUnboundUploadBytes = 1000;
        HubService hub = service(limits);
        const auto first = enroll(hub);
        const auto second = enroll(hub);
        QVERIFY(first && second);
        const QString packet = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QCOMPARE(hub.createUpload(first->identity, createBody(packet, QStringLiteral("att-0"), 600)).status, 201);
        const Reply over = hub.createUpload(first->identity, createBody(packet, QStringLiteral("att-1"), 401));
        QCOMPARE(over.status, 429);
        QCOMPARE(over.errorCode, QByteArray("upload_quota"));
        QVERIFY(std::any_of(over.headers.cbegin(), over.headers.cend(), [](const auto &header) {
            return header.first == "Retry-After" && header.second.toInt() > 0;
        }));
        // Up to the quota exactly; asking again for an upload that exists costs nothing new.
        QCOMPARE(hub.createUpload(first->identity, createBody(packet, QStringLiteral("att-1"), 400)).status, 201);
        QCOMPARE(hub.createUpload(first->identity, createBody(packet, QStringLiteral("att-0"), 600)).status, 200);
        QCOMPARE(hub.createUpload(second->identity, createBody(packet, QStringLiteral("att-0"), 1000)).status, 201);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM uploads WHERE device_id = ?"), {first->identity.id}), 2);
    }

    // Uploads never bound to a packet go away after the configured age, bytes and all; bound ones
    // and younger ones stay, and the quota they held is free again.
    void unboundUploadsExpire()
    {
        HubLimits limits;
        limits.maxUnboundUploadBytes = 1000;
        limits.uploadExpirySecs = 3600;
        HubService hub = service(limits);
        const auto device = enroll(hub);
        QVERIFY(device);
        const QString packet = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const Reply old = hub.createUpload(device->identity, createBody(packet, QStringLiteral("att-0"), 500));
        QCOMPARE(old.status, 201);
        const QString oldId = QJsonDocument::fromJson(old.body).object().value(QStringLiteral("uploadId")).toString();
        QCOMPARE(hub.appendUpload(device->identity, oldId, "0", QByteArray(100, 'a')).status, 204);
        const Reply kept = hub.createUpload(device->identity, createBody(packet, QStringLiteral("att-1"), 100));
        const QString keptId = QJsonDocument::fromJson(kept.body).object().value(QStringLiteral("uploadId")).toString();
        QVERIFY(m_db.exec(QStringLiteral("UPDATE uploads SET bound = 1 WHERE id = ?"), {keptId}).ok());
        m_clock.advanceSecs(1800);
        const Reply young = hub.createUpload(device->identity, createBody(packet, QStringLiteral("att-2"), 300));
        QCOMPARE(young.status, 201);
        const QString youngId =
            QJsonDocument::fromJson(young.body).object().value(QStringLiteral("uploadId")).toString();

        m_clock.advanceSecs(1799);
        QCOMPARE(hub.purgeExpiredUploads(device->identity.id).value(), 0);
        QCOMPARE(hub.uploadStatus(device->identity, oldId).status, 200);
        m_clock.advanceSecs(2);
        QCOMPARE(hub.purgeExpiredUploads(device->identity.id).value(), 1);
        QCOMPARE(hub.uploadStatus(device->identity, oldId).status, 404);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM upload_chunks WHERE upload_id = ?"), {oldId}), 0);
        QCOMPARE(hub.uploadStatus(device->identity, keptId).status, 200);
        QCOMPARE(hub.uploadStatus(device->identity, youngId).status, 200);
        // The quota the expired upload held is free again; a new upload purges its device's
        // expired ones itself, without waiting for the periodic purge.
        QCOMPARE(hub.createUpload(device->identity, createBody(packet, QStringLiteral("att-3"), 700)).status, 201);
        m_clock.advanceSecs(1800);
        QCOMPARE(hub.createUpload(device->identity, createBody(packet, QStringLiteral("att-4"), 300)).status, 201);
        QCOMPARE(hub.uploadStatus(device->identity, youngId).status, 404);
        // The periodic purge takes every device's expired uploads and leaves bound ones.
        m_clock.advanceSecs(3601);
        QVERIFY(hub.purgeExpiredUploads().value() >= 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM uploads WHERE bound = 0")), 0);
        QCOMPARE(hub.uploadStatus(device->identity, keptId).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestHubRules)
#include "tst_hubrules.moc"
