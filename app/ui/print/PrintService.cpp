#include "ui/print/PrintService.h"

#include "print/PrintLogging.h"
#include "print/PrintText.h"
#include "ui/print/DocumentPainter.h"
#include "ui/print/PrinterBackend.h"

#include <QDateTime>
#include <QQmlEngine>

namespace ow::print {

namespace {

PrintService *g_instance = nullptr;

QDate toDate(const QVariant &v)
{
    if (v.metaType().id() == QMetaType::QDateTime) {
        // A QDate that went through QML comes back as a JavaScript Date at midnight, UTC or
        // local depending on the path it took; either way it is that day.
        const QDateTime dt = v.toDateTime();
        const QDateTime utc = dt.toUTC();
        return utc.time() == QTime(0, 0) ? utc.date() : dt.toLocalTime().date();
    }
    if (v.metaType().id() == QMetaType::QDate)
        return v.toDate();
    return QDate::fromString(v.toString(), Qt::ISODate);
}

} // namespace

PrintService::PrintService(QObject *parent)
    : QObject(parent)
{}

PrintService *PrintService::instance()
{
    return g_instance;
}

void PrintService::setInstance(PrintService *service)
{
    g_instance = service;
}

PrintService *PrintService::create(QQmlEngine *engine, QJSEngine *)
{
    if (!g_instance) {
        // No station set-up (a test or a preview): a service without a printer, owned by the engine.
        qCInfo(lcPrint) << "no print service set up: PDF only";
        return new PrintService(engine);
    }
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    return g_instance;
}

void PrintService::setPrinterName(const QString &name)
{
    if (m_printerName == name.trimmed())
        return;
    m_printerName = name.trimmed();
    Q_EMIT configurationChanged();
}

void PrintService::setPageFormat(const QString &name)
{
    const std::optional<PageFormat> format = PageFormat::byName(name);
    if (!format) {
        qCWarning(lcPrint).noquote() << "unknown page format" << name << "- keeping" << m_format.name;
        return;
    }
    if (format->name == m_format.name)
        return;
    m_format = *format;
    Q_EMIT configurationChanged();
}

void PrintService::setIssuer(const QString &issuer)
{
    if (m_issuer == issuer)
        return;
    m_issuer = issuer;
    Q_EMIT configurationChanged();
}

void PrintService::setState(State state, const QString &message)
{
    if (m_state == state && m_message == message)
        return;
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged();
}

void PrintService::reset()
{
    setState(Idle, {});
}

bool PrintService::finish(const ow::Status &result, const QString &doneMessage)
{
    if (!result) {
        qCWarning(lcPrint).noquote() << result.error().logDetail;
        setState(Failed, result.error().userMessage);
        return false;
    }
    setState(Done, doneMessage);
    return true;
}

CaseReceiptData PrintService::receiptData(const QVariantMap &receipt, const QString &issuer)
{
    CaseReceiptData d;
    d.issuer = issuer;
    d.itemName = receipt.value(QStringLiteral("item")).toString();
    if (d.itemName.isEmpty())
        d.itemName = receipt.value(QStringLiteral("itemId")).toString();
    d.applicantMasked = receipt.value(QStringLiteral("applicant")).toString();
    d.caseNumber = receipt.value(QStringLiteral("number")).toString();
    d.submitted = toDate(receipt.value(QStringLiteral("date")));
    d.onTheSpot = receipt.value(QStringLiteral("onTheSpot")).toBool();
    d.promisedWorkingDays = receipt.value(QStringLiteral("promisedDays")).toInt();
    d.promisedBy = toDate(receipt.value(QStringLiteral("promisedBy")));
    d.nextSteps = receipt.value(QStringLiteral("nextSteps")).toString();
    d.receiptCode = receipt.value(QStringLiteral("receiptCode")).toString().toUtf8();
    return d;
}

PickupSlipData PrintService::pickupSlipData(const QVariantMap &slip, const QString &issuer)
{
    PickupSlipData d;
    d.issuer = issuer;
    d.itemName = slip.value(QStringLiteral("item")).toString();
    d.pickupCode = slip.value(QStringLiteral("pickupCode")).toString().toUtf8();
    d.shortCode = slip.value(QStringLiteral("shortCode")).toString();
    d.validUntil = slip.value(QStringLiteral("validUntil")).toDateTime();
    return d;
}

ow::Status PrintService::sendToPrinter(const PrintDocument &document)
{
    if (m_printerName.isEmpty())
        return makeError(ErrorCode::NotFound, PrintText::tr("No printer is set up here."),
                         QStringLiteral("print: %1: no printer configured").arg(document.kind));
    const Result<PrinterBackend *> backend = printerBackend();
    if (!backend)
        return backend.error();
    return backend.value()->print(document, m_format, m_printerName);
}

ow::Status PrintService::printDocument(const PrintDocument &document)
{
    setState(Printing, PrintText::tr("Printing…"));
    const ow::Status result = sendToPrinter(document);
    finish(result, PrintText::tr("Printed. Please take your paper from the printer."));
    return result;
}

ow::Status PrintService::saveDocumentPdf(const PrintDocument &document, const QString &path)
{
    setState(Printing, PrintText::tr("Printing…"));
    const ow::Status result = writePdf(document, m_format, path);
    finish(result, PrintText::tr("Saved as PDF."));
    return result;
}

bool PrintService::printReceipt(const QVariantMap &receipt)
{
    const Result<PrintDocument> doc = caseReceipt(receiptData(receipt, m_issuer));
    if (!doc)
        return finish(doc.error(), {});
    return printDocument(doc.value()).ok();
}

bool PrintService::saveReceiptPdf(const QVariantMap &receipt, const QString &path)
{
    const Result<PrintDocument> doc = caseReceipt(receiptData(receipt, m_issuer));
    if (!doc)
        return finish(doc.error(), {});
    return saveDocumentPdf(doc.value(), path).ok();
}

bool PrintService::printPickupSlip(const QVariantMap &slip)
{
    const Result<PrintDocument> doc = pickupSlip(pickupSlipData(slip, m_issuer));
    if (!doc)
        return finish(doc.error(), {});
    return printDocument(doc.value()).ok();
}

bool PrintService::savePickupSlipPdf(const QVariantMap &slip, const QString &path)
{
    const Result<PrintDocument> doc = pickupSlip(pickupSlipData(slip, m_issuer));
    if (!doc)
        return finish(doc.error(), {});
    return saveDocumentPdf(doc.value(), path).ok();
}

bool PrintService::printConsentNotice(const QString &itemName)
{
    const Result<PrintDocument> doc = consentNotice({m_issuer, itemName});
    if (!doc)
        return finish(doc.error(), {});
    return printDocument(doc.value()).ok();
}

bool PrintService::saveConsentNoticePdf(const QString &itemName, const QString &path)
{
    const Result<PrintDocument> doc = consentNotice({m_issuer, itemName});
    if (!doc)
        return finish(doc.error(), {});
    return saveDocumentPdf(doc.value(), path).ok();
}

QVariantList PrintService::consentPoints(const QString &itemName) const
{
    QVariantList out;
    for (const NoticePoint &p : print::consentPoints(itemName))
        out.append(QVariantMap{{QStringLiteral("title"), p.title}, {QStringLiteral("body"), p.body}});
    return out;
}

} // namespace ow::print
