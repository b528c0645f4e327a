#include "catalog/Catalog.h"

#include "catalog/CatalogText.h"
#include "catalog/Expression.h"
#include "common/Logging.h"
#include "domain/Uscc.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <functional>

namespace ow {

namespace {

// Reads JSON with a path for every value and collects problems instead of failing at the first.
class Reader
{
public:
    Reader(QString file, QList<CatalogProblem> &problems)
        : m_file(std::move(file))
        , m_problems(problems)
    {}

    void fail(const QString &path, const QString &message)
    {
        m_problems.append({m_file, path, message});
        ++m_count;
    }
    int count() const { return m_count; }

    static QString at(const QString &path, const QString &key) { return path + QLatin1Char('.') + key; }
    static QString at(const QString &path, qsizetype index) { return path + QStringLiteral("[%1]").arg(index); }

    void allowOnly(const QJsonObject &o, const QString &path, const QStringList &keys)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!keys.contains(it.key()))
                fail(at(path, it.key()), CatalogText::tr("unknown property “%1”").arg(it.key()));
        }
    }

    bool present(const QJsonObject &o, const QString &path, const QString &key, bool required)
    {
        if (o.contains(key))
            return true;
        if (required)
            fail(at(path, key), CatalogText::tr("required property is missing"));
        return false;
    }

    QString string(const QJsonObject &o, const QString &path, const QString &key, bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().trimmed().isEmpty()) {
            fail(at(path, key), CatalogText::tr("must be a non-empty string"));
            return {};
        }
        return v.toString();
    }

    QString pattern(const QJsonObject &o, const QString &path, const QString &key, const QRegularExpression &re,
                    const QString &what, bool required = true)
    {
        const QString s = string(o, path, key, required);
        if (!s.isEmpty() && !re.match(s).hasMatch()) {
            fail(at(path, key), CatalogText::tr("“%1” is not %2").arg(s, what));
            return {};
        }
        return s;
    }

    QString oneOf(const QJsonObject &o, const QString &path, const QString &key, const QStringList &allowed,
                  bool required = true)
    {
        const QString s = string(o, path, key, required);
        if (!s.isEmpty() && !allowed.contains(s)) {
            fail(at(path, key), CatalogText::tr("“%1” is not one of %2").arg(s, allowed.join(QLatin1String(", "))));
            return {};
        }
        return s;
    }

    std::optional<int> integer(const QJsonObject &o, const QString &path, const QString &key, int min, int max,
                               bool required = true)
    {
        if (!present(o, path, key, required))
            return std::nullopt;
        const QJsonValue v = o.value(key);
        const double d = v.toDouble();
        // Range first: converting an out-of-range double to an integer is undefined behaviour.
        if (!v.isDouble() || !(d >= min && d <= max) || d != std::trunc(d)) {
            fail(at(path, key), CatalogText::tr("must be a whole number from %1 to %2").arg(min).arg(max));
            return std::nullopt;
        }
        return static_cast<int>(d);
    }

    std::optional<double> number(const QJsonObject &o, const QString &path, const QString &key)
    {
        if (!o.contains(key))
            return std::nullopt;
        if (!o.value(key).isDouble()) {
            fail(at(path, key), CatalogText::tr("must be a number"));
            return std::nullopt;
        }
        return o.value(key).toDouble();
    }

    std::optional<bool> boolean(const QJsonObject &o, const QString &path, const QString &key, bool required = true)
    {
        if (!present(o, path, key, required))
            return std::nullopt;
        if (!o.value(key).isBool()) {
            fail(at(path, key), CatalogText::tr("must be true or false"));
            return std::nullopt;
        }
        return o.value(key).toBool();
    }

    QJsonObject object(const QJsonObject &o, const QString &path, const QString &key, bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        if (!o.value(key).isObject()) {
            fail(at(path, key), CatalogText::tr("must be an object"));
            return {};
        }
        return o.value(key).toObject();
    }

    QJsonArray array(const QJsonObject &o, const QString &path, const QString &key, bool required = true,
                     bool nonEmpty = true)
    {
        if (!present(o, path, key, required))
            return {};
        if (!o.value(key).isArray()) {
            fail(at(path, key), CatalogText::tr("must be an array"));
            return {};
        }
        const QJsonArray a = o.value(key).toArray();
        if (nonEmpty && a.isEmpty())
            fail(at(path, key), CatalogText::tr("must not be empty"));
        return a;
    }

    BiText text(const QJsonObject &o, const QString &path, const QString &key, bool required = true)
    {
        if (!present(o, path, key, required))
            return {};
        if (!o.value(key).isObject()) {
            fail(at(path, key), CatalogText::tr("must be a text object {\"zh\": …, \"en\": …}"));
            return {};
        }
        const QJsonObject t = o.value(key).toObject();
        const QString p = at(path, key);
        allowOnly(t, p, {QStringLiteral("zh"), QStringLiteral("en")});
        return BiText{string(t, p, QStringLiteral("zh")), string(t, p, QStringLiteral("en"))};
    }

    QStringList stringSet(const QJsonObject &o, const QString &path, const QString &key, const QStringList &allowed)
    {
        QStringList out;
        const QJsonArray a = array(o, path, key);
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString s = a[i].toString();
            if (!allowed.contains(s))
                fail(at(at(path, key), i),
                     CatalogText::tr("“%1” is not one of %2").arg(s, allowed.join(QLatin1String(", "))));
            else if (out.contains(s))
                fail(at(at(path, key), i), CatalogText::tr("“%1” is listed twice").arg(s));
            else
                out.append(s);
        }
        return out;
    }

