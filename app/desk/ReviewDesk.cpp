#include "ReviewDesk.h"

#include "DeskSession.h"
#include "OffThread.h"

#include "catalog/Catalog.h"
#include "domain/IdNumber.h"
#include "domain/SpecialProcedure.h"
#include "identity/PermissionMatrix.h"
#include "protocol/JsonFields.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "ui/CatalogService.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <limits>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

const QTimeZone kChinaTime(8 * 3600);

QDateTime parseTime(const QString &text)
{
    QDateTime t = protocol::parseUtcTime(text);
    if (t.isValid())
        return t;
    t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t;
}

// The Julian day in China time of a moment given in ms since the epoch.
qint64 chinaDay(qint64 ms)
{
    constexpr qint64 dayMs = 24 * 3600 * 1000;
    const qint64 local = ms + 8 * 3600 * 1000;
    const qint64 days = local >= 0 ? local / dayMs : -((-local + dayMs - 1) / dayMs);
    return days + 2440588; // 1970-01-01 is Julian day 2440588
}

// The calendar day in China time (UTC+8, no daylight saving) of a moment, without a QTimeZone
// conversion (which allocates, and a queue converts every case's time).
QDate chinaDate(const QDateTime &at)
{
    return QDate::fromJulianDay(chinaDay(at.toMSecsSinceEpoch()));
}

// The calendar day in China time of a time as the protocol writes it (or as QDateTime reads it).
QDate chinaDateOf(const QString &text)
{
    if (const auto ms = protocol::utcTimeMs(text))
        return QDate::fromJulianDay(chinaDay(*ms));
    return chinaDate(parseTime(text));
}

QString urgencyOf(const QueueRow &row)
{
    if (row.paused)
        return QStringLiteral("paused");
    std::optional<int> least;
    for (const auto &left : {row.promisedLeft, row.statutoryLeft}) {
        if (left && (!least || *left < *least))
            least = left;
    }
    return QueueRow::urgencyOf(least, false);
}

bool waitsForDecision(CaseState state)
{
    switch (state) {
    case CaseState::Received:
    case CaseState::Accepted:
    case CaseState::AcceptedPendingMaterials:
    case CaseState::AcceptedOnPledge:
    case CaseState::UnderReview:
        return true;
    default:
        return false;
    }
}

// Sensitive numbers are shown masked to reviewers too: the department decides on the facts,
// the full number stays in the sealed packet.
QString masked(FieldType type, const QString &value)
{
    switch (type) {
    case FieldType::IdNumber:
        return idNumber::masked(value.toUpper());
    case FieldType::Mobile:
    case FieldType::BankCard:
        if (value.size() <= 7)
            return QString(value.size(), QLatin1Char('*'));
        return value.left(3) + QString(value.size() - 7, QLatin1Char('*')) + value.right(4);
    default:
        return value;
    }
}

QString valueText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? ReviewDesk::tr("Yes") : ReviewDesk::tr("No");
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts << (v.isObject() ? QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
                                   : valueText(v));
        return parts.join(QStringLiteral("; "));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QString sizeText(qint64 bytes)
{
    if (bytes < 1024)
        return ReviewDesk::tr("%1 bytes").arg(bytes);
    if (bytes < 1024 * 1024)
        return ReviewDesk::tr("%1 KB").arg(QString::number(bytes / 1024.0, 'f', 1));
    return ReviewDesk::tr("%1 MB").arg(QString::number(bytes / (1024.0 * 1024.0), 'f', 1));
}

} // namespace

ReviewDesk::ReviewDesk(DeskSession *desk)
    : QObject(desk)
    , m_desk(desk)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(10000);
    connect(&m_retry, &QTimer::timeout, this, &ReviewDesk::sendWaiting);
}

QString ReviewDesk::language() const
{
    return CatalogService::instance() ? CatalogService::instance()->language() : QStringLiteral("zh");
}

QDate ReviewDesk::today() const
{
    return m_desk->clock().now().toTimeZone(kChinaTime).date();
}

QString ReviewDesk::lastRefreshed() const
{
    return m_refreshedAt.isValid() ? m_refreshedAt.toTimeZone(kChinaTime).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                   : QString();
}

void ReviewDesk::setMessage(const QString &message, bool isError)
{
    m_message = message;
    m_messageIsError = isError;
    Q_EMIT messageChanged();
}

void ReviewDesk::clearMessage()
{
    setMessage({}, false);
}

void ReviewDesk::setLoading(bool loading)
{
    const bool before = m_pending > 0;
    m_pending = loading ? m_pending + 1 : std::max(0, m_pending - 1);
    if (before != (m_pending > 0))
        Q_EMIT loadingChanged();
}

void ReviewDesk::clear()
{
    ++m_generation;
    m_queue.setRows({});
    m_case.reset();
    m_refreshedAt = {};
    m_unreachable = false;
    for (QString &next : m_next)
        next.clear();
    m_hubTotal = -1;
    m_loadingMore = false;
    ++m_pageGeneration;
    Q_EMIT pagesChanged();
    m_message.clear();
    m_refreshing = false;
    m_deciding = false;
    m_retry.stop();
    if (!m_waiting.isEmpty())
        qCInfo(lcDesk) << "signed out with" << m_waiting.size()
                       << "decision(s) not sent to the hub: kept on this desk for the reviewer's next sign-in";
    m_keptKey.clear();
    m_waiting.clear();
    m_sendingWaiting = false;
    m_kept.clear();
    Q_EMIT waitingChanged();
    if (m_pending > 0) {
        m_pending = 0;
        Q_EMIT loadingChanged();
    }
    Q_EMIT caseChanged();
    Q_EMIT refreshedChanged();
    Q_EMIT messageChanged();
}

