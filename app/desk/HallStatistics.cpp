#include "HallStatistics.h"

#include "DeskSession.h"
#include "OffThread.h"

#include "domain/Rating.h"
#include "identity/Authorizer.h"
#include "ui/CatalogService.h"

#include <QDir>
#include <QJsonArray>
#include <QLocale>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QTimeZone>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

const QTimeZone kChinaTime(8 * 3600);

// A CSV field: quoted when it holds a separator, a quote or a line break.
QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

HallStatistics::HallStatistics(DeskSession *desk)
    : QObject(desk)
    , m_desk(desk)
{}

void HallStatistics::setPeriod(const QString &period)
{
    if (period == m_period || (period != QLatin1String("today") && period != QLatin1String("month")))
        return;
    m_period = period;
    Q_EMIT periodChanged();
    refresh();
}

bool HallStatistics::authorize(Action action)
{
    Session *session = m_desk->session();
    if (!session)
        return false;
    const Status allowed = m_desk->authorizer().authorize(*session, action);
    if (allowed.ok())
        return true;
    qCInfo(lcDesk) << "refused:" << action::key(action) << allowed.error().logDetail;
    setMessage(allowed.error().userMessage, true);
    return false;
}

void HallStatistics::refresh()
{
    sync::OperatorClient *client = m_desk->hubClient();
    if (!client) {
        setMessage(tr("This desk has no county hub configured: the hall's statistics come from the hub."), true);
        return;
    }
    if (!authorize(Action::ViewHallStatistics))
        return;
    m_loading = true;
    Q_EMIT loadingChanged();
    const int generation = ++m_generation;
    runOffThread(
        this, [client, period = m_period] { return client->hallStatistics(period); },
        [this, generation](sync::OperatorReply<sync::HallStatsAnswer> reply) {
            if (generation != m_generation)
                return;
            m_loading = false;
            Q_EMIT loadingChanged();
            if (!reply.ok()) {
                qCWarning(lcDesk) << "hall statistics not read:" << reply.result.error().logDetail;
                if (reply.failure == sync::OperatorFailure::TokenInvalid)
                    m_desk->hubSignInEnded(reply.result.error().userMessage);
                else
                    setMessage(reply.result.error().userMessage, true);
                return;
            }
            m_figures = reply.result->figures;
            m_exportedPath.clear();
            setMessage({}, false);
            Q_EMIT figuresChanged();
        });
}

void HallStatistics::reset()
{
    ++m_generation;
    m_figures = {};
    m_exportedPath.clear();
    m_loading = false;
    setMessage({}, false);
    Q_EMIT loadingChanged();
    Q_EMIT figuresChanged();
}

void HallStatistics::setMessage(const QString &message, bool isError)
{
    if (message == m_message && isError == m_messageIsError)
        return;
    m_message = message;
    m_messageIsError = isError;
    Q_EMIT messageChanged();
}

void HallStatistics::clearMessage()
{
    setMessage({}, false);
}

QString HallStatistics::rangeLabel() const
{
    const QString from = m_figures.value(QStringLiteral("from")).toString();
    const QString to = m_figures.value(QStringLiteral("to")).toString();
    if (from.isEmpty())
        return {};
    return from == to ? from : tr("%1 to %2").arg(from, to);
}

QString HallStatistics::onTimeText() const
{
    const QJsonValue rate = m_figures.value(QStringLiteral("onTimeRate"));
    return rate.isDouble() ? QLocale().toString(rate.toDouble() * 100.0, 'f', 1) + QLatin1Char('%') : tr("—");
}

QString HallStatistics::averageDaysText() const
{
    const QJsonValue days = m_figures.value(QStringLiteral("averageWorkingDays"));
    return days.isDouble() ? QLocale().toString(days.toDouble(), 'f', 1) : tr("—");
}

