#pragma once

#include "protocol/RatingMessages.h"

#include <QAbstractListModel>
#include <QObject>
#include <QQmlEngine>

namespace ow {

class DeskSession;

// The follow-ups of bad ratings (差评回访) as the supervisor's page lists them: open ones first,
// most urgent first (the hub's order), with the working days left on each 15-day clock.
class FollowUpModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by FollowUpDesk")

public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        CaseRole,
        LevelRole,   // translated level
        CommentRole, // the citizen's words, or empty
        RatedRole,   // the day rated (yyyy-MM-dd, China time)
        DueRole,     // yyyy-MM-dd
        DaysLeftRole,
        UrgencyRole, // "ok", "soon", "overdue", "done" (ClockChip)
        ClosedRole,
        OutcomeRole,
        RevisitRole, // how and what the citizen said, for a closed one
    };
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reset(QList<protocol::FollowUp> rows);
    const protocol::FollowUp *find(const QString &id) const;

private:
    QList<protocol::FollowUp> m_rows;
};

// The hall supervisor's follow-ups page (PROTOCOL.md §8.3): reads them from the hub with the
// operator's token and records the outcome (整改情况) and the 回访 of one, off the GUI thread.
// The hub checks the role; a refusal is shown as the hub's message.
class FollowUpDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by DeskSession")
    Q_PROPERTY(FollowUpModel *model READ model CONSTANT)
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY changed)
    Q_PROPERTY(int openCount READ openCount NOTIFY changed)

public:
    explicit FollowUpDesk(DeskSession *desk);

    FollowUpModel *model() { return &m_model; }
    bool busy() const { return m_busy; }
    QString message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    int openCount() const;

    Q_INVOKABLE void refresh();
    // One follow-up by id with the model's role names as keys; undefined when not listed.
    Q_INVOKABLE QVariant details(const QString &id) const;
    // `revisitDate` yyyy-MM-dd (the day of the 回访, today or before), `method` "phone" or "visit".
    Q_INVOKABLE bool close(const QString &id, const QString &outcome, const QString &revisitDate, const QString &method,
                           const QString &result);
    Q_INVOKABLE void clear();
    Q_INVOKABLE void clearMessage() { setMessage({}, false); }

Q_SIGNALS:
    void changed();
    void closed(const QString &id);

private:
    void setMessage(const QString &message, bool isError);

    DeskSession *m_desk;
    FollowUpModel m_model;
    bool m_busy = false;
    QString m_message;
    bool m_messageIsError = false;
};

} // namespace ow