QString ReviewDesk::keptKey() const
{
    Session *session = m_desk->session();
    return session ? QStringLiteral("review.waitingDecisions/") + session->op().id : QString();
}

void ReviewDesk::signedIn()
{
    m_keptKey = keptKey();
    m_waiting.clear();
    m_kept.clear();
    if (!m_store || m_keptKey.isEmpty())
        return;
    auto stored = m_store->settings().value(m_keptKey);
    if (!stored.ok()) {
        qCWarning(lcDesk).noquote() << "waiting decisions not read:" << stored.error().logDetail;
        setMessage(stored.error().userMessage, true);
        return;
    }
    if (!stored->has_value() || (*stored)->isEmpty())
        return;
    const QJsonObject kept = QJsonDocument::fromJson(**stored).object();
    for (const QJsonValue &v : kept.value(QStringLiteral("waiting")).toArray()) {
        const QJsonObject w = v.toObject();
        auto request = protocol::DecisionRequest::fromJson(w.value(QStringLiteral("request")).toObject());
        const QString caseId = w.value(QStringLiteral("caseId")).toString();
        if (!request || caseId.isEmpty()) {
            qCWarning(lcDesk) << "a kept waiting decision is unreadable; left out";
            continue;
        }
        m_waiting.append({caseId, *request});
    }
    const QJsonObject texts = kept.value(QStringLiteral("kept")).toObject();
    for (auto it = texts.constBegin(); it != texts.constEnd(); ++it) {
        const QJsonObject k = it.value().toObject();
        const auto decision = caseState::fromKey(k.value(QStringLiteral("decision")).toString());
        if (decision)
            m_kept.insert(it.key(), {*decision, k.value(QStringLiteral("text")).toString()});
    }
    Q_EMIT waitingChanged();
    if (!m_waiting.isEmpty()) {
        qCInfo(lcDesk) << m_waiting.size() << "decision(s) kept from an earlier sign-in wait to be sent";
        setMessage(tr("%n decision(s) you took before you signed out wait to be sent to the county hub: they go "
                      "as soon as it answers.",
                      "", static_cast<int>(m_waiting.size())),
                   false);
    }
}

void ReviewDesk::keepForLater(const QString &key, const QString &caseId, const protocol::DecisionRequest &request)
{
    if (!m_store || key.isEmpty())
        return;
    auto stored = m_store->settings().value(key);
    QJsonObject kept = stored.ok() && stored->has_value() ? QJsonDocument::fromJson(**stored).object() : QJsonObject();
    QJsonArray waiting = kept.value(QStringLiteral("waiting")).toArray();
    waiting.append(QJsonObject{{QStringLiteral("caseId"), caseId}, {QStringLiteral("request"), request.toJson()}});
    kept.insert(QStringLiteral("waiting"), waiting);
    const Status saved = m_store->settings().setValue(key, QJsonDocument(kept).toJson(QJsonDocument::Compact));
    if (saved.ok())
        qCInfo(lcDesk) << "a decision sent as the reviewer signed out did not reach the hub: kept for the next sign-in";
    else
        qCWarning(lcDesk).noquote() << "a decision sent as the reviewer signed out is lost:" << saved.error().logDetail;
}

void ReviewDesk::dropKeptOfDecidedCases()
{
    if (m_kept.isEmpty())
        return;
    for (const QString &next : m_next) {
        if (!next.isEmpty())
            return; // a later page may still hold the case
    }
    bool dropped = false;
    for (auto it = m_kept.begin(); it != m_kept.end();) {
        const bool waiting = std::any_of(m_waiting.cbegin(), m_waiting.cend(),
                                         [&](const WaitingDecision &w) { return w.caseId == it.key(); });
        if (waiting || m_queue.row(it.key())) {
            ++it;
            continue;
        }
        qCInfo(lcDesk) << "case" << it.key() << "is decided: what was written on a refused decision is dropped";
        it = m_kept.erase(it);
        dropped = true;
    }
    if (dropped)
        saveWaiting();
}

void ReviewDesk::saveWaiting()
{
    // Only into the store of the reviewer whose decisions these are.
    if (!m_store || m_keptKey.isEmpty() || m_keptKey != keptKey())
        return;
    QByteArray bytes;
    if (!m_waiting.isEmpty() || !m_kept.isEmpty()) {
        QJsonArray waiting;
        for (const WaitingDecision &w : std::as_const(m_waiting))
            waiting.append(
                QJsonObject{{QStringLiteral("caseId"), w.caseId}, {QStringLiteral("request"), w.request.toJson()}});
        QJsonObject texts;
        for (auto it = m_kept.constBegin(); it != m_kept.constEnd(); ++it)
            texts.insert(it.key(), QJsonObject{{QStringLiteral("decision"), caseState::key(it->first)},
                                               {QStringLiteral("text"), it->second}});
        bytes = QJsonDocument(QJsonObject{{QStringLiteral("waiting"), waiting}, {QStringLiteral("kept"), texts}})
                    .toJson(QJsonDocument::Compact);
    }
    const Status saved = m_store->settings().setValue(m_keptKey, bytes);
    if (!saved.ok()) {
        qCWarning(lcDesk).noquote() << "waiting decisions not kept in the store:" << saved.error().logDetail;
        setMessage(saved.error().userMessage, true);
    }
}

