// Receipts on paper: written as real PDF files, read back the way an auditor would (pdftotext
// for the words, pdftoppm for the picture) and the QR decoded by our own decoder and verified as
// a case receipt signed by this device. Printer failures leave the caller's data untouched.
#include "ui/print/CodeView.h"
#include "ui/print/DocumentPainter.h"
#include "ui/print/PrintService.h"

#include "print/Documents.h"
#include "print/PageFormat.h"

#include "scan/CodeSigning.h"
#include "scan/Payload.h"
#include "scan/SignedCodes.h"
#include "scan/TrustStore.h"
#include "ui/scan/ImageCodes.h"

#include "TestSupport.h"
#include "Translations.h"

#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ow;
using namespace ow::print;

namespace {

const QString kFullId = QStringLiteral("11010519491231002X");
const QString kMasked = QStringLiteral("110***********002X");
const QString kDevice = QStringLiteral("K3301220001");
const QString kCaseNumber = QStringLiteral("K3301220001-20260314-0042");
const QDateTime kIssued(QDate(2026, 3, 14), QTime(10, 5, 9), QTimeZone::utc());
const QDateTime kNow(QDate(2026, 3, 15), QTime(9, 30), QTimeZone::utc());

// Runs a poppler tool; a missing tool fails the test, since scripts/setup installs poppler-utils.
QByteArray runTool(const QString &tool, const QStringList &args)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("%1 not found: install poppler-utils (scripts/setup does)").arg(tool)),
                     __FILE__, __LINE__);
        return {};
    }
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        QTest::qFail(
            qPrintable(QStringLiteral("%1 failed: %2").arg(tool, QString::fromLocal8Bit(p.readAllStandardError()))),
            __FILE__, __LINE__);
        return {};
    }
    return p.readAllStandardOutput();
}

