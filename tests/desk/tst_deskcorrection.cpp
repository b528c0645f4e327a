// Corrections at the window (补齐补正), with a real hub process and the real desk shell offscreen:
// a case of the desk's store reaches the hub, a department reviewer asks for a correction with a
// complete list, the desk reads the hub's events and the clerk's 待补正 page (F6) shows the case
// with the reviewer's list and its paused clock. A file that is no picture or PDF, a file too
// large and a path that is no file are refused with their messages and nothing is attached;
// sending with nothing attached is refused and changes nothing. With the hub stopped, the clerk
// attaches the citizen's scan and sends the case back: it waits in the outbox ("1 waiting to
// send") and reaches the reviewer's queue, on its new packet, once the hub is back. Signing out
// drops what was attached and not sent. A case the department put in a special procedure is
// listed on the issuing page with its kind, expected end and paused clock, never the reviewer's
// reason. Screenshots under tests/desk/screenshots/correction-*.png.
#include "DeskTestSupport.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "WindowDesk.h"

#include "common/Clock.h"
#include "domain/SpecialProcedure.h"
#include "domain/WorkingDayClock.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSealer.h"
#include "sync/CorrectionRecord.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

#include <functional>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kClerk = QStringLiteral("clerk.zhao");
const QString kClerkPassword = QStringLiteral("Window#Clerk2026");
const QString kReviewer = QStringLiteral("rev.sun");
const QString kReviewerPassword = QStringLiteral("Reviewer#Sun2026");
const QString kItem = QStringLiteral("senior-citizen-card");
const QString kDepartment = QStringLiteral("11341125MB17731876");
const QString kMissing = QStringLiteral("1. 户口簿原件（本人页）\n2. 近期一寸白底照片一张");
const Actor kCitizen{QStringLiteral("kiosk"), QStringLiteral("citizen")};

using test::findItem;
using test::shown;

QString screenshotDir()
{
    return test::deskScreenshotDir();
}

QString demoPicture()
{
    return test::sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png");
}

} // namespace

class TestDeskCorrection : public QObject
{
    Q_OBJECT

    test::HubFixture m_hub;
    QTemporaryDir m_deskDir;
    QTemporaryDir m_files;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<sync::Transport> m_link;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    QByteArray m_token;
    QString m_number;
    QString m_firstPacket;
    QDateTime m_received;

    QQuickItem *item(const QString &name) { return findItem(m_view->rootObject(), name); }
    WindowDesk *window() { return m_desk->session().window(); }
    Store &store() { return m_desk->store(); }
    Case caseOf(const QString &number) { return (*store().cases().findByNumber(number)).value_or(Case()); }
    qint64 pending() { return *store().outbox().pendingCount(); }

    bool connectTo(const QString &baseUrl)
    {
        sync::TransportConfig config;
        config.baseUrl = baseUrl;
        auto link = sync::CurlTransport::create(config);
        if (!link.ok())
            return false;
        m_link = std::move(link).value();
        return true;
    }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    void typeInto(const QString &name, const QString &text)
    {
        QQuickItem *field = item(name);
        QVERIFY2(field, qPrintable(name));
        click(field);
        QTRY_VERIFY(field->hasActiveFocus());
        field->setProperty("text", QString());
        for (const QChar c : text)
            QTest::keyClick(m_view.get(), c.toLatin1());
        QCOMPARE(field->property("text").toString(), text);
    }