bool ReviewDesk::authorize(Action action, const QString &caseId)
{
    Session *session = m_desk->session();
    if (!session)
        return false;
    CaseScope scope;
    scope.caseNumber = caseId;
    const QueueRow *row = caseId.isEmpty() ? nullptr : m_queue.row(caseId);
    scope.department = m_case && m_case->caseId == caseId ? m_case->department
                       : row                              ? row->department
                                                          : session->op().department;
    const Status allowed = m_desk->authorizer().authorize(*session, action, scope);
    if (allowed.ok())
        return true;
    qCInfo(lcDesk) << "refused:" << action::key(action) << allowed.error().logDetail;
    if (session->isExpired(m_desk->clock().now()))
        m_desk->checkIdle();
    else
        setMessage(allowed.error().userMessage, true);
    return false;
}

void ReviewDesk::hubFailed(const Error &error, sync::OperatorFailure failure)
{
    if (failure == sync::OperatorFailure::TokenInvalid) {
        m_desk->hubSignInEnded(error.userMessage);
        return;
    }
    setMessage(error.userMessage, true);
}

QList<QueueRow> ReviewDesk::rowsOf(const QList<protocol::QueueEntry> &entries, const Catalog &catalog,
                                   const HolidayCalendar *calendar, const QDate &today, const QString &language)
{
    // A queue holds tens of thousands of cases of a few dozen items. Each case's time is read
    // once, to milliseconds; its clocks are differences of the calendar's running count of
    // working days (no walk over days); the rows are made once, in the hub's order.
    struct ItemFacts
    {
        std::shared_ptr<const ServiceItem> item;
        QString name;
    };
    std::vector<ItemFacts> items;
    QHash<QString, int> itemIndex;
    // The hub's answer shares one QString per item id among its rows: a direct-mapped memo of
    // (characters, size) -> item, before the hash of the id's text.
    struct Recent
    {
        const QChar *chars = nullptr;
        qsizetype size = -1;
        int item = -1;
    };
    std::array<Recent, 64> recent{};
    const auto itemOf = [&](const QString &id) {
        Recent &memo = recent[(reinterpret_cast<quintptr>(id.constData()) >> 4) % recent.size()];
        if (memo.chars == id.constData() && memo.size == id.size())
            return memo.item;
        auto it = itemIndex.constFind(id);
        if (it == itemIndex.constEnd()) {
            const auto item = catalog.item(id);
            items.push_back(ItemFacts{item, item ? item->name.in(language) : id});
            it = itemIndex.insert(id, static_cast<int>(items.size() - 1));
        }
        memo = {id.constData(), id.size(), *it};
        return *it;
    };

    // Each row's facts first (small), then the rows themselves, in the hub's order (1.14: by due
    // date, then case number; the desk does not sort them again, so pages simply follow).
    struct Facts
    {
        int item = -1;
        bool timeKnown = false;
        qint64 receivedMs = 0;
        std::optional<int> promisedLeft;
        std::optional<int> statutoryLeft;
    };
    std::vector<Facts> facts(static_cast<std::size_t>(entries.size()));
    QHash<qsizetype, QDateTime> otherSpellings; // times the quick parse does not read (rare)
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const protocol::QueueEntry &e = entries.at(i);
        Facts &f = facts[static_cast<std::size_t>(i)];
        if (const auto ms = protocol::utcTimeMs(e.receivedAt)) {
            f.receivedMs = *ms;
            f.timeKnown = true;
        } else if (const QDateTime at = parseTime(e.receivedAt); at.isValid()) {
            f.receivedMs = at.toMSecsSinceEpoch();
            f.timeKnown = true;
            otherSpellings.insert(i, at);
        }
        f.item = itemOf(e.itemId);
        const ServiceItem *item = items[static_cast<std::size_t>(f.item)].item.get();
        if (item && calendar && f.timeKnown) {
            const QDate start = QDate::fromJulianDay(chinaDay(f.receivedMs));
            // A case that went through special procedures (特别程序) has its own clocks: the
            // working days of each do not count, nor those of the one it is in.
            const bool ownClock = !e.pauses.isEmpty() || e.procedure.has_value();
            const auto daysLeftOf = [&](int limit) {
                if (!ownClock)
                    return limit - calendar->workingDaysBetween(start, today);
                WorkingDayClock clock(*calendar, start, limit);
                for (const auto &pause : e.pauses) {
                    clock.pause(chinaDateOf(pause.first));
                    clock.resume(chinaDateOf(pause.second));
                }
                if (e.procedure)
                    clock.pause(chinaDateOf(e.procedure->startedAt));
                return clock.daysLeft(today);
            };
            if (item->promisedLimitDays > 0)
                f.promisedLeft = daysLeftOf(item->promisedLimitDays);
            if (item->statutoryLimitDays > 0)
                f.statutoryLeft = daysLeftOf(item->statutoryLimitDays);
        }
    }
    QList<QueueRow> rows;
    rows.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const protocol::QueueEntry &e = entries.at(i);
        const Facts &f = facts[static_cast<std::size_t>(i)];
        QueueRow &row = rows.emplace_back();
        row.caseId = e.caseId;
        row.packetId = e.packetId;
        row.itemId = e.itemId;
        row.department = e.department;
        row.state = e.state;
        if (f.timeKnown) {
            const auto other = otherSpellings.constFind(i);
            row.receivedAt =
                other != otherSpellings.constEnd() ? *other : QDateTime::fromMSecsSinceEpoch(f.receivedMs, Qt::UTC);
        }
        row.paused = e.state == CaseState::CorrectionRequested || e.state == CaseState::Suspended;
        row.itemName = items[static_cast<std::size_t>(f.item)].name;
        row.promisedLeft = f.promisedLeft;
        row.statutoryLeft = f.statutoryLeft;
        row.promisedUrgency = QueueRow::urgencyOf(row.promisedLeft, row.paused);
        row.statutoryUrgency = QueueRow::urgencyOf(row.statutoryLeft, row.paused);
        row.urgency = urgencyOf(row);
        if (e.procedure) {
            row.procedureKind = e.procedure->kind;
            row.procedureReason = e.procedure->reason;
            row.procedureExpectedEnd = e.procedure->expectedEnd;
            row.procedureStarted = chinaDateOf(e.procedure->startedAt);
        }
    }
    return rows;
}

