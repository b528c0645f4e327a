#pragma once

#include <QDateTime>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>

namespace ow {

class Clock;

// Watches for a citizen walking away. Any touch, click or key press counts as activity; after
// `timeoutSeconds` without one the watch times out, and during the last `warningSeconds` it is
// in warning (the shell shows a countdown). It only counts while active: an untouched home
// screen has nothing to protect. Time comes from an injectable clock; the tick only asks it.
class IdleWatch : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("created by KioskSession")
    Q_PROPERTY(int timeoutSeconds READ timeoutSeconds NOTIFY settingsChanged FINAL)
    Q_PROPERTY(int warningSeconds READ warningSeconds NOTIFY settingsChanged FINAL)
    Q_PROPERTY(bool active READ active NOTIFY stateChanged FINAL)
    Q_PROPERTY(bool warning READ warning NOTIFY stateChanged FINAL)
    Q_PROPERTY(int secondsLeft READ secondsLeft NOTIFY stateChanged FINAL)

public:
    static constexpr int DefaultTimeoutSeconds = 90;
    static constexpr int DefaultWarningSeconds = 15;

    explicit IdleWatch(QObject *parent = nullptr);

    void setClock(const Clock *clock);
    // The warning never exceeds the timeout.
    void setTimeout(int timeoutSeconds, int warningSeconds = DefaultWarningSeconds);
    // The timeout and the warning, each multiplied by the stretch: elder mode gives twice the time.
    int timeoutSeconds() const { return m_timeout * m_stretch; }
    int warningSeconds() const { return m_warning * m_stretch; }
    // 1 normally; elder mode sets 2. Restarts the full (stretched) timeout.
    void setStretch(int factor);
    int stretch() const { return m_stretch; }

    bool active() const { return m_active; }
    void setActive(bool active);
    bool warning() const { return m_inWarning; }
    int secondsLeft() const { return m_secondsLeft; }

    // The citizen did something: the full timeout starts again.
    Q_INVOKABLE void activity();
    // Compares the clock with the last activity; the timer calls it, tests may too.
    Q_INVOKABLE void check();

    // Counts pointer and key presses of the whole application as activity.
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void settingsChanged();
    void stateChanged();
    void timedOut();

private:
    QDateTime now() const;
    void update(bool warning, int secondsLeft);

    const Clock *m_clock = nullptr;
    QTimer m_tick;
    QDateTime m_lastActivity;
    int m_timeout = DefaultTimeoutSeconds;
    int m_warning = DefaultWarningSeconds;
    int m_stretch = 1;
    bool m_active = false;
    bool m_inWarning = false;
    int m_secondsLeft = DefaultTimeoutSeconds;
};

} // namespace ow
