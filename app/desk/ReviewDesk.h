#pragma once

#include "ReviewQueueModel.h"

#include "domain/WorkingDayClock.h"
#include "identity/Action.h"
#include "protocol/Messages.h"
#include "sync/OperatorClient.h"

#include <QHash>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QVariantList>

#include <algorithm>
#include <iterator>

#include <algorithm>

namespace ow {

class Catalog;
class DeskSession;
class Store;

// The department reviewer's back office (后台分类审批): the department's queue from the hub,
// most urgent first with its working-day clocks; one case opened from the hub; approve, deny
// (with the reason) or request a correction (one complete list of what is missing). Every
// action goes through the Authorizer before the hub is asked. With the hub unreachable the
// queue keeps its last rows and says when they were fetched, and a decision waits on this desk
// ("N waiting to send") until the hub answers again; one refused then (the case changed
// meanwhile, or another reviewer decided first) says so, and what the reviewer wrote is kept
// for the case.
class ReviewDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The desk session owns the review desk")
    Q_PROPERTY(ReviewQueueModel *queue READ queue CONSTANT)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(bool deciding READ deciding NOTIFY loadingChanged)
    Q_PROPERTY(bool unreachable READ unreachable NOTIFY refreshedChanged)
    Q_PROPERTY(QString lastRefreshed READ lastRefreshed NOTIFY refreshedChanged)
    // The queue comes a page at a time (hub 1.13): how many cases it holds on the hub, whether
    // pages remain to load, and whether one is being fetched.
    Q_PROPERTY(int queueTotal READ queueTotal NOTIFY pagesChanged)
    Q_PROPERTY(bool moreToLoad READ moreToLoad NOTIFY pagesChanged)
    Q_PROPERTY(bool loadingMore READ loadingMore NOTIFY pagesChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)
    Q_PROPERTY(bool caseOpen READ caseOpen NOTIFY caseChanged)
    Q_PROPERTY(QString caseId READ caseId NOTIFY caseChanged)
    Q_PROPERTY(QString caseItemName READ caseItemName NOTIFY caseChanged)
    Q_PROPERTY(QString caseReceived READ caseReceived NOTIFY caseChanged)
    Q_PROPERTY(QString caseStateLabel READ caseStateLabel NOTIFY caseChanged)
    Q_PROPERTY(QString casePromised READ casePromised NOTIFY caseChanged)
    Q_PROPERTY(QString caseStatutory READ caseStatutory NOTIFY caseChanged)
    Q_PROPERTY(QString casePromisedUrgency READ casePromisedUrgency NOTIFY caseChanged)
    Q_PROPERTY(QString caseStatutoryUrgency READ caseStatutoryUrgency NOTIFY caseChanged)
    Q_PROPERTY(bool caseDecidable READ caseDecidable NOTIFY caseChanged)
    Q_PROPERTY(QVariantList caseFields READ caseFields NOTIFY caseChanged)
    Q_PROPERTY(QVariantList caseAttachments READ caseAttachments NOTIFY caseChanged)
    Q_PROPERTY(QVariantList caseMaterials READ caseMaterials NOTIFY caseChanged)
    // Decisions taken while the county hub could not be reached, oldest first (case, decision):
    // sent when it answers again (retried every few seconds and after each refresh).
    Q_PROPERTY(int waitingToSend READ waitingToSend NOTIFY waitingChanged)
    Q_PROPERTY(QVariantList waitingDecisions READ waitingDecisions NOTIFY waitingChanged)
    // What the reviewer wrote on the open case for a decision the hub refused after it had
    // waited: {decision: "approve", "deny" or "correction", text}; empty when nothing is kept.
    Q_PROPERTY(QVariantMap caseKept READ caseKept NOTIFY caseChanged)
    // Special procedures (特别程序): the kinds to choose from ({key, label}); whether the open case
    // is in one and may have it ended; the one it is in ({kind, reason, expectedEnd, started}).
    Q_PROPERTY(QVariantList procedureKinds READ procedureKinds CONSTANT)
    Q_PROPERTY(bool caseSuspended READ caseSuspended NOTIFY caseChanged)
    Q_PROPERTY(QVariantMap caseProcedure READ caseProcedure NOTIFY caseChanged)
    Q_PROPERTY(int procedureReasonLimit READ procedureReasonLimit CONSTANT)

public:
    explicit ReviewDesk(DeskSession *desk);

    // The desk's encrypted store, where decisions waiting for the hub are kept for their reviewer
    // across a sign-out (and what the reviewer wrote on one the hub refused).
    void setStore(Store *store) { m_store = store; }
    // A reviewer signed in: the decisions this reviewer left waiting on this desk come back, and
    // are sent with the next refresh. Another operator's stay where they are, unseen.
    void signedIn();

    // The official calendar the clocks count on (forms/calendar); without one no days are shown.
    void setCalendar(const HolidayCalendar *calendar) { m_calendar = calendar; }

