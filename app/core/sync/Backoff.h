#pragma once

#include <QByteArray>
#include <QDateTime>

#include <functional>
#include <optional>

namespace ow::sync {

// What to do after an exchange with the hub.
enum class Disposition {
    Done,   // 2xx: the hub has it
    Retry,  // no answer, 408, 429, 5xx: try again later
    Reject, // any other 4xx, 409 included: retrying cannot help; report it
};

Disposition classify(int httpStatus);

// Parses Retry-After: delta-seconds or an HTTP-date (relative to `now`). Empty when absent or
// unreadable; never negative.
std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now);

// Full-jitter exponential backoff: attempt n waits uniform(0, min(cap, base * 2^n)). A
// Retry-After from the hub is a floor: the wait is never shorter than what the hub asked for
// (itself capped at maxRetryAfterMs so a broken proxy cannot park the outbox for a year).
class Backoff
{
public:
    struct Policy
    {
        qint64 baseMs = 1000;
        qint64 capMs = 10 * 60 * 1000;
        qint64 maxRetryAfterMs = 6 * 60 * 60 * 1000;
    };
    // `uniform` returns a value in [0, 1); production uses QRandomGenerator::global().
    Backoff();
    explicit Backoff(Policy policy, std::function<double()> uniform = {});

    qint64 ceilingMs(int attempt) const;
    qint64 delayMs(int attempt, std::optional<qint64> retryAfterMs = std::nullopt) const;
    const Policy &policy() const { return m_policy; }

private:
    Policy m_policy;
    std::function<double()> m_uniform;
};

} // namespace ow::sync
