#include "domain/CaseNumber.h"

#include <QRegularExpression>

namespace ow::caseNumber {

QString format(const QString &deviceId, const QDate &day, qint64 sequence)
{
    return QStringLiteral("%1-%2-%3")
        .arg(deviceId, day.toString(QStringLiteral("yyyyMMdd")))
        .arg(sequence, 6, 10, QLatin1Char('0'));
}

bool isWellFormed(const QString &number)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9]{2,32}-\\d{8}-\\d{6,}$"));
    return re.match(number).hasMatch();
}

} // namespace ow::caseNumber
