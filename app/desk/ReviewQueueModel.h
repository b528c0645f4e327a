#pragma once

#include "domain/CaseState.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QQmlEngine>

#include <limits>

namespace ow {

// One case of a department's queue as the reviewer's list shows it, deadlines worked out.
struct QueueRow
{
    QString caseId;
    QString packetId;
    QString itemId;
    QString itemName;
    QString department;
    CaseState state = CaseState::Received;
    QDateTime receivedAt;
    bool paused = false;             // waiting for the citizen's correction or in a special procedure:
                                     // the clocks stand still
    std::optional<int> promisedLeft; // working days left; none for items decided on the spot
    std::optional<int> statutoryLeft;
    // "ok", "soon" (due within 2 working days), "overdue", "paused": of each clock, and the
    // row's (the more urgent of the two).
    QString promisedUrgency;
    QString statutoryUrgency;
    QString urgency;
    // The special procedure (特别程序) a suspended case is in: its kind's key, the reviewer's
    // reason, the expected end (yyyy-MM-dd) and the day it started (China time).
    QString procedureKind;
    QString procedureReason;
    QString procedureExpectedEnd;
    QDate procedureStarted;

    static QString urgencyOf(const std::optional<int> &left, bool paused);
};

// The reviewer's queue in the hub's order, most urgent first (ReviewDesk fills it). QML reads the roles. The rows
// shown are those that pass the filter: a text found in the case number or the item's name or
// id (any case), and a state ("all", "waiting", "soon", "overdue", "paused").
class ReviewQueueModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The review desk owns its queue")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int totalCount READ totalCount NOTIFY countChanged)
    Q_PROPERTY(QString filterText READ filterText NOTIFY filterChanged)
    Q_PROPERTY(QString stateFilter READ stateFilter NOTIFY filterChanged)

public:
    enum Roles {
        CaseIdRole = Qt::UserRole + 1,
        ItemNameRole,
        ReceivedRole,
        StateRole,
        PromisedRole, // text: "3 working days left", "overdue by 2 working days", "paused", "—"
        StatutoryRole,
        UrgencyRole,
        PromisedUrgencyRole,
        StatutoryUrgencyRole,
        PausedRole,
        ProcedureRole, // a suspended case's special procedure: its kind, expected end and reason
    };

    explicit ReviewQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setRows(QList<QueueRow> rows);
    // Rows of a further page of one part of the queue (waiting, waiting for a correction, in a
    // special procedure), in the hub's order: placed after the rows held of that part and
    // inserted, not reset, so a list keeps its place (the filter applies to them as to the others).
    void mergeRows(QList<QueueRow> rows);
    // The queue's parts in their order: waiting for a decision (0), for a correction (1), in a
    // special procedure (2). Within each the hub's order: by due date, then case number (1.14).
    static int partOf(const QueueRow &row);
    // Every row of the queue, filtered or not.
    const QList<QueueRow> &rows() const { return m_rows; }
    int totalCount() const { return static_cast<int>(m_rows.size()); }
    const QueueRow *row(const QString &caseId) const;
    // The case shown at `index` (a row that passes the filter).
    Q_INVOKABLE QString caseIdAt(int index) const;

    QString filterText() const { return m_filterText; }
    QString stateFilter() const { return m_stateFilter; }
    // Shows the rows that pass; an unknown state key counts as "all".
    Q_INVOKABLE void setFilter(const QString &text, const QString &state);
    static bool passes(const QueueRow &row, QStringView text, QStringView state);

    static QString daysText(const std::optional<int> &left, bool paused);
    // "专家评审 · expected to end 2026-07-01 · the reason" for a case in a special procedure, else empty.
    static QString procedureText(const QueueRow &row);

Q_SIGNALS:
    void countChanged();
    void filterChanged();

private:
    void applyFilter();
    // The indexes of those of `rows` that pass the filter.
    QList<int> passing(const QList<QueueRow> &rows) const;

    QList<QueueRow> m_rows;
    QList<int> m_shown; // indexes into m_rows of the rows that pass the filter, in order
    QString m_filterText;
    QString m_stateFilter = QStringLiteral("all");
};

} // namespace ow
