#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace ow::hub {

// The service catalog as the hub serves and routes it: forms/items/*.json. Each item's
// `department.code` is the queue its cases go to.
class HubCatalog
{
public:
    static Result<HubCatalog> load(const QString &itemsDir);

    // Empty when the item is unknown.
    QString departmentOf(const QString &itemId) const { return m_departments.value(itemId); }
    const QByteArray &body() const { return m_body; }
    const QByteArray &etag() const { return m_etag; } // quoted
    int size() const { return static_cast<int>(m_departments.size()); }

private:
    QHash<QString, QString> m_departments;
    QByteArray m_body;
    QByteArray m_etag;
};

} // namespace ow::hub
