// The window clerk at the desk in a real offscreen window on a real encrypted store, enrolled
// locally so that accepted applications are sealed: the clerk signs in (a local account) and
// lands on acceptance; a mistyped ID number is refused with its message; the elderly allowance's
// form is filled in the dense layout; accepting with the materials unchecked names each one; a
// text file offered as a scan is refused; then the ID card's original seen, the household
// register as a real PNG scan, the bank card 容缺 with its due date and pledge: accepted with
// materials to follow, sealed into the outbox, the scan and the receipts kept with the case, and
// the acceptance notice written as a PDF (read back with pdftotext: the ID number only masked).
// The next citizen is not accepted (不予受理): a reason is required, the case is kept on the
// desk with it and nothing is sealed. Screenshots under tests/desk/screenshots/window-*.png.
#include "DeskTestSupport.h"
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "WindowDesk.h"

#include "common/Clock.h"
#include "domain/IdNumber.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/HubFeeds.h"
#include "sync/SyncText.h"
#include "ui/CatalogService.h"
#include "ui/scan/ScannerGunFilter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QProcess>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kClerk = QStringLiteral("clerk.wang");
const QString kPassword = QStringLiteral("Window#Clerk2026");

} // namespace

class TestDeskWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    QString m_accepted; // the case accepted by recordMaterialsAndAccept
    QString m_refused;

    QQuickItem *item(const QString &name) { return test::findItem(m_view->rootObject(), name); }
    WindowDesk *window() { return m_desk->session().window(); }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(test::shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    void typeText(const QString &text)
    {
        for (const QChar c : text)
            QTest::keyClick(m_view.get(), c.toLatin1());
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50);
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/window-%1.png").arg(name)));
    }

    void identifyByTyping(const QString &number, const QString &name)
    {
        QQuickItem *idField = item(QStringLiteral("applicantId"));
        QTRY_VERIFY(test::shown(idField));
        click(idField);
        QTRY_VERIFY(idField->hasActiveFocus());
        idField->setProperty("text", QString());
        typeText(number);
        QTest::keyClick(m_view.get(), Qt::Key_Tab);
        QQuickItem *nameField = item(QStringLiteral("applicantName"));
        QTRY_VERIFY(nameField->hasActiveFocus());
        nameField->setProperty("text", name); // Chinese names are not typed key by key
        click(item(QStringLiteral("identifyButton")));
    }

    Case caseNamed(const QString &number)
    {
        auto read =
            m_desk->store().cases().read(number, Actor{kClerk, QStringLiteral("clerk")}, QStringLiteral("test"));
        return read.ok() ? read.value() : Case{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 3, 2), QTime(1, 30), Qt::UTC));
        DeskOptions add;
        add.dataDir = m_dir.path();
        add.addOperator = true;
        add.username = kClerk;
        add.role = QStringLiteral("windowClerk");
        add.displayName = QStringLiteral("王芳");
        OW_VERIFY_OK(DeskProgram::addOperator(add, kPassword, *m_clock));

        DeskOptions options;
        options.dataDir = m_dir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        auto device = test::enrollLocally(m_desk->store(), QStringLiteral("D-DESK-1"));
        QVERIFY(device);
        m_desk->setDevice(std::move(device));

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
        test::stopRecordingWarnings();
    }

    void clerkLandsOnAcceptance()
    {
        m_desk->session().signIn(kClerk, kPassword);
        QVERIFY(m_desk->session().signedIn());
        QCOMPARE(m_desk->session().page(), QStringLiteral("accept"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("acceptPage"))));
        screenshot(QStringLiteral("empty"));
    }

    // A scanner gun at the window, through the filter main.cpp installs: its keys are taken from
    // the focused field whole and given to the page. A code that is neither an ID number nor a
    // pickup code is said and changes nothing; a citizen's code with a resident ID number fills the
    // number as if typed and the clerk adds the name; a pickup code goes to the takeover (this desk
    // has no hub, which it says).
    void scannerGunAtTheWindow()
    {
        qint64 now = 5000;
        scan::ScannerGunFilter gun({}, [&now] { return now; });
        qApp->installEventFilter(&gun);
        auto removeGun = qScopeGuard([&gun] { qApp->removeEventFilter(&gun); });
        connect(&gun, &scan::ScannerGunFilter::scanned, &m_desk->session(), &DeskSession::handleScan);
        QQuickItem *idField = item(QStringLiteral("applicantId"));
        QQuickItem *nameField = item(QStringLiteral("applicantName"));
        QTRY_VERIFY(idField->hasActiveFocus());
        const auto scanCode = [&](const QString &code) {
            for (QChar c : code + QLatin1Char('\n')) {
                now += 3;
                gun.checkTimeout();
                const int key = c == u'\n' ? int(Qt::Key_Return) : int(c.toUpper().unicode());
                const QString text = c == u'\n' ? QStringLiteral("\r") : QString(c);
                QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
                QCoreApplication::sendEvent(m_view.get(), &press);
                now += 1;
                QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
                QCoreApplication::sendEvent(m_view.get(), &release);
            }
            now += 1000;
            gun.checkTimeout();
        };

        scanCode(QStringLiteral("91350100M000100Y43")); // a company's credit code
        QTRY_VERIFY(window()->messageIsError());
        QCOMPARE(window()->message(),
                 WindowDesk::tr("This code is neither a resident ID number nor a kiosk's pickup code."));
        QCOMPARE(idField->property("text").toString(), QString()); // nothing of it typed into the field

        const QString number = test::idWithCheckDigit("34112519460501002");
        QString misprinted = number;
        misprinted[17] = misprinted.at(17) == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        window()->clearMessage();
        scanCode(misprinted);
        QTRY_VERIFY(window()->messageIsError());
        QCOMPARE(window()->message(),
                 WindowDesk::tr("The scanned ID number is not valid: please check the citizen's ID card."));
        QCOMPARE(idField->property("text").toString(), QString());

        scanCode(number);
        QTRY_COMPARE(idField->property("text").toString(), number);
        QVERIFY(!window()->messageIsError());
        QTRY_VERIFY(nameField->hasActiveFocus());
        screenshot(QStringLiteral("id-scanned"));
        QVERIFY(!window()->identified()); // the name is still the clerk's to type

        scanCode(QStringLiteral("OWP1|D-1|draft|2026-12-31T00:00:00Z|c2ln"));
        QTRY_VERIFY(window()->messageIsError());
        QCOMPARE(window()->message(), WindowDesk::tr("This desk is not connected to the county hub, so it cannot fetch "
                                                     "applications saved at kiosks. Please fill the application in "
                                                     "here."));
        idField->setProperty("text", QString());
        window()->clearMessage();
    }

    void mistypedIdNumberIsRefused()
    {
        const QString valid = test::idWithCheckDigit("34112519460501002");
        QString wrong = valid;
        wrong[17] = wrong.at(17) == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        identifyByTyping(wrong, QStringLiteral("李桂英"));
        QTRY_VERIFY(window()->messageIsError());
        QCOMPARE(window()->message(),
                 WindowDesk::tr("The ID number's last character does not match: please check the number."));
        QVERIFY(!window()->identified());
        identifyByTyping(valid, QStringLiteral("李桂英"));
        QTRY_VERIFY(window()->identified());
        QCOMPARE(window()->applicantMasked(), QStringLiteral("341***********") + valid.right(4));
    }

    void fillTheForm()
    {
        click(item(QStringLiteral("item-elderly-allowance")));
        QTRY_COMPARE(window()->itemId(), QStringLiteral("elderly-allowance"));
        // The identity came from identify(): the name is on the form already.
        test::answerEmptyFields(*window()->form());
        window()->reloadForm(); // the answers set here, shown as if typed
        QVERIFY(window()->form()->validateAll());
        QCOMPARE(window()->materials()->rowCount() >= 3, true);
    }

    void acceptNamesEveryUncheckedMaterial()
    {
        click(item(QStringLiteral("acceptButton")));
        QTRY_VERIFY(window()->messageIsError());
        QVERIFY2(window()->message().contains(QStringLiteral("申请人居民身份证")), qPrintable(window()->message()));
        QVERIFY(window()->message().contains(QStringLiteral("居民户口簿")));
        QVERIFY(window()->message().contains(QStringLiteral("本人社会保障卡或银行卡")));
        QCOMPARE(m_desk->store().outbox().pendingCount().value(), 0);
        screenshot(QStringLiteral("unchecked"));
    }

    void recordMaterialsAndAccept()
    {
        MaterialChecklist *m = window()->materials();
        QCOMPARE(m->index(0).data(MaterialChecklist::NameRole).toString(), QStringLiteral("申请人居民身份证"));
        m->setReceipt(0, QStringLiteral("paper"));

        QTemporaryDir files;
        const QString text = files.filePath(QStringLiteral("register.png"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a picture at all\n");
        f.close();
        QCOMPARE(m->attachScan(1, text), MaterialChecklist::tr("The file is not a picture or a PDF."));
        QCOMPARE(m->attachScan(1, test::sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png")),
                 QString());
        QCOMPARE(m->index(1).data(MaterialChecklist::ReceiptRole).toString(), QStringLiteral("scan"));

        m->setReceipt(2, QStringLiteral("missing"));
        m->setDueDate(2, QStringLiteral("2026-03-12"));
        // Without the pledge: refused, and the row says why.
        QVERIFY(!window()->accept());
        QVERIFY(!m->index(2).data(MaterialChecklist::ProblemRole).toString().isEmpty());
        m->setPledgeSigned(2, true);
        screenshot(QStringLiteral("materials"));

        click(item(QStringLiteral("acceptButton")));
        QTRY_VERIFY(!window()->messageIsError() && !window()->lastCaseNumber().isEmpty());
        const QString number = window()->lastCaseNumber();
        m_accepted = number;
        const Case accepted = caseNamed(number);
        QCOMPARE(accepted.state, CaseState::AcceptedPendingMaterials);
        QCOMPARE(accepted.itemCode, QStringLiteral("elderly-allowance"));
        QCOMPARE(m_desk->store().outbox().pendingCount().value(), 1); // sealed into the outbox
        auto attachments = m_desk->store().attachments().forCase(number);
        OW_VERIFY_OK(attachments);
        QStringList names;
        for (const Attachment &a : *attachments)
            names << a.material;
        QVERIFY2(names.contains(QStringLiteral("householdRegister")), qPrintable(names.join(u',')));
        QVERIFY(names.contains(QStringLiteral("materialReceipts")));
        // The acceptance notice, A4 PDF: its text names the case and the pending material with
        // its date, and carries the ID number only masked.
        const QString notice = window()->lastNoticePath();
        QVERIFY2(QFile::exists(notice), qPrintable(notice));
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {notice, QStringLiteral("-")});
        QVERIFY2(pdftotext.waitForStarted(10000), "pdftotext is missing: scripts/setup installs poppler-utils");
        QVERIFY(pdftotext.waitForFinished(60000));
        const QString printed = QString::fromUtf8(pdftotext.readAllStandardOutput()).remove(QLatin1Char(' '));
        QVERIFY2(printed.contains(number), qPrintable(printed));
        QVERIFY(printed.contains(QStringLiteral("2026-03-12")));
        QVERIFY(printed.contains(QStringLiteral("本人社会保障卡或银行卡")));
        QVERIFY(!printed.contains(test::idWithCheckDigit("34112519460501002")));
        const QString kept = test::deskScreenshotDir() + QStringLiteral("/window-acceptance-notice.pdf");
        QFile::remove(kept);
        QVERIFY(QFile::copy(notice, kept));
        // The next citizen starts from nothing.
        QVERIFY(!window()->identified());
        screenshot(QStringLiteral("accepted"));
    }

    void refuseNeedsAReasonAndIsNotSent()
    {
        identifyByTyping(test::idWithCheckDigit("34112519500203004"), QStringLiteral("赵强"));
        QTRY_VERIFY(window()->identified());
        QVERIFY(!window()->refuse(QString()));
        QCOMPARE(window()->message(),
                 WindowDesk::tr("Give the reason for not accepting: it is written on the refusal notice."));
        QVERIFY(window()->refuse(QStringLiteral("不属于本县受理范围")));
        const Case refused = caseNamed(window()->lastCaseNumber());
        m_refused = refused.number;
        QCOMPARE(refused.state, CaseState::Refused);
        QCOMPARE(m_desk->store().outbox().pendingCount().value(), 1); // nothing more sealed
    }

    // 出件: the decided case appears in the list to hand over; the clerk records who collected it
    // (the ID number checked, kept masked); what is not decided, or refused at the window, is
    // not issued. The issued step waits in the outbox beside the sealed packet, counted on screen.
    void issueTheDecidedResult()
    {
        QVERIFY(!m_accepted.isEmpty() && !m_refused.isEmpty());
        QTest::keyClick(m_view.get(), Qt::Key_F4);
        QTRY_VERIFY(test::shown(item(QStringLiteral("issuePage"))));
        QCOMPARE(window()->toIssue().size(), 0);
        QCOMPARE(window()->waitingToSend(), 1);
        // Accepted, not decided yet; refused at the window: nothing to issue, nothing changes.
        QVERIFY(!window()->issueByMail(m_accepted, QStringLiteral("EMS1234567890CN")));
        QCOMPARE(window()->message(),
                 SyncText::tr("This case has no decision yet (it is “%1”): there is nothing to issue.")
                     .arg(caseState::label(CaseState::AcceptedPendingMaterials)));
        QVERIFY(!window()->issueByMail(m_refused, QStringLiteral("EMS1234567890CN")));
        QCOMPARE(caseNamed(m_refused).state, CaseState::Refused);
        screenshot(QStringLiteral("issue-empty"));

        // The reviewer's approval comes back as the hub's events bring it (sync::EventFeed).
        const Actor hub{QStringLiteral("hub:11341125MB1772416M"), QStringLiteral("departmentReviewer")};
        for (CaseState step : sync::reviewPath(caseNamed(m_accepted).state, CaseState::Approved))
            OW_VERIFY_OK(m_desk->store().cases().transition(m_accepted, step, hub, QString()));
        QTest::keyClick(m_view.get(), Qt::Key_F5);
        QTRY_COMPARE(window()->toIssue().size(), 1);
        click(item(QStringLiteral("issueRow-") + m_accepted));
        QTRY_VERIFY(test::shown(item(QStringLiteral("collectorName"))));
        item(QStringLiteral("collectorName"))->setProperty("text", QStringLiteral("李华")); // no Chinese keys in QTest
        const QString collector = test::idWithCheckDigit("34112519460501002");
        QString mistyped = collector;
        mistyped[10] = mistyped[10] == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
        click(item(QStringLiteral("collectorId")));
        typeText(mistyped);
        click(item(QStringLiteral("issueButton")));
        QTRY_COMPARE(window()->message(),
                     SyncText::tr("The collector's ID number is not valid. Check it against the card."));
        QVERIFY(window()->messageIsError());
        QCOMPARE(caseNamed(m_accepted).state, CaseState::Approved);
        screenshot(QStringLiteral("issue-refused"));

        item(QStringLiteral("collectorId"))->setProperty("text", QString());
        click(item(QStringLiteral("collectorId")));
        typeText(collector);
        QTest::keyClick(m_view.get(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(caseNamed(m_accepted).state, CaseState::Issued);
        QVERIFY(!window()->messageIsError());
        QCOMPARE(window()->toIssue().size(), 0);
        QCOMPARE(window()->waitingToSend(), 2); // the sealed packet and the issued step
        const auto history = m_desk->store().cases().events(m_accepted);
        OW_VERIFY_OK(history);
        QVERIFY(history->last().note.contains(idNumber::masked(collector)));
        QVERIFY(!history->last().note.contains(collector));
        QVERIFY(!history->last().note.contains(QStringLiteral("李华")));
        screenshot(QStringLiteral("issue-done"));
    }

    void noQmlWarnings() { QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(u'\n'))); }
};

QTEST_MAIN(TestDeskWindow)
#include "tst_deskwindow.moc"
