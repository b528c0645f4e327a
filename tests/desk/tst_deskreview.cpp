// A department reviewer at the desk against the real county hub (a hub process on loopback,
// SQLite): a device enrolled with the hub submits three cases of the civil affairs bureau; the
// reviewer signs in by typing (a wrong password first), sees the cases ordered by deadline with
// their clocks, opens one and requests a correction with one list of what is missing, approves
// another; a denial without a reason is refused; a decision on a case that a colleague sent back
// and the citizen corrected meanwhile is refused as stale with the message and the case reloaded,
// then decided on what it holds now; another account locked at the hub after five wrong passwords
// gets the lock's message; with the hub gone the queue says when it was last refreshed
// and the reviewer signs in again from the desk's cache. The desk's clock moved on shows the
// clocks amber and red. Screenshots of each screen under tests/desk/screenshots/desk-*.png.
#include "DeskTestSupport.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "ReviewDesk.h"

#include "common/Clock.h"
#include "crypto/Packet.h"
#include "domain/IdNumber.h"
#include "sync/SyncText.h"
#include "ui/CatalogService.h"

#include <QDir>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kCivilAffairs = QStringLiteral("11341125MB1772416M");
const QString kReviewer = QStringLiteral("civil.reviewer");
const QString kPassword = QStringLiteral("Reviewer#2024pass");

crypto::PacketContent applicationFor(const QString &caseId, const QString &itemId, const QString &name)
{
    crypto::PacketContent content;
    content.caseId = caseId;
    content.itemId = itemId;
    content.form = QJsonObject{{QStringLiteral("applicantName"), name},
                               {QStringLiteral("applicantIdNumber"), test::idWithCheckDigit("34112519450312002")},
                               {QStringLiteral("applicantMobile"), QStringLiteral("13905501234")},
                               {QStringLiteral("applicantRegion"), QStringLiteral("341125")},
                               {QStringLiteral("applicantAddress"), QStringLiteral("定远县定城镇东大街 18 号")},
                               {QStringLiteral("applyByAgent"), false}};
    content.materials.append(crypto::PacketMaterial{QStringLiteral("申请人居民身份证"), QStringLiteral("image/jpeg"),
                                                    QByteArray(2048, 'j')});
    return content;
}

} // namespace

class TestDeskReview : public QObject
{
    Q_OBJECT

private:
    test::HubFixture m_hub;
    std::unique_ptr<test::HubTestDevice> m_device;
    QTemporaryDir m_deskDir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    qint64 m_sequence = 0;
    QString m_caseA, m_caseB, m_caseC;

    QQuickItem *item(const QString &name) { return test::findItem(m_view->rootObject(), name); }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(test::shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    // QTest types strings into widgets only: into a QQuickView one key at a time.
    void typeText(const QString &text)
    {
        for (const QChar c : text)
            QTest::keyClick(m_view.get(), c.toLatin1());
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50); // a frame for what changed
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/desk-%1.png").arg(name)));
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
        const QByteArray token = m_hub.login(kReviewer, kPassword);
        const test::HttpResponse r =
            m_hub.get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", "Bearer " + token}});
        return r.json().value(QStringLiteral("state")).toString();
    }

    ReviewDesk *review() { return m_desk->session().review(); }

