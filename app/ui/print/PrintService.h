#pragma once

#include "print/Documents.h"
#include "print/PageFormat.h"

#include "common/Result.h"

#include <QObject>
#include <QString>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace ow::print {

// Prints the documents of ow_print for QML: to the printer this station is set up with (CUPS,
// through the printer plugin, see PrinterBackend.h) or into a PDF file. Printing is synchronous (CUPS spools); `state`
// and `message` say how it went, in the language installed now. A failure changes nothing the caller holds: the receipt
// stays on screen and can be printed again. Create it in main() and setInstance() before QML loads; a service created
// by QML alone (tests, previews) has no printer and writes PDF files only.
class PrintService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // The CUPS queue receipts go to; empty: no printer, PDF only.
    Q_PROPERTY(QString printerName READ printerName WRITE setPrinterName NOTIFY configurationChanged)
    // a4, thermal-80 or thermal-58 (PageFormat::byName).
    Q_PROPERTY(QString pageFormat READ pageFormat WRITE setPageFormat NOTIFY configurationChanged)
    // The hall or kiosk printed above each document's title.
    Q_PROPERTY(QString issuer READ issuer WRITE setIssuer NOTIFY configurationChanged)
    Q_PROPERTY(bool printerConfigured READ printerConfigured NOTIFY configurationChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString message READ message NOTIFY stateChanged)

public:
    enum State { Idle, Printing, Done, Failed };
    Q_ENUM(State)

    explicit PrintService(QObject *parent = nullptr);

    static PrintService *instance();
    static void setInstance(PrintService *service);
    static PrintService *create(QQmlEngine *engine, QJSEngine *);

    QString printerName() const { return m_printerName; }
    void setPrinterName(const QString &name);
    QString pageFormat() const { return m_format.name; }
    void setPageFormat(const QString &name);
    QString issuer() const { return m_issuer; }
    void setIssuer(const QString &issuer);
    bool printerConfigured() const { return !m_printerName.isEmpty(); }
    State state() const { return m_state; }
    QString message() const { return m_message; }
    const PageFormat &format() const { return m_format; }

    // The receipt of a case as the kiosk and the desk hold it: applicant (masked), item (name),
    // number, date, promisedDays, onTheSpot, and when present receiptCode (OWR1|…), promisedBy,
    // nextSteps. True when printed / written; otherwise `message` says why.
    Q_INVOKABLE bool printReceipt(const QVariantMap &receipt);
    Q_INVOKABLE bool saveReceiptPdf(const QVariantMap &receipt, const QString &path);
    // A draft's pickup slip: pickupCode (OWP1|…), shortCode, validUntil, item.
    Q_INVOKABLE bool printPickupSlip(const QVariantMap &slip);
    Q_INVOKABLE bool savePickupSlipPdf(const QVariantMap &slip, const QString &path);
    Q_INVOKABLE bool printConsentNotice(const QString &itemName);
    Q_INVOKABLE bool saveConsentNoticePdf(const QString &itemName, const QString &path);
    // The consent notice's points as the consent screen shows them: [{title, body}].
    Q_INVOKABLE QVariantList consentPoints(const QString &itemName) const;
    // Back to Idle with no message (a new visit).
    Q_INVOKABLE void reset();

    // For C++ callers: the same, on documents already built.
    ow::Status printDocument(const PrintDocument &document);
    ow::Status saveDocumentPdf(const PrintDocument &document, const QString &path);

    static CaseReceiptData receiptData(const QVariantMap &receipt, const QString &issuer);
    static PickupSlipData pickupSlipData(const QVariantMap &slip, const QString &issuer);

Q_SIGNALS:
    void configurationChanged();
    void stateChanged();

private:
    bool finish(const ow::Status &result, const QString &doneMessage);
    void setState(State state, const QString &message);
    ow::Status sendToPrinter(const PrintDocument &document);

    QString m_printerName;
    QString m_issuer;
    PageFormat m_format = PageFormat::thermal80();
    State m_state = Idle;
    QString m_message;
};

} // namespace ow::print
