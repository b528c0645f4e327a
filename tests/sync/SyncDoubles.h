#pragma once

// Test doubles for unit tests of one sync class: a transport that replays queued replies and
// records what was sent (no network), and a device identity with a trivially checkable signature.

#include "sync/DeviceIdentity.h"
#include "sync/Http.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMutex>

#include <functional>

namespace ow::test {

class QueuedTransport final : public sync::Transport
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

// Signs with a marker and accepts receipts whose signature is "hub:" + the receipt bytes' digest.
class FakeDevice final : public sync::DeviceIdentity
{
public:
    QString deviceId() const override { return QStringLiteral("d-test"); }
    QString suite() const override { return QStringLiteral("gm"); }
    Result<sync::HeaderList> authHeaders(const QByteArray &method, const QByteArray &path, const QByteArray &,
                                         qint64 unixTime) const override
    {
        return sync::HeaderList{{"OW-Device", deviceId().toLatin1()},
                                {"OW-Timestamp", QByteArray::number(unixTime)},
                                {"OW-Signature", "fake:" + method + path}};
    }
    bool receiptSignatureValid(const QByteArray &receipt, const QByteArray &signature) const override
    {
        return signature == hubSignature(receipt);
    }
    static QByteArray hubSignature(const QByteArray &receipt)
    {
        return "hub:" + sync::suiteDigest(QStringLiteral("gm"), receipt).toHex();
    }
};

// A packet envelope as PacketSealer writes it, with an opaque payload (the pump never opens it).
inline QByteArray fakeEnvelope(const QString &packetId, const QString &caseNumber, const QByteArray &filler = "x")
{
    const QJsonObject manifest{{QStringLiteral("packetId"), packetId},
                               {QStringLiteral("caseId"), caseNumber},
                               {QStringLiteral("deviceId"), QStringLiteral("d-test")},
                               {QStringLiteral("suite"), QStringLiteral("gm")},
                               {QStringLiteral("sequence"), 1}};
    const QByteArray m = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    const QJsonObject env{{QStringLiteral("format"), QStringLiteral("ow-packet/1")},
                          {QStringLiteral("suite"), QStringLiteral("gm")},
                          {QStringLiteral("manifest"), QString::fromLatin1(m.toBase64())},
                          {QStringLiteral("signature"), QStringLiteral("c2ln")},
                          {QStringLiteral("wrappedKey"), QStringLiteral("a2V5")},
                          {QStringLiteral("parts"),
                           QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("payload")},
                                                  {QStringLiteral("data"), QString::fromLatin1(filler.toBase64())}}}}};
    return QJsonDocument(env).toJson(QJsonDocument::Compact);
}

// The body of a 201/200 answer: a receipt for exactly this envelope, signed the fake hub's way.
inline QByteArray fakeReceiptFor(const QByteArray &envelope, const QString &digestOverride = {})
{
    auto info = sync::readEnvelope(envelope);
    const QJsonObject r{
        {QStringLiteral("format"), QStringLiteral("ow-receipt/1")},
        {QStringLiteral("hubId"), QStringLiteral("hub-test")},
        {QStringLiteral("packetId"), info->packetId},
        {QStringLiteral("caseId"), info->caseNumber},
        {QStringLiteral("deviceId"), info->deviceId},
        {QStringLiteral("digest"), digestOverride.isEmpty() ? QString::fromLatin1(info->digestHex) : digestOverride},
        {QStringLiteral("receivedAt"), QStringLiteral("2026-03-02T09:00:00.000Z")},
        {QStringLiteral("hubSequence"), 1}};
    const QByteArray bytes = QJsonDocument(r).toJson(QJsonDocument::Compact);
    const QJsonObject body{
        {QStringLiteral("receipt"), QString::fromLatin1(bytes.toBase64())},
        {QStringLiteral("signature"), QString::fromLatin1(FakeDevice::hubSignature(bytes).toBase64())},
        {QStringLiteral("suite"), QStringLiteral("gm")}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

inline QByteArray hubError(const char *code)
{
    return QByteArray("{\"error\":\"") + code + "\",\"message\":\"test\"}";
}

} // namespace ow::test