QVariantList HallStatistics::tiles() const
{
    if (m_figures.isEmpty())
        return {};
    const auto number = [this](const char *key) { return m_figures.value(QLatin1String(key)).toInteger(); };
    const auto tile = [](const QString &key, const QString &label, const QString &value, const QString &note,
                         const QString &tone) {
        return QVariantMap{{QStringLiteral("key"), key},
                           {QStringLiteral("label"), label},
                           {QStringLiteral("value"), value},
                           {QStringLiteral("note"), note},
                           {QStringLiteral("tone"), tone}};
    };
    const QJsonValue rate = m_figures.value(QStringLiteral("onTimeRate"));
    const QString rateTone = !rate.isDouble()          ? QStringLiteral("normal")
                             : rate.toDouble() >= 0.95 ? QStringLiteral("good")
                             : rate.toDouble() >= 0.8  ? QStringLiteral("warning")
                                                       : QStringLiteral("bad");
    const qint64 overdue = number("overdue");
    const qint64 dueSoon = number("dueSoon");
    const qint64 bad = number("badRatings");
    const qint64 followUpsOverdue = number("followUpsOverdue");
    return {
        tile(QStringLiteral("received"), tr("Cases received"), QString::number(number("received")),
             tr("%n concluded", "", int(number("concluded"))), QStringLiteral("normal")),
        tile(QStringLiteral("onTime"), tr("On-time rate"), onTimeText(),
             tr("%1 of %2 with a time limit").arg(number("onTime")).arg(number("withLimit")), rateTone),
        tile(QStringLiteral("averageDays"), tr("Average working days"), averageDaysText(), tr("to conclude a case"),
             QStringLiteral("normal")),
        tile(QStringLiteral("overdue"), tr("Overdue now"), QString::number(overdue), tr("cases in review"),
             overdue > 0 ? QStringLiteral("bad") : QStringLiteral("good")),
        tile(QStringLiteral("dueSoon"), tr("Due within 3 working days"), QString::number(dueSoon),
             tr("by %1").arg(m_figures.value(QStringLiteral("dueSoonUntil")).toString()),
             dueSoon > 0 ? QStringLiteral("warning") : QStringLiteral("normal")),
        tile(QStringLiteral("badRatings"), tr("Bad ratings"), QString::number(bad),
             tr("%1 follow-ups open, %2 overdue").arg(number("followUpsOpen")).arg(followUpsOverdue),
             followUpsOverdue > 0 ? QStringLiteral("bad")
             : bad > 0            ? QStringLiteral("warning")
                                  : QStringLiteral("normal")),
    };
}

QVariantList HallStatistics::bars(const QString &field, const std::function<QString(const QString &)> &label) const
{
    const QJsonArray counts = m_figures.value(field).toArray();
    qint64 largest = 1;
    for (const QJsonValue &entry : counts)
        largest = std::max(largest, entry[QStringLiteral("count")].toInteger());
    QVariantList out;
    for (const QJsonValue &entry : counts) {
        const qint64 count = entry[QStringLiteral("count")].toInteger();
        out.append(QVariantMap{{QStringLiteral("key"), entry[QStringLiteral("key")].toString()},
                               {QStringLiteral("label"), label(entry[QStringLiteral("key")].toString())},
                               {QStringLiteral("count"), count},
                               {QStringLiteral("fraction"), double(count) / double(largest)}});
    }
    return out;
}

QString HallStatistics::itemName(const QString &itemId) const
{
    if (!CatalogService::instance())
        return itemId;
    const auto item = CatalogService::instance()->catalog().item(itemId);
    return item ? item->name.in(CatalogService::instance()->language()) : itemId;
}

QString HallStatistics::departmentName(const QString &code) const
{
    if (!CatalogService::instance())
        return code;
    const QString language = CatalogService::instance()->language();
    for (const auto &item : CatalogService::instance()->catalog().items())
        if (item->department.code == code)
            return item->department.name.in(language);
    return code;
}

QString HallStatistics::channelName(const QString &key)
{
    if (key == QLatin1String("kiosk"))
        return tr("Self-service kiosk");
    if (key == QLatin1String("helper"))
        return tr("Village helper");
    if (key == QLatin1String("window"))
        return tr("Service window");
    return key;
}

QString HallStatistics::ratingName(const QString &key)
{
    const auto level = rating::fromKey(key);
    return level ? rating::label(*level) : key;
}

