// The auditor (审计员) over HTTP against the real hub process (SQLite, and PostgreSQL for
// tst_hubauditor_postgres), PROTOCOL.md §12: GET /v1/audit searching by case, operator, action
// and date; /v1/audit/verify; /v1/audit/extract signed by the hub and checked with the key the
// device pinned at enrollment; every other role refused; and the auditor refused the queue and a
// case's personal data, each refusal on record.

#include "HubFixture.h"
#include "HubTestBackend.h"

#include "crypto/AuditExtract.h"

#include <QJsonArray>
#include <QTest>

using namespace ow;
using namespace ow::test;

namespace {
const QString Password = QStringLiteral("Auditor#2026pass");
const QString Health = QStringLiteral("11341125MB17731876"); // senior-citizen-card's department
} // namespace

class TestHubAuditor : public QObject
{
    Q_OBJECT

    HubTestBackend m_backend;
    std::unique_ptr<HubFixture> m_hub;
    std::unique_ptr<HubTestDevice> m_kiosk;
    QByteArray m_auditor;
    QByteArray m_reviewer;
    QString m_caseId;
    QString m_packetId;

    static QList<QPair<QByteArray, QByteArray>> bearer(const QByteArray &token)
    {
        return {{"Authorization", "Bearer " + token}};
    }
    HttpResponse asAuditor(const QByteArray &target) const { return m_hub->get(target, bearer(m_auditor)); }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_hub = std::make_unique<HubFixture>(url);
        QVERIFY2(m_hub->start(), m_hub->log().constData());
        QVERIFY(m_hub->addOperator(QStringLiteral("county.auditor"), QStringLiteral("auditor"), QString(), Password));
        QVERIFY(m_hub->addOperator(QStringLiteral("health.reviewer"), QStringLiteral("reviewer"), Health, Password));
        HttpResponse login;
        m_auditor = m_hub->login(QStringLiteral("county.auditor"), Password, &login);
        QVERIFY2(!m_auditor.isEmpty(), login.body.constData());
        QCOMPARE(login.json().value(QStringLiteral("role")).toString(), QStringLiteral("auditor"));
        m_reviewer = m_hub->login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!m_reviewer.isEmpty());

        m_kiosk = std::make_unique<HubTestDevice>(*m_hub);
        m_kiosk->setCasePrefix(QStringLiteral("AUD%1").arg(m_backend.name().toUpper()));
        QCOMPARE(m_kiosk->enroll(m_hub->enrollCode()).status, 201);
        m_caseId = m_kiosk->casePrefix() + QStringLiteral("-000001");
        const crypto::SealedPacket packet = m_kiosk->seal(m_kiosk->sampleContent(m_caseId), 1);
        QCOMPARE(m_kiosk->postPacket(packet.envelope).status, 201);
        m_packetId = packet.packetId;
        // The reviewer opens the case: an entry the auditor will find.
        QCOMPARE(m_hub->get("/v1/cases/" + m_caseId.toLatin1(), bearer(m_reviewer)).status, 200);
    }

    void cleanupTestCase()
    {
        if (m_hub)
            m_hub->stop();
    }

    // The auditor sees no case and no queue: 404 for the case (as if absent), 403 for the queue.
    void auditorRefusedPersonalData()
    {
        const HttpResponse detail = asAuditor("/v1/cases/" + m_caseId.toLatin1());
        QCOMPARE(detail.status, 404);
        QVERIFY(!detail.body.contains("applicant"));
        QVERIFY(!detail.body.contains(m_kiosk->deviceId().toLatin1()));
        const HttpResponse queue = asAuditor("/v1/queue?department=" + Health.toLatin1());
        QCOMPARE(queue.status, 403);
        QCOMPARE(queue.error(), QByteArray("forbidden_role"));
        QCOMPARE(asAuditor("/v1/queue").status, 403);
        const HttpResponse decision = m_hub->decide(m_auditor, m_caseId, m_packetId, QStringLiteral("approved"));
        QCOMPARE(decision.status, 403);

        // Both refusals are on record, found by the auditor's own search.
        const HttpResponse refusals = asAuditor("/v1/audit?actor=county.auditor&action=case_open");
        QCOMPARE(refusals.status, 200);
        const QJsonArray entries = refusals.json().value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0][QStringLiteral("outcome")].toString(), QStringLiteral("refused"));
        QCOMPARE(entries[0][QStringLiteral("target")].toString(), m_caseId);
        QCOMPARE(entries[0][QStringLiteral("operator")].toString(), QStringLiteral("county.auditor"));
        const HttpResponse queueRefusals = asAuditor("/v1/audit?action=queue_read");
        QCOMPARE(queueRefusals.json().value(QStringLiteral("entries")).toArray().size(), 2);
    }

    // Search by case, operator, action and date; newest first; paged with `next`.
    void searchVerifyExtract()
    {
        const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        const HttpResponse byCase = asAuditor("/v1/audit?case=" + m_caseId.toLatin1() +
                                              "&action=case_open&from=" + today.toLatin1() + "&to=" + today.toLatin1());
        QCOMPARE(byCase.status, 200);
        QCOMPARE(byCase.json().value(QStringLiteral("order")).toString(), QStringLiteral("newest_first"));
        const QJsonArray opened = byCase.json().value(QStringLiteral("entries")).toArray();
        QVERIFY(opened.size() >= 2); // the reviewer's, the auditor's refused one
        QVERIFY(opened[0][QStringLiteral("id")].toInteger() > opened[1][QStringLiteral("id")].toInteger());
        bool reviewerOpened = false;
        for (const QJsonValue &entry : opened) {
            QCOMPARE(entry[QStringLiteral("target")].toString(), m_caseId);
            QVERIFY(entry[QStringLiteral("seq")].toInteger() > 0);
            reviewerOpened =
                reviewerOpened || (entry[QStringLiteral("operator")] == QStringLiteral("health.reviewer") &&
                                   entry[QStringLiteral("outcome")] == QStringLiteral("ok"));
        }
        QVERIFY(reviewerOpened);
        QCOMPARE(asAuditor("/v1/audit?case=" + m_caseId.toLatin1() + "&from=2000-01-01&to=2000-01-02")
                     .json()
                     .value(QStringLiteral("entries"))
                     .toArray()
                     .size(),
                 0);

        const HttpResponse first = asAuditor("/v1/audit?limit=2");
        QCOMPARE(first.json().value(QStringLiteral("entries")).toArray().size(), 2);
        const QString next = first.json().value(QStringLiteral("next")).toString();
        QVERIFY(!next.isEmpty());
        const HttpResponse second = asAuditor("/v1/audit?limit=2&after=" + next.toLatin1());
        QVERIFY(second.json().value(QStringLiteral("entries")).toArray()[0][QStringLiteral("id")].toInteger() <
                next.toLongLong());
        QCOMPARE(asAuditor("/v1/audit?limit=9999").error(), QByteArray("bad_request"));
        QCOMPARE(asAuditor("/v1/audit?from=someday").error(), QByteArray("bad_request"));

        const HttpResponse verified = asAuditor("/v1/audit/verify");
        QCOMPARE(verified.status, 200);
        const QJsonObject check = verified.json();
        QVERIFY(check.value(QStringLiteral("entries")).toInteger() >= 5);
        QVERIFY(check.value(QStringLiteral("firstBroken")).isNull());
        QVERIFY(check.value(QStringLiteral("intact")).toBool());

        const HttpResponse extract = asAuditor("/v1/audit/extract?case=" + m_caseId.toLatin1());
        QCOMPARE(extract.status, 200);
        auto content = crypto::verifyAuditExtract(extract.body, m_kiosk->hubSigningKey());
        QVERIFY2(content.ok(), extract.body.constData());
        const QJsonArray extracted = content->value(QStringLiteral("entries")).toArray();
        QVERIFY(extracted.size() >= 2);
        for (const QJsonValue &entry : extracted)
            QCOMPARE(entry[QStringLiteral("target")].toString(), m_caseId);

        // The reads themselves are on record.
        const HttpResponse reads = asAuditor("/v1/audit?actor=county.auditor&action=audit_extract");
        QCOMPARE(reads.json().value(QStringLiteral("entries")).toArray().size(), 1);
    }

    // Every other role: 403 forbidden_role; no token: 401.
    void otherRolesRefused()
    {
        for (const QByteArray &target :
             {QByteArray("/v1/audit"), QByteArray("/v1/audit/verify"), QByteArray("/v1/audit/extract")}) {
            const HttpResponse refused = m_hub->get(target, bearer(m_reviewer));
            QCOMPARE(refused.status, 403);
            QCOMPARE(refused.error(), QByteArray("forbidden_role"));
            QCOMPARE(m_hub->get(target).status, 401);
        }
        QCOMPARE(asAuditor("/v1/audit/other").status, 404);
        QCOMPARE(m_hub->postJson("/v1/audit", {}, bearer(m_auditor)).status, 405);
        QByteArray output;
        QCOMPARE(m_hub->runCommand({QStringLiteral("verify-audit")}, {}, &output), 0);
        QVERIFY2(output.contains("intact"), output.constData());
    }
};

QTEST_GUILESS_MAIN(TestHubAuditor)
#include "tst_hubauditor.moc"
