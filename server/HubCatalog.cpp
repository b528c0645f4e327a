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
        items.append(item);
    }
    const QByteArray itemsJson = QJsonDocument(items).toJson(QJsonDocument::Compact);
    const QByteArray version = crypto::sm3(itemsJson).toHex();
    catalog.m_body = protocol::toBytes(protocol::CatalogAnswer{items, QString::fromLatin1(version)}.toJson());
    catalog.m_etag = '"' + version + '"';
    qCInfo(lcHub, "catalog: %d items", catalog.size());
    return catalog;
}

} // namespace ow::hub
