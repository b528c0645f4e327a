// Special procedures (特别程序) at the reviewer's desk, with real processes: a desk in a real
// window offscreen (1920×1080) talks to a real hub process through a proxy that stays while the
// hub is stopped. The reviewer starts one from the case panel (kind, reason, expected end typed
// or picked; bad dates and a missing reason get their messages and lose nothing typed); the case
// is listed paused with its kind, expected end and reason, its clocks paused; the panel of a
// suspended case offers only to end it (a decision is refused until then); ended with a note, the
// case is back in review with its clocks running and the paused working days not counted. One
// started while the hub is down waits on the desk, visibly, and goes when the hub is back.
// Screenshots under tests/desk/screenshots/special-*.png.
#include "DeskTestSupport.h"
#include "FaultProxy.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "ReviewDesk.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "common/Tr.h"
#include "crypto/Packet.h"
#include "domain/SpecialProcedure.h"
#include "domain/WorkingDayClock.h"
#include "ui/CatalogService.h"

#include <QDir>
#include <QJsonObject>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kReviewer = QStringLiteral("rev.sun");
const QString kPassword = QStringLiteral("Civil#Affairs2026");
const QString kCivilAffairs = QStringLiteral("11341125MB1772416M");
const QString kReason = QStringLiteral("申请人所述收入情况需组织专家评审核实");

using test::findItem;
using test::shown;

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
    return content;
}

QDate chinaToday()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(8 * 3600)).date();
}

} // namespace

