#include "common/DataPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace ow::dataPaths {

namespace {

QString executableDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    // Before (or without) a QCoreApplication: the kernel knows where the program is.
    return QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath()).absolutePath();
}

} // namespace

QString dataDir()
{
    const QString env = qEnvironmentVariable("OW_DATA_DIR");
    if (!env.isEmpty())
        return QDir::cleanPath(env);
    return QDir::cleanPath(executableDir() + QStringLiteral("/../share/onewindow"));
}

QString formsDir(const QString &explicitDir)
{
    if (!explicitDir.isEmpty())
        return explicitDir;
    const QString env = qEnvironmentVariable("OW_FORMS_DIR");
    if (!env.isEmpty())
        return env;
    return dataDir() + QStringLiteral("/forms");
}

} // namespace ow::dataPaths
