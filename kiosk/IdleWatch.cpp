#include "IdleWatch.h"

#include "common/Clock.h"

#include <QEvent>

#include <algorithm>

namespace ow {

IdleWatch::IdleWatch(QObject *parent)
    : QObject(parent)
{
    // A quarter second keeps the countdown's seconds in step without busy work.
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &IdleWatch::check);
    m_lastActivity = now();
}

void IdleWatch::setClock(const Clock *clock)
{
    m_clock = clock;
    m_lastActivity = now();
}

void IdleWatch::setTimeout(int timeoutSeconds, int warningSeconds)
{
    m_timeout = std::max(1, timeoutSeconds);
    m_warning = std::clamp(warningSeconds, 0, m_timeout);
    Q_EMIT settingsChanged();
    activity();
}

void IdleWatch::setStretch(int factor)
{
    factor = std::max(1, factor);
    if (factor == m_stretch)
        return;
    m_stretch = factor;
    Q_EMIT settingsChanged();
    activity();
}

QDateTime IdleWatch::now() const
{
    return m_clock ? m_clock->now() : SystemClock::instance().now();
}

void IdleWatch::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    m_lastActivity = now();
    if (m_active)
        m_tick.start();
    else
        m_tick.stop();
    m_inWarning = false;
    m_secondsLeft = timeoutSeconds();
    Q_EMIT stateChanged();
}

void IdleWatch::activity()
{
    m_lastActivity = now();
    update(false, timeoutSeconds());
}

void IdleWatch::check()
{
    if (!m_active)
        return;
    const qint64 leftMs = qint64(timeoutSeconds()) * 1000 - m_lastActivity.msecsTo(now());
    if (leftMs <= 0) {
        update(false, 0);
        Q_EMIT timedOut();
        return;
    }
    const int left = int((leftMs + 999) / 1000);
    update(leftMs <= qint64(warningSeconds()) * 1000, left);
}

void IdleWatch::update(bool warning, int secondsLeft)
{
    if (m_inWarning == warning && m_secondsLeft == secondsLeft)
        return;
    m_inWarning = warning;
    m_secondsLeft = secondsLeft;
    Q_EMIT stateChanged();
}

bool IdleWatch::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
    case QEvent::Wheel:
        activity();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ow