QVariantList HallStatistics::byItem() const
{
    return bars(QStringLiteral("byItem"), [this](const QString &key) { return itemName(key); });
}

QVariantList HallStatistics::byDepartment() const
{
    return bars(QStringLiteral("byDepartment"), [this](const QString &key) { return departmentName(key); });
}

QVariantList HallStatistics::byChannel() const
{
    return bars(QStringLiteral("byChannel"), &HallStatistics::channelName);
}

QVariantList HallStatistics::ratings() const
{
    return bars(QStringLiteral("ratings"), &HallStatistics::ratingName);
}

QVariantList HallStatistics::overdueCases() const
{
    QVariantList out;
    for (const QJsonValue &entry : m_figures.value(QStringLiteral("mostOverdue")).toArray())
        out.append(QVariantMap{{QStringLiteral("caseId"), entry[QStringLiteral("caseId")].toString()},
                               {QStringLiteral("dueDate"), entry[QStringLiteral("dueDate")].toString()},
                               {QStringLiteral("daysOverdue"), entry[QStringLiteral("daysOverdue")].toInt()}});
    return out;
}

bool HallStatistics::exportCsv()
{
    if (m_figures.isEmpty() || !authorize(Action::ExportStatistics))
        return false;
    if (m_exportDir.isEmpty() || !QDir().mkpath(m_exportDir)) {
        qCWarning(lcDesk) << "statistics export: no exports folder";
        setMessage(tr("The statistics could not be saved: the exports folder cannot be created."), true);
        return false;
    }
    const QDateTime now = m_desk->clock().now().toTimeZone(kChinaTime);
    const QString path = QDir(m_exportDir)
                             .filePath(QStringLiteral("hall-statistics-%1-%2.csv")
                                           .arg(m_period, now.toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    QStringList lines;
    const auto line = [&lines](const QString &section, const QString &name, const QString &value) {
        lines.append(csvField(section) + QLatin1Char(',') + csvField(name) + QLatin1Char(',') + csvField(value));
    };
    line(tr("Section"), tr("Name"), tr("Value"));
    line(tr("Period"), rangeLabel(), m_period == QLatin1String("month") ? tr("This month") : tr("Today"));
    for (const QVariant &tile : tiles()) {
        const QVariantMap t = tile.toMap();
        line(tr("Headline"), t.value(QStringLiteral("label")).toString(), t.value(QStringLiteral("value")).toString());
    }
    const auto section = [&line](const QString &title, const QVariantList &bars) {
        for (const QVariant &bar : bars) {
            const QVariantMap b = bar.toMap();
            line(title, b.value(QStringLiteral("label")).toString(), b.value(QStringLiteral("count")).toString());
        }
    };
    section(tr("By item"), byItem());
    section(tr("By department"), byDepartment());
    section(tr("By channel"), byChannel());
    section(tr("Ratings"), ratings());
    for (const QVariant &entry : overdueCases()) {
        const QVariantMap c = entry.toMap();
        line(tr("Overdue case"), c.value(QStringLiteral("caseId")).toString(),
             tr("due %1, %n working day(s) overdue", "", c.value(QStringLiteral("daysOverdue")).toInt())
                 .arg(c.value(QStringLiteral("dueDate")).toString()));
    }
    QSaveFile file(path);
    bool written = file.open(QIODevice::WriteOnly);
    if (written) {
        // The BOM tells Excel the file is UTF-8; Windows line ends as Excel writes them.
        written = file.write("\xEF\xBB\xBF") == 3 && file.write(lines.join(QStringLiteral("\r\n")).toUtf8()) >= 0 &&
                  file.write("\r\n") == 2 && file.commit();
    }
    if (!written) {
        qCWarning(lcDesk) << "statistics export failed:" << file.errorString();
        setMessage(tr("The statistics could not be saved: %1").arg(file.errorString()), true);
        return false;
    }
    qCInfo(lcDesk) << "hall statistics exported," << lines.size() << "lines";
    m_exportedPath = QDir::toNativeSeparators(path);
    setMessage(tr("Saved to %1").arg(m_exportedPath), false);
    return true;
}

} // namespace ow
