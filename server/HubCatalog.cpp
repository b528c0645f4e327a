#include "server/HubCatalog.h"

#include "crypto/Digest.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "server/HubLogging.h"
#include "server/HubText.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow::hub {

Result<HubCatalog> HubCatalog::load(const QString &itemsDir)
{
    const QDir dir(itemsDir);
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    if (!dir.exists() || files.isEmpty())
        return makeError(ErrorCode::NotFound, HubText::tr("The service catalog folder has no items."),
                         QStringLiteral("no *.json in %1").arg(itemsDir));
    HubCatalog catalog;
    QJsonArray items;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, HubText::tr("A catalog item cannot be read."),
                             QStringLiteral("cannot read %1").arg(name));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        const QJsonObject item = doc.object();
        const QString id = item.value(QStringLiteral("id")).toString();
        const QString department =
            item.value(QStringLiteral("department")).toObject().value(QStringLiteral("code")).toString();
        if (error.error != QJsonParseError::NoError || id.isEmpty() || department.isEmpty())
            return makeError(ErrorCode::Invalid, HubText::tr("A catalog item is not valid."),
                             QStringLiteral("%1: no id or department.code").arg(name));
        catalog.m_departments.insert(id, department);
        int tightest = 0;
        for (const char *key : {"promisedLimitDays", "statutoryLimitDays"}) {
            const int days = item.value(QLatin1String(key)).toInt();
            if (days > 0 && (tightest == 0 || days < tightest))
                tightest = days;
        }
        if (tightest > 0)
            catalog.m_tightestLimit.insert(id, tightest);
        items.append(item);
    }
    const QByteArray itemsJson = QJsonDocument(items).toJson(QJsonDocument::Compact);
    const QByteArray version = crypto::sm3(itemsJson).toHex();
    catalog.m_body = protocol::toBytes(protocol::CatalogAnswer{items, QString::fromLatin1(version)}.toJson());
    catalog.m_etag = '"' + version + '"';
    // The official calendar beside the items folder, as the desks count their clocks with it.
    // Without it, weekends alone are off: due dates are then a holiday early at worst.
    const QString calendarDir = dir.absoluteFilePath(QStringLiteral("../calendar"));
    if (auto calendar = HolidayCalendar::loadDirectory(calendarDir))
        catalog.m_calendar = std::move(*calendar);
    else
        qCWarning(lcHub, "catalog: no official calendar (%s); due dates count weekends only",
                  qPrintable(calendar.error().logDetail));
    qCInfo(lcHub, "catalog: %d items", catalog.size());
    return catalog;
}

namespace {

// The calendar day in China time (UTC+8, no daylight saving), as the desks count the clocks.
QDate chinaDay(const QString &wireTime)
{
    const QDateTime at = protocol::parseUtcTime(wireTime);
    return at.isValid() ? at.toUTC().addSecs(8 * 3600).date() : QDate();
}

} // namespace

QString HubCatalog::dueDate(const QString &itemId, const QString &receivedAt,
                            const QList<QPair<QString, QString>> &pauses) const
{
    const int limit = m_tightestLimit.value(itemId);
    const QDate start = chinaDay(receivedAt);
    if (limit <= 0 || !start.isValid())
        return noDueDate();
    WorkingDayClock clock(m_calendar, start, limit);
    for (const auto &[from, to] : pauses) {
        const QDate paused = chinaDay(from);
        const QDate resumed = chinaDay(to);
        if (!paused.isValid() || !resumed.isValid())
            continue;
        clock.pause(paused);
        clock.resume(resumed);
    }
    return clock.dueDate(start).toString(Qt::ISODate);
}

} // namespace ow::hub