void ReviewDesk::refresh()
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client || m_refreshing || !authorize(Action::ViewReviewQueue, {}))
        return;
    m_refreshing = true;
    setLoading(true);
    const QString department = m_desk->department();
    const int generation = m_generation;
    using Reply = sync::OperatorReply<protocol::QueueAnswer>;
    struct Answers
    {
        Reply waiting;
        Reply paused;
        Reply suspended;
    };
    runOffThread(
        this,
        [client, department, size = m_pageSize] {
            // Waiting for a decision, waiting for the citizen's correction and in a special
            // procedure (clocks paused): the first page of each.
            const auto none = [] { return Reply{Result<protocol::QueueAnswer>(protocol::QueueAnswer{})}; };
            Answers answers{client->queue(department, CaseState::Received, size), none(), none()};
            if (!answers.waiting.ok())
                return answers;
            answers.paused = client->queue(department, CaseState::CorrectionRequested, size);
            if (answers.paused.ok())
                answers.suspended = client->queue(department, CaseState::Suspended, size);
            return answers;
        },
        [this, generation](Answers answers) {
            if (generation != m_generation)
                return;
            m_refreshing = false;
            setLoading(false);
            for (const Reply *reply : {&answers.waiting, &answers.paused, &answers.suspended}) {
                if (reply->ok())
                    continue;
                if (reply->failure == sync::OperatorFailure::Unreachable) {
                    m_unreachable = true;
                    Q_EMIT refreshedChanged();
                    return;
                }
                hubFailed(reply->result.error(), reply->failure);
                return;
            }
            QList<protocol::QueueEntry> entries = answers.waiting.result->cases;
            entries += answers.paused.result->cases;
            entries += answers.suspended.result->cases;
            const Catalog empty;
            const Catalog &catalog = CatalogService::instance() ? CatalogService::instance()->catalog() : empty;
            m_queue.setRows(rowsOf(entries, catalog, m_calendar, today(), language()));
            m_hubTotal = 0;
            const Reply *replies[QueueKinds] = {&answers.waiting, &answers.paused, &answers.suspended};
            for (int i = 0; i < QueueKinds; ++i) {
                m_next[i] = replies[i]->result->next;
                const std::optional<qint64> total = replies[i]->result->total;
                m_hubTotal = total && m_hubTotal >= 0 ? m_hubTotal + *total : -1;
            }
            ++m_pageGeneration;
            m_loadingMore = false;
            Q_EMIT pagesChanged();
            m_refreshedAt = m_desk->clock().now();
            m_unreachable = false;
            Q_EMIT refreshedChanged();
            dropKeptOfDecidedCases();
            sendWaiting();
        });
}

int ReviewDesk::queueTotal() const
{
    return static_cast<int>(std::max<qint64>(m_hubTotal, m_queue.totalCount()));
}

void ReviewDesk::fetchMore()
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client || m_refreshing || m_loadingMore || !moreToLoad() || !authorize(Action::ViewReviewQueue, {}))
        return;
    int which = 0;
    while (m_next[which].isEmpty())
        ++which;
    const CaseState state = which == 0   ? CaseState::Received
                            : which == 1 ? CaseState::CorrectionRequested
                                         : CaseState::Suspended;
    const QString after = m_next[which];
    const QString department = m_desk->department();
    const int generation = m_generation;
    const int pages = m_pageGeneration;
    m_loadingMore = true;
    Q_EMIT pagesChanged();
    runOffThread(
        this,
        [client, department, state, after, size = m_pageSize] { return client->queue(department, state, size, after); },
        [this, generation, pages, which](sync::OperatorReply<protocol::QueueAnswer> reply) {
            // A refresh since began the queue again from its first page.
            if (generation != m_generation || pages != m_pageGeneration)
                return;
            m_loadingMore = false;
            if (!reply.ok()) {
                Q_EMIT pagesChanged();
                if (reply.failure == sync::OperatorFailure::Unreachable) {
                    m_unreachable = true;
                    Q_EMIT refreshedChanged();
                    return;
                }
                hubFailed(reply.result.error(), reply.failure);
                return;
            }
            const Catalog empty;
            const Catalog &catalog = CatalogService::instance() ? CatalogService::instance()->catalog() : empty;
            m_queue.mergeRows(rowsOf(reply.result->cases, catalog, m_calendar, today(), language()));
            m_next[which] = reply.result->next;
            dropKeptOfDecidedCases();
            qCDebug(lcDesk) << "queue page loaded:" << reply.result->cases.size() << "case(s);" << m_queue.totalCount()
                            << "of" << queueTotal();
            Q_EMIT pagesChanged();
        });
}

