#include "DeskSession.h"

#include "ReviewDesk.h"

#include "catalog/Catalog.h"
#include "identity/PermissionMatrix.h"
#include "store/Store.h"
#include "ui/CatalogService.h"

#include "OffThread.h"
#include <QEvent>

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDesk, "ow.desk")

namespace ow {

namespace {

DeskSession *g_instance = nullptr;

bool isHubRole(Role role)
{
    return role == Role::DepartmentReviewer || role == Role::HallSupervisor || role == Role::Auditor;
}

} // namespace

DeskSession::DeskSession(Store *store, sync::Transport *hub, const Clock &clock, SignInService::Options options,
                         QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_clock(clock)
    , m_signIn(*store, clock, std::move(options))
    , m_authorizer(store->audit(), clock)
{
    if (m_hub)
        m_client = std::make_unique<sync::OperatorClient>(*m_hub);
    m_review = std::make_unique<ReviewDesk>(this);
    m_review->setStore(store);
    m_window = std::make_unique<WindowDesk>(this);
    m_window->setStore(store);
    m_audit = std::make_unique<AuditDesk>(this);
    m_audit->setStore(store);
    m_helper = std::make_unique<HelperDesk>(this);
    m_helper->setStore(store);
    m_statistics = std::make_unique<HallStatistics>(this);
    m_rater = std::make_unique<RaterScreen>(this);
    m_rater->setStore(store);
    m_followUps = std::make_unique<FollowUpDesk>(this);
    m_idleTimer.setInterval(5000);
    connect(&m_idleTimer, &QTimer::timeout, this, &DeskSession::checkIdle);
}

DeskSession::~DeskSession()
{
    // Requests in flight use the hub client and call back into this object.
    QThreadPool::globalInstance()->waitForDone();
    if (g_instance == this)
        g_instance = nullptr;
}

DeskSession *DeskSession::instance()
{
    return g_instance;
}

void DeskSession::setInstance(DeskSession *session)
{
    g_instance = session;
}

DeskSession *DeskSession::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT(g_instance);
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    return g_instance;
}

QString DeskSession::operatorName() const
{
    if (!m_session)
        return {};
    return m_session->op().displayName.isEmpty() ? m_session->op().id : m_session->op().displayName;
}

QString DeskSession::roleLabel() const
{
    if (!m_session)
        return {};
    QStringList labels;
    for (Role r : m_session->op().roles)
        labels << role::label(r);
    return labels.join(QStringLiteral(" · "));
}

QString DeskSession::department() const
{
    return m_session ? m_session->op().department : QString();
}

QString DeskSession::departmentName() const
{
    const QString code = department();
    if (code.isEmpty() || !CatalogService::instance())
        return code;
    // Departments are named by the catalog's items that they handle.
    const QString language = CatalogService::instance()->language();
    for (const auto &item : CatalogService::instance()->catalog().items()) {
        if (item->department.code == code)
            return item->department.name.in(language);
    }
    return code;
}

QVariantList DeskSession::pages() const
{
    QVariantList out;
    if (!m_session)
        return out;
    const auto allowed = [this](Action action) {
        for (Role r : m_session->op().roles) {
            if (PermissionMatrix::allows(r, action))
                return true;
        }
        return false;
    };
    const auto page = [](const QString &key, const QString &title, const QString &shortcut, const QString &icon) {
        return QVariantMap{{QStringLiteral("key"), key},
                           {QStringLiteral("title"), title},
                           {QStringLiteral("shortcut"), shortcut},
                           {QStringLiteral("icon"), icon}};
    };
    out << page(QStringLiteral("home"), tr("Overview"), QStringLiteral("F1"), QStringLiteral("home"));
    // Window acceptance works on this desk's store, with or without the hub.
    if (allowed(Action::AcceptCase))
        out << page(QStringLiteral("accept"), tr("Accept an application"), QStringLiteral("F3"),
                    QStringLiteral("apply"));
    // Handing decided results over (出件), from this desk's store, with or without the hub.
    if (allowed(Action::IssueResult))
        out << page(QStringLiteral("issue"), tr("Issue results"), QStringLiteral("F4"), QStringLiteral("receipt"));
    // Corrections the departments asked for (补齐补正), recorded from this desk's store; they go
    // back to the reviewer through the outbox.
    if (allowed(Action::RecordCorrection))
        out << page(QStringLiteral("correct"), tr("Corrections"), QStringLiteral("F6"), QStringLiteral("camera"));
    // The department's queue comes from the hub: shown to those who may read it when there is one.
    if (m_hub && allowed(Action::ViewReviewQueue) && !m_session->op().department.isEmpty())
        out << page(QStringLiteral("queue"), tr("Review queue"), QStringLiteral("F2"), QStringLiteral("queue"));
    // The auditor's audit trails: this device's always, the hub's when signed in with it.
    if (allowed(Action::BrowseAudit))
        out << page(QStringLiteral("audit"), tr("Audit trail"), QStringLiteral("F7"), QStringLiteral("search"));
    // The village helper's board (帮办代办): helped cases and the kiosks' calls, on this desk's store.
    if (allowed(Action::ActForPrincipal))
        out << page(QStringLiteral("helper"), tr("Helper board"), QStringLiteral("F7"), QStringLiteral("helper"));
    // The hall's figures are the hub's, over every device of the county.
    if (m_hub && allowed(Action::ViewHallStatistics))
        out << page(QStringLiteral("statistics"), tr("Hall statistics"), QStringLiteral("F7"),
                    QStringLiteral("progress"));
    // Bad ratings' follow-ups (差评整改与回访) live at the hub: the supervisor's, with a hub.
    if (m_hub && allowed(Action::FollowUpRating))
        out << page(QStringLiteral("followups"), tr("Rating follow-ups"), QStringLiteral("F8"),
                    QStringLiteral("rating"));
    return out;
}

void DeskSession::handleScan(const QByteArray &payload)
{
    if (signedIn() && m_page == QLatin1String("accept"))
        m_window->takeScan(payload);
    else
        qCInfo(lcDesk) << "scanned code not used on page" << m_page;
}

void DeskSession::setPage(const QString &page)
{
    if (page == m_page)
        return;
    bool known = false;
    for (const QVariant &p : pages())
        known = known || p.toMap().value(QStringLiteral("key")).toString() == page;
    if (!known && !page.isEmpty())
        return;
    m_page = page;
    if (m_session)
        m_session->touch();
    // What the window said about the last thing done on another page (已受理 …) does not belong
    // on the page the clerk turns to.
    m_window->clearMessage();
    Q_EMIT pageChanged();
    if (m_page == QLatin1String("queue"))
        m_review->refresh();
    if (m_page == QLatin1String("issue") || m_page == QLatin1String("correct"))
        m_window->refreshToIssue();
    if (m_page == QLatin1String("statistics"))
        m_statistics->refresh();
}

void DeskSession::setMessage(const QString &message)
{
    if (message == m_message)
        return;
    m_message = message;
    Q_EMIT messageChanged();
}

void DeskSession::clearMessage()
{
    setMessage({});
}

void DeskSession::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void DeskSession::signIn(const QString &userName, const QString &password)
{
    if (m_busy || signedIn())
        return;
    const QString name = userName.trimmed();
    if (name.isEmpty() || password.isEmpty()) {
        setMessage(tr("Enter your user name and your password."));
        return;
    }
    setMessage({});
    if (!m_client) {
        signInLocally(name, password);
        return;
    }
    // The hub's login blocks on the network: off the GUI thread, the window keeps painting.
    setBusy(true);
    sync::OperatorClient *client = m_client.get();
    runOffThread(
        this, [client, name, password] { return client->login(name, password); },
        [this, name, password](sync::OperatorReply<protocol::LoginAnswer> answer) {
            finishSignIn(name, password, answer);
        });
}

void DeskSession::finishSignIn(const QString &userName, const QString &password,
                               const sync::OperatorReply<protocol::LoginAnswer> &hubAnswer)
{
    setBusy(false);
    if (hubAnswer.ok()) {
        // A hub account: cached with the password the hub accepted, so the next sign-in works
        // offline too; then signed in through the cache (lockout, audit, session).
        const protocol::LoginAnswer &answer = *hubAnswer.result;
        Operator op;
        op.id = answer.username;
        op.roles = {answer.role};
        op.department = answer.department;
        OperatorCache cache(*m_store);
        auto cached = cache.find(op.id);
        if (cached.ok() && cached->has_value())
            op.displayName = (*cached)->op.displayName;
        const Status remembered = m_signIn.remember(op, password);
        if (!remembered.ok()) {
            qCWarning(lcDesk) << "hub account not cached:" << remembered.error().logDetail;
            setMessage(remembered.error().userMessage);
            m_client->clearToken();
            return;
        }
        m_offline = false;
        signInLocally(userName, password);
        if (!signedIn())
            m_client->clearToken();
        return;
    }
    switch (hubAnswer.failure) {
    case sync::OperatorFailure::Unreachable:
        qCInfo(lcDesk) << "hub unreachable at sign-in; signing in from the cache";
        m_offline = true;
        signInLocally(userName, password);
        return;
    case sync::OperatorFailure::BadCredentials: {
        // Not a hub account, or a wrong password: a local account (a window clerk) signs in
        // from the cache; a hub account's refusal stands.
        OperatorCache cache(*m_store);
        auto cached = cache.find(userName);
        const bool local = cached.ok() && cached->has_value() &&
                           std::none_of((*cached)->op.roles.cbegin(), (*cached)->op.roles.cend(), isHubRole);
        if (local) {
            m_offline = false;
            signInLocally(userName, password);
            return;
        }
        setMessage(hubAnswer.result.error().userMessage);
        return;
    }
    default:
        setMessage(hubAnswer.result.error().userMessage);
        return;
    }
}

void DeskSession::signInLocally(const QString &userName, const QString &password)
{
    auto session = m_signIn.signIn(userName, password);
    if (!session.ok()) {
        setMessage(session.error().userMessage);
        return;
    }
    m_session.emplace(std::move(session.value()));
    qCInfo(lcDesk) << "signed in" << (m_offline ? "offline" : "online") << "as" << m_session->op().actor().role;
    m_idleTimer.start();
    // The decisions this reviewer left waiting for the hub at the last sign-out come back.
    m_review->signedIn();
    m_audit->signedIn();
    m_page = QStringLiteral("home");
    if (m_offline && m_client)
        setMessage(tr("The county hub cannot be reached: you are signed in on this desk only. Queues show when "
                      "they were last refreshed."));
    Q_EMIT signedInChanged();
    Q_EMIT pageChanged();
    // A reviewer starts at the queue, a window clerk at acceptance.
    QStringList keys;
    for (const QVariant &p : pages())
        keys << p.toMap().value(QStringLiteral("key")).toString();
    if (keys.contains(QLatin1String("queue")))
        setPage(QStringLiteral("queue"));
    else if (keys.contains(QLatin1String("accept")))
        setPage(QStringLiteral("accept"));
    else if (keys.contains(QLatin1String("audit")))
        setPage(QStringLiteral("audit"));
    else if (keys.contains(QLatin1String("helper")))
        setPage(QStringLiteral("helper"));
}

void DeskSession::endSession(SignInService::SignOutReason reason)
{
    if (!m_session)
        return;
    m_rater->clear(); // nothing of a visit stays on the citizen's screen
    m_followUps->clear();
    if (reason == SignInService::SignOutReason::User || m_session->isSignedIn())
        m_signIn.signOut(*m_session, reason);
    if (m_client && m_client->hasToken()) {
        sync::OperatorClient *client = m_client.get();
        // The hub forgets the token; nobody waits for its answer.
        QThreadPool::globalInstance()->start([client, token = client->takeToken()] { client->logout(token); });
    }
    m_idleTimer.stop();
    m_review->clear();
    m_window->clear();
    m_window->dropCorrections();
    m_audit->signedOut();
    m_helper->clear();
    m_statistics->reset();
    m_session.reset();
    m_page.clear();
    m_offline = false;
    Q_EMIT signedInChanged();
    Q_EMIT pageChanged();
}

void DeskSession::signOut()
{
    endSession(SignInService::SignOutReason::User);
    setMessage({});
}

bool DeskSession::checkIdle()
{
    if (!m_session)
        return false;
    if (!m_signIn.signOutIfIdle(*m_session))
        return false;
    endSession(SignInService::SignOutReason::Idle);
    setMessage(tr("You were signed out after %n minute(s) without use. Nothing you saved is lost.", "",
                  std::max(1, m_signIn.options().idleSeconds / 60)));
    return true;
}

void DeskSession::hubSignInEnded(const QString &message)
{
    endSession(SignInService::SignOutReason::User);
    setMessage(message);
}

bool DeskSession::eventFilter(QObject *watched, QEvent *event)
{
    if (m_session) {
        switch (event->type()) {
        case QEvent::KeyPress:
        case QEvent::MouseButtonPress:
        case QEvent::TouchBegin:
        case QEvent::Wheel:
            if (!m_session->isExpired(m_clock.now()))
                m_session->touch();
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ow
