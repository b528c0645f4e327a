#pragma once

#include "IdentityEntry.h"
#include "IdleWatch.h"
#include "ItemChooser.h"
#include "ItemGuide.h"
#include "MaterialsStep.h"
#include "ProgressLookup.h"
#include "RatingStep.h"
#include "ui/CardReaderControl.h"

#include "ui/FormController.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QStringList>
#include <QTimer>
#include <QTranslator>

#include <functional>

namespace ow {

namespace sync {
class EnrolledDevice;
}

struct Case;
class CatalogService;
class Clock;
class Store;
struct NewCase;

// One citizen's visit at the kiosk: which screen is up, the item chosen, the language, and the
// idle watch that ends the visit when the citizen walks away. Ending a visit (wipe) clears
// every controller and returns to the home screen in Chinese and the default mode, so nothing
// of one citizen is left for the next. Created in main() (or a test) before QML loads; QML
// reaches it as a singleton and only asks.
class KioskSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString screen READ screen NOTIFY screenChanged FINAL)
    Q_PROPERTY(bool canGoBack READ canGoBack NOTIFY screenChanged FINAL)
    Q_PROPERTY(QString pendingFeature READ pendingFeature NOTIFY screenChanged FINAL)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged FINAL)
    Q_PROPERTY(bool demo READ demo CONSTANT FINAL)
    // Elder mode (长辈模式): larger type and targets, stronger contrast, one question per page,
    // fewer services at once, twice the time before the visit ends. The home screen's tile
    // switches it; the end of a visit returns to the kiosk's configured default.
    Q_PROPERTY(bool elder READ elder WRITE setElder NOTIFY elderChanged FINAL)
    Q_PROPERTY(bool elderDefault READ elderDefault NOTIFY elderChanged FINAL)
    Q_PROPERTY(ow::IdleWatch *idle READ idle CONSTANT FINAL)
    Q_PROPERTY(ow::ItemChooser *chooser READ chooser CONSTANT FINAL)
    Q_PROPERTY(ow::ItemGuide *guide READ guide CONSTANT FINAL)
    Q_PROPERTY(ow::IdentityEntry *identity READ identity CONSTANT FINAL)
    Q_PROPERTY(ow::CardReaderControl *cardReader READ cardReader CONSTANT FINAL)
    Q_PROPERTY(ow::MaterialsStep *materials READ materials CONSTANT FINAL)
    Q_PROPERTY(ow::FormController *form READ form CONSTANT FINAL)
    Q_PROPERTY(ow::ProgressLookup *progress READ progress CONSTANT FINAL)
    Q_PROPERTY(ow::RatingStep *rating READ rating CONSTANT FINAL)
    Q_PROPERTY(bool hasLastReceipt READ hasLastReceipt NOTIFY receiptChanged FINAL)
    Q_PROPERTY(QVariantList reviewRows READ reviewRows NOTIFY reviewChanged FINAL)
    Q_PROPERTY(QString submitError READ submitError NOTIFY submitErrorChanged FINAL)
    Q_PROPERTY(QVariantMap receipt READ receipt NOTIFY receiptChanged FINAL)
    // "Finish at the window": whether this kiosk can issue a signed pickup code (it is enrolled and
    // its store is open); the confirmation being up; why saving for the window failed; the issued
    // code (pickupCode, shortCode, validUntil, item) for the pickup screen and its slip.
    Q_PROPERTY(bool pickupAvailable READ pickupAvailable NOTIFY pickupChanged FINAL)
    Q_PROPERTY(bool pickupConfirming READ pickupConfirming NOTIFY pickupChanged FINAL)
    Q_PROPERTY(QString pickupError READ pickupError NOTIFY pickupChanged FINAL)
    Q_PROPERTY(QVariantMap pickup READ pickup NOTIFY pickupChanged FINAL)
    Q_PROPERTY(int pickupValidDays READ pickupValidDays NOTIFY pickupChanged FINAL)

