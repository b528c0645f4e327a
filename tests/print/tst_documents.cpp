// The documents OneWindow prints, as data: what each carries, in which language, and that a
// full ID number never gets onto paper whichever field it arrives in.
#include "print/Documents.h"
#include "print/PageFormat.h"
#include "print/PrintDocument.h"

#include "scan/BarcodeDecoder.h"

#include "TestSupport.h"
#include "Translations.h"

#include <QTest>
#include <QTimeZone>

using namespace ow;
using namespace ow::print;

namespace {

const QString kFullId = QStringLiteral("11010519491231002X");
const QString kMasked = QStringLiteral("110***********002X");
const QByteArray kReceiptCode = "OWR1|K3301220001|K3301220001-20260314-0042|20260314T100509Z|"
                                "MEUCIQDx3fakeSignatureForLayoutOnly_abcdefghijklmnopqrstuvwxyz0123456789";

CaseReceiptData receiptData()
{
    CaseReceiptData d;
    d.issuer = QStringLiteral("示范县城关镇东村24小时自助政务服务驿站");
    d.itemName = QStringLiteral("城乡居民基本医疗保险参保登记");
    d.applicantMasked = kMasked;
    d.caseNumber = QStringLiteral("K3301220001-20260314-0042");
    d.submitted = QDate(2026, 3, 14);
    d.promisedWorkingDays = 5;
    d.promisedBy = QDate(2026, 3, 20);
    d.receiptCode = kReceiptCode;
    return d;
}

// What the matrix says when drawn and read back by our own decoder.
QByteArray decodeMatrix(const ModuleMatrix &m)
{
    constexpr int px = 4;
    scan::GrayImage img(m.size() * px, m.size() * px, 255);
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            img.row(y)[x] = m.dark(x / px, y / px) ? 0 : 255;
    const auto decoded = scan::barcodeDecoder::decodeThorough(img);
    return decoded ? decoded->payload : QByteArray();
}

const Block *findRow(const PrintDocument &doc, const QString &label)
{
    for (const Block &b : doc.blocks)
        if (b.kind == BlockKind::Row && b.label == label)
            return &b;
    return nullptr;
}

QString rowText(const PrintDocument &doc, const QString &label)
{
    const Block *b = findRow(doc, label);
    return b ? b->text : QStringLiteral("<no row %1>").arg(label);
}

} // namespace

Q_DECLARE_METATYPE(ow::print::CaseReceiptData)