private:
    QString m_file;
    QList<CatalogProblem> &m_problems;
    int m_count = 0;
};

const QRegularExpression &idPattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z][A-Za-z0-9]*$"));
    return re;
}

const QSet<QString> &reservedWords()
{
    static const QSet<QString> words{QStringLiteral("and"),   QStringLiteral("or"),   QStringLiteral("not"),
                                     QStringLiteral("in"),    QStringLiteral("true"), QStringLiteral("false"),
                                     QStringLiteral("date"),  QStringLiteral("age"),  QStringLiteral("today"),
                                     QStringLiteral("count"), QStringLiteral("isSet")};
    return words;
}

// The closed list of e-licence types and the fields prefill may read (forms/README.md §7).
const QHash<QString, QHash<QString, QString>> &eLicenceFields()
{
    static const QHash<QString, QHash<QString, QString>> table{
        {QStringLiteral("resident-id-card"),
         {{QStringLiteral("name"), QStringLiteral("string")},
          {QStringLiteral("idNumber"), QStringLiteral("string")},
          {QStringLiteral("address"), QStringLiteral("string")},
          {QStringLiteral("validTo"), QStringLiteral("date")}}},
        {QStringLiteral("household-register"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("headName"), QStringLiteral("string")},
          {QStringLiteral("address"), QStringLiteral("string")}}},
        {QStringLiteral("residence-permit"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("address"), QStringLiteral("string")},
          {QStringLiteral("validTo"), QStringLiteral("date")}}},
        {QStringLiteral("marriage-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("spouseName"), QStringLiteral("string")},
          {QStringLiteral("spouseIdNumber"), QStringLiteral("string")},
          {QStringLiteral("registrationDate"), QStringLiteral("date")}}},
        {QStringLiteral("divorce-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("registrationDate"), QStringLiteral("date")}}},
        {QStringLiteral("birth-medical-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("childName"), QStringLiteral("string")},
          {QStringLiteral("birthDate"), QStringLiteral("date")}}},
        {QStringLiteral("disability-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("category"), QStringLiteral("string")},
          {QStringLiteral("grade"), QStringLiteral("string")},
          {QStringLiteral("validTo"), QStringLiteral("date")}}},
        {QStringLiteral("business-licence"),
         {{QStringLiteral("uscc"), QStringLiteral("string")},
          {QStringLiteral("name"), QStringLiteral("string")},
          {QStringLiteral("address"), QStringLiteral("string")}}},
        {QStringLiteral("homestead-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("address"), QStringLiteral("string")},
          {QStringLiteral("area"), QStringLiteral("number")}}},
        {QStringLiteral("land-contract-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")}, {QStringLiteral("area"), QStringLiteral("number")}}},
        {QStringLiteral("veteran-certificate"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("dischargeDate"), QStringLiteral("date")}}},
        {QStringLiteral("social-security-card"),
         {{QStringLiteral("number"), QStringLiteral("string")},
          {QStringLiteral("bankAccount"), QStringLiteral("string")}}},
    };
    return table;
}

QString prefillProblem(const Field &f)
{
    const QString p = f.prefill;
    using T = FieldType;
    auto is = [&](std::initializer_list<T> types) {
        for (T t : types) {
            if (f.type == t)
                return true;
        }
        return false;
    };
    if (p == QLatin1String("identity.name") || p == QLatin1String("identity.ethnicity"))
        return is({T::Text}) ? QString() : CatalogText::tr("%1 fills a text field").arg(p);
    if (p == QLatin1String("identity.idNumber"))
        return is({T::IdNumber}) ? QString() : CatalogText::tr("%1 fills an ID number field").arg(p);
    if (p == QLatin1String("identity.birthDate"))
        return is({T::Date}) ? QString() : CatalogText::tr("%1 fills a date field").arg(p);
    if (p == QLatin1String("identity.address"))
        return is({T::Address, T::Text}) ? QString() : CatalogText::tr("%1 fills an address or text field").arg(p);
    if (p == QLatin1String("identity.region"))
        return is({T::Region}) ? QString() : CatalogText::tr("%1 fills a region field").arg(p);
    if (p == QLatin1String("identity.phone"))
        return is({T::Mobile}) ? QString() : CatalogText::tr("%1 fills a mobile field").arg(p);
    if (p == QLatin1String("identity.sex")) {
        QStringList values;
        for (const ChoiceOption &o : f.options)
            values.append(o.value);
        values.sort();
        return f.type == T::Choice && values == QStringList{QStringLiteral("female"), QStringLiteral("male")}
                   ? QString()
                   : CatalogText::tr("%1 fills a choice with exactly the options male and female").arg(p);
    }
    if (p.startsWith(QLatin1String("eLicence:"))) {
        const QString rest = p.mid(9);
        const auto dot = rest.indexOf(QLatin1Char('.'));
        const QString type = rest.left(dot);
        const QString field = dot < 0 ? QString() : rest.mid(dot + 1);
        const auto fields = eLicenceFields().constFind(type);
        if (fields == eLicenceFields().constEnd())
            return CatalogText::tr("“%1” is not an e-licence type").arg(type);
        if (!fields->contains(field))
            return CatalogText::tr("the e-licence %1 has no field “%2”").arg(type, field);
        const QString kind = fields->value(field);
        if (kind == QLatin1String("date"))
            return is({T::Date}) ? QString() : CatalogText::tr("%1 fills a date field").arg(p);
        if (kind == QLatin1String("number"))
            return is({T::Number}) ? QString() : CatalogText::tr("%1 fills a number field").arg(p);
        return is({T::Text, T::IdNumber, T::Uscc, T::Address, T::BankCard})
                   ? QString()
                   : CatalogText::tr("%1 fills a text, ID number, USCC, address or bank card field").arg(p);
    }
    return CatalogText::tr("“%1” is not a known prefill source").arg(p);
}

