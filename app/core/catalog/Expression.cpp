#include "catalog/Expression.h"

#include "catalog/CatalogText.h"
#include "domain/IdNumber.h"

#include <algorithm>

namespace ow::expr {

namespace {

using NodePtr = std::shared_ptr<Node>;

struct Failure
{
    int column;
    QString message;
};

enum class Tok { End, Ident, Number, String, LParen, RParen, LBracket, RBracket, Comma, Dot, Minus, Op };

struct Token
{
    Tok kind = Tok::End;
    QString text;
    int column = 0;
};

const QSet<QString> &reserved()
{
    static const QSet<QString> words{QStringLiteral("and"),   QStringLiteral("or"),   QStringLiteral("not"),
                                     QStringLiteral("in"),    QStringLiteral("true"), QStringLiteral("false"),
                                     QStringLiteral("date"),  QStringLiteral("age"),  QStringLiteral("today"),
                                     QStringLiteral("count"), QStringLiteral("isSet")};
    return words;
}

QString typeName(Type t)
{
    switch (t) {
    case Type::Boolean:
        return CatalogText::tr("yes/no");
    case Type::Number:
        return CatalogText::tr("number");
    case Type::String:
        return CatalogText::tr("text");
    case Type::Date:
        return CatalogText::tr("date");
    case Type::List:
        return CatalogText::tr("list");
    case Type::Opaque:
        return CatalogText::tr("attachment");
    }
    return {};
}

Type typeOfField(FieldType f)
{
    switch (f) {
    case FieldType::Number:
    case FieldType::Money:
        return Type::Number;
    case FieldType::Date:
        return Type::Date;
    case FieldType::MultiChoice:
        return Type::List;
    case FieldType::YesNo:
        return Type::Boolean;
    case FieldType::Attachment:
    case FieldType::Signature:
        return Type::Opaque;
    default:
        return Type::String;
    }
}

std::vector<Token> lex(const QString &s)
{
    std::vector<Token> out;
    int i = 0;
    const int n = static_cast<int>(s.size());
    while (i < n) {
        const QChar c = s[i];
        const int col = i + 1;
        if (c.isSpace()) {
            ++i;
        } else if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')) {
            int j = i + 1;
            while (j < n &&
                   ((s[j] >= u'a' && s[j] <= u'z') || (s[j] >= u'A' && s[j] <= u'Z') || (s[j] >= u'0' && s[j] <= u'9')))
                ++j;
            out.push_back({Tok::Ident, s.mid(i, j - i), col});
            i = j;
        } else if (c >= u'0' && c <= u'9') {
            int j = i + 1;
            while (j < n && s[j] >= u'0' && s[j] <= u'9')
                ++j;
            if (j + 1 < n && s[j] == u'.' && s[j + 1] >= u'0' && s[j + 1] <= u'9') {
                j += 2;
                while (j < n && s[j] >= u'0' && s[j] <= u'9')
                    ++j;
            }
            out.push_back({Tok::Number, s.mid(i, j - i), col});
            i = j;
        } else if (c == u'"') {
            QString text;
            int j = i + 1;
            bool closed = false;
            while (j < n) {
                if (s[j] == u'\\') {
                    if (j + 1 < n && (s[j + 1] == u'"' || s[j + 1] == u'\\')) {
                        text.append(s[j + 1]);
                        j += 2;
                        continue;
                    }
                    throw Failure{j + 1, CatalogText::tr("only \\\" and \\\\ may be escaped in a string")};
                }
                if (s[j] == u'"') {
                    closed = true;
                    break;
                }
                text.append(s[j]);
                ++j;
            }
            if (!closed)
                throw Failure{col, CatalogText::tr("the string is not closed")};
            out.push_back({Tok::String, text, col});
            i = j + 1;
        } else if (c == u'(' || c == u')' || c == u'[' || c == u']' || c == u',' || c == u'.' || c == u'-') {
            static const QHash<QChar, Tok> single{{u'(', Tok::LParen},   {u')', Tok::RParen}, {u'[', Tok::LBracket},
                                                  {u']', Tok::RBracket}, {u',', Tok::Comma},  {u'.', Tok::Dot},
                                                  {u'-', Tok::Minus}};
            out.push_back({single.value(c), QString(c), col});
            ++i;
        } else if (c == u'=' || c == u'!' || c == u'<' || c == u'>') {
            const QString two = s.mid(i, 2);
            if (two == QLatin1String("==") || two == QLatin1String("!=") || two == QLatin1String("<=") ||
                two == QLatin1String(">=")) {
                out.push_back({Tok::Op, two, col});
                i += 2;
            } else if (c == u'<' || c == u'>') {
                out.push_back({Tok::Op, QString(c), col});
                ++i;
            } else {
                throw Failure{col, CatalogText::tr("“%1” is not an operator (use == or !=)").arg(c)};
            }
        } else {
            throw Failure{col, CatalogText::tr("unexpected character “%1”").arg(c)};
        }
    }
    out.push_back({Tok::End, QString(), n + 1});
    return out;
}

class Parser
{
public:
    Parser(const QString &text, const Context &ctx)
        : m_tokens(lex(text))
        , m_ctx(ctx)
    {}

