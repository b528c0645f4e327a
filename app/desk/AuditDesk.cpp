#include "AuditDesk.h"

#include "DeskSession.h"
#include "OffThread.h"

#include "common/AtomicFile.h"
#include "crypto/AuditExtract.h"
#include "crypto/Packet.h"
#include "identity/Action.h"
#include "protocol/JsonFields.h"
#include "store/AuditLog.h"
#include "store/Store.h"
#include "sync/EnrolledDevice.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

constexpr int DevicePage = 5000;

QString shownTime(const QDateTime &at)
{
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

bool matches(const AuditEntry &e, const QString &caseNumber, const QString &operatorName, const QString &action,
             const QDateTime &from, const QDateTime &to)
{
    return (caseNumber.isEmpty() || e.caseNumber == caseNumber) &&
           (operatorName.isEmpty() || e.actor.compare(operatorName, Qt::CaseInsensitive) == 0) &&
           (action.isEmpty() || e.action.contains(action, Qt::CaseInsensitive)) && (!from.isValid() || e.at >= from) &&
           (!to.isValid() || e.at < to);
}

} // namespace

// ---------------------------------------------------------------- AuditEntryModel

int AuditEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant AuditEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditRow &row = m_rows.at(index.row());
    switch (role) {
    case SeqRole:
        return row.seq;
    case TimeRole:
        return shownTime(row.at);
    case OperatorRole:
        return row.operatorName;
    case ActionRole:
        return row.action;
    case TargetRole:
        return row.target;
    case OutcomeRole:
        return row.outcome;
    case BrokenRole:
        return m_brokenSeq > 0 && row.seq == m_brokenSeq;
    default:
        return {};
    }
}

QHash<int, QByteArray> AuditEntryModel::roleNames() const
{
    return {{SeqRole, "seq"},       {TimeRole, "time"},       {OperatorRole, "operatorName"}, {ActionRole, "action"},
            {TargetRole, "target"}, {OutcomeRole, "outcome"}, {BrokenRole, "broken"}};
}

void AuditEntryModel::setRows(QList<AuditRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT countChanged();
}

void AuditEntryModel::setBrokenSeq(qint64 seq)
{
    m_brokenSeq = seq;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1), {BrokenRole});
}

// ---------------------------------------------------------------- AuditDesk

AuditDesk::AuditDesk(DeskSession *session)
    : QObject(session)
    , m_session(session)
{}

bool AuditDesk::hubAvailable() const
{
    return m_session->hubClient() && m_session->hubClient()->hasToken() && !m_session->offline();
}

void AuditDesk::setSource(const QString &source)
{
    const QString wanted = source == QLatin1String("hub") && hubAvailable() ? source : QStringLiteral("device");
    if (wanted == m_source)
        return;
    m_source = wanted;
    m_entries.setRows({});
    setChain({}, {}, 0);
    Q_EMIT sourceChanged();
}

void AuditDesk::signedIn()
{
    m_source = hubAvailable() ? QStringLiteral("hub") : QStringLiteral("device");
    Q_EMIT sourceChanged();
}

void AuditDesk::signedOut()
{
    m_entries.setRows({});
    m_filter = {};
    setChain({}, {}, 0);
    setMessage({}, false);
    m_exportedPath.clear();
    Q_EMIT exportedChanged();
    m_source = QStringLiteral("device");
    Q_EMIT sourceChanged();
}

bool AuditDesk::allowed(int action)
{
    Session *session = m_session->session();
    if (!session || !m_store) {
        setMessage(tr("Sign in first."), true);
        return false;
    }
    // The gate audits a refusal itself.
    const Status gate = m_session->authorizer().authorize(*session, static_cast<Action>(action));
    if (!gate.ok()) {
        setMessage(gate.error().userMessage, true);
        return false;
    }
    return true;
}

bool AuditDesk::readFilter(const QString &caseNumber, const QString &operatorName, const QString &action,
                           const QString &from, const QString &to, Filter &out)
{
    const auto day = [](const QString &text) { return QDate::fromString(text.trimmed(), Qt::ISODate); };
    const QDate first = day(from);
    const QDate last = day(to);
    if ((!from.trimmed().isEmpty() && !first.isValid()) || (!to.trimmed().isEmpty() && !last.isValid())) {
        setMessage(
            tr("Type the dates as year-month-day, for example %1.").arg(QDate::currentDate().toString(Qt::ISODate)),
            true);
        return false;
    }
    if (first.isValid() && last.isValid() && first > last) {
        setMessage(tr("The first date is after the last one."), true);
        return false;
    }
    out = {};
    out.caseNumber = caseNumber.trimmed();
    out.operatorName = operatorName.trimmed();
    out.action = action.trimmed();
    if (first.isValid())
        out.from = QDateTime(first, QTime(0, 0));
    if (last.isValid())
        out.to = QDateTime(last.addDays(1), QTime(0, 0));
    return true;
}