    ReviewQueueModel *queue() { return &m_queue; }
    bool loading() const { return m_pending > 0; }
    bool deciding() const { return m_deciding; }
    bool unreachable() const { return m_unreachable; }
    QString lastRefreshed() const;
    QString message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    bool caseOpen() const { return m_case.has_value(); }
    QString caseId() const { return m_case ? m_case->caseId : QString(); }
    QString caseItemName() const;
    QString caseReceived() const;
    QString caseStateLabel() const;
    QString casePromised() const;
    QString caseStatutory() const;
    QString casePromisedUrgency() const;
    QString caseStatutoryUrgency() const;
    bool caseDecidable() const;
    QVariantList caseFields() const;
    QVariantList caseAttachments() const;
    QVariantList caseMaterials() const;
    int waitingToSend() const { return static_cast<int>(m_waiting.size()); }
    QVariantList waitingDecisions() const;
    QVariantMap caseKept() const;
    int queueTotal() const;
    bool moreToLoad() const
    {
        return std::any_of(std::begin(m_next), std::end(m_next), [](const QString &next) { return !next.isEmpty(); });
    }
    bool loadingMore() const { return m_loadingMore; }

    // Cases asked of the hub per page (at most 500, the hub's limit).
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size) { m_pageSize = std::clamp(size, 1, 500); }
    QVariantList procedureKinds() const;
    bool caseSuspended() const;
    QVariantMap caseProcedure() const;
    int procedureReasonLimit() const;

    Q_INVOKABLE void refresh();
    // Loads the queue's next page from the hub, if there is one (the list asks as it nears its end).
    Q_INVOKABLE void fetchMore();
    Q_INVOKABLE void openCase(const QString &caseId);
    Q_INVOKABLE void closeCase();
    Q_INVOKABLE void approve(const QString &opinion);
    Q_INVOKABLE void deny(const QString &reason);
    // `missing`: the material names ticked; `other`: anything else missing, one per line.
    Q_INVOKABLE void requestCorrection(const QStringList &missing, const QString &other);
    // 特别程序: the open case in review is suspended, its clocks stand still, until the expected
    // end (typed yyyy-MM-dd, after today, at most 180 days ahead) or until it is ended.
    Q_INVOKABLE void startSpecialProcedure(const QString &kind, const QString &reason, const QString &expectedEnd);
    // 结束特别程序: back in review with the clocks running again, with a short note on the outcome.
    Q_INVOKABLE void endSpecialProcedure(const QString &outcome);
    // The expected end `days` calendar days from today, for the picker's quick choices.
    Q_INVOKABLE QString dateInDays(int days) const;
    Q_INVOKABLE void clearMessage();
    // Sends the decisions waiting on this desk, oldest first, one at a time.
    Q_INVOKABLE void sendWaiting();
    // Forgets everything on screen (sign-out); decisions waiting stay in the store for their
    // reviewer's next sign-in.
    void clear();

    // The rows of a queue answer with their clocks as of `today` (China time), in the answer's
    // order: the hub's, most urgent first (1.14).
    static QList<QueueRow> rowsOf(const QList<protocol::QueueEntry> &entries, const Catalog &catalog,
                                  const HolidayCalendar *calendar, const QDate &today, const QString &language);

Q_SIGNALS:
    void loadingChanged();
    void refreshedChanged();
    void messageChanged();
    void caseChanged();
    void decided(const QString &caseId, const QString &state);
    void waitingChanged();
    void pagesChanged();

private:
    bool authorize(Action action, const QString &caseId);
    void decide(protocol::DecisionRequest request);
    void setMessage(const QString &message, bool isError);
    void setLoading(bool loading);
    void hubFailed(const Error &error, sync::OperatorFailure failure);
    QString language() const;
    QDate today() const;
    // The store's key of the signed-in reviewer's waiting decisions; empty when signed out.
    QString keptKey() const;
    // Writes the waiting decisions and kept texts of the signed-in reviewer to the store.
    void saveWaiting();
    // Drops what was written on refused decisions of cases the whole queue, read to its end, no
    // longer lists: decided, by this reviewer or a colleague.
    void dropKeptOfDecidedCases();
    // Adds a decision to those kept in the store under `key` (its reviewer signed out meanwhile).
    void keepForLater(const QString &key, const QString &caseId, const protocol::DecisionRequest &request);

    DeskSession *m_desk;
    Store *m_store = nullptr;
    QString m_keptKey; // of the reviewer signed in when the waiting decisions were loaded
    const HolidayCalendar *m_calendar = nullptr;
    ReviewQueueModel m_queue;
    QDateTime m_refreshedAt;
    bool m_unreachable = false;
    int m_pending = 0; // hub requests in flight
    bool m_refreshing = false;
    // The `next` tokens of the pages loaded so far: cases waiting, cases paused for a correction.
    // Where the next page of each queue starts (the hub's `next`): waiting for a decision, for a
    // correction, in a special procedure; empty when that queue is all loaded.
    static constexpr int QueueKinds = 3;
    QString m_next[QueueKinds];
    qint64 m_hubTotal = -1; // as the hub last said; -1 from a hub before 1.13
    bool m_loadingMore = false;
    int m_pageSize = 500;
    int m_pageGeneration = 0; // a page asked before the last refresh is dropped
    bool m_deciding = false;
    QString m_message;
    bool m_messageIsError = false;
    std::optional<protocol::CaseDetail> m_case;
    struct WaitingDecision
    {
        QString caseId;
        protocol::DecisionRequest request;
    };
    QList<WaitingDecision> m_waiting;
    bool m_sendingWaiting = false;
    QTimer m_retry;
    // Per case: the decision and the text of one the hub refused after it had waited.
    QHash<QString, QPair<CaseState, QString>> m_kept;
    int m_generation = 0; // answers for an older request (or an earlier sign-in) are dropped
};

} // namespace ow