    NodePtr parseCondition()
    {
        NodePtr node = parseOr();
        if (peek().kind != Tok::End)
            throw Failure{peek().column,
                          CatalogText::tr("unexpected “%1” after the end of the condition").arg(peek().text)};
        if (node->type != Type::Boolean) {
            throw Failure{1, CatalogText::tr("a condition must be yes/no, this one is a %1").arg(typeName(node->type))};
        }
        return node;
    }

private:
    const Token &peek(int ahead = 0) const
    {
        return m_tokens[std::min<std::size_t>(m_pos + static_cast<std::size_t>(ahead), m_tokens.size() - 1)];
    }
    Token take() { return m_tokens[std::min(m_pos++, m_tokens.size() - 1)]; }
    bool isWord(const char *word, int ahead = 0) const
    {
        return peek(ahead).kind == Tok::Ident && peek(ahead).text == QLatin1String(word);
    }
    Token expect(Tok kind, const QString &what)
    {
        if (peek().kind != kind) {
            throw Failure{peek().column,
                          CatalogText::tr("expected %1 but found “%2”")
                              .arg(what, peek().kind == Tok::End ? CatalogText::tr("the end") : peek().text)};
        }
        return take();
    }

    static NodePtr make(Node::Kind kind, Type type)
    {
        auto n = std::make_shared<Node>();
        n->kind = kind;
        n->type = type;
        return n;
    }

    void requireBoolean(const NodePtr &n, int column, const char *op)
    {
        if (n->type != Type::Boolean) {
            throw Failure{
                column,
                CatalogText::tr("“%1” needs yes/no operands, not %2").arg(QLatin1String(op), typeName(n->type))};
        }
    }

    NodePtr parseOr()
    {
        NodePtr left = parseAnd();
        while (isWord("or")) {
            const int col = take().column;
            NodePtr right = parseAnd();
            requireBoolean(left, col, "or");
            requireBoolean(right, col, "or");
            NodePtr n = make(Node::Kind::Or, Type::Boolean);
            n->children = {left, right};
            left = n;
        }
        return left;
    }

    NodePtr parseAnd()
    {
        NodePtr left = parseNot();
        while (isWord("and")) {
            const int col = take().column;
            NodePtr right = parseNot();
            requireBoolean(left, col, "and");
            requireBoolean(right, col, "and");
            NodePtr n = make(Node::Kind::And, Type::Boolean);
            n->children = {left, right};
            left = n;
        }
        return left;
    }

    // Bounds recursion so hostile input cannot exhaust the stack.
    struct DepthGuard
    {
        DepthGuard(int &depth, int column)
            : m_depth(depth)
        {
            if (++m_depth > 64)
                throw Failure{column, CatalogText::tr("the condition is too deeply nested")};
        }
        ~DepthGuard() { --m_depth; }
        int &m_depth;
    };

    NodePtr parseNot()
    {
        if (isWord("not")) {
            const DepthGuard guard(m_depth, peek().column);
            const int col = take().column;
            NodePtr inner = parseNot();
            requireBoolean(inner, col, "not");
            NodePtr n = make(Node::Kind::Not, Type::Boolean);
            n->children = {inner};
            return n;
        }
        return parseComparison();
    }

    const Symbol *choiceSymbol(const NodePtr &n) const
    {
        if (n->kind != Node::Kind::Ref)
            return nullptr;
        const auto it = m_ctx.symbols->fields.constFind(n->name);
        if (it == m_ctx.symbols->fields.constEnd())
            return nullptr;
        return (it->fieldType == FieldType::Choice || it->fieldType == FieldType::MultiChoice) ? &*it : nullptr;
    }

    void checkOption(const Symbol *choice, const Value &v, const QString &field, int column) const
    {
        if (!choice)
            return;
        const QString *s = std::get_if<QString>(&v.data);
        if (s && !choice->options.contains(*s)) {
            throw Failure{column, CatalogText::tr("“%1” is not an option of %2 (options: %3)")
                                      .arg(*s, field, choice->options.join(QLatin1String(", ")))};
        }
    }

