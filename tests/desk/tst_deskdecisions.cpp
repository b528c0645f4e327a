// A department reviewer's decisions while the county hub cannot be reached, with real processes:
// a desk in a real window offscreen talks to a real hub process through a proxy that stays while
// the hub is stopped and started again. A decision taken while the hub is down waits on the desk
// ("1 waiting to send") instead of being refused, and reaches the hub once it is back. A denial
// that waited while a colleague sent the case back and the citizen's corrected application came
// in is refused as stale when it is finally sent: the reviewer's screen says so, and the reason
// typed is still there when the case is opened again. Screenshots under
// tests/desk/screenshots/decisions-*.png.
#include "DeskTestSupport.h"
#include "FaultProxy.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "ReviewDesk.h"

#include "common/Clock.h"
#include "crypto/Packet.h"
#include "domain/CaseState.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonObject>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kReviewer = QStringLiteral("rev.zhou");
const QString kColleague = QStringLiteral("rev.wu");
const QString kPassword = QStringLiteral("Civil#Affairs2026");
const QString kCivilAffairs = QStringLiteral("11341125MB1772416M");
const QString kReason = QStringLiteral("家庭人均收入高于当地最低生活保障标准");

using test::findItem;
using test::shown;

QString screenshotDir()
{
    return test::deskScreenshotDir();
}

crypto::PacketContent applicationFor(const QString &caseId, const QString &itemId, const QString &name)
{
    crypto::PacketContent content;
    content.caseId = caseId;
    content.itemId = itemId;
    content.form = QJsonObject{{QStringLiteral("applicantName"), name},
                               {QStringLiteral("applicantIdNumber"), test::idWithCheckDigit("34112519450312002")},
                               {QStringLiteral("applicantMobile"), QStringLiteral("13905501234")},
                               {QStringLiteral("applicantRegion"), QStringLiteral("341125")},
                               {QStringLiteral("applyByAgent"), false}};
    content.materials.append(crypto::PacketMaterial{QStringLiteral("申请人居民身份证"), QStringLiteral("image/jpeg"),
                                                    QByteArray(2048, 'j')});
    return content;
}

} // namespace

class TestDeskDecisions : public QObject
{
    Q_OBJECT

    test::HubFixture m_hub;
    std::unique_ptr<test::FaultProxy> m_proxy;
    std::unique_ptr<test::HubTestDevice> m_device;
    QTemporaryDir m_deskDir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    qint64 m_sequence = 0;
    const QString m_caseA = QStringLiteral("C-WAIT-A-0001");
    const QString m_caseB = QStringLiteral("C-WAIT-B-0002");

