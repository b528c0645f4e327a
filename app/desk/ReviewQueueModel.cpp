#include "ReviewQueueModel.h"

#include "domain/CaseState.h"

#include <QTimeZone>

namespace ow {

QString QueueRow::urgencyOf(const std::optional<int> &left, bool paused)
{
    if (paused)
        return QStringLiteral("paused");
    if (!left)
        return QStringLiteral("ok");
    if (*left < 0)
        return QStringLiteral("overdue");
    if (*left <= 2)
        return QStringLiteral("soon");
    return QStringLiteral("ok");
}

ReviewQueueModel::ReviewQueueModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int ReviewQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QString ReviewQueueModel::daysText(const std::optional<int> &left, bool paused)
{
    if (paused)
        return tr("paused");
    if (!left)
        return QStringLiteral("—");
    if (*left < 0)
        return tr("overdue by %n working day(s)", "", -*left);
    if (*left == 0)
        return tr("due today");
    return tr("%n working day(s) left", "", *left);
}

QVariant ReviewQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueRow &r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ItemNameRole:
        return r.itemName;
    case CaseIdRole:
        return r.caseId;
    case ReceivedRole:
        return r.receivedAt.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case StateRole:
        return caseState::label(r.state);
    case PromisedRole:
        return daysText(r.promisedLeft, r.paused);
    case StatutoryRole:
        return daysText(r.statutoryLeft, r.paused);
    case UrgencyRole:
        return r.urgency;
    case PromisedUrgencyRole:
        return r.promisedUrgency;
    case StatutoryUrgencyRole:
        return r.statutoryUrgency;
    case PausedRole:
        return r.paused;
    default:
        return {};
    }
}

QHash<int, QByteArray> ReviewQueueModel::roleNames() const
{
    return {{CaseIdRole, "caseId"},
            {ItemNameRole, "itemName"},
            {ReceivedRole, "received"},
            {StateRole, "stateLabel"},
            {PromisedRole, "promised"},
            {StatutoryRole, "statutory"},
            {UrgencyRole, "urgency"},
            {PromisedUrgencyRole, "promisedUrgency"},
            {StatutoryUrgencyRole, "statutoryUrgency"},
            {PausedRole, "paused"}};
}

void ReviewQueueModel::setRows(QList<QueueRow> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

const QueueRow *ReviewQueueModel::row(const QString &caseId) const
{
    for (const QueueRow &r : m_rows) {
        if (r.caseId == caseId)
            return &r;
    }
    return nullptr;
}

QString ReviewQueueModel::caseIdAt(int index) const
{
    return index >= 0 && index < m_rows.size() ? m_rows.at(index).caseId : QString();
}

} // namespace ow
