#include "sync/Backoff.h"

#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>

namespace ow::sync {

Disposition classify(int httpStatus)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return Disposition::Done;
    if (httpStatus == 408 || httpStatus == 429)
        return Disposition::Retry;
    if (httpStatus >= 400 && httpStatus < 500)
        return Disposition::Reject;
    // No answer at all, 5xx, and anything unexpected (1xx/3xx: we never follow redirects).
    return Disposition::Retry;
}

std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 secs = v.toLongLong(&ok);
    if (ok)
        return secs < 0 ? std::nullopt : std::optional<qint64>(secs * 1000);
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(v), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    at = QDateTime(at.date(), at.time(), Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(at));
}

Backoff::Backoff()
    : Backoff(Policy())
{}

Backoff::Backoff(Policy policy, std::function<double()> uniform)
    : m_policy(policy)
    , m_uniform(std::move(uniform))
{
    if (!m_uniform)
        m_uniform = [] { return QRandomGenerator::global()->generateDouble(); };
}

qint64 Backoff::ceilingMs(int attempt) const
{
    qint64 ceiling = std::max<qint64>(1, m_policy.baseMs);
    for (int i = 0; i < attempt && ceiling < m_policy.capMs; ++i)
        ceiling *= 2;
    return std::min(ceiling, m_policy.capMs);
}

qint64 Backoff::delayMs(int attempt, std::optional<qint64> retryAfterMs) const
{
    const double u = std::clamp(m_uniform(), 0.0, 1.0);
    const qint64 ceiling = ceilingMs(std::max(0, attempt));
    qint64 delay = std::min<qint64>(ceiling, static_cast<qint64>(u * static_cast<double>(ceiling)));
    if (retryAfterMs)
        delay = std::max(delay, std::min(*retryAfterMs, m_policy.maxRetryAfterMs));
    return delay;
}

} // namespace ow::sync
