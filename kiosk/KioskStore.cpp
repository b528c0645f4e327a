#include "KioskStore.h"

#include "store/FolderStore.h"

#include <QCoreApplication>

namespace ow {

QString KioskStore::databasePath(const QString &dataDir)
{
    return FolderStore::databasePath(dataDir, QStringLiteral("kiosk"));
}

QString KioskStore::keyPath(const QString &dataDir)
{
    return FolderStore::keyPath(dataDir, QStringLiteral("kiosk"));
}

KioskStore KioskStore::open(const QString &dataDir, const Clock &clock)
{
    FolderStore opened = FolderStore::open(
        dataDir, QStringLiteral("kiosk"), clock,
        QCoreApplication::translate("ow::KioskSession", "This kiosk cannot save applications right now."));
    return KioskStore{std::move(opened.keys), std::move(opened.store), opened.problem};
}

} // namespace ow