class TestPrintDocuments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("en")), "en"); }

    // A case a village helper filed for a principal: the receipt names the helper (代办人), the
    // helper's ID number masked; a full ID number there is refused like anywhere else.
    void receiptNamesTheHelper()
    {
        CaseReceiptData data = receiptData();
        data.agent = QStringLiteral("王芳（身份证 341***********0026，电话 13905501111）");
        const Result<PrintDocument> doc = caseReceipt(data);
        OW_VERIFY_OK(doc);
        QCOMPARE(rowText(*doc, QStringLiteral("Agent (village helper)")), data.agent);
        data.agent = QStringLiteral("王芳（身份证 341125198008080026）");
        QVERIFY(!caseReceipt(data).ok());
    }

    void receiptCarriesTheCase()
    {
        const Result<PrintDocument> doc = caseReceipt(receiptData());
        OW_VERIFY_OK(doc);
        QCOMPARE(doc->kind, QStringLiteral("case-receipt"));
        QCOMPARE(doc->issuer, receiptData().issuer);
        QCOMPARE(doc->blocks.first().kind, BlockKind::Title);
        QCOMPARE(doc->title(), QStringLiteral("Application receipt"));
        const Block *number = findRow(*doc, QStringLiteral("Case number"));
        QVERIFY(number);
        QVERIFY(number->prominent);
        QCOMPARE(number->text, QStringLiteral("K3301220001-20260314-0042"));
        QCOMPARE(rowText(*doc, QStringLiteral("Applicant")), kMasked);
        QCOMPARE(rowText(*doc, QStringLiteral("Submitted on")), QStringLiteral("2026-03-14"));
        QCOMPARE(rowText(*doc, QStringLiteral("Promised time")), QStringLiteral("5 working days"));
        QCOMPARE(rowText(*doc, QStringLiteral("Decision due by")), QStringLiteral("2026-03-20"));
        QVERIFY(doc->plainText().contains(QStringLiteral("What happens next")));
        QVERIFY(!findRow(*doc, QStringLiteral("Agent (village helper)"))); // no agent: no row

        int codes = 0;
        for (const Block &b : doc->blocks) {
            if (b.kind != BlockKind::Code)
                continue;
            ++codes;
            QVERIFY(!b.code.isNull());
            QVERIFY(!b.text.isEmpty());
            QCOMPARE(decodeMatrix(b.code), kReceiptCode);
        }
        QCOMPARE(codes, 1);
    }

    // The window's acceptance notice carries the citizen's signed receipt code when the desk is
    // enrolled (a kiosk looks the case up with it), none otherwise, and never a code of another kind.
    void acceptanceNoticeCarriesTheReceiptCode()
    {
        AcceptanceNoticeData d;
        d.itemName = QStringLiteral("高龄津贴申领");
        d.applicantMasked = kMasked;
        d.caseNumber = QStringLiteral("K3301220001-20260314-0042");
        d.accepted = QDate(2026, 3, 14);
        d.promisedWorkingDays = 5;
        d.receiptCode = kReceiptCode;
        auto doc = acceptanceNotice(d);
        OW_VERIFY_OK(doc);
        int codes = 0;
        for (const Block &b : doc->blocks) {
            if (b.kind != BlockKind::Code)
                continue;
            ++codes;
            QVERIFY(!b.text.isEmpty());
            QCOMPARE(decodeMatrix(b.code), kReceiptCode);
        }
        QCOMPARE(codes, 1);

        d.receiptCode.clear();
        doc = acceptanceNotice(d);
        OW_VERIFY_OK(doc);
        for (const Block &b : doc->blocks)
            QVERIFY(b.kind != BlockKind::Code);

        d.receiptCode = "OWP1|K1|D1|20260314T100509Z|sig"; // a pickup code is not a receipt
        doc = acceptanceNotice(d);
        QVERIFY(!doc.ok());
        QCOMPARE(doc.error().code, ErrorCode::Invalid);
    }

    // The window's materials receipt (材料接收凭证) lists every material with how it was received,
    // in English and in Chinese, and refuses a full ID number wherever it would be printed.
    void materialsReceiptListsEveryMaterial()
    {
        MaterialsReceiptData d;
        d.issuer = QStringLiteral("示范县政务服务中心 综合窗口3");
        d.itemName = QStringLiteral("高龄津贴申领");
        d.applicantMasked = kMasked;
        d.caseNumber = QStringLiteral("D-DESK-1-20260314-0007");
        d.received = QDate(2026, 3, 14);
        d.receivedBy = QStringLiteral("王芳");
        d.materials = {
            {QStringLiteral("申请人居民身份证"), true, MaterialReceipt::PaperOriginalSeen, {}, {}},
            {QStringLiteral("居民户口簿"), true, MaterialReceipt::ELicenceReused, QStringLiteral("HK-2026-0042"), {}},
            {QStringLiteral("银行卡"), true, MaterialReceipt::ScanAttached, {}, {}},
            {QStringLiteral("近期照片"), true, MaterialReceipt::MissingAccepted, {}, QDate(2026, 3, 28)},
            {QStringLiteral("无犯罪记录证明"), true, MaterialReceipt::Pledge, {}, {}},
            {QStringLiteral("委托书"), false, MaterialReceipt::Unchecked, {}, {}}};
        auto doc = materialsReceipt(d);
        OW_VERIFY_OK(doc);
        QCOMPARE(doc->kind, QStringLiteral("materials-receipt"));
        QCOMPARE(doc->title(), QStringLiteral("Materials receipt"));
        QCOMPARE(rowText(*doc, QStringLiteral("Case number")), d.caseNumber);
        QCOMPARE(rowText(*doc, QStringLiteral("Applicant")), kMasked);
        QCOMPARE(rowText(*doc, QStringLiteral("申请人居民身份证")), QStringLiteral("Paper original seen (原件已核验)"));
        QCOMPARE(rowText(*doc, QStringLiteral("居民户口簿")),
                 QStringLiteral("Electronic licence HK-2026-0042 reused (免证办)"));
        QCOMPARE(rowText(*doc, QStringLiteral("银行卡")), QStringLiteral("Scanned and kept with the case"));
        QCOMPARE(rowText(*doc, QStringLiteral("近期照片")),
                 QStringLiteral("Missing, accepted (容缺): bring it by 2026-03-28"));
        QCOMPARE(rowText(*doc, QStringLiteral("无犯罪记录证明")),
                 QStringLiteral("Replaced by your written pledge (告知承诺)"));
        QCOMPARE(rowText(*doc, QStringLiteral("委托书")), QStringLiteral("Not given (optional)"));
        // Nothing of the applicant but the masked number.
        for (const Block &b : doc->blocks) {
            QVERIFY(!b.text.contains(kFullId));
            QVERIFY(!b.label.contains(kFullId));
        }

        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), "zh_CN");
        const Result<PrintDocument> zh = materialsReceipt(d);
        installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
        OW_VERIFY_OK(zh);
        QCOMPARE(zh->title(), QStringLiteral("材料接收凭证"));
        QVERIFY(rowText(*zh, QStringLiteral("近期照片")).contains(QStringLiteral("2026-03-28")));
        QVERIFY(rowText(*zh, QStringLiteral("近期照片")).contains(QStringLiteral("容缺")));

        // A full ID number in any printed field, or no case or no material: refused.
        MaterialsReceiptData bad = d;
        bad.applicantMasked = kFullId;
        QCOMPARE(materialsReceipt(bad).error().code, ErrorCode::Invalid);
        bad = d;
        bad.materials[1].licenceNumber = kFullId;
        QCOMPARE(materialsReceipt(bad).error().code, ErrorCode::Invalid);
        bad = d;
        bad.caseNumber.clear();
        QCOMPARE(materialsReceipt(bad).error().code, ErrorCode::Invalid);
        bad = d;
        bad.materials.clear();
        QCOMPARE(materialsReceipt(bad).error().code, ErrorCode::Invalid);
    }

    // The window's refusal notice (不予受理通知书, Administrative Licensing Law art. 32): the
    // reason in the clerk's words and the applicant's rights to administrative reconsideration and
    // to an administrative suit, in English and in Chinese; the case number when there is one; a
    // full ID number anywhere, or no reason, refused.
    void refusalNoticeStatesTheReasonAndTheRights()
    {
        RefusalNoticeData d;
        d.issuer = QStringLiteral("示范县政务服务中心 综合窗口3");
        d.itemName = QStringLiteral("高龄津贴申领");
        d.department = QStringLiteral("示范县民政局");
        d.applicantMasked = kMasked;
        d.caseNumber = QStringLiteral("D-DESK-1-20260314-0008");
        d.refused = QDate(2026, 3, 14);
        d.reason = QStringLiteral("申请人未满八十周岁，不属于本事项受理范围。");
        d.refusedBy = QStringLiteral("王芳");
        auto doc = refusalNotice(d);
        OW_VERIFY_OK(doc);
        QCOMPARE(doc->kind, QStringLiteral("refusal-notice"));
        QCOMPARE(doc->title(), QStringLiteral("Notice of refusal to accept an application"));
        QCOMPARE(doc->issuer, d.issuer);
        QCOMPARE(rowText(*doc, QStringLiteral("Case number")), d.caseNumber);
        QCOMPARE(rowText(*doc, QStringLiteral("Service")), d.itemName);
        QCOMPARE(rowText(*doc, QStringLiteral("Department")), d.department);
        QCOMPARE(rowText(*doc, QStringLiteral("Applicant")), kMasked);
        QCOMPARE(rowText(*doc, QStringLiteral("Decided on")), QStringLiteral("2026-03-14"));
        QCOMPARE(rowText(*doc, QStringLiteral("Handled by")), d.refusedBy);
        const QString text = doc->plainText();
        QVERIFY(text.contains(d.reason));
        QVERIFY(text.contains(QStringLiteral("administrative reconsideration")));
        QVERIFY(text.contains(QStringLiteral("administrative suit")));
        QVERIFY(!text.contains(kFullId));

        // Refused before it became a case: no case number row.
        RefusalNoticeData noCase = d;
        noCase.caseNumber.clear();
        doc = refusalNotice(noCase);
        OW_VERIFY_OK(doc);
        QVERIFY(!findRow(*doc, QStringLiteral("Case number")));

        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), "zh_CN");
        const Result<PrintDocument> zh = refusalNotice(d);
        installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
        OW_VERIFY_OK(zh);
        QCOMPARE(zh->title(), QStringLiteral("不予受理通知书"));
        QVERIFY(zh->plainText().contains(d.reason));
        QVERIFY2(zh->plainText().contains(QStringLiteral("行政复议")), qPrintable(zh->plainText()));
        QVERIFY(zh->plainText().contains(QStringLiteral("行政诉讼")));

        // A full ID number in the applicant, the reason or the clerk's name; no reason: refused.
        RefusalNoticeData bad = d;
        bad.applicantMasked = kFullId;
        QCOMPARE(refusalNotice(bad).error().code, ErrorCode::Invalid);
        bad = d;
        bad.reason = QStringLiteral("身份证号 %1 与户口簿不符").arg(kFullId);
        QCOMPARE(refusalNotice(bad).error().code, ErrorCode::Invalid);
        bad = d;
        bad.refusedBy = kFullId;
        QCOMPARE(refusalNotice(bad).error().code, ErrorCode::Invalid);
        bad = d;
        bad.reason = QStringLiteral("   ");
        QCOMPARE(refusalNotice(bad).error().code, ErrorCode::Invalid);
    }

    void receiptOnTheSpotAndWithoutCode()
    {
        CaseReceiptData d = receiptData();
        d.onTheSpot = true;
        d.receiptCode.clear();
        d.nextSteps = QStringLiteral("Collect it at window 3.");
        const Result<PrintDocument> doc = caseReceipt(d);
        OW_VERIFY_OK(doc);
        QCOMPARE(rowText(*doc, QStringLiteral("Promised time")), QStringLiteral("On the spot"));
        QVERIFY(!findRow(*doc, QStringLiteral("Decision due by")));
        QVERIFY(doc->plainText().contains(QStringLiteral("Collect it at window 3.")));
        QVERIFY(doc->plainText().contains(QStringLiteral("no signed code yet")));
        for (const Block &b : doc->blocks)
            QVERIFY(b.kind != BlockKind::Code);
    }

    void receiptInChinese()
    {
        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), "zh_CN");
        const Result<PrintDocument> doc = caseReceipt(receiptData());
        installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
        OW_VERIFY_OK(doc);
        QCOMPARE(doc->title(), QStringLiteral("办件回执"));
        QVERIFY(findRow(*doc, QStringLiteral("办件编号")));
        QCOMPARE(rowText(*doc, QStringLiteral("承诺办结时限")), QStringLiteral("5 个工作日"));
    }

    void receiptRefusesBadInput_data()
    {
        QTest::addColumn<CaseReceiptData>("data");
        CaseReceiptData d = receiptData();
        d.applicantMasked = kFullId;
        QTest::newRow("full ID as the applicant") << d;
        d = receiptData();
        d.applicantMasked = QStringLiteral("11010519491231002x");
        QTest::newRow("full ID, lower-case x") << d;
        d = receiptData();
        d.applicantMasked = QStringLiteral("110105194912310021");
        QTest::newRow("full ID with a wrong check digit") << d;
        d = receiptData();
        d.itemName = QStringLiteral("户口迁移（") + kFullId + QStringLiteral("）");
        QTest::newRow("full ID in the item name") << d;
        d = receiptData();
        d.nextSteps = QStringLiteral("Ref 99") + kFullId;
        QTest::newRow("full ID glued to other digits") << d;
        d = receiptData();
        d.issuer = QStringLiteral("Kiosk ") + kFullId;
        QTest::newRow("full ID in the issuer") << d;
        d = receiptData();
        d.receiptCode = "OWR1|K1|" + kFullId.toLatin1() + "|20260314T100509Z|sig";
        QTest::newRow("full ID in the code") << d;
        d = receiptData();
        d.receiptCode = "OWP1|K1|D1|20260314T100509Z|sig";
        QTest::newRow("a pickup code as receipt code") << d;
        d = receiptData();
        d.caseNumber = QStringLiteral("  ");
        QTest::newRow("no case number") << d;
    }

    void receiptRefusesBadInput()
    {
        QFETCH(CaseReceiptData, data);
        const Result<PrintDocument> doc = caseReceipt(data);
        QVERIFY(!doc.ok());
        QCOMPARE(doc.error().code, ErrorCode::Invalid);
        QVERIFY(!doc.error().userMessage.isEmpty());
        QVERIFY(!doc.error().logDetail.contains(kFullId));
    }

    void idNumberDetection_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("found");
        QTest::newRow("masked") << kMasked << false;
        QTest::newRow("full") << kFullId << true;
        QTest::newRow("full in a sentence") << QStringLiteral("身份证号") + kFullId + QStringLiteral("。") << true;
        QTest::newRow("case number") << QStringLiteral("K3301220001-20260314-0042") << false;
        QTest::newRow("17 digits") << QStringLiteral("11010519491231002") << false;
        QTest::newRow("18 digits, no birth date") << QStringLiteral("123456789012345678") << false;
        QTest::newRow("inside 20 digits") << QStringLiteral("7") + kFullId.left(17) + QStringLiteral("X9") << true;
        QTest::newRow("full-width digits") << QStringLiteral("１１０１０５１９４９１２３１００２Ｘ") << true;
    }

    void idNumberDetection()
    {
        QFETCH(QString, text);
        QFETCH(bool, found);
        QCOMPARE(containsFullIdNumber(text), found);
    }

    void pickupSlip()
    {
        PickupSlipData d;
        d.itemName = QStringLiteral("Birth registration");
        d.pickupCode = "OWP1|K3301220001|D-7731|20260321T100000Z|c2lnbmF0dXJl";
        d.shortCode = QStringLiteral("7731-4420");
        d.validUntil = QDateTime(QDate(2026, 3, 21), QTime(10, 0), QTimeZone::utc());
        const Result<PrintDocument> doc = print::pickupSlip(d);
        OW_VERIFY_OK(doc);
        QCOMPARE(doc->issuer, QStringLiteral("OneWindow government services"));
        const Block *code = findRow(*doc, QStringLiteral("Pickup code"));
        QVERIFY(code && code->prominent);
        QCOMPARE(code->text, QStringLiteral("7731-4420"));
        QVERIFY(findRow(*doc, QStringLiteral("Valid until")));
        bool hasCode = false;
        for (const Block &b : doc->blocks)
            if (b.kind == BlockKind::Code) {
                hasCode = true;
                QCOMPARE(decodeMatrix(b.code), d.pickupCode);
            }
        QVERIFY(hasCode);

        d.pickupCode = kReceiptCode;
        QVERIFY(!print::pickupSlip(d).ok());
    }

    void consentNoticeHasEveryPoint()
    {
        const QList<NoticePoint> points = consentPoints(QStringLiteral("Birth registration"));
        QCOMPARE(points.size(), 5);
        QVERIFY(points.at(1).body.contains(QStringLiteral("Birth registration")));
        QCOMPARE(points.last().title, QStringLiteral("Your rights"));
        const Result<PrintDocument> doc = consentNotice({QString(), QStringLiteral("Birth registration")});
        OW_VERIFY_OK(doc);
        QCOMPARE(doc->title(), QStringLiteral("How your personal information is used"));
        for (const NoticePoint &p : points) {
            QVERIFY(doc->plainText().contains(p.title));
            QVERIFY(doc->plainText().contains(p.body));
        }
    }

    void pageFormats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("width");
        QTest::addColumn<bool>("roll");
        QTest::newRow("A4") << "a4" << 210.0 << false;
        QTest::newRow("80 mm") << "thermal-80" << 80.0 << true;
        QTest::newRow("58 mm") << "thermal-58" << 58.0 << true;
    }

    void pageFormats()
    {
        QFETCH(QString, name);
        QFETCH(double, width);
        QFETCH(bool, roll);
        const std::optional<PageFormat> f = PageFormat::byName(name);
        QVERIFY(f);
        QCOMPARE(f->name, name);
        QCOMPARE(f->widthMm, width);
        QCOMPARE(f->isRoll(), roll);
        QCOMPARE(f->monochrome, roll);
        QVERIFY(f->contentWidthMm() > 40);
        // The code fits the paper, is large enough to photograph, and the case number stands out.
        QVERIFY(f->codeSideMm <= f->contentWidthMm());
        QVERIFY(f->codeSideMm >= 35);
        QVERIFY(f->prominentPt > f->bodyPt);
        QVERIFY(f->titlePt > f->subtitlePt && f->subtitlePt > f->bodyPt && f->bodyPt > f->smallPt);
        QVERIFY(f->smallPt >= 6);
    }

    void pageFormatNames()
    {
        QCOMPARE(PageFormat::all().size(), 3);
        QCOMPARE(PageFormat::byName(QStringLiteral("80mm"))->paper, PageFormat::Paper::Thermal80);
        QCOMPARE(PageFormat::byName(QStringLiteral(" 58MM "))->paper, PageFormat::Paper::Thermal58);
        QVERIFY(!PageFormat::byName(QStringLiteral("letter")));
    }
};

QTEST_GUILESS_MAIN(TestPrintDocuments)
#include "tst_documents.moc"
