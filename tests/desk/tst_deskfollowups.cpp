// The hall supervisor's rating follow-ups page against a real hub process, in a real window
// offscreen: a device sends three cases and their ratings (two bad: one from 28 September 2026,
// overdue by now, one from today); the supervisor signs in through the hub, sees the open ones
// most urgent first with their clocks, records the outcome and the 回访 of the overdue one, and
// sees it done. Screenshots under tests/desk/screenshots/followups-*.png.
#include "DeskTestSupport.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "FollowUpDesk.h"

#include "common/Clock.h"
#include "crypto/Packet.h"
#include "protocol/JsonFields.h"

#include <QJsonArray>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace ow;

namespace {

const QString kSupervisor = QStringLiteral("super.zhou");
const QString kPassword = QStringLiteral("supervisor password 7");

} // namespace

class TestDeskFollowUps : public QObject
{
    Q_OBJECT

    test::HubFixture m_hub;
    std::unique_ptr<test::HubTestDevice> m_device;
    QTemporaryDir m_deskDir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    qint64 m_sequence = 0;

    QQuickItem *item(const QString &name) { return test::findItem(m_view->rootObject(), name); }
    FollowUpDesk *followUps() { return m_desk->session().followUps(); }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(test::shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50);
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/followups-%1.png").arg(name)));
    }

    bool sendRated(const QString &caseId, const QString &level, const QDateTime &ratedAt, const QString &comment)
    {
        const crypto::SealedPacket packet = m_device->seal(m_device->sampleContent(caseId), ++m_sequence);
        if (m_device->postPacket(packet.envelope).status != 201)
            return false;
        QJsonObject body{{QStringLiteral("caseId"), caseId},
                         {QStringLiteral("level"), level},
                         {QStringLiteral("channel"), QStringLiteral("kiosk")},
                         {QStringLiteral("ratedAt"), crypto::wireTime(ratedAt)}};
        if (!comment.isEmpty())
            body.insert(QStringLiteral("comment"), comment);
        const auto answer =
            m_device->send(m_device->signedRequest("POST", "/v1/ratings", protocol::toBytes(body), "application/json"));
        return answer.status == 201;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_deskDir.isValid());
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        QVERIFY(m_hub.addOperator(kSupervisor, QStringLiteral("supervisor"), QStringLiteral("hall"), kPassword));
        m_device = std::make_unique<test::HubTestDevice>(m_hub);
        QCOMPARE(m_device->enroll(m_hub.enrollCode()).status, 201);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(sendRated(QStringLiteral("C-RATE-0001"), QStringLiteral("veryDissatisfied"),
                          QDateTime(QDate(2026, 9, 28), QTime(2, 0), Qt::UTC), QStringLiteral("排队时间太长")));
        QVERIFY(sendRated(QStringLiteral("C-RATE-0002"), QStringLiteral("dissatisfied"), now.addSecs(-60),
                          QStringLiteral("材料要求没有一次说清")));
        QVERIFY(sendRated(QStringLiteral("C-RATE-0003"), QStringLiteral("verySatisfied"), now.addSecs(-60), {}));

        m_clock = std::make_unique<ManualClock>(now);
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        QVERIFY(m_translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);
        test::startRecordingWarnings();
        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->resize(1920, 1080);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/"));
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Desk/DeskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        QCoreApplication::removeTranslator(&m_translator);
        test::stopRecordingWarnings();
    }

    void supervisorRecordsTheFollowUp()
    {
        m_desk->session().signIn(kSupervisor, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        bool listed = false;
        for (const QVariant &p : m_desk->session().pages())
            listed = listed || p.toMap().value(QStringLiteral("key")).toString() == QLatin1String("followups");
        QVERIFY(listed);
        m_desk->session().setPage(QStringLiteral("followups"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("followUpsPage"))));
        FollowUpModel *model = followUps()->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, 10000);
        // Most urgent first: the overdue one, then the one rated today with its 15 days.
        QCOMPARE(model->data(model->index(0), FollowUpModel::CaseRole).toString(), QStringLiteral("C-RATE-0001"));
        QCOMPARE(model->data(model->index(0), FollowUpModel::UrgencyRole).toString(), QStringLiteral("overdue"));
        QCOMPARE(model->data(model->index(0), FollowUpModel::DueRole).toString(), QStringLiteral("2026-10-23"));
        QCOMPARE(model->data(model->index(1), FollowUpModel::CaseRole).toString(), QStringLiteral("C-RATE-0002"));
        QCOMPARE(model->data(model->index(1), FollowUpModel::DaysLeftRole).toInt(), 15);
        QCOMPARE(followUps()->openCount(), 2);
        QTRY_VERIFY(test::shown(item(QStringLiteral("followUp_C-RATE-0001"))));
        click(item(QStringLiteral("followUp_C-RATE-0001")));
        QTRY_VERIFY(test::shown(item(QStringLiteral("outcomeField"))));
        screenshot(QStringLiteral("open"));

        // Incomplete: told, nothing sent.
        click(item(QStringLiteral("recordFollowUp")));
        QVERIFY(followUps()->messageIsError());
        item(QStringLiteral("outcomeField"))->setProperty("text", QStringLiteral("增开综合窗口，高峰时段增派人员"));
        item(QStringLiteral("revisitDateField"))
            ->setProperty("text", m_clock->now().toUTC().addSecs(8 * 3600).date().toString(Qt::ISODate));
        click(item(QStringLiteral("methodVisit")));
        item(QStringLiteral("revisitResultField"))->setProperty("text", QStringLiteral("群众表示满意"));
        click(item(QStringLiteral("recordFollowUp")));
        QTRY_VERIFY_WITH_TIMEOUT(followUps()->openCount() == 1, 10000);
        QVERIFY(!followUps()->messageIsError());
        QTRY_VERIFY(test::shown(item(QStringLiteral("recordedOutcome"))));
        screenshot(QStringLiteral("done"));

        // The hub has it closed, with the 回访.
        const QByteArray token = m_hub.login(kSupervisor, kPassword);
        const auto closed = m_hub.get("/v1/followups?state=closed", {{"Authorization", "Bearer " + token}});
        QCOMPARE(closed.status, 200);
        const QJsonArray rows = closed.json().value(QStringLiteral("followUps")).toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().toObject().value(QStringLiteral("revisitMethod")).toString(), QStringLiteral("visit"));
        QCOMPARE(rows.first().toObject().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("增开综合窗口，高峰时段增派人员"));
        QCOMPARE(test::warnings(), QStringList());
    }
};

QTEST_MAIN(TestDeskFollowUps)
#include "tst_deskfollowups.moc"
