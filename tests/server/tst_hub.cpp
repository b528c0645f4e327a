// The hub end to end through its HTTP API, as a separate process on loopback, on SQLite or on a
// throwaway PostgreSQL cluster (OW_HUB_BACKEND): enrollment, sealed packets with resumable
// attachments, signed receipts, department queues, decisions flowing back as events,
// idempotency, attacks that must store nothing, import from removable media.

#include "HubFixture.h"
#include "HubTestBackend.h"
#include "TestSupport.h"

#include "crypto/Packet.h"
#include "crypto/Receipt.h"
#include "domain/WorkingDayClock.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "scan/CodeSigning.h"
#include "scan/SignedCodes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <QElapsedTimer>

#include <array>
#include <atomic>
#include <chrono>
#include <latch>
#include <limits>
#include <thread>

#include <sys/stat.h>

using namespace ow;
using namespace ow::test;

namespace {

const QString Health = QStringLiteral("11341125MB17731876");       // senior-citizen-card
const QString CivilAffairs = QStringLiteral("11341125MB1772416M"); // elderly-allowance
const QString Password = QStringLiteral("Reviewer#2024pass");

QByteArray bearer(const QByteArray &token)
{
    return "Bearer " + token;
}

// Rebuilds an envelope after editing its manifest (and optionally its payload blob), re-signing
// with `signer` when given: the way a holder of a device key, or an intruder without one, forges.
QByteArray forge(const QByteArray &envelope,
                 const std::function<void(QJsonObject &manifest, QByteArray &payload)> &edit,
                 const crypto::PrivateKey *signer)
{
    QJsonObject outer = QJsonDocument::fromJson(envelope).object();
    QJsonObject manifest =
        QJsonDocument::fromJson(QByteArray::fromBase64(outer.value(QStringLiteral("manifest")).toString().toLatin1()))
            .object();
    QJsonArray parts = outer.value(QStringLiteral("parts")).toArray();
    QJsonObject payloadPart = parts[0].toObject();
    QByteArray payload = QByteArray::fromBase64(payloadPart.value(QStringLiteral("data")).toString().toLatin1());
    edit(manifest, payload);
    payloadPart[QStringLiteral("data")] = QString::fromLatin1(payload.toBase64());
    parts[0] = payloadPart;
    outer[QStringLiteral("parts")] = parts;
    const QByteArray manifestBytes = crypto::canonicalJson(manifest);
    outer[QStringLiteral("manifest")] = QString::fromLatin1(manifestBytes.toBase64());
    if (signer)
        outer[QStringLiteral("signature")] =
            QString::fromLatin1(crypto::sign(*signer, manifestBytes).value().toBase64());
    return crypto::canonicalJson(outer);
}

} // namespace

class TestHub : public QObject
{
    Q_OBJECT

private:
    HubTestBackend m_backend;
    std::unique_ptr<HubFixture> m_hub;
    std::unique_ptr<HubTestDevice> m_device;
    qint64 m_sequence = 1;
    int m_caseCounter = 0;
    int m_devices = 0;

    // A new case number of `device`'s series (its prefix was reserved at enrollment).
    QString nextCaseId(const HubTestDevice &device)
    {
        return QStringLiteral("%1-%2").arg(device.casePrefix()).arg(++m_caseCounter, 6, 10, QLatin1Char('0'));
    }

    std::unique_ptr<HubTestDevice> enrolledDevice(crypto::Suite suite = crypto::DefaultSuite)
    {
        auto device = std::make_unique<HubTestDevice>(*m_hub, suite);
        device->setCasePrefix(QStringLiteral("T%1%2").arg(m_backend.name()).arg(++m_devices));
        const HttpResponse response = device->enroll(m_hub->enrollCode());
        if (response.status != 201)
            qWarning("enroll failed: %d %s", response.status, response.body.constData());
        return device;
    }

    qint64 packetCount() { return m_hub->stats().value(QStringLiteral("packets")).toInteger(-1); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_hub = std::make_unique<HubFixture>(url);
        QVERIFY2(m_hub->start(), m_hub->log().constData());
        QVERIFY(m_hub->addOperator(QStringLiteral("health.reviewer"), QStringLiteral("reviewer"), Health, Password));
        QVERIFY(
            m_hub->addOperator(QStringLiteral("civil.reviewer"), QStringLiteral("reviewer"), CivilAffairs, Password));
        QVERIFY(m_hub->addOperator(QStringLiteral("supervisor"), QStringLiteral("supervisor"), QString(), Password));
        m_device = enrolledDevice();
        QVERIFY(m_device->isEnrolled());
    }

    void cleanupTestCase()
    {
        if (m_hub)
            m_hub->stop();
    }

