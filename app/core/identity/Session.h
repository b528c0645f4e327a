#pragma once

#include "identity/Operator.h"

#include <QDateTime>

namespace ow {

class Clock;

// One operator signed in at one desk. Every use of the desk touch()es it; once idle for longer
// than its idle time it is expired and stays so (touching does not revive it), and
// SignInService::signOutIfIdle() ends it with an audit entry. Made by SignInService::signIn().
class Session
{
public:
    Session(Operator op, const Clock &clock, int idleSeconds);

    const Operator &op() const { return m_op; }
    QDateTime startedAt() const { return m_startedAt; }
    QDateTime lastActivity() const { return m_lastActivity; }
    int idleSeconds() const { return m_idleSeconds; }
    bool isSignedIn() const { return m_signedIn; }

    // Records activity now (the injected clock); no effect once expired or signed out.
    void touch();
    // True once signed out, or when nothing happened for idleSeconds() before `now`.
    bool isExpired(const QDateTime &now) const;

private:
    friend class SignInService;
    void end();

    Operator m_op;
    const Clock *m_clock;
    int m_idleSeconds;
    QDateTime m_startedAt;
    QDateTime m_lastActivity;
    bool m_signedIn = true;
};

} // namespace ow
