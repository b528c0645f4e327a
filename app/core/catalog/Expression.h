#pragma once

#include "common/Result.h"
#include "domain/ServiceItem.h"

#include <QDate>
#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <memory>
#include <variant>
#include <vector>

// The catalog's condition language (forms/README.md §6): parsed and type-checked once at load
// time into a tree, evaluated by walking the tree. Nothing is ever passed to an eval.
namespace ow::expr {

enum class Type { Boolean, Number, String, Date, List, Opaque };

// A runtime value; monostate is "unset".
struct Value
{
    std::variant<std::monostate, bool, double, QString, QDate, QStringList> data;

    bool isNull() const { return std::holds_alternative<std::monostate>(data); }
    bool operator==(const Value &other) const { return data == other.data; }
};

struct Node
{
    enum class Kind { Literal, Ref, Age, Today, Count, IsSet, Not, And, Or, Compare, InList, InField };
    Kind kind = Kind::Literal;
    Type type = Type::Boolean;
    Value literal; // Literal
    QString group; // Ref: repeat group for row references; Count: the group
    QString name;  // Ref: field id
    QString op;    // Compare: == != < <= > >=
    std::vector<std::shared_ptr<const Node>> children;
    std::vector<Value> list; // InList
};

// What the type checker knows about an item's fields.
struct Symbol
{
    FieldType fieldType = FieldType::Text;
    QString group;         // the group the field is in
    bool repeated = false; // the group is repeatable
    QStringList options;   // choice and multiChoice values
};

struct SymbolTable
{
    QHash<QString, Symbol> fields;
    QSet<QString> repeatGroups;

    static SymbolTable forItem(const ServiceItem &item);
};

// Where an expression stands: in a field of repeatable group `rowGroup` it may read that
// group's fields of the same row as `rowGroup.field`.
struct Context
{
    const SymbolTable *symbols = nullptr;
    QString rowGroup;
};

// Parses and type-checks a condition; the error's user message names the column and the problem.
Result<Condition> compile(const QString &text, const Context &context);

// What an expression reads: field ids (row references as "group.field") and "count:group".
QStringList references(const Node &node);

class Scope
{
public:
    virtual ~Scope() = default;
    // The value of a visible field with a value, else unset. `group` is set for row references.
    virtual Value value(const QString &group, const QString &field) const = 0;
    virtual int rowCount(const QString &group) const = 0;
    virtual QDate today() const = 0;
};

Value evaluate(const Node &node, const Scope &scope);
// A missing condition holds; an unset result does not.
bool holds(const Condition &condition, const Scope &scope);
// Completed years on `today`; a 29 February birthday is reached on 1 March in other years.
int ageOn(const QDate &birth, const QDate &today);

} // namespace ow::expr
