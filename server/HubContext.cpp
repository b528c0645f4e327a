#include "server/HubContext.h"

#include "crypto/Digest.h"

#include <QRegularExpression>

#include <mutex>

namespace ow::hub {

Status HubContext::audit(const QString &actor, const char *action, const QString &target, const char *outcome)
{
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO audit_log (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)"),
                  {now(), actor, QLatin1String(action), target, QLatin1String(outcome)});
    if (!inserted)
        return inserted.error();
    return {};
}

Status HubContext::orderEvents()
{
    // Released by the transaction's commit or rollback; taken once per transaction, so a group
    // of packets (group commit) asks for it once. The number names this lock among the
    // database's advisory locks.
    return m_db.lockForTransaction(7106001);
}

std::optional<crypto::PublicKey> HubContext::deviceKey(const QString &pem)
{
    // A key never changes under its PEM, so one cache serves every connection of the process.
    static std::mutex mutex;
    static QHash<QString, crypto::PublicKey> cache; // by PEM
    {
        const std::lock_guard lock(mutex);
        if (const auto it = cache.constFind(pem); it != cache.cend())
            return *it;
    }
    auto key = crypto::PublicKey::fromPem(pem.toLatin1());
    if (!key)
        return std::nullopt;
    const std::lock_guard lock(mutex);
    if (cache.size() > 10000)
        cache.clear();
    cache.insert(pem, *key);
    return *key;
}

namespace service {

ServiceError badJson()
{
    return ServiceError(Refusal::BadRequest, "bad_json", QStringLiteral("body is not a JSON object"));
}

QByteArray digestHex(const QByteArray &data)
{
    return crypto::sm3(data).toHex();
}

bool isSafeId(const QString &value, int maxLength)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._:-]*$"));
    return !value.isEmpty() && value.size() <= maxLength && pattern.match(value).hasMatch();
}

bool isCasePrefix(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9]{1,32}$"));
    return pattern.match(value).hasMatch();
}

QString casePrefixOf(const QString &caseNumber)
{
    return caseNumber.section(QLatin1Char('-'), 0, 0);
}

} // namespace service

} // namespace ow::hub
