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
int digits(QStringView text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[at + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

QDateTime parseUtcTime(QStringView text)
{
    // yyyy-MM-ddTHH:mm:ssZ (20) or yyyy-MM-ddTHH:mm:ss.zzzZ (24)
    if ((text.size() != 20 && text.size() != 24) || text[4] != u'-' || text[7] != u'-' || text[10] != u'T' ||
        text[13] != u':' || text[16] != u':' || text.back() != u'Z')
        return {};
    if (text.size() == 24 && text[19] != u'.')
        return {};
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2);
    const int minute = digits(text, 14, 2);
    const int second = digits(text, 17, 2);
    const int ms = text.size() == 24 ? digits(text, 20, 3) : 0;
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0)
        return {};
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, ms);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
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
