#pragma once

#include "print/PageFormat.h"
#include "print/PrintDocument.h"

#include "common/Result.h"

#include <QString>
#include <QtPlugin>

namespace ow::print {

// The printers of the station (CUPS, through Qt Print Support), behind a plugin of our own:
// Qt Print Support brings Qt Widgets with it, and loading both into every program at start cost
// the kiosk about a twentieth of its start-up time for a printer it uses at the end of a visit.
// The plugin (app/ui/print/cups) is loaded on first use by printerBackend().
class PrinterBackend
{
public:
    virtual ~PrinterBackend() = default;

    // Paints `document` on `format` to the CUPS queue `printerName`. Errors carry the message for
    // the person at the screen: no such printer, or not ready (paper, jam, cover).
    virtual ow::Status print(const PrintDocument &document, const PageFormat &format, const QString &printerName) = 0;
    // The default printer's description (or name) for the maintenance screen; empty when none.
    virtual QString defaultPrinter() const = 0;
};

// The backend, loaded once: from $OW_PLUGIN_DIR when set, else from lib/onewindow next to the
// program's bin/ folder (the build tree is laid out like the installed tree). An error, with a
// translated message, when the plugin is missing or does not load.
Result<PrinterBackend *> printerBackend();

} // namespace ow::print

#define OW_PRINTER_BACKEND_IID "org.onewindow.PrinterBackend/1.0"
Q_DECLARE_INTERFACE(ow::print::PrinterBackend, OW_PRINTER_BACKEND_IID)
