#pragma once

#include "common/Result.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace ow {

// The official calendar: weekends and public holidays are off, make-up working days (调休) are
// on. Loaded from forms/calendar/YYYY.json; years marked provisional are not yet published.
class HolidayCalendar
{
public:
    static Result<HolidayCalendar> loadDirectory(const QString &dir);
    // Adds one year's file content; returns a problem text (empty when fine).
    QString addYear(const QByteArray &json, const QString &fileName);

    bool isWorkingDay(const QDate &day) const;
    bool covers(int year) const { return m_years.contains(year); }
    bool isProvisional(int year) const { return m_provisional.contains(year); }
    QString holidayName(const QDate &day) const { return m_holidays.value(day); }
    QList<int> years() const;
    // The working days d with after < d <= upTo (0 when upTo <= after), in constant time: a
    // running count of the working days over the calendar's years, and weekdays outside them.
    int workingDaysBetween(const QDate &after, const QDate &upTo) const
    {
        return upTo > after
                   ? static_cast<int>(workingDaysUpTo(upTo.toJulianDay()) - workingDaysUpTo(after.toJulianDay()))
                   : 0;
    }
    // The working days up to and including Julian day `jd`, counted from a fixed origin (only
    // differences mean anything).
    qint64 workingDaysUpTo(qint64 jd) const;

private:
    // Rebuilds m_adjust after a year is added.
    void countDays();

    QHash<QDate, QString> m_holidays;
    QSet<QDate> m_workdays;
    QSet<int> m_years;
    QSet<int> m_provisional;
    // From m_first (1 January of the first year) to 31 December of the last: per day, the
    // working days up to it minus the weekdays up to it (holidays off, make-up days on).
    qint64 m_first = 0;
    QList<int> m_adjust;
};

// A deadline counted in working days (法定/承诺办结时限). The clock starts on the working day
// after acceptance; it stops while the case waits for a correction (补正) or is in a special
// procedure (特别程序) and resumes after. All dates are China Standard Time calendar days.
class WorkingDayClock
{
public:
    WorkingDayClock(const HolidayCalendar &calendar, QDate start, int limitDays);

    // The clock stops on `from` (the day the pause began) and the pause ends on `to`; the
    // working days from `from` to `to - 1` do not count. An open pause has a null `to`.
    void pause(const QDate &from);
    void resume(const QDate &on);
    bool isPaused() const { return !m_pauses.isEmpty() && m_pauses.last().second.isNull(); }

    // Working days counted from the start up to and including `today`, pauses excluded.
    int daysUsed(const QDate &today) const;
    // Working days left (negative when overdue).
    int daysLeft(const QDate &today) const { return m_limit - daysUsed(today); }
    int overdueBy(const QDate &today) const { return std::max(0, -daysLeft(today)); }
    // The last working day on which the case is still in time, assuming no further pauses;
    // null while paused.
    QDate dueDate(const QDate &today) const;
    // Whether any day of the period lies in a year the calendar marks provisional or lacks.
    bool usesProvisionalCalendar(const QDate &today) const;

private:
    bool paused(const QDate &day) const;

    const HolidayCalendar &m_calendar;
    QDate m_start;
    int m_limit;
    QList<QPair<QDate, QDate>> m_pauses;
};

} // namespace ow
