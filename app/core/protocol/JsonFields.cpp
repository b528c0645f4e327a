#include "protocol/JsonFields.h"

#include "protocol/ProtocolText.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

#include <cmath>

namespace ow::protocol {

namespace {

bool isLowerHex(const QString &text)
{
    for (const QChar c : text) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

} // namespace

FieldReader::FieldReader(const QJsonObject &object, QString path)
    : m_object(object)
    , m_path(std::move(path))
{}

QString FieldReader::childPath(const char *key, qsizetype index) const
{
    QString out = m_path + QLatin1Char('.') + QLatin1String(key);
    if (index >= 0)
        out += QStringLiteral("[%1]").arg(index);
    return out;
}

void FieldReader::refuse(const char *key, const QString &why)
{
    if (m_failure.isEmpty())
        m_failure = QStringLiteral("%1: field '%2' %3").arg(m_path, QLatin1String(key), why);
}

void FieldReader::adopt(const FieldReader &nested)
{
    if (m_failure.isEmpty())
        m_failure = nested.m_failure;
}

Error FieldReader::error() const
{
    return malformedMessage(m_failure);
}

std::optional<QJsonValue> FieldReader::required(const char *key)
{
    const QJsonValue value = m_object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull()) {
        refuse(key, QStringLiteral("is missing"));
        return std::nullopt;
    }
    return value;
}

QString FieldReader::string(const char *key, qsizetype maxLength)
{
    const auto value = required(key);
    if (!value)
        return {};
    if (!value->isString()) {
        refuse(key, QStringLiteral("is not a string"));
        return {};
    }
    const QString text = value->toString();
    if (text.isEmpty()) {
        refuse(key, QStringLiteral("is empty"));
        return {};
    }
    if (text.size() > maxLength) {
        refuse(key, QStringLiteral("is longer than %1 characters").arg(maxLength));
        return {};
    }
    return text;
}

QString FieldReader::optionalString(const char *key, qsizetype maxLength)
{
    const QJsonValue value = m_object.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString()) {
        refuse(key, QStringLiteral("is not a string"));
        return {};
    }
    if (value.toString().size() > maxLength) {
        refuse(key, QStringLiteral("is longer than %1 characters").arg(maxLength));
        return {};
    }
    return value.toString();
}

qint64 FieldReader::integer(const char *key, qint64 min, qint64 max)
{
    const auto value = required(key);
    if (!value)
        return min;
    // JSON numbers are doubles: check the range before converting (1e300 does not fit a qint64).
    const double number = value->toDouble();
    if (!value->isDouble() || !std::isfinite(number) || number != std::floor(number)) {
        refuse(key, QStringLiteral("is not an integer"));
        return min;
    }
    if (number < static_cast<double>(min) || number > static_cast<double>(max)) {
        refuse(key, QStringLiteral("is out of range [%1, %2]").arg(min).arg(max));
        return min;
    }
    return value->toInteger();
}

bool FieldReader::boolean(const char *key)
{
    const auto value = required(key);
    if (!value)
        return false;
    if (!value->isBool()) {
        refuse(key, QStringLiteral("is not a boolean"));
        return false;
    }
    return value->toBool();
}

QJsonObject FieldReader::object(const char *key)
{
    const auto value = required(key);
    if (!value)
        return {};
    if (!value->isObject()) {
        refuse(key, QStringLiteral("is not an object"));
        return {};
    }
    return value->toObject();
}

QJsonArray FieldReader::array(const char *key)
{
    const auto value = required(key);
    if (!value)
        return {};
    if (!value->isArray()) {
        refuse(key, QStringLiteral("is not an array"));
        return {};
    }
    return value->toArray();
}

QByteArray FieldReader::base64(const char *key)
{
    const QString text = string(key, 64 * 1024 * 1024);
    if (!ok())
        return {};
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty()) {
        refuse(key, QStringLiteral("is not base64"));
        return {};
    }
    return *decoded;
}