Department readDepartment(Reader &r, const QJsonObject &o, const QString &path)
{
    r.allowOnly(o, path, {QStringLiteral("code"), QStringLiteral("name")});
    Department d;
    d.code = r.string(o, path, QStringLiteral("code"));
    d.name = r.text(o, path, QStringLiteral("name"));
    if (!d.code.isEmpty() && !uscc::isValid(d.code))
        r.fail(Reader::at(path, QStringLiteral("code")),
               CatalogText::tr("“%1” is not a valid unified social credit code").arg(d.code));
    return d;
}

Field readField(Reader &r, const QJsonObject &o, const QString &path)
{
    Field f;
    f.id = r.pattern(o, path, QStringLiteral("id"), idPattern(), CatalogText::tr("a lowerCamelCase id"));
    const QString typeKey = r.string(o, path, QStringLiteral("type"));
    const auto type = fieldType::fromKey(typeKey);
    if (!typeKey.isEmpty() && !type)
        r.fail(Reader::at(path, QStringLiteral("type")), CatalogText::tr("“%1” is not a field type").arg(typeKey));
    f.type = type.value_or(FieldType::Text);
    f.label = r.text(o, path, QStringLiteral("label"));
    f.help = r.text(o, path, QStringLiteral("help"), false);
    f.required = r.boolean(o, path, QStringLiteral("required")).value_or(false);
    f.requiredWhenText = r.string(o, path, QStringLiteral("requiredWhen"), false);
    f.visibleWhenText = r.string(o, path, QStringLiteral("visibleWhen"), false);
    if (f.required && !f.requiredWhenText.isEmpty())
        r.fail(Reader::at(path, QStringLiteral("requiredWhen")),
               CatalogText::tr("only allowed with \"required\": false"));

    QStringList allowed{QStringLiteral("id"),          QStringLiteral("type"),     QStringLiteral("label"),
                        QStringLiteral("help"),        QStringLiteral("required"), QStringLiteral("requiredWhen"),
                        QStringLiteral("visibleWhen"), QStringLiteral("question")};
    f.question =
        r.pattern(o, path, QStringLiteral("question"), idPattern(), CatalogText::tr("a lowerCamelCase key"), false);
    using T = FieldType;
    if (f.type != T::Attachment && f.type != T::Signature) {
        allowed << QStringLiteral("prefill");
        f.prefill = r.string(o, path, QStringLiteral("prefill"), false);
    }
    if (f.type == T::Text || f.type == T::Multiline) {
        allowed << QStringLiteral("minLength") << QStringLiteral("maxLength");
        f.minLength = r.integer(o, path, QStringLiteral("minLength"), 0, 10000, false);
        f.maxLength = r.integer(o, path, QStringLiteral("maxLength"), 1, 10000, false);
        if (f.minLength && f.maxLength && *f.minLength > *f.maxLength)
            r.fail(Reader::at(path, QStringLiteral("minLength")),
                   CatalogText::tr("minLength is greater than maxLength"));
    }
    if (f.type == T::Text) {
        allowed << QStringLiteral("pattern");
        f.pattern = r.string(o, path, QStringLiteral("pattern"), false);
        if (!f.pattern.isEmpty() && !QRegularExpression(f.pattern).isValid())
            r.fail(Reader::at(path, QStringLiteral("pattern")), CatalogText::tr("the pattern does not compile"));
    }
    if (f.type == T::Number || f.type == T::Money) {
        allowed << QStringLiteral("min") << QStringLiteral("max");
        f.minNumber = r.number(o, path, QStringLiteral("min"));
        f.maxNumber = r.number(o, path, QStringLiteral("max"));
        if (f.minNumber && f.maxNumber && *f.minNumber > *f.maxNumber)
            r.fail(Reader::at(path, QStringLiteral("min")), CatalogText::tr("min is greater than max"));
    }
    if (f.type == T::Number) {
        allowed << QStringLiteral("decimals");
        f.decimals = r.integer(o, path, QStringLiteral("decimals"), 0, 4, false).value_or(0);
    }
    if (f.type == T::Date) {
        allowed << QStringLiteral("min") << QStringLiteral("max");
        for (const QString &key : {QStringLiteral("min"), QStringLiteral("max")}) {
            const QString s = r.string(o, path, key, false);
            if (s.isEmpty())
                continue;
            const QDate d = QDate::fromString(s, QStringLiteral("yyyy-MM-dd"));
            if (!d.isValid())
                r.fail(Reader::at(path, key), CatalogText::tr("“%1” is not a real date (YYYY-MM-DD)").arg(s));
            else
                (key == QLatin1String("min") ? f.minDate : f.maxDate) = d;
        }
        if (f.minDate && f.maxDate && *f.minDate > *f.maxDate)
            r.fail(Reader::at(path, QStringLiteral("min")), CatalogText::tr("min is after max"));
    }
    if (f.type == T::Choice || f.type == T::MultiChoice) {
        allowed << QStringLiteral("options");
        const QString optionsPath = Reader::at(path, QStringLiteral("options"));
        const QJsonArray options = r.array(o, path, QStringLiteral("options"));
        if (!options.isEmpty() && options.size() < 2)
            r.fail(optionsPath, CatalogText::tr("a choice needs at least two options"));
        for (qsizetype i = 0; i < options.size(); ++i) {
            const QString p = Reader::at(optionsPath, i);
            const QJsonObject opt = options[i].toObject();
            r.allowOnly(opt, p, {QStringLiteral("value"), QStringLiteral("label")});
            ChoiceOption co{
                r.pattern(opt, p, QStringLiteral("value"), idPattern(), CatalogText::tr("a lowerCamelCase value")),
                r.text(opt, p, QStringLiteral("label"))};
            for (const ChoiceOption &existing : f.options) {
                if (!co.value.isEmpty() && existing.value == co.value)
                    r.fail(Reader::at(p, QStringLiteral("value")),
                           CatalogText::tr("the option “%1” is listed twice").arg(co.value));
            }
            f.options.append(co);
        }
    }
    if (f.type == T::Attachment) {
        allowed << QStringLiteral("attachment");
        const QString p = Reader::at(path, QStringLiteral("attachment"));
        const QJsonObject a = r.object(o, path, QStringLiteral("attachment"));
        r.allowOnly(a, p, {QStringLiteral("minCount"), QStringLiteral("maxCount"), QStringLiteral("accept")});
        f.minCount = r.integer(a, p, QStringLiteral("minCount"), 1, 50).value_or(1);
        f.maxCount = r.integer(a, p, QStringLiteral("maxCount"), 1, 50).value_or(1);
        if (f.minCount > f.maxCount)
            r.fail(Reader::at(p, QStringLiteral("minCount")), CatalogText::tr("minCount is greater than maxCount"));
        f.accept = r.stringSet(a, p, QStringLiteral("accept"), {QStringLiteral("image"), QStringLiteral("pdf")});
    }
    r.allowOnly(o, path, allowed);
    if (!f.prefill.isEmpty()) {
        const QString problem = prefillProblem(f);
        if (!problem.isEmpty())
            r.fail(Reader::at(path, QStringLiteral("prefill")), problem);
    }
    return f;
}

