// 呼叫帮办员 over HTTP against the real hub process (SQLite, and PostgreSQL for
// tst_hubhelp_postgres): POST /v1/help-requests signed by a device (201, then 200 with the same
// request), unsigned or badly signed refused, personal data in the body refused; the operators'
// list (Bearer, or device-signed for the village helper's desk since 1.18) and closing (PROTOCOL.md §5.5).

#include "HubFixture.h"
#include "HubTestBackend.h"

#include "protocol/HelpMessages.h"
#include "protocol/JsonFields.h"

#include <QJsonArray>
#include <QTest>

using namespace ow;
using namespace ow::test;

namespace {
const QString Password = QStringLiteral("Reviewer#2024pass");
} // namespace

class TestHubHelp : public QObject
{
    Q_OBJECT

    HubTestBackend m_backend;
    std::unique_ptr<HubFixture> m_hub;
    std::unique_ptr<HubTestDevice> m_kiosk;
    std::unique_ptr<HubTestDevice> m_other;
    QByteArray m_token;

    std::unique_ptr<HubTestDevice> enrolled(const QString &name)
    {
        auto device = std::make_unique<HubTestDevice>(*m_hub);
        const HttpResponse response = device->enroll(m_hub->enrollCode(), name);
        if (response.status != 201)
            qWarning("enroll: %d %s", response.status, response.body.constData());
        return device;
    }

    HttpResponse ask(const HubTestDevice &device, const QJsonObject &body)
    {
        return device.send(
            device.signedRequest("POST", "/v1/help-requests", protocol::toBytes(body), "application/json"));
    }