public:
    // Screens, as QML names its pages.
    static inline const QString Home = QStringLiteral("home");
    static inline const QString Choose = QStringLiteral("choose");
    static inline const QString Guide = QStringLiteral("guide");
    static inline const QString ComingSoon = QStringLiteral("comingSoon");
    static inline const QString Identify = QStringLiteral("identify");
    static inline const QString Form = QStringLiteral("form");
    static inline const QString Materials = QStringLiteral("materials");
    static inline const QString Review = QStringLiteral("review");
    static inline const QString Consent = QStringLiteral("consent");
    static inline const QString Receipt = QStringLiteral("receipt");
    static inline const QString Progress = QStringLiteral("progress");
    static inline const QString Pickup = QStringLiteral("pickup");
    static inline const QString Rating = QStringLiteral("rating");

    KioskSession(CatalogService *catalog, bool demo, QObject *parent = nullptr);
    ~KioskSession() override;

    static KioskSession *instance();
    static void setInstance(KioskSession *session);
    static KioskSession *create(QQmlEngine *engine, QJSEngine *);

    QString screen() const { return m_stack.last(); }
    bool canGoBack() const { return m_stack.size() > 1; }
    // On the "coming soon" page: which part of the visit is not there yet
    // ("identify", "progress", "rating", "helper").
    QString pendingFeature() const { return m_pendingFeature; }
    QString language() const { return m_language; }
    // "zh_CN" or "en"; anything else is Chinese.
    void setLanguage(const QString &language);
    bool demo() const { return m_demo; }
    bool elder() const { return m_elder; }
    void setElder(bool elder);
    // The mode every visit starts in (--elder-default); sets the current mode too.
    bool elderDefault() const { return m_elderDefault; }
    void setElderDefault(bool elder);
    // The home screen's tile: elder mode on or off for this visit.
    Q_INVOKABLE void toggleElder() { setElder(!m_elder); }
    // In elder mode: the idle timeout's stretch and the services shown per page.
    static constexpr int ElderIdleStretch = 2;
    static constexpr int ElderChooserRows = 4;
    IdleWatch *idle() { return &m_idle; }
    ItemChooser *chooser() { return &m_chooser; }
    ItemGuide *guide() { return &m_guide; }
    IdentityEntry *identity() { return &m_identity; }
    CardReaderControl *cardReader() { return &m_cardReader; }
    MaterialsStep *materials() { return &m_materials; }
    FormController *form() { return &m_form; }
    ProgressLookup *progress() { return &m_progress; }
    RatingStep *rating() { return &m_rating; }
    // Demo mode only: the receipt code this kiosk printed last, to try 查询进度 without a second
    // kiosk or a phone. Never kept outside demo mode.
    bool hasLastReceipt() const { return m_demo && !m_lastReceiptCode.isEmpty(); }
    // Every shown answer of the form, in order: [{group, label, value}] with ID numbers, bank
    // cards and phones masked as the form renderer masks them.
    QVariantList reviewRows() const;
    // Why the last submit did not go through (translated); empty otherwise.
    QString submitError() const { return m_submitError; }
    // The receipt of the case just submitted: applicant (masked), item, number, date, promised
    // working days, whether it is sealed for the hub, and the signed receipt code (OWR1; empty
    // before enrollment). Empty before a submit.
    QVariantMap receipt() const;

    bool pickupAvailable() const { return m_device && m_store; }
    bool pickupConfirming() const { return m_pickupConfirming; }
    QString pickupError() const { return m_pickupError; }
    QVariantMap pickup() const;

    // Time for the idle watch, the ID number's birth-date check and the receipt's date.
    void setClock(const Clock *clock);
    // The kiosk's encrypted case store; null when it could not be opened (`problem` says why,
    // translated, and is shown when the citizen submits).
    void setStore(Store *store, const QString &problem = {});
    // Asked before each submit; a non-empty answer (translated) stops it and is shown, the
    // answers staying (the maintenance controller's disk-space check).
    void setSubmitCheck(std::function<QString()> check) { m_submitCheck = std::move(check); }
    // The store is still being opened (after the home screen is up): a submit meanwhile is
    // asked to wait a moment, answers kept, until setStore() is called.
    void setStoreOpening();
    bool storeOpening() const { return m_storeOpening; }

    Q_INVOKABLE void openChooser();
    Q_INVOKABLE void chooseItem(const QString &itemId);
    // "开始办理" on the guide: identification and the form come next.
    Q_INVOKABLE void startApplication();
    Q_INVOKABLE void openFeature(const QString &feature);
    // The ID number is in and right: the form, prefilled from it.
    Q_INVOKABLE void confirmIdentity();
    // The form's last page is done: the materials the item asks for (when it asks for any), then
    // the answers to review.
    Q_INVOKABLE void reviewForm();
    // The materials are given: the answers to review; a required one missing is named instead.
    Q_INVOKABLE void confirmMaterials();
    // The answers are right: the notice of what is collected, and consent.
    Q_INVOKABLE void openConsent();
    // 同意并提交: the case goes into the store as a submitted application; the receipt follows.
    Q_INVOKABLE void agreeAndSubmit();
    // "到窗口继续办理" on the form or the review: asks first (pickupConfirming); only an enrolled kiosk
    // offers it, an unenrolled one says to ask staff.
    Q_INVOKABLE void offerContinueAtWindow();
    Q_INVOKABLE void cancelContinueAtWindow();
    // Confirmed: the answers and materials so far are saved as a draft with a signed pickup code
    // (one transaction), the visit's answers are let go, and the pickup screen shows the code.
    // On failure the answers stay and pickupError says why.
    Q_INVOKABLE void continueAtWindow();
    // How long a pickup code is valid (days; 7 unless set).
    void setPickupValidDays(int days) { m_pickupValidDays = days; }
    int pickupValidDays() const { return m_pickupValidDays; }

    // 评价本次服务 on the receipt: the rating screen for the case just submitted.
    Q_INVOKABLE void rateThisCase();
    // Demo mode: rates the case of the last receipt this kiosk printed, as if its code were scanned.
    Q_INVOKABLE void rateLastReceipt();
    // Demo mode: looks up the progress of the last receipt this kiosk printed.
    Q_INVOKABLE void lookUpLastReceipt();
    // A code from the scanner gun or the camera, for the screen that is up.
    void handleScan(const QByteArray &payload);
    // One step back: the form's previous page while there is one, else the previous screen.
    Q_INVOKABLE void back();
    // Back to the home screen, keeping the language: the citizen starts over.
    Q_INVOKABLE void goHome();
    // The citizen is done: the same as walking away.
    Q_INVOKABLE void finish() { wipe(); }
    // Ends the visit: every controller cleared, home screen, Chinese, the default mode.
    void wipe();

    // This kiosk's enrollment with the county hub; null before enrollment. With it, submitted
    // cases are sealed for the hub at once and receipts carry a signed code.
    void setDevice(const sync::EnrolledDevice *device)
    {
        m_device = device;
        Q_EMIT pickupChanged(); // whether a pickup code can be signed
        m_rating.setDevice(device);
    }

    // Retranslates this engine's bindings when the language changes.
    void setEngine(QQmlEngine *engine) { m_engine = engine; }

    // How long "ID card read: 王*兰" stays on screen before the form follows by itself.
    static constexpr int CardContinueMs = 1200;
    // Elder mode: how long the last material's tick stays on screen before the review follows.
    static constexpr int MaterialsContinueMs = 800;

