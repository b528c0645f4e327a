#include "ui/print/PrinterBackend.h"

#include "print/PrintLogging.h"
#include "print/PrintText.h"

#include "ui/PluginPath.h"

#include <QCoreApplication>
#include <QMutex>
#include <QPluginLoader>

namespace ow::print {

namespace {

constexpr auto kPluginFile = "libow_cups_printer.so";

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
    QPluginLoader loader(ui::pluginPath(kPluginFile));
    if (QObject *instance = loader.instance())
        loaded = qobject_cast<PrinterBackend *>(instance);
    if (!loaded) {
        const QString why = loader.errorString();
        loader.unload();
        return makeError(
            ErrorCode::NotFound, PrintText::tr("Printing is not installed on this machine. Please tell staff."),
            QStringLiteral("print: printer support plugin %1 did not load: %2").arg(ui::pluginPath(kPluginFile), why));
    }
    qCInfo(lcPrint).noquote() << "printer support loaded from" << loader.fileName();
    return loaded;
}

} // namespace ow::print