QByteArray FieldReader::hex(const char *key, int length)
{
    const QString text = string(key, length);
    if (!ok())
        return {};
    if (text.size() != length || !isLowerHex(text)) {
        refuse(key, QStringLiteral("is not %1 lower-case hex digits").arg(length));
        return {};
    }
    return text.toLatin1();
}

QString FieldReader::time(const char *key)
{
    const QString text = string(key, 64);
    if (!ok())
        return {};
    // The form every device and the hub write first; QDateTime's general parser for the others.
    if (parseUtcTime(text).isValid())
        return text;
    const QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid() || !text.endsWith(QLatin1Char('Z'))) {
        refuse(key, QStringLiteral("is not a UTC ISO 8601 time"));
        return {};
    }
    return text;
}

QString FieldReader::decimal(const char *key)
{
    const QString text = string(key, 19);
    if (!ok())
        return {};
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9')) {
            refuse(key, QStringLiteral("is not a decimal number"));
            return {};
        }
    }
    return text;
}

QString FieldReader::uuid(const char *key)
{
    const QString text = string(key, 64);
    if (!ok())
        return {};
    if (isCanonicalUuid(text))
        return text;
    const QUuid parsed = QUuid::fromString(text);
    if (parsed.isNull() || parsed.toString(QUuid::WithoutBraces) != text) {
        refuse(key, QStringLiteral("is not a lower-case UUID"));
        return {};
    }
    return text;
}

bool isCanonicalUuid(QStringView text)
{
    if (text.size() != 36)
        return false;
    bool nonZero = false;
    for (qsizetype i = 0; i < 36; ++i) {
        const char16_t c = text[i].unicode();
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
            continue;
        }
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
        nonZero = nonZero || c != u'0';
    }
    return nonZero;
}

namespace {

// The value of `count` decimal digits at `at`, or -1.
template<typename Text>
int digits(Text text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const auto c = static_cast<char16_t>(text[at + i].unicode());
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// Days from 1970-01-01 to a proleptic Gregorian date (year >= 1), as QDate counts them.
qint64 daysFromCivil(int year, int month, int day)
{
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = y / 400;
    const int yearOfEra = y - era * 400;
    const int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return static_cast<qint64>(era) * 146097 + dayOfEra - 719468;
}

template<typename Text>
std::optional<qint64> timeMs(Text text)
{
    // yyyy-MM-ddTHH:mm:ssZ (20) or yyyy-MM-ddTHH:mm:ss.zzzZ (24)
    const qsizetype size = text.size();
    const auto at = [&](qsizetype i) { return static_cast<char16_t>(text[i].unicode()); };
    if ((size != 20 && size != 24) || at(4) != u'-' || at(7) != u'-' || at(10) != u'T' || at(13) != u':' ||
        at(16) != u':' || at(size - 1) != u'Z')
        return std::nullopt;
    if (size == 24 && at(19) != u'.')
        return std::nullopt;
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2);
    const int minute = digits(text, 14, 2);
    const int second = digits(text, 17, 2);
    const int ms = size == 24 ? digits(text, 20, 3) : 0;
    // What QDate and QTime take: no year 0, real days of the month, no leap second.
    if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
        second < 0 || second > 59 || ms < 0)
        return std::nullopt;
    static constexpr int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > monthDays[month - 1] + (month == 2 && leap ? 1 : 0))
        return std::nullopt;
    const qint64 days = daysFromCivil(year, month, day);
    return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms;
}

} // namespace

std::optional<qint64> utcTimeMs(QStringView text)
{
    return timeMs(text);
}

std::optional<qint64> utcTimeMs(QLatin1StringView text)
{
    return timeMs(text);
}

QDateTime parseUtcTime(QStringView text)
{
    const auto ms = timeMs(text);
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
}

Result<QJsonObject> parseObject(const QByteArray &body, const QString &what)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return malformedMessage(what + QStringLiteral(": body is not a JSON object"));
    return doc.object();
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Error malformedMessage(const QString &logDetail)
{
    return makeError(ErrorCode::Invalid,
                     ProtocolText::tr("A message exchanged with the county hub is not in the expected form."),
                     logDetail);
}

} // namespace ow::protocol