    NodePtr parseComparison()
    {
        const int leftCol = peek().column;
        NodePtr left = parseOperand();
        if (peek().kind == Tok::Op) {
            const Token op = take();
            const int rightCol = peek().column;
            NodePtr right = parseOperand();
            if (peek().kind == Tok::Op)
                throw Failure{peek().column, CatalogText::tr("comparisons cannot be chained; use “and”")};
            const bool equality = op.text == QLatin1String("==") || op.text == QLatin1String("!=");
            if (equality) {
                if (left->type != right->type) {
                    throw Failure{
                        op.column,
                        CatalogText::tr("cannot compare %1 with %2").arg(typeName(left->type), typeName(right->type))};
                }
                if (left->type == Type::List || left->type == Type::Opaque) {
                    throw Failure{op.column,
                                  CatalogText::tr("%1 values cannot be compared with %2; use “in” or isSet()")
                                      .arg(typeName(left->type), op.text)};
                }
                if (right->kind == Node::Kind::Literal)
                    checkOption(choiceSymbol(left), right->literal, left->name, rightCol);
                if (left->kind == Node::Kind::Literal)
                    checkOption(choiceSymbol(right), left->literal, right->name, leftCol);
            } else if (!(left->type == right->type && (left->type == Type::Number || left->type == Type::Date))) {
                throw Failure{op.column, CatalogText::tr("“%1” compares two numbers or two dates, not %2 and %3")
                                             .arg(op.text, typeName(left->type), typeName(right->type))};
            }
            NodePtr n = make(Node::Kind::Compare, Type::Boolean);
            n->op = op.text;
            n->children = {left, right};
            return n;
        }
        if (isWord("in")) {
            const int col = take().column;
            if (peek().kind == Tok::LBracket) {
                take();
                NodePtr n = make(Node::Kind::InList, Type::Boolean);
                if (left->type != Type::String && left->type != Type::Number) {
                    throw Failure{col, CatalogText::tr("“in [...]” needs text or a number on its left, not %1")
                                           .arg(typeName(left->type))};
                }
                for (;;) {
                    const int itemCol = peek().column;
                    NodePtr item = parseLiteral();
                    if (item->type != left->type) {
                        throw Failure{itemCol, CatalogText::tr("the list holds %1 but is compared with %2")
                                                   .arg(typeName(item->type), typeName(left->type))};
                    }
                    checkOption(choiceSymbol(left), item->literal, left->name, itemCol);
                    n->list.push_back(item->literal);
                    if (peek().kind == Tok::Comma) {
                        take();
                        continue;
                    }
                    expect(Tok::RBracket, QStringLiteral("“]”"));
                    break;
                }
                n->children = {left};
                return n;
            }
            const int refCol = peek().column;
            NodePtr ref = parseReference();
            if (ref->type != Type::List) {
                throw Failure{refCol, CatalogText::tr("“in” needs a list in brackets or a multiple-choice field")};
            }
            if (left->type != Type::String)
                throw Failure{col, CatalogText::tr("a multiple-choice field holds text values")};
            if (left->kind == Node::Kind::Literal)
                checkOption(choiceSymbol(ref), left->literal, ref->name, leftCol);
            NodePtr n = make(Node::Kind::InField, Type::Boolean);
            n->children = {left, ref};
            return n;
        }
        return left;
    }

    NodePtr parseLiteral()
    {
        const Token t = peek();
        if (t.kind == Tok::Minus && peek(1).kind == Tok::Number) {
            take();
            NodePtr n = make(Node::Kind::Literal, Type::Number);
            n->literal.data = -take().text.toDouble();
            return n;
        }
        if (t.kind == Tok::Number) {
            take();
            NodePtr n = make(Node::Kind::Literal, Type::Number);
            n->literal.data = t.text.toDouble();
            return n;
        }
        if (t.kind == Tok::String) {
            take();
            NodePtr n = make(Node::Kind::Literal, Type::String);
            n->literal.data = t.text;
            return n;
        }
        if (isWord("true") || isWord("false")) {
            take();
            NodePtr n = make(Node::Kind::Literal, Type::Boolean);
            n->literal.data = t.text == QLatin1String("true");
            return n;
        }
        if (isWord("date")) {
            take();
            expect(Tok::LParen, QStringLiteral("“(”"));
            const Token s = expect(Tok::String, CatalogText::tr("a date in quotes"));
            expect(Tok::RParen, QStringLiteral("“)”"));
            const QDate d = QDate::fromString(s.text, QStringLiteral("yyyy-MM-dd"));
            if (!d.isValid())
                throw Failure{s.column, CatalogText::tr("“%1” is not a real date (YYYY-MM-DD)").arg(s.text)};
            NodePtr n = make(Node::Kind::Literal, Type::Date);
            n->literal.data = d;
            return n;
        }
        throw Failure{t.column, CatalogText::tr("expected a value but found “%1”")
                                    .arg(t.kind == Tok::End ? CatalogText::tr("the end") : t.text)};
    }

