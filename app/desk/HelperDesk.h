#pragma once

#include "identity/Action.h"
#include "protocol/HelpMessages.h"
#include "ui/FormController.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QQmlEngine>
#include <QSet>
#include <QVariantList>

namespace ow {

class DeskSession;
class HolidayCalendar;
class Store;

namespace sync {
class EnrolledDevice;
class Transport;
} // namespace sync

// The village helper (帮办代办员) at the desk. The board: the helper's cases with the step each is
// at (委托 → 受理 → 办理 → 送达 → 归档 → 上报 → 回访) and that step's working-day clock, and the
// kiosks' open help requests (呼叫帮办员) from the county hub with the screen and the waiting time,
// "I'm on my way" (this desk's own mark) and close. Acting for a principal: identify them by the
// typed ID number and name, record the signed authorisation (委托书: the photo or scan of the
// paper, the principal's signature on the pad, the items it covers, its validity), then fill the
// item's form for them and submit it to the county hub through the outbox, with a receipt naming
// the helper (代办人). Every step is checked by the Authorizer, and every action on the
// principal's case by the authorisation (AuthorisationRepository::authorises): outside its scope
// or validity the page says why, in plain words, and nothing is stored.
class HelperDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The desk session owns the helper desk")
    Q_PROPERTY(QVariantList cases READ cases NOTIFY casesChanged)
    Q_PROPERTY(QVariantList helpRequests READ helpRequests NOTIFY helpRequestsChanged)
    Q_PROPERTY(QString helpStatus READ helpStatus NOTIFY helpRequestsChanged)
    Q_PROPERTY(bool identified READ identified NOTIFY principalChanged)
    Q_PROPERTY(QString principalMasked READ principalMasked NOTIFY principalChanged)
    Q_PROPERTY(QString principalName READ principalName NOTIFY principalChanged)
    // The catalog's items to choose the authorisation's scope from: id, name, chosen.
    Q_PROPERTY(QVariantList scopeItems READ scopeItems NOTIFY authorisationChanged)
    Q_PROPERTY(bool hasPhoto READ hasPhoto NOTIFY authorisationChanged)
    Q_PROPERTY(bool hasSignature READ hasSignature NOTIFY authorisationChanged)
    // The authorisation recorded for the principal on screen ("WT-…"); empty before.
    Q_PROPERTY(QString authorisation READ authorisation NOTIFY authorisationChanged)
    Q_PROPERTY(QString authorisationSummary READ authorisationSummary NOTIFY authorisationChanged)
    Q_PROPERTY(FormController *form READ form CONSTANT)
    Q_PROPERTY(QString itemId READ itemId NOTIFY itemChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)
    Q_PROPERTY(QString lastCaseNumber READ lastCaseNumber NOTIFY messageChanged)
    Q_PROPERTY(QString lastReceiptPath READ lastReceiptPath NOTIFY messageChanged)

public:
    explicit HelperDesk(DeskSession *desk);

    void setStore(Store *store) { m_store = store; }
    void setDevice(const sync::EnrolledDevice *device) { m_device = device; }
    void setHub(sync::Transport *hub) { m_hub = hub; }
    void setCalendar(const HolidayCalendar *calendar) { m_calendar = calendar; }
    // Where receipts are written as A4 PDF files (NUMBER-receipt.pdf); empty: none written.
    void setReceiptDir(const QString &dir) { m_receiptDir = dir; }

    QVariantList cases() const { return m_cases; }
    QVariantList helpRequests() const { return m_help; }
    QString helpStatus() const { return m_helpStatus; }
    bool identified() const { return !m_idNumber.isEmpty(); }
    QString principalMasked() const;
    QString principalName() const { return m_name; }
    QVariantList scopeItems() const;
    bool hasPhoto() const { return !m_photo.isEmpty(); }
    bool hasSignature() const { return !m_signaturePng.isEmpty(); }
    QString authorisation() const { return m_reference; }
    QString authorisationSummary() const { return m_summary; }
    FormController *form() { return &m_form; }
    QString itemId() const { return m_openItem; }
    QString message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    QString lastCaseNumber() const { return m_lastCase; }
    QString lastReceiptPath() const { return m_lastReceipt; }

    // The board read again: the helper's cases, their steps following the local cases (the hub's
    // receipt closes 委托, its events 受理 and 办理), and the open help requests from the hub.
    Q_INVOKABLE void refresh();
    // "I'm on my way" to the kiosk of a help request: kept on this desk, shown on the board.
    Q_INVOKABLE void onMyWay(const QString &requestId);
    // The helper has come: the request is closed at the hub.
    Q_INVOKABLE bool closeHelpRequest(const QString &requestId);

    // The principal's typed ID number and name; false (with the message) when the number is wrong.
    Q_INVOKABLE bool identify(const QString &idNumber, const QString &name);
    Q_INVOKABLE void setScopeItem(const QString &itemId, bool chosen);
    // The photo or scan of the signed paper, checked by its content (PNG or JPEG) and size. The
    // translated problem, or empty when taken.
    Q_INVOKABLE QString attachPhotoFile(const QString &path);
    // The principal's signature from the pad (its strokes, normalised 0..1, as JSON); drawn into a
    // PNG kept with the authorisation.
    Q_INVOKABLE bool setSignatureStrokes(const QString &strokesJson);
    // Records the authorisation for the principal on screen: the helper's own ID number and phone
    // are written on it (受托人); validity as yyyy-MM-dd.
    Q_INVOKABLE bool recordAuthorisation(const QString &agentIdNumber, const QString &agentPhone,
                                         const QString &validFrom, const QString &validTo);
    // Opens the item's form for the principal, once their authorisation covers it today.
    Q_INVOKABLE bool startApplication(const QString &itemId);
    // Submits the filled form for the principal: checked against the authorisation again, stored,
    // sealed into the outbox (enrolled desk), filed under the authorisation, receipt written.
    Q_INVOKABLE bool submit();
    // The helper records 送达, 归档, 上报 or 回访 ("deliver", "archive", "report", "followUp").
    Q_INVOKABLE bool recordStep(const QString &caseNumber, const QString &stepKey, const QString &note);

    // Starts over for the next principal; the personal data on screen is dropped.
    Q_INVOKABLE void clear();
    Q_INVOKABLE void clearMessage();

Q_SIGNALS:
    void casesChanged();
    void helpRequestsChanged();
    void principalChanged();
    void authorisationChanged();
    void itemChanged();
    void messageChanged();

private:
    bool authorize(Action action);
    void setMessage(const QString &message, bool isError);
    void readCases();
    void readHelpRequests();
    QString writeReceipt(const QString &caseNumber);
    QString screenLabel(const QString &screen) const;

    DeskSession *m_desk;
    Store *m_store = nullptr;
    const sync::EnrolledDevice *m_device = nullptr;
    sync::Transport *m_hub = nullptr;
    const HolidayCalendar *m_calendar = nullptr;
    QString m_receiptDir;
    FormController m_form;
    QString m_openItem; // the item whose form is open for the principal; empty: none
    QVariantList m_cases;
    QVariantList m_help;
    QString m_helpStatus;
    QSet<QString> m_onMyWay;
    // The principal on screen and the authorisation being recorded (personal data: memory only,
    // dropped by clear() and on signing out).
    QString m_idNumber;
    QString m_name;
    QSet<QString> m_scope;
    QByteArray m_photo;
    QString m_photoMime;
    QByteArray m_signaturePng;
    QString m_reference;
    QString m_summary;
    QString m_message;
    bool m_messageIsError = false;
    QString m_lastCase;
    QString m_lastReceipt;
};

} // namespace ow
