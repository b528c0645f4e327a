#include "MaintenanceDevices.h"

#include <QCameraDevice>
#include <QMediaDevices>
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
    probes.cameras = [] {
        QStringList out;
        for (const QCameraDevice &camera : QMediaDevices::videoInputs())
            out.append(camera.description());
        return out;
    };
    return probes;
}

} // namespace ow