    QQuickItem *item(const QString &name) { return findItem(m_view->rootObject(), name); }
    ReviewDesk *review() { return m_desk->session().review(); }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50);
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(screenshotDir() + QStringLiteral("/decisions-%1.png").arg(name)));
    }

    bool submit(const QString &caseId, const QString &itemId, const QString &name, QString *packetId = nullptr)
    {
        const crypto::SealedPacket packet = m_device->seal(applicationFor(caseId, itemId, name), ++m_sequence);
        const test::HttpResponse r = m_device->postPacket(packet.envelope);
        if (packetId)
            *packetId = packet.packetId;
        return r.status == 201;
    }

    QString hubState(const QString &caseId)
    {
        const QByteArray token = m_hub.login(kColleague, kPassword);
        const test::HttpResponse r =
            m_hub.get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", "Bearer " + token}});
        return r.json().value(QStringLiteral("state")).toString();
    }

    void openCase(const QString &caseId)
    {
        m_clock->set(QDateTime::currentDateTimeUtc());
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading() && !review()->unreachable(), 20000);
        QQuickItem *row = item(QStringLiteral("queueRow-") + caseId);
        QTRY_VERIFY(shown(row));
        click(row);
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && review()->caseId() == caseId && !review()->loading(), 20000);
    }

    void restartHub()
    {
        QVERIFY2(m_hub.restart(), m_hub.log().constData());
        m_proxy->setUpstreamPort(m_hub.port());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_deskDir.isValid());
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        m_proxy = std::make_unique<test::FaultProxy>(m_hub.port());
        QVERIFY(m_proxy->start());
        QVERIFY(m_hub.addOperator(kReviewer, QStringLiteral("reviewer"), kCivilAffairs, kPassword));
        QVERIFY(m_hub.addOperator(kColleague, QStringLiteral("reviewer"), kCivilAffairs, kPassword));
        m_device = std::make_unique<test::HubTestDevice>(m_hub);
        QCOMPARE(m_device->enroll(m_hub.enrollCode()).status, 201);
        QVERIFY(submit(m_caseA, QStringLiteral("elderly-allowance"), QStringLiteral("李桂英")));
        QVERIFY(submit(m_caseB, QStringLiteral("minimum-living-allowance"), QStringLiteral("王秀兰")));

        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_proxy->baseUrl();
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
        m_desk->session().signIn(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QVERIFY(!m_desk->session().offline());
        m_desk->session().setPage(QStringLiteral("queue"));
        QTRY_VERIFY(shown(item(QStringLiteral("queuePage"))));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        m_proxy.reset();
        test::stopRecordingWarnings();
    }

    // Approved while the hub is down: the decision waits on the desk, visibly, and reaches the
    // hub when it is back.
    void decisionWaitsAndGoesWhenTheHubIsBack()
    {
        openCase(m_caseA);
        m_hub.stop();
        click(item(QStringLiteral("choose-approve")));
        QTRY_VERIFY(shown(item(QStringLiteral("approveButton"))));
        click(item(QStringLiteral("approveButton")));
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 1, 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        QCOMPARE(review()->message(), ReviewDesk::tr("The county hub cannot be reached: your decision waits on this "
                                                     "desk and is sent as soon as the hub answers."));
        QVERIFY(!review()->caseOpen());
        QCOMPARE(review()->waitingDecisions().first().toMap().value(QStringLiteral("caseId")).toString(), m_caseA);
        QQuickItem *waiting = item(QStringLiteral("reviewWaiting"));
        QTRY_VERIFY(shown(waiting));
        QVERIFY(waiting->property("text").toString().contains(u'1'));
        // Trying again while the hub is still down keeps it waiting.
        review()->sendWaiting();
        QTest::qWait(200);
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QCOMPARE(review()->waitingToSend(), 1);
        screenshot(QStringLiteral("waiting"));

        restartHub();
        QCOMPARE(hubState(m_caseA), QStringLiteral("received"));
        QTest::keyClick(m_view.get(), Qt::Key_F5); // a refresh sends what waits
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(hubState(m_caseA), QStringLiteral("approved"), 20000);
        QTRY_VERIFY(!shown(item(QStringLiteral("reviewWaiting"))));
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
    }

    // A denial waits; meanwhile a colleague sends the case back and the corrected application
    // comes in. Sent at last, it is refused as stale: the message says so and the reason typed is
    // there again when the case is opened.
    void staleAfterWaitingKeepsWhatWasTyped()
    {
        openCase(m_caseB);
        m_hub.stop();
        click(item(QStringLiteral("choose-deny")));
        QQuickItem *reason = item(QStringLiteral("denyReason"));
        QTRY_VERIFY(shown(reason));
        reason->setProperty("text", kReason);
        click(item(QStringLiteral("denyButton")));
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 1, 20000);

        restartHub();
        const QByteArray token = m_hub.login(kColleague, kPassword);
        const QString firstPacket = m_hub.packetIdOf(token, m_caseB);
        QCOMPARE(
            m_hub
                .decide(token, m_caseB, firstPacket, QStringLiteral("correctionRequested"), QStringLiteral("1. 户口簿"))
                .status,
            200);
        QString corrected;
        QVERIFY(submit(m_caseB, QStringLiteral("minimum-living-allowance"), QStringLiteral("王秀兰"), &corrected));
        QVERIFY(corrected != firstPacket);

        m_clock->set(QDateTime::currentDateTimeUtc());
        review()->sendWaiting();
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(review()->messageIsError(), 20000);
        QCOMPARE(review()->message(),
                 ReviewDesk::tr("Your decision on case %1 was not taken: %2. Open the case again and decide on what "
                                "it holds now; what you wrote is kept.")
                     .arg(m_caseB, ReviewDesk::tr("the case changed on the county hub while your decision waited (a "
                                                  "corrected application came in)")));
        QCOMPARE(hubState(m_caseB), QStringLiteral("received"));
        QTRY_VERIFY(shown(item(QStringLiteral("reviewBanner"))));
        screenshot(QStringLiteral("stale"));

        // Opened again: the denial and its reason are as the reviewer left them.
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QQuickItem *row = item(QStringLiteral("queueRow-") + m_caseB);
        QTRY_VERIFY(shown(row));
        click(row);
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && review()->caseId() == m_caseB && !review()->loading(), 20000);
        QCOMPARE(review()->caseKept().value(QStringLiteral("text")).toString(), kReason);
        reason = item(QStringLiteral("denyReason"));
        QTRY_VERIFY(shown(reason));
        QCOMPARE(reason->property("text").toString(), kReason);
        screenshot(QStringLiteral("kept"));

        // Decided on what it holds now.
        click(item(QStringLiteral("denyButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(hubState(m_caseB), QStringLiteral("denied"), 20000);
    }

    // Signed out (here by the idle sign-out) with a decision still waiting for the hub: it is kept
    // in the desk's encrypted store (nothing of it in clear in any file), tied to the reviewer.
    // A colleague signing in at the same desk neither sees nor sends it; the reviewer signing in
    // again sees "1 waiting to send" and it reaches the hub.
    void waitingDecisionsOutlastSignOut()
    {
        const QString caseC = QStringLiteral("C-WAIT-C-0003");
        const QString reason = QStringLiteral("KEPT-REASON-31415 收入证明不全");
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000); // the refresh after the last decision
        QVERIFY(submit(caseC, QStringLiteral("elderly-allowance"), QStringLiteral("赵秀英")));
        openCase(caseC);
        m_hub.stop();
        click(item(QStringLiteral("choose-deny")));
        QQuickItem *reasonField = item(QStringLiteral("denyReason"));
        QTRY_VERIFY(shown(reasonField));
        reasonField->setProperty("text", reason);
        click(item(QStringLiteral("denyButton")));
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 1, 20000);

        // The idle sign-out, with the hub still down.
        m_clock->set(m_clock->now().addSecs(m_desk->session().signInService().options().idleSeconds + 60));
        QVERIFY(m_desk->session().checkIdle());
        QVERIFY(!m_desk->session().signedIn());
        QCOMPARE(review()->waitingToSend(), 0);
        // Kept, but never in clear: no file of the desk holds the reason or the case number.
        QDirIterator files(m_deskDir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int read = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            ++read;
            QVERIFY2(!bytes.contains("KEPT-REASON-31415"), qPrintable(file.fileName()));
            if (!file.fileName().endsWith(QLatin1String(".log")))
                QVERIFY2(!bytes.contains(caseC.toUtf8()), qPrintable(file.fileName()));
        }
        QVERIFY(read > 0);

        // The hub comes back; a colleague signs in at this desk: not theirs, not sent.
        restartHub();
        m_clock->set(QDateTime::currentDateTimeUtc());
        m_desk->session().signIn(kColleague, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QVERIFY(!m_desk->session().offline());
        QCOMPARE(review()->waitingToSend(), 0);
        m_desk->session().setPage(QStringLiteral("queue"));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading() && review()->queue()->row(caseC), 20000);
        review()->sendWaiting();
        QTest::qWait(300);
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QCOMPARE(hubState(caseC), QStringLiteral("received"));
        QVERIFY(!shown(item(QStringLiteral("reviewWaiting"))));
        m_desk->session().signOut();
        QTRY_VERIFY(!m_desk->session().signedIn());

        // The reviewer again, with the hub down at first: the decision is there, waiting.
        m_hub.stop();
        m_desk->session().signIn(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 30000);
        QVERIFY(m_desk->session().offline());
        QCOMPARE(review()->waitingToSend(), 1);
        QCOMPARE(review()->waitingDecisions().first().toMap().value(QStringLiteral("caseId")).toString(), caseC);
        QCOMPARE(review()->message(), ReviewDesk::tr("%n decision(s) you took before you signed out wait to be sent "
                                                     "to the county hub: they go as soon as it answers.",
                                                     "", 1));
        m_desk->session().setPage(QStringLiteral("queue"));
        QQuickItem *waiting = item(QStringLiteral("reviewWaiting"));
        QTRY_VERIFY(shown(waiting));
        QVERIFY(waiting->property("text").toString().contains(u'1'));
        screenshot(QStringLiteral("kept-after-signout"));

        // The hub is back: a sign-in made offline holds no hub token, so the hub ends it, and the
        // decision stays kept through that sign-out too; signed in again, it goes.
        restartHub();
        QCOMPARE(hubState(caseC), QStringLiteral("received"));
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!m_desk->session().signedIn(), 30000);
        QCOMPARE(hubState(caseC), QStringLiteral("received"));
        m_desk->session().signIn(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QVERIFY(!m_desk->session().offline());
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(hubState(caseC), QStringLiteral("denied"), 20000);

        // Sent, it is gone from the store: signed out and in again, nothing waits.
        m_desk->session().signOut();
        QTRY_VERIFY(!m_desk->session().signedIn());
        m_desk->session().signIn(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QCOMPARE(review()->waitingToSend(), 0);
    }

    // An approval reaches the hub but its answer is lost on the way (the connection reset as the
    // answer comes back): the desk keeps it waiting and, sending it again, hears that the case is
    // decided; the hub's 409 names the decision it holds as this reviewer's own on the same
    // packet (PROTOCOL.md 1.14), so it is taken as sent, quietly. The same approval taken by a
    // colleague meanwhile is still said.
    void decisionThatReachedTheHubIsNotReportedAsDecidedMeanwhile()
    {
        const QString caseD = QStringLiteral("C-WAIT-D-0004");
        const QString caseE = QStringLiteral("C-WAIT-E-0005");
        m_desk->session().setPage(QStringLiteral("queue"));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QVERIFY(submit(caseD, QStringLiteral("elderly-allowance"), QStringLiteral("周玉兰")));
        QVERIFY(submit(caseE, QStringLiteral("elderly-allowance"), QStringLiteral("吴秀珍")));
        openCase(caseD);
        review()->clearMessage();
        click(item(QStringLiteral("choose-approve")));
        QTRY_VERIFY(shown(item(QStringLiteral("approveButton"))));
        m_proxy->queueFaults({test::FaultProxy::Fault::ResetMidResponse});
        click(item(QStringLiteral("approveButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen() && !review()->loading(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(hubState(caseD), QStringLiteral("approved"), 20000);
        if (review()->waitingToSend() > 0) { // the answer lost: it waits, and goes again
            QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
            m_clock->set(QDateTime::currentDateTimeUtc());
            review()->sendWaiting();
        }
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        QVERIFY(!review()->message().contains(ReviewDesk::tr("it had been decided on the county hub meanwhile")));
        QCOMPARE(hubState(caseD), QStringLiteral("approved"));
        screenshot(QStringLiteral("reached-already"));

        // The same approval, taken by a colleague while this one waited: said.
        openCase(caseE);
        m_hub.stop();
        click(item(QStringLiteral("choose-approve")));
        QTRY_VERIFY(shown(item(QStringLiteral("approveButton"))));
        click(item(QStringLiteral("approveButton")));
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 1, 20000);
        restartHub();
        const QByteArray token = m_hub.login(kColleague, kPassword);
        QCOMPARE(m_hub.decide(token, caseE, m_hub.packetIdOf(token, caseE), QStringLiteral("approved")).status, 200);
        m_clock->set(QDateTime::currentDateTimeUtc());
        review()->sendWaiting();
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(review()->messageIsError(), 20000);
        QCOMPARE(review()->message(), ReviewDesk::tr("Your decision on case %1 was not taken: it had been decided on "
                                                     "the county hub meanwhile (%2).")
                                          .arg(caseE, caseState::label(CaseState::Approved)));
        review()->clearMessage();
    }

    // What was written on a refused decision is dropped once the case is decided by anyone: at
    // once when the hub answers that a colleague decided it for good, and when the whole queue no
    // longer lists a case whose text was kept (a colleague asked for a correction meanwhile, so
    // the text was kept, then approved the corrected application). Read back from the store.
    void refusedDecisionsTextGoesWhenTheCaseIsDecided()
    {
        const QString caseF = QStringLiteral("C-WAIT-F-0006");
        const QString reason = QStringLiteral("KEPT-TEXT-16180 户籍信息与申报不一致");
        const QString keptKey = QStringLiteral("review.waitingDecisions/") + m_desk->session().session()->op().id;
        const auto stored = [&] {
            const auto value = m_desk->store().settings().value(keptKey);
            return value.ok() && value->has_value() ? QString::fromUtf8(**value) : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QString firstPacket;
        QVERIFY(submit(caseF, QStringLiteral("elderly-allowance"), QStringLiteral("郑秀英"), &firstPacket));
        openCase(caseF);
        m_hub.stop();
        click(item(QStringLiteral("choose-deny")));
        QQuickItem *reasonField = item(QStringLiteral("denyReason"));
        QTRY_VERIFY(shown(reasonField));
        reasonField->setProperty("text", reason);
        click(item(QStringLiteral("denyButton")));
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 1, 20000);

        // A colleague asks for a correction meanwhile: refused, the text kept for the corrected one.
        restartHub();
        const QByteArray token = m_hub.login(kColleague, kPassword);
        QCOMPARE(
            m_hub.decide(token, caseF, firstPacket, QStringLiteral("correctionRequested"), QStringLiteral("1. 户口簿"))
                .status,
            200);
        m_clock->set(QDateTime::currentDateTimeUtc());
        review()->sendWaiting();
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(review()->messageIsError() && !review()->loading(), 20000);
        QVERIFY(stored().contains(QStringLiteral("KEPT-TEXT-16180")));

        // The corrected application comes in and the colleague approves it: the whole queue read
        // again no longer lists the case, and the text is gone from the store.
        QString corrected;
        QVERIFY(submit(caseF, QStringLiteral("elderly-allowance"), QStringLiteral("郑秀英"), &corrected));
        QCOMPARE(m_hub.decide(token, caseF, corrected, QStringLiteral("approved")).status, 200);
        m_clock->set(QDateTime::currentDateTimeUtc());
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!stored().contains(QStringLiteral("KEPT-TEXT-16180")), 20000);
        QVERIFY(!review()->queue()->row(caseF));
        review()->clearMessage();
    }

    void noQmlWarnings()
    {
        QStringList relevant;
        for (const QString &w : test::warnings()) {
            if (!w.contains(QLatin1String("operator API")))
                relevant << w;
        }
        QVERIFY2(relevant.isEmpty(), qPrintable(relevant.join(u'\n')));
    }
};

QTEST_MAIN(TestDeskDecisions)
#include "tst_deskdecisions.moc"
