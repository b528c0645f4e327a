#include "ReviewQueueModel.h"

#include "domain/CaseState.h"
#include "domain/SpecialProcedure.h"

#include <QStringMatcher>

#include <QTimeZone>

#include <algorithm>
#include <array>
#include <limits>

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
    return parent.isValid() ? 0 : static_cast<int>(m_shown.size());
}

QString ReviewQueueModel::procedureText(const QueueRow &row)
{
    const auto kind = specialProcedure::fromKey(row.procedureKind);
    if (!kind)
        return {};
    return tr("%1 · expected to end %2 · %3")
        .arg(specialProcedure::label(*kind), row.procedureExpectedEnd, row.procedureReason.simplified());
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
    const QueueRow &r = m_rows.at(m_shown.at(index.row()));
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
    case ProcedureRole:
        return procedureText(r);
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
            {PausedRole, "paused"},
            {ProcedureRole, "procedure"}};
}

void ReviewQueueModel::setRows(QList<QueueRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    applyFilter();
    endResetModel();
    Q_EMIT countChanged();
}

int ReviewQueueModel::partOf(const QueueRow &row)
{
    switch (row.state) {
    case CaseState::CorrectionRequested:
        return 1;
    case CaseState::Suspended:
        return 2;
    default:
        return 0;
    }
}

void ReviewQueueModel::mergeRows(QList<QueueRow> rows)
{
    if (rows.isEmpty())
        return;
    // The page goes after the rows held of its part, as the hub ordered them, and is inserted
    // rather than reset: the list keeps where it was scrolled to and its current row.
    const int part = partOf(rows.constFirst());
    const qsizetype at =
        std::find_if(m_rows.cbegin(), m_rows.cend(), [part](const QueueRow &r) { return partOf(r) > part; }) -
        m_rows.cbegin();
    const qsizetype shownAt = std::lower_bound(m_shown.cbegin(), m_shown.cend(), at) - m_shown.cbegin();
    const QList<int> added = passing(rows);
    if (!added.isEmpty())
        beginInsertRows({}, static_cast<int>(shownAt), static_cast<int>(shownAt + added.size() - 1));
    m_rows.insert(at, rows.size(), QueueRow());
    std::move(rows.begin(), rows.end(), m_rows.begin() + at);
    for (qsizetype i = shownAt; i < m_shown.size(); ++i)
        m_shown[i] += static_cast<int>(rows.size());
    QList<int> shown;
    shown.reserve(added.size());
    for (const int i : added)
        shown.append(static_cast<int>(at) + i);
    m_shown.insert(shownAt, shown.size(), 0);
    std::copy(shown.cbegin(), shown.cend(), m_shown.begin() + shownAt);
    if (!added.isEmpty())
        endInsertRows();
    Q_EMIT countChanged();
}

bool ReviewQueueModel::passes(const QueueRow &row, QStringView text, QStringView state)
{
    if (state == u"waiting" && row.paused)
        return false;
    if (state == u"paused" && !row.paused)
        return false;
    if ((state == u"soon" || state == u"overdue") && row.urgency != state)
        return false;
    if (text.isEmpty())
        return true;
    return row.caseId.contains(text, Qt::CaseInsensitive) || row.itemName.contains(text, Qt::CaseInsensitive) ||
           row.itemId.contains(text, Qt::CaseInsensitive);
}

namespace {

// "Does this text hold the filter, in any case", asked of every row: made cheap for what people
// type. Digits, hyphens and Chinese have no case: a plain search. ASCII letters: compared with
// their case folded by hand. Anything else: Qt's case-insensitive search.
class TextFilter
{
public:
    explicit TextFilter(const QString &text)
        : m_text(text.toLower())
        , m_caseless(text.toLower() == text && text.toUpper() == text)
        , m_ascii(std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; }))
        , m_matcher(text, m_caseless ? Qt::CaseSensitive : Qt::CaseInsensitive)
        , m_first(text.isEmpty() ? QChar() : text.front())
    {}

    bool foundIn(QStringView hay) const
    {
        if (m_caseless || !m_ascii) {
            // Most texts lack the first character (a Chinese one in a case number): one fast scan.
            if (m_caseless && !hay.contains(m_first))
                return false;
            return m_matcher.indexIn(hay) >= 0;
        }
        const qsizetype n = m_text.size();
        const char16_t *needle = reinterpret_cast<const char16_t *>(m_text.constData());
        const char16_t *h = reinterpret_cast<const char16_t *>(hay.data());
        for (qsizetype at = 0; at + n <= hay.size(); ++at) {
            qsizetype i = 0;
            while (i < n && lower(h[at + i]) == needle[i])
                ++i;
            if (i == n)
                return true;
        }
        return false;
    }

private:
    static char16_t lower(char16_t c) { return c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c; }

    QString m_text; // lower case
    bool m_caseless;
    bool m_ascii;
    QStringMatcher m_matcher;
    QChar m_first;
};

} // namespace

QList<int> ReviewQueueModel::passing(const QList<QueueRow> &rows) const
{
    const QString text = m_filterText.trimmed();
    QList<int> shown;
    shown.reserve(rows.size());
    const TextFilter filter(text);
    // The state buttons, read once rather than per row (passes() for one row).
    const QStringView state = m_stateFilter;
    const bool running = state == u"waiting";
    const bool paused = state == u"paused";
    const bool byUrgency = state == u"soon" || state == u"overdue";
    // Many rows share an item: whether its name or id holds the text is worked out once, found
    // by the id's shared characters first (rows of one answer share one QString per item), then
    // by its text.
    QHash<QString, bool> itemMatches;
    struct Recent
    {
        const QChar *chars = nullptr;
        qsizetype size = -1;
        bool matches = false;
    };
    std::array<Recent, 64> recent{};
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QueueRow &row = rows.at(i);
        if ((running && row.paused) || (paused && !row.paused) || (byUrgency && row.urgency != state))
            continue;
        if (!text.isEmpty() && !filter.foundIn(row.caseId)) {
            Recent &memo = recent[(reinterpret_cast<quintptr>(row.itemId.constData()) >> 4) % recent.size()];
            if (memo.chars != row.itemId.constData() || memo.size != row.itemId.size()) {
                auto known = itemMatches.constFind(row.itemId);
                if (known == itemMatches.constEnd())
                    known = itemMatches.insert(row.itemId, filter.foundIn(row.itemName) || filter.foundIn(row.itemId));
                memo = {row.itemId.constData(), row.itemId.size(), *known};
            }
            if (!memo.matches)
                continue;
        }
        shown.append(static_cast<int>(i));
    }
    return shown;
}

void ReviewQueueModel::applyFilter()
{
    m_shown = passing(m_rows);
}

void ReviewQueueModel::setFilter(const QString &text, const QString &state)
{
    static const QStringList known{QStringLiteral("all"), QStringLiteral("waiting"), QStringLiteral("soon"),
                                   QStringLiteral("overdue"), QStringLiteral("paused")};
    const QString stateKey = known.contains(state) ? state : QStringLiteral("all");
    if (text == m_filterText && stateKey == m_stateFilter)
        return;
    beginResetModel();
    m_filterText = text;
    m_stateFilter = stateKey;
    applyFilter();
    endResetModel();
    Q_EMIT filterChanged();
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
    return index >= 0 && index < m_shown.size() ? m_rows.at(m_shown.at(index)).caseId : QString();
}

} // namespace ow
