#include "domain/ServiceItem.h"

#include <array>

namespace ow {

namespace {
constexpr std::array<const char *, 16> kFieldTypeKeys{
    "text",     "multiline", "number", "money",  "date",    "choice",   "multiChoice", "yesNo",
    "idNumber", "uscc",      "mobile", "region", "address", "bankCard", "attachment",  "signature"};
} // namespace

std::optional<FieldType> fieldType::fromKey(const QString &key)
{
    for (std::size_t i = 0; i < kFieldTypeKeys.size(); ++i) {
        if (key == QLatin1String(kFieldTypeKeys[i]))
            return static_cast<FieldType>(i);
    }
    return std::nullopt;
}

QString fieldType::key(FieldType type)
{
    return QString::fromLatin1(kFieldTypeKeys[static_cast<std::size_t>(type)]);
}

const Field *ServiceItem::field(const QString &fieldId) const
{
    for (const FieldGroup &g : groups) {
        for (const Field &f : g.fields) {
            if (f.id == fieldId)
                return &f;
        }
    }
    return nullptr;
}

const FieldGroup *ServiceItem::group(const QString &groupId) const
{
    for (const FieldGroup &g : groups) {
        if (g.id == groupId)
            return &g;
    }
    return nullptr;
}

const FieldGroup *ServiceItem::groupOfField(const QString &fieldId) const
{
    for (const FieldGroup &g : groups) {
        for (const Field &f : g.fields) {
            if (f.id == fieldId)
                return &g;
        }
    }
    return nullptr;
}

int ServiceItem::fieldCount() const
{
    int n = 0;
    for (const FieldGroup &g : groups)
        n += static_cast<int>(g.fields.size());
    return n;
}

} // namespace ow
