#pragma once

// Shared by the payload parsers of this folder; not part of its interface.

#include "scan/Payload.h"

#include <optional>

namespace ow::scan::payloadFields {

Classification reject(PayloadKind kind, Rejection why, const QString &userMessage);
Classification accept(PayloadKind kind, PayloadDetails details);
std::optional<QString> strictUtf8(const QByteArray &bytes);
bool isAsciiDigits(QStringView s);
// Device, issuer, case and draft identifiers: 1 to 40 of [A-Za-z0-9-].
bool isIdentifier(QStringView s);
// The calendar date in China (UTC+8), which is what licence validity dates mean.
QDate chinaToday(const QDateTime &now);

} // namespace ow::scan::payloadFields