void AuditDesk::search(const QString &caseNumber, const QString &operatorName, const QString &action,
                       const QString &from, const QString &to)
{
    if (m_busy)
        return;
    Filter filter;
    if (!readFilter(caseNumber, operatorName, action, from, to, filter))
        return; // what was typed stays in the fields
    if (!allowed(static_cast<int>(Action::BrowseAudit)))
        return;
    setMessage({}, false);
    m_filter = filter;
    if (m_source == QLatin1String("hub"))
        searchHub(filter);
    else
        searchDevice(filter);
}

void AuditDesk::noteDeviceRead(const QString &action, const QString &caseNumber)
{
    Session *session = m_session->session();
    if (!session)
        return;
    auto noted = m_store->audit().append(session->op().actor(), action, caseNumber, {}, QStringLiteral("ok"), {});
    if (!noted.ok())
        qCWarning(lcDesk) << "audit read not recorded:" << noted.error().logDetail;
}

void AuditDesk::searchDevice(const Filter &filter)
{
    AuditLog &log = m_store->audit();
    QList<AuditRow> found;
    for (qint64 from = 1;;) {
        auto page = log.entries(from, DevicePage);
        if (!page.ok()) {
            qCWarning(lcDesk) << "device audit not read:" << page.error().logDetail;
            setMessage(page.error().userMessage, true);
            return;
        }
        for (const AuditEntry &e : *page) {
            if (matches(e, filter.caseNumber, filter.operatorName, filter.action, filter.from, filter.to))
                found.append(AuditRow{e.seq, 0, e.at, e.actor, e.action, e.caseNumber, e.outcome});
        }
        if (page->size() < DevicePage)
            break;
        from = page->last().seq + 1;
    }
    std::reverse(found.begin(), found.end()); // newest first
    const qsizetype total = found.size();
    if (found.size() > MaxRows)
        found.resize(MaxRows);
    m_entries.setRows(std::move(found));
    m_entries.setBrokenSeq(m_brokenSeq);
    noteDeviceRead(QStringLiteral("audit.browse"), filter.caseNumber);
    if (total > MaxRows)
        setMessage(tr("%1 entries match; the newest %2 are shown. Narrow the search to see the others.")
                       .arg(total)
                       .arg(MaxRows),
                   false);
}

QString AuditDesk::hubQuery(const Filter &filter, int limit) const
{
    QUrlQuery query;
    if (!filter.caseNumber.isEmpty())
        query.addQueryItem(QStringLiteral("case"), filter.caseNumber);
    if (!filter.operatorName.isEmpty())
        query.addQueryItem(QStringLiteral("actor"), filter.operatorName);
    if (!filter.action.isEmpty())
        query.addQueryItem(QStringLiteral("action"), filter.action);
    if (filter.from.isValid())
        query.addQueryItem(QStringLiteral("from"), crypto::wireTime(filter.from));
    if (filter.to.isValid())
        query.addQueryItem(QStringLiteral("to"), crypto::wireTime(filter.to));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    // Spaces and pluses in what was typed travel percent-encoded.
    QString encoded;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!encoded.isEmpty())
            encoded += QLatin1Char('&');
        encoded += key + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    return encoded;
}

void AuditDesk::searchHub(const Filter &filter)
{
    sync::OperatorClient *client = m_session->hubClient();
    setBusy(true);
    runOffThread(
        this,
        [client, path = QStringLiteral("/v1/audit?") + hubQuery(filter, MaxRows)] { return client->auditRead(path); },
        [this](sync::OperatorReply<QByteArray> reply) {
            setBusy(false);
            if (!reply.ok()) {
                if (reply.failure == sync::OperatorFailure::TokenInvalid) {
                    m_session->hubSignInEnded(reply.result.error().userMessage);
                    return;
                }
                setMessage(reply.result.error().userMessage, true);
                return;
            }
            const QJsonObject answer = QJsonDocument::fromJson(*reply.result).object();
            QList<AuditRow> rows;
            for (const QJsonValue &value : answer.value(QStringLiteral("entries")).toArray()) {
                const QJsonObject e = value.toObject();
                const QString name = e.value(QStringLiteral("operator")).toString();
                rows.append(
                    AuditRow{e.value(QStringLiteral("seq")).toInteger(), e.value(QStringLiteral("id")).toInteger(),
                             QDateTime::fromString(e.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs),
                             name.isEmpty() ? e.value(QStringLiteral("actor")).toString() : name,
                             e.value(QStringLiteral("action")).toString(), e.value(QStringLiteral("target")).toString(),
                             e.value(QStringLiteral("outcome")).toString()});
            }
            const bool more = answer.contains(QStringLiteral("next"));
            m_entries.setRows(std::move(rows));
            m_entries.setBrokenSeq(m_brokenSeq);
            if (more)
                setMessage(tr("More entries match; the newest %1 are shown. Narrow the search to see the others.")
                               .arg(MaxRows),
                           false);
        });
}