class TestDeskSpecial : public QObject
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
    const QString m_caseA = QStringLiteral("C-SP-A-0001");
    const QString m_caseB = QStringLiteral("C-SP-B-0002");

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
        QCOMPARE(image.size(), QSize(1920, 1080));
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/special-%1.png").arg(name)));
    }

    bool submit(const QString &caseId, const QString &itemId, const QString &name)
    {
        const crypto::SealedPacket packet = m_device->seal(applicationFor(caseId, itemId, name), ++m_sequence);
        return m_device->postPacket(packet.envelope).status == 201;
    }

    QString hubState(const QString &caseId)
    {
        const QByteArray token = m_hub.login(kReviewer, kPassword);
        const test::HttpResponse r =
            m_hub.get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", "Bearer " + token}});
        return r.json().value(QStringLiteral("state")).toString();
    }

    void refreshed()
    {
        m_clock->set(QDateTime::currentDateTimeUtc());
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading() && !review()->unreachable(), 20000);
    }

    void openCase(const QString &caseId)
    {
        refreshed();
        QQuickItem *row = item(QStringLiteral("queueRow-") + caseId);
        QTRY_VERIFY(shown(row));
        click(row);
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && review()->caseId() == caseId && !review()->loading(), 20000);
    }

    const QueueRow *row(const QString &caseId) { return review()->queue()->row(caseId); }

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

    // Started from the panel: what is missing or wrong is said and nothing typed is lost; then
    // the case is suspended on the hub and listed paused with its kind, expected end and reason.
    void startedFromThePanel()
    {
        openCase(m_caseA);
        QVERIFY(review()->caseDecidable());
        QVERIFY(!review()->caseSuspended());
        click(item(QStringLiteral("choose-procedure")));
        QQuickItem *kind = item(QStringLiteral("procedureKind"));
        QTRY_VERIFY(shown(kind));
        QCOMPARE(kind->property("count").toInt(), specialProcedure::allKinds().size());
        kind->setProperty("currentIndex", 5); // 专家评审
        QCOMPARE(kind->property("currentValue").toString(), QStringLiteral("expertReview"));
        QQuickItem *end = item(QStringLiteral("procedureEnd"));
        QQuickItem *reason = item(QStringLiteral("procedureReason"));
        QVERIFY(end && reason);

        // No reason: said, and nothing goes to the hub.
        end->setProperty("text", chinaToday().addDays(20).toString(Qt::ISODate));
        click(item(QStringLiteral("procedureButton")));
        QTRY_VERIFY(review()->messageIsError());
        QCOMPARE(review()->message(), ReviewDesk::tr("Give the reason for the special procedure."));
        QCOMPARE(hubState(m_caseA), QStringLiteral("received"));

        // Dates that are no date, not after today, or too far ahead.
        reason->setProperty("text", kReason);
        const QString example = CaseText::tr("Type the expected end as a date, for example %1.")
                                    .arg(chinaToday().addDays(30).toString(Qt::ISODate));
        const QList<QPair<QString, QString>> badDates = {
            {QStringLiteral("2026-13-40"), example},
            {QStringLiteral("下个月"), example},
            {chinaToday().toString(Qt::ISODate), CaseText::tr("The expected end must be after today.")},
            {chinaToday().addDays(200).toString(Qt::ISODate),
             CaseText::tr("The expected end may be at most %1 days ahead (until %2).")
                 .arg(specialProcedure::kMaxHorizonDays)
                 .arg(chinaToday().addDays(specialProcedure::kMaxHorizonDays).toString(Qt::ISODate))},
        };
        for (const auto &[text, message] : badDates) {
            review()->clearMessage();
            end->setProperty("text", text);
            click(item(QStringLiteral("procedureButton")));
            QTRY_VERIFY(review()->messageIsError());
            QCOMPARE(review()->message(), message);
            // Nothing typed is lost.
            QCOMPARE(reason->property("text").toString(), kReason);
            QCOMPARE(end->property("text").toString(), text);
            QVERIFY(review()->caseOpen());
        }
        screenshot(QStringLiteral("bad-date"));
        QCOMPARE(hubState(m_caseA), QStringLiteral("received"));

        // Picked: 30 days ahead.
        click(item(QStringLiteral("procedureIn30")));
        const QString expectedEnd = chinaToday().addDays(30).toString(Qt::ISODate);
        QCOMPARE(end->property("text").toString(), expectedEnd);
        review()->clearMessage();
        screenshot(QStringLiteral("start"));
        click(item(QStringLiteral("procedureButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        QCOMPARE(hubState(m_caseA), QStringLiteral("suspended"));

        // Listed paused, with its kind, expected end and reason.
        QTRY_VERIFY_WITH_TIMEOUT(row(m_caseA) && row(m_caseA)->state == CaseState::Suspended, 20000);
        const QueueRow *listed = row(m_caseA);
        QVERIFY(listed->paused);
        QCOMPARE(listed->urgency, QStringLiteral("paused"));
        QCOMPARE(listed->promisedUrgency, QStringLiteral("paused"));
        QCOMPARE(listed->procedureKind, QStringLiteral("expertReview"));
        QCOMPARE(listed->procedureExpectedEnd, expectedEnd);
        QCOMPARE(listed->procedureReason, kReason);
        QQuickItem *line = item(QStringLiteral("procedure-") + m_caseA);
        QTRY_VERIFY(shown(line));
        const QString lineText = line->property("text").toString();
        QVERIFY2(lineText.contains(specialProcedure::label(SpecialProcedureKind::ExpertReview)) &&
                     lineText.contains(expectedEnd) && lineText.contains(kReason),
                 qPrintable(lineText));
        // Running clocks first: the suspended case is below the one in review.
        const auto &rows = review()->queue()->rows();
        QCOMPARE(rows.first().caseId, m_caseB);
        screenshot(QStringLiteral("queue"));
    }

    // A suspended case's panel shows the procedure and offers only its end; a decision is refused
    // until then. Ended with a note, the case is back in review with its clocks running.
    void endedFromThePanel()
    {
        openCase(m_caseA);
        QVERIFY(review()->caseSuspended());
        QVERIFY(!review()->caseDecidable());
        QTRY_VERIFY(shown(item(QStringLiteral("suspendedBox"))));
        QVERIFY(!shown(item(QStringLiteral("choose-approve"))));
        const QString summary = item(QStringLiteral("procedureSummary"))->property("text").toString();
        QVERIFY2(summary.contains(specialProcedure::label(SpecialProcedureKind::ExpertReview)), qPrintable(summary));
        QCOMPARE(review()->caseProcedure().value(QStringLiteral("reason")).toString(), kReason);
        screenshot(QStringLiteral("suspended"));

        // An approval now is refused on this desk, and the case stays as it is.
        review()->approve(QString());
        QTRY_VERIFY(review()->messageIsError());
        QCOMPARE(review()->message(), ReviewDesk::tr("This case is in a special procedure: end it before you decide."));
        QVERIFY(review()->caseOpen());
        QCOMPARE(hubState(m_caseA), QStringLiteral("suspended"));

        // No note on the outcome: said.
        review()->clearMessage();
        click(item(QStringLiteral("endProcedureButton")));
        QTRY_VERIFY(review()->messageIsError());
        QCOMPARE(review()->message(), ReviewDesk::tr("Write a short note on the outcome of the special procedure."));
        QCOMPARE(hubState(m_caseA), QStringLiteral("suspended"));

        item(QStringLiteral("procedureOutcome"))->setProperty("text", QStringLiteral("专家评审意见已收到"));
        click(item(QStringLiteral("endProcedureButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        QCOMPARE(hubState(m_caseA), QStringLiteral("received"));
        QTRY_VERIFY_WITH_TIMEOUT(row(m_caseA) && row(m_caseA)->state == CaseState::Received, 20000);
        QVERIFY(!row(m_caseA)->paused);
        QVERIFY(row(m_caseA)->procedureKind.isEmpty());
        QVERIFY(row(m_caseA)->promisedLeft.has_value());
        QTRY_VERIFY(!shown(item(QStringLiteral("procedure-") + m_caseA)));

        // Approved now that it is back in review.
        openCase(m_caseA);
        QVERIFY(review()->caseDecidable());
        review()->approve(QString());
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QCOMPARE(hubState(m_caseA), QStringLiteral("approved"));
    }

    // The clocks of a case that went through special procedures skip their working days, and
    // stand still during the one it is in.
    void clocksSkipSpecialProcedures()
    {
        const Catalog &catalog = CatalogService::instance()->catalog();
        const auto item = catalog.item(QStringLiteral("elderly-allowance"));
        QVERIFY(item && item->promisedLimitDays > 0);
        auto calendar = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        OW_VERIFY_OK(calendar);
        const QTimeZone china(8 * 3600);
        const QDate received(2026, 3, 2); // a Monday
        const QDate today(2026, 3, 30);
        const auto at = [&](const QDate &day) {
            return QDateTime(day, QTime(10, 0), china).toUTC().toString(Qt::ISODateWithMs);
        };
        protocol::QueueEntry plain{
            QStringLiteral("C-CLOCK-1"), QString(), item->id, kCivilAffairs, CaseState::Received, at(received),
            QStringLiteral("D-1"),       {},        {}};
        protocol::QueueEntry resumed = plain;
        resumed.caseId = QStringLiteral("C-CLOCK-2");
        resumed.pauses = {{at(QDate(2026, 3, 9)), at(QDate(2026, 3, 16))}}; // a working week
        protocol::QueueEntry suspended = plain;
        suspended.caseId = QStringLiteral("C-CLOCK-3");
        suspended.state = CaseState::Suspended;
        suspended.procedure = protocol::QueueEntry::Procedure{QStringLiteral("hearing"), kReason,
                                                              QStringLiteral("2026-04-30"), at(QDate(2026, 3, 9))};
        const QList<QueueRow> rows =
            ReviewDesk::rowsOf({plain, resumed, suspended}, catalog, &*calendar, today, QStringLiteral("zh"));
        QCOMPARE(rows.size(), 3);
        const auto find = [&](const QString &id) {
            return *std::find_if(rows.cbegin(), rows.cend(), [&](const QueueRow &r) { return r.caseId == id; });
        };
        const int limit = item->promisedLimitDays;
        WorkingDayClock expected(*calendar, received, limit);
        QCOMPARE(*find(plain.caseId).promisedLeft, expected.daysLeft(today));
        expected.pause(QDate(2026, 3, 9));
        expected.resume(QDate(2026, 3, 16));
        QCOMPARE(*find(resumed.caseId).promisedLeft, expected.daysLeft(today));
        QCOMPARE(*find(resumed.caseId).promisedLeft, *find(plain.caseId).promisedLeft + 5);
        QVERIFY(!find(resumed.caseId).paused);
        const QueueRow &paused = find(suspended.caseId);
        QVERIFY(paused.paused);
        QCOMPARE(paused.procedureKind, QStringLiteral("hearing"));
        WorkingDayClock stopped(*calendar, received, limit);
        stopped.pause(QDate(2026, 3, 9));
        QCOMPARE(*paused.promisedLeft, stopped.daysLeft(today));
        QCOMPARE(rows.last().caseId, suspended.caseId); // paused clocks last
    }

    // Started while the hub is down: it waits on the desk, visibly, and goes when the hub is back.
    void waitsWhileTheHubIsDown()
    {
        openCase(m_caseB);
        m_hub.stop();
        click(item(QStringLiteral("choose-procedure")));
        QTRY_VERIFY(shown(item(QStringLiteral("procedureKind"))));
        item(QStringLiteral("procedureKind"))->setProperty("currentIndex", 0); // 听证
        item(QStringLiteral("procedureReason"))->setProperty("text", QStringLiteral("需举行听证"));
        item(QStringLiteral("procedureEnd"))->setProperty("text", chinaToday().addDays(14).toString(Qt::ISODate));
        click(item(QStringLiteral("procedureButton")));
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 1, 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        const QVariantMap waiting = review()->waitingDecisions().first().toMap();
        QCOMPARE(waiting.value(QStringLiteral("caseId")).toString(), m_caseB);
        QVERIFY(waiting.value(QStringLiteral("decision"))
                    .toString()
                    .contains(specialProcedure::label(SpecialProcedureKind::Hearing)));
        QTRY_VERIFY(shown(item(QStringLiteral("reviewWaiting"))));
        screenshot(QStringLiteral("waiting"));

        restartHub();
        QCOMPARE(hubState(m_caseB), QStringLiteral("received"));
        QTest::keyClick(m_view.get(), Qt::Key_F5); // a refresh sends what waits
        QTRY_COMPARE_WITH_TIMEOUT(review()->waitingToSend(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(hubState(m_caseB), QStringLiteral("suspended"), 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
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

QTEST_MAIN(TestDeskSpecial)
#include "tst_deskspecial.moc"