    QList<QPair<QByteArray, QByteArray>> bearer() const { return {{"Authorization", "Bearer " + m_token}}; }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_hub = std::make_unique<HubFixture>(url);
        QVERIFY2(m_hub->start(), m_hub->log().constData());
        QVERIFY(m_hub->addOperator(QStringLiteral("supervisor"), QStringLiteral("supervisor"), QString(), Password));
        m_token = m_hub->login(QStringLiteral("supervisor"), Password);
        QVERIFY(!m_token.isEmpty());
        m_kiosk = enrolled(QStringLiteral("village kiosk"));
        m_other = enrolled(QStringLiteral("town kiosk"));
        QVERIFY(m_kiosk->isEnrolled() && m_other->isEnrolled());
    }

    void cleanupTestCase()
    {
        if (m_hub)
            m_hub->stop();
    }

    void askListAndClose()
    {
        const HttpResponse first = ask(*m_kiosk, {{QStringLiteral("screen"), QStringLiteral("identify")}});
        QCOMPARE(first.status, 201);
        auto request = protocol::HelpRequest::fromJson(first.json());
        QVERIFY(request.ok());
        QCOMPARE(request->deviceId, m_kiosk->deviceId()); // the signer, not anything in the body
        QCOMPARE(request->screen, QStringLiteral("identify"));
        QCOMPARE(request->state, protocol::HelpState::Open);

        // Asked again: the same request, 200.
        const HttpResponse again = ask(*m_kiosk, {{QStringLiteral("screen"), QStringLiteral("home")}});
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("id")).toString(), request->id);
        QCOMPARE(again.json().value(QStringLiteral("requestedAt")).toString(), request->requestedAt);
        QCOMPARE(ask(*m_other, {{QStringLiteral("screen"), QStringLiteral("home")}}).status, 201);

        // The operators' board.
        HttpResponse listed = m_hub->get("/v1/help-requests?state=open", bearer());
        QCOMPARE(listed.status, 200);
        auto list = protocol::HelpRequestList::fromJson(listed.json());
        QVERIFY(list.ok());
        QCOMPARE(list->requests.size(), 2);
        QCOMPARE(list->requests.at(0).id, request->id);
        QCOMPARE(list->requests.at(1).deviceId, m_other->deviceId());
        QCOMPARE(m_hub->get("/v1/help-requests", bearer()).json().value(QStringLiteral("requests")).toArray().size(),
                 2);
        QCOMPARE(m_hub->get("/v1/help-requests?state=maybe", bearer()).status, 400);
        // Not for anyone without a token or a device signature (1.18: devices may list).
        QCOMPARE(m_hub->get("/v1/help-requests?state=open").status, 401);

        // The helper came.
        const QByteArray close = "/v1/help-requests/" + request->id.toLatin1() + "/close";
        QCOMPARE(m_hub->postJson(close, {}).status, 401);
        const HttpResponse closed = m_hub->postJson(close, {}, bearer());
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.json().value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
        QCOMPARE(m_hub->postJson("/v1/help-requests/424242/close", {}, bearer()).status, 404);
        listed = m_hub->get("/v1/help-requests?state=open", bearer());
        QCOMPARE(listed.json().value(QStringLiteral("requests")).toArray().size(), 1);
        listed = m_hub->get("/v1/help-requests?state=closed", bearer());
        QCOMPARE(listed.json().value(QStringLiteral("requests")).toArray().size(), 1);
        // A new call after the helper left is a new request.
        const HttpResponse next = ask(*m_kiosk, {{QStringLiteral("screen"), QStringLiteral("home")}});
        QCOMPARE(next.status, 201);
        QVERIFY(next.json().value(QStringLiteral("id")).toString() != request->id);
    }

    // 1.18: the village helper's desk lists the open requests and closes one as its device
    // (signed); a forged signature is refused and closes nothing.
    void helperDeskListsAndClosesAsDevice()
    {
        auto desk = enrolled(QStringLiteral("village helper desk"));
        QVERIFY(desk->isEnrolled());
        const HttpResponse asked = ask(*m_other, {{QStringLiteral("screen"), QStringLiteral("form")}});
        QVERIFY(asked.status == 200 || asked.status == 201);
        const QString id = asked.json().value(QStringLiteral("id")).toString();

        HttpResponse listed = desk->send(desk->signedRequest("GET", "/v1/help-requests?state=open"));
        QCOMPARE(listed.status, 200);
        auto list = protocol::HelpRequestList::fromJson(listed.json());
        QVERIFY(list.ok());
        QStringList ids;
        for (const protocol::HelpRequest &r : list->requests)
            ids << r.id;
        QVERIFY2(ids.contains(id), qPrintable(ids.join(u',')));
        QCOMPARE(desk->send(desk->signedRequest("GET", "/v1/help-requests?state=maybe")).status, 400);

        const QByteArray close = "/v1/help-requests/" + id.toLatin1() + "/close";
        HttpRequest forged = desk->signedRequest("POST", close);
        forged.target = "/v1/help-requests/" + list->requests.first().id.toLatin1() + "x/close";
        QCOMPARE(m_hub->request(forged).status, 401);
        const HttpResponse closed = desk->send(desk->signedRequest("POST", close));
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.json().value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
        QCOMPARE(desk->send(desk->signedRequest("POST", "/v1/help-requests/424242/close")).status, 404);
        listed = desk->send(desk->signedRequest("GET", "/v1/help-requests?state=open"));
        QCOMPARE(listed.status, 200);
        for (const QJsonValue &r : listed.json().value(QStringLiteral("requests")).toArray())
            QVERIFY(r.toObject().value(QStringLiteral("id")).toString() != id);
    }

    // No signature, a bad one, another device's id: refused, nothing stored.
    void unsignedRefused()
    {
        const qint64 before = m_hub->get("/v1/help-requests?state=all", bearer())
                                  .json()
                                  .value(QStringLiteral("requests"))
                                  .toArray()
                                  .size();
        HttpRequest plain;
        plain.method = "POST";
        plain.target = "/v1/help-requests";
        plain.body = protocol::toBytes({{QStringLiteral("screen"), QStringLiteral("home")}});
        plain.headers = {{"Content-Type", "application/json"}};
        HttpResponse r = m_hub->request(plain);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.error(), QByteArray("auth_missing"));

        HttpRequest forged = m_kiosk->signedRequest("POST", "/v1/help-requests", plain.body, "application/json");
        forged.body = protocol::toBytes({{QStringLiteral("screen"), QStringLiteral("form")}});
        r = m_hub->request(forged);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.error(), QByteArray("bad_signature"));

        // Wrong media type, wrong method.
        QCOMPARE(m_kiosk->send(m_kiosk->signedRequest("POST", "/v1/help-requests", plain.body, "text/plain")).status,
                 415);
        QCOMPARE(m_kiosk->send(m_kiosk->signedRequest("DELETE", "/v1/help-requests")).status, 405);
        const qint64 after = m_hub->get("/v1/help-requests?state=all", bearer())
                                 .json()
                                 .value(QStringLiteral("requests"))
                                 .toArray()
                                 .size();
        QCOMPARE(after, before);
    }

    // Only a screen key travels: an ID number, a name or extra fields are refused.
    void personalDataRefused()
    {
        auto device = enrolled(QStringLiteral("third kiosk"));
        QVERIFY(device->isEnrolled());
        for (const QJsonObject &body :
             {QJsonObject{{QStringLiteral("screen"), QStringLiteral("34112519480302004X")}},
              QJsonObject{{QStringLiteral("screen"), QStringLiteral("王秀兰")}}, QJsonObject{}}) {
            const HttpResponse r = ask(*device, body);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.error(), QByteArray("bad_request"));
        }
        const HttpResponse listed = m_hub->get("/v1/help-requests?state=all", bearer());
        for (const QJsonValue &v : listed.json().value(QStringLiteral("requests")).toArray())
            QVERIFY(v.toObject().value(QStringLiteral("deviceId")).toString() != device->deviceId());
    }
};

QTEST_GUILESS_MAIN(TestHubHelp)
#include "tst_hubhelp.moc"