    NodePtr parseReference()
    {
        const Token first = expect(Tok::Ident, CatalogText::tr("a field name"));
        if (reserved().contains(first.text))
            throw Failure{first.column, CatalogText::tr("“%1” is a reserved word, not a field").arg(first.text)};
        QString group;
        QString name = first.text;
        if (peek().kind == Tok::Dot) {
            take();
            const Token second = expect(Tok::Ident, CatalogText::tr("a field name after “.”"));
            group = first.text;
            name = second.text;
            if (m_ctx.rowGroup.isEmpty() || m_ctx.rowGroup != group) {
                throw Failure{first.column, CatalogText::tr("“%1.%2” can only be used by fields of the repeatable "
                                                            "group %1; use count(%1) elsewhere")
                                                .arg(group, name)};
            }
        }
        const auto it = m_ctx.symbols->fields.constFind(name);
        if (it == m_ctx.symbols->fields.constEnd())
            throw Failure{first.column, CatalogText::tr("there is no field “%1” in this item").arg(name)};
        if (!group.isEmpty() && it->group != group)
            throw Failure{first.column, CatalogText::tr("the field “%1” is not in the group “%2”").arg(name, group)};
        if (group.isEmpty() && it->repeated) {
            throw Failure{first.column, CatalogText::tr("“%1” is inside the repeatable group “%2”: write %2.%1 "
                                                        "inside that group, or use count(%2)")
                                            .arg(name, it->group)};
        }
        NodePtr n = make(Node::Kind::Ref, typeOfField(it->fieldType));
        n->group = group;
        n->name = name;
        return n;
    }

    NodePtr parseOperand()
    {
        const Token t = peek();
        if (t.kind == Tok::LParen) {
            const DepthGuard guard(m_depth, t.column);
            take();
            NodePtr inner = parseOr();
            expect(Tok::RParen, QStringLiteral("“)”"));
            return inner;
        }
        if (isWord("age") || isWord("isSet") || isWord("count") || isWord("today")) {
            take();
            expect(Tok::LParen, QStringLiteral("“(”"));
            NodePtr n;
            if (t.text == QLatin1String("today")) {
                n = make(Node::Kind::Today, Type::Date);
            } else if (t.text == QLatin1String("count")) {
                const Token g = expect(Tok::Ident, CatalogText::tr("a repeatable group"));
                if (!m_ctx.symbols->repeatGroups.contains(g.text))
                    throw Failure{g.column, CatalogText::tr("“%1” is not a repeatable group").arg(g.text)};
                n = make(Node::Kind::Count, Type::Number);
                n->group = g.text;
            } else {
                const int col = peek().column;
                NodePtr ref = parseReference();
                if (t.text == QLatin1String("age")) {
                    if (m_ctx.symbols->fields[ref->name].fieldType != FieldType::IdNumber)
                        throw Failure{col, CatalogText::tr("age() needs an ID number field")};
                    n = make(Node::Kind::Age, Type::Number);
                } else {
                    n = make(Node::Kind::IsSet, Type::Boolean);
                }
                n->children = {ref};
            }
            expect(Tok::RParen, QStringLiteral("“)”"));
            return n;
        }
        if (t.kind == Tok::Ident && !reserved().contains(t.text))
            return parseReference();
        return parseLiteral();
    }

    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
    const Context &m_ctx;
};

int compareValues(const Value &a, const Value &b)
{
    if (const double *x = std::get_if<double>(&a.data)) {
        const double y = std::get<double>(b.data);
        return *x < y ? -1 : (*x > y ? 1 : 0);
    }
    const QDate &x = std::get<QDate>(a.data);
    const QDate &y = std::get<QDate>(b.data);
    return x < y ? -1 : (x > y ? 1 : 0);
}

bool truthy(const Value &v)
{
    const bool *b = std::get_if<bool>(&v.data);
    return b && *b;
}

Value boolValue(bool b)
{
    Value v;
    v.data = b;
    return v;
}

} // namespace

