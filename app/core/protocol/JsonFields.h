#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <type_traits>

namespace ow::protocol {

// Reads the fields of one JSON object of a wire message and remembers the first field that is
// missing, of the wrong type or out of range. Readers return a neutral value after a failure, so
// a message parser reads every field in a row and asks ok() once at the end.
class FieldReader
{
public:
    // `path` names the object in log details: "enrollment answer", "events page.events[2]".
    FieldReader(const QJsonObject &object, QString path);

    // Required non-empty string of at most `maxLength` characters.
    QString string(const char *key, qsizetype maxLength = 4096);
    // Absent or null → empty; present → a string of at most `maxLength` characters.
    QString optionalString(const char *key, qsizetype maxLength = 4096);
    // Required integral number within [min, max].
    qint64 integer(const char *key, qint64 min, qint64 max);
    bool boolean(const char *key);
    QJsonObject object(const char *key);
    QJsonArray array(const char *key);
    // Required non-empty standard base64 (with padding).
    QByteArray base64(const char *key);
    // Required lower-case hex of exactly `length` characters.
    QByteArray hex(const char *key, int length = 64);
    // Required UTC time, ISO 8601 with milliseconds and Z.
    QString time(const char *key);
    // Required decimal digits (cursors travel as strings).
    QString decimal(const char *key);
    // Required UUID, lower case without braces.
    QString uuid(const char *key);
    // Required string that `fromKey` maps to a value.
    template<typename FromKey>
    auto enumeration(const char *key, FromKey fromKey) -> std::remove_cvref_t<decltype(*fromKey(QString()))>
    {
        const QString text = string(key, 64);
        if (!ok())
            return {};
        const auto value = fromKey(text);
        if (!value) {
            refuse(key, QStringLiteral("has an unknown value"));
            return {};
        }
        return *value;
    }

    // Required array of objects, each read by `readEntry(FieldReader &)` with its own path
    // ("queue.cases[3]"); stops at the first entry that is not an object or fails.
    template<typename ReadEntry>
    auto list(const char *key, ReadEntry readEntry) -> QList<std::invoke_result_t<ReadEntry, FieldReader &>>
    {
        QList<std::invoke_result_t<ReadEntry, FieldReader &>> out;
        const QJsonArray entries = array(key);
        for (qsizetype i = 0; ok() && i < entries.size(); ++i) {
            if (!entries.at(i).isObject()) {
                refuse(key, QStringLiteral("has an entry that is not an object"));
                break;
            }
            FieldReader entry(entries.at(i).toObject(), childPath(key, i));
            out.append(readEntry(entry));
            adopt(entry);
        }
        return out;
    }

    // Whether the object holds `key` (for optional nested objects and lists).
    bool has(const char *key) const { return m_object.contains(QLatin1String(key)); }
    // Records a failure of `key` (the first one wins).
    void refuse(const char *key, const QString &why);
    // Takes over the failure of a reader of a nested object.
    void adopt(const FieldReader &nested);
    QString childPath(const char *key, qsizetype index = -1) const;

    bool ok() const { return m_failure.isEmpty(); }
    // The first failure as an Error: a translated message and a log detail naming the field.
    Error error() const;

private:
    // The value of `key`, or nullopt after recording `why` when it is absent.
    std::optional<QJsonValue> required(const char *key);

    QJsonObject m_object;
    QString m_path;
    QString m_failure;
};

// The body as a JSON object, or an error saying it is not one.
Result<QJsonObject> parseObject(const QByteArray &body, const QString &what);
// A UTC time as the protocol writes it (ISO 8601 with "Z": "2026-03-02T02:00:00.000Z", the
// milliseconds optional), read without QDateTime::fromString's general parser, which costs
// microseconds a time: a queue of 50,000 cases holds 50,000 of them. Anything else, or a date or
// time that does not exist, is an invalid QDateTime.
QDateTime parseUtcTime(QStringView text);
// The same time as milliseconds since the epoch, or nullopt where parseUtcTime() is invalid:
// plain arithmetic, for readers that only order and count days.
std::optional<qint64> utcTimeMs(QStringView text);
std::optional<qint64> utcTimeMs(QLatin1StringView text);
// What QUuid writes without braces (lower-case hex, hyphens at 8, 13, 18, 23), and not the null
// UUID: what FieldReader::uuid() takes.
bool isCanonicalUuid(QStringView text);
// Compact JSON bytes of an object (keys sorted: the canonical form of PROTOCOL.md §0).
QByteArray toBytes(const QJsonObject &object);
// An Error for a message that is not in the expected form.
Error malformedMessage(const QString &logDetail);

} // namespace ow::protocol