void ReviewDesk::openCase(const QString &caseId)
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client || caseId.isEmpty() || !authorize(Action::OpenCase, caseId))
        return;
    setLoading(true);
    const int generation = m_generation;
    runOffThread(
        this, [client, caseId] { return client->caseDetail(caseId); },
        [this, generation](sync::OperatorReply<protocol::CaseDetail> reply) {
            if (generation != m_generation)
                return;
            setLoading(false);
            if (!reply.ok()) {
                hubFailed(reply.result.error(), reply.failure);
                return;
            }
            m_case = std::move(reply.result.value());
            Q_EMIT caseChanged();
        });
}

void ReviewDesk::closeCase()
{
    if (!m_case)
        return;
    m_case.reset();
    Q_EMIT caseChanged();
}

QString ReviewDesk::caseItemName() const
{
    if (!m_case)
        return {};
    const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(m_case->itemId) : nullptr;
    return item ? item->name.in(language()) : m_case->itemId;
}

QString ReviewDesk::caseReceived() const
{
    return m_case ? parseTime(m_case->receivedAt).toTimeZone(kChinaTime).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                  : QString();
}

QString ReviewDesk::caseStateLabel() const
{
    return m_case ? caseState::label(m_case->state) : QString();
}

QString ReviewDesk::casePromised() const
{
    const QueueRow *row = m_case ? m_queue.row(m_case->caseId) : nullptr;
    return row ? ReviewQueueModel::daysText(row->promisedLeft, row->paused) : QString();
}

QString ReviewDesk::caseStatutory() const
{
    const QueueRow *row = m_case ? m_queue.row(m_case->caseId) : nullptr;
    return row ? ReviewQueueModel::daysText(row->statutoryLeft, row->paused) : QString();
}

QString ReviewDesk::casePromisedUrgency() const
{
    const QueueRow *row = m_case ? m_queue.row(m_case->caseId) : nullptr;
    return row ? row->promisedUrgency : QStringLiteral("ok");
}

QString ReviewDesk::caseStatutoryUrgency() const
{
    const QueueRow *row = m_case ? m_queue.row(m_case->caseId) : nullptr;
    return row ? row->statutoryUrgency : QStringLiteral("ok");
}

bool ReviewDesk::caseDecidable() const
{
    Session *session = m_desk->session();
    if (!m_case || !session || !waitsForDecision(m_case->state))
        return false;
    for (Role r : session->op().roles) {
        if (PermissionMatrix::allows(r, Action::Approve))
            return true;
    }
    return false;
}

QVariantList ReviewDesk::caseFields() const
{
    QVariantList out;
    if (!m_case)
        return out;
    const QJsonObject form = m_case->payload.value(QStringLiteral("form")).toObject();
    const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(m_case->itemId) : nullptr;
    QSet<QString> shown;
    const auto add = [&out](const QString &group, const QString &label, const QString &value) {
        out << QVariantMap{
            {QStringLiteral("group"), group}, {QStringLiteral("label"), label}, {QStringLiteral("value"), value}};
    };
    if (item) {
        for (const FieldGroup &group : item->groups) {
            for (const Field &field : group.fields) {
                if (!form.contains(field.id))
                    continue;
                shown.insert(field.id);
                const QJsonValue value = form.value(field.id);
                QString text = valueText(value);
                if (field.type == FieldType::Signature)
                    text = tr("signed");
                else if (field.type == FieldType::Region && CatalogService::instance())
                    text = CatalogService::instance()->regionName(text);
                else if (!field.options.isEmpty()) {
                    for (const ChoiceOption &option : field.options) {
                        if (option.value == text)
                            text = option.label.in(language());
                    }
                }
                add(group.title.in(language()), field.label.in(language()), masked(field.type, text));
            }
        }
    }
    for (auto it = form.constBegin(); it != form.constEnd(); ++it) {
        if (!shown.contains(it.key()))
            add(tr("Other answers"), it.key(), valueText(it.value()));
    }
    return out;
}

QVariantList ReviewDesk::caseAttachments() const
{
    QVariantList out;
    if (!m_case)
        return out;
    for (const QJsonValue &v : m_case->payload.value(QStringLiteral("materials")).toArray()) {
        const QJsonObject m = v.toObject();
        const qint64 bytes = m.value(QStringLiteral("data")).toString().size() * 3 / 4;
        out << QVariantMap{{QStringLiteral("name"), m.value(QStringLiteral("name")).toString()},
                           {QStringLiteral("detail"),
                            m.value(QStringLiteral("mimeType")).toString() + QStringLiteral(" · ") + sizeText(bytes)}};
    }
    for (const protocol::AttachmentInfo &a : m_case->attachments)
        out << QVariantMap{{QStringLiteral("name"), a.name}, {QStringLiteral("detail"), sizeText(a.size)}};
    return out;
}

