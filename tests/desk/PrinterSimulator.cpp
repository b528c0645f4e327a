// A printer for the tests, behind the same plugin interface as the CUPS printer
// (app/ui/print/PrinterBackend.h) and loaded the same way (OW_PLUGIN_DIR): the one queue it knows,
// "OneWindow-Test-Printer", "prints" each document as a PDF file into $OW_PRINTER_SIM_DIR
// (NNN-KIND.pdf) so that a test reads back what went to paper; while the file "out-of-paper" lies
// in that folder it answers as a printer out of paper does, with the CUPS plugin's message. Any
// other queue is unknown, as to CUPS.
#include "print/PrintText.h"
#include "ui/print/DocumentPainter.h"
#include "ui/print/PrinterBackend.h"

#include <QDir>
#include <QFileInfo>
#include <QObject>

namespace ow::print {

class PrinterSimulator : public QObject, public PrinterBackend
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID OW_PRINTER_BACKEND_IID)
    Q_INTERFACES(ow::print::PrinterBackend)

public:
    ow::Status print(const PrintDocument &document, const PageFormat &format, const QString &printerName) override
    {
        const QDir dir(qEnvironmentVariable("OW_PRINTER_SIM_DIR"));
        if (printerName != QLatin1String("OneWindow-Test-Printer") || !dir.exists())
            return makeError(ErrorCode::NotFound, PrintText::tr("The printer is not connected or not set up."),
                             QStringLiteral("print: %1: printer '%2' unknown").arg(document.kind, printerName));
        if (QFileInfo::exists(dir.filePath(QStringLiteral("out-of-paper"))))
            return makeError(ErrorCode::Io,
                             PrintText::tr("The printer is not ready: it may be out of paper, jammed or open. Please "
                                           "tell staff."),
                             QStringLiteral("print: %1: printer '%2' out of paper").arg(document.kind, printerName));
        const int n = int(dir.entryList({QStringLiteral("*.pdf")}, QDir::Files).size()) + 1;
        return writePdf(document, format,
                        dir.filePath(QStringLiteral("%1-%2.pdf").arg(n, 3, 10, QLatin1Char('0')).arg(document.kind)));
    }

    QString defaultPrinter() const override { return QStringLiteral("OneWindow-Test-Printer"); }
};

} // namespace ow::print

#include "PrinterSimulator.moc"