void AuditDesk::verify()
{
    if (m_busy || !allowed(static_cast<int>(Action::VerifyAuditChain)))
        return;
    setMessage({}, false);
    if (m_source == QLatin1String("hub"))
        verifyHub();
    else
        verifyDevice();
}

void AuditDesk::verifyDevice()
{
    auto checked = m_store->audit().verify();
    if (!checked.ok()) {
        qCWarning(lcDesk) << "device audit not verified:" << checked.error().logDetail;
        setMessage(checked.error().userMessage, true);
        return;
    }
    if (checked->intact())
        setChain(QStringLiteral("intact"),
                 tr("This desk's audit chain is intact: %n entries checked.", "", int(checked->entries)), 0);
    else
        setChain(QStringLiteral("broken"),
                 tr("This desk's audit chain is broken at entry %1: it was changed, removed or cut off after it "
                    "was written.")
                     .arg(checked->firstBroken),
                 checked->firstBroken);
    noteDeviceRead(QStringLiteral("audit.verify"), {});
}

void AuditDesk::verifyHub()
{
    sync::OperatorClient *client = m_session->hubClient();
    setBusy(true);
    runOffThread(
        this, [client] { return client->auditRead(QStringLiteral("/v1/audit/verify")); },
        [this](sync::OperatorReply<QByteArray> reply) {
            setBusy(false);
            if (!reply.ok()) {
                if (reply.failure == sync::OperatorFailure::TokenInvalid) {
                    m_session->hubSignInEnded(reply.result.error().userMessage);
                    return;
                }
                setMessage(reply.result.error().userMessage, true);
                return;
            }
            const QJsonObject answer = QJsonDocument::fromJson(*reply.result).object();
            const qint64 entries = answer.value(QStringLiteral("entries")).toInteger();
            const qint64 unsealed = answer.value(QStringLiteral("unsealed")).toInteger();
            const QJsonObject broken = answer.value(QStringLiteral("firstBroken")).toObject();
            if (broken.isEmpty()) {
                QString text = tr("The county hub's audit chain is intact: %n entries checked.", "", int(entries));
                if (unsealed > 0)
                    text += QLatin1Char(' ') +
                            tr("%n entry(ies) written in the last moments are not sealed yet.", "", int(unsealed));
                setChain(QStringLiteral("intact"), text, 0);
                return;
            }
            const qint64 seq = broken.value(QStringLiteral("seq")).toInteger();
            const QString problem = broken.value(QStringLiteral("problem")).toString();
            QString why = problem == QLatin1String("missing")         ? tr("the entry has been removed")
                          : problem == QLatin1String("hash_mismatch") ? tr("the entry was changed after it was written")
                                                                      : tr("the end of the chain does not match");
            QString text;
            if (broken.value(QStringLiteral("id")).isNull())
                text = tr("The county hub's audit chain is broken at entry %1: %2.").arg(seq).arg(why);
            else
                text = tr("The county hub's audit chain is broken at entry %1 (%2, %3): %4.")
                           .arg(seq)
                           .arg(shownTime(QDateTime::fromString(broken.value(QStringLiteral("at")).toString(),
                                                                Qt::ISODateWithMs)),
                                broken.value(QStringLiteral("action")).toString(), why);
            setChain(QStringLiteral("broken"), text, seq);
        });
}

void AuditDesk::exportExtract()
{
    if (m_busy || !allowed(static_cast<int>(Action::BrowseAudit)))
        return;
    setMessage({}, false);
    if (m_source == QLatin1String("hub"))
        exportHub();
    else
        exportDevice();
}

