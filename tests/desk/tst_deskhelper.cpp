// The village helper (帮办代办) at the desk, with real processes: a real hub, the helper's desk
// enrolled with it (its own encrypted store and outbox), a kiosk of the village calling for the
// helper, and a department reviewer over HTTP; the real desk shell offscreen. The helper's board
// lists the kiosk's call ("I'm on my way", closed at the hub as the desk's device); the helper
// identifies a principal, records the signed authorisation (photo, signature on the pad, scope,
// validity), is refused an item outside its scope, fills the form and submits it; the packet the
// reviewer opens carries the channel, the helper and the authorisation; the reviewer approves, the
// result is issued, and the helper records 送达, 归档, 上报 and 回访 until every step is closed;
// the principal's data-use record lists what the helper did. After the validity the helper is
// refused, and nothing is stored. Screenshots under tests/desk/screenshots/helper-*.png.
#include "DeskTestSupport.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "HelperDesk.h"

#include "common/Clock.h"
#include "domain/HelperLifecycle.h"
#include "store/Authorisations.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "sync/HelpRequest.h"
#include "sync/HubFeeds.h"
#include "sync/IssueResult.h"
#include "sync/OutboxPump.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>
#include <algorithm>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kHelper = QStringLiteral("helper.wang");
const QString kHelperPassword = QStringLiteral("Village#Helper2026");
const QString kReviewer = QStringLiteral("rev.sun");
const QString kReviewerPassword = QStringLiteral("Reviewer#Sun2026");
const QString kItem = QStringLiteral("elderly-allowance");
const QString kOutside = QStringLiteral("birth-registration");
const QString kDepartment = QStringLiteral("11341125MB1772416M");
const QString kStrokes = QStringLiteral("[[{\"x\":0.1,\"y\":0.6},{\"x\":0.3,\"y\":0.3},{\"x\":0.5,\"y\":0.7}],[{\"x\":"
                                        "0.6,\"y\":0.4},{\"x\":0.9,\"y\":0.5}]]");

using test::findItem;
using test::shown;

QString principalId()
{
    return test::idWithCheckDigit(QStringLiteral("34112519460501002"));
}

QString agentId()
{
    return test::idWithCheckDigit(QStringLiteral("34112519800808002"));
}

QDate chinaToday()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(8 * 3600)).date();
}

QString helperText(const char *text)
{
    return QCoreApplication::translate("HelperText", text);
}

} // namespace

class TestDeskHelper : public QObject
{
    Q_OBJECT

    test::HubFixture m_hub;
    QTemporaryDir m_deskDir;
    QTemporaryDir m_kioskDir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<sync::Transport> m_link;
    std::unique_ptr<KeyFileProvider> m_kioskKeys;
    std::unique_ptr<Store> m_kioskStore;
    std::unique_ptr<sync::EnrolledDevice> m_kiosk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    QString m_number;

    QQuickItem *item(const QString &name) { return findItem(m_view->rootObject(), name); }
    HelperDesk *helper() { return m_desk->session().helper(); }
    Store &store() { return m_desk->store(); }

    void screenshot(const QString &name)
    {
        QTest::qWait(100);
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/helper-%1.png").arg(name)));
    }

    void now() { m_clock->set(QDateTime::currentDateTimeUtc()); }

    void drain()
    {
        now();
        auto sent = sync::OutboxPump(store(), *m_link, *m_desk->device()).drain();
        OW_VERIFY_OK(sent);
    }

