#pragma once

#include "common/Result.h"
#include "domain/WorkingDayClock.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

namespace ow::hub {

// The service catalog as the hub serves and routes it: forms/items/*.json. Each item's
// `department.code` is the queue its cases go to; its promised and statutory limits with the
// official calendar (forms/calendar, beside the items folder) give each case its due date.
class HubCatalog
{
public:
    static Result<HubCatalog> load(const QString &itemsDir);

    // Empty when the item is unknown.
    QString departmentOf(const QString &itemId) const { return m_departments.value(itemId); }
    // A case's due date (protocol 1.14, the queue's order): the last China-time day on which a case
    // of `itemId` received at `receivedAt` (wire time) is still in time on its tighter clock, the
    // working days of the ended `pauses` (wire times, from and to) not counted. Both clocks start
    // together and stop together, so the smaller limit is always due first. noDueDate() when the
    // item has no limit or is unknown, or the time cannot be read: such cases come last.
    QString dueDate(const QString &itemId, const QString &receivedAt,
                    const QList<QPair<QString, QString>> &pauses = {}) const;
    static QString noDueDate() { return QStringLiteral("9999-12-31"); }
    // The official calendar the due dates are counted on (weekends only when it was missing);
    // the figures (server/HubStats.h) and the follow-ups of bad ratings count with it too.
    const HolidayCalendar &calendar() const { return m_calendar; }
    const QByteArray &body() const { return m_body; }
    const QByteArray &etag() const { return m_etag; } // quoted
    int size() const { return static_cast<int>(m_departments.size()); }

private:
    QHash<QString, QString> m_departments;
    QHash<QString, int> m_tightestLimit; // working days; items without a limit are absent
    HolidayCalendar m_calendar;
    QByteArray m_body;
    QByteArray m_etag;
};

} // namespace ow::hub