bool AuditDesk::writeExport(const QByteArray &document, const QString &prefix)
{
    const QString dir = m_exportDir.isEmpty() ? QDir::current().filePath(QStringLiteral("exports")) : m_exportDir;
    const QString path = QDir(dir).filePath(
        QStringLiteral("%1-%2.json")
            .arg(prefix, m_session->clock().now().toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    Status written = QDir().mkpath(dir) ? writeFileAtomically(path, document, 0600)
                                        : makeError(ErrorCode::Io, QString(), QStringLiteral("exports folder"));
    if (!written.ok()) {
        qCWarning(lcDesk) << "audit extract not written:" << written.error().logDetail;
        setMessage(tr("The extract could not be written to %1.").arg(QDir::toNativeSeparators(dir)), true);
        return false;
    }
    m_exportedPath = QDir::toNativeSeparators(path);
    Q_EMIT exportedChanged();
    setMessage(tr("Signed extract saved: %1").arg(m_exportedPath), false);
    return true;
}

void AuditDesk::exportDevice()
{
    if (!m_device) {
        setMessage(tr("This desk is not enrolled with the county hub, so it has no key to sign an extract with."),
                   true);
        return;
    }
    QJsonArray entries;
    for (qint64 from = 1;;) {
        auto page = m_store->audit().entries(from, DevicePage);
        if (!page.ok()) {
            setMessage(page.error().userMessage, true);
            return;
        }
        for (const AuditEntry &e : *page) {
            // The reason an operator typed is left out: it is free text.
            if (matches(e, m_filter.caseNumber, m_filter.operatorName, m_filter.action, m_filter.from, m_filter.to))
                entries.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                           {QStringLiteral("at"), crypto::wireTime(e.at)},
                                           {QStringLiteral("actor"), e.actor},
                                           {QStringLiteral("role"), e.role},
                                           {QStringLiteral("action"), e.action},
                                           {QStringLiteral("target"), e.caseNumber},
                                           {QStringLiteral("fields"), QJsonArray::fromStringList(e.fields)},
                                           {QStringLiteral("outcome"), e.outcome},
                                           {QStringLiteral("hash"), QString::fromLatin1(e.hash.toHex())}});
        }
        if (page->size() < DevicePage)
            break;
        from = page->last().seq + 1;
    }
    QJsonObject query;
    if (!m_filter.caseNumber.isEmpty())
        query.insert(QStringLiteral("case"), m_filter.caseNumber);
    if (!m_filter.operatorName.isEmpty())
        query.insert(QStringLiteral("actor"), m_filter.operatorName);
    if (!m_filter.action.isEmpty())
        query.insert(QStringLiteral("action"), m_filter.action);
    if (m_filter.from.isValid())
        query.insert(QStringLiteral("from"), crypto::wireTime(m_filter.from));
    if (m_filter.to.isValid())
        query.insert(QStringLiteral("to"), crypto::wireTime(m_filter.to));
    const QJsonObject content{{QStringLiteral("issuer"), QStringLiteral("device")},
                              {QStringLiteral("deviceId"), m_device->deviceId()},
                              {QStringLiteral("madeAt"), crypto::wireTime(m_session->clock().now())},
                              {QStringLiteral("madeBy"), m_session->session()->op().id},
                              {QStringLiteral("query"), query},
                              {QStringLiteral("entries"), entries}};
    auto document = crypto::signAuditExtract(m_device->cryptoSuite(), m_device->signingKey(), content);
    if (!document.ok()) {
        qCWarning(lcDesk) << "device extract not signed:" << document.error().logDetail;
        setMessage(document.error().userMessage, true);
        return;
    }
    if (writeExport(*document, QStringLiteral("audit-device")))
        noteDeviceRead(QStringLiteral("audit.export"), m_filter.caseNumber);
}

void AuditDesk::exportHub()
{
    sync::OperatorClient *client = m_session->hubClient();
    setBusy(true);
    runOffThread(
        this,
        [client, path = QStringLiteral("/v1/audit/extract?") + hubQuery(m_filter, 10000)] {
            return client->auditRead(path);
        },
        [this](sync::OperatorReply<QByteArray> reply) {
            setBusy(false);
            if (!reply.ok()) {
                if (reply.failure == sync::OperatorFailure::TokenInvalid) {
                    m_session->hubSignInEnded(reply.result.error().userMessage);
                    return;
                }
                setMessage(reply.result.error().userMessage, true);
                return;
            }
            // Checked against the hub key this desk pinned at enrollment before it is kept.
            if (m_device) {
                auto checked = crypto::verifyAuditExtract(*reply.result, m_device->hubSigningKey());
                if (!checked.ok()) {
                    qCWarning(lcDesk) << "hub extract refused:" << checked.error().logDetail;
                    setMessage(checked.error().userMessage, true);
                    return;
                }
            }
            writeExport(*reply.result, QStringLiteral("audit-hub"));
        });
}

void AuditDesk::setChain(const QString &state, const QString &text, qint64 brokenSeq)
{
    m_chainState = state;
    m_chainText = text;
    m_brokenSeq = brokenSeq;
    m_entries.setBrokenSeq(brokenSeq);
    Q_EMIT chainChanged();
}

void AuditDesk::setMessage(const QString &message, bool isError)
{
    if (message == m_message && isError == m_messageIsError)
        return;
    m_message = message;
    m_messageIsError = isError;
    Q_EMIT messageChanged();
}

void AuditDesk::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

} // namespace ow