    HelperStep currentStep()
    {
        auto h = store().authorisations().helpedCase(m_number);
        if (!h.ok() || !h->has_value())
            return HelperStep::Entrust;
        return (*h)->lifecycle.current().value_or(HelperStep::FollowUp);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_deskDir.isValid());
        QVERIFY(m_kioskDir.isValid());
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        QVERIFY(m_hub.addOperator(kReviewer, QStringLiteral("reviewer"), kDepartment, kReviewerPassword));
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());

        DeskOptions add;
        add.dataDir = m_deskDir.path();
        add.addOperator = true;
        add.username = kHelper;
        add.role = QStringLiteral("villageHelper");
        add.displayName = QStringLiteral("王芳");
        OW_VERIFY_OK(DeskProgram::addOperator(add, kHelperPassword, *m_clock));
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        sync::TransportConfig config;
        config.baseUrl = m_hub.baseUrl();
        auto link = sync::CurlTransport::create(config);
        OW_VERIFY_OK(link);
        m_link = std::move(link).value();
        auto device = sync::EnrolledDevice::enroll(store(), *m_link, m_hub.enrollCode(),
                                                   QStringLiteral("village helper desk, Gaotang"));
        OW_VERIFY_OK(device);
        m_desk->setDevice(std::move(device).value());

        // The village's kiosk, with its own store, enrolled with the same hub.
        m_kioskKeys = std::make_unique<KeyFileProvider>(m_kioskDir.filePath(QStringLiteral("k")));
        m_kioskStore = test::openStore(m_kioskDir.path(), *m_kioskKeys, m_clock.get());
        QVERIFY(m_kioskStore);
        auto kiosk = sync::EnrolledDevice::enroll(*m_kioskStore, *m_link, m_hub.enrollCode(),
                                                  QStringLiteral("Gaotang village kiosk"));
        OW_VERIFY_OK(kiosk);
        m_kiosk = std::move(kiosk).value();

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
        m_desk->session().signIn(kHelper, kHelperPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        test::stopRecordingWarnings();
    }

    // The helper starts on the board; a kiosk's call shows there with its screen and waiting time.
    void boardShowsTheKiosksCall()
    {
        QCOMPARE(m_desk->session().page(), QStringLiteral("helper"));
        QTRY_VERIFY(shown(item(QStringLiteral("helperPage"))));
        now();
        auto asked = sync::askForHelp(*m_link, *m_kiosk, *m_clock, QStringLiteral("identify"));
        OW_VERIFY_OK(asked);
        helper()->refresh();
        QCOMPARE(helper()->helpRequests().size(), 1);
        const QVariantMap row = helper()->helpRequests().first().toMap();
        QCOMPARE(row.value(QStringLiteral("device")).toString(), m_kiosk->deviceId());
        QVERIFY(row.value(QStringLiteral("minutes")).toLongLong() <= 1);
        QVERIFY(!row.value(QStringLiteral("waiting")).toString().isEmpty());
        QVERIFY(!row.value(QStringLiteral("onMyWay")).toBool());
        helper()->onMyWay(asked->id);
        QVERIFY(helper()->helpRequests().first().toMap().value(QStringLiteral("onMyWay")).toBool());
        QTRY_VERIFY(shown(item(QStringLiteral("helperRequest-") + asked->id)));
        QVERIFY(!shown(item(QStringLiteral("helperOnMyWay-") + asked->id)));
        screenshot(QStringLiteral("board-call"));
    }

    // The principal, the authorisation, a refused item, the application submitted.
    void actsForThePrincipal()
    {
        now();
        QString mistyped = principalId();
        mistyped[17] = mistyped[17] == u'1' ? u'2' : u'1';
        QVERIFY(!helper()->identify(mistyped, QStringLiteral("李秀英")));
        QVERIFY(helper()->messageIsError());
        QVERIFY(!helper()->identified());
        screenshot(QStringLiteral("act-mistyped-id"));
        QVERIFY(helper()->identify(principalId(), QStringLiteral("李秀英")));
        QCOMPARE(helper()->principalMasked(), QStringLiteral("341***********") + principalId().right(4));
        // Nothing recorded without the paper's photo and the signature.
        helper()->setScopeItem(kItem, true);
        QVERIFY(!helper()->recordAuthorisation(agentId(), QStringLiteral("13905501111"),
                                               chinaToday().addDays(-1).toString(Qt::ISODate),
                                               chinaToday().addDays(30).toString(Qt::ISODate)));
        QVERIFY(helper()->messageIsError());
        QCOMPARE(*store().db().scalar("SELECT count(*) FROM authorisations"), QVariant(0));
        QVERIFY(!helper()->attachPhotoFile(test::sourceDir() + QStringLiteral("/README.md")).isEmpty());
        QCOMPARE(
            helper()->attachPhotoFile(test::sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png")),
            QString());
        QVERIFY(helper()->setSignatureStrokes(kStrokes));
        QVERIFY(helper()->recordAuthorisation(agentId(), QStringLiteral("13905501111"),
                                              chinaToday().addDays(-1).toString(Qt::ISODate),
                                              chinaToday().addDays(30).toString(Qt::ISODate)));
        QVERIFY(helper()->authorisation().startsWith(QStringLiteral("WT-")));

        // An item the principal did not entrust: refused in plain words, nothing opened.
        const qint64 casesBefore = *store().cases().count();
        QVERIFY(!helper()->startApplication(kOutside));
        QVERIFY(helper()->messageIsError());
        QCOMPARE(helper()->message(),
                 helperText("The principal's authorisation does not cover this service item. Only the items "
                            "written on it may be handled for them."));
        QVERIFY(helper()->itemId().isEmpty());

        QVERIFY(helper()->startApplication(kItem));
        QCOMPARE(helper()->itemId(), kItem);
        QTRY_VERIFY(shown(item(QStringLiteral("helperPage"))));
        QVERIFY(test::answerEmptyFields(*helper()->form()) > 0);
        QQuickItem *page = item(QStringLiteral("helperPage"));
        page->setProperty("acting", true);
        QTRY_VERIFY(shown(item(QStringLiteral("helperFormLoader"))));
        QVERIFY(shown(item(QStringLiteral("helperAuthorisationSummary"))) ||
                item(QStringLiteral("helperAuthorisationSummary"))->isVisible());
        screenshot(QStringLiteral("act-form"));
        page->setProperty("acting", false);
        QVERIFY2(helper()->submit(), qPrintable(helper()->message()));
        m_number = helper()->lastCaseNumber();
        QVERIFY(!m_number.isEmpty());
        QCOMPARE(*store().cases().count(), casesBefore + 1);
        QVERIFY(QFile::exists(helper()->lastReceiptPath()));
        QVERIFY(QFileInfo(helper()->lastReceiptPath()).size() > 1000);
        QCOMPARE(currentStep(), HelperStep::Entrust);
        QCOMPARE(*store().outbox().pendingCount(), 1);
    }

    // Through the hub: the packet carries the channel, the helper and the authorisation; the
    // reviewer approves; the result is issued; the board follows, step by step.
    void throughTheHubToTheFollowUp()
    {
        QVERIFY(!m_number.isEmpty());
        drain();
        QCOMPARE(*store().outbox().pendingCount(), 0);
        helper()->refresh();
        QCOMPARE(currentStep(), HelperStep::Accept);

        const QByteArray token = m_hub.login(kReviewer, kReviewerPassword);
        QVERIFY(!token.isEmpty());
        const auto detail = m_hub.get("/v1/cases/" + m_number.toLatin1(), {{"Authorization", "Bearer " + token}});
        QCOMPARE(detail.status, 200);
        const QJsonObject payload = detail.json().value(QStringLiteral("payload")).toObject();
        QCOMPARE(payload.value(QStringLiteral("channel")).toString(), QStringLiteral("helper"));
        const QJsonObject agent = payload.value(QStringLiteral("agent")).toObject();
        QCOMPARE(agent.value(QStringLiteral("name")).toString(), QStringLiteral("王芳"));
        QCOMPARE(agent.value(QStringLiteral("idMasked")).toString(),
                 QStringLiteral("341***********") + agentId().right(4));
        QCOMPARE(agent.value(QStringLiteral("phone")).toString(), QStringLiteral("13905501111"));
        const QJsonObject authorisation = payload.value(QStringLiteral("authorisation")).toObject();
        QCOMPARE(authorisation.value(QStringLiteral("reference")).toString().left(3), QStringLiteral("WT-"));
        QCOMPARE(authorisation.value(QStringLiteral("scope")).toArray(), QJsonArray{kItem});
        QCOMPARE(authorisation.value(QStringLiteral("validTo")).toString(),
                 chinaToday().addDays(30).toString(Qt::ISODate));
        // Neither the principal's signature nor the photo travels.
        QVERIFY(!detail.body.contains("signature\":\"iVBOR"));

        const QString packet = detail.json().value(QStringLiteral("packetId")).toString();
        QCOMPARE(m_hub.decide(token, m_number, packet, QStringLiteral("approved"), {}).status, 200);
        now();
        OW_VERIFY_OK(sync::EventFeed(store(), *m_link, *m_desk->device()).pull());
        QCOMPARE((*store().cases().findByNumber(m_number))->state, CaseState::Approved);
        helper()->refresh();
        QCOMPARE(currentStep(), HelperStep::Deliver);
        // Delivery waits for the result to be issued.
        QVERIFY(!helper()->recordStep(m_number, QStringLiteral("deliver"), {}));
        QVERIFY(helper()->messageIsError());

        sync::Issuing issuing;
        issuing.method = protocol::IssueMethod::InPerson;
        issuing.collectorName = QStringLiteral("王芳");
        issuing.collectorIdNumber = agentId();
        OW_VERIFY_OK(sync::issueResult(store(), m_number, issuing, m_desk->session().session()->op().actor()));
        drain();
        QCOMPARE(*store().outbox().pendingCount(), 0);
        helper()->refresh();
        QTRY_VERIFY(shown(item(QStringLiteral("helperCase-") + m_number)));
        QVERIFY(shown(item(QStringLiteral("helperRecord-") + m_number)));
        const QVariantMap row = helper()->cases().first().toMap();
        QCOMPARE(row.value(QStringLiteral("stepKey")).toString(), QStringLiteral("deliver"));
        QVERIFY(!row.value(QStringLiteral("clock")).toString().isEmpty());
        screenshot(QStringLiteral("board"));

        QVERIFY2(helper()->recordStep(m_number, QStringLiteral("deliver"), QStringLiteral("送到家中")),
                 qPrintable(helper()->message()));
        QVERIFY(helper()->recordStep(m_number, QStringLiteral("archive"), {}));
        QVERIFY(helper()->recordStep(m_number, QStringLiteral("report"), {}));
        QVERIFY(!helper()->recordStep(m_number, QStringLiteral("followUp"), QStringLiteral(" ")));
        QVERIFY(helper()->recordStep(m_number, QStringLiteral("followUp"), QStringLiteral("老人很满意")));
        auto h = store().authorisations().helpedCase(m_number);
        OW_VERIFY_OK(h);
        QVERIFY((*h)->lifecycle.finished());
        for (const HelperStepRecord &r : (*h)->lifecycle.records())
            QVERIFY2(r.done(), qPrintable(helperStep::key(r.step)));
        QCOMPARE((*h)->lifecycle.records().size(), 7);

        // The principal's data-use record: what the helper did, in plain words.
        auto uses = store().authorisations().dataUse(m_number);
        OW_VERIFY_OK(uses);
        QStringList lines;
        for (const AuditEntry &e : *uses) {
            const QString line = helperDataUseText(e);
            if (!line.isEmpty())
                lines << line;
        }
        const QString who = helperText("Helper %1: %2").arg(QStringLiteral("王芳"));
        QCOMPARE(lines, (QStringList{who.arg(helperText("recorded your authorisation")),
                                     who.arg(helperText("filled in the application for you")),
                                     who.arg(helperStep::label(HelperStep::Deliver)),
                                     who.arg(helperStep::label(HelperStep::Archive)),
                                     who.arg(helperStep::label(HelperStep::Report)),
                                     who.arg(helperStep::label(HelperStep::FollowUp))}));
        screenshot(QStringLiteral("board-finished"));
    }

    // The kiosk's call closed at the hub by the helper's desk.
    void closesTheCall()
    {
        now();
        QCOMPARE(helper()->helpRequests().size(), 1);
        const QString id = helper()->helpRequests().first().toMap().value(QStringLiteral("id")).toString();
        QVERIFY2(helper()->closeHelpRequest(id), qPrintable(helper()->message()));
        QVERIFY(helper()->helpRequests().isEmpty());
        auto open = sync::listOpenHelpRequests(*m_link, *m_kiosk, *m_clock);
        OW_VERIFY_OK(open);
        QVERIFY(open->isEmpty());
    }

    // After the validity: refused in plain words, at the start and at the submission; no case.
    void refusedAfterTheValidity()
    {
        // Another principal whose authorisation ran from 40 to 10 days ago.
        now();
        const QString other = test::idWithCheckDigit(QStringLiteral("34112519500202001"));
        QVERIFY(helper()->identify(other, QStringLiteral("张桂芝")));
        helper()->setScopeItem(kItem, true);
        QCOMPARE(
            helper()->attachPhotoFile(test::sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png")),
            QString());
        QVERIFY(helper()->setSignatureStrokes(kStrokes));
        QVERIFY(helper()->recordAuthorisation(agentId(), QStringLiteral("13905501111"),
                                              chinaToday().addDays(-40).toString(Qt::ISODate),
                                              chinaToday().addDays(-10).toString(Qt::ISODate)));
        const qint64 casesBefore = *store().cases().count();
        QVERIFY(!helper()->startApplication(kItem));
        QVERIFY(helper()->messageIsError());
        QCOMPARE(helper()->message(),
                 helperText("The principal's authorisation expired on %1. Record a new authorisation before acting "
                            "for them.")
                     .arg(chinaToday().addDays(-10).toString(QStringLiteral("yyyy-MM-dd"))));
        QVERIFY(helper()->itemId().isEmpty());
        QQuickItem *page = item(QStringLiteral("helperPage"));
        page->setProperty("acting", true);
        QTRY_VERIFY(shown(item(QStringLiteral("helperRecordAuthorisation"))));
        screenshot(QStringLiteral("refused-expired"));
        QVERIFY(!helper()->submit());
        QCOMPARE(*store().cases().count(), casesBefore);
        QCOMPARE(*store().outbox().pendingCount(), 0);
        // The refusal is in the audit chain, as denied.
        auto entries = store().audit().entries(1, 1000);
        OW_VERIFY_OK(entries);
        QVERIFY(std::any_of(entries->cbegin(), entries->cend(), [](const AuditEntry &e) {
            return e.action == QLatin1String("authorisation.check") && e.outcome == QLatin1String("denied") &&
                   e.reason.contains(QLatin1String("expired"));
        }));
        page->setProperty("acting", false);
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(u'\n')));
    }
};

QTEST_MAIN(TestDeskHelper)
#include "tst_deskhelper.moc"
