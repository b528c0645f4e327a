#pragma once

#include "domain/CaseState.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QQmlEngine>

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
    bool paused = false;             // waiting for the citizen's correction: the clocks stand still
    std::optional<int> promisedLeft; // working days left; none for items decided on the spot
    std::optional<int> statutoryLeft;
    // "ok", "soon" (due within 2 working days), "overdue", "paused": of each clock, and the
    // row's (the more urgent of the two).
    QString promisedUrgency;
    QString statutoryUrgency;
    QString urgency;

    static QString urgencyOf(const std::optional<int> &left, bool paused);
};

// The reviewer's queue, most urgent first (ReviewDesk fills it). QML reads the roles.
class ReviewQueueModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The review desk owns its queue")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

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
    };

    explicit ReviewQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setRows(QList<QueueRow> rows);
    const QList<QueueRow> &rows() const { return m_rows; }
    const QueueRow *row(const QString &caseId) const;
    Q_INVOKABLE QString caseIdAt(int index) const;

    static QString daysText(const std::optional<int> &left, bool paused);

Q_SIGNALS:
    void countChanged();

private:
    QList<QueueRow> m_rows;
};

} // namespace ow
