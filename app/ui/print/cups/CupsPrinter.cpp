// The printer plugin: documents onto CUPS printers through Qt Print Support (QPrinter), loaded by
// printerBackend() on first use so that the programs start without Qt Print Support and Qt Widgets.
#include "print/PrintLogging.h"
#include "print/PrintText.h"
#include "ui/print/DocumentPainter.h"
#include "ui/print/PrinterBackend.h"

#include <QObject>
#include <QPrinter>
#include <QPrinterInfo>

namespace ow::print {

namespace {

Error printerNotReady(const QString &detail)
{
    return makeError(ErrorCode::Io,
                     PrintText::tr("The printer is not ready: it may be out of paper, jammed or open. Please tell "
                                   "staff."),
                     detail);
}

} // namespace

class CupsPrinter : public QObject, public PrinterBackend
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID OW_PRINTER_BACKEND_IID)
    Q_INTERFACES(ow::print::PrinterBackend)

public:
    ow::Status print(const PrintDocument &document, const PageFormat &format, const QString &printerName) override
    {
        const QPrinterInfo info = QPrinterInfo::printerInfo(printerName);
        if (info.isNull())
            return makeError(ErrorCode::NotFound, PrintText::tr("The printer is not connected or not set up."),
                             QStringLiteral("print: %1: printer '%2' unknown to CUPS").arg(document.kind, printerName));
        if (info.state() == QPrinter::Error || info.state() == QPrinter::Aborted)
            return printerNotReady(QStringLiteral("print: %1: printer '%2' reports state %3")
                                       .arg(document.kind, printerName)
                                       .arg(int(info.state())));
        QPrinter printer(info, QPrinter::HighResolution);
        if (!printer.isValid())
            return makeError(ErrorCode::NotFound, PrintText::tr("The printer is not connected or not set up."),
                             QStringLiteral("print: %1: printer '%2' not valid").arg(document.kind, printerName));
        printer.setResolution(DocumentPainter::kVectorDpi);
        printer.setFullPage(true);
        printer.setDocName(document.title());
        printer.setCreator(QStringLiteral("OneWindow"));
        DocumentPainter painter(document, format, printer.resolution());
        if (ow::Status s = painter.paint(printer); !s)
            return printerNotReady(s.error().logDetail);
        if (printer.printerState() == QPrinter::Error || printer.printerState() == QPrinter::Aborted)
            return printerNotReady(QStringLiteral("print: %1: printer '%2' in state %3 after the job")
                                       .arg(document.kind, printerName)
                                       .arg(int(printer.printerState())));
        qCInfo(lcPrint).noquote() << "sent" << document.kind << "to printer" << printerName << "on" << format.name;
        return {};
    }

    QString defaultPrinter() const override
    {
        const QPrinterInfo printer = QPrinterInfo::defaultPrinter();
        if (printer.isNull())
            return QString();
        return printer.description().isEmpty() ? printer.printerName() : printer.description();
    }
};

} // namespace ow::print

#include "CupsPrinter.moc"
