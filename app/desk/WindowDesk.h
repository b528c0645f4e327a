#pragma once

#include "MaterialChecklist.h"

#include "common/Result.h"
#include "crypto/Keys.h"
#include "identity/Action.h"
#include "sync/CorrectionRecord.h"
#include "ui/CardReaderControl.h"
#include "ui/FormController.h"

#include <QHash>
#include <QSet>

#include <QDate>
#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace ow {

class DeskSession;
class HolidayCalendar;
struct Case;
struct CaseEvent;
class Store;

namespace sync {
class EnrolledDevice;
class Transport;
struct TakenDraft;
} // namespace sync

namespace print {
class PrintService;
struct PrintDocument;
} // namespace print

// The window clerk's acceptance (一窗受理): identify the citizen by the typed ID number (check
// digit, real birth date), choose the item, fill the catalog's form in the dense layout, record
// how each material was received, then accept (受理: the case is stored and, on an enrolled desk,
// sealed into the outbox in one step, then moved to accepted, accepted with materials pending
// (容缺) or accepted on a pledge) or refuse (不予受理, with the reason; kept on the desk, never
// sent for review). Or continue a kiosk visit: the pickup code (typed, or scanned into the field
// by the scanner gun) fetches the draft through the hub (sync::takeOverDraft) and opens it here,
// its answers in the form and its pictures as attached scans, for the clerk to check and accept.
// The citizen's ID card on the window's reader (CardReaderControl, shared with the kiosk) fills
// the number and the name as if typed, while the acceptance page is up. Every step is checked by
// the Authorizer first.
class WindowDesk : public QObject, public IdCardSink
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The desk session owns the window desk")
    Q_PROPERTY(FormController *form READ form CONSTANT)
    Q_PROPERTY(MaterialChecklist *materials READ materials CONSTANT)
    // The window's ID card reader (--card-reader DEVICE; the pty simulator on a demo desk).
    Q_PROPERTY(ow::CardReaderControl *cardReader READ cardReader CONSTANT)
    // The applicant on screen was read from their ID card (not typed).
    Q_PROPERTY(bool identifiedByCard READ identifiedByCard NOTIFY applicantChanged)
    Q_PROPERTY(bool identified READ identified NOTIFY applicantChanged)
    Q_PROPERTY(QString applicantMasked READ applicantMasked NOTIFY applicantChanged)
    Q_PROPERTY(QString applicantName READ applicantName NOTIFY applicantChanged)
    Q_PROPERTY(QString itemId READ itemId NOTIFY itemChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)
    Q_PROPERTY(QString lastCaseNumber READ lastCaseNumber NOTIFY messageChanged)
    Q_PROPERTY(QString lastNoticePath READ lastNoticePath NOTIFY messageChanged)
    // The printer (CUPS queue) the acceptance notice and the materials receipt are printed on;
    // empty: none, PDF files only.
    Q_PROPERTY(QString printerName READ printerName WRITE setPrinterName NOTIFY printerChanged)
    // The papers of lastCaseNumber did not print: the page offers to print them again.
    Q_PROPERTY(bool printFailed READ printFailed NOTIFY messageChanged)
    // Bumped when answers change from here rather than from the form's fields (the identity
    // prefilled): the form's fields take their text when they are made, so the view is made anew.
    Q_PROPERTY(int formGeneration READ formGeneration NOTIFY formReloaded)
    // The decided cases of this desk waiting to be handed over (出件), oldest first: number, item,
    // decision, applicant (masked), when decided.
    Q_PROPERTY(QVariantList toIssue READ toIssue NOTIFY toIssueChanged)
    // The cases of this desk in a special procedure (特别程序) at the department, oldest first:
    // number, item, applicant (masked), the procedure's kind and expected end (asked from the
    // county hub's progress answer, which never holds the reviewer's reason) and the paused clock.
    Q_PROPERTY(QVariantList inSpecialProcedure READ inSpecialProcedure NOTIFY toIssueChanged)
    // What this desk has sealed or issued that the county hub has not taken yet.
    Q_PROPERTY(int waitingToSend READ waitingToSend NOTIFY toIssueChanged)
    // A pickup code is being fetched from the hub.
    Q_PROPERTY(bool takingOver READ takingOver NOTIFY takingOverChanged)
    // The kiosk draft on screen ("K01-20260301-000004"), empty for an application begun here.
    Q_PROPERTY(QString takenDraft READ takenDraft NOTIFY applicantChanged)
    // The cases of this desk waiting for the citizen's correction (待补正), oldest request first:
    // number, item, applicant (masked), when asked, the reviewer's complete list of what is
    // missing, the paused clock, and the item's materials to file what is brought under.
    Q_PROPERTY(QVariantList toCorrect READ toCorrect NOTIFY toCorrectChanged)
    // The files attached so far for the chosen correction: material, name, kind and size.
    Q_PROPERTY(QVariantList correctionFiles READ correctionFiles NOTIFY correctionFilesChanged)
    Q_PROPERTY(QString correctionCase READ correctionCase WRITE chooseCorrection NOTIFY correctionFilesChanged)

