#include "identity/Session.h"

#include "common/Clock.h"

namespace ow {

Session::Session(Operator op, const Clock &clock, int idleSeconds)
    : m_op(std::move(op))
    , m_clock(&clock)
    , m_idleSeconds(idleSeconds)
    , m_startedAt(clock.now())
    , m_lastActivity(m_startedAt)
{}

void Session::touch()
{
    const QDateTime now = m_clock->now();
    if (!isExpired(now))
        m_lastActivity = now;
}

bool Session::isExpired(const QDateTime &now) const
{
    return !m_signedIn || m_lastActivity.secsTo(now) >= m_idleSeconds;
}

void Session::end()
{
    m_signedIn = false;
    m_op = Operator{m_op.id, {}, m_op.roles, m_op.department};
}

} // namespace ow
