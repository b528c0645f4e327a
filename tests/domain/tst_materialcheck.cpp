// The window's record of how each material was received (paper original seen, e-licence reused,
// scan attached, 容缺 missing-but-accepted, 告知承诺 pledge): every incomplete record refused with
// a message naming the material, a scan judged by its content (a real PNG, a JPEG and a PDF
// header; a text file named like a picture refused; too large refused), and the state an
// application is accepted in.
#include "TestSupport.h"

#include "domain/MaterialCheck.h"

#include <QFile>
#include <QTest>

using namespace ow;

namespace {

const QDate kToday(2026, 3, 2);

QByteArray realPng()
{
    QFile f(test::sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png"));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

MaterialCheck material(MaterialReceipt receipt, bool required = true)
{
    MaterialCheck m;
    m.materialId = QStringLiteral("idCard");
    m.name = QStringLiteral("申请人居民身份证");
    m.required = required;
    m.receipt = receipt;
    return m;
}

} // namespace

class TestMaterialCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<MaterialCheck>("record");
        QTest::addColumn<bool>("ok");

        QTest::newRow("required, unchecked") << material(MaterialReceipt::Unchecked) << false;
        QTest::newRow("optional, unchecked") << material(MaterialReceipt::Unchecked, false) << true;
        QTest::newRow("paper original seen") << material(MaterialReceipt::PaperOriginalSeen) << true;

        MaterialCheck licence = material(MaterialReceipt::ELicenceReused);
        QTest::newRow("e-licence without number") << licence << false;
        licence.licenceNumber = QStringLiteral("34112520260001");
        QTest::newRow("e-licence") << licence << true;

        MaterialCheck scan = material(MaterialReceipt::ScanAttached);
        QTest::newRow("scan missing") << scan << false;
        scan.scan = realPng();
        QTest::newRow("scan png") << scan << true;
        scan.scan = QByteArray("\xff\xd8\xff\xe0", 4) + QByteArray(100, 'j');
        QTest::newRow("scan jpeg") << scan << true;
        scan.scan = QByteArray("%PDF-1.7\n") + QByteArray(100, 'p');
        QTest::newRow("scan pdf") << scan << true;
        scan.scan = QByteArray("this is a text file named scan.png\n");
        QTest::newRow("scan not a picture") << scan << false;
        scan.scan = QByteArray("%PDF-1.7\n") + QByteArray(materialChecks::MaxScanBytes, 'p');
        QTest::newRow("scan too large") << scan << false;

        MaterialCheck missing = material(MaterialReceipt::MissingAccepted);
        missing.pledgeSigned = true;
        QTest::newRow("容缺 without due date") << missing << false;
        missing.dueDate = kToday;
        QTest::newRow("容缺 due today") << missing << false;
        missing.dueDate = kToday.addDays(materialChecks::MaxDueDays + 1);
        QTest::newRow("容缺 due too late") << missing << false;
        missing.dueDate = kToday.addDays(10);
        QTest::newRow("容缺") << missing << true;
        missing.pledgeSigned = false;
        QTest::newRow("容缺 without pledge") << missing << false;

        MaterialCheck pledge = material(MaterialReceipt::Pledge);
        QTest::newRow("pledge not signed") << pledge << false;
        pledge.pledgeSigned = true;
        QTest::newRow("pledge") << pledge << true;
    }

    void check()
    {
        QFETCH(MaterialCheck, record);
        QFETCH(bool, ok);
        const Status s = materialChecks::check(record, kToday);
        QCOMPARE(s.ok(), ok);
        if (!ok) {
            QCOMPARE(s.error().code, ErrorCode::Invalid);
            QVERIFY2(s.error().userMessage.contains(record.name), qPrintable(s.error().userMessage));
            QVERIFY(s.error().logDetail.contains(record.materialId));
            QVERIFY(!s.error().logDetail.contains(record.name)); // the log names the material by its id only
        }
    }

    void scanKind()
    {
        QVERIFY(!realPng().isEmpty());
        QCOMPARE(materialChecks::scanKind(realPng()), QStringLiteral("png"));
        QCOMPARE(materialChecks::scanKind("GIF89a"), QString());
    }

    void acceptanceState()
    {
        MaterialCheck seen = material(MaterialReceipt::PaperOriginalSeen);
        MaterialCheck optional = material(MaterialReceipt::Unchecked, false);
        MaterialCheck pledge = material(MaterialReceipt::Pledge);
        pledge.pledgeSigned = true;
        MaterialCheck missing = material(MaterialReceipt::MissingAccepted);
        missing.pledgeSigned = true;
        missing.dueDate = kToday.addDays(5);

        auto state = materialChecks::acceptanceState({seen, optional}, kToday);
        OW_VERIFY_OK(state);
        QCOMPARE(*state, CaseState::Accepted);
        state = materialChecks::acceptanceState({seen, pledge}, kToday);
        OW_VERIFY_OK(state);
        QCOMPARE(*state, CaseState::AcceptedOnPledge);
        state = materialChecks::acceptanceState({seen, pledge, missing}, kToday);
        OW_VERIFY_OK(state);
        QCOMPARE(*state, CaseState::AcceptedPendingMaterials);

        // Every problem at once, one per line.
        MaterialCheck unchecked = material(MaterialReceipt::Unchecked);
        unchecked.name = QStringLiteral("居民户口簿");
        MaterialCheck unsigned_ = material(MaterialReceipt::Pledge);
        state = materialChecks::acceptanceState({seen, unchecked, unsigned_}, kToday);
        QVERIFY(!state.ok());
        QCOMPARE(state.error().userMessage.count(QLatin1Char('\n')), 1);
        QVERIFY(state.error().userMessage.contains(QStringLiteral("居民户口簿")));
    }
};

QTEST_GUILESS_MAIN(TestMaterialCheck)
#include "tst_materialcheck.moc"
