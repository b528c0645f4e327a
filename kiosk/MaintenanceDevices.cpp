#include "MaintenanceDevices.h"

#include <QDir>
#include <QFile>
#include <QPrinterInfo>

namespace ow {

MaintenanceController::Probes systemDeviceProbes()
{
    MaintenanceController::Probes probes;
    probes.printer = [] {
        const QPrinterInfo printer = QPrinterInfo::defaultPrinter();
        if (printer.isNull())
            return QString();
        return printer.description().isEmpty() ? printer.printerName() : printer.description();
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