// Compiles every condition and rejects visibility cycles (forms/README.md §5, §6).
void compileConditions(Reader &r, ServiceItem &item)
{
    const expr::SymbolTable symbols = expr::SymbolTable::forItem(item);
    auto compile = [&](const QString &text, const QString &path, const QString &rowGroup) -> Condition {
        if (text.isEmpty())
            return {};
        auto c = expr::compile(text, expr::Context{&symbols, rowGroup});
        if (!c.ok()) {
            r.fail(path, c.error().userMessage);
            return {};
        }
        return *c;
    };
    for (qsizetype gi = 0; gi < item.groups.size(); ++gi) {
        FieldGroup &g = item.groups[gi];
        const QString gp = QStringLiteral("$.form.groups[%1]").arg(gi);
        g.visibleWhen = compile(g.visibleWhenText, gp + QStringLiteral(".visibleWhen"), QString());
        for (qsizetype fi = 0; fi < g.fields.size(); ++fi) {
            Field &f = g.fields[fi];
            const QString fp = gp + QStringLiteral(".fields[%1]").arg(fi);
            const QString rowGroup = g.repeat ? g.id : QString();
            f.visibleWhen = compile(f.visibleWhenText, fp + QStringLiteral(".visibleWhen"), rowGroup);
            f.requiredWhen = compile(f.requiredWhenText, fp + QStringLiteral(".requiredWhen"), rowGroup);
        }
    }
    for (qsizetype mi = 0; mi < item.materials.size(); ++mi) {
        Material &m = item.materials[mi];
        m.condition = compile(m.conditionText, QStringLiteral("$.materials[%1].condition").arg(mi), QString());
    }

    // Visibility graph: a field depends on its group and on what its visibleWhen reads; a group
    // on what its visibleWhen reads; count(g) on g.
    QHash<QString, QStringList> deps;
    QHash<QString, QString> where;
    for (qsizetype gi = 0; gi < item.groups.size(); ++gi) {
        const FieldGroup &g = item.groups[gi];
        const QString gnode = QStringLiteral("group:") + g.id;
        where.insert(gnode, QStringLiteral("$.form.groups[%1].visibleWhen").arg(gi));
        if (g.visibleWhen) {
            for (const QString &ref : expr::references(*g.visibleWhen))
                deps[gnode].append(ref.startsWith(QLatin1String("count:")) ? QStringLiteral("group:") + ref.mid(6)
                                                                           : ref);
        }
        for (qsizetype fi = 0; fi < g.fields.size(); ++fi) {
            const Field &f = g.fields[fi];
            where.insert(f.id, QStringLiteral("$.form.groups[%1].fields[%2].visibleWhen").arg(gi).arg(fi));
            deps[f.id].append(gnode);
            if (f.visibleWhen) {
                for (QString ref : expr::references(*f.visibleWhen)) {
                    if (ref.startsWith(QLatin1String("count:")))
                        ref = QStringLiteral("group:") + ref.mid(6);
                    else if (ref.contains(QLatin1Char('.')))
                        ref = ref.mid(ref.indexOf(QLatin1Char('.')) + 1);
                    deps[f.id].append(ref);
                }
            }
        }
    }
    QHash<QString, int> state; // 0 new, 1 on stack, 2 done
    QSet<QString> reported;
    std::function<void(const QString &, QStringList &)> visit = [&](const QString &node, QStringList &stack) {
        state[node] = 1;
        stack.append(node);
        for (const QString &next : deps.value(node)) {
            if (state.value(next) == 1) {
                const QStringList cycle = stack.mid(stack.indexOf(next));
                const QString at = where.value(next);
                if (!reported.contains(at)) {
                    reported.insert(at);
                    r.fail(at, CatalogText::tr("visibility depends on itself: %1")
                                   .arg((cycle + QStringList{next}).join(QStringLiteral(" → "))));
                }
            } else if (state.value(next) == 0) {
                visit(next, stack);
            }
        }
        stack.removeLast();
        state[node] = 2;
    };
    for (auto it = deps.constBegin(); it != deps.constEnd(); ++it) {
        if (state.value(it.key()) == 0) {
            QStringList stack;
            visit(it.key(), stack);
        }
    }
}