QVariantList ReviewDesk::caseMaterials() const
{
    QVariantList out;
    if (!m_case)
        return out;
    const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(m_case->itemId) : nullptr;
    if (!item)
        return out;
    for (const Material &m : item->materials)
        out << m.name.in(language());
    return out;
}

namespace {

protocol::DecisionRequest decisionOf(CaseState decision, const QString &opinion)
{
    protocol::DecisionRequest request;
    request.decision = decision;
    request.opinion = opinion;
    return request;
}

} // namespace

void ReviewDesk::approve(const QString &opinion)
{
    decide(decisionOf(CaseState::Approved, opinion.trimmed()));
}

void ReviewDesk::deny(const QString &reason)
{
    if (reason.trimmed().isEmpty()) {
        setMessage(tr("Give the reason for the denial: the citizen reads it."), true);
        return;
    }
    decide(decisionOf(CaseState::Denied, reason.trimmed()));
}

void ReviewDesk::requestCorrection(const QStringList &missing, const QString &other)
{
    QStringList lines;
    for (const QString &m : missing) {
        if (!m.trimmed().isEmpty())
            lines << m.trimmed();
    }
    for (const QString &line : other.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    }
    if (lines.isEmpty()) {
        setMessage(tr("List everything that is missing, in one request: tick the materials or write what else is "
                      "needed."),
                   true);
        return;
    }
    QStringList numbered;
    for (int i = 0; i < lines.size(); ++i)
        numbered << QStringLiteral("%1. %2").arg(i + 1).arg(lines.at(i));
    decide(decisionOf(CaseState::CorrectionRequested, numbered.join(QLatin1Char('\n'))));
}

void ReviewDesk::startSpecialProcedure(const QString &kind, const QString &reason, const QString &expectedEnd)
{
    if (!m_case)
        return;
    if (!specialProcedure::fromKey(kind)) {
        setMessage(tr("Choose the kind of special procedure."), true);
        return;
    }
    const QString why = reason.trimmed();
    if (why.isEmpty()) {
        setMessage(tr("Give the reason for the special procedure."), true);
        return;
    }
    if (why.size() > specialProcedure::kMaxReasonLength) {
        setMessage(tr("The reason is too long: at most %1 characters.").arg(specialProcedure::kMaxReasonLength), true);
        return;
    }
    auto end = specialProcedure::checkExpectedEnd(expectedEnd, today());
    if (!end) {
        qCInfo(lcDesk).noquote() << "special procedure not started:" << end.error().logDetail;
        setMessage(end.error().userMessage, true);
        return;
    }
    protocol::DecisionRequest request = decisionOf(CaseState::Suspended, why);
    request.procedureKind = kind;
    request.expectedEnd = end->toString(Qt::ISODate);
    decide(request);
}

void ReviewDesk::endSpecialProcedure(const QString &outcome)
{
    if (!m_case)
        return;
    const QString note = outcome.trimmed();
    if (note.isEmpty()) {
        setMessage(tr("Write a short note on the outcome of the special procedure."), true);
        return;
    }
    if (note.size() > specialProcedure::kMaxReasonLength) {
        setMessage(tr("The note is too long: at most %1 characters.").arg(specialProcedure::kMaxReasonLength), true);
        return;
    }
    decide(decisionOf(CaseState::UnderReview, note));
}

QString ReviewDesk::dateInDays(int days) const
{
    return today().addDays(days).toString(Qt::ISODate);
}

QVariantList ReviewDesk::procedureKinds() const
{
    QVariantList out;
    for (SpecialProcedureKind kind : specialProcedure::allKinds())
        out << QVariantMap{{QStringLiteral("key"), specialProcedure::key(kind)},
                           {QStringLiteral("label"), specialProcedure::label(kind)}};
    return out;
}

bool ReviewDesk::caseSuspended() const
{
    Session *session = m_desk->session();
    if (!m_case || !session || m_case->state != CaseState::Suspended)
        return false;
    for (Role r : session->op().roles) {
        if (PermissionMatrix::allows(r, Action::StartSpecialProcedure))
            return true;
    }
    return false;
}

QVariantMap ReviewDesk::caseProcedure() const
{
    const QueueRow *row = m_case ? m_queue.row(m_case->caseId) : nullptr;
    const auto kind = row ? specialProcedure::fromKey(row->procedureKind) : std::nullopt;
    if (!kind)
        return {};
    return {{QStringLiteral("kind"), specialProcedure::label(*kind)},
            {QStringLiteral("reason"), row->procedureReason},
            {QStringLiteral("expectedEnd"), row->procedureExpectedEnd},
            {QStringLiteral("started"), row->procedureStarted.toString(Qt::ISODate)}};
}

int ReviewDesk::procedureReasonLimit() const
{
    return specialProcedure::kMaxReasonLength;
}

