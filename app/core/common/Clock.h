#pragma once

#include <QDateTime>

namespace ow {

// Where "now" comes from. Production uses SystemClock; tests inject a ManualClock.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
    static const SystemClock &instance();
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start)
        : m_now(std::move(start))
    {}
    QDateTime now() const override { return m_now; }
    void set(QDateTime t) { m_now = std::move(t); }
    void advanceSecs(qint64 secs) { m_now = m_now.addSecs(secs); }
    void advanceDays(qint64 days) { m_now = m_now.addDays(days); }

private:
    QDateTime m_now;
};

} // namespace ow