// The conventions every item follows (forms/README.md §8).
void checkConventions(Reader &r, const ServiceItem &item)
{
    if (item.groups.isEmpty())
        return;
    const QString first = QStringLiteral("$.form.groups[0]");
    if (item.groups.first().id != QLatin1String("applicant"))
        r.fail(first + QStringLiteral(".id"), CatalogText::tr("the first group must be “applicant”"));
    const QList<QPair<QString, FieldType>> applicantFields{{QStringLiteral("applicantName"), FieldType::Text},
                                                           {QStringLiteral("applicantIdNumber"), FieldType::IdNumber},
                                                           {QStringLiteral("applicantMobile"), FieldType::Mobile},
                                                           {QStringLiteral("applyByAgent"), FieldType::YesNo}};
    for (const auto &[id, type] : applicantFields) {
        const Field *f = item.field(id);
        const FieldGroup *g = item.groupOfField(id);
        if (!f || !g || g->id != QLatin1String("applicant") || f->type != type)
            r.fail(first, CatalogText::tr("the applicant group needs a %1 field “%2”").arg(fieldType::key(type), id));
    }
    if (!item.field(QStringLiteral("applicantRegion")) && !item.field(QStringLiteral("applicantAddress")))
        r.fail(first, CatalogText::tr("the applicant group needs applicantRegion or applicantAddress"));
    const FieldGroup *agent = item.group(QStringLiteral("agent"));
    if (!agent || agent->visibleWhenText.simplified() != QLatin1String("applyByAgent == true"))
        r.fail(QStringLiteral("$.form.groups"),
               CatalogText::tr("an “agent” group shown when applyByAgent == true is required"));
    const FieldGroup &last = item.groups.last();
    if (last.id != QLatin1String("declaration") || !item.field(QStringLiteral("applicantSignature")) ||
        item.groupOfField(QStringLiteral("applicantSignature")) != &last) {
        r.fail(QStringLiteral("$.form.groups[%1]").arg(item.groups.size() - 1),
               CatalogText::tr("the last group must be “declaration” with applicantSignature"));
    }
    if (item.itemType == QLatin1String("payment")) {
        const Field *card = item.field(QStringLiteral("bankCard"));
        if (!card || card->type != FieldType::BankCard)
            r.fail(QStringLiteral("$.form"),
                   CatalogText::tr("a payment item needs a bankCard field for the subsidy account"));
    }
}

} // namespace

