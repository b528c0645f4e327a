#include "catalog/Expression.h"

#include <QHash>
#include <QJsonValue>
#include <QTest>

using namespace ow;
using namespace ow::expr;

namespace {

// A small synthetic item's symbols: the shapes the catalog uses.
SymbolTable symbols()
{
    SymbolTable t;
    auto add = [&](const char *id, FieldType type, const char *group = "main", bool repeated = false,
                   QStringList options = {}) {
        t.fields.insert(QString::fromLatin1(id), Symbol{type, QString::fromLatin1(group), repeated, options});
    };
    add("applyByAgent", FieldType::YesNo);
    add("applicantIdNumber", FieldType::IdNumber);
    add("maritalStatus", FieldType::Choice, "main", false, {QStringLiteral("single"), QStringLiteral("married")});
    add("reasons", FieldType::MultiChoice, "main", false, {QStringLiteral("illness"), QStringLiteral("other")});
    add("income", FieldType::Money);
    add("moveDate", FieldType::Date);
    add("photo", FieldType::Attachment);
    add("name", FieldType::Text);
    add("memberHealth", FieldType::Choice, "members", true, {QStringLiteral("healthy"), QStringLiteral("disabled")});
    add("memberName", FieldType::Text, "members", true);
    t.repeatGroups.insert(QStringLiteral("members"));
    return t;
}

class MapScope : public Scope
{
public:
    QHash<QString, Value> values;
    int members = 0;
    QDate day = QDate(2026, 11, 25);
    Value value(const QString &group, const QString &field) const override
    {
        return values.value(group.isEmpty() ? field : group + QLatin1Char('.') + field);
    }
    int rowCount(const QString &) const override { return members; }
    QDate today() const override { return day; }
};

Value v(const QVariant &x)
{
    Value out;
    switch (x.typeId()) {
    case QMetaType::Bool:
        out.data = x.toBool();
        break;
    case QMetaType::Int:
    case QMetaType::Double:
        out.data = x.toDouble();
        break;
    case QMetaType::QDate:
        out.data = x.toDate();
        break;
    case QMetaType::QStringList:
        out.data = x.toStringList();
        break;
    default:
        out.data = x.toString();
    }
    return out;
}

} // namespace

class TestExpression : public QObject
{
    Q_OBJECT

