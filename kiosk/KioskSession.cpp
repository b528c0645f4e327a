#include "KioskSession.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "domain/IdNumber.h"
#include "pickup/DraftPickup.h"
#include "scan/CodeSigning.h"
#include "scan/SignedCodes.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSubmission.h"
#include "sync/DraftSave.h"
#include "sync/EnrolledDevice.h"
#include "ui/CatalogService.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKiosk, "ow.kiosk")

namespace ow {

namespace {
KioskSession *g_instance = nullptr;
const QString Chinese = QStringLiteral("zh_CN");
} // namespace

KioskSession::KioskSession(CatalogService *catalog, bool demo, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_demo(demo)
    , m_chooser(catalog)
    , m_guide(catalog)
    , m_materials(catalog)
    , m_progress(catalog)
    , m_clock(&SystemClock::instance())
{
    m_form.setKiosk(true);
    connect(&m_form, &FormController::valuesChanged, this, &KioskSession::reviewChanged);
    connect(&m_form, &FormController::itemChanged, this, &KioskSession::reviewChanged);
    connect(this, &KioskSession::languageChanged, this, &KioskSession::reviewChanged);
    connect(this, &KioskSession::languageChanged, this, &KioskSession::receiptChanged);
    connect(this, &KioskSession::languageChanged, this, &KioskSession::pickupChanged);
    // The form's attachment fields are pictures taken with the materials' camera, held with them.
    connect(&m_form, &FormController::attachmentRequested, this, &KioskSession::takeFieldPicture);
    connect(&m_form, &FormController::attachmentRemoved, this,
            [this](const QString &, int, const QStringList &references) {
                for (const QString &ref : references)
                    m_materials.removeFieldPicture(ref);
            });
    connect(&m_materials, &MaterialsStep::fieldPictureTaken, this,
            [this](const QString &fieldId, int row, const QString &ref) {
                if (screen() == Form)
                    m_form.setFieldValue(fieldId, row, QStringList{ref});
            });
    connect(this, &KioskSession::languageChanged, &m_rating, &RatingStep::changed); // the level names
    // The card reader fills the identity only while the identify screen is up.
    connect(this, &KioskSession::screenChanged, this, [this] {
        m_cardReader.setAccepting(screen() == Identify);
        m_cardContinue.stop();
        m_materialsContinue.stop();
        m_materialsMissing = m_materials.missingCount();
    });
    // Elder mode asks for one material at a time: once the last one is given, the review follows
    // by itself, a moment later so that its tick is seen (Back returns to the whole list).
    m_materialsContinue.setSingleShot(true);
    m_materialsContinue.setInterval(MaterialsContinueMs);
    connect(&m_materials, &MaterialsStep::changed, this, [this] {
        const int missing = m_materials.missingCount();
        if (m_elder && screen() == Materials && m_materialsMissing > 0 && missing == 0 &&
            m_materials.problem().isEmpty())
            m_materialsContinue.start();
        m_materialsMissing = missing;
    });
    connect(&m_materialsContinue, &QTimer::timeout, this, &KioskSession::confirmMaterials);
    // A card read with a valid number needs no further tap: the form follows once the citizen has
    // had a moment to see the card accepted (a refused number stays on screen with its reason).
    m_cardContinue.setSingleShot(true);
    m_cardContinue.setInterval(CardContinueMs);
    connect(&m_cardReader, &CardReaderControl::cardAccepted, this, [this] {
        if (screen() == Identify && m_identity.valid())
            m_cardContinue.start();
    });
    connect(&m_cardContinue, &QTimer::timeout, this, &KioskSession::confirmIdentity);
    connect(&m_idle, &IdleWatch::timedOut, this, [this] {
        qCInfo(lcKiosk) << "visit ended after" << m_idle.timeoutSeconds() << "s without activity";
        wipe();
    });
    setLanguage(Chinese);
}

KioskSession::~KioskSession()
{
    QCoreApplication::removeTranslator(&m_translator);
    if (g_instance == this)
        g_instance = nullptr;
}

KioskSession *KioskSession::instance()
{
    return g_instance;
}

void KioskSession::setInstance(KioskSession *session)
{
    g_instance = session;
}

KioskSession *KioskSession::create(QQmlEngine *engine, QJSEngine *)
{
    Q_ASSERT_X(g_instance, "KioskSession", "create the session in main() before loading QML");
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    g_instance->setEngine(engine);
    return g_instance;
}

void KioskSession::setLanguage(const QString &language)
{
    const QString lang = language.startsWith(QLatin1String("en")) ? QStringLiteral("en") : Chinese;
    if (m_language == lang)
        return;
    m_language = lang;
    QCoreApplication::removeTranslator(&m_translator);
    if (m_translator.load(QStringLiteral(":/i18n/onewindow_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(&m_translator);
    else
        qCWarning(lcKiosk) << "no translation for" << lang;
    m_catalog->setLanguage(lang == Chinese ? QStringLiteral("zh") : QStringLiteral("en"));
    if (m_engine)
        m_engine->retranslate();
    Q_EMIT languageChanged();
    updateIdle();
}

void KioskSession::setElder(bool elder)
{
    if (m_elder == elder)
        return;
    m_elder = elder;
    qCInfo(lcKiosk) << (elder ? "elder mode on" : "elder mode off");
    m_idle.setStretch(elder ? ElderIdleStretch : 1);
    m_form.setOnePerPage(elder);
    m_chooser.setPageSize(elder ? ElderChooserRows : 0);
    Q_EMIT elderChanged();
    updateIdle();
}

void KioskSession::setElderDefault(bool elder)
{
    m_elderDefault = elder;
    setElder(elder);
    Q_EMIT elderChanged();
}

void KioskSession::setClock(const Clock *clock)
{
    m_clock = clock;
    m_idle.setClock(clock);
    m_identity.setClock(clock);
    m_cardReader.setClock(clock);
    m_materials.setClock(clock);
}

void KioskSession::setStore(Store *store, const QString &problem)
{
    m_store = store;
    m_storeProblem = problem;
    Q_EMIT pickupChanged();
    m_rating.setStore(store);
    const bool wasOpening = m_storeOpening;
    m_storeOpening = false;
    // "Wait a moment" is answered now: the citizen may tap again (or reads why not).
    if (wasOpening && !m_submitError.isEmpty())
        setSubmitError(m_store ? QString() : notOpenMessage());
}

void KioskSession::setStoreOpening()
{
    m_store = nullptr;
    m_storeProblem.clear();
    m_storeOpening = true;
    m_rating.setStore(nullptr);
}

QString KioskSession::notOpenMessage() const
{
    return m_storeProblem.isEmpty() ? tr("This kiosk cannot save applications right now.") : m_storeProblem;
}

void KioskSession::push(const QString &screen)
{
    if (m_stack.last() == screen)
        return;
    m_stack.append(screen);
    Q_EMIT screenChanged();
    updateIdle();
}

void KioskSession::openChooser()
{
    push(Choose);
}

void KioskSession::chooseItem(const QString &itemId)
{
    m_guide.setItemId(itemId);
    if (!m_guide.valid()) {
        qCWarning(lcKiosk) << "no item" << itemId;
        m_guide.clear();
        return;
    }
    push(Guide);
}

void KioskSession::startApplication()
{
    if (!m_guide.canStart())
        return;
    m_identity.clear();
    push(Identify);
}

void KioskSession::confirmIdentity()
{
    if (screen() != Identify || !m_identity.valid())
        return;
    // A fresh form each time the identity is confirmed: nothing of an earlier number stays.
    m_form.setItemId(m_guide.itemId());
    m_form.clear();
    m_materials.wipeFieldPictures();
    m_materials.clearProblem();
    m_form.prefillIdentity(m_identity.identity());
    push(Form);
}

void KioskSession::takeFieldPicture(const QString &fieldId, int row, const QStringList &accept)
{
    const FormState *state = m_form.form();
    const Field *field = state ? state->item().field(fieldId) : nullptr;
    if (screen() != Form || !field)
        return;
    m_idle.activity();
    const QString lang = m_language == Chinese ? QStringLiteral("zh") : QStringLiteral("en");
    const QString label = field->label.in(lang);
    if (!m_materials.expectFieldPicture(fieldId, row, label, accept))
        return;
    const QString ref = MaterialsStep::fieldPictureRef(fieldId, row);
    if (m_materials.demoCamera())
        m_materials.capture(ref); // the demonstration camera: the next sample picture, at once
    else if (m_materials.canCapture())
        Q_EMIT pictureRequested(ref, label);
    else
        m_materials.cameraLost(QStringLiteral("no camera for the picture of form field %1").arg(fieldId));
}

void KioskSession::reviewForm()
{
    if (screen() != Form || !m_form.validateAll())
        return;
    m_materials.setForm(m_form.form(), m_identity.fromCard(), m_identity.idNumber());
    push(m_materials.isEmpty() ? Review : Materials);
}

void KioskSession::confirmMaterials()
{
    if (screen() != Materials || !m_materials.checkComplete())
        return;
    push(Review);
}

void KioskSession::openConsent()
{
    if (screen() != Review)
        return;
    setSubmitError({});
    push(Consent);
}

QVariantList KioskSession::reviewRows() const
{
    QVariantList out;
    const FormState *state = m_form.form();
    if (!state)
        return out;
    const QString lang = m_language == Chinese ? QStringLiteral("zh") : QStringLiteral("en");
    for (const FieldGroup &g : state->item().groups) {
        if (!state->groupVisible(g.id))
            continue;
        const int rows = g.repeat ? state->rowCount(g.id) : 1;
        for (int r = 0; r < rows; ++r) {
            const int row = g.repeat ? r : -1;
            QString title = g.title.in(lang);
            if (g.repeat)
                title = QStringLiteral("%1 %2").arg(g.repeat->itemLabel.in(lang)).arg(r + 1);
            for (const Field &f : g.fields) {
                if (!state->fieldVisible(f.id, row))
                    continue;
                const QJsonValue v = state->value(f.id, row);
                if (v.isNull() || v.isUndefined() || (v.isString() && v.toString().isEmpty()))
                    continue;
                // A region reads as its place name (安徽省 滁州市 定远县), not its code.
                QString shown = fieldRules::displayText(f, v, lang);
                // A form's attachment is a picture taken here: said so, never shown on the review.
                if (f.type == FieldType::Attachment)
                    shown = tr("Picture taken");
                if (f.type == FieldType::Region) {
                    const QString place = m_catalog->catalog().regions().fullName(v.toString());
                    if (!place.isEmpty())
                        shown = place;
                }
                out.append(QVariantMap{{QStringLiteral("group"), title},
                                       {QStringLiteral("label"), f.label.in(lang)},
                                       {QStringLiteral("value"), shown}});
            }
        }
    }
    return out;
}

QVariantMap KioskSession::receipt() const
{
    if (m_receipt.isEmpty())
        return m_receipt;
    // The item's name in the language on screen now: the citizen may switch on the receipt.
    QVariantMap out = m_receipt;
    const QString lang = m_language == Chinese ? QStringLiteral("zh") : QStringLiteral("en");
    if (const auto item = m_catalog->catalog().item(out.value(QStringLiteral("itemId")).toString()))
        out.insert(QStringLiteral("item"), item->name.in(lang));
    return out;
}

void KioskSession::setSubmitError(const QString &message)
{
    if (m_submitError == message)
        return;
    m_submitError = message;
    Q_EMIT submitErrorChanged();
}

NewCase KioskSession::caseFromForm() const
{
    const ServiceItem &item = m_form.form()->item();
    NewCase data;
    data.itemCode = item.id;
    data.itemVersion = item.version;
    data.applicantIdNumber = m_identity.idNumber();
    data.formJson = QJsonDocument(m_form.form()->submission()).toJson(QJsonDocument::Compact);
    return data;
}

void KioskSession::agreeAndSubmit()
{
    if (screen() != Consent || !m_form.form() || !m_identity.valid())
        return;
    if (m_storeOpening) {
        qCInfo(lcKiosk) << "submit asked to wait: the case store is still being opened";
        setSubmitError(tr("This kiosk is still getting ready to save applications. Please wait a moment and tap "
                          "again; your answers are kept."));
        return;
    }
    if (!m_store) {
        qCWarning(lcKiosk) << "submit refused: the case store is not open";
        setSubmitError(notOpenMessage());
        return;
    }
    if (m_submitCheck) {
        if (const QString problem = m_submitCheck(); !problem.isEmpty()) {
            setSubmitError(problem);
            return;
        }
    }
    const ServiceItem &item = m_form.form()->item();
    const NewCase data = caseFromForm();
    const Actor actor{m_store->deviceId(), QStringLiteral("citizen")};
    // The case, its materials and its sealed packet in one step: a kiosk switched off or killed
    // in the middle leaves no case or one complete case, never half of one.
    auto submitted = sync::submitApplication(*m_store, m_device, data, actor, [&](const Case &c) {
        return m_materials.attachTo(*m_store, c.number, actor); // the pictures, encrypted with the case
    });
    if (!submitted.ok()) {
        qCWarning(lcKiosk) << "submit failed:" << submitted.error().logDetail;
        setSubmitError(tr("Your application could not be saved on this kiosk: %1 Your answers are still here; "
                          "please ask staff for help or try again.")
                           .arg(submitted.error().userMessage));
        return;
    }
    const Case &c = submitted->submitted;
    qCInfo(lcKiosk) << "case" << c.number << "submitted for" << item.id
                    << (submitted->sealed ? "and sealed for the hub" : "and kept until this kiosk is enrolled");
    m_receipt = QVariantMap{{QStringLiteral("applicant"), c.applicantMasked},
                            {QStringLiteral("itemId"), item.id},
                            {QStringLiteral("number"), c.number},
                            {QStringLiteral("date"), c.createdAt.toLocalTime().date()},
                            {QStringLiteral("promisedDays"), item.promisedLimitDays},
                            {QStringLiteral("onTheSpot"), item.caseKind == QLatin1String("onTheSpot")},
                            {QStringLiteral("sealed"), submitted->sealed.has_value()},
                            {QStringLiteral("receiptCode"), receiptCodeFor(c)}};
    if (m_demo)
        m_lastReceiptCode = m_receipt.value(QStringLiteral("receiptCode")).toString();
    Q_EMIT receiptChanged();
    setSubmitError({});
    // The answers are in the store now; nothing of them stays on screen or in memory.
    m_form.clear();
    m_identity.clear();
    m_materials.wipe();
    m_stack = QStringList{Home, Receipt};
    Q_EMIT screenChanged();
    updateIdle();
    Q_EMIT caseSubmitted(c.number);
}

QVariantMap KioskSession::pickup() const
{
    if (m_pickup.isEmpty())
        return m_pickup;
    QVariantMap out = m_pickup;
    const QString lang = m_language == Chinese ? QStringLiteral("zh") : QStringLiteral("en");
    if (const auto item = m_catalog->catalog().item(out.value(QStringLiteral("itemId")).toString()))
        out.insert(QStringLiteral("item"), item->name.in(lang));
    return out;
}

void KioskSession::offerContinueAtWindow()
{
    if ((screen() != Form && screen() != Review) || !m_form.form())
        return;
    m_pickupError.clear();
    m_pickupConfirming = true;
    Q_EMIT pickupChanged();
}

void KioskSession::cancelContinueAtWindow()
{
    if (!m_pickupConfirming && m_pickupError.isEmpty())
        return;
    m_pickupConfirming = false;
    m_pickupError.clear();
    Q_EMIT pickupChanged();
}

void KioskSession::continueAtWindow()
{
    if ((screen() != Form && screen() != Review) || !m_form.form() || !m_identity.valid())
        return;
    const auto fail = [this](const QString &message) {
        m_pickupError = message;
        Q_EMIT pickupChanged();
    };
    if (!m_store) {
        qCWarning(lcKiosk) << "draft refused: the case store is not open";
        fail(m_storeProblem.isEmpty() ? tr("This kiosk cannot save applications right now.") : m_storeProblem);
        return;
    }
    if (!m_device) {
        // Never an unsigned code: without enrollment there is no key to sign with.
        qCInfo(lcKiosk) << "draft refused: the kiosk is not enrolled";
        fail(tr("This kiosk cannot issue pickup codes yet. Please ask staff for help."));
        return;
    }
    if (m_submitCheck) {
        if (const QString problem = m_submitCheck(); !problem.isEmpty()) {
            fail(problem);
            return;
        }
    }
    const ServiceItem &item = m_form.form()->item();
    const NewCase data = caseFromForm();
    const Actor actor{m_store->deviceId(), QStringLiteral("citizen")};
    // The draft, its materials so far and its signed code in one step: nothing half-saved.
    auto issued = pickup::saveDraftForPickup(
        *m_store, m_device, data, actor, [&](const Case &c) { return m_materials.attachTo(*m_store, c.number, actor); },
        m_clock->now(), m_pickupValidDays);
    if (!issued.ok()) {
        qCWarning(lcKiosk) << "draft not saved:" << issued.error().logDetail;
        fail(tr("Your application could not be saved for the service window: %1 Your answers are still here.")
                 .arg(issued.error().userMessage));
        return;
    }
    qCInfo(lcKiosk) << "draft" << issued->draft.number << "saved for" << item.id << "to continue at the window";
    m_pickupConfirming = false;
    m_pickupError.clear();
    m_pickup = QVariantMap{{QStringLiteral("itemId"), item.id},
                           {QStringLiteral("pickupCode"), QString::fromUtf8(issued->code)},
                           {QStringLiteral("shortCode"), sync::formatShortCode(issued->shortCode)},
                           {QStringLiteral("validUntil"), issued->expiresAt}};
    // The answers are in the store now; nothing of them stays on screen or in memory.
    m_form.clear();
    m_identity.clear();
    m_cardReader.wipe();
    m_materials.wipe();
    m_stack = QStringList{Home, Pickup};
    Q_EMIT pickupChanged();
    Q_EMIT screenChanged();
    updateIdle();
    Q_EMIT draftSaved(issued->draft.number);
}

void KioskSession::clearPickup()
{
    if (m_pickup.isEmpty() && !m_pickupConfirming && m_pickupError.isEmpty())
        return;
    m_pickup.clear();
    m_pickupConfirming = false;
    m_pickupError.clear();
    Q_EMIT pickupChanged();
}

QString KioskSession::receiptCodeFor(const Case &c) const
{
    // Signed with this kiosk's enrolled device key: any kiosk or desk of the county can check it
    // (the hub knows the key). Before enrollment there is nothing to sign with: the receipt then
    // shows the case number only.
    if (!m_device)
        return {};
    auto code = scan::signedCodes::makeCaseReceipt(m_device->signingKey().toDer(),
                                                   {m_device->deviceId(), c.number, m_clock->now().toUTC()});
    if (!code.ok()) {
        qCWarning(lcKiosk) << "receipt not signed:" << code.error().logDetail;
        return {};
    }
    return QString::fromUtf8(*code);
}

void KioskSession::openFeature(const QString &feature)
{
    if (feature == QLatin1String("progress")) {
        m_progress.clear();
        push(Progress);
        return;
    }
    if (feature == QLatin1String("rating")) {
        // From the home tile: the citizen shows a receipt code of this kiosk.
        m_rating.startScan();
        push(Rating);
        return;
    }
    const bool samePage = m_stack.last() == ComingSoon;
    m_pendingFeature = feature;
    push(ComingSoon);
    if (samePage)
        Q_EMIT screenChanged(); // the same page, another feature
}

void KioskSession::rateThisCase()
{
    const QString number = m_receipt.value(QStringLiteral("number")).toString();
    if (screen() != Receipt || number.isEmpty())
        return;
    m_rating.startForCase(number);
    push(Rating);
}

void KioskSession::back()
{
    if (m_stack.size() < 2)
        return;
    // On the form, Back is the previous page first: one Back never loses a page of answers.
    if (screen() == Form && m_form.currentPage() > 0) {
        m_form.back();
        updateIdle();
        return;
    }
    const QString left = m_stack.takeLast();
    if (left == Guide)
        m_guide.clear();
    if (left == ComingSoon)
        m_pendingFeature.clear();
    if (left == Identify) {
        m_identity.clear();
        m_cardReader.wipe();
    }
    if (left == Form) {
        m_form.clear();
        m_materials.wipeFieldPictures();
    }
    if (left == Form || left == Materials)
        m_materials.clearProblem(); // what went wrong there is not about the screen coming back
    if (left == Consent)
        setSubmitError({});
    if (left == Receipt || left == Pickup)
        clearVisit();
    clearPickup(); // a confirmation or refusal belongs to the screen it was asked on
    if (left == Rating)
        m_rating.clear();
    if (m_stack.size() == 1)
        m_chooser.clear(); // home again: the next search starts afresh
    Q_EMIT screenChanged();
    updateIdle();
}

void KioskSession::goHome()
{
    m_chooser.clear();
    m_guide.clear();
    m_pendingFeature.clear();
    clearVisit();
    m_stack = QStringList{Home};
    Q_EMIT screenChanged();
    updateIdle();
}

void KioskSession::lookUpLastReceipt()
{
    if (!hasLastReceipt())
        return;
    if (screen() != Progress)
        openFeature(QStringLiteral("progress"));
    m_progress.lookUp(m_lastReceiptCode);
}

void KioskSession::rateLastReceipt()
{
    if (!hasLastReceipt())
        return;
    if (screen() != Rating)
        openFeature(QStringLiteral("rating"));
    m_rating.acceptCode(m_lastReceiptCode.toUtf8());
}

void KioskSession::handleScan(const QByteArray &payload)
{
    m_idle.activity();
    if (screen() == Progress)
        m_progress.lookUp(QString::fromUtf8(payload));
    else if (screen() == Materials)
        m_materials.acceptCode(payload);
    else if (screen() == Identify)
        m_identity.acceptCode(payload); // an ID number code fills the number as if typed
    else if (screen() == Rating)
        m_rating.acceptCode(payload); // a receipt of this kiosk's case
}

void KioskSession::clearVisit()
{
    m_progress.clear();
    m_rating.clear();
    m_identity.clear();
    m_cardReader.wipe();
    m_materials.wipe();
    m_form.clear();
    setSubmitError({});
    clearPickup();
    if (!m_receipt.isEmpty()) {
        m_receipt.clear();
        Q_EMIT receiptChanged();
    }
}

void KioskSession::wipe()
{
    goHome();
    setLanguage(Chinese);
    setElder(m_elderDefault);
    Q_EMIT wiped();
}

void KioskSession::updateIdle()
{
    // A home screen in Chinese in the default mode holds nothing of anyone: no countdown there.
    m_idle.setActive(m_stack.size() > 1 || m_language != Chinese || m_elder != m_elderDefault);
}

} // namespace ow