std::shared_ptr<const ServiceItem> CatalogLoader::parseItem(const QByteArray &json, const QString &fileName,
                                                            QList<CatalogProblem> &problems)
{
    Reader r(fileName, problems);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError) {
        r.fail(QStringLiteral("$"),
               CatalogText::tr("not valid JSON: %1 at byte %2").arg(err.errorString()).arg(err.offset));
        return nullptr;
    }
    if (!doc.isObject()) {
        r.fail(QStringLiteral("$"), CatalogText::tr("an item file holds one JSON object"));
        return nullptr;
    }
    const QJsonObject o = doc.object();
    const QString root = QStringLiteral("$");
    r.allowOnly(o, root,
                {QStringLiteral("schemaVersion"),
                 QStringLiteral("id"),
                 QStringLiteral("version"),
                 QStringLiteral("status"),
                 QStringLiteral("baseCode"),
                 QStringLiteral("implCode"),
                 QStringLiteral("name"),
                 QStringLiteral("itemType"),
                 QStringLiteral("level"),
                 QStringLiteral("department"),
                 QStringLiteral("entrustedDepartment"),
                 QStringLiteral("coDepartments"),
                 QStringLiteral("serviceObject"),
                 QStringLiteral("caseKind"),
                 QStringLiteral("conditions"),
                 QStringLiteral("process"),
                 QStringLiteral("channels"),
                 QStringLiteral("statutoryLimitDays"),
                 QStringLiteral("promisedLimitDays"),
                 QStringLiteral("visits"),
                 QStringLiteral("fee"),
                 QStringLiteral("result"),
                 QStringLiteral("materials"),
                 QStringLiteral("form")});
    if (r.integer(o, root, QStringLiteral("schemaVersion"), 1, 1).value_or(0) != 1)
        return nullptr;

    auto item = std::make_shared<ServiceItem>();
    item->sourceJson = json;
    static const QRegularExpression kebab(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    item->id = r.pattern(o, root, QStringLiteral("id"), kebab, CatalogText::tr("a kebab-case id"));
    if (!item->id.isEmpty() && !fileName.isEmpty() &&
        QFileInfo(fileName).fileName() != item->id + QStringLiteral(".json"))
        r.fail(QStringLiteral("$.id"), CatalogText::tr("the file must be named %1.json").arg(item->id));
    item->version = r.integer(o, root, QStringLiteral("version"), 1, 100000).value_or(0);
    item->status = r.oneOf(o, root, QStringLiteral("status"), {QStringLiteral("active"), QStringLiteral("suspended")});
    static const QRegularExpression twelveDigits(QStringLiteral("^[0-9]{12}$"));
    item->baseCode = r.pattern(o, root, QStringLiteral("baseCode"), twelveDigits, CatalogText::tr("12 digits"));
    item->implCode = r.string(o, root, QStringLiteral("implCode"));
    item->name = r.text(o, root, QStringLiteral("name"));
    item->itemType = r.oneOf(o, root, QStringLiteral("itemType"),
                             {QStringLiteral("licence"), QStringLiteral("payment"), QStringLiteral("confirmation"),
                              QStringLiteral("publicService"), QStringLiteral("other")});
    item->level = r.oneOf(o, root, QStringLiteral("level"),
                          {QStringLiteral("county"), QStringLiteral("town"), QStringLiteral("village")});
    item->department =
        readDepartment(r, r.object(o, root, QStringLiteral("department")), QStringLiteral("$.department"));
    if (o.contains(QLatin1String("entrustedDepartment"))) {
        item->entrustedDepartment = readDepartment(r, r.object(o, root, QStringLiteral("entrustedDepartment")),
                                                   QStringLiteral("$.entrustedDepartment"));
    }
    const QJsonArray co = r.array(o, root, QStringLiteral("coDepartments"), true, false);
    for (qsizetype i = 0; i < co.size(); ++i)
        item->coDepartments.append(readDepartment(r, co[i].toObject(), QStringLiteral("$.coDepartments[%1]").arg(i)));
    if (!item->implCode.isEmpty() && !item->department.code.isEmpty() && !item->baseCode.isEmpty() &&
        item->implCode != item->department.code + item->baseCode) {
        r.fail(QStringLiteral("$.implCode"), CatalogText::tr("the implementation code must be the department code "
                                                             "followed by the base code"));
    }
    item->serviceObject = r.stringSet(o, root, QStringLiteral("serviceObject"),
                                      {QStringLiteral("person"), QStringLiteral("legalEntity")});
    item->caseKind =
        r.oneOf(o, root, QStringLiteral("caseKind"), {QStringLiteral("onTheSpot"), QStringLiteral("promised")});
    const QJsonArray conditions = r.array(o, root, QStringLiteral("conditions"));
    for (qsizetype i = 0; i < conditions.size(); ++i) {
        const QString p = QStringLiteral("$.conditions[%1]").arg(i);
        const QJsonObject t = conditions[i].toObject();
        r.allowOnly(t, p, {QStringLiteral("zh"), QStringLiteral("en")});
        item->conditions.append({r.string(t, p, QStringLiteral("zh")), r.string(t, p, QStringLiteral("en"))});
    }
    const QJsonArray process = r.array(o, root, QStringLiteral("process"));
    int stepDays = 0;
    for (qsizetype i = 0; i < process.size(); ++i) {
        const QString p = QStringLiteral("$.process[%1]").arg(i);
        const QJsonObject s = process[i].toObject();
        r.allowOnly(
            s, p,
            {QStringLiteral("step"), QStringLiteral("who"), QStringLiteral("limitDays"), QStringLiteral("standard")});
        ProcessStep step{r.text(s, p, QStringLiteral("step")), r.text(s, p, QStringLiteral("who")),
                         r.integer(s, p, QStringLiteral("limitDays"), 0, 1000).value_or(0),
                         r.text(s, p, QStringLiteral("standard"))};
        stepDays += step.limitDays;
        item->process.append(step);
    }
    item->channels = r.stringSet(o, root, QStringLiteral("channels"),
                                 {QStringLiteral("window"), QStringLiteral("kiosk"), QStringLiteral("assisted"),
                                  QStringLiteral("delegated"), QStringLiteral("online")});
    item->statutoryLimitDays = r.integer(o, root, QStringLiteral("statutoryLimitDays"), 1, 1000).value_or(0);
    item->promisedLimitDays = r.integer(o, root, QStringLiteral("promisedLimitDays"), 0, 1000).value_or(0);
    item->visits = r.integer(o, root, QStringLiteral("visits"), 0, 2).value_or(0);
    if (item->promisedLimitDays > item->statutoryLimitDays)
        r.fail(QStringLiteral("$.promisedLimitDays"),
               CatalogText::tr("the promised limit exceeds the statutory limit"));
    if ((item->caseKind == QLatin1String("onTheSpot")) != (item->promisedLimitDays == 0))
        r.fail(QStringLiteral("$.promisedLimitDays"), CatalogText::tr("must be 0 exactly for on-the-spot items"));
    if (stepDays > item->promisedLimitDays)
        r.fail(QStringLiteral("$.process"), CatalogText::tr("the steps take %1 working days, more than the promised %2")
                                                .arg(stepDays)
                                                .arg(item->promisedLimitDays));
    const QJsonObject fee = r.object(o, root, QStringLiteral("fee"));
    r.allowOnly(fee, QStringLiteral("$.fee"), {QStringLiteral("charged"), QStringLiteral("items")});
    item->feeCharged = r.boolean(fee, QStringLiteral("$.fee"), QStringLiteral("charged")).value_or(false);
    const QJsonArray fees = r.array(fee, QStringLiteral("$.fee"), QStringLiteral("items"), true, false);
    if (item->feeCharged == fees.isEmpty())
        r.fail(QStringLiteral("$.fee.items"), CatalogText::tr("fee items are listed exactly when a fee is charged"));
    for (qsizetype i = 0; i < fees.size(); ++i) {
        const QString p = QStringLiteral("$.fee.items[%1]").arg(i);
        const QJsonObject f = fees[i].toObject();
        r.allowOnly(f, p, {QStringLiteral("name"), QStringLiteral("standard"), QStringLiteral("basis")});
        item->fees.append({r.text(f, p, QStringLiteral("name")), r.text(f, p, QStringLiteral("standard")),
                           r.text(f, p, QStringLiteral("basis"))});
    }
    const QJsonObject result = r.object(o, root, QStringLiteral("result"));
    r.allowOnly(result, QStringLiteral("$.result"), {QStringLiteral("name"), QStringLiteral("type")});
    item->resultName = r.text(result, QStringLiteral("$.result"), QStringLiteral("name"));
    item->resultType = r.oneOf(result, QStringLiteral("$.result"), QStringLiteral("type"),
                               {QStringLiteral("licence"), QStringLiteral("approval"), QStringLiteral("payment"),
                                QStringLiteral("certificate"), QStringLiteral("other")});

    const QJsonArray materials = r.array(o, root, QStringLiteral("materials"));
    QSet<QString> materialIds;
    for (qsizetype i = 0; i < materials.size(); ++i) {
        const QString p = QStringLiteral("$.materials[%1]").arg(i);
        const QJsonObject m = materials[i].toObject();
        r.allowOnly(m, p,
                    {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("necessity"),
                     QStringLiteral("condition"), QStringLiteral("copies"), QStringLiteral("source"),
                     QStringLiteral("issuer"), QStringLiteral("eLicenceType"), QStringLiteral("notes")});
        Material mat;
        mat.id = r.pattern(m, p, QStringLiteral("id"), idPattern(), CatalogText::tr("a lowerCamelCase id"));
        if (!mat.id.isEmpty() && materialIds.contains(mat.id))
            r.fail(p + QStringLiteral(".id"), CatalogText::tr("the material id “%1” is used twice").arg(mat.id));
        materialIds.insert(mat.id);
        mat.name = r.text(m, p, QStringLiteral("name"));
        mat.kind = r.oneOf(m, p, QStringLiteral("kind"),
                           {QStringLiteral("original"), QStringLiteral("copy"), QStringLiteral("eLicence")});
        mat.necessity =
            r.oneOf(m, p, QStringLiteral("necessity"),
                    {QStringLiteral("required"), QStringLiteral("conditional"), QStringLiteral("optional")});
        mat.conditionText = r.string(m, p, QStringLiteral("condition"), false);
        if ((mat.necessity == QLatin1String("conditional")) == mat.conditionText.isEmpty())
            r.fail(p + QStringLiteral(".condition"),
                   CatalogText::tr("a condition is given exactly for conditional materials"));
        mat.copies = r.integer(m, p, QStringLiteral("copies"), 0, 20).value_or(1);
        if ((mat.kind == QLatin1String("eLicence")) != (mat.copies == 0))
            r.fail(p + QStringLiteral(".copies"), CatalogText::tr("copies is 0 exactly for e-licence materials"));
        mat.source = r.oneOf(m, p, QStringLiteral("source"), {QStringLiteral("applicant"), QStringLiteral("issuer")});
        mat.issuer = r.string(m, p, QStringLiteral("issuer"), false);
        if ((mat.source == QLatin1String("issuer")) == mat.issuer.isEmpty())
            r.fail(p + QStringLiteral(".issuer"),
                   CatalogText::tr("the issuer is named exactly when the source is an issuer"));
        mat.eLicenceType = r.string(m, p, QStringLiteral("eLicenceType"), mat.kind == QLatin1String("eLicence"));
        if (!mat.eLicenceType.isEmpty() && !eLicenceFields().contains(mat.eLicenceType))
            r.fail(p + QStringLiteral(".eLicenceType"),
                   CatalogText::tr("“%1” is not an e-licence type").arg(mat.eLicenceType));
        mat.notes = r.text(m, p, QStringLiteral("notes"), false);
        item->materials.append(mat);
    }

    const QJsonObject form = r.object(o, root, QStringLiteral("form"));
    r.allowOnly(form, QStringLiteral("$.form"), {QStringLiteral("groups")});
    const QJsonArray groups = r.array(form, QStringLiteral("$.form"), QStringLiteral("groups"));
    QSet<QString> ids;
    for (qsizetype gi = 0; gi < groups.size(); ++gi) {
        const QString gp = QStringLiteral("$.form.groups[%1]").arg(gi);
        const QJsonObject go = groups[gi].toObject();
        r.allowOnly(go, gp,
                    {QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("fields"),
                     QStringLiteral("visibleWhen"), QStringLiteral("repeat")});
        FieldGroup g;
        g.id = r.pattern(go, gp, QStringLiteral("id"), idPattern(), CatalogText::tr("a lowerCamelCase id"));
        g.title = r.text(go, gp, QStringLiteral("title"));
        g.visibleWhenText = r.string(go, gp, QStringLiteral("visibleWhen"), false);
        if (go.contains(QLatin1String("repeat"))) {
            const QString rp = gp + QStringLiteral(".repeat");
            const QJsonObject ro = r.object(go, gp, QStringLiteral("repeat"));
            r.allowOnly(ro, rp, {QStringLiteral("min"), QStringLiteral("max"), QStringLiteral("itemLabel")});
            RepeatRule rule{r.integer(ro, rp, QStringLiteral("min"), 0, 100).value_or(0),
                            r.integer(ro, rp, QStringLiteral("max"), 1, 100).value_or(1),
                            r.text(ro, rp, QStringLiteral("itemLabel"))};
            if (rule.min > rule.max)
                r.fail(rp + QStringLiteral(".min"), CatalogText::tr("min is greater than max"));
            g.repeat = rule;
        }
        for (const QString &id : {g.id}) {
            if (id.isEmpty())
                continue;
            if (reservedWords().contains(id))
                r.fail(gp + QStringLiteral(".id"), CatalogText::tr("“%1” is a reserved word").arg(id));
            if (ids.contains(id))
                r.fail(gp + QStringLiteral(".id"), CatalogText::tr("the id “%1” is used twice").arg(id));
            ids.insert(id);
        }
        const QJsonArray fields = r.array(go, gp, QStringLiteral("fields"));
        for (qsizetype fi = 0; fi < fields.size(); ++fi) {
            const QString fp = gp + QStringLiteral(".fields[%1]").arg(fi);
            if (!fields[fi].isObject()) {
                r.fail(fp, CatalogText::tr("must be an object"));
                continue;
            }
            Field f = readField(r, fields[fi].toObject(), fp);
            if (!f.id.isEmpty()) {
                if (reservedWords().contains(f.id))
                    r.fail(fp + QStringLiteral(".id"), CatalogText::tr("“%1” is a reserved word").arg(f.id));
                if (ids.contains(f.id))
                    r.fail(fp + QStringLiteral(".id"), CatalogText::tr("the id “%1” is used twice").arg(f.id));
                ids.insert(f.id);
            }
            g.fields.append(f);
        }
        item->groups.append(g);
    }
    if (r.count() > 0)
        return nullptr; // conditions are compiled only on a well-formed item
    compileConditions(r, *item);
    checkConventions(r, *item);
    if (r.count() > 0)
        return nullptr;
    return item;
}

