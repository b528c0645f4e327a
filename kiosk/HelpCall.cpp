#include "HelpCall.h"

#include "KioskSession.h"

#include "common/Clock.h"
#include "sync/HelpRequest.h"
#include "sync/HubFeeds.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QThreadPool>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

namespace {
HelpCall *g_instance = nullptr;
} // namespace

HelpCall::HelpCall(KioskSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &HelpCall::changed); // "asked N minutes ago"
    if (session) {
        // A visit that ends takes the message with it; the request stays with the hub, and the
        // next tap answers it again with its own time.
        connect(session, &KioskSession::wiped, this, [this] {
            ++m_generation;
            m_refresh.stop();
            m_shown = false;
            m_requestedAt = {};
            m_request = {};
            setState(State::Idle);
        });
        connect(session, &KioskSession::languageChanged, this, &HelpCall::changed);
    }
}

HelpCall::~HelpCall()
{
    if (g_instance == this)
        g_instance = nullptr;
}

HelpCall *HelpCall::instance()
{
    return g_instance;
}

void HelpCall::setInstance(HelpCall *call)
{
    g_instance = call;
}

HelpCall *HelpCall::create(QQmlEngine *, QJSEngine *)
{
    if (!g_instance) {
        // A shell loaded without one (some tests): a call that can only show the fallback, gone
        // when the visit ends.
        auto *fallback = new HelpCall(KioskSession::instance());
        QQmlEngine::setObjectOwnership(fallback, QQmlEngine::JavaScriptOwnership);
        return fallback;
    }
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    return g_instance;
}

void HelpCall::setLink(sync::Transport *transport, const sync::DeviceIdentity *device)
{
    m_transport = transport;
    m_device = device;
}

void HelpCall::setHelperPhone(const QString &phone)
{
    m_phone = phone.trimmed();
    Q_EMIT changed();
}

QDateTime HelpCall::now() const
{
    return (m_clock ? m_clock : &SystemClock::instance())->now();
}

void HelpCall::setState(State state)
{
    m_state = state;
    Q_EMIT changed();
}

QString HelpCall::message() const
{
    switch (m_state) {
    case State::Idle:
        return {};
    case State::Asking:
        return tr("Calling the village helper…");
    case State::Coming: {
        const qint64 minutes = m_requestedAt.isValid() ? std::max<qint64>(0, m_requestedAt.secsTo(now()) / 60) : 0;
        if (minutes < 1)
            return tr("A village helper has been called and is coming to you. Please wait here.");
        return tr("A village helper is coming to you: called %n minute(s) ago. Please wait here.", nullptr,
                  int(std::min<qint64>(minutes, 24 * 60)));
    }
    case State::Offline:
        return m_phone.isEmpty() ? tr("This kiosk cannot call the helper right now. Please ask at the village "
                                      "service point or the service hall.")
                                 : tr("This kiosk cannot call the helper right now. Please phone the village "
                                      "helper:");
    }
    return {};
}

void HelpCall::call()
{
    m_shown = true;
    m_refresh.start();
    const QString screen = m_session ? m_session->screen() : QStringLiteral("home");
    if (!m_transport || !m_device) {
        qCInfo(lcKiosk) << "help: no hub link, the helper's phone is shown";
        setState(State::Offline);
        return;
    }
    if (m_state == State::Asking)
        return; // one request on its way is enough
    setState(State::Asking);
    const quint64 generation = ++m_generation;
    QPointer<HelpCall> self(this);
    sync::Transport *transport = m_transport;
    const sync::DeviceIdentity *device = m_device;
    const Clock *clock = m_clock ? m_clock : &SystemClock::instance();
    QThreadPool::globalInstance()->start([self, transport, device, clock, screen, generation] {
        auto answer = sync::askForHelp(*transport, *device, *clock, screen);
        QMetaObject::invokeMethod(
            qApp,
            [self, answer = std::move(answer), generation] {
                if (self)
                    self->finish(answer, generation);
            },
            Qt::QueuedConnection);
    });
}

void HelpCall::finish(const Result<protocol::HelpRequest> &answer, quint64 generation)
{
    if (generation != m_generation)
        return;
    if (!answer.ok()) {
        qCWarning(lcKiosk) << "help request not taken by the hub:" << answer.error().logDetail;
        setState(State::Offline);
        return;
    }
    m_request = *answer;
    m_requestedAt = QDateTime::fromString(answer->requestedAt, Qt::ISODateWithMs);
    qCInfo(lcKiosk) << "help request" << answer->id << "is with the hub";
    setState(State::Coming);
}

void HelpCall::dismiss()
{
    if (!m_shown)
        return;
    m_shown = false;
    m_refresh.stop();
    Q_EMIT changed();
}

} // namespace ow
