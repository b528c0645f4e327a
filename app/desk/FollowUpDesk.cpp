#include "FollowUpDesk.h"

#include "DeskSession.h"
#include "OffThread.h"

#include "domain/Rating.h"
#include "protocol/JsonFields.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

QString chinaDay(const QString &wireTime)
{
    const QDateTime at = protocol::parseUtcTime(wireTime);
    return at.isValid() ? at.toUTC().addSecs(8 * 3600).date().toString(Qt::ISODate) : QString();
}

} // namespace

QVariant FollowUpModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const protocol::FollowUp &f = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case CaseRole:
        return f.caseId;
    case IdRole:
        return f.id;
    case LevelRole:
        return rating::label(f.level);
    case CommentRole:
        return f.comment;
    case RatedRole:
        return chinaDay(f.ratedAt);
    case DueRole:
        return f.dueDate;
    case DaysLeftRole:
        return f.daysLeft;
    case UrgencyRole:
        return f.closed          ? QStringLiteral("done")
               : f.daysLeft < 0  ? QStringLiteral("overdue")
               : f.daysLeft <= 2 ? QStringLiteral("soon")
                                 : QStringLiteral("ok");
    case ClosedRole:
        return f.closed;
    case OutcomeRole:
        return f.outcome;
    case RevisitRole:
        return f.closed ? FollowUpDesk::tr("%1 on %2: %3")
                              .arg(f.revisitMethod == protocol::RevisitMethod::Visit ? FollowUpDesk::tr("Visit")
                                                                                     : FollowUpDesk::tr("Phone"),
                                   chinaDay(f.revisitAt), f.revisitResult)
                        : QString();
    }
    return {};
}

QHash<int, QByteArray> FollowUpModel::roleNames() const
{
    return {{IdRole, "followUpId"}, {CaseRole, "caseNumber"}, {LevelRole, "level"},       {CommentRole, "comment"},
            {RatedRole, "ratedOn"}, {DueRole, "dueDate"},     {DaysLeftRole, "daysLeft"}, {UrgencyRole, "urgency"},
            {ClosedRole, "closed"}, {OutcomeRole, "outcome"}, {RevisitRole, "revisit"}};
}

void FollowUpModel::reset(QList<protocol::FollowUp> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const protocol::FollowUp *FollowUpModel::find(const QString &id) const
{
    for (const protocol::FollowUp &f : m_rows) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

FollowUpDesk::FollowUpDesk(DeskSession *desk)
    : QObject(desk)
    , m_desk(desk)
{}

int FollowUpDesk::openCount() const
{
    int open = 0;
    for (int i = 0; i < m_model.rowCount(); ++i)
        open += m_model.data(m_model.index(i), FollowUpModel::ClosedRole).toBool() ? 0 : 1;
    return open;
}

QVariant FollowUpDesk::details(const QString &id) const
{
    const QHash<int, QByteArray> roles = m_model.roleNames();
    for (int i = 0; i < m_model.rowCount(); ++i) {
        const QModelIndex index = m_model.index(i);
        if (m_model.data(index, FollowUpModel::IdRole).toString() != id)
            continue;
        QVariantMap out;
        for (auto it = roles.cbegin(); it != roles.cend(); ++it)
            out.insert(QString::fromLatin1(it.value()), m_model.data(index, it.key()));
        return out;
    }
    return {};
}

void FollowUpDesk::setMessage(const QString &message, bool isError)
{
    m_message = message;
    m_messageIsError = isError;
    Q_EMIT changed();
}

void FollowUpDesk::clear()
{
    m_model.reset({});
    setMessage({}, false);
}

void FollowUpDesk::refresh()
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client || m_busy)
        return;
    m_busy = true;
    Q_EMIT changed();
    runOffThread(
        this, [client] { return client->followUps(QStringLiteral("all")); },
        [this](sync::OperatorReply<protocol::FollowUpList> reply) {
            m_busy = false;
            if (!reply.ok()) {
                qCInfo(lcDesk).noquote() << "follow-ups not read:" << reply.result.error().logDetail;
                if (reply.failure == sync::OperatorFailure::TokenInvalid) {
                    m_desk->hubSignInEnded(reply.result.error().userMessage);
                    return;
                }
                setMessage(reply.result.error().userMessage, true);
                return;
            }
            m_model.reset(reply.result->followUps);
            Q_EMIT changed();
        });
}

bool FollowUpDesk::close(const QString &id, const QString &outcome, const QString &revisitDate, const QString &method,
                         const QString &result)
{
    sync::OperatorClient *client = m_desk->hubClient();
    const protocol::FollowUp *row = m_model.find(id);
    if (!client || !row || row->closed || m_busy)
        return false;
    const QDate day = QDate::fromString(revisitDate.trimmed(), Qt::ISODate);
    // The 回访 day in China time, sent as its first moment (never in the future when it is today).
    const QDate today = m_desk->clock().now().toUTC().addSecs(8 * 3600).date();
    const auto how = protocol::revisitMethod::fromKey(method);
    if (outcome.trimmed().isEmpty() || result.trimmed().isEmpty()) {
        setMessage(tr("Write what was put right and what the citizen said at the return visit."), true);
        return false;
    }
    if (!day.isValid() || day > today) {
        setMessage(tr("Write the day of the return visit as 2026-10-20, today or before."), true);
        return false;
    }
    if (!how || outcome.size() > protocol::MaxFollowUpOutcomeLength ||
        result.size() > protocol::MaxRevisitResultLength) {
        setMessage(tr("The outcome may have at most %1 characters and the citizen's view %2.")
                       .arg(protocol::MaxFollowUpOutcomeLength)
                       .arg(protocol::MaxRevisitResultLength),
                   true);
        return false;
    }
    protocol::FollowUpClose request;
    request.outcome = outcome.trimmed();
    request.revisitAt = QDateTime(day, QTime(0, 0), Qt::UTC).addSecs(-8 * 3600).toString(Qt::ISODateWithMs);
    request.revisitMethod = *how;
    request.revisitResult = result.trimmed();
    const QString caseNumber = row->caseId;
    m_busy = true;
    Q_EMIT changed();
    runOffThread(
        this, [client, id, request] { return client->closeFollowUp(id, request); },
        [this, id, caseNumber](sync::OperatorReply<protocol::FollowUp> reply) {
            m_busy = false;
            if (!reply.ok()) {
                qCInfo(lcDesk).noquote() << "follow-up not closed:" << reply.result.error().logDetail;
                if (reply.failure == sync::OperatorFailure::TokenInvalid) {
                    m_desk->hubSignInEnded(reply.result.error().userMessage);
                    return;
                }
                setMessage(reply.result.error().userMessage, true);
                return;
            }
            setMessage(tr("Follow-up of case %1 recorded.").arg(caseNumber), false);
            Q_EMIT closed(id);
            refresh();
        });
    return true;
}

} // namespace ow
