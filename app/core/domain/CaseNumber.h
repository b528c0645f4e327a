#pragma once

#include <QDate>
#include <QString>

namespace ow::caseNumber {

// 办件编号 minted offline: DEVICE-yyyyMMdd-SEQUENCE. The sequence is device-wide and persisted in
// the same transaction as the case, so a number is never reused after a crash or restart.
QString format(const QString &deviceId, const QDate &day, qint64 sequence);
bool isWellFormed(const QString &number);

} // namespace ow::caseNumber