SymbolTable SymbolTable::forItem(const ServiceItem &item)
{
    SymbolTable t;
    for (const FieldGroup &g : item.groups) {
        if (g.repeat)
            t.repeatGroups.insert(g.id);
        for (const Field &f : g.fields) {
            Symbol s;
            s.fieldType = f.type;
            s.group = g.id;
            s.repeated = g.repeat.has_value();
            for (const ChoiceOption &o : f.options)
                s.options.append(o.value);
            t.fields.insert(f.id, s);
        }
    }
    return t;
}

Result<Condition> compile(const QString &text, const Context &context)
{
    if (text.size() > 2000) {
        return makeError(ErrorCode::Invalid, CatalogText::tr("column 1: the condition is longer than 2000 characters"),
                         QStringLiteral("expression too long: %1 characters").arg(text.size()));
    }
    try {
        Parser parser(text, context);
        return Condition(parser.parseCondition());
    } catch (const Failure &f) {
        return makeError(ErrorCode::Invalid, CatalogText::tr("column %1: %2").arg(f.column).arg(f.message),
                         QStringLiteral("expression error at column %1").arg(f.column));
    }
}

QStringList references(const Node &node)
{
    QStringList out;
    if (node.kind == Node::Kind::Ref)
        out.append(node.group.isEmpty() ? node.name : node.group + QLatin1Char('.') + node.name);
    if (node.kind == Node::Kind::Count)
        out.append(QStringLiteral("count:") + node.group);
    for (const auto &child : node.children)
        out += references(*child);
    return out;
}

int ageOn(const QDate &birth, const QDate &today)
{
    int years = today.year() - birth.year();
    if (today.month() < birth.month() || (today.month() == birth.month() && today.day() < birth.day()))
        --years;
    return years;
}

Value evaluate(const Node &node, const Scope &scope)
{
    switch (node.kind) {
    case Node::Kind::Literal:
        return node.literal;
    case Node::Kind::Ref:
        return scope.value(node.group, node.name);
    case Node::Kind::Today: {
        Value v;
        v.data = scope.today();
        return v;
    }
    case Node::Kind::Count: {
        Value v;
        v.data = static_cast<double>(scope.rowCount(node.group));
        return v;
    }
    case Node::Kind::Age: {
        const Value id = evaluate(*node.children[0], scope);
        const QString *s = std::get_if<QString>(&id.data);
        if (!s)
            return {};
        const QString n = idNumber::normalized(*s);
        const QDate today = scope.today();
        if (idNumber::check(n, today) != idNumber::Problem::None)
            return {};
        Value v;
        v.data = static_cast<double>(ageOn(*idNumber::birthDate(n), today));
        return v;
    }
    case Node::Kind::IsSet:
        return boolValue(!evaluate(*node.children[0], scope).isNull());
    case Node::Kind::Not:
        return boolValue(!truthy(evaluate(*node.children[0], scope)));
    case Node::Kind::And:
        return boolValue(truthy(evaluate(*node.children[0], scope)) && truthy(evaluate(*node.children[1], scope)));
    case Node::Kind::Or:
        return boolValue(truthy(evaluate(*node.children[0], scope)) || truthy(evaluate(*node.children[1], scope)));
    case Node::Kind::Compare: {
        const Value a = evaluate(*node.children[0], scope);
        const Value b = evaluate(*node.children[1], scope);
        if (node.op == QLatin1String("=="))
            return boolValue(a == b);
        if (node.op == QLatin1String("!="))
            return boolValue(!(a == b));
        if (a.isNull() || b.isNull())
            return boolValue(false);
        const int c = compareValues(a, b);
        if (node.op == QLatin1String("<"))
            return boolValue(c < 0);
        if (node.op == QLatin1String("<="))
            return boolValue(c <= 0);
        if (node.op == QLatin1String(">"))
            return boolValue(c > 0);
        return boolValue(c >= 0);
    }
    case Node::Kind::InList: {
        const Value x = evaluate(*node.children[0], scope);
        if (x.isNull())
            return boolValue(false);
        return boolValue(std::find(node.list.begin(), node.list.end(), x) != node.list.end());
    }
    case Node::Kind::InField: {
        const Value x = evaluate(*node.children[0], scope);
        const Value set = evaluate(*node.children[1], scope);
        const QString *s = std::get_if<QString>(&x.data);
        const QStringList *l = std::get_if<QStringList>(&set.data);
        return boolValue(s && l && l->contains(*s));
    }
    }
    return {};
}

bool holds(const Condition &condition, const Scope &scope)
{
    return !condition || truthy(evaluate(*condition, scope));
}

} // namespace ow::expr
