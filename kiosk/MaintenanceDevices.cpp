#include "MaintenanceDevices.h"

#include "ui/print/PrinterBackend.h"

#include <QDir>
#include <QFile>

namespace ow {

MaintenanceController::Probes systemDeviceProbes()
{
    MaintenanceController::Probes probes;
    // Through the printer plugin, loaded when the maintenance screen first asks.
    probes.printer = [] {
        const Result<print::PrinterBackend *> backend = print::printerBackend();
        return backend ? backend.value()->defaultPrinter() : QString();
    };
    // Video4Linux's own list, as Qt Multimedia would read it, without loading Qt Multimedia's
    // audio and video backends into a kiosk that is being serviced: each capture device's first
    // node (index 0; the others of a device carry metadata) under its kernel name.
    probes.cameras = [] {
        QStringList out;
        const QDir devices(QStringLiteral("/sys/class/video4linux"));
        for (const QString &node : devices.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const auto read = [&](const char *file) {
                QFile f(devices.filePath(node) + QLatin1Char('/') + QLatin1String(file));
                return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
            };
            if (read("index") == QLatin1String("0"))
                out.append(read("name").isEmpty() ? node : read("name"));
        }
        return out;
    };
    return probes;
}

} // namespace ow
