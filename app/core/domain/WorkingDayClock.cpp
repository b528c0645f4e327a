#include "domain/WorkingDayClock.h"

#include "common/Tr.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>

namespace ow {

Result<HolidayCalendar> HolidayCalendar::loadDirectory(const QString &dir)
{
    HolidayCalendar cal;
    const QDir d(dir);
    const QStringList files = d.entryList({QStringLiteral("[0-9][0-9][0-9][0-9].json")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile f(d.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            return makeError(ErrorCode::Io, StoreText::tr("The holiday calendar could not be read."),
                             QStringLiteral("open %1: %2").arg(f.fileName(), f.errorString()));
        }
        const QString problem = cal.addYear(f.readAll(), name);
        if (!problem.isEmpty()) {
            return makeError(ErrorCode::Invalid, StoreText::tr("The holiday calendar is damaged."),
                             QStringLiteral("%1: %2").arg(f.fileName(), problem));
        }
    }
    if (cal.m_years.isEmpty()) {
        return makeError(ErrorCode::NotFound, StoreText::tr("The holiday calendar could not be read."),
                         QStringLiteral("no calendar files in %1").arg(dir));
    }
    return cal;
}

QString HolidayCalendar::addYear(const QByteArray &json, const QString &fileName)
{
    QJsonParseError err{};
    const QJsonObject o = QJsonDocument::fromJson(json, &err).object();
    if (err.error != QJsonParseError::NoError)
        return err.errorString();
    const int year = o.value(QLatin1String("year")).toInt();
    if (year < 2000 || year > 2100 || (!fileName.isEmpty() && !fileName.startsWith(QString::number(year))))
        return QStringLiteral("year %1 does not match the file").arg(year);
    auto read = [&](const char *key, auto &&insert) -> QString {
        for (const QJsonValue &v : o.value(QLatin1String(key)).toArray()) {
            const QDate d = QDate::fromString(v.toObject().value(QLatin1String("date")).toString(), Qt::ISODate);
            if (!d.isValid() || d.year() != year)
                return QStringLiteral("bad date in %1").arg(QLatin1String(key));
            insert(d, v.toObject().value(QLatin1String("name")).toString());
        }
        return {};
    };
    QString p = read("holidays", [&](const QDate &d, const QString &n) { m_holidays.insert(d, n); });
    if (p.isEmpty())
        p = read("workdays", [&](const QDate &d, const QString &) { m_workdays.insert(d); });
    if (!p.isEmpty())
        return p;
    m_years.insert(year);
    if (o.value(QLatin1String("provisional")).toBool())
        m_provisional.insert(year);
    countDays();
    return {};
}

namespace {

// Monday to Friday from Julian day 0 (a Monday) up to and including `jd`.
qint64 weekdaysUpTo(qint64 jd)
{
    const qint64 weeks = jd >= 0 ? jd / 7 : -((-jd + 6) / 7);
    const qint64 rest = jd - weeks * 7; // 0 (Monday) .. 6 (Sunday)
    return weeks * 5 + std::min<qint64>(rest + 1, 5);
}

} // namespace

void HolidayCalendar::countDays()
{
    m_adjust.clear();
    if (m_years.isEmpty())
        return;
    const auto [low, high] = std::minmax_element(m_years.cbegin(), m_years.cend());
    m_first = QDate(*low, 1, 1).toJulianDay();
    const qint64 last = QDate(*high, 12, 31).toJulianDay();
    m_adjust.reserve(last - m_first + 1);
    int adjust = 0;
    for (qint64 jd = m_first; jd <= last; ++jd) {
        const QDate day = QDate::fromJulianDay(jd);
        adjust += (isWorkingDay(day) ? 1 : 0) - (day.dayOfWeek() <= 5 ? 1 : 0);
        m_adjust.append(adjust);
    }
}

qint64 HolidayCalendar::workingDaysUpTo(qint64 jd) const
{
    qint64 adjust = 0;
    if (!m_adjust.isEmpty() && jd >= m_first)
        adjust = m_adjust.at(std::min<qint64>(jd - m_first, m_adjust.size() - 1));
    return weekdaysUpTo(jd) + adjust;
}

bool HolidayCalendar::isWorkingDay(const QDate &day) const
{
    if (m_workdays.contains(day))
        return true;
    if (m_holidays.contains(day))
        return false;
    return day.dayOfWeek() <= 5;
}

QList<int> HolidayCalendar::years() const
{
    QList<int> out(m_years.begin(), m_years.end());
    std::sort(out.begin(), out.end());
    return out;
}

WorkingDayClock::WorkingDayClock(const HolidayCalendar &calendar, QDate start, int limitDays)
    : m_calendar(calendar)
    , m_start(start)
    , m_limit(limitDays)
{}

void WorkingDayClock::pause(const QDate &from)
{
    if (!isPaused())
        m_pauses.append({from, QDate()});
}

void WorkingDayClock::resume(const QDate &on)
{
    if (isPaused())
        m_pauses.last().second = on;
}

bool WorkingDayClock::paused(const QDate &day) const
{
    for (const auto &[from, to] : m_pauses) {
        if (day >= from && (to.isNull() || day < to))
            return true;
    }
    return false;
}

int WorkingDayClock::daysUsed(const QDate &today) const
{
    // Day one is the first working day after acceptance (the acceptance day does not count):
    // the working days after the start up to today, less those of the pauses (which may overlap:
    // each day counts once), each a difference of the calendar's running counts.
    if (!m_start.isValid() || !today.isValid() || today <= m_start)
        return 0;
    const qint64 first = m_start.toJulianDay() + 1;
    const qint64 last = today.toJulianDay();
    int used = m_calendar.workingDaysBetween(m_start, today);
    if (m_pauses.isEmpty())
        return used;
    // The pauses as days [from, end) within [first, last], in order, then merged.
    QVarLengthArray<QPair<qint64, qint64>, 8> spans;
    for (const auto &[from, to] : m_pauses) {
        const qint64 begin = from.isValid() ? std::max(from.toJulianDay(), first) : first;
        const qint64 end = to.isValid() ? std::min(to.toJulianDay(), last + 1) : last + 1;
        if (begin < end)
            spans.append({begin, end});
    }
    std::sort(spans.begin(), spans.end());
    qint64 done = first; // days before this are already taken off
    for (const auto &[begin, end] : spans) {
        const qint64 from = std::max(begin, done);
        if (from < end) {
            used -= static_cast<int>(m_calendar.workingDaysUpTo(end - 1) - m_calendar.workingDaysUpTo(from - 1));
            done = end;
        }
    }
    return used;
}

QDate WorkingDayClock::dueDate(const QDate &today) const
{
    if (isPaused())
        return {};
    int used = daysUsed(today);
    if (used >= m_limit) {
        // Already at or past the limit: walk back to the day the limit was reached.
        QDate d = today;
        while (d > m_start && daysUsed(d) >= m_limit && daysUsed(d.addDays(-1)) >= m_limit)
            d = d.addDays(-1);
        return d;
    }
    QDate d = today;
    while (used < m_limit) {
        d = d.addDays(1);
        if (m_calendar.isWorkingDay(d) && !paused(d))
            ++used;
    }
    return d;
}

bool WorkingDayClock::usesProvisionalCalendar(const QDate &today) const
{
    const QDate end = std::max(today, dueDate(today).isNull() ? today : dueDate(today));
    for (int y = m_start.year(); y <= end.year(); ++y) {
        if (!m_calendar.covers(y) || m_calendar.isProvisional(y))
            return true;
    }
    return false;
}

} // namespace ow