    SymbolTable m_symbols = symbols();

private Q_SLOTS:
    void rejected_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("rowGroup");
        QTest::addColumn<QString>("expect");
        QTest::newRow("empty") << ""
                               << ""
                               << "expected a value";
        QTest::newRow("dangling operator") << "applyByAgent =="
                                           << ""
                                           << "column 16";
        QTest::newRow("unknown field") << "nobody == true"
                                       << ""
                                       << "no field";
        QTest::newRow("type mismatch") << "applyByAgent == \"yes\""
                                       << ""
                                       << "cannot compare";
        QTest::newRow("chained") << "income < 1 < 2"
                                 << ""
                                 << "chained";
        QTest::newRow("ordering on text") << "name < \"b\""
                                          << ""
                                          << "two numbers or two dates";
        QTest::newRow("misspelt option") << "maritalStatus == \"maried\""
                                         << ""
                                         << "not an option";
        QTest::newRow("misspelt option in list") << "maritalStatus in [\"single\", \"widow\"]"
                                                 << ""
                                                 << "not an option";
        QTest::newRow("misspelt multi option") << "\"ilness\" in reasons"
                                               << ""
                                               << "not an option";
        QTest::newRow("in on non-list field") << "\"x\" in name"
                                              << ""
                                              << "multiple-choice";
        QTest::newRow("mixed list") << "income in [1, \"2\"]"
                                    << ""
                                    << "the list holds";
        QTest::newRow("list compare") << "reasons == reasons"
                                      << ""
                                      << "cannot be compared";
        QTest::newRow("attachment compare") << "photo == photo"
                                            << ""
                                            << "cannot be compared";
        QTest::newRow("and on number") << "income and applyByAgent"
                                       << ""
                                       << "yes/no operands";
        QTest::newRow("not a condition") << "income"
                                         << ""
                                         << "must be yes/no";
        QTest::newRow("age of text") << "age(name) > 3"
                                     << ""
                                     << "ID number";
        QTest::newRow("count of plain group") << "count(main) > 1"
                                              << ""
                                              << "not a repeatable group";
        QTest::newRow("row ref outside group") << "members.memberHealth == \"healthy\""
                                               << ""
                                               << "repeatable group members";
        QTest::newRow("plain ref to row field") << "memberHealth == \"healthy\""
                                                << "members"
                                                << "inside the repeatable";
        QTest::newRow("bad date") << "moveDate > date(\"2026-02-30\")"
                                  << ""
                                  << "not a real date";
        QTest::newRow("unclosed string") << "name == \"abc"
                                         << ""
                                         << "not closed";
        QTest::newRow("bad escape") << "name == \"a\\nb\""
                                    << ""
                                    << "escaped";
        QTest::newRow("single equals") << "name = \"a\""
                                       << ""
                                       << "not an operator";
        QTest::newRow("trailing") << "applyByAgent == true)"
                                  << ""
                                  << "after the end";
        QTest::newRow("reserved as field") << "isSet == true"
                                           << ""
                                           << "expected";
        QTest::newRow("stray character") << "income > 1 & true"
                                         << ""
                                         << "unexpected character";
    }

    void rejected()
    {
        QFETCH(QString, text);
        QFETCH(QString, rowGroup);
        QFETCH(QString, expect);
        auto c = compile(text, Context{&m_symbols, rowGroup});
        QVERIFY(!c.ok());
        QVERIFY2(c.error().userMessage.contains(expect), qPrintable(c.error().userMessage));
    }

    void evaluates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariantMap>("values");
        QTest::addColumn<int>("members");
        QTest::addColumn<bool>("expected");
        const QVariantMap none;
        QTest::newRow("unset != true") << "applyByAgent != true" << none << 0 << true;
        QTest::newRow("unset == true") << "applyByAgent == true" << none << 0 << false;
        QTest::newRow("set true") << "applyByAgent == true" << QVariantMap{{"applyByAgent", true}} << 0 << true;
        QTest::newRow("age 80 on birthday")
            << "age(applicantIdNumber) >= 80" << QVariantMap{{"applicantIdNumber", "110105194611250019"}} << 0 << true;
        QTest::newRow("age 79 day before")
            << "age(applicantIdNumber) >= 80" << QVariantMap{{"applicantIdNumber", "110105194611260014"}} << 0 << false;
        QTest::newRow("age of invalid id is unset")
            << "age(applicantIdNumber) < 200" << QVariantMap{{"applicantIdNumber", "110105194611260013"}} << 0 << false;
        QTest::newRow("ordering unset") << "income > 0" << none << 0 << false;
        QTest::newRow("money") << "income > 1000.5" << QVariantMap{{"income", 1000.75}} << 0 << true;
        QTest::newRow("in list") << "maritalStatus in [\"single\", \"married\"]"
                                 << QVariantMap{{"maritalStatus", "married"}} << 0 << true;
        QTest::newRow("in list unset") << "maritalStatus in [\"single\"]" << none << 0 << false;
        QTest::newRow("multi contains") << "\"other\" in reasons"
                                        << QVariantMap{{"reasons", QStringList{"illness", "other"}}} << 0 << true;
        QTest::newRow("multi lacks") << "\"other\" in reasons" << QVariantMap{{"reasons", QStringList{"illness"}}} << 0
                                     << false;
        QTest::newRow("not binds looser than ==")
            << "not maritalStatus == \"single\"" << QVariantMap{{"maritalStatus", "married"}} << 0 << true;
        QTest::newRow("and/or precedence") << "applyByAgent == true or income > 5 and income < 3"
                                           << QVariantMap{{"applyByAgent", true}, {"income", 10}} << 0 << true;
        QTest::newRow("parentheses") << "(applyByAgent == true or income > 5) and income < 3"
                                     << QVariantMap{{"applyByAgent", true}, {"income", 10}} << 0 << false;
        QTest::newRow("count") << "count(members) >= 2" << none << 2 << true;
        QTest::newRow("isSet") << "isSet(photo)" << QVariantMap{{"photo", QStringList{"set"}}} << 0 << true;
        QTest::newRow("isSet unset") << "isSet(name)" << none << 0 << false;
        QTest::newRow("date vs today") << "moveDate <= today()" << QVariantMap{{"moveDate", QDate(2026, 11, 25)}} << 0
                                       << true;
        QTest::newRow("date literal") << "moveDate < date(\"2026-01-01\")"
                                      << QVariantMap{{"moveDate", QDate(2025, 12, 31)}} << 0 << true;
        QTest::newRow("negative literal") << "income > -1" << QVariantMap{{"income", 0}} << 0 << true;
        QTest::newRow("unset == unset") << "name == name" << none << 0 << true;
    }

    void evaluates()
    {
        QFETCH(QString, text);
        QFETCH(QVariantMap, values);
        QFETCH(int, members);
        QFETCH(bool, expected);
        auto c = compile(text, Context{&m_symbols, QString()});
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().userMessage));
        MapScope scope;
        scope.members = members;
        for (auto it = values.begin(); it != values.end(); ++it)
            scope.values.insert(it.key(), v(it.value()));
        QCOMPARE(holds(*c, scope), expected);
    }

    void rowReferences()
    {
        auto c = compile(QStringLiteral("members.memberHealth == \"disabled\""),
                         Context{&m_symbols, QStringLiteral("members")});
        QVERIFY(c.ok());
        MapScope scope;
        scope.values.insert(QStringLiteral("members.memberHealth"), v(QStringLiteral("disabled")));
        QVERIFY(holds(*c, scope));
        QCOMPARE(references(**c), QStringList{QStringLiteral("members.memberHealth")});
    }

    void leapDayBirthdays()
    {
        QCOMPARE(ageOn(QDate(2000, 2, 29), QDate(2026, 2, 28)), 25);
        QCOMPARE(ageOn(QDate(2000, 2, 29), QDate(2026, 3, 1)), 26);
        QCOMPARE(ageOn(QDate(2000, 2, 29), QDate(2028, 2, 29)), 28);
    }

    void deepNestingIsBounded()
    {
        auto nested = [](int depth) {
            return QString(depth, u'(') + QStringLiteral("applyByAgent == true") + QString(depth, u')');
        };
        QVERIFY(compile(nested(50), Context{&m_symbols, QString()}).ok());
        auto deep = compile(nested(500), Context{&m_symbols, QString()});
        QVERIFY(!deep.ok());
        QVERIFY(deep.error().userMessage.contains(QStringLiteral("deeply")));
        QVERIFY(!compile(nested(100000), Context{&m_symbols, QString()}).ok());
        auto nots = compile(QStringLiteral("not ").repeated(100000) + QStringLiteral("applyByAgent"),
                            Context{&m_symbols, QString()});
        QVERIFY(!nots.ok());
    }
};

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