    void signInByTyping(const QString &user, const QString &password)
    {
        QQuickItem *userField = item(QStringLiteral("signInUser"));
        QQuickItem *passwordField = item(QStringLiteral("signInPassword"));
        QVERIFY(userField && passwordField);
        click(userField);
        QTRY_VERIFY(userField->hasActiveFocus());
        userField->setProperty("text", QString());
        typeText(user);
        QTest::keyClick(m_view.get(), Qt::Key_Tab);
        QTRY_VERIFY(passwordField->hasActiveFocus());
        typeText(password);
        QTest::keyClick(m_view.get(), Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_deskDir.isValid());
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        QVERIFY(m_hub.addOperator(kReviewer, QStringLiteral("reviewer"), kCivilAffairs, kPassword));
        m_device = std::make_unique<test::HubTestDevice>(m_hub);
        QCOMPARE(m_device->enroll(m_hub.enrollCode()).status, 201);

        // Three applications to the civil affairs bureau, received today: temporary assistance
        // (promised in 10 working days), the elderly allowance (15), the minimum living allowance (25).
        m_caseA = QStringLiteral("C-DESK-A-0001");
        m_caseB = QStringLiteral("C-DESK-B-0002");
        m_caseC = QStringLiteral("C-DESK-C-0003");
        QVERIFY(submit(m_caseC, QStringLiteral("minimum-living-allowance"), QStringLiteral("王秀兰")));
        QVERIFY(submit(m_caseB, QStringLiteral("elderly-allowance"), QStringLiteral("李桂英")));
        QVERIFY(submit(m_caseA, QStringLiteral("temporary-assistance"), QStringLiteral("张建国")));

        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));

        // The desk's primary language: the screenshots show what clerks read.
        QVERIFY(m_translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);

        test::startRecordingWarnings();
        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->resize(1920, 1080);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/"));
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Desk/DeskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        qApp->installEventFilter(&m_desk->session());
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        test::stopRecordingWarnings();
    }

    void wrongPasswordIsRefused()
    {
        QVERIFY(test::shown(item(QStringLiteral("signInScreen"))));
        screenshot(QStringLiteral("signin"));
        signInByTyping(kReviewer, QStringLiteral("not-the-password"));
        QQuickItem *message = item(QStringLiteral("signInMessage"));
        QTRY_VERIFY_WITH_TIMEOUT(test::shown(message), 20000);
        QCOMPARE(message->property("text").toString(), SyncText::tr("The user name or the password is wrong."));
        QVERIFY(!m_desk->session().signedIn());
        screenshot(QStringLiteral("signin-refused"));
    }

    void reviewerSeesTheQueueOrderedByDeadline()
    {
        signInByTyping(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QCOMPARE(m_desk->session().page(), QStringLiteral("queue"));
        QVERIFY(!m_desk->session().offline());
        QTRY_VERIFY_WITH_TIMEOUT(review()->queue()->rowCount() == 3, 20000);
        const QList<QueueRow> rows = review()->queue()->rows();
        QCOMPARE(rows.at(0).caseId, m_caseA);
        QCOMPARE(rows.at(1).caseId, m_caseB);
        QCOMPARE(rows.at(2).caseId, m_caseC);
        QCOMPARE(rows.at(0).promisedLeft, std::optional<int>(10));
        QCOMPARE(rows.at(0).statutoryLeft, std::optional<int>(20));
        QCOMPARE(rows.at(2).promisedLeft, std::optional<int>(25));
        for (const QueueRow &row : rows)
            QCOMPARE(row.urgency, QStringLiteral("ok"));
        QVERIFY(!review()->lastRefreshed().isEmpty());
        QVERIFY(!review()->unreachable());
        QTRY_VERIFY(test::shown(item(QStringLiteral("queueRow-") + m_caseA)));
        screenshot(QStringLiteral("queue"));
    }

    void openAndRequestCorrection()
    {
        click(item(QStringLiteral("queueRow-") + m_caseB));
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && review()->caseId() == m_caseB, 20000);
        QTRY_VERIFY(test::shown(item(QStringLiteral("casePanel"))));
        QCOMPARE(item(QStringLiteral("caseTitle"))->property("text").toString(), QStringLiteral("高龄津贴申领"));
        // The form's answers, the ID number and the mobile masked.
        const QVariantList fields = review()->caseFields();
        QStringList values;
        for (const QVariant &f : fields)
            values << f.toMap().value(QStringLiteral("value")).toString();
        QVERIFY2(values.contains(QStringLiteral("李桂英")), qPrintable(values.join(u'|')));
        QVERIFY(!values.join(u'|').contains(test::idWithCheckDigit("34112519450312002")));
        QVERIFY(!values.join(u'|').contains(QStringLiteral("13905501234")));
        QCOMPARE(review()->caseAttachments().size(), 1);
        screenshot(QStringLiteral("case"));

        // One complete list: a material ticked and one more thing written.
        QTest::keySequence(m_view.get(), QKeySequence(QStringLiteral("Ctrl+3")));
        QQuickItem *tick = item(QStringLiteral("missing-1"));
        QTRY_VERIFY(test::shown(tick));
        click(tick);
        QTRY_VERIFY(tick->property("checked").toBool());
        QQuickItem *other = item(QStringLiteral("missingOther"));
        other->property("area").value<QQuickItem *>()->forceActiveFocus();
        typeText(QStringLiteral("Bank card of the applicant, page with the account number"));
        screenshot(QStringLiteral("case-correction"));
        click(item(QStringLiteral("correctionButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        QCOMPARE(hubState(m_caseB), QStringLiteral("correctionRequested"));
        // Back in the list, paused and last.
        QTRY_VERIFY_WITH_TIMEOUT(review()->queue()->rowCount() == 3 && review()->queue()->rows().last().paused, 20000);
        QCOMPARE(review()->queue()->rows().last().caseId, m_caseB);
        QCOMPARE(review()->queue()->rows().last().urgency, QStringLiteral("paused"));
        screenshot(QStringLiteral("queue-after-correction"));
    }

    void approveAnother()
    {
        click(item(QStringLiteral("queueRow-") + m_caseA));
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && review()->caseId() == m_caseA, 20000);
        QTRY_VERIFY(test::shown(item(QStringLiteral("approveButton"))));
        click(item(QStringLiteral("approveButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QCOMPARE(hubState(m_caseA), QStringLiteral("approved"));
        QTRY_VERIFY_WITH_TIMEOUT(review()->queue()->rowCount() == 2, 20000);
        QVERIFY(!review()->queue()->row(m_caseA));
    }

    void denialNeedsAReason()
    {
        click(item(QStringLiteral("queueRow-") + m_caseC));
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && review()->caseId() == m_caseC, 20000);
        click(item(QStringLiteral("choose-deny")));
        QTRY_VERIFY(test::shown(item(QStringLiteral("denyButton"))));
        click(item(QStringLiteral("denyButton")));
        QTRY_VERIFY(review()->messageIsError());
        QCOMPARE(review()->message(), ReviewDesk::tr("Give the reason for the denial: the citizen reads it."));
        QVERIFY(review()->caseOpen());
        QCOMPARE(hubState(m_caseC), QStringLiteral("received"));
        screenshot(QStringLiteral("case-deny-no-reason"));
    }

    void staleDecisionIsRefusedAndTheCaseReloaded()
    {
        // While C is open at the desk, a colleague sends it back and the citizen's corrected
        // application comes in: the case is on another packet than the one on screen.
        QVERIFY(review()->caseOpen() && review()->caseId() == m_caseC);
        const QByteArray token = m_hub.login(kReviewer, kPassword);
        const QString firstPacket = m_hub.packetIdOf(token, m_caseC);
        QCOMPARE(
            m_hub
                .decide(token, m_caseC, firstPacket, QStringLiteral("correctionRequested"), QStringLiteral("1. 结婚证"))
                .status,
            200);
        QString corrected;
        QVERIFY(submit(m_caseC, QStringLiteral("minimum-living-allowance"), QStringLiteral("王秀兰"), &corrected));
        QVERIFY(corrected != firstPacket);

        click(item(QStringLiteral("choose-approve")));
        QTRY_VERIFY(test::shown(item(QStringLiteral("approveButton"))));
        click(item(QStringLiteral("approveButton")));
        QTRY_COMPARE_WITH_TIMEOUT(
            review()->message(),
            SyncText::tr("The case has changed since you opened it (a corrected application came in). It has "
                         "been reloaded: please read it again and decide on what it holds now."),
            20000);
        QVERIFY(review()->messageIsError());
        QCOMPARE(hubState(m_caseC), QStringLiteral("received"));
        // Reloaded: still open, on the corrected packet.
        QTRY_VERIFY_WITH_TIMEOUT(review()->caseOpen() && !review()->loading(), 20000);
        QCOMPARE(review()->caseId(), m_caseC);
        QQuickItem *banner = item(QStringLiteral("reviewBanner"));
        QVERIFY(test::shown(banner));
        screenshot(QStringLiteral("case-stale"));

        // Decided on what it holds now.
        click(item(QStringLiteral("approveButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!review()->caseOpen(), 20000);
        QVERIFY2(!review()->messageIsError(), qPrintable(review()->message()));
        QCOMPARE(hubState(m_caseC), QStringLiteral("approved"));
    }

    void clocksTurnAmberAndRed()
    {
        // Two new cases, and the desk's calendar 20 days on: temporary assistance (10 promised
        // working days) is overdue, the elderly allowance (15) due within 2 working days.
        QVERIFY(
            submit(QStringLiteral("C-DESK-D-0004"), QStringLiteral("temporary-assistance"), QStringLiteral("赵强")));
        QVERIFY(submit(QStringLiteral("C-DESK-E-0005"), QStringLiteral("elderly-allowance"), QStringLiteral("孙丽")));
        const QDate today = m_clock->now().toTimeZone(QTimeZone(8 * 3600)).date();
        const QDate later = today.addDays(20);
        const QList<QueueRow> rows =
            ReviewDesk::rowsOf({protocol::QueueEntry{QStringLiteral("X"),
                                                     QString(),
                                                     QStringLiteral("temporary-assistance"),
                                                     kCivilAffairs,
                                                     CaseState::Received,
                                                     m_clock->now().toString(Qt::ISODate),
                                                     QString(),
                                                     {},
                                                     {}}},
                               m_desk->catalog().catalog(), nullptr, later, QStringLiteral("zh"));
        QCOMPARE(rows.size(), 1);
        // Deadlines need the calendar: without one none is shown (and nothing is guessed).
        QVERIFY(!rows.first().promisedLeft);

        m_clock->set(m_clock->now().addDays(20));
        // The idle sign-out applies first: the desk was "unused" for 20 days.
        QVERIFY(m_desk->session().checkIdle());
        QVERIFY(!m_desk->session().signedIn());
        QCOMPARE(
            m_desk->session().message(),
            DeskSession::tr("You were signed out after %n minute(s) without use. Nothing you saved is lost.", "", 10));
        screenshot(QStringLiteral("signin-idle"));
        signInByTyping(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(review()->queue()->rowCount() == 3, 20000);
        const QueueRow *d = review()->queue()->row(QStringLiteral("C-DESK-D-0004"));
        const QueueRow *e = review()->queue()->row(QStringLiteral("C-DESK-E-0005"));
        QVERIFY(d && e);
        QVERIFY(d->promisedLeft && *d->promisedLeft < 0);
        QCOMPARE(d->urgency, QStringLiteral("overdue"));
        QVERIFY(e->promisedLeft && *e->promisedLeft >= 0 && *e->promisedLeft <= 2);
        QCOMPARE(e->urgency, QStringLiteral("soon"));
        // Each clock has its own colour: D's statutory clock (20 days) is not overdue.
        QCOMPARE(d->statutoryUrgency, QStringLiteral("ok"));
        QCOMPARE(d->promisedUrgency, QStringLiteral("overdue"));
        QCOMPARE(review()->queue()->rows().first().caseId, QStringLiteral("C-DESK-D-0004"));
        QCOMPARE(review()->queue()->rows().last().caseId, m_caseB); // paused, last
        QTRY_VERIFY(test::shown(item(QStringLiteral("queueRow-C-DESK-D-0004"))));
        screenshot(QStringLiteral("queue-deadlines"));

        // The filter as the reviewer uses it: a state button, then a case number typed (Ctrl+F).
        click(item(QStringLiteral("stateFilter-overdue")));
        QCOMPARE(review()->queue()->rowCount(), 1);
        QCOMPARE(review()->queue()->caseIdAt(0), QStringLiteral("C-DESK-D-0004"));
        click(item(QStringLiteral("stateFilter-all")));
        QCOMPARE(review()->queue()->rowCount(), 3);
        QTest::keyClick(m_view.get(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(item(QStringLiteral("queueFilter"))->hasActiveFocus());
        typeText(QStringLiteral("desk-e"));
        QTRY_COMPARE(review()->queue()->rowCount(), 1);
        QCOMPARE(review()->queue()->caseIdAt(0), QStringLiteral("C-DESK-E-0005"));
        QCOMPARE(review()->queue()->totalCount(), 3);
        screenshot(QStringLiteral("queue-filtered"));
        typeText(QStringLiteral("x")); // nothing matches: the list says so
        QTRY_COMPARE(review()->queue()->rowCount(), 0);
        screenshot(QStringLiteral("queue-filtered-none"));
        QTest::keyClick(m_view.get(), Qt::Key_Escape); // clears the filter, back to the list
        QTRY_COMPARE(review()->queue()->rowCount(), 3);
        QCOMPARE(review()->queue()->filterText(), QString());
    }

    void lockedAtTheHub()
    {
        // Another reviewer's account: five wrong passwords at the hub lock it, and then even the
        // right one is answered with the lock and how long it lasts.
        const QString second = QStringLiteral("civil.second");
        QVERIFY(m_hub.addOperator(second, QStringLiteral("reviewer"), kCivilAffairs, kPassword));
        QTest::keySequence(m_view.get(), QKeySequence(QStringLiteral("Ctrl+L")));
        QTRY_VERIFY(!m_desk->session().signedIn());
        for (int i = 0; i < 5; ++i) {
            signInByTyping(second, QStringLiteral("Wrong#Password1"));
            QTRY_VERIFY_WITH_TIMEOUT(!m_desk->session().busy(), 20000);
        }
        signInByTyping(second, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(!m_desk->session().busy(), 20000);
        QVERIFY(!m_desk->session().signedIn());
        QCOMPARE(
            m_desk->session().message(),
            SyncText::tr("This account is locked after too many wrong passwords. Try again in %n minute(s).", "", 15));
        screenshot(QStringLiteral("signin-locked"));

        signInByTyping(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(review()->queue()->rowCount() == 3 && !review()->loading(), 20000);
    }

    // A queue longer than a page (hub 1.13): the first page and "N of M"; the next pages come as
    // the list is scrolled to its end, with a case decided on the hub between two pages; every
    // case once; a filter for a case of the last page loads the pages until it is found.
    void queueLoadsPageByPage()
    {
        // Three items of the department with different clocks (25, 15 and 10 promised working
        // days), received in turn: the hub's order (by due date) is not the order of receipt.
        constexpr int Extra = 150;
        const QStringList items = {QStringLiteral("minimum-living-allowance"), QStringLiteral("elderly-allowance"),
                                   QStringLiteral("temporary-assistance")};
        QHash<QString, QString> packets;
        for (int i = 1; i <= Extra; ++i) {
            const QString caseId = QStringLiteral("C-PAGE-%1").arg(i, 4, 10, QLatin1Char('0'));
            QString packetId;
            QVERIFY(submit(caseId, items.at(i % 3), QStringLiteral("孙丽"), &packetId));
            packets.insert(caseId, packetId);
        }
        const int before = review()->queue()->totalCount(); // the cases of the tests before
        const int all = before + Extra;
        review()->setPageSize(20);
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading() && review()->queueTotal() == all, 20000);
        QVERIFY(review()->moreToLoad());
        QTRY_VERIFY_WITH_TIMEOUT(review()->queue()->totalCount() >= 20, 20000);
        QVERIFY(review()->queue()->totalCount() < all);
        QQuickItem *count = item(QStringLiteral("queueCount"));
        QTRY_VERIFY(count->property("text").toString().contains(QString::number(all)));

        // Decided on the hub between two pages: a case of the last page, not loaded yet (the
        // longest clock, received last).
        const QString decidedAhead = QStringLiteral("C-PAGE-%1").arg(Extra, 4, 10, QLatin1Char('0'));
        QCOMPARE(items.at(Extra % 3), QStringLiteral("minimum-living-allowance"));
        QVERIFY(!review()->queue()->row(decidedAhead));
        const QByteArray token = m_hub.login(kReviewer, kPassword);
        QCOMPARE(m_hub.decide(token, decidedAhead, packets.value(decidedAhead), QStringLiteral("approved")).status,
                 200);

        // A page merged in while the reviewer is down the list on a row: the list stays where it
        // was, on the same row (it used to jump back to the top).
        QQuickItem *list = item(QStringLiteral("queueList"));
        QVERIFY(list);
        QTRY_VERIFY(list->property("count").toInt() >= 20);
        list->setProperty("currentIndex", 6);
        const qreal rowHeight = list->property("contentHeight").toReal() / list->property("count").toInt();
        list->setProperty("contentY", 3 * rowHeight);
        // The pages the list asks for on its own as it fills are in first.
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loadingMore(), 20000);
        QTest::qWait(100);
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loadingMore(), 20000);
        const qreal scrolledTo = list->property("contentY").toReal();
        QVERIFY(scrolledTo > 0);
        const auto topRow = [list] {
            int index = -1;
            QMetaObject::invokeMethod(list, "indexAt", Q_RETURN_ARG(int, index), Q_ARG(qreal, 1),
                                      Q_ARG(qreal, list->property("contentY").toReal() + 1));
            return index;
        };
        const int top = topRow();
        QVERIFY(top >= 2);
        const QString current = review()->queue()->caseIdAt(6);
        QVERIFY(!current.isEmpty());
        const int loaded = review()->queue()->totalCount();
        QVERIFY(review()->moreToLoad());
        review()->fetchMore();
        QTRY_VERIFY2_WITH_TIMEOUT(review()->queue()->totalCount() > loaded && !review()->loadingMore(),
                                  qPrintable(QStringLiteral("%1 of %2 loaded, %3")
                                                 .arg(review()->queue()->totalCount())
                                                 .arg(loaded)
                                                 .arg(review()->message())),
                                  20000);
        QTest::qWait(20);
        QCOMPARE(list->property("currentIndex").toInt(), 6);
        QCOMPARE(review()->queue()->caseIdAt(list->property("currentIndex").toInt()), current);
        QVERIFY2(qAbs(list->property("contentY").toReal() - scrolledTo) < 1,
                 qPrintable(QString::number(list->property("contentY").toReal())));
        QCOMPARE(topRow(), top);
        screenshot(QStringLiteral("queue-page-merged-in-place"));

        // Scrolled to the end, the list asks for the next page until there is none.
        for (int turn = 0; turn < 20 && review()->moreToLoad(); ++turn) {
            QTRY_VERIFY_WITH_TIMEOUT(!review()->loadingMore(), 20000);
            list->setProperty("contentY", list->property("contentHeight").toReal() - list->height());
            QTest::qWait(20);
            if (turn == 0) // the end of the list: the line that says more are loading
                screenshot(QStringLiteral("queue-scrolled-to-end"));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!review()->moreToLoad() && !review()->loadingMore(), 20000);
        QSet<QString> seen;
        for (const QueueRow &row : review()->queue()->rows()) {
            QVERIFY2(!seen.contains(row.caseId), qPrintable(row.caseId));
            seen.insert(row.caseId);
        }
        QCOMPARE(review()->queue()->totalCount(), all - 1);
        QVERIFY(!seen.contains(decidedAhead));
        for (int i = 1; i < Extra; ++i)
            QVERIFY(seen.contains(QStringLiteral("C-PAGE-%1").arg(i, 4, 10, QLatin1Char('0'))));
        // The hub's order across the pages, as one page of each part of the queue has it: by
        // due date, then case number; the cases waiting for a correction, then those in a
        // special procedure after those waiting for a decision.
        QStringList hubOrder;
        for (const QByteArray state : {"received", "correctionRequested", "suspended"}) {
            const test::HttpResponse r =
                m_hub.get("/v1/queue?limit=500&state=" + state, {{"Authorization", "Bearer " + token}});
            QCOMPARE(r.status, 200);
            const auto answer = protocol::QueueAnswer::fromBytes(r.body);
            QVERIFY(answer.ok());
            QVERIFY(answer->next.isEmpty());
            for (const protocol::QueueEntry &e : answer->cases)
                hubOrder << e.caseId;
        }
        QStringList deskOrder;
        for (const QueueRow &row : review()->queue()->rows())
            deskOrder << row.caseId;
        QCOMPARE(deskOrder, hubOrder);
        // Received in turn, shown by deadline: 10 promised days, then 15, then 25.
        QVERIFY(deskOrder.indexOf(QStringLiteral("C-PAGE-0002")) < deskOrder.indexOf(QStringLiteral("C-PAGE-0001")));
        QVERIFY(deskOrder.indexOf(QStringLiteral("C-PAGE-0001")) < deskOrder.indexOf(QStringLiteral("C-PAGE-0003")));
        screenshot(QStringLiteral("queue-all-pages"));

        // From the first page again, a filter for a case of the last page: the pages load until
        // it is there.
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading() && review()->moreToLoad(), 20000);
        // The last page holds the longest clocks with the highest numbers (the very last is decided).
        const QString last = QStringLiteral("C-PAGE-%1").arg(Extra - 3, 4, 10, QLatin1Char('0'));
        QCOMPARE(items.at((Extra - 3) % 3), QStringLiteral("minimum-living-allowance"));
        QVERIFY(!review()->queue()->row(last));
        review()->queue()->setFilter(last, QStringLiteral("all"));
        QTRY_COMPARE_WITH_TIMEOUT(review()->queue()->rowCount(), 1, 30000);
        QCOMPARE(review()->queue()->caseIdAt(0), last);
        QTRY_VERIFY(test::shown(item(QStringLiteral("queueRow-") + last)));
        screenshot(QStringLiteral("queue-filtered-pages"));

        // The tests after this one see the queue as it was.
        for (int i = 1; i < Extra; ++i) {
            const QString caseId = QStringLiteral("C-PAGE-%1").arg(i, 4, 10, QLatin1Char('0'));
            QCOMPARE(m_hub.decide(token, caseId, packets.value(caseId), QStringLiteral("approved")).status, 200);
        }
        review()->setPageSize(500);
        review()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!review()->loading() && review()->queue()->totalCount() == before, 20000);
        QVERIFY(!review()->moreToLoad());
        QCOMPARE(review()->queue()->rowCount(), 0); // the case filtered for is decided
        review()->queue()->setFilter({}, QStringLiteral("all"));
        QCOMPARE(review()->queue()->rowCount(), before);
    }

    void hubUnreachable()
    {
        const QString before = review()->lastRefreshed();
        QVERIFY(!before.isEmpty());
        m_hub.stop();
        QTest::keyClick(m_view.get(), Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(review()->unreachable(), 30000);
        QCOMPARE(review()->lastRefreshed(), before);
        QCOMPARE(review()->queue()->rowCount(), 3); // the last list stays
        QQuickItem *refreshed = item(QStringLiteral("refreshedText"));
        QTRY_VERIFY(refreshed->property("text").toString().contains(before));
        screenshot(QStringLiteral("queue-unreachable"));

        // Signing in again works from the desk's cache while the hub is away.
        QTest::keySequence(m_view.get(), QKeySequence(QStringLiteral("Ctrl+L")));
        QTRY_VERIFY(!m_desk->session().signedIn());
        signInByTyping(kReviewer, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 30000);
        QVERIFY(m_desk->session().offline());
        screenshot(QStringLiteral("offline-signin"));
        // The overview (F1): what the role may do here, the keys, and why the hub is missing.
        QTest::keyClick(m_view.get(), Qt::Key_F1);
        QTRY_VERIFY(test::shown(item(QStringLiteral("homePage"))));
        QCOMPARE(m_desk->session().page(), QStringLiteral("home"));
        screenshot(QStringLiteral("home-offline"));
    }

    void noQmlWarnings()
    {
        QStringList relevant;
        for (const QString &w : test::warnings()) {
            // The hub's absence is logged on purpose.
            if (!w.contains(QLatin1String("operator API")))
                relevant << w;
        }
        QVERIFY2(relevant.isEmpty(), qPrintable(relevant.join(u'\n')));
    }
};

QTEST_MAIN(TestDeskReview)
#include "tst_deskreview.moc"