QString screenshotDir()
{
    const QString dir =
        qEnvironmentVariable("OW_BINARY_DIR", QDir::currentPath()) + QStringLiteral("/tests/ui/print/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestPrintRender : public QObject
{
    Q_OBJECT

    scan::SigningKey m_device;
    scan::TrustStore m_trust;
    QByteArray m_receiptCode;
    QTemporaryDir m_dir;

    QVariantMap receipt() const
    {
        return QVariantMap{{QStringLiteral("applicant"), kMasked},
                           {QStringLiteral("itemId"), QStringLiteral("330122-HJ-0001")},
                           {QStringLiteral("item"), QStringLiteral("城乡居民基本医疗保险参保登记")},
                           {QStringLiteral("number"), kCaseNumber},
                           {QStringLiteral("date"), QDate(2026, 3, 14)},
                           {QStringLiteral("promisedDays"), 5},
                           {QStringLiteral("onTheSpot"), false},
                           {QStringLiteral("receiptCode"), QString::fromUtf8(m_receiptCode)}};
    }

    // Decodes the code in `image` with our decoder and checks it is this case's signed receipt.
    void verifyReceiptCode(const QImage &image)
    {
        QVERIFY(!image.isNull());
        const auto decoded = scan::imageCodes::decodeThorough(image);
        QVERIFY2(decoded, "no code found on the rendered page");
        QCOMPARE(decoded->format, scan::CodeFormat::QrCode);
        const scan::Classification c = scan::classify(decoded->payload, scan::ClassifyContext{kNow, nullptr, &m_trust});
        QCOMPARE(c.kind, scan::PayloadKind::CaseReceipt);
        QVERIFY2(c.accepted(), c.problem ? qPrintable(c.problem->logDetail) : "");
        const auto &info = std::get<scan::CaseReceiptInfo>(c.details);
        QCOMPARE(info.caseNumber, kCaseNumber);
        QCOMPARE(info.deviceId, kDevice);
        QCOMPARE(info.issuedAt, kIssued);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), "zh_CN");
        auto key = scan::codeSigning::generate(scan::SignatureAlgorithm::Sm2);
        OW_VERIFY_OK(key);
        m_device = std::move(key).value();
        OW_VERIFY_OK(m_trust.addDevice(kDevice, m_device.publicDer));
        auto code = scan::signedCodes::makeCaseReceipt(m_device, {kDevice, kCaseNumber, kIssued});
        OW_VERIFY_OK(code);
        m_receiptCode = code.value();
    }

    void receiptPdf_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("pages");
        QTest::newRow("A4") << "a4" << 1;
        QTest::newRow("80 mm") << "thermal-80" << 1;
        QTest::newRow("58 mm") << "thermal-58" << 1;
    }

    // The acceptance check: the PDF exists, carries the masked applicant and no ID number, and its
    // code, read from the rendered page by our decoder, verifies as this case's signed receipt.
    void receiptPdf()
    {
        QFETCH(QString, format);
        QFETCH(int, pages);
        PrintService service;
        service.setPageFormat(format);
        QCOMPARE(service.pageFormat(), format);
        service.setIssuer(QStringLiteral("示范县城关镇东村24小时自助政务服务驿站"));
        QSignalSpy spy(&service, &PrintService::stateChanged);
        QVERIFY(spy.isValid());
        const QString pdf = m_dir.filePath(format + QStringLiteral("-receipt.pdf"));
        QVERIFY2(service.saveReceiptPdf(receipt(), pdf), qPrintable(service.message()));
        QCOMPARE(service.state(), PrintService::Done);
        QVERIFY(spy.count() >= 2); // printing, then done
        QVERIFY(QFileInfo(pdf).size() > 1000);

        const QString text = QString::fromUtf8(
            runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")}));
        QVERIFY(!text.isEmpty());
        QVERIFY2(text.contains(kMasked), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("办件回执")), qPrintable(text)); // Chinese text is real text
        QVERIFY(text.contains(kCaseNumber.right(8)));
        QVERIFY(!text.contains(kFullId));
        QVERIFY(!containsFullIdNumber(text));
        const QString info = QString::fromUtf8(runTool(QStringLiteral("pdfinfo"), {pdf}));
        const QRegularExpressionMatch pageLine =
            QRegularExpression(QStringLiteral("^Pages:\\s+(\\d+)$"), QRegularExpression::MultilineOption).match(info);
        QVERIFY2(pageLine.hasMatch(), qPrintable(info));
        QCOMPARE(pageLine.captured(1).toInt(), pages);

        const QString prefix = m_dir.filePath(format + QStringLiteral("-page"));
        runTool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("200"), QStringLiteral("-gray"),
                                             QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf, prefix});
        QImage page(prefix + QStringLiteral(".png"));
        QVERIFY2(!page.isNull(), "pdftoppm wrote no page");
        QVERIFY(page.save(screenshotDir() + QStringLiteral("/receipt-pdf-%1.png").arg(format)));
        verifyReceiptCode(page);
    }

    // What people look at: the receipt drawn on each paper, saved in the build tree.
    void screenshots_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("A4") << "a4";
        QTest::newRow("80 mm") << "thermal-80";
        QTest::newRow("58 mm") << "thermal-58";
    }

    void screenshots()
    {
        QFETCH(QString, format);
        const PageFormat paper = *PageFormat::byName(format);
        CaseReceiptData data =
            PrintService::receiptData(receipt(), QStringLiteral("示范县城关镇东村24小时自助政务服务驿站"));
        data.promisedBy = QDate(2026, 3, 20);
        const Result<PrintDocument> doc = caseReceipt(data);
        OW_VERIFY_OK(doc);
        // Thermal heads print 203 dots per inch; A4 is drawn as PDF files and CUPS jobs lay it out.
        const int dpi = paper.isRoll() ? 203 : DocumentPainter::kVectorDpi;
        const DocumentPainter painter(doc.value(), paper, dpi);
        QCOMPARE(painter.pageCount(), 1);
        const QImage image = painter.toImage();
        QCOMPARE(image.width(), qRound(paper.widthMm / 25.4 * dpi));
        QVERIFY(image.save(screenshotDir() + QStringLiteral("/receipt-%1.png").arg(format)));
        verifyReceiptCode(image);

        const Result<PrintDocument> notice =
            consentNotice({QStringLiteral("示范县城关镇东村24小时自助政务服务驿站"), data.itemName});
        OW_VERIFY_OK(notice);
        QVERIFY(DocumentPainter(notice.value(), paper, 150)
                    .toImage()
                    .save(screenshotDir() + QStringLiteral("/consent-%1.png").arg(format)));
    }

    // The receipt map as QML hands it back: the date may arrive as a JavaScript Date.
    void receiptMapFromQml()
    {
        QVariantMap r = receipt();
        const CaseReceiptData plain = PrintService::receiptData(r, QString());
        QCOMPARE(plain.submitted, QDate(2026, 3, 14));
        QCOMPARE(plain.applicantMasked, kMasked);
        QCOMPARE(plain.caseNumber, kCaseNumber);
        QCOMPARE(plain.promisedWorkingDays, 5);
        QCOMPARE(plain.receiptCode, m_receiptCode);
        r.insert(QStringLiteral("date"), QDateTime(QDate(2026, 3, 14), QTime(0, 0), QTimeZone::utc()));
        QCOMPARE(PrintService::receiptData(r, QString()).submitted, QDate(2026, 3, 14));
        r.insert(QStringLiteral("date"), QDateTime(QDate(2026, 3, 14), QTime(0, 0)));
        QCOMPARE(PrintService::receiptData(r, QString()).submitted, QDate(2026, 3, 14));
        r.insert(QStringLiteral("date"), QStringLiteral("2026-03-14"));
        QCOMPARE(PrintService::receiptData(r, QString()).submitted, QDate(2026, 3, 14));
        r.remove(QStringLiteral("item"));
        QCOMPARE(PrintService::receiptData(r, QString()).itemName, QStringLiteral("330122-HJ-0001"));
    }

    // The code on screen, for when paper fails: the same signed receipt, readable by our decoder.
    void codeOnScreen()
    {
        CodeView view;
        QVERIFY(!view.valid());
        QSignalSpy spy(&view, &CodeView::textChanged);
        QVERIFY(spy.isValid());
        view.setText(QString::fromUtf8(m_receiptCode));
        QCOMPARE(spy.count(), 1);
        QVERIFY(view.valid());
        QVERIFY(view.modules() > 21);
        view.setSize(QSizeF(300, 300));
        QImage image(300, 300, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        view.paint(&painter);
        painter.end();
        verifyReceiptCode(image);
        view.setText(QString());
        QVERIFY(!view.valid());
    }

    void consentNoticePdf()
    {
        PrintService service;
        service.setPageFormat(QStringLiteral("a4"));
        const QString pdf = m_dir.filePath(QStringLiteral("consent.pdf"));
        QVERIFY2(service.saveConsentNoticePdf(QStringLiteral("出生登记"), pdf), qPrintable(service.message()));
        const QString text = QString::fromUtf8(runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}));
        const QVariantList points = service.consentPoints(QStringLiteral("出生登记"));
        QCOMPARE(points.size(), 5);
        for (const QVariant &p : points)
            QVERIFY2(text.contains(p.toMap().value(QStringLiteral("title")).toString()), qPrintable(text));
    }

    // A full ID number given as the applicant: nothing is written, the person is told why.
    void fullIdNumberNeverReachesPaper()
    {
        PrintService service;
        QVariantMap r = receipt();
        r.insert(QStringLiteral("applicant"), kFullId);
        const QString pdf = m_dir.filePath(QStringLiteral("refused.pdf"));
        QVERIFY(!service.saveReceiptPdf(r, pdf));
        QCOMPARE(service.state(), PrintService::Failed);
        QVERIFY(service.message().contains(QStringLiteral("身份证号")) ||
                service.message().contains(QStringLiteral("证件号")));
        QVERIFY(!QFileInfo::exists(pdf));
    }

    void pdfThatCannotBeWritten()
    {
        PrintService service;
        const QVariantMap before = receipt();
        const QString pdf = m_dir.filePath(QStringLiteral("no-such-folder/receipt.pdf"));
        QVERIFY(!service.saveReceiptPdf(before, pdf));
        QCOMPARE(service.state(), PrintService::Failed);
        QVERIFY2(service.message().contains(QStringLiteral("PDF")), qPrintable(service.message()));
        QVERIFY(!QFileInfo::exists(pdf));
        QCOMPARE(receipt(), before);
    }

    // No printer set up: a translated failure, and the receipt is still the caller's to show.
    void noPrinterConfigured()
    {
        PrintService service;
        QVERIFY(!service.printerConfigured());
        const QVariantMap before = receipt();
        QVERIFY(!service.printReceipt(before));
        QCOMPARE(service.state(), PrintService::Failed);
        QCOMPARE(service.message(), QStringLiteral("这里没有设置打印机。"));
        QCOMPARE(receipt(), before);
        service.reset();
        QCOMPARE(service.state(), PrintService::Idle);
        QVERIFY(service.message().isEmpty());
    }

    // Printing is a plugin (PrinterBackend.h) loaded on the first print: when it is not installed
    // the person is told so, the log says which file, and the receipt stays theirs. Installed
    // later, it is found on the next print. (Runs before
    // the other tests that print: once loaded, the plugin stays.)
    void printerSupportMissing()
    {
        const QByteArray installed = qgetenv("OW_PLUGIN_DIR");
        QVERIFY2(QFileInfo::exists(QString::fromLocal8Bit(installed) + QStringLiteral("/libow_cups_printer.so")),
                 "the tests run with OW_PLUGIN_DIR set to the built plugin's folder");
        const QTemporaryDir empty;
        qputenv("OW_PLUGIN_DIR", empty.path().toLocal8Bit());
        PrintService service;
        service.setPrinterName(QStringLiteral("OneWindow-No-Such-Printer"));
        const QVariantMap before = receipt();
        QVERIFY(!service.printReceipt(before));
        qputenv("OW_PLUGIN_DIR", installed);
        QCOMPARE(service.state(), PrintService::Failed);
        QCOMPARE(service.message(), QStringLiteral("本机未安装打印功能，请联系工作人员。"));
        QCOMPARE(receipt(), before);
        // Installed: the next print reaches CUPS (which does not know this printer).
        QVERIFY(!service.printReceipt(before));
        QCOMPARE(service.message(), QStringLiteral("打印机未连接或未设置。"));
    }

    // A printer name CUPS does not know (unplugged, renamed): a translated failure, and printing
    // again after the set-up is fixed works on the same receipt.
    void unknownPrinter()
    {
        PrintService service;
        service.setPrinterName(QStringLiteral("OneWindow-No-Such-Printer"));
        QVERIFY(service.printerConfigured());
        const QVariantMap before = receipt();
        QVERIFY(!service.printReceipt(before));
        QCOMPARE(service.state(), PrintService::Failed);
        QCOMPARE(service.message(), QStringLiteral("打印机未连接或未设置。"));
        QCOMPARE(receipt(), before);
        // The same receipt as PDF instead: nothing was lost.
        QVERIFY(service.saveReceiptPdf(before, m_dir.filePath(QStringLiteral("again.pdf"))));
        QCOMPARE(service.state(), PrintService::Done);
    }
};

QTEST_MAIN(TestPrintRender)
#include "tst_printrender.moc"