namespace {

// The hub refused a decision as taken already, and the one it holds is this very decision: taken
// by this reviewer on the same packet (PROTOCOL.md 1.14). An earlier send reached the hub though
// its answer was lost; it is sent, not refused.
bool takenAlready(const sync::OperatorReply<protocol::DecisionAnswer> &reply, const protocol::DecisionRequest &request)
{
    return !reply.ok() && reply.failure == sync::OperatorFailure::AlreadyDecided && reply.decided &&
           reply.decided->yours && reply.decided->state == request.decision &&
           reply.decided->packetId == request.packetId;
}

} // namespace

void ReviewDesk::decide(protocol::DecisionRequest request)
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client || !m_case || m_deciding)
        return;
    const CaseState decision = request.decision;
    if (request.opinion.size() > protocol::MaxOpinionLength) {
        setMessage(tr("The opinion is too long: at most %1 characters.").arg(protocol::MaxOpinionLength), true);
        return;
    }
    const Action action = decision == CaseState::Approved              ? Action::Approve
                          : decision == CaseState::Denied              ? Action::Deny
                          : decision == CaseState::CorrectionRequested ? Action::RequestCorrection
                                                                       : Action::StartSpecialProcedure;
    const QString caseId = m_case->caseId;
    if (!authorize(action, caseId))
        return;
    // Each decision from the state it leaves, as the hub checks it (PROTOCOL.md §8.2).
    if (m_case->state == CaseState::Suspended && decision != CaseState::UnderReview) {
        setMessage(tr("This case is in a special procedure: end it before you decide."), true);
        return;
    }
    if (decision == CaseState::UnderReview && m_case->state != CaseState::Suspended) {
        setMessage(tr("This case is not in a special procedure."), true);
        return;
    }
    for (const WaitingDecision &w : std::as_const(m_waiting)) {
        if (w.caseId == caseId) {
            setMessage(tr("Your decision on this case waits to be sent to the county hub."), true);
            return;
        }
    }
    request.packetId = m_case->packetId;
    clearMessage();
    m_deciding = true;
    setLoading(true);
    const int generation = m_generation;
    const QString keptFor = m_keptKey;
    runOffThread(
        this, [client, caseId, request] { return client->decide(caseId, request); },
        [this, generation, keptFor, caseId, decision, request](sync::OperatorReply<protocol::DecisionAnswer> reply) {
            if (generation != m_generation) {
                // Signed out while the hub was being asked: a decision that did not reach it is
                // kept for its reviewer's next sign-in like the others waiting.
                if (reply.failure != sync::OperatorFailure::Unreachable)
                    return;
                if (!keptFor.isEmpty() && keptFor == m_keptKey) { // signed in again already
                    m_waiting.append({caseId, request});
                    saveWaiting();
                    Q_EMIT waitingChanged();
                } else {
                    keepForLater(keptFor, caseId, request);
                }
                return;
            }
            m_deciding = false;
            setLoading(false);
            if (reply.ok() || takenAlready(reply, request)) {
                if (m_kept.remove(caseId))
                    saveWaiting();
                const QString done =
                    decision == CaseState::Approved ? tr("Approved: the citizen will be told.")
                    : decision == CaseState::Denied ? tr("Denied: the citizen will be told with your reason.")
                    : decision == CaseState::Suspended
                        ? tr("Special procedure started: the clocks stand still until you end it (expected %1).")
                              .arg(request.expectedEnd)
                    : decision == CaseState::UnderReview
                        ? tr("Special procedure ended: the case is back in review and its clocks run again.")
                        : tr("Correction requested: the clocks stand still until the citizen brings what is "
                             "missing.");
                m_case.reset();
                Q_EMIT caseChanged();
                setMessage(done, false);
                Q_EMIT decided(caseId, caseState::key(reply.ok() ? reply.result->state : decision));
                refresh();
                return;
            }
            switch (reply.failure) {
            case sync::OperatorFailure::Stale:
                // A corrected packet came in: what the reviewer read is not what the case holds.
                setMessage(reply.result.error().userMessage, true);
                refresh();
                openCase(caseId);
                return;
            case sync::OperatorFailure::AlreadyDecided:
                setMessage(reply.result.error().userMessage, true);
                m_case.reset();
                Q_EMIT caseChanged();
                refresh();
                return;
            case sync::OperatorFailure::Unreachable:
                // It waits on this desk and goes when the hub answers again.
                m_waiting.append({caseId, request});
                m_kept.remove(caseId);
                saveWaiting();
                qCInfo(lcDesk) << "decision on" << caseId << "waits: the hub cannot be reached;" << m_waiting.size()
                               << "waiting";
                m_case.reset();
                Q_EMIT caseChanged();
                m_unreachable = true;
                Q_EMIT refreshedChanged();
                Q_EMIT waitingChanged();
                setMessage(tr("The county hub cannot be reached: your decision waits on this desk and is sent as "
                              "soon as the hub answers."),
                           false);
                m_retry.start();
                return;
            default:
                hubFailed(reply.result.error(), reply.failure);
                return;
            }
        });
}

namespace {

// What a waiting decision is called in the desk's list.
QString decisionLabel(const protocol::DecisionRequest &request)
{
    if (request.decision == CaseState::Suspended) {
        const auto kind = specialProcedure::fromKey(request.procedureKind);
        return ReviewDesk::tr("Special procedure: %1").arg(kind ? specialProcedure::label(*kind) : QString());
    }
    if (request.decision == CaseState::UnderReview)
        return ReviewDesk::tr("Special procedure ended");
    return caseState::label(request.decision);
}

} // namespace

