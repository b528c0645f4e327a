#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QString>

namespace ow::ui {

// The file of one of OneWindow's plugins (printer, speech): in $OW_PLUGIN_DIR when set, else in
// lib/onewindow next to the program's bin/ folder (the build tree is laid out like the installed
// tree).
inline QString pluginPath(const char *file)
{
    const QString dir = qEnvironmentVariableIsSet("OW_PLUGIN_DIR")
                            ? qEnvironmentVariable("OW_PLUGIN_DIR")
                            : QCoreApplication::applicationDirPath() + QStringLiteral("/../lib/onewindow");
    return QDir::cleanPath(dir + QLatin1Char('/') + QLatin1String(file));
}

} // namespace ow::ui
