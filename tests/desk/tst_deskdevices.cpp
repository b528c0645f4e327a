// The window's devices, in a real offscreen desk window on a real encrypted store enrolled
// locally. The ID card reader: a demo desk reads made-up cards through the pty simulator of
// app/core/scan and the real GA 467 reader code (the kiosk's CardReaderControl, shared); the card
// fills the applicant (number masked on screen, nothing of the card in the log), is dropped on
// another page, refused while another applicant is on screen, wiped when the case is accepted and
// when the clerk signs out; an unplugged reader and a bad read are said on the page and typing
// still works. The printer: the acceptance notice and the materials receipt (材料接收凭证) go to
// the printer through PrintService and the printer plugin interface, here the test printer
// (tests/desk/PrinterSimulator.cpp): out of paper, the case is accepted once and kept, the page
// says why and offers 重新打印; printed again, both documents are on paper, the receipt listing
// every material with how it was received and the ID number only masked; later again from the
// case. Screenshots under tests/desk/screenshots/devices-*.png.
#include "DeskTestSupport.h"
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "WindowDesk.h"

#include "common/Clock.h"
#include "domain/CaseState.h"
#include "domain/IdNumber.h"
#include "print/Documents.h"
#include "print/PrintText.h"
#include "scan/IdCardReader.h"
#include "scan/ReaderSimulator.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "ui/CardReaderControl.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kClerk = QStringLiteral("clerk.li");
const QString kPassword = QStringLiteral("Window#Clerk2026");
const QString kPrinter = QStringLiteral("OneWindow-Test-Printer");

// Every message of the test's run (the warnings recorder keeps only warnings): nothing of a card
// may be among them.
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void recordAll(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_log << message;
    if (g_previous)
        g_previous(type, context, message);
}

QString pdfText(const QString &path)
{
    QProcess pdftotext;
    pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), path, QStringLiteral("-")});
    if (!pdftotext.waitForStarted(10000) || !pdftotext.waitForFinished(60000))
        return QStringLiteral("<pdftotext is missing: scripts/setup installs poppler-utils>");
    return QString::fromUtf8(pdftotext.readAllStandardOutput()).remove(QRegularExpression(QStringLiteral("\\s")));
}

} // namespace

