#pragma once

#include "catalog/Expression.h"
#include "domain/ServiceItem.h"

#include <QDate>
#include <QJsonValue>
#include <QString>

namespace ow {

class RegionTable;

struct FieldCheckContext
{
    const RegionTable *regions = nullptr;
    QDate today;
};

namespace fieldRules {

// True when the value counts as "no answer" (null, blank text, empty list).
bool isEmpty(const Field &field, const QJsonValue &value);
// A translated message for the person at the screen, or an empty string when the value is fine.
// Only called for non-empty values; requiredness is decided by the form.
QString check(const Field &field, const QJsonValue &value, const FieldCheckContext &context);
// The value as the expression language sees it (unset when empty).
expr::Value toExpressionValue(const Field &field, const QJsonValue &value);
// The value cleaned for storage: trimmed text, upper-case X and USCC, digits-only bank card.
QJsonValue normalized(const Field &field, const QJsonValue &value);
// What a screen or receipt may show: ID numbers, bank cards and phones masked.
QString displayText(const Field &field, const QJsonValue &value, const QString &language);

} // namespace fieldRules

} // namespace ow
