#include "TestSupport.h"

#include "catalog/FieldRules.h"
#include "catalog/RegionTable.h"
#include "domain/Uscc.h"

#include <QJsonArray>
#include <QTest>

using namespace ow;

namespace {

QJsonValue J(const char *utf8)
{
    return QJsonValue(QString::fromUtf8(utf8));
}

Field field(FieldType type)
{
    Field f;
    f.id = QStringLiteral("x");
    f.type = type;
    if (type == FieldType::Choice || type == FieldType::MultiChoice)
        f.options = {{QStringLiteral("a"), {}}, {QStringLiteral("b"), {}}};
    if (type == FieldType::Attachment) {
        f.minCount = 1;
        f.maxCount = 2;
    }
    return f;
}

} // namespace

class TestFieldRules : public QObject
{
    Q_OBJECT

    RegionTable m_regions;
    FieldCheckContext ctx() const { return FieldCheckContext{&m_regions, QDate(2026, 11, 25)}; }

private Q_SLOTS:
    void initTestCase()
    {
        auto r = RegionTable::load(test::sourceDir() + QStringLiteral("/forms/regions/regions.json"));
        QVERIFY(r.ok());
        m_regions = *r;
    }

    void values_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<bool>("valid");
        const auto T = [](FieldType t) { return static_cast<int>(t); };
        // Resident ID numbers
        QTest::newRow("id ok") << T(FieldType::IdNumber) << J("11010519491231002X") << true;
        QTest::newRow("id lower x") << T(FieldType::IdNumber) << J("11010519491231002x") << true;
        QTest::newRow("id check digit") << T(FieldType::IdNumber) << J("110105194912310021") << false;
        QTest::newRow("id impossible date") << T(FieldType::IdNumber) << J("110105194902300020") << false;
        QTest::newRow("id future") << T(FieldType::IdNumber) << J("110105202701010012") << false;
        QTest::newRow("id unknown region")
            << T(FieldType::IdNumber) << QJsonValue(test::idWithCheckDigit(QStringLiteral("99010519491231002")))
            << false;
        QTest::newRow("id retired county, known city")
            << T(FieldType::IdNumber) << QJsonValue(test::idWithCheckDigit(QStringLiteral("34119919491231002")))
            << true;
        QTest::newRow("id short") << T(FieldType::IdNumber) << J("1101051949") << false;
        // Unified social credit codes
        QTest::newRow("uscc ok") << T(FieldType::Uscc) << J("91350100M000100Y43") << true;
        QTest::newRow("uscc lower case") << T(FieldType::Uscc) << J("91350100m000100y43") << true;
        QTest::newRow("uscc bad check") << T(FieldType::Uscc) << J("91350100M000100Y44") << false;
        QTest::newRow("uscc letter I") << T(FieldType::Uscc) << J("91350100I000100Y43") << false;
        QTest::newRow("uscc short") << T(FieldType::Uscc) << J("91350100M000100Y4") << false;
        // Mobile
        QTest::newRow("mobile ok") << T(FieldType::Mobile) << J("13800138000") << true;
        QTest::newRow("mobile spaces") << T(FieldType::Mobile) << J("138 0013 8000") << true;
        QTest::newRow("mobile landline") << T(FieldType::Mobile) << J("05508012345") << false;
        QTest::newRow("mobile 12 digits") << T(FieldType::Mobile) << J("138001380001") << false;
        // Region
        QTest::newRow("region county") << T(FieldType::Region) << J("341125") << true;
        QTest::newRow("region province") << T(FieldType::Region) << J("340000") << false;
        QTest::newRow("region unknown") << T(FieldType::Region) << J("349999") << false;
        QTest::newRow("region city without counties") << T(FieldType::Region) << J("441900") << true;
        // Bank card
        QTest::newRow("bank card") << T(FieldType::BankCard) << J("6222 0212 3456 7890 128") << true;
        QTest::newRow("bank card wrong Luhn digit") << T(FieldType::BankCard) << J("6222021234567890123") << false;
        QTest::newRow("passbook account, 20 digits, no Luhn")
            << T(FieldType::BankCard) << J("12345678901234567890") << true;
        QTest::newRow("passbook account, 14 digits") << T(FieldType::BankCard) << J("34112500012345") << true;
        QTest::newRow("bank card letters") << T(FieldType::BankCard) << J("6222A21234567890") << false;
        QTest::newRow("bank card short") << T(FieldType::BankCard) << J("62220212345") << false;
        // Numbers, money, dates
        QTest::newRow("integer") << T(FieldType::Number) << QJsonValue(3) << true;
        QTest::newRow("fraction for integer") << T(FieldType::Number) << QJsonValue(3.5) << false;
        QTest::newRow("money cents") << T(FieldType::Money) << QJsonValue(12.34) << true;
        QTest::newRow("money mills") << T(FieldType::Money) << QJsonValue(12.345) << false;
        QTest::newRow("number as text") << T(FieldType::Number) << J("3") << false;
        QTest::newRow("date ok") << T(FieldType::Date) << J("2024-02-29") << true;
        QTest::newRow("date impossible") << T(FieldType::Date) << J("2025-02-29") << false;
        QTest::newRow("date format") << T(FieldType::Date) << J("2025/01/01") << false;
        // Choices
        QTest::newRow("choice ok") << T(FieldType::Choice) << J("a") << true;
        QTest::newRow("choice unknown") << T(FieldType::Choice) << J("c") << false;
        QTest::newRow("multi ok") << T(FieldType::MultiChoice) << QJsonValue(QJsonArray{J("a"), J("b")}) << true;
        QTest::newRow("multi duplicate") << T(FieldType::MultiChoice) << QJsonValue(QJsonArray{J("a"), J("a")})
                                         << false;
        QTest::newRow("yes/no text") << T(FieldType::YesNo) << J("yes") << false;
        QTest::newRow("yes/no ok") << T(FieldType::YesNo) << QJsonValue(false) << true;
        // Text
        QTest::newRow("text too long") << T(FieldType::Text) << QJsonValue(QString(101, u'字')) << false;
        QTest::newRow("text 100 chars") << T(FieldType::Text) << QJsonValue(QString(100, u'字')) << true;
        QTest::newRow("address 200") << T(FieldType::Address) << QJsonValue(QString(200, u'路')) << true;
        // Attachments
        QTest::newRow("attachments ok") << T(FieldType::Attachment) << QJsonValue(QJsonArray{J("ref1"), J("ref2")})
                                        << true;
        QTest::newRow("attachments too many")
            << T(FieldType::Attachment) << QJsonValue(QJsonArray{J("1"), J("2"), J("3")}) << false;
    }

    void values()
    {
        QFETCH(int, type);
        QFETCH(QJsonValue, value);
        QFETCH(bool, valid);
        const Field f = field(static_cast<FieldType>(type));
        const QString problem = fieldRules::check(f, value, ctx());
        QVERIFY2(problem.isEmpty() == valid, qPrintable(problem));
    }

    void patternAndLength()
    {
        Field f = field(FieldType::Text);
        f.pattern = QStringLiteral("^[0-9]{6}$");
        f.minLength = 6;
        QVERIFY(fieldRules::check(f, J("123456"), ctx()).isEmpty());
        QVERIFY(!fieldRules::check(f, J("12345a"), ctx()).isEmpty());
        QVERIFY(!fieldRules::check(f, J("1234567"), ctx()).isEmpty());
        QVERIFY(!fieldRules::check(f, J("12345"), ctx()).isEmpty());
    }

    void usccCheckCharacter()
    {
        QCOMPARE(uscc::checkCharacter(u"91350100M000100Y4"), QChar(u'3'));
        QVERIFY(uscc::checkCharacter(u"9135010OM000100Y4").isNull()); // O is not in the alphabet
    }

    void masking()
    {
        QCOMPARE(fieldRules::displayText(field(FieldType::IdNumber), J("11010519491231002x"), {}),
                 QStringLiteral("110***********002X"));
        QCOMPARE(fieldRules::displayText(field(FieldType::Mobile), J("13800138000"), {}),
                 QStringLiteral("138****8000"));
        QCOMPARE(fieldRules::displayText(field(FieldType::BankCard), J("6222021234567890128"), {}),
                 QStringLiteral("***************0128"));
    }

    void normalisation()
    {
        QCOMPARE(fieldRules::normalized(field(FieldType::IdNumber), J(" 11010519491231002x ")).toString(),
                 QStringLiteral("11010519491231002X"));
        QCOMPARE(fieldRules::normalized(field(FieldType::BankCard), J("6222 0212")).toString(),
                 QStringLiteral("62220212"));
        QVERIFY(fieldRules::isEmpty(field(FieldType::Text), J("   ")));
        QVERIFY(fieldRules::isEmpty(field(FieldType::MultiChoice), QJsonValue(QJsonArray())));
    }
};

QTEST_GUILESS_MAIN(TestFieldRules)
#include "tst_fieldrules.moc"
