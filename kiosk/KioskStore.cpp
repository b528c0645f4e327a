#include "KioskStore.h"

#include "common/Clock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

QString KioskStore::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("kiosk.db"));
}

QString KioskStore::keyPath(const QString &dataDir)
{
    return QDir(dataDir).filePath(QStringLiteral("kiosk.key"));
}

KioskStore KioskStore::open(const QString &dataDir, const Clock &clock)
{
    KioskStore out;
    if (!QDir().mkpath(dataDir)) {
        qCWarning(lcKiosk) << "cannot create the data folder" << dataDir;
        out.problem = QCoreApplication::translate("ow::KioskSession", "This kiosk cannot save applications right now.");
        return out;
    }
    QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    out.keys = std::make_unique<KeyFileProvider>(keyPath(dataDir));
    Store::Options options;
    options.path = databasePath(dataDir);
    options.keys = out.keys.get();
    options.mode = Store::OpenMode::CreateIfMissing;
    options.clock = &clock;
    auto opened = Store::open(options);
    if (!opened.ok()) {
        qCWarning(lcKiosk) << "case store not opened:" << opened.error().logDetail;
        out.problem = opened.error().userMessage;
        return out;
    }
    out.store = std::move(opened.value());
    return out;
}

} // namespace ow