public:
    explicit WindowDesk(DeskSession *desk);

    void setStore(Store *store) { m_store = store; }
    // Where acceptance notices are written as A4 PDF files (NUMBER.pdf); empty: none written.
    void setNoticeDir(const QString &dir) { m_noticeDir = dir; }
    // Prints the acceptance notice and the materials receipt (A4); null: PDF files only.
    void setPrintService(print::PrintService *service);
    // The desk's enrollment with the hub; null when not enrolled (cases wait to be sealed).
    void setDevice(const sync::EnrolledDevice *device) { m_device = device; }
    // The link to the hub (null: none configured): kiosk drafts are fetched through it.
    void setHub(sync::Transport *hub) { m_hub = hub; }
    // The official calendar, for the working days left on a paused clock; null: not shown.
    void setCalendar(const HolidayCalendar *calendar) { m_calendar = calendar; }

    FormController *form() { return &m_form; }
    MaterialChecklist *materials() { return &m_materials; }
    CardReaderControl *cardReader() { return &m_cardReader; }
    bool identified() const { return !m_idNumber.isEmpty(); }
    bool identifiedByCard() const { return identified() && m_byCard; }
    // IdCardSink: a card read on the acceptance page identifies the applicant (number checked as
    // if typed). Refused, changing nothing, while another applicant is on screen.
    bool takeCard(const scan::ga467::IdCardData &card) override;
    QString applicantMasked() const;
    QString applicantName() const { return m_name; }
    QString itemId() const { return m_form.itemId(); }
    QString message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    QString lastCaseNumber() const { return m_lastCase; }
    QString lastNoticePath() const { return m_lastNotice; }
    QString lastReceiptPath() const { return m_lastReceipt; }
    QString printerName() const;
    void setPrinterName(const QString &name);
    bool printFailed() const { return m_printFailed; }
    int formGeneration() const { return m_formGeneration; }
    bool takingOver() const { return m_takingOver; }
    QString takenDraft() const { return m_takenDraft; }
    // Shows answers set from C++ (prefill, a reader) in the form's view.
    Q_INVOKABLE void reloadForm();

    // The typed ID number and name; false (with the message) when the number is not valid.
    Q_INVOKABLE bool identify(const QString &idNumber, const QString &name);
    // What to tell the operator about a typed resident ID number (idNumber::check); empty when it
    // is sound. The helper's desk says the same.
    static QString idNumberProblem(const QString &normalizedNumber, const QDate &today);
    Q_INVOKABLE void chooseItem(const QString &itemId);
    // Takes over a kiosk draft by its pickup code: the short code as printed ("ABCD-EFGH", any
    // case) or the QR's whole code ("OWP1|...") as a scanner gun types it. Asynchronous:
    // takingOver until the hub has answered; the outcome is in message.
    Q_INVOKABLE void takeOver(const QString &pickupCode);
    // A code scanned at the window (the scanner gun; DeskSession routes it here while the clerk
    // is on this page): a kiosk's pickup code is taken over as if typed into its field; a code
    // holding a resident ID number (checked like a typed one) fills the applicant's number
    // (idNumberScanned) and the clerk adds the name. Anything else is said and changes nothing.
    Q_INVOKABLE bool takeScan(const QByteArray &payload);
    Q_INVOKABLE bool accept();
    Q_INVOKABLE bool refuse(const QString &reason);
    // Prints the acceptance notice and the materials receipt of a case accepted at this desk, or
    // the refusal notice of one refused here, again, from what the store holds (the case is not
    // touched). False (with the message) when the case has no such papers or the printer failed
    // again.
    Q_INVOKABLE bool reprint(const QString &caseNumber);

    QVariantList toIssue() const { return m_toIssue; }
    QVariantList inSpecialProcedure() const { return m_suspended; }
    int waitingToSend() const { return m_waitingToSend; }
    // Reads the list of decided cases again (after the hub's events, or on opening the page).
    Q_INVOKABLE void refreshToIssue();
    // Hands the result over at the window: who collected it (name, ID number checked, kept
    // masked) or the mailing's tracking number. False (with the message) when refused.
    Q_INVOKABLE bool issueInPerson(const QString &caseNumber, const QString &collectorName,
                                   const QString &collectorIdNumber);
    Q_INVOKABLE bool issueByMail(const QString &caseNumber, const QString &trackingNumber);
    QVariantList toCorrect() const { return m_toCorrect; }
    QVariantList correctionFiles() const;
    QString correctionCase() const { return m_correctionCase; }
    // Reads the list of cases waiting for a correction again.
    Q_INVOKABLE void refreshToCorrect();
    // The case whose correction is on screen; the files attached for another case are kept.
    Q_INVOKABLE void chooseCorrection(const QString &caseNumber);
    // Attaches a file the citizen brought (the document camera's scan) to the chosen correction,
    // filed under `materialId`: checked by its content (PNG, JPEG or PDF, never by its name) and
    // its size. The translated problem, or empty when attached.
    Q_INVOKABLE QString addCorrectionFile(const QString &materialId, const QString &filePath);
    Q_INVOKABLE void removeCorrectionFile(int index);
    // Records the correction (sync::recordCorrection): the files go with the case, sealed again,
    // back to the reviewer through the outbox (waiting there while the hub cannot be reached).
    // False (with the message) when refused; the files attached stay for another try.
    Q_INVOKABLE bool sendCorrection();
    // Drops every file attached for corrections (signing out).
    void dropCorrections();

    // Starts over for the next citizen; the personal data on screen is dropped.
    Q_INVOKABLE void clear();
    Q_INVOKABLE void clearMessage();