CatalogLoad CatalogLoader::loadFiles(const QStringList &itemFiles, const RegionTable &regions)
{
    CatalogLoad out;
    out.catalog.m_regions = regions;
    QHash<QString, QString> seenBase, seenImpl, departmentNames;
    for (const QString &path : itemFiles) {
        ++out.filesRead;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            out.problems.append(
                {path, QStringLiteral("$"), CatalogText::tr("cannot be read: %1").arg(f.errorString())});
            continue;
        }
        if (f.size() > 4 * 1024 * 1024) {
            out.problems.append({path, QStringLiteral("$"), CatalogText::tr("is larger than 4 MB")});
            continue;
        }
        auto item = parseItem(f.readAll(), path, out.problems);
        if (!item)
            continue;
        QStringList clashes;
        if (out.catalog.m_items.contains(item->id))
            clashes << CatalogText::tr("the id %1 is also used by another file").arg(item->id);
        if (seenBase.contains(item->baseCode))
            clashes << CatalogText::tr("the base code is also used by %1").arg(seenBase.value(item->baseCode));
        if (seenImpl.contains(item->implCode))
            clashes
                << CatalogText::tr("the implementation code is also used by %1").arg(seenImpl.value(item->implCode));
        QList<Department> departments = item->coDepartments;
        departments.prepend(item->department);
        if (item->entrustedDepartment)
            departments.append(*item->entrustedDepartment);
        for (const Department &d : departments) {
            const QString known = departmentNames.value(d.code);
            if (!known.isEmpty() && known != d.name.zh)
                clashes << CatalogText::tr("the department code %1 is named “%2” elsewhere").arg(d.code, known);
        }
        if (!clashes.isEmpty()) {
            for (const QString &c : clashes)
                out.problems.append({path, QStringLiteral("$"), c});
            continue;
        }
        seenBase.insert(item->baseCode, item->id);
        seenImpl.insert(item->implCode, item->id);
        for (const Department &d : departments)
            departmentNames.insert(d.code, d.name.zh);
        out.catalog.m_items.insert(item->id, item);
    }
    for (const CatalogProblem &p : out.problems)
        qCWarning(lcCatalog).noquote() << "catalog:" << p.file << p.path << p.message;
    return out;
}

CatalogLoad CatalogLoader::loadDirectory(const QString &formsDir)
{
    auto regions = RegionTable::load(formsDir + QStringLiteral("/regions/regions.json"));
    CatalogLoad out;
    if (!regions.ok()) {
        out.problems.append(
            {formsDir + QStringLiteral("/regions/regions.json"), QStringLiteral("$"), regions.error().userMessage});
        return out;
    }
    QStringList files;
    const QDir dir(formsDir + QStringLiteral("/items"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files.append(dir.filePath(name));
    return loadFiles(files, *regions);
}

} // namespace ow
