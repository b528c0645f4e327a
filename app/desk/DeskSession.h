#pragma once

#include "AuditDesk.h"
#include "FollowUpDesk.h"
#include "HallStatistics.h"
#include "HelperDesk.h"
#include "RaterScreen.h"
#include "ReviewDesk.h"
#include "WindowDesk.h"

#include "common/Clock.h"
#include "identity/Authorizer.h"
#include "identity/Session.h"
#include "identity/SignInService.h"
#include "sync/OperatorClient.h"

#include <QObject>
#include <QQmlEngine>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <optional>

namespace ow {

class Store;

// The desk's signed-in operator: sign-in (online through the hub's login for hub accounts, which
// are then cached; offline from the cache when the hub cannot be reached, and always for local
// accounts such as window clerks), idle sign-out, the pages the operator's roles allow (asked of
// the permission matrix, never decided in QML) and the page on screen. QML shows and asks.
class DeskSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY signedInChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(QString operatorName READ operatorName NOTIFY signedInChanged)
    Q_PROPERTY(QString roleLabel READ roleLabel NOTIFY signedInChanged)
    Q_PROPERTY(QString department READ department NOTIFY signedInChanged)
    Q_PROPERTY(QString departmentName READ departmentName NOTIFY signedInChanged)
    Q_PROPERTY(bool offline READ offline NOTIFY signedInChanged)
    Q_PROPERTY(QVariantList pages READ pages NOTIFY signedInChanged)
    Q_PROPERTY(QString page READ page WRITE setPage NOTIFY pageChanged)
    Q_PROPERTY(bool hasHub READ hasHub CONSTANT)
    Q_PROPERTY(ReviewDesk *review READ review CONSTANT)
    Q_PROPERTY(WindowDesk *window READ window CONSTANT)
    Q_PROPERTY(AuditDesk *audit READ audit CONSTANT)
    Q_PROPERTY(HelperDesk *helper READ helper CONSTANT)
    Q_PROPERTY(HallStatistics *statistics READ statistics CONSTANT)
    Q_PROPERTY(RaterScreen *rater READ rater CONSTANT)          // the 评价器 on the citizen's side
    Q_PROPERTY(FollowUpDesk *followUps READ followUps CONSTANT) // bad ratings' follow-ups (supervisor)

public:
    // The desk cannot work without its store; `hub` may be null (no hub configured).
    DeskSession(Store *store, sync::Transport *hub, const Clock &clock, SignInService::Options options,
                QObject *parent = nullptr);
    ~DeskSession() override;

    static DeskSession *instance();
    static void setInstance(DeskSession *session);
    static DeskSession *create(QQmlEngine *, QJSEngine *);

    bool signedIn() const { return m_session.has_value() && m_session->isSignedIn(); }
    bool busy() const { return m_busy; }
    QString message() const { return m_message; }
    QString operatorName() const;
    QString roleLabel() const;
    QString department() const;
    QString departmentName() const; // from the catalog; the code when no item names it
    bool offline() const { return m_offline; }
    QVariantList pages() const;
    QString page() const { return m_page; }
    void setPage(const QString &page);
    bool hasHub() const { return m_hub != nullptr; }
    ReviewDesk *review() const { return m_review.get(); }
    WindowDesk *window() const { return m_window.get(); }
    AuditDesk *audit() const { return m_audit.get(); }
    HelperDesk *helper() const { return m_helper.get(); }
    HallStatistics *statistics() const { return m_statistics.get(); }
    RaterScreen *rater() const { return m_rater.get(); }
    FollowUpDesk *followUps() const { return m_followUps.get(); }

    Q_INVOKABLE void signIn(const QString &userName, const QString &password);
    Q_INVOKABLE void signOut();
    Q_INVOKABLE void clearMessage();
    // A code the scanner gun read (main.cpp's ScannerGunFilter): to the window clerk's page while
    // it is on screen (a pickup code or an ID number), else not used.
    void handleScan(const QByteArray &payload);
    // Signs out when the operator has been idle too long (also checked on a timer); true when it did.
    Q_INVOKABLE bool checkIdle();

    // For the desk's services: the session (null when signed out), the gate, the hub link.
    Session *session() { return signedIn() ? &*m_session : nullptr; }
    Authorizer &authorizer() { return m_authorizer; }
    sync::OperatorClient *hubClient() { return m_client.get(); }
    const Clock &clock() const { return m_clock; }
    SignInService &signInService() { return m_signIn; }
    // The hub ended the operator's sign-in (token invalid): sign out with that message.
    void hubSignInEnded(const QString &message);

Q_SIGNALS:
    void signedInChanged();
    void busyChanged();
    void messageChanged();
    void pageChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void finishSignIn(const QString &userName, const QString &password,
                      const sync::OperatorReply<protocol::LoginAnswer> &hubAnswer);
    void signInLocally(const QString &userName, const QString &password);
    void setMessage(const QString &message);
    void setBusy(bool busy);
    void endSession(SignInService::SignOutReason reason);

    Store *m_store;
    sync::Transport *m_hub;
    const Clock &m_clock;
    SignInService m_signIn;
    Authorizer m_authorizer;
    std::unique_ptr<sync::OperatorClient> m_client;
    std::optional<Session> m_session;
    std::unique_ptr<ReviewDesk> m_review;
    std::unique_ptr<WindowDesk> m_window;
    std::unique_ptr<AuditDesk> m_audit;
    std::unique_ptr<HelperDesk> m_helper;
    std::unique_ptr<HallStatistics> m_statistics;
    std::unique_ptr<RaterScreen> m_rater;
    std::unique_ptr<FollowUpDesk> m_followUps;
    QTimer m_idleTimer;
    QString m_page;
    QString m_message;
    bool m_busy = false;
    bool m_offline = false;
};

} // namespace ow