    // Types the path into the page's file field and presses Attach; the problem shown (or empty).
    QString attachByTyping(const QString &path)
    {
        typeInto(QStringLiteral("correctionFile"), path);
        click(item(QStringLiteral("correctionAttach")));
        QQuickItem *problem = item(QStringLiteral("correctionFileProblem"));
        return problem ? problem->property("text").toString() : QStringLiteral("no problem field");
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50);
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(screenshotDir() + QStringLiteral("/correction-%1.png").arg(name)));
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_files.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return path;
    }

    void pullEvents()
    {
        m_clock->set(QDateTime::currentDateTimeUtc());
        OW_VERIFY_OK(sync::EventFeed(store(), *m_link, *m_desk->device()).pull());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_deskDir.isValid());
        QVERIFY(m_files.isValid());
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        QVERIFY(m_hub.addOperator(kReviewer, QStringLiteral("reviewer"), kDepartment, kReviewerPassword));
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());

        DeskOptions add;
        add.dataDir = m_deskDir.path();
        add.addOperator = true;
        add.username = kClerk;
        add.role = QStringLiteral("windowClerk");
        add.displayName = QStringLiteral("赵敏");
        OW_VERIFY_OK(DeskProgram::addOperator(add, kClerkPassword, *m_clock));
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        QVERIFY(connectTo(m_hub.baseUrl()));
        auto device =
            sync::EnrolledDevice::enroll(store(), *m_link, m_hub.enrollCode(), QStringLiteral("service hall window 5"));
        OW_VERIFY_OK(device);
        m_desk->setDevice(std::move(device).value());

        // An application received at this window four days ago, sealed and taken by the hub.
        m_received = QDateTime::currentDateTimeUtc().addDays(-4);
        m_clock->set(m_received);
        const QString id = test::idWithCheckDigit(QStringLiteral("34112519500307004"));
        const QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("钱桂兰")},
                               {QStringLiteral("applicantIdNumber"), id},
                               {QStringLiteral("applicantMobile"), QStringLiteral("13905507788")}};
        auto created =
            store().cases().create({kItem, 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)}, kCitizen);
        OW_VERIFY_OK(created);
        m_number = created->number;
        OW_VERIFY_OK(store().cases().transition(m_number, CaseState::Received, kCitizen, {}));
        OW_VERIFY_OK(store().attachments().add(m_number, QStringLiteral("applicantIdCard"), QStringLiteral("image/png"),
                                               QByteArray(2000, 'p'), kCitizen));
        OW_VERIFY_OK(sync::CaseSealer(store(), *m_desk->device()).seal(m_number, kCitizen));
        m_clock->set(QDateTime::currentDateTimeUtc());
        sync::OutboxPump pump(store(), *m_link, *m_desk->device());
        auto sent = pump.drain();
        OW_VERIFY_OK(sent);
        QCOMPARE(sent->acknowledged, 1);

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
        m_desk->session().signIn(kClerk, kClerkPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        test::stopRecordingWarnings();
    }

    // The clerk's pages include corrections; with none asked for, the page says so.
    void nothingToCorrectYet()
    {
        QStringList keys;
        for (const QVariant &p : m_desk->session().pages())
            keys << p.toMap().value(QStringLiteral("key")).toString();
        QVERIFY2(keys.contains(QStringLiteral("correct")), qPrintable(keys.join(u',')));
        QTest::keyClick(m_view.get(), Qt::Key_F6);
        QTRY_COMPARE(m_desk->session().page(), QStringLiteral("correct"));
        QTRY_VERIFY(shown(item(QStringLiteral("correctionPage"))));
        QVERIFY(window()->toCorrect().isEmpty());
        // Not waiting for a correction: refused by recordCorrection, nothing changes.
        window()->chooseCorrection(m_number);
        QCOMPARE(window()->addCorrectionFile(QStringLiteral("photo"), demoPicture()), QString());
        QVERIFY(!window()->sendCorrection());
        QCOMPARE(window()->message(), SyncText::tr("This case is not waiting for a correction (it is “%1”).")
                                          .arg(caseState::label(caseOf(m_number).state)));
        QCOMPARE(pending(), 0);
        // The list read again drops files kept for a case that does not wait for a correction.
        window()->refreshToCorrect();
        window()->chooseCorrection(QString());
        window()->chooseCorrection(m_number);
        QVERIFY(window()->correctionFiles().isEmpty());
        window()->chooseCorrection(QString());
        window()->clearMessage();
        screenshot(QStringLiteral("empty"));
    }

    // The reviewer asks for a correction; the window's list shows it with the reviewer's list and
    // the paused clock.
    void reviewersRequestShownAtTheWindow()
    {
        m_token = m_hub.login(kReviewer, kReviewerPassword);
        QVERIFY(!m_token.isEmpty());
        m_firstPacket = m_hub.packetIdOf(m_token, m_number);
        QVERIFY(!m_firstPacket.isEmpty());
        QCOMPARE(m_hub.decide(m_token, m_number, m_firstPacket, QStringLiteral("correctionRequested"), kMissing).status,
                 200);
        pullEvents();
        QCOMPARE(caseOf(m_number).state, CaseState::CorrectionRequested);
        QTest::keyClick(m_view.get(), Qt::Key_F5);
        QTRY_COMPARE(window()->toCorrect().size(), 1);
        const QVariantMap row = window()->toCorrect().first().toMap();
        QCOMPARE(row.value(QStringLiteral("number")).toString(), m_number);
        QCOMPARE(row.value(QStringLiteral("missing")).toString(), kMissing);
        QVERIFY(row.value(QStringLiteral("applicant")).toString().contains(u'*'));
        QVERIFY(!row.value(QStringLiteral("applicant")).toString().contains(QStringLiteral("500307")));
        // The promised clock (5 working days) ran from the day received until today, when it paused.
        const auto calendar = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        OW_VERIFY_OK(calendar);
        const QTimeZone china(8 * 3600);
        const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(china).date();
        WorkingDayClock promised(*calendar, m_received.toTimeZone(china).date(), 5);
        promised.pause(today);
        QVERIFY(promised.isPaused());
        QCOMPARE(row.value(QStringLiteral("clock")).toString(),
                 WindowDesk::tr("Clocks paused since %1 · %2 of %3 working days left")
                     .arg(today.toString(Qt::ISODate))
                     .arg(promised.daysLeft(today))
                     .arg(5));

        QQuickItem *rowItem = item(QStringLiteral("correctionRow-") + m_number);
        QTRY_VERIFY(shown(rowItem));
        click(rowItem);
        QTRY_COMPARE(window()->correctionCase(), m_number);
        QQuickItem *missing = item(QStringLiteral("correctionMissing"));
        QTRY_VERIFY(shown(missing));
        QCOMPARE(missing->property("text").toString(), kMissing);
        screenshot(QStringLiteral("requested"));
    }

    // The department starts a special procedure (特别程序) on another case of this window: once the
    // desk has read the hub's events, the issuing page (F4) lists it with the procedure's kind and
    // expected end, as the hub's progress answer gives them, and its clock paused; never the
    // reviewer's reason, which is for the department's reviewers.
    void specialProcedureShownAtTheWindow()
    {
        const QString reason = QStringLiteral("REASON-27182 申请人户籍情况需组织听证核实");
        m_clock->set(QDateTime::currentDateTimeUtc());
        const QString id = test::idWithCheckDigit(QStringLiteral("34112519480512003"));
        const QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("孙玉珍")},
                               {QStringLiteral("applicantIdNumber"), id},
                               {QStringLiteral("applicantMobile"), QStringLiteral("13905507799")}};
        auto created =
            store().cases().create({kItem, 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)}, kCitizen);
        OW_VERIFY_OK(created);
        const QString number = created->number;
        OW_VERIFY_OK(store().cases().transition(number, CaseState::Received, kCitizen, {}));
        OW_VERIFY_OK(sync::CaseSealer(store(), *m_desk->device()).seal(number, kCitizen));
        auto sent = sync::OutboxPump(store(), *m_link, *m_desk->device()).drain();
        OW_VERIFY_OK(sent);
        QCOMPARE(sent->acknowledged, 1);

        const QByteArray token = m_hub.login(kReviewer, kReviewerPassword);
        const QString packet = m_hub.packetIdOf(token, number);
        QVERIFY(!packet.isEmpty());
        const QTimeZone china(8 * 3600);
        const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(china).date();
        const QDate expectedEnd = today.addDays(20);
        const test::HttpResponse started = m_hub.postJson(
            "/v1/cases/" + number.toLatin1() + "/decision",
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("suspended")},
                        {QStringLiteral("packetId"), packet},
                        {QStringLiteral("opinion"), reason},
                        {QStringLiteral("procedure"),
                         QJsonObject{{QStringLiteral("kind"), QStringLiteral("hearing")},
                                     {QStringLiteral("expectedEnd"), expectedEnd.toString(Qt::ISODate)}}}},
            {{"Authorization", "Bearer " + token}});
        QVERIFY2(started.status == 200, started.body.constData());
        pullEvents();
        QCOMPARE(caseOf(number).state, CaseState::Suspended);

        QTest::keyClick(m_view.get(), Qt::Key_F4);
        QTRY_COMPARE(m_desk->session().page(), QStringLiteral("issue"));
        QTRY_VERIFY(shown(item(QStringLiteral("issuePage"))));
        window()->refreshToIssue();
        const QString procedure =
            WindowDesk::tr("Special procedure (%1) · expected to end on %2")
                .arg(specialProcedure::label(SpecialProcedureKind::Hearing), expectedEnd.toString(Qt::ISODate));
        QTRY_VERIFY_WITH_TIMEOUT(
            !window()->inSpecialProcedure().isEmpty() &&
                window()->inSpecialProcedure().first().toMap().value(QStringLiteral("procedure")) == procedure,
            20000);
        QCOMPARE(window()->inSpecialProcedure().size(), 1);
        const QVariantMap row = window()->inSpecialProcedure().first().toMap();
        QCOMPARE(row.value(QStringLiteral("number")).toString(), number);
        QVERIFY(row.value(QStringLiteral("applicant")).toString().contains(u'*'));
        QVERIFY(!row.value(QStringLiteral("applicant")).toString().contains(QStringLiteral("480512")));
        // The promised clock (5 working days) ran from today, when it paused.
        const auto calendar = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        OW_VERIFY_OK(calendar);
        WorkingDayClock promised(*calendar, today, 5);
        promised.pause(today);
        const QString clock = WindowDesk::tr("Clocks paused since %1 · %2 of %3 working days left")
                                  .arg(today.toString(Qt::ISODate))
                                  .arg(promised.daysLeft(today))
                                  .arg(5);
        QCOMPARE(row.value(QStringLiteral("clock")).toString(), clock);
        for (const QVariant &v : row)
            QVERIFY2(!v.toString().contains(QStringLiteral("REASON-27182")), qPrintable(v.toString()));

        // On screen, in Chinese: the kind and the end, the clock paused, no reason.
        QTRY_VERIFY(shown(item(QStringLiteral("specialProcedures"))));
        QCOMPARE(item(QStringLiteral("specialProcedure-") + number)->property("text").toString(), procedure);
        QVERIFY2(procedure.contains(QStringLiteral("听证")), qPrintable(procedure));
        QVERIFY(procedure.contains(expectedEnd.toString(Qt::ISODate)));
        const QString shownClock = item(QStringLiteral("specialClock-") + number)->property("text").toString();
        QCOMPARE(shownClock, clock);
        QVERIFY2(shownClock.contains(QStringLiteral("暂停")), qPrintable(shownClock));
        QStringList texts;
        const std::function<void(QQuickItem *)> collect = [&](QQuickItem *i) {
            if (!i || !i->isVisible())
                return;
            if (i->inherits("QQuickText"))
                texts << i->property("text").toString();
            for (QQuickItem *child : i->childItems())
                collect(child);
        };
        collect(item(QStringLiteral("issuePage")));
        QVERIFY(texts.contains(procedure));
        for (const QString &t : texts)
            QVERIFY2(!t.contains(QStringLiteral("REASON-27182")), qPrintable(t));
        screenshot(QStringLiteral("special-at-window"));

        // Back to the corrections for the tests that follow.
        QTest::keyClick(m_view.get(), Qt::Key_F6);
        QTRY_COMPARE(m_desk->session().page(), QStringLiteral("correct"));
        QTRY_VERIFY(shown(item(QStringLiteral("correctionPage"))));
        window()->chooseCorrection(m_number);
    }

    // Files that are not what they claim, too large, or missing are refused with their message,
    // and nothing is attached; sending nothing is refused and changes nothing.
    void badFilesAndNothingAttached()
    {
        QCOMPARE(window()->correctionCase(), m_number);
        const QString text = writeFile(QStringLiteral("register.png"), QByteArray("this is not a picture"));
        QVERIFY(!text.isEmpty());
        QCOMPARE(attachByTyping(text), WindowDesk::tr("The file is not a picture or a PDF."));
        QByteArray huge("%PDF-1.7\n");
        huge.append(QByteArray(sync::kMaxSuppliedBytes, 'x'));
        const QString large = writeFile(QStringLiteral("large.pdf"), huge);
        QVERIFY(!large.isEmpty());
        QCOMPARE(attachByTyping(large),
                 WindowDesk::tr("The file is too large: at most %1 MB.").arg(sync::kMaxSuppliedBytes / (1024 * 1024)));
        QCOMPARE(attachByTyping(m_files.filePath(QStringLiteral("nowhere.png"))),
                 WindowDesk::tr("The file cannot be read."));
        QVERIFY(shown(item(QStringLiteral("correctionFileProblem"))));
        QVERIFY(window()->correctionFiles().isEmpty());
        screenshot(QStringLiteral("bad-file"));

        click(item(QStringLiteral("correctionSend")));
        QVERIFY(window()->messageIsError());
        QCOMPARE(window()->message(), SyncText::tr("Attach what the citizen brought for the correction."));
        QCOMPARE(caseOf(m_number).state, CaseState::CorrectionRequested);
        QCOMPARE(pending(), 0);
        QCOMPARE(window()->toCorrect().size(), 1);
    }

    // With the hub stopped the correction is recorded and waits in the outbox, visibly; once the
    // hub is back it reaches the reviewer's queue on its new packet.
    void sentBackWhileTheHubIsDown()
    {
        // The clerk files the scan under the item's second material; the list read again (the sync
        // service does it every cycle) keeps that choice.
        QQuickItem *material = item(QStringLiteral("correctionMaterial"));
        QVERIFY(shown(material));
        material->setProperty("currentIndex", 1);
        window()->refreshToIssue();
        QTest::qWait(20);
        QCOMPARE(material->property("currentIndex").toInt(), 1);
        const QString secondMaterial = window()
                                           ->toCorrect()
                                           .first()
                                           .toMap()
                                           .value(QStringLiteral("materials"))
                                           .toList()
                                           .at(1)
                                           .toMap()
                                           .value(QStringLiteral("id"))
                                           .toString();
        QCOMPARE(attachByTyping(demoPicture()), QString());
        QTRY_COMPARE(window()->correctionFiles().size(), 1);
        const QVariantMap file = window()->correctionFiles().first().toMap();
        QCOMPARE(file.value(QStringLiteral("kind")).toString(), QStringLiteral("image/png"));
        QCOMPARE(file.value(QStringLiteral("material")).toString(), secondMaterial);
        QTRY_VERIFY(shown(item(QStringLiteral("correctionFile-0"))));
        screenshot(QStringLiteral("attached"));

        m_hub.stop();
        const qint64 attachmentsBefore = store().attachments().forCase(m_number)->size();
        QTest::keyClick(m_view.get(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(caseOf(m_number).state, CaseState::Received);
        QVERIFY2(!window()->messageIsError(), qPrintable(window()->message()));
        QCOMPARE(window()->message(), WindowDesk::tr("Case %1 goes back to the reviewer with %n material(s). The "
                                                     "county hub gets it as soon as it can be reached.",
                                                     "", 1)
                                          .arg(m_number));
        QCOMPARE(store().attachments().forCase(m_number)->size(), attachmentsBefore + 1);
        QVERIFY(window()->toCorrect().isEmpty());
        QVERIFY(window()->correctionCase().isEmpty());
        QCOMPARE(pending(), 1);
        QCOMPARE(window()->waitingToSend(), 1);
        QQuickItem *waiting = item(QStringLiteral("correctionWaitingToSend"));
        QTRY_VERIFY(shown(waiting));
        m_clock->set(QDateTime::currentDateTimeUtc());
        sync::OutboxPump offline(store(), *m_link, *m_desk->device());
        auto tried = offline.drainOnce();
        OW_VERIFY_OK(tried);
        QVERIFY(!tried->reachable);
        QCOMPARE(pending(), 1);
        screenshot(QStringLiteral("waiting"));

        // The hub is back (on a new port): the corrected packet goes, and is the case's packet.
        QVERIFY2(m_hub.restart(), m_hub.log().constData());
        QVERIFY(connectTo(m_hub.baseUrl()));
        // A minute on: the outbox's retry after the failed attempt is due.
        m_clock->set(QDateTime::currentDateTimeUtc().addSecs(60));
        sync::OutboxPump pump(store(), *m_link, *m_desk->device());
        auto sent = pump.drain();
        OW_VERIFY_OK(sent);
        QCOMPARE(sent->acknowledged, 1);
        QCOMPARE(pending(), 0);
        QTest::keyClick(m_view.get(), Qt::Key_F5);
        QTRY_COMPARE(window()->waitingToSend(), 0);
        m_token = m_hub.login(kReviewer, kReviewerPassword);
        const QString corrected = m_hub.packetIdOf(m_token, m_number);
        QVERIFY(!corrected.isEmpty());
        QVERIFY(corrected != m_firstPacket);
        // The old packet is stale; the reviewer decides on the corrected one.
        QCOMPARE(m_hub.decide(m_token, m_number, m_firstPacket, QStringLiteral("approved")).status, 409);
        QCOMPARE(m_hub.decide(m_token, m_number, corrected, QStringLiteral("approved")).status, 200);
        pullEvents();
        QCOMPARE(caseOf(m_number).state, CaseState::Approved);
    }

    // Files attached and not sent are dropped when the clerk signs out.
    void signingOutDropsWhatWasNotSent()
    {
        window()->chooseCorrection(m_number);
        QCOMPARE(window()->addCorrectionFile(QStringLiteral("photo"), demoPicture()), QString());
        QCOMPARE(window()->correctionFiles().size(), 1);
        m_desk->session().signOut();
        QVERIFY(!m_desk->session().signedIn());
        QVERIFY(window()->correctionCase().isEmpty());
        window()->chooseCorrection(m_number);
        QVERIFY(window()->correctionFiles().isEmpty());
        window()->chooseCorrection(QString());
    }

    void noQmlWarnings()
    {
        QStringList relevant;
        for (const QString &w : test::warnings()) {
            // The hub's absence is logged on purpose.
            if (!w.contains(QLatin1String("operator API")) && !w.contains(QLatin1String("cannot be reached")))
                relevant << w;
        }
        QVERIFY2(relevant.isEmpty(), qPrintable(relevant.join(u'\n')));
    }
};

QTEST_MAIN(TestDeskCorrection)
#include "tst_deskcorrection.moc"
