#include "ui/print/PrinterBackend.h"

#include "print/PrintLogging.h"
#include "print/PrintText.h"

#include <QCoreApplication>
#include <QDir>
#include <QMutex>
#include <QPluginLoader>

namespace ow::print {

namespace {

constexpr auto kPluginFile = "libow_cups_printer.so";

QString pluginPath()
{
    const QString dir = qEnvironmentVariableIsSet("OW_PLUGIN_DIR")
                            ? qEnvironmentVariable("OW_PLUGIN_DIR")
                            : QCoreApplication::applicationDirPath() + QStringLiteral("/../lib/onewindow");
    return QDir::cleanPath(dir + QLatin1Char('/') + QLatin1String(kPluginFile));
}

} // namespace

Result<PrinterBackend *> printerBackend()
{
    static QMutex mutex;
    static PrinterBackend *loaded = nullptr;
    const QMutexLocker lock(&mutex);
    if (loaded)
        return loaded;
    // Once loaded, kept for the life of the program. A failure is not remembered: a plugin
    // installed while the program runs is found on the next print.
    QPluginLoader loader(pluginPath());
    if (QObject *instance = loader.instance())
        loaded = qobject_cast<PrinterBackend *>(instance);
    if (!loaded) {
        const QString why = loader.errorString();
        loader.unload();
        return makeError(ErrorCode::NotFound,
                         PrintText::tr("Printing is not installed on this machine. Please tell staff."),
                         QStringLiteral("print: printer support plugin %1 did not load: %2").arg(pluginPath(), why));
    }
    qCInfo(lcPrint).noquote() << "printer support loaded from" << loader.fileName();
    return loaded;
}

} // namespace ow::print
