// The condition language: parse, type-check and evaluate arbitrary text. The symbols cover every
// field type, a repeatable group and choice options; evaluation reads values derived from the
// input too, so both the compiler and the evaluator see hostile data.
#include "catalog/Expression.h"

#include <cstddef>
#include <cstdint>

using namespace ow;
using namespace ow::expr;

namespace {

SymbolTable makeSymbols()
{
    SymbolTable t;
    auto add = [&](const char *id, FieldType type, const char *group, bool repeated, QStringList options = {}) {
        t.fields.insert(QString::fromLatin1(id), Symbol{type, QString::fromLatin1(group), repeated, options});
    };
    add("applyByAgent", FieldType::YesNo, "applicant", false);
    add("applicantIdNumber", FieldType::IdNumber, "applicant", false);
    add("maritalStatus", FieldType::Choice, "applicant", false, {QStringLiteral("single"), QStringLiteral("married")});
    add("reasons", FieldType::MultiChoice, "household", false, {QStringLiteral("illness"), QStringLiteral("other")});
    add("income", FieldType::Money, "household", false);
    add("members", FieldType::Number, "household", false);
    add("moveDate", FieldType::Date, "household", false);
    add("photo", FieldType::Attachment, "household", false);
    add("name", FieldType::Text, "applicant", false);
    add("memberHealth", FieldType::Choice, "rows", true, {QStringLiteral("healthy"), QStringLiteral("disabled")});
    add("memberAge", FieldType::Number, "rows", true);
    t.repeatGroups.insert(QStringLiteral("rows"));
    return t;
}

class FuzzScope : public Scope
{
public:
    explicit FuzzScope(const QByteArray &seed)
        : m_seed(seed)
    {}
    Value value(const QString &group, const QString &field) const override
    {
        Value v;
        const int pick = (qHash(group + field) ^ static_cast<uint>(m_seed.size())) % 5;
        switch (pick) {
        case 0:
            break; // unset
        case 1:
            v.data = static_cast<double>(m_seed.size() % 97);
            break;
        case 2:
            v.data = QString::fromUtf8(m_seed.left(20));
            break;
        case 3:
            v.data = m_seed.size() % 2 == 0;
            break;
        default:
            v.data = QStringList{QStringLiteral("other")};
        }
        return v;
    }
    int rowCount(const QString &) const override { return static_cast<int>(m_seed.size() % 7); }
    QDate today() const override { return QDate(2026, 11, 25); }

private:
    QByteArray m_seed;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const SymbolTable symbols = makeSymbols();
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString text = QString::fromUtf8(bytes);
    for (const QString &rowGroup : {QString(), QStringLiteral("rows")}) {
        auto compiled = compile(text, Context{&symbols, rowGroup});
        if (!compiled.ok())
            continue;
        // Only type-correct trees reach evaluation, but values are arbitrary: it must not crash.
        // Ill-typed runtime values must not crash the evaluator either.
        (void)holds(*compiled, FuzzScope(bytes));
        (void)references(**compiled);
    }
    return 0;
}
