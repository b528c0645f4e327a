#pragma once

// Test doubles for unit tests of one sync class: a transport that replays queued replies and
// records what was sent (no network), and a device identity that pins a test hub's signing key.

#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/Receipt.h"
#include "crypto/Suite.h"
#include "sync/DeviceIdentity.h"
#include "sync/Http.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMutex>

#include <functional>

namespace ow::test {

class QueuedTransport : public sync::Transport
{
public:
    using Reply = std::function<sync::HttpResponse(const sync::HttpRequest &)>;

    void enqueue(Reply reply) { m_replies.append(std::move(reply)); }
    void enqueue(int status, QByteArray body = {}, QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        sync::HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers = std::move(headers);
        m_replies.append([r](const sync::HttpRequest &) { return r; });
    }
    void enqueueNoAnswer(const QString &why = QStringLiteral("Connection refused"))
    {
        sync::HttpResponse r;
        r.transportError = why;
        m_replies.append([r](const sync::HttpRequest &) { return r; });
    }

    sync::HttpResponse send(const sync::HttpRequest &request) override
    {
        QMutexLocker lock(&m_mutex);
        sent.append(request);
        if (m_replies.isEmpty()) {
            ++unexpected;
            sync::HttpResponse r;
            r.transportError = QStringLiteral("no reply queued");
            return r;
        }
        return m_replies.takeFirst()(request);
    }

    qsizetype queued() const { return m_replies.size(); }

    QList<sync::HttpRequest> sent;
    int unexpected = 0;

private:
    QMutex m_mutex;
    QList<Reply> m_replies;
};

// The signing key of the fake hub whose receipts FakeDevice accepts (one per test process).
inline const crypto::PrivateKey &fakeHubSigningKey()
{
    static const crypto::PrivateKey key =
        crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Signing).value();
    return key;
}

// Signs with a marker and pins the fake hub's signing key.
class FakeDevice final : public sync::DeviceIdentity
{
public:
    QString deviceId() const override { return QStringLiteral("d-test"); }
    QString suite() const override { return QStringLiteral("gm"); }
    Result<sync::HeaderList> authHeaders(const QByteArray &method, const QByteArray &path, const QByteArray &,
                                         qint64 unixTime, const sync::HeaderList &) const override
    {
        return sync::HeaderList{{"OW-Device", deviceId().toLatin1()},
                                {"OW-Timestamp", QByteArray::number(unixTime)},
                                {"OW-Signature", "fake:" + method + path}};
    }
    const crypto::PublicKey &hubSigningKey() const override
    {
        static const crypto::PublicKey key = fakeHubSigningKey().publicKey();
        return key;
    }
};

// A packet envelope as PacketSealer writes it, with an opaque payload (the pump never opens it):
// the manifest is complete and its digests match, the signature and wrapped key are placeholders.
inline QByteArray fakeEnvelope(const QString &packetId, const QString &caseNumber, const QByteArray &filler = "x")
{
    const QByteArray wrappedKey = "key";
    const QJsonObject manifest{
        {QStringLiteral("packetId"), packetId},
        {QStringLiteral("caseId"), caseNumber},
        {QStringLiteral("deviceId"), QStringLiteral("d-test")},
        {QStringLiteral("suite"), QStringLiteral("gm")},
        {QStringLiteral("sequence"), 1},
        {QStringLiteral("createdAt"), QStringLiteral("2026-03-02T09:00:00.000Z")},
        {QStringLiteral("itemId"), QStringLiteral("item-a")},
        {QStringLiteral("wrappedKeyDigest"),
         QString::fromLatin1(crypto::suiteDigestHex(crypto::Suite::Gm, wrappedKey))},
        {QStringLiteral("parts"),
         QJsonArray{QJsonObject{
             {QStringLiteral("name"), QStringLiteral("payload")},
             {QStringLiteral("size"), filler.size()},
             {QStringLiteral("digest"), QString::fromLatin1(crypto::suiteDigestHex(crypto::Suite::Gm, filler))}}}}};
    const QByteArray m = crypto::canonicalJson(manifest);
    const QJsonObject env{{QStringLiteral("format"), QStringLiteral("ow-packet/1")},
                          {QStringLiteral("suite"), QStringLiteral("gm")},
                          {QStringLiteral("manifest"), QString::fromLatin1(m.toBase64())},
                          {QStringLiteral("signature"), QStringLiteral("c2ln")},
                          {QStringLiteral("wrappedKey"), QString::fromLatin1(wrappedKey.toBase64())},
                          {QStringLiteral("parts"),
                           QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("payload")},
                                                  {QStringLiteral("data"), QString::fromLatin1(filler.toBase64())}}}}};
    return crypto::canonicalJson(env);
}

// The body of a 201/200 answer: a receipt for exactly this envelope, signed by the fake hub.
inline QByteArray fakeReceiptFor(const QByteArray &envelope, const QString &digestOverride = {})
{
    auto info = sync::readEnvelope(envelope);
    const crypto::ReceiptData data{QStringLiteral("hub-test"),
                                   info->packetId,
                                   info->caseNumber,
                                   info->deviceId,
                                   digestOverride.isEmpty() ? info->digestHex : digestOverride.toLatin1(),
                                   QStringLiteral("2026-03-02T09:00:00.000Z"),
                                   1};
    return crypto::signReceipt(crypto::Suite::Gm, fakeHubSigningKey(), data).value();
}

inline QByteArray hubError(const char *code)
{
    return QByteArray("{\"error\":\"") + code + "\",\"message\":\"test\"}";
}

} // namespace ow::test