class TestDeskDevices : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QDir m_paper; // what the test printer printed
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    QString m_accepted;

    QQuickItem *item(const QString &name) { return test::findItem(m_view->rootObject(), name); }
    WindowDesk *window() { return m_desk->session().window(); }
    CardReaderControl *reader() { return window()->cardReader(); }

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
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/devices-%1.png").arg(name)));
    }

    QString shownText(const QString &name)
    {
        QQuickItem *i = item(name);
        return i ? i->property("text").toString() : QString();
    }

    // The whole log of the run so far, searched for any part of a card.
    void verifyNoCardInLog()
    {
        for (const auto &card : CardReaderControl::demoCards()) {
            for (const QString &line : std::as_const(g_log)) {
                QVERIFY2(!line.contains(card.number), qPrintable(line));
                QVERIFY2(!line.contains(card.name), qPrintable(line));
                QVERIFY2(!line.contains(card.address), qPrintable(line));
            }
        }
    }

    int casesAccepted()
    {
        int n = 0;
        for (CaseState s : {CaseState::Accepted, CaseState::AcceptedPendingMaterials, CaseState::AcceptedOnPledge})
            n += int(m_desk->store().cases().byState(s).value().size());
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The test printer instead of CUPS, loaded through the same plugin path.
        qputenv("OW_PLUGIN_DIR", QByteArray(OW_PRINTER_SIM_DIR));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("paper"))));
        m_paper = QDir(m_dir.filePath(QStringLiteral("paper")));
        qputenv("OW_PRINTER_SIM_DIR", m_paper.path().toLocal8Bit());
        g_previous = qInstallMessageHandler(recordAll);
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=true"));

        m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 3, 2), QTime(1, 30), Qt::UTC));
        DeskOptions add;
        add.dataDir = m_dir.path();
        add.addOperator = true;
        add.username = kClerk;
        add.role = QStringLiteral("windowClerk");
        add.displayName = QStringLiteral("李明");
        OW_VERIFY_OK(DeskProgram::addOperator(add, kPassword, *m_clock));

        // As `onewindow-desk --demo --printer OneWindow-Test-Printer` starts.
        const ParsedDeskOptions parsed =
            DeskOptions::parse({QStringLiteral("onewindow-desk"), QStringLiteral("--demo"), QStringLiteral("--data"),
                                m_dir.path(), QStringLiteral("--forms"), test::sourceDir() + QStringLiteral("/forms"),
                                QStringLiteral("--printer"), kPrinter});
        QVERIFY2(parsed.options, qPrintable(parsed.message));
        QCOMPARE(parsed.options->printer, kPrinter);
        QString problem;
        m_desk = DeskProgram::open(*parsed.options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        auto device = test::enrollLocally(m_desk->store(), QStringLiteral("D-DESK-7"));
        QVERIFY(device);
        m_desk->setDevice(std::move(device));
        QVERIFY(reader()->simulated());
        QCOMPARE(reader()->state(), QStringLiteral("ready"));
        reader()->reader()->setPollIntervalMs(20);

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
        qInstallMessageHandler(g_previous);
    }

    // No QML warning at any point (the printer's and the reader's failures are logged as warnings
    // on purpose).
    void init()
    {
        for (const QString &w : std::as_const(test::warnings()))
            QVERIFY2(!w.contains(QLatin1String("qrc:/")), qPrintable(w));
    }

    // The command line: the reader's device and the printer need their values.
    void optionsNeedValues()
    {
        auto parsed = DeskOptions::parse(
            {QStringLiteral("onewindow-desk"), QStringLiteral("--card-reader"), QStringLiteral("/dev/ttyUSB0")});
        QVERIFY(parsed.options);
        QCOMPARE(parsed.options->cardReader, QStringLiteral("/dev/ttyUSB0"));
        parsed = DeskOptions::parse({QStringLiteral("onewindow-desk"), QStringLiteral("--card-reader"), QString()});
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitCode, 1);
        parsed =
            DeskOptions::parse({QStringLiteral("onewindow-desk"), QStringLiteral("--printer"), QStringLiteral(" ")});
        QVERIFY(!parsed.options);
        QCOMPARE(parsed.exitCode, 1);
    }

    // Signed out, or on another page, a card is not taken.
    void cardOutsideAcceptanceIsDropped()
    {
        reader()->tapDemoCard();
        QTRY_VERIFY(!reader()->waitingForDemoCard());
        QVERIFY(!reader()->holdsCard());
        QVERIFY(!window()->identified());

        m_desk->session().signIn(kClerk, kPassword);
        QVERIFY(m_desk->session().signedIn());
        QCOMPARE(m_desk->session().page(), QStringLiteral("accept"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("acceptPage"))));
        m_desk->session().setPage(QStringLiteral("issue"));
        reader()->tapDemoCard();
        QTRY_VERIFY(!reader()->waitingForDemoCard());
        QVERIFY(!window()->identified());
        m_desk->session().setPage(QStringLiteral("accept"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("tapDemoCard"))));
        QVERIFY(shownText(QStringLiteral("cardReaderStatus")).contains(QStringLiteral("身份证")));
        screenshot(QStringLiteral("reader-ready"));
    }

    // The clerk taps the demo card (demo desks only): read through the pty and the GA 467 reader,
    // it identifies the applicant, the number masked on screen.
    void cardIdentifiesTheApplicant()
    {
        click(item(QStringLiteral("tapDemoCard")));
        QTRY_VERIFY(window()->identified());
        const auto demo = CardReaderControl::demoCards();
        const auto &card = demo.at(0); // two were dropped: the simulator went round once
        QVERIFY(window()->identifiedByCard());
        QCOMPARE(window()->applicantName(), card.name);
        QCOMPARE(window()->applicantMasked(), idNumber::masked(card.number));
        QVERIFY(reader()->holdsCard());
        QTRY_VERIFY(test::shown(item(QStringLiteral("applicantByCard"))));
        const QString shown = shownText(QStringLiteral("applicantShown"));
        QVERIFY(shown.contains(idNumber::masked(card.number)));
        QVERIFY(!shown.contains(card.number));
        QVERIFY(!test::shown(item(QStringLiteral("cardReaderBox"))));
        QVERIFY(!window()->messageIsError());

        // Another card while this applicant is on screen changes nothing.
        reader()->tapDemoCard();
        QTRY_VERIFY(!reader()->waitingForDemoCard());
        QTRY_VERIFY(window()->messageIsError());
        QCOMPARE(window()->applicantName(), card.name);
        QVERIFY(window()->message().contains(QStringLiteral("Ctrl+N")));
        window()->clearMessage();
        screenshot(QStringLiteral("card-read"));
        verifyNoCardInLog();
    }

    // Out of paper at acceptance: the case is accepted once and kept, the card wiped, the page
    // says why and offers to print again.
    void printerOutOfPaperKeepsTheCase()
    {
        click(item(QStringLiteral("item-elderly-allowance")));
        QTRY_COMPARE(window()->itemId(), QStringLiteral("elderly-allowance"));
        test::answerEmptyFields(*window()->form());
        window()->reloadForm();
        QVERIFY(window()->form()->validateAll());
        MaterialChecklist *m = window()->materials();
        QVERIFY(m->rowCount() >= 3);
        m->setReceipt(0, QStringLiteral("paper"));
        m->setReceipt(1, QStringLiteral("eLicence"));
        m->setLicenceNumber(1, QStringLiteral("HK-2026-0042"));
        m->setReceipt(2, QStringLiteral("missing"));
        m->setDueDate(2, QStringLiteral("2026-03-09"));
        m->setPledgeSigned(2, true);
        for (int row = 3; row < m->rowCount(); ++row)
            m->setReceipt(row, QStringLiteral("pledge")), m->setPledgeSigned(row, true);

        QFile flag(m_paper.filePath(QStringLiteral("out-of-paper")));
        QVERIFY(flag.open(QIODevice::WriteOnly));
        flag.close();
        click(item(QStringLiteral("acceptButton")));
        QTRY_VERIFY(!window()->lastCaseNumber().isEmpty());
        m_accepted = window()->lastCaseNumber();
        QVERIFY(window()->printFailed());
        QVERIFY(window()->messageIsError());
        QVERIFY2(window()->message().contains(m_accepted), qPrintable(window()->message()));
        // Said to the clerk, who is the staff: what to check, then 重新打印; not the kiosk's
        // "please tell staff", and no stray space between the sentences.
        const QString outOfPaper = WindowDesk::tr("the printer is not ready (out of paper, a paper jam or an open "
                                                  "cover). Check the printer, then choose “Print again”.");
        QCOMPARE(window()->message(), WindowDesk::tr("Accepted: case %1. The acceptance notice and the materials "
                                                     "receipt were not printed: %2")
                                          .arg(m_accepted, outOfPaper));
        QCOMPARE(
            window()->message(),
            QStringLiteral("已受理：办件 %1。受理通知书和材料接收凭证未能打印：打印机未就绪（缺纸、卡纸或机盖未关好）。"
                           "请检查打印机，然后选择“重新打印”。")
                .arg(m_accepted));
        QTRY_COMPARE(item(QStringLiteral("acceptBanner"))->property("text").toString(), window()->message());
        QVERIFY(!window()->message().contains(QStringLiteral("工作人员")));
        QVERIFY(!window()->message().contains(QStringLiteral("。 ")));
        QCOMPARE(casesAccepted(), 1);
        QCOMPARE(m_desk->store().outbox().pendingCount().value(), 1);
        QCOMPARE(m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), 0);
        // The desk's PDF copies are written whatever the printer does.
        QVERIFY(QFile::exists(window()->lastNoticePath()));
        QVERIFY(QFile::exists(window()->lastReceiptPath()));
        // The case is accepted: the card's bytes are gone and the next citizen starts clean.
        QVERIFY(!reader()->holdsCard());
        QVERIFY(!window()->identified());
        QTRY_VERIFY(test::shown(item(QStringLiteral("reprintButton"))));
        screenshot(QStringLiteral("print-failed"));

        // Accept again does not make a second case.
        click(item(QStringLiteral("acceptButton")));
        QTRY_COMPARE(window()->message(),
                     WindowDesk::tr("Identify the applicant first: type the ID number and the name."));
        QCOMPARE(casesAccepted(), 1);
    }

    // Paper back in: 重新打印 prints both, from the stored case.
    void reprintPrintsBothPapers()
    {
        window()->clearMessage();
        QVERIFY(QFile::remove(m_paper.filePath(QStringLiteral("out-of-paper"))));
        QVERIFY(window()->printFailed());
        click(item(QStringLiteral("reprintButton")));
        QTRY_VERIFY(!window()->printFailed());
        QVERIFY(!window()->messageIsError());
        QVERIFY(window()->message().contains(m_accepted));
        QCOMPARE(casesAccepted(), 1);
        const QStringList printed = m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files, QDir::Name);
        QCOMPARE(printed, QStringList({QStringLiteral("001-acceptance-notice.pdf"),
                                       QStringLiteral("002-materials-receipt.pdf")}));

        const QString masked = idNumber::masked(CardReaderControl::demoCards().at(0).number);
        const QString notice = pdfText(m_paper.filePath(printed.at(0)));
        QVERIFY2(notice.contains(m_accepted), qPrintable(notice));
        QVERIFY(notice.contains(QStringLiteral("受理通知书")));
        const QString receipt = pdfText(m_paper.filePath(printed.at(1)));
        QVERIFY2(receipt.contains(QStringLiteral("材料接收凭证")), qPrintable(receipt));
        QVERIFY(receipt.contains(m_accepted));
        QVERIFY(receipt.contains(masked));
        QVERIFY(receipt.contains(QStringLiteral("李明"))); // who received them
        // Every material, with how it was received.
        QVERIFY(receipt.contains(QStringLiteral("申请人居民身份证")));
        QVERIFY(receipt.contains(QStringLiteral("居民户口簿")));
        QVERIFY(receipt.contains(QStringLiteral("本人社会保障卡或银行卡")));
        for (MaterialReceipt how :
             {MaterialReceipt::PaperOriginalSeen, MaterialReceipt::ELicenceReused, MaterialReceipt::MissingAccepted}) {
            print::ReceivedMaterial r{{}, true, how, QStringLiteral("HK-2026-0042"), QDate(2026, 3, 9)};
            QVERIFY2(receipt.contains(print::receivedHow(r).remove(QLatin1Char(' '))),
                     qPrintable(print::receivedHow(r) + QStringLiteral(" / ") + receipt));
        }
        for (const QString &text : {notice, receipt}) {
            for (const auto &card : CardReaderControl::demoCards()) {
                QVERIFY(!text.contains(card.number));
                QVERIFY(!text.contains(card.name));
            }
        }
        const QString kept = test::deskScreenshotDir() + QStringLiteral("/devices-materials-receipt.pdf");
        QFile::remove(kept);
        QVERIFY(QFile::copy(m_paper.filePath(printed.at(1)), kept));
        screenshot(QStringLiteral("reprinted"));

        // Later, from the case: printed again, still one case.
        window()->clear();
        QVERIFY(window()->reprint(m_accepted));
        QCOMPARE(m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), 4);
        QCOMPARE(casesAccepted(), 1);
        // A case that was not accepted here has no papers: said, nothing printed.
        QVERIFY(!window()->reprint(QStringLiteral("NO-SUCH-CASE")));
        QVERIFY(window()->messageIsError());
        QCOMPARE(m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), 4);
        // No printer known by that name: said clearly, the case untouched.
        window()->setPrinterName(QStringLiteral("OneWindow-No-Such-Printer"));
        QVERIFY(!window()->reprint(m_accepted));
        QCOMPARE(
            window()->message(),
            QStringLiteral("办件 %1 的单据未能打印：打印机未连接或未设置。请检查打印机的连线、电源和本窗口设置的打印机"
                           "（--printer），然后选择“重新打印”。")
                .arg(m_accepted));
        QVERIFY(window()->printFailed());
        // The same in English.
        QCoreApplication::removeTranslator(&m_translator);
        QVERIFY(!window()->reprint(m_accepted));
        QCoreApplication::installTranslator(&m_translator);
        QCOMPARE(window()->message(),
                 QStringLiteral("The papers of case %1 were not printed: the printer is not connected or not set up. "
                                "Check its cable and power and the printer named for this desk (--printer), then "
                                "choose “Print again”.")
                     .arg(m_accepted));
        QVERIFY(!window()->message().contains(QStringLiteral("tell staff")));
        // The printer set up right again: printed, and the page no longer offers to print again.
        window()->setPrinterName(kPrinter);
        QVERIFY(window()->reprint(m_accepted));
        QVERIFY(!window()->printFailed());
        QTRY_VERIFY(!test::shown(item(QStringLiteral("reprintButton"))));
        window()->clearMessage();
    }

    // Not accepted (不予受理): the refusal notice goes to the printer like the acceptance papers,
    // with the reason, the applicant's rights (administrative reconsideration, administrative
    // suit) and no full ID number; out of paper, the refusal is kept once and 重新打印 prints it.
    void refusalNoticeIsPrinted()
    {
        window()->clear();
        QTRY_COMPARE(window()->itemId(), QStringLiteral("elderly-allowance"));
        const QString number = test::idWithCheckDigit("34112519500203004");
        QVERIFY(window()->identify(number, QStringLiteral("赵强")));
        const QString reason = QStringLiteral("申请人未满八十周岁，不属于本事项受理范围");
        QFile flag(m_paper.filePath(QStringLiteral("out-of-paper")));
        QVERIFY(flag.open(QIODevice::WriteOnly));
        flag.close();
        const qsizetype printedBefore = m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files).size();
        QQuickItem *reasonField = item(QStringLiteral("refuseReason"));
        QVERIFY(reasonField);
        reasonField->setProperty("text", reason);
        click(item(QStringLiteral("refuseButton")));
        QTRY_VERIFY(!window()->lastCaseNumber().isEmpty());
        const QString refused = window()->lastCaseNumber();
        QCOMPARE(m_desk->store().cases().findByNumber(refused).value()->state, CaseState::Refused);
        QVERIFY(window()->printFailed());
        QVERIFY(window()->messageIsError());
        QVERIFY2(window()->message().contains(refused), qPrintable(window()->message()));
        QCOMPARE(m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files).size(), printedBefore);
        QVERIFY(QFile::exists(window()->lastNoticePath())); // the desk's PDF copy
        QTRY_VERIFY(test::shown(item(QStringLiteral("reprintButton"))));
        QVERIFY(!window()->identified());

        QVERIFY(QFile::remove(m_paper.filePath(QStringLiteral("out-of-paper"))));
        click(item(QStringLiteral("reprintButton")));
        QTRY_VERIFY(!window()->printFailed());
        QVERIFY(!window()->messageIsError());
        QCOMPARE(window()->message(), WindowDesk::tr("Printed again: the refusal notice of case %1.").arg(refused));
        const QStringList printed = m_paper.entryList({QStringLiteral("*.pdf")}, QDir::Files, QDir::Name);
        QCOMPARE(printed.size(), printedBefore + 1);
        QVERIFY2(printed.last().endsWith(QStringLiteral("-refusal-notice.pdf")), qPrintable(printed.last()));
        const QString text = pdfText(m_paper.filePath(printed.last()));
        QVERIFY2(text.contains(QStringLiteral("不予受理通知书")), qPrintable(text));
        QVERIFY(text.contains(refused));
        QVERIFY(text.contains(reason));
        QVERIFY(text.contains(QStringLiteral("行政复议")));
        QVERIFY(text.contains(QStringLiteral("行政诉讼")));
        QVERIFY(text.contains(idNumber::masked(number)));
        QVERIFY(!text.contains(number));
        QVERIFY(!text.contains(QStringLiteral("赵强")));
        QVERIFY(text.contains(QStringLiteral("李明"))); // the clerk
        const QString kept = test::deskScreenshotDir() + QStringLiteral("/devices-refusal-notice.pdf");
        QFile::remove(kept);
        QVERIFY(QFile::copy(m_paper.filePath(printed.last()), kept));
        screenshot(QStringLiteral("refusal-reprinted"));
        window()->clearMessage();
    }

    // A bad read and an unplugged reader are said on the page; typing still identifies.
    void badReadAndUnpluggedReader()
    {
        // A card that keeps reading with bad checksums (a dirty or damaged chip).
        reader()->reader()->setMaxRetries(0);
        reader()->simulator()->setCorruptReads(1000);
        click(item(QStringLiteral("tapDemoCard")));
        QTRY_VERIFY_WITH_TIMEOUT(!reader()->message().isEmpty(), 20000);
        QVERIFY(!window()->identified());
        QTRY_VERIFY(test::shown(item(QStringLiteral("cardReaderStatus"))));
        QCOMPARE(shownText(QStringLiteral("cardReaderStatus")), reader()->message());
        screenshot(QStringLiteral("bad-read"));

        reader()->simulator()->unplug();
        QTRY_COMPARE(reader()->state(), QStringLiteral("unplugged"));
        QVERIFY2(reader()->message().contains(QStringLiteral("读卡器")), qPrintable(reader()->message()));
        QTRY_COMPARE(shownText(QStringLiteral("cardReaderStatus")), reader()->message());
        QVERIFY(!test::shown(item(QStringLiteral("tapDemoCard"))) ||
                !item(QStringLiteral("tapDemoCard"))->property("enabled").toBool());
        screenshot(QStringLiteral("reader-unplugged"));
        QVERIFY(window()->identify(test::idWithCheckDigit("34112519460501002"), QStringLiteral("李桂英")));
        QVERIFY(!window()->identifiedByCard());
        window()->clear();
    }

    // Signing out wipes the card of an applicant still on screen.
    void signOutWipesTheCard()
    {
        QVERIFY(reader()->openSimulator()); // the reader plugged back in
        reader()->reader()->setPollIntervalMs(20);
        QTRY_VERIFY(test::shown(item(QStringLiteral("tapDemoCard"))));
        click(item(QStringLiteral("tapDemoCard")));
        QTRY_VERIFY(window()->identified());
        QVERIFY(reader()->holdsCard());
        const QString name = reader()->cardName();
        m_desk->session().signOut();
        QVERIFY(!reader()->holdsCard());
        QVERIFY(!window()->identified());
        QCOMPARE(name, QString(name.size(), QChar(0))); // overwritten where it was, not only let go
        verifyNoCardInLog();
    }
};

QTEST_MAIN(TestDeskDevices)
#include "tst_deskdevices.moc"
