#pragma once

#include "protocol/HelpMessages.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>

namespace ow {

class Clock;
class KioskSession;

namespace sync {
class DeviceIdentity;
class Transport;
} // namespace sync

// 呼叫帮办员: one tap on any screen (the top bar's button, the home tile) asks the county hub to
// send the village helper (PROTOCOL.md §5.5), naming only the screen the citizen is on. The
// kiosk then says that help is coming and how long ago it was asked (the hub answers the open
// request of this kiosk when one is open, so tapping again never calls twice). With the hub out
// of reach, or no hub at all, it shows the helper's phone number from the kiosk's configuration
// (--helper-phone). Created in main() (or a test) with the session; QML reaches it as a singleton.
class HelpCall : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool shown READ shown NOTIFY changed FINAL)
    Q_PROPERTY(State state READ state NOTIFY changed FINAL)
    Q_PROPERTY(QString message READ message NOTIFY changed FINAL)
    Q_PROPERTY(QString phone READ phone NOTIFY changed FINAL)

public:
    enum class State {
        Idle,    // nothing asked in this visit
        Asking,  // the request is on its way
        Coming,  // the hub has it: the helper is coming
        Offline, // the hub cannot be asked: the phone number is shown
    };
    Q_ENUM(State)

    // Minutes between refreshes of "asked N minutes ago" while the message is up.
    static constexpr int RefreshMs = 20 * 1000;

    explicit HelpCall(KioskSession *session, QObject *parent = nullptr);
    ~HelpCall() override;

    static HelpCall *instance();
    static void setInstance(HelpCall *call);
    static HelpCall *create(QQmlEngine *engine, QJSEngine *);

    // The hub link once the kiosk is enrolled; without it a call shows the phone number.
    void setLink(sync::Transport *transport, const sync::DeviceIdentity *device);
    void setClock(const Clock *clock) { m_clock = clock; }
    // The village helper's phone number (KioskOptions::helperPhone); empty: "ask staff" instead.
    void setHelperPhone(const QString &phone);

    bool shown() const { return m_shown; }
    State state() const { return m_state; }
    // Translated: help is coming (asked N minutes ago), or the hub cannot be reached.
    QString message() const;
    // The helper's number while the hub cannot be asked; empty otherwise.
    QString phone() const { return m_state == State::Offline ? m_phone : QString(); }
    // When the hub recorded the request (its time); invalid before an answer.
    QDateTime requestedAt() const { return m_requestedAt; }
    // The hub's request as last answered (for tests and logs).
    const protocol::HelpRequest &request() const { return m_request; }

    // One tap: asks the hub (or shows the phone at once without a link).
    Q_INVOKABLE void call();
    // 好的: the message goes away; the request stays with the hub.
    Q_INVOKABLE void dismiss();

Q_SIGNALS:
    void changed();

private:
    void finish(const Result<protocol::HelpRequest> &answer, quint64 generation);
    void setState(State state);
    QDateTime now() const;

    QPointer<KioskSession> m_session;
    sync::Transport *m_transport = nullptr;
    const sync::DeviceIdentity *m_device = nullptr;
    const Clock *m_clock = nullptr;
    QString m_phone;
    bool m_shown = false;
    State m_state = State::Idle;
    QDateTime m_requestedAt;
    protocol::HelpRequest m_request;
    QTimer m_refresh;
    quint64 m_generation = 0; // a visit that ended while asking drops the answer
};

} // namespace ow
