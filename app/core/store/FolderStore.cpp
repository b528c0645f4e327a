#include "store/FolderStore.h"

#include "common/Clock.h"
#include "common/Logging.h"

#include <QDir>
#include <QFile>

namespace ow {

QString FolderStore::databasePath(const QString &dataDir, const QString &name)
{
    return QDir(dataDir).filePath(name + QStringLiteral(".db"));
}

QString FolderStore::keyPath(const QString &dataDir, const QString &name)
{
    return QDir(dataDir).filePath(name + QStringLiteral(".key"));
}

FolderStore FolderStore::open(const QString &dataDir, const QString &name, const Clock &clock,
                              const QString &folderProblem)
{
    FolderStore out;
    if (!QDir().mkpath(dataDir)) {
        qCWarning(lcStore) << "cannot create the data folder" << dataDir;
        out.problem = folderProblem;
        return out;
    }
    QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    out.keys = std::make_unique<KeyFileProvider>(keyPath(dataDir, name));
    Store::Options options;
    options.path = databasePath(dataDir, name);
    options.keys = out.keys.get();
    options.mode = Store::OpenMode::CreateIfMissing;
    options.clock = &clock;
    auto opened = Store::open(options);
    if (!opened.ok()) {
        qCWarning(lcStore) << "store not opened:" << opened.error().logDetail;
        out.problem = opened.error().userMessage;
        return out;
    }
    out.store = std::move(opened.value());
    return out;
}

} // namespace ow