QVariantList ReviewDesk::waitingDecisions() const
{
    QVariantList out;
    for (const WaitingDecision &w : m_waiting)
        out << QVariantMap{{QStringLiteral("caseId"), w.caseId},
                           {QStringLiteral("decision"), decisionLabel(w.request)}};
    return out;
}

QVariantMap ReviewDesk::caseKept() const
{
    if (!m_case)
        return {};
    const auto kept = m_kept.constFind(m_case->caseId);
    if (kept == m_kept.constEnd())
        return {};
    const QString decision = kept->first == CaseState::Approved      ? QStringLiteral("approve")
                             : kept->first == CaseState::Denied      ? QStringLiteral("deny")
                             : kept->first == CaseState::Suspended   ? QStringLiteral("procedure")
                             : kept->first == CaseState::UnderReview ? QStringLiteral("endProcedure")
                                                                     : QStringLiteral("correction");
    QString text = kept->second;
    if (kept->first == CaseState::CorrectionRequested) {
        // The list as it was written: without the numbers the request put in front.
        static const QRegularExpression number(QStringLiteral("^\\d+\\. "), QRegularExpression::MultilineOption);
        text.remove(number);
    }
    return {{QStringLiteral("decision"), decision}, {QStringLiteral("text"), text}};
}

void ReviewDesk::sendWaiting()
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client || m_sendingWaiting || m_waiting.isEmpty() || !m_desk->session())
        return;
    m_retry.stop();
    m_sendingWaiting = true;
    const WaitingDecision next = m_waiting.first();
    const int generation = m_generation;
    runOffThread(
        this, [client, next] { return client->decide(next.caseId, next.request); },
        [this, generation, next](sync::OperatorReply<protocol::DecisionAnswer> reply) {
            if (generation != m_generation)
                return;
            m_sendingWaiting = false;
            if (!reply.ok() && reply.failure == sync::OperatorFailure::Unreachable) {
                m_retry.start();
                return;
            }
            if (!reply.ok() && reply.failure == sync::OperatorFailure::TokenInvalid) {
                hubFailed(reply.result.error(), reply.failure); // signs out
                return;
            }
            if (!m_waiting.isEmpty() && m_waiting.first().caseId == next.caseId)
                m_waiting.removeFirst();
            // The hub already holds this very decision, taken by this reviewer on this packet: an
            // earlier send reached it though its answer was lost (a sign-out, the network). Sent.
            if (takenAlready(reply, next.request)) {
                qCInfo(lcDesk) << "waiting decision on" << next.caseId << "had reached the hub already: taken as sent";
                m_kept.remove(next.caseId);
                saveWaiting();
                Q_EMIT waitingChanged();
                if (!m_messageIsError)
                    setMessage(tr("Your decision on case %1 reached the county hub.").arg(next.caseId), false);
                Q_EMIT decided(next.caseId, caseState::key(next.request.decision));
                if (!m_waiting.isEmpty())
                    sendWaiting();
                else
                    refresh();
                return;
            }
            // Decided for good (approved or denied, by a colleague): nothing is left to decide, so
            // what was written is not kept. Otherwise (a correction asked meanwhile, a corrected
            // application) it is kept for the reviewer to decide on what the case holds now.
            const bool decidedForGood =
                !reply.ok() && reply.decided &&
                (reply.decided->state == CaseState::Approved || reply.decided->state == CaseState::Denied);
            if (decidedForGood)
                m_kept.remove(next.caseId);
            else if (!reply.ok())
                m_kept.insert(next.caseId, {next.request.decision, next.request.opinion});
            saveWaiting();
            Q_EMIT waitingChanged();
            if (reply.ok()) {
                qCInfo(lcDesk) << "waiting decision on" << next.caseId << "sent";
                // A refusal of an earlier one stays on screen.
                if (!m_messageIsError)
                    setMessage(tr("Your decision on case %1 reached the county hub.").arg(next.caseId), false);
                Q_EMIT decided(next.caseId, caseState::key(reply.result->state));
            } else {
                qCInfo(lcDesk).noquote() << "waiting decision on" << next.caseId
                                         << "refused:" << reply.result.error().logDetail;
                const QString why =
                    reply.failure == sync::OperatorFailure::Stale
                        ? tr("the case changed on the county hub while your decision waited (a corrected "
                             "application came in)")
                    : reply.failure == sync::OperatorFailure::AlreadyDecided
                        ? tr("it had been decided on the county hub meanwhile")
                        : reply.result.error().userMessage;
                if (decidedForGood)
                    setMessage(tr("Your decision on case %1 was not taken: it had been decided on the county hub "
                                  "meanwhile (%2).")
                                   .arg(next.caseId, caseState::label(reply.decided->state)),
                               true);
                else
                    setMessage(tr("Your decision on case %1 was not taken: %2. Open the case again and decide on "
                                  "what it holds now; what you wrote is kept.")
                                   .arg(next.caseId, why),
                               true);
                if (m_case && m_case->caseId == next.caseId)
                    Q_EMIT caseChanged();
            }
            if (!m_waiting.isEmpty())
                sendWaiting();
            else
                refresh();
        });
}

} // namespace ow