Q_SIGNALS:
    // A scanned code's resident ID number, for the identify fields (as if typed).
    void idNumberScanned(const QString &number);
    void applicantChanged();
    void itemChanged();
    void messageChanged();
    void formReloaded();
    void toIssueChanged();
    void takingOverChanged();
    void toCorrectChanged();
    void correctionFilesChanged();
    void printerChanged();

private:
    bool authorize(Action action);
    bool issue(const QString &caseNumber, int method, const QString &name, const QString &idNumber,
               const QString &tracking);
    bool readyToStore();
    void setMessage(const QString &message, bool isError);
    void fillChecklist();
    // The papers of a case handled at this window, built from the store: the acceptance notice
    // and the materials receipt of an accepted case, the refusal notice (不予受理通知书) of a
    // refused one. Written as PDF files (NUMBER.pdf, NUMBER-materials.pdf; NUMBER-refusal.pdf)
    // and printed when a printer is set up. The problem (translated) or empty.
    QString printPapers(const QString &number);
    QString printRefusal(const Case &refused);
    // A printer's failure as the clerk is told it: what to check, then 重新打印.
    static QString printerProblem(const Error &error);
    // Writes the documents as PDF files (NUMBER + suffix) and prints them when a printer is set up.
    QString outputPapers(const QString &number, const QList<std::pair<const print::PrintDocument *, QString>> &docs);
    void openDraft(sync::TakenDraft draft);
    // The cases in a special procedure, with what the hub said of each procedure so far.
    QVariantList suspendedRows();
    // Asks the hub's progress answer for the kind and expected end of the special procedure
    // `number` is in (since `since`, the key it is kept under).
    void askProcedure(const QString &number, const QString &key);
    // "Clocks paused since …" with the working days left on the promised clock, counted from the
    // case's history (every pause skipped).
    QString pausedClock(const Case &c, const QList<CaseEvent> &events, const QString &since) const;

    DeskSession *m_desk;
    Store *m_store = nullptr;
    const sync::EnrolledDevice *m_device = nullptr;
    sync::Transport *m_hub = nullptr;
    bool m_takingOver = false;
    QString m_takenDraft;
    QString m_takenFrom; // the kiosk's device id
    // The key each pickup code was asked for with, so that asking again after a lost answer is
    // answered again (PROTOCOL.md §5.6); dropped with the citizen.
    QHash<QString, crypto::PrivateKey> m_takeKeys;
    FormController m_form;
    MaterialChecklist m_materials;
    QString m_idNumber;
    QString m_name;
    QString m_message;
    bool m_messageIsError = false;
    QString m_lastCase;
    QString m_noticeDir;
    QString m_lastNotice;
    QString m_lastReceipt;
    print::PrintService *m_print = nullptr;
    bool m_printFailed = false;
    bool m_lastPapersRefusal = false; // the papers of lastCaseNumber are a refusal notice
    int m_formGeneration = 0;
    QVariantList m_toIssue;
    QVariantList m_suspended;
    // A special procedure's kind and expected end as the hub's progress answer gave them, by
    // case number and the time it began; the ones being asked for.
    QHash<QString, QPair<QString, QString>> m_procedures;
    QSet<QString> m_askingProcedure;
    int m_waitingToSend = 0;
    const HolidayCalendar *m_calendar = nullptr;
    QVariantList m_toCorrect;
    QString m_correctionCase;
    // The files attached for each case's correction, until it is recorded (personal data: only
    // in memory, dropped on signing out).
    QHash<QString, QList<sync::SuppliedMaterial>> m_correctionFiles;
    bool m_byCard = false;
    // Last: it hands cards to this object.
    CardReaderControl m_cardReader{this, CardReaderControl::Audience::Clerk};
};

} // namespace ow