    void healthAndMetrics()
    {
        const HttpResponse health = m_hub->adminGet("/healthz");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("db")).toString(), QStringLiteral("ok"));
        // Only on the administration listener: the public one does not know them.
        QCOMPARE(m_hub->get("/healthz").status, 404);
        QCOMPARE(m_hub->get("/metrics").status, 404);
        const HttpResponse metrics = m_hub->adminGet("/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.headers.value("content-type").startsWith("text/plain"));
        QVERIFY(metrics.body.contains("\now_hub_up 1\n"));
        QVERIFY(metrics.body.contains("ow_hub_requests_total{route=\"healthz\",status=\"200\"} "));
    }

    void endToEnd_data()
    {
        QTest::addColumn<crypto::Suite>("suite");
        QTest::addColumn<int>("attachmentBytes");
        QTest::newRow("gm with a 1 MB attachment") << crypto::Suite::Gm << 1024 * 1024;
        QTest::newRow("intl") << crypto::Suite::Intl << 0;
    }
    void endToEnd()
    {
        QFETCH(crypto::Suite, suite);
        QFETCH(int, attachmentBytes);
        auto device = enrolledDevice(suite);
        QVERIFY(device->isEnrolled());
        const QString caseId = nextCaseId(*device);
        const crypto::SealedPacket packet =
            device->seal(device->sampleContent(caseId, QStringLiteral("senior-citizen-card"), attachmentBytes), 1);
        QCOMPARE(packet.externalParts.size(), attachmentBytes > 0 ? 1 : 0);
        if (attachmentBytes > 0) {
            // Resumable upload: create, send part of it, ask where to resume, finish.
            const crypto::SealedPart &part = packet.externalParts.first();
            const QByteArray create =
                QJsonDocument(QJsonObject{{QStringLiteral("packetId"), packet.packetId},
                                          {QStringLiteral("name"), part.name},
                                          {QStringLiteral("length"), part.blob.size()},
                                          {QStringLiteral("digest"), QString::fromLatin1(part.digest)}})
                    .toJson(QJsonDocument::Compact);
            // The packet cannot be stored before its attachment is there.
            QCOMPARE(device->postPacket(packet.envelope).error(), QByteArray("attachment_missing"));
            const HttpResponse created =
                device->send(device->signedRequest("POST", "/v1/uploads", create, "application/json"));
            QCOMPARE(created.status, 201);
            QCOMPARE(created.headers.value("tus-resumable"), QByteArray("1.0.0"));
            const QByteArray location = created.headers.value("location");
            QVERIFY(location.startsWith("/v1/uploads/"));
            const HttpResponse appended = device->send(device->signedPatch(location, part.blob.left(300000), 0));
            QCOMPARE(appended.status, 204);
            QCOMPARE(appended.headers.value("upload-offset"), QByteArray("300000"));
            const HttpResponse head = device->send(device->signedRequest("HEAD", location));
            QCOMPARE(head.status, 200);
            QCOMPARE(head.headers.value("upload-offset"), QByteArray("300000"));
            QCOMPARE(head.headers.value("upload-length").toLongLong(), qint64(part.blob.size()));
            // A stale offset is refused and the stored one is given back.
            const HttpResponse refused = device->send(device->signedPatch(location, part.blob.left(10), 0));
            QCOMPARE(refused.status, 409);
            QCOMPARE(refused.headers.value("upload-offset"), QByteArray("300000"));
            // Creating again finds the same upload (a client that lost the Location).
            const HttpResponse again =
                device->send(device->signedRequest("POST", "/v1/uploads", create, "application/json"));
            QCOMPARE(again.status, 200);
            QCOMPARE(again.headers.value("location"), location);
            QCOMPARE(device->send(device->signedPatch(location, part.blob.mid(300000), 300000)).status, 204);
        }

        const HttpResponse stored = device->postPacket(packet.envelope);
        QCOMPARE(stored.status, 201);
        auto receipt = crypto::verifyReceipt(stored.body, device->hubSigningKey());
        OW_VERIFY_OK(receipt);
        QCOMPARE(receipt->packetId, packet.packetId);
        QCOMPARE(receipt->deviceId, device->deviceId());
        QCOMPARE(receipt->caseId, caseId);
        QCOMPARE(receipt->digest, packet.digest);

        // The reviewer of the item's department sees it and opens it.
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!token.isEmpty());
        const HttpResponse queue = m_hub->get("/v1/queue", {{"Authorization", bearer(token)}});
        QCOMPARE(queue.status, 200);
        bool listed = false;
        for (const QJsonValue &entry : queue.json().value(QStringLiteral("cases")).toArray())
            listed = listed || entry.toObject().value(QStringLiteral("caseId")).toString() == caseId;
        QVERIFY(listed);
        const HttpResponse detail = m_hub->get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", bearer(token)}});
        QCOMPARE(detail.status, 200);
        const QJsonObject payload = detail.json().value(QStringLiteral("payload")).toObject();
        QCOMPARE(payload.value(QStringLiteral("form")).toObject().value(QStringLiteral("phone")).toString(),
                 QStringLiteral("13800000000"));
        QCOMPARE(detail.json().value(QStringLiteral("attachments")).toArray().size(), attachmentBytes > 0 ? 1 : 0);

        // The decision becomes an event in the originating device's feed, after the received event.
        const HttpResponse decided =
            m_hub->decide(token, caseId, packet.packetId, QStringLiteral("approved"), QStringLiteral("材料齐全"));
        QCOMPARE(decided.status, 200);
        QCOMPARE(m_hub->decide(token, caseId, packet.packetId, QStringLiteral("denied"), QStringLiteral("x")).error(),
                 QByteArray("already_decided"));
        const HttpResponse feed = device->events("0", 1);
        QCOMPARE(feed.status, 200);
        QJsonArray events = feed.json().value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("received"));
        QVERIFY(feed.json().value(QStringLiteral("more")).toBool());
        const HttpResponse rest = device->events(feed.json().value(QStringLiteral("next")).toString().toLatin1());
        events = rest.json().value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 1);
        const QJsonObject decision = events[0].toObject();
        QCOMPARE(decision.value(QStringLiteral("type")).toString(), QStringLiteral("decision"));
        QCOMPARE(decision.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(decision.value(QStringLiteral("caseId")).toString(), caseId);
        QCOMPARE(decision.value(QStringLiteral("opinion")).toString(), QStringLiteral("材料齐全"));
        QVERIFY(!rest.json().value(QStringLiteral("more")).toBool());
        // Another device sees none of it.
        QCOMPARE(m_device->events().json().value(QStringLiteral("events")).toArray().size(), 0);
        // Opening and deciding the case are audited.
        const QJsonObject audit = m_hub->stats().value(QStringLiteral("audit")).toObject();
        QVERIFY(audit.value(QStringLiteral("case_open/ok")).toInteger() >= 1);
        QVERIFY(audit.value(QStringLiteral("decision/approved")).toInteger() >= 1);
        QVERIFY(audit.value(QStringLiteral("enroll/ok")).toInteger() >= 2);
    }

    // A receipt printed by one kiosk, shown at another: the hub verifies the code and answers
    // with states, times, departments and who used the data, never the applicant's data.
    void progressQueryFromAnyDevice()
    {
        auto issuer = enrolledDevice(crypto::Suite::Gm);
        QVERIFY(issuer->isEnrolled());
        const QString caseId = nextCaseId(*issuer);
        const crypto::SealedPacket packet = issuer->seal(issuer->sampleContent(caseId), 1);
        QCOMPARE(issuer->postPacket(packet.envelope).status, 201);
        auto key = scan::codeSigning::fromPrivateDer(issuer->signingKey().toDer());
        OW_VERIFY_OK(key);
        const auto receiptCode = [&](const QString &number) {
            auto made = scan::signedCodes::makeCaseReceipt(
                *key, {issuer->deviceId(), number, QDateTime::currentDateTimeUtc().addSecs(-60)});
            return made.ok() ? QString::fromUtf8(*made) : QString();
        };
        const auto ask = [&](const HubTestDevice &at, const QString &code) {
            const QByteArray body = protocol::toBytes(protocol::ProgressQuery{code}.toJson());
            return at.send(at.signedRequest("POST", "/v1/progress", body, "application/json"));
        };
        const QString code = receiptCode(caseId);
        QVERIFY(!code.isEmpty());

        HttpResponse answer = ask(*m_device, code);
        QCOMPARE(answer.status, 200);
        auto parsed = protocol::ProgressAnswer::fromJson(answer.json());
        OW_VERIFY_OK(parsed);
        QCOMPARE(parsed->caseId, caseId);
        QCOMPARE(parsed->state, CaseState::Received);
        QCOMPARE(parsed->steps.size(), 1);
        QCOMPARE(parsed->steps[0].type, protocol::EventType::Received);

        // The reviewer opens the case and asks for a correction: both appear, by role and department.
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QCOMPARE(m_hub->get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", bearer(token)}}).status, 200);
        QCOMPARE(m_hub
                     ->decide(token, caseId, packet.packetId, QStringLiteral("correctionRequested"),
                              QStringLiteral("请补充户口簿"))
                     .status,
                 200);
        answer = ask(*m_device, code);
        QCOMPARE(answer.status, 200);
        parsed = protocol::ProgressAnswer::fromJson(answer.json());
        OW_VERIFY_OK(parsed);
        QCOMPARE(parsed->state, CaseState::CorrectionRequested);
        QCOMPARE(parsed->steps.size(), 2);
        QCOMPARE(parsed->steps[1].state, CaseState::CorrectionRequested);
        QStringList uses;
        for (const protocol::DataUse &use : parsed->dataUse)
            uses << use.actor + QLatin1Char('/') + use.action;
        QVERIFY2(uses.contains(QStringLiteral("reviewer/case_open")), qPrintable(uses.join(u',')));
        QVERIFY2(uses.contains(QStringLiteral("reviewer/decision")), qPrintable(uses.join(u',')));
        QVERIFY2(uses.contains(QStringLiteral("device/progress_query")), qPrintable(uses.join(u',')));
        // Nothing of the applicant, the opinion or the operator's name travels in the answer.
        QVERIFY(!answer.body.contains("13800000000"));
        QVERIFY(!answer.body.contains("health.reviewer"));
        QVERIFY(!answer.body.contains(QStringLiteral("户口簿").toUtf8()));

        // A forged code, a code for a case that does not exist and a code of an unknown device get
        // one and the same answer.
        QString forged = code;
        forged.replace(caseId, nextCaseId(*issuer));
        const HttpResponse refusedForged = ask(*m_device, forged);
        const HttpResponse refusedUnknown = ask(*m_device, receiptCode(nextCaseId(*issuer)));
        QString stranger = code;
        stranger.replace(issuer->deviceId(), QStringLiteral("D-NOBODY"));
        const HttpResponse refusedStranger = ask(*m_device, stranger);
        for (const HttpResponse *r : {&refusedForged, &refusedUnknown, &refusedStranger}) {
            QCOMPARE(r->status, 404);
            QCOMPARE(r->error(), QByteArray("unknown_receipt"));
            QCOMPARE(r->body, refusedForged.body);
        }
        QCOMPARE(ask(*m_device, QStringLiteral("not a receipt")).status, 404);
        // Only enrolled devices may ask.
        const QByteArray body = protocol::toBytes(protocol::ProgressQuery{code}.toJson());
        HttpRequest unsigned_;
        unsigned_.method = "POST";
        unsigned_.target = "/v1/progress";
        unsigned_.body = body;
        unsigned_.headers = {{"Content-Type", "application/json"}};
        QCOMPARE(m_hub->request(unsigned_).status, 401);
    }

    // Protocol 1.10: the window that took a case hands the result over (出件) once it is decided;
    // the issued step reaches the device's events and any kiosk's progress query.
    void issuingTheResult()
    {
        auto desk = enrolledDevice(crypto::Suite::Gm);
        QVERIFY(desk->isEnrolled());
        const QString caseId = nextCaseId(*desk);
        const crypto::SealedPacket packet = desk->seal(desk->sampleContent(caseId), 1);
        QCOMPARE(desk->postPacket(packet.envelope).status, 201);
        const auto issue = [&](const HubTestDevice &by, const QString &id, const QString &packetId,
                               const QString &method = QStringLiteral("inPerson")) {
            const QByteArray body = protocol::toBytes(
                QJsonObject{{QStringLiteral("packetId"), packetId}, {QStringLiteral("method"), method}});
            return by.send(by.signedRequest("POST", "/v1/cases/" + id.toLatin1() + "/issue", body, "application/json"));
        };

        // Not decided yet: nothing to hand over.
        HttpResponse r = issue(*desk, caseId, packet.packetId);
        QCOMPARE(r.status, 409);
        QCOMPARE(r.error(), QByteArray("not_decided"));
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QCOMPARE(m_hub->decide(token, caseId, packet.packetId, QStringLiteral("approved"), QString()).status, 200);

        // Another device, an unknown case: one answer. Another packet: stale. A way not known: 400.
        QCOMPARE(issue(*m_device, caseId, packet.packetId).status, 404);
        QCOMPARE(issue(*desk, nextCaseId(*desk), packet.packetId).status, 404);
        r = issue(*desk, caseId, QUuid::createUuid().toString(QUuid::WithoutBraces));
        QCOMPARE(r.status, 409);
        QCOMPARE(r.error(), QByteArray("stale"));
        QCOMPARE(issue(*desk, caseId, packet.packetId, QStringLiteral("pigeon")).status, 400);
        // An operator is no device: only the window's device issues.
        HttpRequest asOperator;
        asOperator.method = "POST";
        asOperator.target = "/v1/cases/" + caseId.toLatin1() + "/issue";
        asOperator.body =
            protocol::toBytes(protocol::IssueRequest{packet.packetId, protocol::IssueMethod::Mail}.toJson());
        asOperator.headers = {{"Content-Type", "application/json"}, {"Authorization", bearer(token)}};
        QCOMPARE(m_hub->request(asOperator).status, 401);

        r = issue(*desk, caseId, packet.packetId, QStringLiteral("mail"));
        QCOMPARE(r.status, 200);
        auto answer = protocol::IssueAnswer::fromJson(r.json());
        OW_VERIFY_OK(answer);
        QCOMPARE(answer->state, CaseState::Issued);
        // Sent again (the outbox did not hear the first answer): the same answer, one event.
        const HttpResponse again = issue(*desk, caseId, packet.packetId, QStringLiteral("mail"));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json(), r.json());
        // A reviewer cannot decide it again.
        QCOMPARE(m_hub->decide(token, caseId, packet.packetId, QStringLiteral("denied"), QStringLiteral("x")).status,
                 409);

        auto page = protocol::EventsPage::fromJson(desk->events().json());
        OW_VERIFY_OK(page);
        QStringList types;
        for (const protocol::Event &e : page->events)
            types << protocol::eventType::key(e.type) + QLatin1Char('/') + caseState::key(e.state);
        QCOMPARE(types, (QStringList{"received/received", "decision/approved", "issued/issued"}));

        // Any kiosk's progress query shows the issued step; the way is not in the answer.
        auto key = scan::codeSigning::fromPrivateDer(desk->signingKey().toDer());
        OW_VERIFY_OK(key);
        auto code = scan::signedCodes::makeCaseReceipt(
            *key, {desk->deviceId(), caseId, QDateTime::currentDateTimeUtc().addSecs(-60)});
        OW_VERIFY_OK(code);
        const HttpResponse progress = m_device->send(m_device->signedRequest(
            "POST", "/v1/progress", protocol::toBytes(protocol::ProgressQuery{QString::fromUtf8(*code)}.toJson()),
            "application/json"));
        QCOMPARE(progress.status, 200);
        auto shown = protocol::ProgressAnswer::fromJson(progress.json());
        OW_VERIFY_OK(shown);
        QCOMPARE(shown->state, CaseState::Issued);
        QCOMPARE(shown->steps.size(), 3);
        QCOMPARE(shown->steps[2].type, protocol::EventType::Issued);
        QCOMPARE(shown->steps[2].state, CaseState::Issued);
        QVERIFY(!progress.body.contains("mail"));
        QStringList uses;
        for (const protocol::DataUse &use : shown->dataUse)
            uses << use.actor + QLatin1Char('/') + use.action;
        QVERIFY2(uses.contains(QStringLiteral("device/issue")), qPrintable(uses.join(u',')));
    }

    void idempotency()
    {
        const QString caseId = nextCaseId(*m_device);
        const crypto::SealedPacket packet = m_device->seal(m_device->sampleContent(caseId), ++m_sequence);
        const qint64 before = packetCount();
        const HttpResponse first = m_device->postPacket(packet.envelope);
        QCOMPARE(first.status, 201);
        const HttpResponse second = m_device->postPacket(packet.envelope);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.body, first.body); // the same receipt, byte for byte
        QCOMPARE(packetCount(), before + 1);
        // Same id, different content: a conflict, never stored.
        const crypto::SealedPacket other = m_device->seal(
            m_device->sampleContent(caseId, QStringLiteral("elderly-allowance")), m_sequence, packet.packetId);
        const HttpResponse conflict = m_device->postPacket(other.envelope);
        QCOMPARE(conflict.status, 409);
        QCOMPARE(conflict.error(), QByteArray("digest_conflict"));
        QCOMPARE(packetCount(), before + 1);
        const QJsonObject stats = m_hub->stats();
        QCOMPARE(stats.value(QStringLiteral("distinctPackets")), stats.value(QStringLiteral("packets")));
    }

    // 1.19: the packet's own signature by the sending device authenticates its POST; the request
    // signature is checked only when the packet does not verify with that device's key.
    void packetSignatureAuthenticatesItsPost()
    {
        const qint64 before = packetCount();
        const crypto::SealedPacket packet =
            m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), ++m_sequence);
        HttpRequest mismatched = m_device->signedRequest("POST", "/v1/packets", "{}", crypto::PacketContentType);
        mismatched.body = packet.envelope;
        const HttpResponse stored = m_device->send(mismatched);
        QVERIFY2(stored.status == 201, stored.body.constData());
        QCOMPARE(packetCount(), before + 1);
        // Another enrolled device's header on this device's packet: the packet does not verify
        // with that device's key, so its request signature is checked, and is wrong.
        auto other = enrolledDevice();
        QVERIFY(other->isEnrolled());
        const crypto::SealedPacket second =
            m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), ++m_sequence);
        HttpRequest borrowed = other->signedRequest("POST", "/v1/packets", "{}", crypto::PacketContentType);
        borrowed.body = second.envelope;
        const HttpResponse refused = other->send(borrowed);
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.error(), QByteArray("bad_signature"));
        // The time is still checked.
        const HttpResponse stale =
            m_device->send(m_device->signedRequest("POST", "/v1/packets", second.envelope, crypto::PacketContentType,
                                                   QDateTime::currentSecsSinceEpoch() - 3600));
        QCOMPARE(stale.status, 401);
        QCOMPARE(stale.error(), QByteArray("clock_skew"));
        QCOMPARE(packetCount(), before + 1);
    }

    void catalogEtag()
    {
        const HttpResponse first = m_device->send(m_device->signedRequest("GET", "/v1/catalog"));
        QCOMPARE(first.status, 200);
        const QByteArray etag = first.headers.value("etag");
        QVERIFY(etag.startsWith('"'));
        QVERIFY(first.json().value(QStringLiteral("items")).toArray().size() >= 10);
        HttpRequest conditional = m_device->signedRequest("GET", "/v1/catalog");
        conditional.headers.append(QPair<QByteArray, QByteArray>("If-None-Match", etag));
        const HttpResponse unchanged = m_device->send(conditional);
        QCOMPARE(unchanged.status, 304);
        QVERIFY(unchanged.body.isEmpty());
        QCOMPARE(m_hub->get("/v1/catalog").status, 401);
    }

    // A county enrolling a batch of kiosks: one admin command, one code a line, each good once.
    void enrollCodesInABatch()
    {
        const QStringList codes = m_hub->enrollCodes(3);
        QCOMPARE(codes.size(), 3);
        QCOMPARE(QSet<QString>(codes.cbegin(), codes.cend()).size(), 3);
        for (const QString &code : codes) {
            HubTestDevice device(*m_hub);
            QCOMPARE(device.enroll(code).status, 201);
            HubTestDevice again(*m_hub);
            const HttpResponse reused = again.enroll(code);
            QCOMPARE(reused.status, 403);
            QCOMPARE(reused.error(), QByteArray("enroll_code_invalid"));
        }
        QByteArray errors;
        QVERIFY(m_hub->runCommand({QStringLiteral("enroll-code"), QStringLiteral("--count"), QStringLiteral("0")}, {},
                                  nullptr, &errors) != 0);
        QVERIFY(!errors.isEmpty());
    }

    void attacksAreRefusedAndStoreNothing()
    {
        auto other = enrolledDevice();
        auto intl = enrolledDevice(crypto::Suite::Intl);
        auto revoked = enrolledDevice();
        QVERIFY(other->isEnrolled() && intl->isEnrolled() && revoked->isEnrolled());
        QVERIFY(m_hub->revokeDevice(revoked->deviceId()));
        const QByteArray healthToken = m_hub->login(QStringLiteral("health.reviewer"), Password);
        const QByteArray civilToken = m_hub->login(QStringLiteral("civil.reviewer"), Password);
        QVERIFY(!healthToken.isEmpty() && !civilToken.isEmpty());
        // A case of the health department to try to read from civil affairs.
        const QString healthCase = nextCaseId(*m_device);
        const crypto::SealedPacket healthPacket = m_device->seal(m_device->sampleContent(healthCase), ++m_sequence);
        QCOMPARE(m_device->postPacket(healthPacket.envelope).status, 201);

        const QJsonObject before = m_hub->stats();
        const crypto::SealedPacket good = m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), ++m_sequence);
        const crypto::PrivateKey deviceKey = m_device->signingKey();

        struct Attack
        {
            const char *name;
            std::function<HttpResponse()> run;
            int status;
            QByteArray error; // empty: any
        };
        const QList<Attack> attacks = {
            {"tampered ciphertext",
             [&] {
                 return m_device->postPacket(forge(
                     good.envelope, [](QJsonObject &, QByteArray &p) { p[40] = char(p[40] ^ 1); }, nullptr));
             },
             400, "digest_mismatch"},
            {"tampered ciphertext, digest fixed and re-signed by the device",
             [&] {
                 return m_device->postPacket(forge(
                     good.envelope,
                     [&](QJsonObject &m, QByteArray &p) {
                         p[40] = char(p[40] ^ 1);
                         QJsonArray parts = m.value(QStringLiteral("parts")).toArray();
                         QJsonObject part = parts[0].toObject();
                         part[QStringLiteral("digest")] =
                             QString::fromLatin1(crypto::suiteDigestHex(crypto::Suite::Gm, p));
                         parts[0] = part;
                         m[QStringLiteral("parts")] = parts;
                     },
                     &deviceKey));
             },
             400, "decrypt_failed"},
            {"tampered manifest",
             [&] {
                 return m_device->postPacket(forge(
                     good.envelope,
                     [](QJsonObject &m, QByteArray &) {
                         m[QStringLiteral("itemId")] = QStringLiteral("elderly-allowance");
                     },
                     nullptr));
             },
             400, "bad_signature"},
            {"manifest signed by another enrolled device",
             [&] {
                 const crypto::PrivateKey otherKey = other->signingKey();
                 return m_device->postPacket(forge(
                     good.envelope, [](QJsonObject &, QByteArray &) {}, &otherKey));
             },
             400, "bad_signature"},
            {"another device posting this device's packet", [&] { return other->postPacket(good.envelope); }, 403,
             "device_mismatch"},
            {"replayed packet with a new id",
             [&] {
                 return m_device->postPacket(forge(
                     good.envelope,
                     [](QJsonObject &m, QByteArray &) {
                         m[QStringLiteral("packetId")] = QUuid::createUuid().toString(QUuid::WithoutBraces);
                     },
                     nullptr));
             },
             400, "bad_signature"},
            {"stored packet's sequence reused under a new id",
             [&] {
                 return m_device->postPacket(
                     m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), m_sequence - 1).envelope);
             },
             409, "sequence_reused"},
            {"unknown device",
             [&] {
                 HubTestDevice stranger(*m_hub);
                 stranger.setDeviceId(QStringLiteral("d-0000000000000000"));
                 return stranger.postPacket(good.envelope);
             },
             401, "device_unknown"},
            {"revoked device",
             [&] {
                 return revoked->postPacket(revoked->seal(revoked->sampleContent(nextCaseId(*m_device)), 1).envelope);
             },
             401, "device_revoked"},
            {"reused enrollment code",
             [&] {
                 const QString code = m_hub->enrollCode();
                 HubTestDevice first(*m_hub);
                 if (first.enroll(code).status != 201)
                     return HttpResponse{};
                 HubTestDevice second(*m_hub);
                 return second.enroll(code);
             },
             403, "enroll_code_invalid"},
            {"enrollment with another key's proof",
             [&] {
                 const QString code = m_hub->enrollCode();
                 HubTestDevice device(*m_hub);
                 const crypto::PrivateKey realKey = device.signingKey();
                 device.setSigningKey(other->signingKey());
                 HttpResponse r = device.enroll(code); // proof made with other's key, public key also other's
                 if (r.status != 409 && r.status != 403)
                     return r;
                 device.setSigningKey(realKey);
                 QJsonObject body{
                     {QStringLiteral("code"), code},
                     {QStringLiteral("suite"), QStringLiteral("gm")},
                     {QStringLiteral("name"), QStringLiteral("x")},
                     {QStringLiteral("signingKey"), QString::fromLatin1(realKey.publicKey().toPem())},
                     {QStringLiteral("proof"),
                      QString::fromLatin1(crypto::sign(other->signingKey(), "OW1-ENROLL\nX").value().toBase64())}};
                 return m_hub->postJson("/v1/enroll", body);
             },
             403, "bad_proof"},
            {"oversize body", [&] { return m_device->postPacket(QByteArray(5 * 1024 * 1024, 'x')); }, 413, "too_large"},
            {"declared oversize body, nothing sent",
             [&] {
                 return rawExchange(m_hub->port(),
                                    "POST /v1/packets HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                    "application/vnd.onewindow.packet+json\r\nContent-Length: 1000000000\r\n\r\n");
             },
             413, "too_large"},
            {"chunked body",
             [&] {
                 return rawExchange(m_hub->port(), "POST /v1/packets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                                   "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
             },
             411, "length_required"},
            {"wrong content type",
             [&] {
                 return m_device->send(
                     m_device->signedRequest("POST", "/v1/packets", good.envelope, "application/json"));
             },
             415, "unsupported_media_type"},
            {"missing auth",
             [&] {
                 HttpRequest r;
                 r.method = "POST";
                 r.target = "/v1/packets";
                 r.body = good.envelope;
                 r.headers = {{"Content-Type", crypto::PacketContentType}};
                 return m_hub->request(r);
             },
             401, "auth_missing"},
            {"request signature over another body, packet not signed by the device either",
             [&] {
                 HttpRequest r = m_device->signedRequest("POST", "/v1/packets", "{}", crypto::PacketContentType);
                 r.body = forge(
                     good.envelope,
                     [](QJsonObject &m, QByteArray &) {
                         m[QStringLiteral("itemId")] = QStringLiteral("elderly-allowance");
                     },
                     nullptr);
                 return m_device->send(r);
             },
             401, "bad_signature"},
            {"stale request timestamp",
             [&] {
                 return m_device->send(m_device->signedRequest("POST", "/v1/packets", good.envelope,
                                                               crypto::PacketContentType,
                                                               QDateTime::currentSecsSinceEpoch() - 3600));
             },
             401, "clock_skew"},
            {"bad JSON", [&] { return m_device->postPacket("{\"format\": \"ow-packet/1\", "); }, 400, "bad_json"},
            {"unknown suite",
             [&] {
                 QJsonObject o = QJsonDocument::fromJson(good.envelope).object();
                 o[QStringLiteral("suite")] = QStringLiteral("rsa");
                 return m_device->postPacket(crypto::canonicalJson(o));
             },
             400, "wrong_suite"},
            {"gm packet from an intl device",
             [&] {
                 HubTestDevice gmKeys(*m_hub, crypto::Suite::Gm);
                 gmKeys.setDeviceId(intl->deviceId());
                 const crypto::PacketSealer sealer(crypto::Suite::Gm, gmKeys.signingKey(), m_device->hubEncryptionKey(),
                                                   intl->deviceId());
                 const auto sealed =
                     sealer.seal(m_device->sampleContent(nextCaseId(*m_device)), 5, QDateTime::currentDateTimeUtc());
                 return intl->postPacket(sealed.value().envelope);
             },
             400, "wrong_suite"},
            {"unknown service item",
             [&] {
                 return m_device->postPacket(
                     m_device
                         ->seal(m_device->sampleContent(nextCaseId(*m_device), QStringLiteral("no-such-item")),
                                ++m_sequence)
                         .envelope);
             },
             400, "unknown_item"},
            {"external part never uploaded",
             [&] {
                 return m_device->postPacket(
                     m_device
                         ->seal(m_device->sampleContent(nextCaseId(*m_device), QStringLiteral("senior-citizen-card"),
                                                        1000),
                                ++m_sequence)
                         .envelope);
             },
             409, "attachment_missing"},
            {"another device's upload",
             [&] {
                 const auto sealed = m_device->seal(
                     m_device->sampleContent(nextCaseId(*m_device), QStringLiteral("senior-citizen-card"), 5000),
                     ++m_sequence);
                 const QByteArray create =
                     QJsonDocument(
                         QJsonObject{{QStringLiteral("packetId"), sealed.packetId},
                                     {QStringLiteral("name"), QStringLiteral("att-0")},
                                     {QStringLiteral("length"), sealed.externalParts[0].blob.size()},
                                     {QStringLiteral("digest"), QString::fromLatin1(sealed.externalParts[0].digest)}})
                         .toJson(QJsonDocument::Compact);
                 const HttpResponse created =
                     m_device->send(m_device->signedRequest("POST", "/v1/uploads", create, "application/json"));
                 return other->send(other->signedRequest("HEAD", created.headers.value("location")));
             },
             404,
             {}},
            {"reviewer reading another department's queue",
             [&] {
                 return m_hub->get("/v1/queue?department=" + Health.toLatin1(),
                                   {{"Authorization", bearer(civilToken)}});
             },
             403, "forbidden_department"},
            // Protocol 1.2: a case the reviewer may not see answers as if it did not exist.
            {"reviewer opening another department's case",
             [&] {
                 return m_hub->get("/v1/cases/" + healthCase.toLatin1(), {{"Authorization", bearer(civilToken)}});
             },
             404, "not_found"},
            {"reviewer deciding another department's case",
             [&] { return m_hub->decide(civilToken, healthCase, healthPacket.packetId, QStringLiteral("approved")); },
             404, "not_found"},
            {"invalid token",
             [&] {
                 return m_hub->get("/v1/queue",
                                   {{"Authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
             },
             401, "token_invalid"},
            {"signed-out token",
             [&] {
                 const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
                 HttpRequest logout;
                 logout.method = "POST";
                 logout.target = "/v1/operators/logout";
                 logout.headers = {{"Authorization", bearer(token)}};
                 if (m_hub->request(logout).status != 204)
                     return HttpResponse{};
                 return m_hub->get("/v1/queue", {{"Authorization", bearer(token)}});
             },
             401, "token_invalid"},
            {"device signature used as operator",
             [&] { return m_device->send(m_device->signedRequest("GET", "/v1/queue")); }, 401, "token_invalid"},
            {"wrong password",
             [&] {
                 HttpResponse r;
                 m_hub->login(QStringLiteral("health.reviewer"), QStringLiteral("not the password"), &r);
                 return r;
             },
             401, "bad_credentials"},
        };

        for (const Attack &attack : attacks) {
            const HttpResponse response = attack.run();
            QVERIFY2(response.status == attack.status,
                     qPrintable(QStringLiteral("%1: status %2, body %3")
                                    .arg(QLatin1String(attack.name))
                                    .arg(response.status)
                                    .arg(QString::fromUtf8(response.body.left(300)))));
            if (!attack.error.isEmpty())
                QVERIFY2(response.error() == attack.error,
                         qPrintable(QStringLiteral("%1: error %2")
                                        .arg(QLatin1String(attack.name), QString::fromLatin1(response.error()))));
        }
        QVERIFY(attacks.size() >= 15);

        const QJsonObject after = m_hub->stats();
        QCOMPARE(after.value(QStringLiteral("packets")), before.value(QStringLiteral("packets")));
        QCOMPARE(after.value(QStringLiteral("cases")), before.value(QStringLiteral("cases")));
        QCOMPARE(after.value(QStringLiteral("events")), before.value(QStringLiteral("events")));
        // And the good packet still goes through afterwards.
        QCOMPARE(m_device->postPacket(good.envelope).status, 201);
        QVERIFY(m_hub->adminGet("/metrics").body.contains("ow_hub_packets_rejected_total{reason=\"bad_signature\"}"));
    }

    void lockoutAfterFailedLogins()
    {
        QVERIFY(m_hub->addOperator(QStringLiteral("lock.target"), QStringLiteral("reviewer"), Health, Password));
        HttpResponse response;
        for (int i = 0; i < 4; ++i) {
            m_hub->login(QStringLiteral("lock.target"), QStringLiteral("wrong password %1").arg(i), &response);
            QCOMPARE(response.status, 401);
        }
        m_hub->login(QStringLiteral("lock.target"), QStringLiteral("wrong again"), &response);
        QCOMPARE(response.status, 423);
        QCOMPARE(response.error(), QByteArray("locked"));
        QVERIFY(response.headers.value("retry-after").toInt() > 0);
        // The right password does not open a locked account.
        QVERIFY(m_hub->login(QStringLiteral("lock.target"), Password, &response).isEmpty());
        QCOMPARE(response.status, 423);
        // Others are not affected.
        QVERIFY(!m_hub->login(QStringLiteral("health.reviewer"), Password).isEmpty());
        // Every attempt is in the audit trail.
        const QJsonObject audit = m_hub->stats().value(QStringLiteral("audit")).toObject();
        QVERIFY(audit.value(QStringLiteral("login/refused")).toInteger() >= 4);
        QVERIFY(audit.value(QStringLiteral("login/refused_and_locked")).toInteger() >= 1);
        QVERIFY(audit.value(QStringLiteral("login/locked")).toInteger() >= 1);
        QVERIFY(audit.value(QStringLiteral("login/ok")).toInteger() >= 1);
    }

    void lockRunsOut()
    {
        QVERIFY(m_hub->start({QStringLiteral("--lockout-seconds"), QStringLiteral("2")}));
        QVERIFY(m_hub->addOperator(QStringLiteral("lock.again"), QStringLiteral("reviewer"), Health, Password));
        HttpResponse response;
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < 4; ++i) {
                m_hub->login(QStringLiteral("lock.again"), QStringLiteral("wrong password"), &response);
                QCOMPARE(response.status, 401);
            }
            m_hub->login(QStringLiteral("lock.again"), QStringLiteral("wrong password"), &response);
            QCOMPARE(response.status, 423); // locked again in the second round too
            QThread::msleep(2100);
        }
        QVERIFY(!m_hub->login(QStringLiteral("lock.again"), Password).isEmpty());
        QVERIFY(m_hub->start());
    }

    void databaseRestartIsSurvived()
    {
        if (!m_backend.isPostgres())
            QSKIP("a database server restart only exists on PostgreSQL");
        QString error;
        QVERIFY2(m_backend.cluster()->restartServer(&error), qPrintable(error));
        // The hub reopens its connection on the next request.
        QCOMPARE(m_hub->adminGet("/healthz").status, 200);
        const crypto::SealedPacket packet =
            m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), ++m_sequence);
        QCOMPARE(m_device->postPacket(packet.envelope).status, 201);
    }

    void expiredToken()
    {
        QVERIFY(m_hub->start({QStringLiteral("--token-ttl-seconds"), QStringLiteral("1")}));
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!token.isEmpty());
        QCOMPARE(m_hub->get("/v1/queue", {{"Authorization", bearer(token)}}).status, 200);
        QThread::msleep(2100);
        const HttpResponse expired = m_hub->get("/v1/queue", {{"Authorization", bearer(token)}});
        QCOMPARE(expired.status, 401);
        QCOMPARE(expired.error(), QByteArray("token_invalid"));
        QVERIFY(m_hub->start());
    }

    void tlsTransport()
    {
        // A throwaway certificate for 127.0.0.1; the client pins it as its only trust anchor.
        QTemporaryDir dir;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                       QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                       QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                       QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-keyout"),
                       dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                       dir.filePath(QStringLiteral("cert.pem"))});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        QString error;
        HubFixture tlsHub(m_backend.newDatabase(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The fixture's readiness probe asks the administration listener (plain HTTP on loopback).
        QVERIFY2(tlsHub.start({QStringLiteral("--tls-cert"), dir.filePath(QStringLiteral("cert.pem")),
                               QStringLiteral("--tls-key"), dir.filePath(QStringLiteral("key.pem"))}),
                 tlsHub.log().constData());
        QVERIFY(tlsHub.port() != 0);
        // The public listener does not speak plain HTTP.
        QCOMPARE(tlsHub.get("/v1/catalog").status, 0);

        QSslSocket socket;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setCaCertificates(QSslCertificate::fromPath(dir.filePath(QStringLiteral("cert.pem"))));
        config.setPeerVerifyMode(QSslSocket::VerifyPeer);
        socket.setSslConfiguration(config);
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), tlsHub.port());
        QVERIFY2(socket.waitForEncrypted(30000), qPrintable(socket.errorString()));
        socket.write("GET /v1/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray answer;
        while (!answer.contains("\"not_found\"") && socket.waitForReadyRead(30000))
            answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 404"), answer.constData());
        QVERIFY(answer.contains("\"not_found\""));
        tlsHub.stop();
    }

    void keepAliveAndPipelining()
    {
        // libcurl reuses connections: requests with bodies followed by others on one connection.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_hub->port());
        QVERIFY(socket.waitForConnected(10000));
        const QByteArray login = R"({"username":"nobody","password":"wrong password"})";
        socket.write(
            "POST /v1/operators/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
            QByteArray::number(login.size()) + "\r\n\r\n" + login + "GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray answer;
        while (!answer.contains("\"not_found\"") && socket.waitForReadyRead(30000))
            answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        QVERIFY(answer.contains("bad_credentials"));
        QVERIFY(answer.contains("HTTP/1.1 404"));
        // The same connection still serves a packet after that.
        const crypto::SealedPacket packet =
            m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), ++m_sequence);
        const HttpRequest post =
            m_device->signedRequest("POST", "/v1/packets", packet.envelope, crypto::PacketContentType);
        QByteArray bytes =
            "POST /v1/packets HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(post.body.size()) + "\r\n";
        for (const auto &[name, value] : post.headers)
            bytes += name + ": " + value + "\r\n";
        socket.write(bytes + "\r\n" + post.body);
        answer.clear();
        while (!answer.contains("\"signature\"") && socket.waitForReadyRead(30000))
            answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 201"), answer.left(200).constData());
    }

    void expectContinueIsAnswered()
    {
        // libcurl sends "Expect: 100-continue" before bodies over 1 MiB and waits for the answer.
        const crypto::SealedPacket packet =
            m_device->seal(m_device->sampleContent(nextCaseId(*m_device)), ++m_sequence);
        const HttpRequest post =
            m_device->signedRequest("POST", "/v1/packets", packet.envelope, crypto::PacketContentType);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_hub->port());
        QVERIFY(socket.waitForConnected(10000));
        QByteArray head = "POST /v1/packets HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " +
                          QByteArray::number(post.body.size()) + "\r\n";
        for (const auto &[name, value] : post.headers)
            head += name + ": " + value + "\r\n";
        socket.write(head + "\r\n");
        QByteArray answer;
        while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(10000))
            answer += socket.readAll();
        QVERIFY2(answer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), answer.constData());
        socket.write(post.body);
        while (!answer.contains("\"signature\"") && socket.waitForReadyRead(30000))
            answer += socket.readAll();
        QVERIFY2(answer.contains("HTTP/1.1 201"), answer.left(300).constData());
    }

    void corruptedUploadIsResetNotBound()
    {
        const crypto::SealedPacket packet = m_device->seal(
            m_device->sampleContent(nextCaseId(*m_device), QStringLiteral("senior-citizen-card"), 70000), ++m_sequence);
        const crypto::SealedPart &part = packet.externalParts.first();
        const QByteArray create =
            QJsonDocument(QJsonObject{{QStringLiteral("packetId"), packet.packetId},
                                      {QStringLiteral("name"), part.name},
                                      {QStringLiteral("length"), part.blob.size()},
                                      {QStringLiteral("digest"), QString::fromLatin1(part.digest)}})
                .toJson(QJsonDocument::Compact);
        const HttpResponse created =
            m_device->send(m_device->signedRequest("POST", "/v1/uploads", create, "application/json"));
        QCOMPARE(created.status, 201);
        QByteArray bent = part.blob;
        bent[100] = static_cast<char>(bent[100] ^ 1);
        const HttpResponse refused = m_device->send(m_device->signedPatch(created.headers.value("location"), bent, 0));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.error(), QByteArray("digest_mismatch"));
        QCOMPARE(m_device->send(m_device->signedRequest("HEAD", created.headers.value("location")))
                     .headers.value("upload-offset"),
                 QByteArray("0"));
        QCOMPARE(m_device->postPacket(packet.envelope).error(), QByteArray("attachment_missing"));
        // Sent again correctly, the packet is accepted.
        QVERIFY(m_device->uploadParts(packet, 30000));
        QCOMPARE(m_device->postPacket(packet.envelope).status, 201);
    }

    // Upload-Offset is signed with the request: a captured PATCH replayed with another offset, or
    // without one, is refused and the upload keeps what it had.
    void replayedPatchWithAnotherOffsetIsRefused()
    {
        const crypto::SealedPacket packet = m_device->seal(
            m_device->sampleContent(nextCaseId(*m_device), QStringLiteral("senior-citizen-card"), 70000), ++m_sequence);
        const crypto::SealedPart &part = packet.externalParts.first();
        const QByteArray create =
            QJsonDocument(QJsonObject{{QStringLiteral("packetId"), packet.packetId},
                                      {QStringLiteral("name"), part.name},
                                      {QStringLiteral("length"), part.blob.size()},
                                      {QStringLiteral("digest"), QString::fromLatin1(part.digest)}})
                .toJson(QJsonDocument::Compact);
        const HttpResponse created =
            m_device->send(m_device->signedRequest("POST", "/v1/uploads", create, "application/json"));
        QCOMPARE(created.status, 201);
        const QByteArray location = created.headers.value("location");
        const HttpRequest captured = m_device->signedPatch(location, part.blob.left(30000), 0);
        QCOMPARE(m_device->send(captured).status, 204);
        const auto replayed = [&](std::optional<QByteArray> offset) {
            HttpRequest replay = captured;
            replay.headers.removeIf([](const auto &header) { return header.first == "Upload-Offset"; });
            if (offset)
                replay.headers.append(QPair<QByteArray, QByteArray>("Upload-Offset", *offset));
            return m_device->send(replay);
        };
        for (const std::optional<QByteArray> &offset :
             {std::optional<QByteArray>("30000"), std::optional<QByteArray>("030000"), std::optional<QByteArray>()}) {
            const HttpResponse refused = replayed(offset);
            QVERIFY2(refused.status == 401, refused.body.constData());
            QCOMPARE(refused.error(), QByteArray("bad_signature"));
        }
        QCOMPARE(m_device->send(m_device->signedRequest("HEAD", location)).headers.value("upload-offset"),
                 QByteArray("30000"));
        // The same bytes, replayed as they were, change nothing (409 with the stored offset).
        const HttpResponse again = m_device->send(captured);
        QCOMPARE(again.status, 409);
        QCOMPARE(again.headers.value("upload-offset"), QByteArray("30000"));
        QVERIFY(m_device->uploadParts(packet, 30000));
        QCOMPARE(m_device->postPacket(packet.envelope).status, 201);
    }

    void correctionAndResubmission()
    {
        auto device = enrolledDevice();
        const QString caseId = nextCaseId(*device);
        const crypto::SealedPacket first = device->seal(device->sampleContent(caseId), 1);
        QCOMPARE(device->postPacket(first.envelope).status, 201);
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        const QList<QPair<QByteArray, QByteArray>> auth = {{"Authorization", bearer(token)}};
        QCOMPARE(m_hub->decide(token, caseId, first.packetId, QStringLiteral("correction_requested")).error(),
                 QByteArray("bad_request")); // an opinion must say what is missing
        QCOMPARE(m_hub
                     ->decide(token, caseId, first.packetId, QStringLiteral("correction_requested"),
                              QStringLiteral("请补充户口簿复印件"))
                     .status,
                 200);
        // The device resubmits the same case as a new packet; it is back in the queue.
        const crypto::SealedPacket second = device->seal(device->sampleContent(caseId), 2);
        QCOMPARE(device->postPacket(second.envelope).status, 201);
        const HttpResponse queue = m_hub->get("/v1/queue?state=received", auth);
        QVERIFY(queue.body.contains(caseId.toUtf8()));
        QCOMPARE(m_hub->decide(token, caseId, second.packetId, QStringLiteral("approved")).status, 200);
        QStringList states;
        for (const QJsonValue &event : device->events().json().value(QStringLiteral("events")).toArray())
            states << event.toObject().value(QStringLiteral("state")).toString();
        QCOMPARE(states, (QStringList{QStringLiteral("received"), QStringLiteral("correctionRequested"),
                                      QStringLiteral("received"), QStringLiteral("approved")}));
        // A supervisor reads every queue but decides nothing.
        const QByteArray supervisor = m_hub->login(QStringLiteral("supervisor"), Password);
        QCOMPARE(m_hub->get("/v1/queue?department=" + CivilAffairs.toLatin1(), {{"Authorization", bearer(supervisor)}})
                     .status,
                 200);
        QCOMPARE(
            m_hub->decide(supervisor, caseId, second.packetId, QStringLiteral("denied"), QStringLiteral("x")).error(),
            QByteArray("forbidden_role"));
    }

    void importFromRemovableMedia()
    {
        // A second hub database cloned from the first right after the device enrolled.
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        m_hub->stop();
        QString error;
        QString cloneUrl;
        QTemporaryDir cloneKeys;
        if (m_backend.isPostgres()) {
            cloneUrl = m_backend.newDatabase(&error, HubTestBackend::databaseName(m_hub->databaseUrl()));
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        HubFixture clone(cloneUrl);
        QVERIFY(QDir().mkpath(clone.dataDir() + QStringLiteral("/keys")));
        for (const QString &name : QDir(m_hub->dataDir() + QStringLiteral("/keys")).entryList(QDir::Files)) {
            QVERIFY(QFile::copy(m_hub->dataDir() + QStringLiteral("/keys/") + name,
                                clone.dataDir() + QStringLiteral("/keys/") + name));
        }
        if (!m_backend.isPostgres()) {
            // The hub was stopped without a checkpoint: the write-ahead log holds the latest commits.
            for (const QString &name : {QStringLiteral("/hub.sqlite"), QStringLiteral("/hub.sqlite-wal")})
                if (QFile::exists(m_hub->dataDir() + name))
                    QVERIFY(QFile::copy(m_hub->dataDir() + name, clone.dataDir() + name));
        }
        QVERIFY(m_hub->start());

        // Six packets (one with an attachment); the first two also go online to the first hub.
        QTemporaryDir media;
        QStringList ids;
        for (int i = 0; i < 6; ++i) {
            const auto packet = device->seal(
                device->sampleContent(nextCaseId(*device), QStringLiteral("senior-citizen-card"), i == 3 ? 200000 : 0),
                i + 1);
            ids << packet.packetId;
            const QString base = media.filePath(QStringLiteral("case-%1").arg(i));
            QFile file(base + QStringLiteral(".owpkt"));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(packet.envelope);
            for (const auto &part : packet.externalParts) {
                QFile blob(base + QLatin1Char('.') + part.name + QStringLiteral(".owatt"));
                QVERIFY(blob.open(QIODevice::WriteOnly));
                blob.write(part.blob);
            }
            if (i < 2)
                QCOMPARE(device->postPacket(packet.envelope).status, 201);
        }
        ids.sort();

        QByteArray out;
        QCOMPARE(m_hub->runCommand({QStringLiteral("import-packets"), media.path()}, {}, &out), 0);
        QCOMPARE(out.count(" duplicate\n"), 2);
        QCOMPARE(out.count(" stored\n"), 4);
        for (HubFixture *hub : {m_hub.get(), &clone}) {
            QVERIFY2(hub->runCommand({QStringLiteral("import-packets"), media.path()}, {}, &out) == 0, out.constData());
            if (hub == &clone) {
                QCOMPARE(out.count(" stored\n"), 6);
                QCOMPARE(hub->runCommand({QStringLiteral("import-packets"), media.path()}, {}, &out), 0);
            }
            QCOMPARE(out.count(" duplicate\n"), 6);
            QStringList present;
            for (const QJsonValue &id : hub->stats().value(QStringLiteral("packetIds")).toArray())
                if (ids.contains(id.toString()))
                    present << id.toString();
            QCOMPARE(present, ids); // all there, each once
        }
        // A damaged file is refused, the rest still counted.
        QFile damaged(media.filePath(QStringLiteral("case-9.owpkt")));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("{\"format\":\"ow-packet/1\"}");
        damaged.close();
        QCOMPARE(clone.runCommand({QStringLiteral("import-packets"), media.path()}, {}, &out), 3);
        QVERIFY(out.contains("case-9.owpkt refused"));
    }

    // A device may send a new packet for a case only while the case waits for its correction, and
    // the case stays in the department that received it first.
    void resubmissionOnlyWhileCorrectionRequested()
    {
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        const QByteArray reviewer = m_hub->login(QStringLiteral("health.reviewer"), Password);
        const QByteArray supervisor = m_hub->login(QStringLiteral("supervisor"), Password);
        QVERIFY(!reviewer.isEmpty() && !supervisor.isEmpty());
        const auto caseAt = [&](const QString &caseId) {
            const QJsonObject detail =
                m_hub->get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", bearer(supervisor)}}).json();
            return QStringList{detail.value(QStringLiteral("state")).toString(),
                               detail.value(QStringLiteral("department")).toString(),
                               detail.value(QStringLiteral("packetId")).toString()};
        };
        const auto refusedAsNotCorrectable = [](const HttpResponse &response) {
            return response.status == 409 && response.error() == "not_correctable";
        };
        const qint64 before = packetCount();
        qint64 sequence = 0;

        // Received and not decided yet: a second packet is refused.
        const QString pending = nextCaseId(*device);
        const crypto::SealedPacket first = device->seal(device->sampleContent(pending), ++sequence);
        QCOMPARE(device->postPacket(first.envelope).status, 201);
        QVERIFY(refusedAsNotCorrectable(
            device->postPacket(device->seal(device->sampleContent(pending), ++sequence).envelope)));
        QCOMPARE(caseAt(pending), (QStringList{QStringLiteral("received"), Health, first.packetId}));

        // Approved or denied: closed, whatever the new packet says.
        for (const QString &decision : {QStringLiteral("approved"), QStringLiteral("denied")}) {
            const QString caseId = nextCaseId(*device);
            const crypto::SealedPacket packet = device->seal(device->sampleContent(caseId), ++sequence);
            QCOMPARE(device->postPacket(packet.envelope).status, 201);
            QCOMPARE(m_hub->decide(reviewer, caseId, packet.packetId, decision, QStringLiteral("不符合条件")).status,
                     200);
            QVERIFY(refusedAsNotCorrectable(
                device->postPacket(device->seal(device->sampleContent(caseId), ++sequence).envelope)));
            QVERIFY(refusedAsNotCorrectable(device->postPacket(
                device->seal(device->sampleContent(caseId, QStringLiteral("elderly-allowance")), ++sequence)
                    .envelope)));
            QCOMPARE(caseAt(caseId), (QStringList{decision, Health, packet.packetId}));
        }

        // Awaiting correction: a packet for an item of another department does not move the case.
        const QString corrected = nextCaseId(*device);
        const crypto::SealedPacket original = device->seal(device->sampleContent(corrected), ++sequence);
        QCOMPARE(device->postPacket(original.envelope).status, 201);
        QCOMPARE(m_hub
                     ->decide(reviewer, corrected, original.packetId, QStringLiteral("correctionRequested"),
                              QStringLiteral("请补充户口簿复印件"))
                     .status,
                 200);
        QVERIFY(refusedAsNotCorrectable(device->postPacket(
            device->seal(device->sampleContent(corrected, QStringLiteral("elderly-allowance")), ++sequence).envelope)));
        QCOMPARE(caseAt(corrected), (QStringList{QStringLiteral("correctionRequested"), Health, original.packetId}));
        const crypto::SealedPacket correction = device->seal(device->sampleContent(corrected), ++sequence);
        QCOMPARE(device->postPacket(correction.envelope).status, 201);
        QCOMPARE(caseAt(corrected), (QStringList{QStringLiteral("received"), Health, correction.packetId}));
        // Once received again, it is not correctable until the next correction request.
        QVERIFY(refusedAsNotCorrectable(
            device->postPacket(device->seal(device->sampleContent(corrected), ++sequence).envelope)));
        QCOMPARE(packetCount(), before + 5); // the refused packets stored nothing
    }

    // Special procedures (特别程序, PROTOCOL.md §8.2) over HTTP: every decision in every state a
    // reviewer meets, each on a fresh case brought to that state; what the reviewer must give;
    // the queue, the device's events and the kiosk's progress answer.
    void specialProcedureInEveryState()
    {
        auto device = enrolledDevice(crypto::Suite::Gm);
        QVERIFY(device->isEnrolled());
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        const QByteArray supervisor = m_hub->login(QStringLiteral("supervisor"), Password);
        QVERIFY(!token.isEmpty() && !supervisor.isEmpty());
        // The hub process counts days on its own clock, in China time.
        const QDate today = QDateTime::currentDateTimeUtc().addSecs(8 * 3600).date();
        const QString expectedEnd = today.addDays(30).toString(Qt::ISODate);
        qint64 sequence = 0;
        const auto start = [&](const QString &caseId, const QString &packetId, const QString &end,
                               const QString &kind = QStringLiteral("expertReview"),
                               const QString &reason = QStringLiteral("需组织专家评审")) {
            return m_hub->postJson(
                "/v1/cases/" + caseId.toLatin1() + "/decision",
                QJsonObject{{QStringLiteral("decision"), QStringLiteral("suspended")},
                            {QStringLiteral("packetId"), packetId},
                            {QStringLiteral("opinion"), reason},
                            {QStringLiteral("procedure"),
                             QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("expectedEnd"), end}}}},
                {{"Authorization", bearer(token)}});
        };
        const auto act = [&](const QString &caseId, const QString &packetId, const QString &decision) {
            if (decision == QLatin1String("suspended"))
                return start(caseId, packetId, expectedEnd);
            return m_hub->decide(token, caseId, packetId, decision,
                                 decision == QLatin1String("approved") ? QString() : QStringLiteral("专家意见已收到"));
        };
        const auto issue = [&](const QString &caseId, const QString &packetId) {
            const QByteArray body = protocol::toBytes(QJsonObject{{QStringLiteral("packetId"), packetId},
                                                                  {QStringLiteral("method"), QStringLiteral("mail")}});
            return device->send(
                device->signedRequest("POST", "/v1/cases/" + caseId.toLatin1() + "/issue", body, "application/json"));
        };
        const auto stateOf = [&](const QString &caseId) {
            return m_hub->get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", bearer(supervisor)}})
                .json()
                .value(QStringLiteral("state"))
                .toString();
        };
        // A fresh case brought to `state` by the reviewer's (and the window's) own steps.
        const auto caseIn = [&](const QString &state, QString *packetId) {
            const QString caseId = nextCaseId(*device);
            const crypto::SealedPacket packet = device->seal(device->sampleContent(caseId), ++sequence);
            *packetId = packet.packetId;
            if (device->postPacket(packet.envelope).status != 201)
                return QString();
            const auto ok = [](const HttpResponse &r) { return r.status == 200; };
            bool reached = true;
            if (state == QLatin1String("suspended"))
                reached = ok(act(caseId, packet.packetId, QStringLiteral("suspended")));
            else if (state == QLatin1String("resumed"))
                reached = ok(act(caseId, packet.packetId, QStringLiteral("suspended"))) &&
                          ok(act(caseId, packet.packetId, QStringLiteral("underReview")));
            else if (state == QLatin1String("issued"))
                reached =
                    ok(act(caseId, packet.packetId, QStringLiteral("approved"))) && ok(issue(caseId, packet.packetId));
            else if (state != QLatin1String("received"))
                reached = ok(act(caseId, packet.packetId, state));
            return reached ? caseId : QString();
        };

        // The table of PROTOCOL.md §8.2: (state, decision) -> status, error code, state after.
        struct Cell
        {
            const char *state;
            const char *decision;
            int status;
            const char *error;
            const char *after;
        };
        const QList<Cell> table = {
            {"received", "approved", 200, "", "approved"},
            {"received", "denied", 200, "", "denied"},
            {"received", "correctionRequested", 200, "", "correctionRequested"},
            {"received", "suspended", 200, "", "suspended"},
            {"received", "underReview", 409, "not_suspended", "received"},
            {"suspended", "approved", 409, "in_special_procedure", "suspended"},
            {"suspended", "denied", 409, "in_special_procedure", "suspended"},
            {"suspended", "correctionRequested", 409, "in_special_procedure", "suspended"},
            {"suspended", "suspended", 409, "in_special_procedure", "suspended"},
            {"suspended", "underReview", 200, "", "received"},
            {"resumed", "approved", 200, "", "approved"},
            {"resumed", "denied", 200, "", "denied"},
            {"resumed", "correctionRequested", 200, "", "correctionRequested"},
            {"resumed", "suspended", 200, "", "suspended"},
            {"resumed", "underReview", 409, "not_suspended", "received"},
        };
        QList<Cell> cells = table;
        for (const char *closed : {"correctionRequested", "approved", "denied", "issued"}) {
            for (const char *decision : {"approved", "denied", "correctionRequested", "suspended"})
                cells.append({closed, decision, 409, "already_decided", closed});
            cells.append({closed, "underReview", 409, "not_suspended", closed});
        }
        for (const Cell &cell : std::as_const(cells)) {
            const QString what = QStringLiteral("%1 + %2").arg(QLatin1String(cell.state), QLatin1String(cell.decision));
            QString packetId;
            const QString caseId = caseIn(QLatin1String(cell.state), &packetId);
            QVERIFY2(!caseId.isEmpty(), qPrintable(what));
            const HttpResponse r = act(caseId, packetId, QLatin1String(cell.decision));
            QVERIFY2(r.status == cell.status,
                     qPrintable(what + QStringLiteral(": %1 %2").arg(r.status).arg(QString::fromUtf8(r.body))));
            QVERIFY2(r.status == 200 || r.error() == QByteArray(cell.error), qPrintable(what));
            QVERIFY2(stateOf(caseId) == QLatin1String(cell.after),
                     qPrintable(what + QStringLiteral(" -> ") + stateOf(caseId)));
            // A stale packet comes before the state, as for every decision.
            const HttpResponse stale =
                act(caseId, QUuid::createUuid().toString(QUuid::WithoutBraces), QLatin1String(cell.decision));
            QVERIFY2(stale.status == 409 && stale.error() == "stale", qPrintable(what));
        }

        // What a reviewer must give, and who may start one at all.
        QString packetId;
        const QString caseId = caseIn(QStringLiteral("received"), &packetId);
        QVERIFY(!caseId.isEmpty());
        for (const QString &end : {today.toString(Qt::ISODate), today.addDays(-3).toString(Qt::ISODate),
                                   today.addDays(181).toString(Qt::ISODate)}) {
            const HttpResponse r = start(caseId, packetId, end);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.error(), QByteArray("bad_expected_end"));
        }
        QCOMPARE(start(caseId, packetId, QStringLiteral("2026-02-30")).status, 400);
        QCOMPARE(start(caseId, packetId, QStringLiteral("next month")).status, 400);
        QCOMPARE(start(caseId, packetId, expectedEnd, QStringLiteral("séance")).status, 400);
        QCOMPARE(start(caseId, packetId, expectedEnd, QStringLiteral("hearing"), QStringLiteral("  ")).status, 400);
        QCOMPARE(start(caseId, packetId, expectedEnd, QStringLiteral("hearing"), QString(501, QChar(u'听'))).status,
                 400);
        const HttpResponse noProcedure =
            m_hub->decide(token, caseId, packetId, QStringLiteral("suspended"), QStringLiteral("需要听证"));
        QCOMPARE(noProcedure.status, 400);
        const HttpResponse bySupervisor = m_hub->postJson(
            "/v1/cases/" + caseId.toLatin1() + "/decision",
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("suspended")},
                        {QStringLiteral("packetId"), packetId},
                        {QStringLiteral("opinion"), QStringLiteral("需要听证")},
                        {QStringLiteral("procedure"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("hearing")},
                                                                  {QStringLiteral("expectedEnd"), expectedEnd}}}},
            {{"Authorization", bearer(supervisor)}});
        QCOMPARE(bySupervisor.status, 403);
        const QByteArray civil = m_hub->login(QStringLiteral("civil.reviewer"), Password);
        QCOMPARE(m_hub->decide(civil, caseId, packetId, QStringLiteral("underReview"), QStringLiteral("结束")).status,
                 404);
        QCOMPARE(stateOf(caseId), QStringLiteral("received"));

        // Started: in the suspended queue with its kind, reason, expected end and start.
        QCOMPARE(start(caseId, packetId, expectedEnd, QStringLiteral("hearing"), QStringLiteral("需举行听证会")).status,
                 200);
        auto suspended = protocol::QueueAnswer::fromJson(
            m_hub->get("/v1/queue?state=suspended&limit=500", {{"Authorization", bearer(token)}}).json());
        OW_VERIFY_OK(suspended);
        const auto entryOf = [&](const protocol::QueueAnswer &answer) {
            for (const protocol::QueueEntry &e : answer.cases)
                if (e.caseId == caseId)
                    return e;
            return protocol::QueueEntry{};
        };
        protocol::QueueEntry entry = entryOf(*suspended);
        QCOMPARE(entry.state, CaseState::Suspended);
        QVERIFY(entry.procedure);
        QCOMPARE(entry.procedure->kind, QStringLiteral("hearing"));
        QCOMPARE(entry.procedure->reason, QStringLiteral("需举行听证会"));
        QCOMPARE(entry.procedure->expectedEnd, expectedEnd);
        QVERIFY(!entry.procedure->startedAt.isEmpty());
        QVERIFY(entry.pauses.isEmpty());

        // The kiosk's progress answer: the suspended step with kind and expected end, not the reason.
        auto key = scan::codeSigning::fromPrivateDer(device->signingKey().toDer());
        OW_VERIFY_OK(key);
        auto code = scan::signedCodes::makeCaseReceipt(
            *key, {device->deviceId(), caseId, QDateTime::currentDateTimeUtc().addSecs(-60)});
        OW_VERIFY_OK(code);
        const auto progress = [&] {
            return m_device->send(m_device->signedRequest(
                "POST", "/v1/progress", protocol::toBytes(protocol::ProgressQuery{QString::fromUtf8(*code)}.toJson()),
                "application/json"));
        };
        HttpResponse answer = progress();
        QCOMPARE(answer.status, 200);
        QVERIFY(!QString::fromUtf8(answer.body).contains(QStringLiteral("听证会")));
        auto parsed = protocol::ProgressAnswer::fromJson(answer.json());
        OW_VERIFY_OK(parsed);
        QCOMPARE(parsed->state, CaseState::Suspended);
        QCOMPARE(parsed->steps.size(), 2);
        QCOMPARE(parsed->steps[1].state, CaseState::Suspended);
        QCOMPARE(parsed->steps[1].procedureKind, QStringLiteral("hearing"));
        QCOMPARE(parsed->steps[1].expectedEnd, expectedEnd);

        // Ended: back in the received queue with the pause its clocks skip; then approved.
        QCOMPARE(
            m_hub->decide(token, caseId, packetId, QStringLiteral("underReview"), QStringLiteral("听证已举行")).status,
            200);
        auto received = protocol::QueueAnswer::fromJson(
            m_hub->get("/v1/queue?state=received&limit=500", {{"Authorization", bearer(token)}}).json());
        OW_VERIFY_OK(received);
        entry = entryOf(*received);
        QCOMPARE(entry.state, CaseState::Received);
        QVERIFY(!entry.procedure);
        QCOMPARE(entry.pauses.size(), 1);
        QVERIFY(entry.pauses[0].first <= entry.pauses[0].second);
        QCOMPARE(m_hub->decide(token, caseId, packetId, QStringLiteral("approved")).status, 200);
        parsed = protocol::ProgressAnswer::fromJson(progress().json());
        OW_VERIFY_OK(parsed);
        QStringList steps;
        for (const protocol::ProgressStep &step : parsed->steps)
            steps << caseState::key(step.state);
        QCOMPARE(steps, (QStringList{"received", "suspended", "underReview", "approved"}));

        // The device that sent the case hears each step, with the reviewer's notes.
        QStringList heard;
        for (const QJsonValue &v : device->events("0", 500).json().value(QStringLiteral("events")).toArray()) {
            const QJsonObject event = v.toObject();
            if (event.value(QStringLiteral("caseId")).toString() == caseId)
                heard << event.value(QStringLiteral("state")).toString() + QLatin1Char('/') +
                             event.value(QStringLiteral("opinion")).toString();
        }
        QCOMPARE(heard, (QStringList{"received/", "suspended/需举行听证会", "underReview/听证已举行", "approved/"}));
    }

    // A decision names the packet it was made on; any other than the case's current one is stale.
    void decisionNamesItsPacket()
    {
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        const QString caseId = nextCaseId(*device);
        const crypto::SealedPacket first = device->seal(device->sampleContent(caseId), 1);
        QCOMPARE(device->postPacket(first.envelope).status, 201);
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        const HttpResponse unnamed = m_hub->postJson(
            "/v1/cases/" + caseId.toLatin1() + "/decision",
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("approved")}}, {{"Authorization", bearer(token)}});
        QCOMPARE(unnamed.status, 400);
        QCOMPARE(unnamed.error(), QByteArray("bad_request"));
        const HttpResponse unknown = m_hub->decide(token, caseId, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                                   QStringLiteral("approved"));
        QCOMPARE(unknown.status, 409);
        QCOMPARE(unknown.error(), QByteArray("stale"));
        QCOMPARE(m_hub
                     ->decide(token, caseId, first.packetId, QStringLiteral("correctionRequested"),
                              QStringLiteral("请补充手机号码"))
                     .status,
                 200);
        const crypto::SealedPacket second = device->seal(device->sampleContent(caseId), 2);
        QCOMPARE(device->postPacket(second.envelope).status, 201);
        // Approving what the reviewer saw before the correction would approve what nobody read.
        const HttpResponse stale = m_hub->decide(token, caseId, first.packetId, QStringLiteral("approved"));
        QCOMPARE(stale.status, 409);
        QCOMPARE(stale.error(), QByteArray("stale"));
        QCOMPARE(m_hub->decide(token, caseId, second.packetId, QStringLiteral("approved")).status, 200);
        QStringList states;
        for (const QJsonValue &event : device->events().json().value(QStringLiteral("events")).toArray())
            states << event.toObject().value(QStringLiteral("state")).toString();
        QCOMPARE(states, (QStringList{QStringLiteral("received"), QStringLiteral("correctionRequested"),
                                      QStringLiteral("received"), QStringLiteral("approved")}));
    }

    // Two hubs on one database, a reviewer on each deciding the same case at the same moment:
    // exactly one decision is taken.
    void decisionsExactlyOnceAcrossHubs()
    {
        if (!m_backend.isPostgres())
            QSKIP("several hubs on one database is a PostgreSQL deployment; a SQLite hub is one process by design "
                  "(ARCHITECTURE.md), so tst_hub_postgres runs this");
        HubFixture second(m_hub->databaseUrl());
        QVERIFY(QDir().mkpath(second.dataDir() + QStringLiteral("/keys")));
        for (const QString &name : QDir(m_hub->dataDir() + QStringLiteral("/keys")).entryList(QDir::Files))
            QVERIFY(QFile::copy(m_hub->dataDir() + QStringLiteral("/keys/") + name,
                                second.dataDir() + QStringLiteral("/keys/") + name));
        QVERIFY2(second.start(), second.log().constData());
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        const QByteArray here = m_hub->login(QStringLiteral("health.reviewer"), Password);
        const QByteArray there = second.login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!here.isEmpty() && !there.isEmpty());
        QList<QPair<QString, QString>> cases; // case id, packet id
        for (int i = 0; i < 20; ++i) {
            const QString caseId = nextCaseId(*device);
            const crypto::SealedPacket packet = device->seal(device->sampleContent(caseId), i + 1);
            QCOMPARE(device->postPacket(packet.envelope).status, 201);
            cases.append({caseId, packet.packetId});
        }
        for (const auto &[caseId, packetId] : cases) {
            HttpResponse approved;
            HttpResponse denied;
            std::latch go(2);
            std::thread a([&, caseId = caseId, packetId = packetId] {
                go.arrive_and_wait();
                approved = m_hub->decide(here, caseId, packetId, QStringLiteral("approved"));
            });
            std::thread b([&, caseId = caseId, packetId = packetId] {
                go.arrive_and_wait();
                denied = second.decide(there, caseId, packetId, QStringLiteral("denied"), QStringLiteral("不符合条件"));
            });
            a.join();
            b.join();
            QList<int> statuses{approved.status, denied.status};
            std::sort(statuses.begin(), statuses.end());
            QVERIFY2(statuses == (QList<int>{200, 409}), qPrintable(QStringLiteral("%1: %2 %3 / %4 %5")
                                                                        .arg(caseId)
                                                                        .arg(approved.status)
                                                                        .arg(QString::fromUtf8(approved.body))
                                                                        .arg(denied.status)
                                                                        .arg(QString::fromUtf8(denied.body))));
            QCOMPARE((approved.status == 409 ? approved : denied).error(), QByteArray("already_decided"));
        }
        QHash<QString, int> decisions;
        for (const QJsonValue &value : device->events("0", 500).json().value(QStringLiteral("events")).toArray()) {
            const QJsonObject event = value.toObject();
            if (event.value(QStringLiteral("type")).toString() == QLatin1String("decision"))
                ++decisions[event.value(QStringLiteral("caseId")).toString()];
        }
        QCOMPARE(decisions.size(), cases.size());
        for (auto it = decisions.cbegin(); it != decisions.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
        second.stop();
    }

    // Two hubs on one database under load: devices alternate between them (sending some packets
    // to both), reviewers on both decide at the same time, and each device follows its events
    // through either hub while this happens. Nothing is lost, nothing stored twice, every case
    // decided once with exactly one decision event, and no device's event feed skips an event.
    // A device's reads go through read connections of their own (server/HubReaders.h): they are
    // answered while the connection that stores packets waits, here on a lock the test holds on
    // the cases table, and the packet is stored once the lock is gone.
    void readsAreNotHeldBehindWrites()
    {
        if (!m_backend.isPostgres())
            QSKIP("the test holds a table lock from a second PostgreSQL session; tst_hub_postgres runs this");
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        QProcess locker;
        locker.setProcessChannelMode(QProcess::MergedChannels);
        locker.start(PostgresCluster::binDir() + QStringLiteral("/psql"),
                     {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"), QStringLiteral("-t"),
                      m_hub->databaseUrl()});
        QVERIFY2(locker.waitForStarted(), qPrintable(locker.errorString()));
        locker.write("BEGIN;\nLOCK TABLE cases IN ACCESS EXCLUSIVE MODE;\nSELECT 'locked';\n");
        QByteArray said;
        while (!said.contains("locked") && locker.waitForReadyRead(30000))
            said += locker.readAll();
        QVERIFY2(said.contains("locked"), said.constData());

        const QString caseId = nextCaseId(*device);
        const crypto::SealedPacket packet = device->seal(device->sampleContent(caseId), 1);
        std::atomic<bool> packetAnswered{false};
        HttpResponse stored;
        std::thread poster([&] {
            stored = device->postPacket(packet.envelope);
            packetAnswered = true;
        });
        // The packet waits on the lock; the device's reads do not.
        const HttpResponse events = device->events();
        const HttpResponse keys = device->send(device->signedRequest("GET", "/v1/devices/keys"));
        const bool answeredBeforeUnlock = !packetAnswered;
        locker.write("COMMIT;\n\\q\n");
        locker.closeWriteChannel();
        const bool unlocked = locker.waitForFinished(30000);
        poster.join();
        QVERIFY(unlocked);
        QCOMPARE(events.status, 200);
        QCOMPARE(keys.status, 200);
        QVERIFY2(answeredBeforeUnlock, "the packet was answered while the cases table was locked");
        QCOMPARE(stored.status, 201);
        // Committed before it was answered: the next read has its event.
        const HttpResponse after = device->events();
        QCOMPARE(after.status, 200);
        const QJsonArray list = after.json().value(QStringLiteral("events")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QStringLiteral("caseId")).toString(), caseId);
    }

    // Sign-in rates are each hub's own (PROTOCOL.md §9): on one database, one hub's bucket running
    // dry refuses sign-ins there and nowhere else, and the other hub allows its own rate.
    void signInRatesAreKeptPerHub()
    {
        if (!m_backend.isPostgres())
            QSKIP("several hubs on one database is a PostgreSQL deployment; a SQLite hub is one process by design "
                  "(ARCHITECTURE.md), so tst_hub_postgres runs this");
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList twoAMinute{QStringLiteral("--login-rate"), QStringLiteral("2")};
        HubFixture first(url);
        QVERIFY2(first.start(twoAMinute), first.log().constData());
        HubFixture second(url);
        QVERIFY(QDir().mkpath(second.dataDir() + QStringLiteral("/keys")));
        for (const QString &name : QDir(first.dataDir() + QStringLiteral("/keys")).entryList(QDir::Files))
            QVERIFY(QFile::copy(first.dataDir() + QStringLiteral("/keys/") + name,
                                second.dataDir() + QStringLiteral("/keys/") + name));
        QVERIFY2(second.start(twoAMinute), second.log().constData());
        QVERIFY(first.addOperator(QStringLiteral("rate.reviewer"), QStringLiteral("reviewer"), Health, Password));
        const auto signIn = [](const HubFixture &hub) {
            HttpResponse response;
            hub.login(QStringLiteral("rate.reviewer"), Password, &response);
            return response;
        };
        for (int i = 0; i < 2; ++i)
            QCOMPARE(signIn(first).status, 200);
        HttpResponse refused = signIn(first);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.error(), QByteArray("rate_limited"));
        // The second hub has counted none of them.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(signIn(second).status, 200);
        refused = signIn(second);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.error(), QByteArray("rate_limited"));
        QCOMPARE(signIn(first).status, 429); // still dry at the first
    }

    void severalHubsShareOneDatabase()
    {
        if (!m_backend.isPostgres())
            QSKIP("several hubs on one database is a PostgreSQL deployment; a SQLite hub is one process by design "
                  "(ARCHITECTURE.md), so tst_hub_postgres runs this");
        HubFixture second(m_hub->databaseUrl());
        QVERIFY(QDir().mkpath(second.dataDir() + QStringLiteral("/keys")));
        for (const QString &name : QDir(m_hub->dataDir() + QStringLiteral("/keys")).entryList(QDir::Files))
            QVERIFY(QFile::copy(m_hub->dataDir() + QStringLiteral("/keys/") + name,
                                second.dataDir() + QStringLiteral("/keys/") + name));
        QVERIFY2(second.start(), second.log().constData());
        const std::array<const HubFixture *, 2> hubs{m_hub.get(), &second};

        constexpr int Devices = 4;
        constexpr int PacketsEach = 12;
        std::vector<std::unique_ptr<HubTestDevice>> devices;
        QHash<QString, QString> caseOfPacket; // packet id → case id
        std::vector<QList<crypto::SealedPacket>> packets(Devices);
        for (int d = 0; d < Devices; ++d) {
            devices.push_back(enrolledDevice());
            QVERIFY(devices.back()->isEnrolled());
            for (int i = 0; i < PacketsEach; ++i) {
                const QString caseId = nextCaseId(*devices.back());
                packets[d].append(devices.back()->seal(devices.back()->sampleContent(caseId), i + 1));
                caseOfPacket.insert(packets[d].last().packetId, caseId);
            }
        }
        const QByteArray tokens[2] = {m_hub->login(QStringLiteral("health.reviewer"), Password),
                                      second.login(QStringLiteral("health.reviewer"), Password)};
        QVERIFY(!tokens[0].isEmpty() && !tokens[1].isEmpty());

        // A device retries what was not answered or answered 5xx, as §3.2 says.
        const auto post = [](const HubFixture &hub, const HubTestDevice &device, const QByteArray &envelope) {
            HttpResponse response;
            for (int attempt = 0; attempt < 50; ++attempt) {
                response =
                    hub.request(device.signedRequest("POST", "/v1/packets", envelope, crypto::PacketContentType));
                if (response.status > 0 && response.status < 500)
                    break;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            return response;
        };
        // Each device reads its events by cursor, from either hub in turn, as it would live.
        struct Feed
        {
            QString after = QStringLiteral("0");
            QList<QJsonObject> events;
            int turn = 0;
        };
        const auto follow = [&hubs](const HubTestDevice &device, Feed &feed) {
            const HubFixture &hub = *hubs[std::size_t(feed.turn++ % 2)];
            const HttpResponse page =
                hub.request(device.signedRequest("GET", "/v1/events?after=" + feed.after.toLatin1() + "&limit=50"));
            if (page.status != 200)
                return false;
            for (const QJsonValue &value : page.json().value(QStringLiteral("events")).toArray())
                feed.events.append(value.toObject());
            feed.after = page.json().value(QStringLiteral("next")).toString();
            return true;
        };

        std::atomic<int> sending{Devices};
        std::vector<QStringList> failures(Devices + 2);
        std::vector<Feed> feeds(Devices);
        std::vector<std::thread> threads;
        for (int d = 0; d < Devices; ++d) {
            threads.emplace_back([&, d] {
                const HubTestDevice &device = *devices[std::size_t(d)];
                for (int i = 0; i < PacketsEach; ++i) {
                    const crypto::SealedPacket &packet = packets[std::size_t(d)][i];
                    const HubFixture &hub = *hubs[std::size_t((d + i) % 2)];
                    const HttpResponse stored = post(hub, device, packet.envelope);
                    if (stored.status != 201 && stored.status != 200)
                        failures[std::size_t(d)] << QStringLiteral("post %1: %2").arg(i).arg(stored.status);
                    // Every third packet again, to the other hub: its receipt, not a second copy.
                    if (i % 3 == 0) {
                        const HttpResponse again = post(*hubs[std::size_t((d + i + 1) % 2)], device, packet.envelope);
                        if (again.status != 200 || again.body != stored.body)
                            failures[std::size_t(d)] << QStringLiteral("again %1: %2").arg(i).arg(again.status);
                    }
                    follow(device, feeds[std::size_t(d)]);
                }
                --sending;
            });
        }
        std::atomic<int> decided{0};
        const QSet<QString> ours(caseOfPacket.cbegin(), caseOfPacket.cend());
        for (int r = 0; r < 2; ++r) {
            threads.emplace_back([&, r] {
                const HubFixture &hub = *hubs[std::size_t(r)];
                const QString decision = r == 0 ? QStringLiteral("approved") : QStringLiteral("denied");
                QElapsedTimer timer;
                timer.start();
                while (timer.elapsed() < 120000) {
                    const HttpResponse queue = hub.get("/v1/queue?limit=500", {{"Authorization", bearer(tokens[r])}});
                    // This test's cases only: earlier tests leave cases of their own in the queue.
                    QJsonArray cases;
                    for (const QJsonValue &entry : queue.json().value(QStringLiteral("cases")).toArray())
                        if (ours.contains(entry.toObject().value(QStringLiteral("caseId")).toString()))
                            cases.append(entry);
                    if (cases.isEmpty() && sending.load() == 0)
                        break;
                    // From both ends of the queue in turn, so both reviewers meet on the same cases.
                    for (qsizetype k = 0; k < cases.size(); ++k) {
                        const QJsonObject entry = cases.at(r == 0 ? k : cases.size() - 1 - k).toObject();
                        const HttpResponse answer = hub.decide(
                            tokens[r], entry.value(QStringLiteral("caseId")).toString(),
                            entry.value(QStringLiteral("packetId")).toString(), decision, QStringLiteral("已审核"));
                        if (answer.status == 200)
                            ++decided;
                        else if (answer.status != 409 || answer.error() != "already_decided")
                            failures[std::size_t(Devices + r)]
                                << QStringLiteral("decide: %1 %2").arg(answer.status).arg(answer.error());
                    }
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (const QStringList &failed : failures)
            QVERIFY2(failed.isEmpty(), qPrintable(failed.join(QStringLiteral("; "))));

        const int total = Devices * PacketsEach;
        QCOMPARE(decided.load(), total);
        const QJsonObject stats = m_hub->stats();
        QSet<QString> storedIds;
        for (const QJsonValue &id : stats.value(QStringLiteral("packetIds")).toArray())
            storedIds.insert(id.toString());
        for (const QList<crypto::SealedPacket> &sent : packets)
            for (const crypto::SealedPacket &packet : sent)
                QVERIFY2(storedIds.contains(packet.packetId), qPrintable(packet.packetId));
        QCOMPARE(stats.value(QStringLiteral("distinctPackets")).toInteger(),
                 stats.value(QStringLiteral("packets")).toInteger());

        for (int d = 0; d < Devices; ++d) {
            Feed &feed = feeds[std::size_t(d)];
            int rounds = 0;
            qsizetype seen = -1;
            while (seen != feed.events.size() && ++rounds < 20) {
                seen = feed.events.size();
                QVERIFY(follow(*devices[std::size_t(d)], feed));
            }
            // What the device followed live is its whole feed, read again from the start.
            Feed whole;
            for (int page = 0; page < 100; ++page) {
                const qsizetype before = whole.events.size();
                QVERIFY(follow(*devices[std::size_t(d)], whole));
                if (whole.events.size() == before)
                    break;
            }
            QStringList live;
            QStringList all;
            for (const QJsonObject &event : std::as_const(feed.events))
                live << event.value(QStringLiteral("cursor")).toString();
            for (const QJsonObject &event : std::as_const(whole.events))
                all << event.value(QStringLiteral("cursor")).toString();
            QCOMPARE(live, all);
            QHash<QString, int> received;
            QHash<QString, int> decisions;
            for (const QJsonObject &event : std::as_const(feed.events)) {
                const QString caseId = event.value(QStringLiteral("caseId")).toString();
                ++(event.value(QStringLiteral("type")).toString() == QLatin1String("decision") ? decisions
                                                                                               : received)[caseId];
            }
            QCOMPARE(received.size(), PacketsEach);
            QCOMPARE(decisions.size(), PacketsEach);
            for (auto it = decisions.cbegin(); it != decisions.cend(); ++it)
                QVERIFY2(it.value() == 1 && received.value(it.key()) == 1, qPrintable(it.key()));
        }
        second.stop();
    }

    // A device sends case numbers of its own series only: a number of another device's series is
    // refused (403, audited, nothing stored) and stays free for its owner. The series is reserved
    // at enrollment; a device enrolled without one (protocol 1.7 and earlier) gets the series of its first
    // packet, if no other device holds it.
    // A department queue of more than a page over HTTP (1.13): 1,200 cases read page by page
    // with the `next` token, through the desk's own parser; a case decided between two pages and
    // one that comes in meanwhile; each case seen once; the total; a request without `after`
    // (an older desk) gets the first page; a token that is none is 400.
    // 1.14: the queue by due date, then case number, page by page over HTTP. Cases of three items
    // with different limits (1, 5 and 20 working days) come in with the longest clocks first; the
    // hub's real clock makes them all due by their item, so the order is checked against each
    // case's deadline worked out here from its item, its time of receipt and the official calendar.
    void queueIsPagedOverHttp()
    {
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        auto calendar = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        QVERIFY(calendar);
        const QHash<QString, int> limits = {{QStringLiteral("only-child-parents-reward"), 20},
                                            {QStringLiteral("senior-citizen-card"), 5},
                                            {QStringLiteral("birth-registration"), 1}};
        const QStringList items = {QStringLiteral("only-child-parents-reward"), QStringLiteral("senior-citizen-card"),
                                   QStringLiteral("birth-registration")};
        const auto dueOf = [&](const protocol::QueueEntry &e) {
            const QDate received = protocol::parseUtcTime(e.receivedAt).addSecs(8 * 3600).date();
            return WorkingDayClock(*calendar, received, limits.value(e.itemId, 5)).dueDate(received);
        };
        constexpr int Cases = 1200;
        QHash<QString, QString> packets; // case → packet
        QHash<QString, QString> itemOf;
        QStringList ours;
        for (int i = 0; i < Cases; ++i) {
            const QString caseId = nextCaseId(*device);
            const QString item = items.at(i * 3 / Cases);
            const crypto::SealedPacket packet = device->seal(device->sampleContent(caseId, item), i + 1);
            const HttpResponse stored = device->postPacket(packet.envelope);
            QVERIFY2(stored.status == 201, stored.body.constData());
            packets.insert(caseId, packet.packetId);
            itemOf.insert(caseId, item);
            ours << caseId;
        }
        const QByteArray token = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!token.isEmpty());
        const auto page = [&](const QString &after) {
            QByteArray target = "/v1/queue?limit=500";
            if (!after.isEmpty())
                target += "&after=" + QUrl::toPercentEncoding(after);
            const HttpResponse response = m_hub->get(target, {{"Authorization", bearer(token)}});
            if (response.status != 200)
                qWarning("queue page: %d %s", response.status, response.body.constData());
            return protocol::QueueAnswer::fromBytes(response.body);
        };
        auto first = page({});
        QVERIFY(first.ok());
        QCOMPARE(first->cases.size(), 500);
        QVERIFY(first->total && *first->total >= Cases);
        const qint64 totalBefore = *first->total;
        // The same answer read the general way, as a desk before 1.13 reads it: its cases.
        const HttpResponse plain = m_hub->get("/v1/queue?limit=500", {{"Authorization", bearer(token)}});
        const auto json = protocol::QueueAnswer::fromJson(plain.json());
        QVERIFY(json.ok());
        QCOMPARE(json->cases.size(), 500);
        QCOMPARE(json->next, first->next);
        QCOMPARE(json->total, first->total);

        QHash<QString, int> seen;
        QList<protocol::QueueEntry> order;
        const auto take = [&](const QList<protocol::QueueEntry> &cases) {
            for (const protocol::QueueEntry &e : cases) {
                ++seen[e.caseId];
                order.append(e);
            }
        };
        take(first->cases);
        // The 1-day clocks, received last, are read first.
        QVERIFY(std::any_of(first->cases.cbegin(), first->cases.cend(),
                            [](const auto &e) { return e.itemId == QLatin1String("birth-registration"); }));
        QVERIFY(!seen.contains(ours.constFirst()));
        // Between two pages: a case read and one not read yet are decided, one case comes in, and
        // one not read yet is sent back for a correction that comes in: each is read once or not.
        const QString readOne = first->cases.constLast().caseId;
        const QString aheadOne = ours.constFirst();
        const QString correctedOne = ours.at(1);
        QVERIFY(!seen.contains(aheadOne) && !seen.contains(correctedOne));
        QCOMPARE(m_hub->decide(token, readOne, packets.value(readOne), QStringLiteral("approved")).status, 200);
        QCOMPARE(m_hub->decide(token, aheadOne, packets.value(aheadOne), QStringLiteral("approved")).status, 200);
        QCOMPARE(m_hub
                     ->decide(token, correctedOne, packets.value(correctedOne), QStringLiteral("correctionRequested"),
                              QStringLiteral("请补充户口簿"))
                     .status,
                 200);
        QCOMPARE(
            device
                ->postPacket(
                    device->seal(device->sampleContent(correctedOne, itemOf.value(correctedOne)), Cases + 2).envelope)
                .status,
            201);
        const QString late = nextCaseId(*device);
        QCOMPARE(device->postPacket(device->seal(device->sampleContent(late), Cases + 1).envelope).status, 201);

        QString after = first->next;
        int pages = 1;
        while (!after.isEmpty()) {
            auto next = page(after);
            QVERIFY(next.ok());
            take(next->cases);
            after = next->next;
            QVERIFY(++pages < 20);
        }
        QVERIFY(pages >= 3);
        for (auto it = seen.cbegin(); it != seen.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
        for (const QString &caseId : std::as_const(ours))
            QCOMPARE(seen.value(caseId), caseId == aheadOne ? 0 : 1);
        QCOMPARE(seen.value(late), 1);
        QCOMPARE(*page({})->total, totalBefore - 2 + 1);
        // In deadline order across the pages, then by case number; received in another order.
        for (qsizetype i = 1; i < order.size(); ++i) {
            const auto &a = order.at(i - 1);
            const auto &b = order.at(i);
            QVERIFY2(std::pair(dueOf(a), a.caseId) < std::pair(dueOf(b), b.caseId),
                     qPrintable(a.caseId + QLatin1Char(' ') + b.caseId));
        }
        const auto firstOf = [&](const QString &item) {
            return std::find_if(order.cbegin(), order.cend(),
                                [&](const auto &e) { return e.itemId == item && itemOf.contains(e.caseId); }) -
                   order.cbegin();
        };
        QVERIFY(firstOf(QStringLiteral("birth-registration")) < firstOf(QStringLiteral("senior-citizen-card")));
        QVERIFY(firstOf(QStringLiteral("senior-citizen-card")) < firstOf(QStringLiteral("only-child-parents-reward")));

        for (const QByteArray &bad : {QByteArray("%21%21"), QByteArray("AAAA"), QByteArray(700, 'A')}) {
            const HttpResponse refused = m_hub->get("/v1/queue?after=" + bad, {{"Authorization", bearer(token)}});
            QCOMPARE(refused.status, 400);
            QCOMPARE(refused.error(), QByteArray("bad_request"));
        }
        // A token of a 1.13 hub (time of receipt, case number): 400 that says so.
        const QByteArray oldToken = (QByteArray("2026-05-01T08:00:00Z\n") + ours.constLast().toLatin1())
                                        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const HttpResponse old = m_hub->get("/v1/queue?after=" + oldToken, {{"Authorization", bearer(token)}});
        QCOMPARE(old.status, 400);
        QCOMPARE(old.error(), QByteArray("stale_token"));
    }

    void caseNumbersBelongToTheirDevice()
    {
        auto a = enrolledDevice();
        auto b = enrolledDevice();
        QVERIFY(a->isEnrolled() && b->isEnrolled());
        const QString ofB = nextCaseId(*b);
        const qint64 before = packetCount();
        const auto refusedAudits = [this] {
            return m_hub->stats()
                .value(QStringLiteral("audit"))
                .toObject()
                .value(QStringLiteral("packet_case_number/refused"))
                .toInteger();
        };
        const qint64 auditedBefore = refusedAudits();
        const HttpResponse preempted = a->postPacket(a->seal(a->sampleContent(ofB), 1).envelope);
        QCOMPARE(preempted.status, 403);
        QCOMPARE(preempted.error(), QByteArray("case_number_foreign"));
        QCOMPARE(packetCount(), before);
        QCOMPARE(refusedAudits(), auditedBefore + 1);
        // The number is still B's to use, and A's own series works.
        QCOMPARE(b->postPacket(b->seal(b->sampleContent(ofB), 1).envelope).status, 201);
        QCOMPARE(a->postPacket(a->seal(a->sampleContent(nextCaseId(*a)), 2).envelope).status, 201);

        // B's series is taken: a device asking for it does not enroll, and the code stays unused.
        HubTestDevice third(*m_hub);
        third.setCasePrefix(b->casePrefix());
        const QString code = m_hub->enrollCode();
        const HttpResponse taken = third.enroll(code);
        QCOMPARE(taken.status, 409);
        QCOMPARE(taken.error(), QByteArray("case_prefix_taken"));
        third.setCasePrefix(QStringLiteral("Tthird%1").arg(m_backend.name()));
        QCOMPARE(third.enroll(code).status, 201);
        QCOMPARE(third.postPacket(third.seal(third.sampleContent(ofB), 1).envelope).error(),
                 QByteArray("case_number_foreign"));

        // Enrolled without a series: the first packet's series becomes the device's own.
        HubTestDevice legacy(*m_hub);
        QCOMPARE(legacy.enroll(m_hub->enrollCode()).status, 201);
        QCOMPARE(legacy.postPacket(legacy.seal(legacy.sampleContent(nextCaseId(*b)), 1).envelope).error(),
                 QByteArray("case_number_foreign"));
        const QString series = QStringLiteral("Tlegacy%1").arg(m_backend.name());
        QCOMPARE(
            legacy.postPacket(legacy.seal(legacy.sampleContent(series + QStringLiteral("-000001")), 2).envelope).status,
            201);
        QCOMPARE(
            legacy.postPacket(legacy.seal(legacy.sampleContent(QStringLiteral("Tother-000001")), 3).envelope).error(),
            QByteArray("case_number_foreign"));
    }

    // Packets arriving together are stored together (one transaction, group commit), yet each is
    // judged on its own: refused ones leave no trace, stored ones are all there, each answered
    // with its own receipt.
    // A packet sent again while the first copy is still being stored (both in one group commit
    // or one after the other) is stored once; both copies get the same receipt, one 201, one 200.
    void theSamePacketTwiceAtOnceIsStoredOnce()
    {
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        QList<crypto::SealedPacket> packets;
        for (int i = 0; i < 8; ++i)
            packets.append(device->seal(device->sampleContent(nextCaseId(*device)), i + 1));
        const qint64 before = packetCount();
        const qsizetype posts = packets.size() * 2;
        std::vector<HttpResponse> answers(static_cast<std::size_t>(posts));
        std::latch go(posts);
        std::vector<std::thread> threads;
        for (qsizetype i = 0; i < posts; ++i)
            threads.emplace_back([&, i] {
                go.arrive_and_wait();
                answers[std::size_t(i)] = device->postPacket(packets[i / 2].envelope);
            });
        for (std::thread &thread : threads)
            thread.join();
        for (qsizetype p = 0; p < packets.size(); ++p) {
            const HttpResponse &one = answers[std::size_t(2 * p)];
            const HttpResponse &other = answers[std::size_t(2 * p + 1)];
            QVERIFY2((one.status == 201 && other.status == 200) || (one.status == 200 && other.status == 201),
                     qPrintable(QStringLiteral("%1 and %2").arg(one.status).arg(other.status)));
            QCOMPARE(one.body, other.body);
            const auto receipt = protocol::ReceiptDocument::fromJson(one.body, device->hubSigningKey());
            QVERIFY(receipt.ok());
            QCOMPARE(receipt->data.packetId, packets[p].packetId);
        }
        QCOMPARE(packetCount(), before + packets.size());
    }

    void packetsArrivingTogetherAreJudgedOneByOne()
    {
        auto a = enrolledDevice();
        auto b = enrolledDevice();
        QVERIFY(a->isEnrolled() && b->isEnrolled());
        QList<crypto::SealedPacket> packets;
        for (int i = 0; i < 16; ++i)
            packets.append(a->seal(a->sampleContent(i % 2 == 0 ? nextCaseId(*a) : nextCaseId(*b)), i + 1));
        const qint64 before = packetCount();
        std::vector<HttpResponse> answers(std::size_t(packets.size()));
        std::latch go(packets.size());
        std::vector<std::thread> threads;
        for (qsizetype i = 0; i < packets.size(); ++i)
            threads.emplace_back([&, i] {
                go.arrive_and_wait();
                answers[std::size_t(i)] = a->postPacket(packets[i].envelope);
            });
        for (std::thread &thread : threads)
            thread.join();
        QSet<QString> stored;
        for (qsizetype i = 0; i < packets.size(); ++i) {
            const HttpResponse &answer = answers[std::size_t(i)];
            if (i % 2 == 0) {
                QCOMPARE(answer.status, 201);
                const auto receipt = protocol::ReceiptDocument::fromJson(answer.body, a->hubSigningKey());
                QVERIFY(receipt.ok());
                QCOMPARE(receipt->data.packetId, packets[i].packetId);
                stored.insert(packets[i].packetId);
            } else {
                QCOMPARE(answer.error(), QByteArray("case_number_foreign"));
            }
        }
        QCOMPARE(packetCount(), before + 8);
        QSet<QString> ids;
        for (const QJsonValue &id : m_hub->stats().value(QStringLiteral("packetIds")).toArray())
            ids.insert(id.toString());
        for (qsizetype i = 0; i < packets.size(); ++i)
            QCOMPARE(ids.contains(packets[i].packetId), i % 2 == 0);
    }

    // 1.19: packets committed in one group get receipts under one signature; each verifies
    // alone with the pinned key, names its own packet, and comes again byte for byte.
    void receiptsOfAGroupShareOneSignature()
    {
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        int sequence = 0;
        QMap<QByteArray, QStringList> packetsBySignature;
        QMap<QString, QByteArray> receiptOf;
        QMap<QString, QByteArray> envelopeOf;
        // Packets sent at the same moment join one group unless the hub was idle enough to store
        // each alone; a few rounds make a group of several certain.
        for (int round = 0; round < 5 && packetsBySignature.isEmpty(); ++round) {
            QList<crypto::SealedPacket> packets;
            for (int i = 0; i < 12; ++i)
                packets.append(device->seal(device->sampleContent(nextCaseId(*device)), ++sequence));
            std::vector<HttpResponse> answers(std::size_t(packets.size()));
            std::latch go(packets.size());
            std::vector<std::thread> threads;
            for (qsizetype i = 0; i < packets.size(); ++i)
                threads.emplace_back([&, i] {
                    go.arrive_and_wait();
                    answers[std::size_t(i)] = device->postPacket(packets[i].envelope);
                });
            for (std::thread &thread : threads)
                thread.join();
            for (qsizetype i = 0; i < packets.size(); ++i) {
                const HttpResponse &answer = answers[std::size_t(i)];
                QCOMPARE(answer.status, 201);
                const auto receipt = protocol::ReceiptDocument::fromJson(answer.body, device->hubSigningKey());
                QVERIFY(receipt.ok());
                QCOMPARE(receipt->data.packetId, packets[i].packetId);
                QCOMPARE(receipt->data.digest, packets[i].digest);
                receiptOf.insert(packets[i].packetId, answer.body);
                envelopeOf.insert(packets[i].packetId, packets[i].envelope);
                const QJsonObject document = QJsonDocument::fromJson(answer.body).object();
                if (document.contains(QStringLiteral("batch")))
                    packetsBySignature[document.value(QStringLiteral("signature")).toString().toLatin1()].append(
                        packets[i].packetId);
            }
        }
        QVERIFY2(!packetsBySignature.isEmpty(), "no two packets were committed in one group in five rounds");
        for (const QStringList &group : std::as_const(packetsBySignature)) {
            QVERIFY(group.size() >= 2);
            for (const QString &packetId : group) {
                const HttpResponse again = device->postPacket(envelopeOf.value(packetId));
                QCOMPARE(again.status, 200);
                QCOMPARE(again.body, receiptOf.value(packetId));
            }
        }
    }

    // A reviewer cannot tell another department's case from one that does not exist.
    void anotherDepartmentsCaseLooksAbsent()
    {
        const QString caseId = nextCaseId(*m_device);
        const crypto::SealedPacket packet = m_device->seal(m_device->sampleContent(caseId), ++m_sequence);
        QCOMPARE(m_device->postPacket(packet.envelope).status, 201);
        const QString never = nextCaseId(*m_device);
        const QByteArray civil = m_hub->login(QStringLiteral("civil.reviewer"), Password);
        QVERIFY(!civil.isEmpty());
        const HttpResponse hidden = m_hub->get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", bearer(civil)}});
        const HttpResponse absent = m_hub->get("/v1/cases/" + never.toLatin1(), {{"Authorization", bearer(civil)}});
        QCOMPARE(hidden.status, 404);
        QCOMPARE(hidden.error(), QByteArray("not_found"));
        QCOMPARE(hidden.body, absent.body);
        const HttpResponse hiddenDecision = m_hub->decide(civil, caseId, packet.packetId, QStringLiteral("approved"));
        const HttpResponse absentDecision = m_hub->decide(civil, never, packet.packetId, QStringLiteral("approved"));
        QCOMPARE(hiddenDecision.status, 404);
        QCOMPARE(hiddenDecision.body, absentDecision.body);
        // Its own department still sees and decides it.
        const QByteArray health = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QCOMPARE(m_hub->get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", bearer(health)}}).status, 200);
        QCOMPARE(m_hub->decide(health, caseId, packet.packetId, QStringLiteral("approved")).status, 200);
    }

    // OW-Timestamp values whose distance to hub time does not fit in 64 bits are refused as skew,
    // never computed with an overflow.
    void extremeTimestampsAreClockSkew_data()
    {
        QTest::addColumn<QByteArray>("timestamp"); // empty: INT64_MIN + hub time, signed correctly
        QTest::newRow("INT64_MIN") << QByteArray::number(std::numeric_limits<qint64>::min());
        QTest::newRow("INT64_MAX") << QByteArray::number(std::numeric_limits<qint64>::max());
        QTest::newRow("INT64_MIN + now") << QByteArray();
        QTest::newRow("beyond 64 bits") << QByteArray("99999999999999999999");
        QTest::newRow("below 64 bits") << QByteArray("-99999999999999999999");
    }
    void extremeTimestampsAreClockSkew()
    {
        QFETCH(QByteArray, timestamp);
        QList<HttpRequest> requests;
        bool inRange = false;
        const qint64 value = timestamp.toLongLong(&inRange);
        if (timestamp.isEmpty()) {
            // Subtracting hub time from it gives INT64_MIN, whose absolute value does not exist.
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            for (qint64 offset = 0; offset < 3; ++offset)
                requests.append(m_device->signedRequest("GET", "/v1/events", {}, {},
                                                        std::numeric_limits<qint64>::min() + now + offset));
        } else if (inRange) {
            requests.append(m_device->signedRequest("GET", "/v1/events", {}, {}, value));
        } else {
            HttpRequest request = m_device->signedRequest("GET", "/v1/events");
            for (auto &[name, header] : request.headers)
                if (name == "OW-Timestamp")
                    header = timestamp;
            requests.append(request);
        }
        for (const HttpRequest &request : requests) {
            const HttpResponse response = m_device->send(request);
            QVERIFY2(response.status == 401, response.body.constData());
            QCOMPARE(response.error(), QByteArray("clock_skew"));
            QVERIFY(response.headers.contains("date"));
        }
    }

    // Sign-in tells nobody whether a user name exists: the same answers, the same lock, an audit
    // entry for every refusal.
    void unknownUserNamesAnswerLikeKnownOnes()
    {
        QVERIFY(m_hub->addOperator(QStringLiteral("probe.known"), QStringLiteral("reviewer"), Health, Password));
        const auto audited = [&] { return m_hub->stats().value(QStringLiteral("audit")).toObject(); };
        const auto count = [](const QJsonObject &audit, const char *key) {
            return audit.value(QLatin1String(key)).toInteger();
        };
        const auto attempts = [&](const QString &username) {
            QStringList answers;
            for (int i = 0; i < 6; ++i) {
                HttpResponse response;
                m_hub->login(username, QStringLiteral("wrong password %1").arg(i), &response);
                answers << QStringLiteral("%1 %2 %3")
                               .arg(response.status)
                               .arg(QString::fromUtf8(response.body))
                               .arg(response.headers.value("retry-after").toInt() > 0);
            }
            return answers;
        };
        const QJsonObject before = audited();
        const QStringList known = attempts(QStringLiteral("probe.known"));
        const QStringList unknown = attempts(QStringLiteral("probe.nobody"));
        QVERIFY2(known.at(3).startsWith(QLatin1String("401 ")), qPrintable(known.join(QLatin1Char('\n'))));
        QVERIFY2(known.at(4).startsWith(QLatin1String("423 ")), qPrintable(known.join(QLatin1Char('\n'))));
        QCOMPARE(unknown, known);
        const QJsonObject after = audited();
        QCOMPARE(count(after, "login/refused") - count(before, "login/refused"), 8);
        QCOMPARE(count(after, "login/refused_and_locked") - count(before, "login/refused_and_locked"), 2);
        QCOMPARE(count(after, "login/locked") - count(before, "login/locked"), 2);
        // Other names are not affected.
        QVERIFY(!m_hub->login(QStringLiteral("health.reviewer"), Password).isEmpty());
    }

    // An administrator ends an operator's sign-ins at once (revoke-tokens) or shuts the account
    // (disable-operator): no token of theirs works on the next request, and a disabled account
    // cannot sign in again.
    void operatorsDisabledAndTokensRevoked()
    {
        QVERIFY(m_hub->addOperator(QStringLiteral("leaving.reviewer"), QStringLiteral("reviewer"), Health, Password));
        QVERIFY(m_hub->addOperator(QStringLiteral("lost.phone"), QStringLiteral("reviewer"), Health, Password));
        const QByteArray leaving = m_hub->login(QStringLiteral("leaving.reviewer"), Password);
        const QByteArray lost = m_hub->login(QStringLiteral("lost.phone"), Password);
        const QByteArray lostElsewhere = m_hub->login(QStringLiteral("lost.phone"), Password);
        const QByteArray other = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!leaving.isEmpty() && !lost.isEmpty() && !lostElsewhere.isEmpty() && !other.isEmpty());
        const auto queueStatus = [&](const QByteArray &token) {
            return m_hub->get("/v1/queue", {{"Authorization", bearer(token)}}).status;
        };
        const QJsonObject before = m_hub->stats().value(QStringLiteral("audit")).toObject();

        QCOMPARE(m_hub->runCommand({QStringLiteral("revoke-tokens"), QStringLiteral("lost.phone")}), 0);
        QCOMPARE(queueStatus(lost), 401);
        QCOMPARE(queueStatus(lostElsewhere), 401);
        QCOMPARE(queueStatus(leaving), 200);
        QCOMPARE(queueStatus(other), 200);
        // Revoking ends sign-ins, not the account.
        const QByteArray again = m_hub->login(QStringLiteral("lost.phone"), Password);
        QVERIFY(!again.isEmpty());
        QCOMPARE(queueStatus(again), 200);

        QCOMPARE(m_hub->runCommand({QStringLiteral("disable-operator"), QStringLiteral("leaving.reviewer")}), 0);
        QCOMPARE(queueStatus(leaving), 401);
        HttpResponse refused;
        QVERIFY(m_hub->login(QStringLiteral("leaving.reviewer"), Password, &refused).isEmpty());
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.error(), QByteArray("account_disabled"));
        QVERIFY(
            m_hub->login(QStringLiteral("leaving.reviewer"), QStringLiteral("wrong password 1"), &refused).isEmpty());
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.error(), QByteArray("bad_credentials"));
        // Disabling again changes nothing; names that are no account are said to be unknown.
        QCOMPARE(m_hub->runCommand({QStringLiteral("disable-operator"), QStringLiteral("leaving.reviewer")}), 0);
        QByteArray errors;
        QCOMPARE(m_hub->runCommand({QStringLiteral("disable-operator"), QStringLiteral("nobody.here")}, {}, nullptr,
                                   &errors),
                 6);
        QVERIFY2(errors.contains("No operator has this user name."), errors.constData());
        QCOMPARE(
            m_hub->runCommand({QStringLiteral("revoke-tokens"), QStringLiteral("nobody.here")}, {}, nullptr, &errors),
            6);
        QCOMPARE(queueStatus(again), 200);
        const QJsonObject after = m_hub->stats().value(QStringLiteral("audit")).toObject();
        const auto added = [&](const char *key) {
            return after.value(QLatin1String(key)).toInteger() - before.value(QLatin1String(key)).toInteger();
        };
        QCOMPARE(added("tokens_revoke/ok"), 1);
        QCOMPARE(added("operator_disable/ok"), 1);
        QCOMPARE(added("login/disabled"), 1);
    }

    // import-packets reads regular files within the packet limit only; the rest is refused by name.
    void importRefusesWhatIsNoPacketFile()
    {
        auto device = enrolledDevice();
        QVERIFY(device->isEnrolled());
        QTemporaryDir media;
        QTemporaryDir elsewhere;
        const auto write = [](const QString &path, const QByteArray &bytes) {
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
        };
        const crypto::SealedPacket good = device->seal(device->sampleContent(nextCaseId(*device)), 1);
        QVERIFY(write(media.filePath(QStringLiteral("good.owpkt")), good.envelope));
        const crypto::SealedPacket linked = device->seal(device->sampleContent(nextCaseId(*device)), 2);
        QVERIFY(write(elsewhere.filePath(QStringLiteral("target.owpkt")), linked.envelope));
        QVERIFY(QFile::link(elsewhere.filePath(QStringLiteral("target.owpkt")),
                            media.filePath(QStringLiteral("link.owpkt"))));
        QVERIFY(QFile::link(elsewhere.filePath(QStringLiteral("gone.owpkt")),
                            media.filePath(QStringLiteral("dangling.owpkt"))));
        // Opening a FIFO for reading would wait for a writer forever.
        QCOMPARE(::mkfifo(QFile::encodeName(media.filePath(QStringLiteral("fifo.owpkt"))).constData(), 0600), 0);
        QVERIFY(QDir(media.path()).mkdir(QStringLiteral("folder.owpkt")));
        QVERIFY(write(media.filePath(QStringLiteral("big.owpkt")), QByteArray(64 * 1024 + 1, ' ')));
        // An attachment is read the same way: through a link it is refused, and so its packet.
        const crypto::SealedPacket attached =
            device->seal(device->sampleContent(nextCaseId(*device), QStringLiteral("senior-citizen-card"), 1000), 3);
        QVERIFY(write(media.filePath(QStringLiteral("attached.owpkt")), attached.envelope));
        QVERIFY(write(elsewhere.filePath(QStringLiteral("blob")), attached.externalParts.first().blob));
        QVERIFY(
            QFile::link(elsewhere.filePath(QStringLiteral("blob")),
                        media.filePath(QStringLiteral("attached.%1.owatt").arg(attached.externalParts.first().name))));

        QByteArray out;
        QCOMPARE(m_hub->runCommand({QStringLiteral("import-packets"), QStringLiteral("--max-packet-bytes"),
                                    QString::number(64 * 1024), media.path()},
                                   {}, &out),
                 3);
        QStringList lines = QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        lines.sort();
        QCOMPARE(lines,
                 (QStringList{QStringLiteral("attached.att-0.owatt refused symlink"),
                              QStringLiteral("attached.owpkt refused attachment_missing"),
                              QStringLiteral("big.owpkt refused too_large"),
                              QStringLiteral("dangling.owpkt refused symlink"),
                              QStringLiteral("fifo.owpkt refused not_regular_file"),
                              QStringLiteral("folder.owpkt refused not_regular_file"),
                              QStringLiteral("good.owpkt stored"), QStringLiteral("link.owpkt refused symlink")}));
        const QJsonArray stored = m_hub->stats().value(QStringLiteral("packetIds")).toArray();
        QVERIFY(stored.contains(good.packetId));
        QVERIFY(!stored.contains(linked.packetId));
    }

    // The command line (PROTOCOL.md section 10): help, and usage errors that name the problem
    // with exit code 1 before the hub touches its data folder.
    void commandLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output"); // standard output for help, standard error otherwise
        const QString data = QStringLiteral("--data");
        const QString dir = QDir::temp().filePath(QStringLiteral("ow-hub-cli-never-created"));
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0
                              << QStringLiteral("serve enroll-code revoke-device add-operator disable-operator "
                                                "revoke-tokens import-packets stats");
        QTest::newRow("command help") << QStringList{QStringLiteral("serve"), QStringLiteral("--help")} << 0
                                      << QStringLiteral("--port-file --token-ttl-seconds --lockout-seconds");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")} << 1
                                         << QStringLiteral("Unknown command frobnicate.");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("serve"), data, dir, QStringLiteral("--bogus")}
                                        << 1 << QStringLiteral("Unknown option --bogus.");
        QTest::newRow("option of another command")
            << QStringList{QStringLiteral("stats"), data, dir, QStringLiteral("--port"), QStringLiteral("1")} << 1
            << QStringLiteral("Unknown option --port.");
        QTest::newRow("missing value") << QStringList{QStringLiteral("serve"), data} << 1
                                       << QStringLiteral("Missing value after --data.");
        QTest::newRow("missing data") << QStringList{QStringLiteral("stats")} << 1 << QStringLiteral("--data DIR");
        QTest::newRow("port out of range")
            << QStringList{QStringLiteral("serve"), data, dir, QStringLiteral("--port"), QStringLiteral("65536")} << 1
            << QStringLiteral("--port takes a whole number from 0 to 65535, not \"65536\".");
        QTest::newRow("port not a number")
            << QStringList{QStringLiteral("serve"), data, dir, QStringLiteral("--port"), QStringLiteral("http")} << 1
            << QStringLiteral("--port takes a whole number from 0 to 65535");
        QTest::newRow("ttl out of range")
            << QStringList{QStringLiteral("enroll-code"), data, dir, QStringLiteral("--ttl-hours"), QStringLiteral("0")}
            << 1 << QStringLiteral("--ttl-hours takes a whole number from 1");
        QTest::newRow("token ttl out of range")
            << QStringList{QStringLiteral("serve"), data, dir, QStringLiteral("--token-ttl-seconds"),
                           QStringLiteral("-5")}
            << 1 << QStringLiteral("--token-ttl-seconds takes a whole number from 1");
        QTest::newRow("missing argument")
            << QStringList{QStringLiteral("revoke-device"), data, dir} << 1 << QStringLiteral("DEVICE_ID");
        QTest::newRow("extra argument") << QStringList{QStringLiteral("stats"), data, dir, QStringLiteral("extra")} << 1
                                        << QStringLiteral("Unexpected argument extra.");
    }

    void commandLine()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QProcess hub;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
        hub.setProcessEnvironment(env);
        hub.start(HubFixture::hubBinary(), args);
        QVERIFY(hub.waitForFinished(60000));
        QCOMPARE(hub.exitCode(), exitCode);
        const QString shown =
            QString::fromUtf8(exitCode == 0 ? hub.readAllStandardOutput() : hub.readAllStandardError());
        for (const QString &word : exitCode == 0 ? output.split(QLatin1Char(' ')) : QStringList{output})
            QVERIFY2(shown.contains(word), qPrintable(shown));
        QVERIFY(!QFileInfo::exists(QDir::temp().filePath(QStringLiteral("ow-hub-cli-never-created"))));
    }

    // A hall supervisor and an auditor are hub accounts without a department; a name given twice
    // is refused as taken.
    void hallAccountsNeedNoDepartment()
    {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        const auto add = [&](const QString &user, const QString &role) {
            QProcess hub;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
            hub.setProcessEnvironment(env);
            hub.start(HubFixture::hubBinary(), {QStringLiteral("add-operator"), QStringLiteral("--data"), data.path(),
                                                QStringLiteral("--username"), user, QStringLiteral("--role"), role});
            hub.write("a-long-enough-password\n");
            hub.closeWriteChannel();
            hub.waitForFinished(60000);
            return std::pair{hub.exitCode(), QString::fromUtf8(hub.readAllStandardError())};
        };
        for (const QString &role : {QStringLiteral("supervisor"), QStringLiteral("auditor")}) {
            const auto [code, error] = add(QStringLiteral("hall.") + role, role);
            QVERIFY2(code == 0, qPrintable(error));
        }
        const auto [code, error] = add(QStringLiteral("hall.supervisor"), QStringLiteral("auditor"));
        QVERIFY(code != 0);
        QVERIFY2(error.contains(QStringLiteral("taken")), qPrintable(error));
    }

    void commandLineInChinese()
    {
        QProcess hub;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("OW_LANG"));
        hub.setProcessEnvironment(env);
        hub.start(HubFixture::hubBinary(), {QStringLiteral("stats"), QStringLiteral("--bogus")});
        QVERIFY(hub.waitForFinished(60000));
        QCOMPARE(hub.exitCode(), 1);
        const QString shown = QString::fromUtf8(hub.readAllStandardError());
        QVERIFY2(shown.contains(QStringLiteral("未知选项 --bogus")), qPrintable(shown));
    }
};

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