Q_SIGNALS:
    void screenChanged();
    void languageChanged();
    void elderChanged();
    void wiped();
    void reviewChanged();
    void submitErrorChanged();
    void receiptChanged();
    void pickupChanged();
    // A visit was saved as a draft for the window.
    void draftSaved(const QString &draftNumber);
    // A case went into the store (and, on an enrolled kiosk, into the outbox).
    void caseSubmitted(const QString &caseNumber);
    // The form asks for a picture for one of its fields and this kiosk has a real camera: the form
    // screen opens the camera view for `ref` (MaterialsStep takes the still under it).
    void pictureRequested(const QString &ref, const QString &label);

private:
    // The case the form on screen describes, as the store takes it (submit and pickup draft).
    NewCase caseFromForm() const;
    void push(const QString &screen);
    void updateIdle();
    void clearVisit();
    void setSubmitError(const QString &message);
    void clearPickup();
    void takeFieldPicture(const QString &fieldId, int row, const QStringList &accept);
    QString receiptCodeFor(const Case &c) const;
    QString notOpenMessage() const;

    CatalogService *m_catalog;
    bool m_demo;
    IdleWatch m_idle;
    QTimer m_cardContinue;      // from a read card to the form, without a tap
    QTimer m_materialsContinue; // elder mode: from the last material given to the review
    int m_materialsMissing = 0;
    ItemChooser m_chooser;
    ItemGuide m_guide;
    IdentityEntry m_identity;
    CardReaderControl m_cardReader{&m_identity};
    MaterialsStep m_materials;
    FormController m_form;
    ProgressLookup m_progress;
    RatingStep m_rating;
    QString m_lastReceiptCode; // demo mode only
    const Clock *m_clock;
    Store *m_store = nullptr;
    const sync::EnrolledDevice *m_device = nullptr;
    QString m_storeProblem;
    std::function<QString()> m_submitCheck;
    bool m_storeOpening = false;
    QString m_submitError;
    QVariantMap m_receipt;
    bool m_pickupConfirming = false;
    QString m_pickupError;
    QVariantMap m_pickup;
    int m_pickupValidDays = 7;
    QStringList m_stack{Home};
    QString m_pendingFeature;
    QString m_language;
    bool m_elder = false;
    bool m_elderDefault = false;
    QTranslator m_translator;
    QPointer<QQmlEngine> m_engine;
};

} // namespace ow
