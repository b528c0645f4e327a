#include "WindowDesk.h"

#include "DeskSession.h"
#include "OffThread.h"

#include "catalog/FormState.h"
#include "domain/IdNumber.h"
#include "domain/MaterialCheck.h"
#include "domain/SpecialProcedure.h"
#include "domain/WorkingDayClock.h"
#include "print/Documents.h"
#include "print/PageFormat.h"
#include "scan/Payload.h"
#include "scan/SignedCodes.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSubmission.h"
#include "sync/DraftRelay.h"
#include "sync/DraftSave.h"
#include "sync/EnrolledDevice.h"
#include "sync/HubFeeds.h"
#include "sync/IssueResult.h"
#include "ui/CatalogService.h"
#include "ui/VisitWipe.h"
#include "ui/print/DocumentPainter.h"
#include "ui/print/PrintService.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

// How the window received each material, kept with the case as one attachment beside the scans.
const QString kReceiptsAttachment = QStringLiteral("materialReceipts");

QDate chinaDay(const QDateTime &at)
{
    return at.toTimeZone(QTimeZone(8 * 3600)).date();
}

// The kiosk draft an application continues, kept with the case beside the receipts.
const QString kDraftAttachment = QStringLiteral("kioskDraft");

// An answer of the form's field that the catalog prefills with `prefill` ("identity.name").
QString prefilledAnswer(const FormState &form, const QString &prefill)
{
    for (const FieldGroup &g : form.item().groups) {
        if (g.repeat)
            continue;
        for (const Field &f : g.fields) {
            if (f.prefill == prefill)
                return form.value(f.id).toString().trimmed();
        }
    }
    return {};
}

QByteArray receiptsJson(const QList<MaterialCheck> &materials)
{
    QJsonArray out;
    for (const MaterialCheck &m : materials) {
        QJsonObject o{{QStringLiteral("material"), m.materialId},
                      {QStringLiteral("receipt"), MaterialChecklist::receiptKey(m.receipt)},
                      {QStringLiteral("required"), m.required}};
        if (m.receipt == MaterialReceipt::ELicenceReused)
            o.insert(QStringLiteral("licenceNumber"), m.licenceNumber);
        if (m.receipt == MaterialReceipt::MissingAccepted)
            o.insert(QStringLiteral("dueDate"), m.dueDate.toString(Qt::ISODate));
        if (m.receipt == MaterialReceipt::MissingAccepted || m.receipt == MaterialReceipt::Pledge)
            o.insert(QStringLiteral("pledgeSigned"), m.pledgeSigned);
        out.append(o);
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

} // namespace

WindowDesk::WindowDesk(DeskSession *desk)
    : QObject(desk)
    , m_desk(desk)
{
    m_form.setKiosk(false); // one dense page
    // Conditional materials follow the answers; what was recorded for a material stays.
    connect(&m_form, &FormController::valuesChanged, this, &WindowDesk::fillChecklist);
    // The card reader identifies the applicant only while a clerk is on the acceptance page.
    connect(desk, &DeskSession::pageChanged, this,
            [this] { m_cardReader.setAccepting(m_desk->session() && m_desk->page() == QLatin1String("accept")); });
}

bool WindowDesk::takeCard(const scan::ga467::IdCardData &card)
{
    if (!authorize(Action::AcceptCase))
        return false;
    if (identified()) {
        qCInfo(lcDesk) << "card read while an applicant is on screen: not used";
        setMessage(tr("Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then read the card "
                      "again."),
                   true);
        return false;
    }
    // Copies of our own: the reader overwrites the card's bytes where they are when the next card
    // comes or the case ends, and this applicant stays on screen until then.
    const QString number = QString(card.number.constData(), card.number.size());
    const QString name = QString(card.name.constData(), card.name.size());
    if (!identify(number, name))
        return false; // the number's problem is the message
    m_byCard = true;
    if (m_desk->session())
        m_desk->session()->touch();
    setMessage(tr("Read from the ID card. Check that the card is the applicant's, then choose the service item."),
               false);
    Q_EMIT applicantChanged();
    return true;
}

QString WindowDesk::applicantMasked() const
{
    return m_idNumber.isEmpty() ? QString() : idNumber::masked(m_idNumber);
}

void WindowDesk::setMessage(const QString &message, bool isError)
{
    m_message = message;
    m_messageIsError = isError;
    Q_EMIT messageChanged();
}

void WindowDesk::clearMessage()
{
    setMessage({}, false);
}

bool WindowDesk::authorize(Action action)
{
    Session *session = m_desk->session();
    if (!session)
        return false;
    const Status allowed = m_desk->authorizer().authorize(*session, action, {});
    if (allowed.ok())
        return true;
    if (session->isExpired(m_desk->clock().now()))
        m_desk->checkIdle();
    else
        setMessage(allowed.error().userMessage, true);
    return false;
}

QString WindowDesk::idNumberProblem(const QString &normalizedNumber, const QDate &today)
{
    switch (idNumber::check(normalizedNumber, today)) {
    case idNumber::Problem::None:
        return {};
    case idNumber::Problem::CheckDigit:
        return tr("The ID number's last character does not match: please check the number.");
    case idNumber::Problem::BirthDate:
        return tr("The ID number does not hold a real date of birth: please check the number.");
    case idNumber::Problem::Length:
    case idNumber::Problem::Characters:
        break;
    }
    return tr("A resident ID number has 18 characters: 17 digits and a digit or X.");
}

bool WindowDesk::identify(const QString &number, const QString &name)
{
    const QString normalized = idNumber::normalized(number);
    const QDate today = m_desk->clock().now().toTimeZone(QTimeZone(8 * 3600)).date();
    if (name.trimmed().isEmpty()) {
        setMessage(tr("Enter the applicant's name as on the ID card."), true);
        return false;
    }
    if (const QString problem = idNumberProblem(normalized, today); !problem.isEmpty()) {
        setMessage(problem, true);
        return false;
    }
    m_idNumber = normalized;
    m_name = name.trimmed();
    m_byCard = false;
    clearMessage();
    Q_EMIT applicantChanged();
    if (m_form.form()) {
        m_form.prefillIdentity({{QStringLiteral("name"), m_name}, {QStringLiteral("idNumber"), m_idNumber}});
        reloadForm();
    }
    return true;
}

void WindowDesk::reloadForm()
{
    ++m_formGeneration;
    Q_EMIT formReloaded();
}

void WindowDesk::chooseItem(const QString &itemId)
{
    m_form.setItemId(itemId);
    if (identified())
        m_form.prefillIdentity({{QStringLiteral("name"), m_name}, {QStringLiteral("idNumber"), m_idNumber}});
    fillChecklist();
    clearMessage();
    Q_EMIT itemChanged();
}

void WindowDesk::fillChecklist()
{
    const QList<MaterialCheck> before = m_materials.materials();
    const auto recorded = [&before](const QString &id, const QString &name, bool required) {
        for (const MaterialCheck &m : before) {
            if (m.materialId == id) {
                MaterialCheck kept = m;
                kept.required = required;
                return kept;
            }
        }
        return MaterialCheck{id, name, required, MaterialReceipt::Unchecked, {}, {}, {}, false};
    };
    QList<MaterialCheck> rows;
    const FormState *form = m_form.form();
    if (form) {
        const QString language = CatalogService::instance() ? CatalogService::instance()->language() : QString();
        for (const Material *m : form->requiredMaterials())
            rows.append(recorded(m->id, m->name.in(language), true));
        for (const Material *m : form->optionalMaterials())
            rows.append(recorded(m->id, m->name.in(language), false));
    }
    bool same = rows.size() == before.size();
    for (int i = 0; same && i < rows.size(); ++i)
        same = rows.at(i).materialId == before.at(i).materialId && rows.at(i).required == before.at(i).required;
    if (same)
        return;
    m_materials.setToday(m_desk->clock().now().toTimeZone(QTimeZone(8 * 3600)).date());
    m_materials.setMaterials(rows);
}

bool WindowDesk::takeScan(const QByteArray &payload)
{
    if (payload.startsWith("OWP1|")) { // a kiosk's pickup slip
        takeOver(QString::fromLatin1(payload));
        return true;
    }
    if (!authorize(Action::AcceptCase))
        return false;
    scan::ClassifyContext context;
    context.now = m_desk->clock().now().toUTC();
    const scan::Classification code = scan::classify(payload, context);
    if (code.kind != scan::PayloadKind::ResidentId || !code.accepted()) {
        qCInfo(lcDesk) << "scanned code not used at the window:" << payload.size() << "bytes, kind"
                       << static_cast<int>(code.kind);
        setMessage(code.kind == scan::PayloadKind::ResidentId
                       ? tr("The scanned ID number is not valid: please check the citizen's ID card.")
                       : tr("This code is neither a resident ID number nor a kiosk's pickup code."),
                   true);
        return false;
    }
    if (identified()) {
        setMessage(tr("Another applicant is on screen. Choose “Next citizen” (Ctrl+N) first, then scan the code "
                      "again."),
                   true);
        return false;
    }
    if (m_desk->session())
        m_desk->session()->touch();
    Q_EMIT idNumberScanned(std::get<scan::ResidentIdInfo>(code.details).number);
    setMessage(tr("ID number read from the code. Enter the applicant's name as on the ID card."), false);
    return true;
}

void WindowDesk::takeOver(const QString &pickupCode)
{
    if (m_takingOver || !authorize(Action::TakeOverKioskDraft))
        return;
    if (!m_store) {
        setMessage(tr("This desk cannot save applications: its store is not open."), true);
        return;
    }
    if (!m_device || !m_hub) {
        qCInfo(lcDesk) << "takeover refused:" << (m_device ? "no hub configured" : "the desk is not enrolled");
        setMessage(tr("This desk is not connected to the county hub, so it cannot fetch applications saved at "
                      "kiosks. Please fill the application in here."),
                   true);
        return;
    }
    const QString text = pickupCode.trimmed();
    // A scanner gun types the QR's whole signed code; its short code is derived from it.
    const QString shortCode =
        text.startsWith(QLatin1String("OWP1|")) ? sync::pickupShortCode(text.toUtf8()) : sync::normaliseShortCode(text);
    static const QRegularExpression shape(QStringLiteral("^[2-9A-HJ-NP-Z]{8}$"));
    if (!shape.match(shortCode).hasMatch()) {
        qCInfo(lcDesk) << "takeover refused: not a pickup code," << text.size() << "characters";
        setMessage(tr("This is not a pickup code. Type the 8 letters and digits under the QR code of the pickup "
                      "slip (for example ABCD-EFGH), or scan the QR code."),
                   true);
        return;
    }
    crypto::PrivateKey key = m_takeKeys.value(shortCode);
    if (key.isNull()) {
        auto made = crypto::PrivateKey::generate(m_device->cryptoSuite(), crypto::KeyUse::Encryption);
        if (!made.ok()) {
            qCWarning(lcDesk) << "takeover key not made:" << made.error().logDetail;
            setMessage(made.error().userMessage, true);
            return;
        }
        key = std::move(made).value();
        m_takeKeys.insert(shortCode, key);
    }
    const Operator &op = m_desk->session()->op();
    // The role the Authorizer allowed this with; the hub checks it again.
    const QString roleKey = role::key(op.hasRole(Role::WindowClerk)     ? Role::WindowClerk
                                      : op.hasRole(Role::VillageHelper) ? Role::VillageHelper
                                                                        : op.roles.value(0));
    m_takingOver = true;
    Q_EMIT takingOverChanged();
    setMessage(tr("Fetching the application saved at the kiosk…"), false);
    sync::Transport *hub = m_hub;
    const sync::EnrolledDevice *device = m_device;
    const Clock *clock = &m_desk->clock();
    runOffThread(
        this,
        [hub, device, clock, shortCode, name = op.id, roleKey, key] {
            return sync::takeOverDraft(*hub, *device, *clock, shortCode, name, roleKey, key);
        },
        [this](sync::TakeReply reply) {
            m_takingOver = false;
            Q_EMIT takingOverChanged();
            if (!reply.ok()) {
                qCInfo(lcDesk) << "takeover failed:" << reply.result.error().logDetail;
                setMessage(reply.result.error().userMessage, true);
                return;
            }
            openDraft(std::move(reply.result).value());
        });
}

void WindowDesk::openDraft(sync::TakenDraft draft)
{
    // Whatever was on screen belongs to another citizen.
    clear();
    chooseItem(draft.itemId);
    if (!m_form.form()) {
        qCWarning(lcDesk) << "taken-over draft" << draft.draftId << "is for item" << draft.itemId
                          << "which this desk's catalog lacks";
        setMessage(tr("The application %1 is for a service item this desk does not have. Please ask the "
                      "administrator to update the catalog.")
                       .arg(draft.draftId),
                   true);
        return;
    }
    m_form.restoreAnswers(draft.form);
    m_takenDraft = draft.draftId;
    m_takenFrom = draft.kioskId;
    // The applicant as the kiosk identified them; the clerk checks the card as always.
    const QString number = idNumber::normalized(prefilledAnswer(*m_form.form(), QStringLiteral("identity.idNumber")));
    const QString name = prefilledAnswer(*m_form.form(), QStringLiteral("identity.name"));
    const QDate today = m_desk->clock().now().toTimeZone(QTimeZone(8 * 3600)).date();
    const bool identifiedAtKiosk = !name.isEmpty() && idNumber::check(number, today) == idNumber::Problem::None;
    if (identifiedAtKiosk) {
        m_idNumber = number;
        m_name = name;
    }
    fillChecklist();
    int attached = 0;
    for (crypto::PacketMaterial &m : draft.materials) {
        const int row = m_materials.rowOf(m.name);
        if (row < 0) {
            qCInfo(lcDesk) << "kiosk material" << m.name << "is not one this item asks for; left out";
        } else if (const QString problem = m_materials.attachScanData(row, m.data); !problem.isEmpty()) {
            qCInfo(lcDesk) << "kiosk material" << m.name << "not attached:" << problem;
        } else {
            ++attached;
        }
        m.data.fill('\0');
    }
    reloadForm();
    Q_EMIT applicantChanged();
    qCInfo(lcDesk) << "draft" << m_takenDraft << "of kiosk" << m_takenFrom << "opened with" << attached
                   << "scans attached";
    setMessage(identifiedAtKiosk
                   ? tr("Application %1 from the kiosk is open, with %n picture(s) attached as scans. Check "
                        "the answers and each material with the citizen, then accept.",
                        "", attached)
                         .arg(m_takenDraft)
                   : tr("Application %1 from the kiosk is open, with %n picture(s) attached as scans. "
                        "Identify the applicant, check the answers and each material, then accept.",
                        "", attached)
                         .arg(m_takenDraft),
               false);
}

bool WindowDesk::readyToStore()
{
    if (!m_store) {
        setMessage(tr("This desk cannot save applications: its store is not open."), true);
        return false;
    }
    if (!identified()) {
        setMessage(tr("Identify the applicant first: type the ID number and the name."), true);
        return false;
    }
    if (!m_form.form()) {
        setMessage(tr("Choose the service item first."), true);
        return false;
    }
    return true;
}

bool WindowDesk::accept()
{
    if (!authorize(Action::AcceptCase) || !readyToStore())
        return false;
    if (!m_form.validateAll()) {
        setMessage(tr("The form is not complete: %n answer(s) are missing or wrong (marked in red).", "",
                      m_form.problemCount()),
                   true);
        return false;
    }
    const QDate today = m_desk->clock().now().toTimeZone(QTimeZone(8 * 3600)).date();
    // The checklist follows the form's answers (conditional materials).
    const auto state = materialChecks::acceptanceState(m_materials.materials(), today);
    if (!state.ok()) {
        qCInfo(lcDesk) << "acceptance refused:" << state.error().logDetail;
        m_materials.showProblems();
        setMessage(state.error().userMessage, true);
        return false;
    }
    const ServiceItem &item = m_form.form()->item();
    NewCase data;
    data.itemCode = item.id;
    data.itemVersion = item.version;
    data.applicantIdNumber = m_idNumber;
    data.formJson = QJsonDocument(m_form.form()->submission()).toJson(QJsonDocument::Compact);
    const Actor actor = m_desk->session()->op().actor();
    const QList<MaterialCheck> materials = m_materials.materials();
    const QString takenDraft = m_takenDraft;
    const QString takenFrom = m_takenFrom;
    // The case, its scans, how each material was received and (enrolled) its sealed packet in one
    // step; then the acceptance.
    auto submitted = sync::submitApplication(*m_store, m_device, data, actor, [&](const Case &c) -> Status {
        for (const MaterialCheck &m : materials) {
            if (m.receipt != MaterialReceipt::ScanAttached)
                continue;
            auto added =
                m_store->attachments().add(c.number, m.materialId, m_materials.scanMime(m.materialId), m.scan, actor);
            if (!added.ok())
                return added.error();
        }
        auto added = m_store->attachments().add(c.number, kReceiptsAttachment, QStringLiteral("application/json"),
                                                receiptsJson(materials), actor);
        if (!added.ok())
            return added.error();
        if (!takenDraft.isEmpty()) {
            const QJsonObject from{{QStringLiteral("draftId"), takenDraft}, {QStringLiteral("kioskId"), takenFrom}};
            auto linked = m_store->attachments().add(c.number, kDraftAttachment, QStringLiteral("application/json"),
                                                     QJsonDocument(from).toJson(QJsonDocument::Compact), actor);
            if (!linked.ok())
                return linked.error();
        }
        return {};
    });
    if (!submitted.ok()) {
        qCWarning(lcDesk) << "application not stored:" << submitted.error().logDetail;
        setMessage(submitted.error().userMessage, true);
        return false;
    }
    const QString number = submitted->submitted.number;
    auto accepted = m_store->cases().transition(number, *state, actor, QString());
    if (!accepted.ok()) {
        // The application is stored and (enrolled) sealed; only the acceptance step failed.
        qCWarning(lcDesk) << "case stored but not accepted:" << accepted.error().logDetail;
        setMessage(accepted.error().userMessage, true);
        return false;
    }
    qCInfo(lcDesk) << "case accepted as" << caseState::key(*state) << (m_device ? "and sealed" : "(not enrolled)");
    const QString printProblem = printPapers(number);
    const QString notice = m_lastNotice;
    const QString receipt = m_lastReceipt;
    clear();
    m_lastCase = number;
    m_lastNotice = notice;
    m_lastReceipt = receipt;
    if (!printProblem.isEmpty()) {
        // The case is accepted and kept; only the paper failed. Nothing is accepted again: the
        // papers are printed again from the stored case.
        m_printFailed = true;
        setMessage(tr("Accepted: case %1. The acceptance notice and the materials receipt were not printed: %2")
                       .arg(number, printProblem),
                   true);
        return true;
    }
    setMessage(*state == CaseState::AcceptedPendingMaterials
                   ? tr("Accepted with materials to follow (容缺受理): case %1.").arg(number)
               : *state == CaseState::AcceptedOnPledge ? tr("Accepted on the applicant's pledge: case %1.").arg(number)
                                                       : tr("Accepted: case %1.").arg(number),
               false);
    return true;
}

bool WindowDesk::refuse(const QString &reason)
{
    if (!authorize(Action::RefuseCase) || !readyToStore())
        return false;
    if (reason.trimmed().isEmpty()) {
        setMessage(tr("Give the reason for not accepting: it is written on the refusal notice."), true);
        return false;
    }
    const ServiceItem &item = m_form.form()->item();
    NewCase data;
    data.itemCode = item.id;
    data.itemVersion = item.version;
    data.applicantIdNumber = m_idNumber;
    data.formJson = QJsonDocument(m_form.form()->submission()).toJson(QJsonDocument::Compact);
    const Actor actor = m_desk->session()->op().actor();
    // Kept on this desk: a refused application is not sent to a department.
    auto submitted = sync::submitApplication(*m_store, nullptr, data, actor);
    if (!submitted.ok()) {
        setMessage(submitted.error().userMessage, true);
        return false;
    }
    auto refused =
        m_store->cases().transition(submitted->submitted.number, CaseState::Refused, actor, reason.trimmed());
    if (!refused.ok()) {
        setMessage(refused.error().userMessage, true);
        return false;
    }
    const QString number = submitted->submitted.number;
    qCInfo(lcDesk) << "case refused as" << number;
    const QString printProblem = printPapers(number);
    const QString notice = m_lastNotice;
    clear();
    m_lastCase = number;
    m_lastNotice = notice;
    m_lastPapersRefusal = true;
    if (!printProblem.isEmpty()) {
        // The refusal is kept; only the paper failed: printed again from the stored case.
        m_printFailed = true;
        setMessage(
            tr("Not accepted (不予受理): case %1. The refusal notice was not printed: %2").arg(number, printProblem),
            true);
        return true;
    }
    setMessage(tr("Not accepted (不予受理): case %1, with your reason.").arg(number), false);
    return true;
}

QString WindowDesk::printerName() const
{
    return m_print ? m_print->printerName() : QString();
}

void WindowDesk::setPrinterName(const QString &name)
{
    if (!m_print || m_print->printerName() == name.trimmed())
        return;
    m_print->setPrinterName(name);
    Q_EMIT printerChanged();
}

void WindowDesk::setPrintService(print::PrintService *service)
{
    m_print = service;
    if (m_print)
        m_print->setPageFormat(QStringLiteral("a4"));
    Q_EMIT printerChanged();
}

QString WindowDesk::printPapers(const QString &number)
{
    m_lastNotice.clear();
    m_lastReceipt.clear();
    const bool printing = m_print && m_print->printerConfigured();
    if (!m_store || (m_noticeDir.isEmpty() && !printing))
        return {};
    auto found = m_store->cases().findByNumber(number);
    if (!found.ok() || !found->has_value()) {
        qCWarning(lcDesk) << "papers of" << number << "not made: case not found";
        return tr("Case %1 is not on this desk.").arg(number);
    }
    const Case c = **found;
    m_lastPapersRefusal = c.state == CaseState::Refused;
    if (m_lastPapersRefusal)
        return printRefusal(c);
    // How each material was received, as recorded when the case was accepted.
    auto attachments = m_store->attachments().forCase(number);
    if (!attachments.ok()) {
        qCWarning(lcDesk).noquote() << "papers of" << number << "not made:" << attachments.error().logDetail;
        return attachments.error().userMessage;
    }
    const Actor actor = m_desk->session() ? m_desk->session()->op().actor() : Actor{};
    QJsonArray receipts;
    bool recorded = false;
    for (const Attachment &a : *attachments) {
        if (a.material != kReceiptsAttachment)
            continue;
        auto content = m_store->attachments().content(a.id, actor, QStringLiteral("print the acceptance papers"));
        if (!content.ok()) {
            qCWarning(lcDesk).noquote() << "papers of" << number << "not made:" << content.error().logDetail;
            return content.error().userMessage;
        }
        receipts = QJsonDocument::fromJson(*content).array();
        recorded = true;
    }
    if (!recorded) {
        qCInfo(lcDesk) << "papers of" << number << "not made: no materials recorded at a window";
        return tr("Case %1 was not accepted at a window: it has no acceptance notice.").arg(number);
    }
    const QString language = CatalogService::instance() ? CatalogService::instance()->language() : QString();
    const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(c.itemCode) : nullptr;
    const QString clerk = m_desk->session() ? m_desk->session()->op().displayName : QString();
    print::AcceptanceNoticeData notice;
    print::MaterialsReceiptData receipt;
    notice.issuer = receipt.issuer = m_print ? m_print->issuer() : QString();
    notice.itemName = receipt.itemName = item ? item->name.in(language) : c.itemCode;
    notice.department = item ? item->department.name.in(language) : QString();
    notice.applicantMasked = receipt.applicantMasked = c.applicantMasked;
    notice.caseNumber = receipt.caseNumber = number;
    notice.accepted = receipt.received = c.createdAt.toTimeZone(QTimeZone(8 * 3600)).date();
    receipt.receivedBy = clerk;
    notice.onTheSpot = item && item->caseKind == QLatin1String("onTheSpot");
    notice.promisedWorkingDays = item ? item->promisedLimitDays : 0;
    for (const QJsonValue &v : receipts) {
        const QJsonObject o = v.toObject();
        const QString id = o.value(QStringLiteral("material")).toString();
        QString name = id;
        if (item) {
            for (const Material &m : item->materials) {
                if (m.id == id)
                    name = m.name.in(language);
            }
        }
        print::ReceivedMaterial r;
        r.name = name;
        r.required = o.value(QStringLiteral("required")).toBool();
        r.how = MaterialChecklist::receiptFromKey(o.value(QStringLiteral("receipt")).toString())
                    .value_or(MaterialReceipt::Unchecked);
        r.licenceNumber = o.value(QStringLiteral("licenceNumber")).toString();
        r.broughtBy = QDate::fromString(o.value(QStringLiteral("dueDate")).toString(), Qt::ISODate);
        receipt.materials.append(r);
        if (r.how == MaterialReceipt::Unchecked)
            continue;
        if (r.how == MaterialReceipt::Pledge)
            notice.pledged = true;
        // The notice says it as the receipt does.
        notice.materials.append(
            {name, r.how == MaterialReceipt::MissingAccepted ? tr("missing, accepted (容缺)") : print::receivedHow(r),
             r.how == MaterialReceipt::MissingAccepted ? r.broughtBy : QDate()});
    }
    // The citizen's receipt code, signed with this desk's device key: any kiosk of the county
    // shows the case's progress when it is scanned. A desk not enrolled has nothing to sign with.
    if (m_device) {
        auto code = scan::signedCodes::makeCaseReceipt(m_device->signingKey().toDer(),
                                                       {m_device->deviceId(), number, m_desk->clock().now().toUTC()});
        if (code.ok())
            notice.receiptCode = *code;
        else
            qCWarning(lcDesk) << "receipt code not signed:" << code.error().logDetail;
    }
    auto noticeDoc = print::acceptanceNotice(notice);
    if (!noticeDoc.ok()) {
        qCWarning(lcDesk) << "acceptance notice not built:" << noticeDoc.error().logDetail;
        return noticeDoc.error().userMessage;
    }
    auto receiptDoc = print::materialsReceipt(receipt);
    if (!receiptDoc.ok()) {
        qCWarning(lcDesk) << "materials receipt not built:" << receiptDoc.error().logDetail;
        return receiptDoc.error().userMessage;
    }
    return outputPapers(number, {{&*noticeDoc, QString()}, {&*receiptDoc, QStringLiteral("-materials")}});
}

QString WindowDesk::printRefusal(const Case &c)
{
    // The reason, as the clerk typed it when the case was refused.
    auto events = m_store->cases().events(c.number);
    if (!events.ok()) {
        qCWarning(lcDesk).noquote() << "refusal notice of" << c.number << "not made:" << events.error().logDetail;
        return events.error().userMessage;
    }
    const QString refused = caseState::key(CaseState::Refused);
    print::RefusalNoticeData notice;
    for (const CaseEvent &e : *events) {
        if (e.toState == refused && e.fromState != refused) {
            notice.reason = e.note;
            notice.refused = chinaDay(e.at);
        }
    }
    const QString language = CatalogService::instance() ? CatalogService::instance()->language() : QString();
    const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(c.itemCode) : nullptr;
    notice.issuer = m_print ? m_print->issuer() : QString();
    notice.itemName = item ? item->name.in(language) : c.itemCode;
    notice.department = item ? item->department.name.in(language) : QString();
    notice.applicantMasked = c.applicantMasked;
    notice.caseNumber = c.number;
    notice.refusedBy = m_desk->session() ? m_desk->session()->op().displayName : QString();
    auto doc = print::refusalNotice(notice);
    if (!doc.ok()) {
        qCWarning(lcDesk) << "refusal notice not built:" << doc.error().logDetail;
        return doc.error().userMessage;
    }
    return outputPapers(c.number, {{&*doc, QStringLiteral("-refusal")}});
}

QString WindowDesk::printerProblem(const Error &error)
{
    // The printer's own messages are written for the citizen at a kiosk ("please tell staff"):
    // at the window the clerk is the staff, and is told what to check.
    if (error.code == ErrorCode::Io)
        return tr("the printer is not ready (out of paper, a paper jam or an open cover). Check the printer, then "
                  "choose “Print again”.");
    if (error.code == ErrorCode::NotFound)
        return tr("the printer is not connected or not set up. Check its cable and power and the printer named for "
                  "this desk (--printer), then choose “Print again”.");
    return error.userMessage;
}

QString WindowDesk::outputPapers(const QString &number,
                                 const QList<std::pair<const print::PrintDocument *, QString>> &docs)
{
    // The PDF files first: they are the desk's copy whatever the printer does.
    if (!m_noticeDir.isEmpty()) {
        if (!QDir().mkpath(m_noticeDir)) {
            qCWarning(lcDesk) << "notice folder not created";
            return tr("The folder for notices cannot be created.");
        }
        QStringList paths;
        for (const auto &[doc, suffix] : docs) {
            const QString path = QDir(m_noticeDir).filePath(number + suffix + QStringLiteral(".pdf"));
            const Status written = print::writePdf(*doc, print::PageFormat::a4(), path);
            if (!written.ok()) {
                qCWarning(lcDesk) << doc->kind << "not written:" << written.error().logDetail;
                return written.error().userMessage;
            }
            paths << path;
        }
        m_lastNotice = paths.value(0);
        m_lastReceipt = paths.value(1);
    }
    if (m_print && m_print->printerConfigured()) {
        for (const auto &[doc, suffix] : docs) {
            const Status printed = m_print->printDocument(*doc);
            if (!printed.ok()) {
                qCWarning(lcDesk) << doc->kind << "of" << number << "not printed";
                return printerProblem(printed.error());
            }
            qCInfo(lcDesk) << doc->kind << "of" << number << "printed";
        }
    }
    return {};
}

bool WindowDesk::reprint(const QString &caseNumber)
{
    if (!authorize(Action::AcceptCase))
        return false;
    const QString number = caseNumber.trimmed();
    if (number.isEmpty()) {
        setMessage(tr("Type the case number whose papers are to be printed again."), true);
        return false;
    }
    const QString problem = printPapers(number);
    m_lastCase = number;
    if (!problem.isEmpty()) {
        m_printFailed = true;
        setMessage(tr("The papers of case %1 were not printed: %2").arg(number, problem), true);
        return false;
    }
    m_printFailed = false;
    const bool printing = m_print && m_print->printerConfigured();
    if (m_lastPapersRefusal)
        setMessage(printing
                       ? tr("Printed again: the refusal notice of case %1.").arg(number)
                       : tr("No printer is set up: the refusal notice of case %1 was saved as a PDF file.").arg(number),
                   false);
    else
        setMessage(printing
                       ? tr("Printed again: the acceptance notice and the materials receipt of case %1.").arg(number)
                       : tr("No printer is set up: the acceptance notice and the materials receipt of case %1 were "
                            "saved as PDF files.")
                             .arg(number),
                   false);
    return true;
}

void WindowDesk::clear()
{
    if (m_byCard) {
        // What was read from the card is overwritten, with every copy that shares it (the form's
        // prefill), not only let go.
        visitWipe::text(m_idNumber);
        visitWipe::text(m_name);
    }
    m_idNumber.clear();
    m_name.clear();
    m_byCard = false;
    m_cardReader.wipe(); // the card's bytes (text and photo) overwritten
    m_takenDraft.clear();
    m_takenFrom.clear();
    m_takeKeys.clear();
    m_form.clear(); // the answers go; the item stays for the next citizen
    m_materials.setMaterials({});
    fillChecklist();
    reloadForm();
    m_lastCase.clear();
    m_lastNotice.clear();
    m_lastReceipt.clear();
    m_printFailed = false;
    m_lastPapersRefusal = false;
    clearMessage();
    Q_EMIT applicantChanged();
    Q_EMIT itemChanged();
}

void WindowDesk::refreshToIssue()
{
    QVariantList rows;
    int waiting = 0;
    if (m_store) {
        QList<Case> decided;
        for (CaseState state : {CaseState::Approved, CaseState::Denied}) {
            auto found = m_store->cases().byState(state);
            if (!found.ok()) {
                qCWarning(lcDesk).noquote() << "cases to issue not read:" << found.error().logDetail;
                continue;
            }
            decided += *found;
        }
        std::sort(decided.begin(), decided.end(),
                  [](const Case &a, const Case &b) { return a.updatedAt < b.updatedAt; });
        const QString language =
            CatalogService::instance() ? CatalogService::instance()->language() : QStringLiteral("zh");
        for (const Case &c : decided) {
            const auto item =
                CatalogService::instance() ? CatalogService::instance()->catalog().item(c.itemCode) : nullptr;
            rows << QVariantMap{
                {QStringLiteral("number"), c.number},
                {QStringLiteral("itemName"), item ? item->name.in(language) : c.itemCode},
                {QStringLiteral("approved"), c.state == CaseState::Approved},
                {QStringLiteral("decision"), caseState::label(c.state)},
                {QStringLiteral("applicant"), c.applicantMasked},
                {QStringLiteral("decidedAt"),
                 c.updatedAt.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd HH:mm"))}};
        }
        auto pending = m_store->outbox().pendingCount();
        waiting = pending.ok() ? static_cast<int>(*pending) : 0;
    }
    m_toIssue = rows;
    m_waitingToSend = waiting;
    m_suspended = suspendedRows();
    Q_EMIT toIssueChanged();
    refreshToCorrect();
}

QString WindowDesk::pausedClock(const Case &c, const QList<CaseEvent> &events, const QString &since) const
{
    // The clock starts when the case was received; it stopped each time the department asked for
    // a correction or began a special procedure, and ran again after.
    const QString paused1 = caseState::key(CaseState::CorrectionRequested);
    const QString paused2 = caseState::key(CaseState::Suspended);
    QDate received;
    QList<QPair<QDate, QDate>> pauses;
    for (const CaseEvent &e : events) {
        if (e.toState.isEmpty() || e.toState == e.fromState)
            continue;
        if (!received.isValid() && e.toState == caseState::key(CaseState::Received))
            received = chinaDay(e.at);
        const bool pausing = e.toState == paused1 || e.toState == paused2;
        const bool wasPaused = e.fromState == paused1 || e.fromState == paused2;
        if (pausing && !wasPaused)
            pauses.append({chinaDay(e.at), QDate()});
        else if (!pausing && wasPaused && !pauses.isEmpty() && pauses.last().second.isNull())
            pauses.last().second = chinaDay(e.at);
    }
    if (!received.isValid())
        received = chinaDay(c.createdAt);
    const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(c.itemCode) : nullptr;
    if (!m_calendar || !item || item->promisedLimitDays <= 0)
        return tr("Clocks paused since %1").arg(since);
    WorkingDayClock promised(*m_calendar, received, item->promisedLimitDays);
    for (const auto &p : pauses) {
        promised.pause(p.first);
        if (!p.second.isNull())
            promised.resume(p.second);
    }
    return tr("Clocks paused since %1 · %2 of %3 working days left")
        .arg(since)
        .arg(promised.daysLeft(chinaDay(m_desk->clock().now())))
        .arg(item->promisedLimitDays);
}

QVariantList WindowDesk::suspendedRows()
{
    if (!m_store)
        return {};
    auto found = m_store->cases().byState(CaseState::Suspended);
    if (!found.ok()) {
        qCWarning(lcDesk).noquote() << "cases in a special procedure not read:" << found.error().logDetail;
        return {};
    }
    const QString language = CatalogService::instance() ? CatalogService::instance()->language() : QStringLiteral("zh");
    QList<std::pair<QDateTime, QVariantMap>> out;
    for (const Case &c : *found) {
        auto events = m_store->cases().events(c.number);
        if (!events.ok()) {
            qCWarning(lcDesk).noquote() << "history of" << c.number << "not read:" << events.error().logDetail;
            continue;
        }
        // When the procedure began. The event's note is the reviewer's reason, which the window
        // does not show: the reason is for the department's reviewers.
        QDateTime began = c.updatedAt;
        for (const CaseEvent &e : *events) {
            if (e.toState == caseState::key(CaseState::Suspended) && e.fromState != e.toState)
                began = e.at;
        }
        const QString since = chinaDay(began).toString(Qt::ISODate);
        const QString key = c.number + QLatin1Char('|') + began.toUTC().toString(Qt::ISODate);
        QString procedure = tr("Special procedure (特别程序)");
        const auto known = m_procedures.constFind(key);
        if (known != m_procedures.constEnd()) {
            const auto kind = specialProcedure::fromKey(known->first);
            const QDate end = QDate::fromString(known->second, Qt::ISODate);
            if (kind && end.isValid())
                procedure = tr("Special procedure (%1) · expected to end on %2")
                                .arg(specialProcedure::label(*kind), end.toString(Qt::ISODate));
        } else if (m_device && m_hub) {
            askProcedure(c.number, key);
        }
        const auto item = CatalogService::instance() ? CatalogService::instance()->catalog().item(c.itemCode) : nullptr;
        out.append({began, QVariantMap{{QStringLiteral("number"), c.number},
                                       {QStringLiteral("itemName"), item ? item->name.in(language) : c.itemCode},
                                       {QStringLiteral("applicant"), c.applicantMasked},
                                       {QStringLiteral("procedure"), procedure},
                                       {QStringLiteral("clock"), pausedClock(c, *events, since)}}});
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QVariantList rows;
    for (const auto &r : out)
        rows << r.second;
    return rows;
}

void WindowDesk::askProcedure(const QString &number, const QString &key)
{
    if (m_askingProcedure.contains(key))
        return;
    // The window asks as any kiosk does, with a receipt code it signs for its own case: the
    // progress answer names the procedure's kind and expected end, never its reason.
    auto code = scan::signedCodes::makeCaseReceipt(m_device->signingKey().toDer(),
                                                   {m_device->deviceId(), number, m_desk->clock().now().toUTC()});
    if (!code.ok()) {
        qCWarning(lcDesk) << "special procedure of" << number
                          << "not asked: receipt code not signed:" << code.error().logDetail;
        return;
    }
    m_askingProcedure.insert(key);
    sync::Transport *hub = m_hub;
    const sync::EnrolledDevice *device = m_device;
    const Clock *clock = &m_desk->clock();
    runOffThread(
        this,
        [hub, device, clock, receipt = QString::fromUtf8(*code)] {
            return sync::queryProgress(*hub, *device, *clock, receipt);
        },
        [this, number, key](Result<protocol::ProgressAnswer> answer) {
            m_askingProcedure.remove(key);
            if (!answer.ok()) {
                qCInfo(lcDesk).noquote() << "special procedure of" << number
                                         << "not known yet:" << answer.error().logDetail;
                return;
            }
            for (const protocol::ProgressStep &step : answer->steps) {
                if (step.state == CaseState::Suspended && !step.procedureKind.isEmpty())
                    m_procedures.insert(key, {step.procedureKind, step.expectedEnd});
            }
            if (!m_procedures.contains(key))
                return; // not asked again until the list is read again
            m_suspended = suspendedRows();
            Q_EMIT toIssueChanged();
        });
}

void WindowDesk::refreshToCorrect()
{
    QVariantList rows;
    if (m_store) {
        auto found = m_store->cases().byState(CaseState::CorrectionRequested);
        if (!found.ok())
            qCWarning(lcDesk).noquote() << "cases to correct not read:" << found.error().logDetail;
        const QString language =
            CatalogService::instance() ? CatalogService::instance()->language() : QStringLiteral("zh");
        struct Row
        {
            QDateTime askedAt;
            QVariantMap row;
        };
        QList<Row> out;
        for (const Case &c : found.ok() ? *found : QList<Case>{}) {
            auto events = m_store->cases().events(c.number);
            if (!events.ok()) {
                qCWarning(lcDesk).noquote() << "history of" << c.number << "not read:" << events.error().logDetail;
                continue;
            }
            QDateTime askedAt;
            QString missing;
            for (const CaseEvent &e : *events) {
                if (e.toState == caseState::key(CaseState::CorrectionRequested) && e.fromState != e.toState) {
                    askedAt = e.at;
                    missing = e.note;
                }
            }
            const auto item =
                CatalogService::instance() ? CatalogService::instance()->catalog().item(c.itemCode) : nullptr;
            const QString since = askedAt.isValid() ? chinaDay(askedAt).toString(Qt::ISODate) : QString();
            const QString clock = pausedClock(c, *events, since);
            QVariantList materials;
            if (item) {
                for (const Material &m : item->materials)
                    materials << QVariantMap{{QStringLiteral("id"), m.id},
                                             {QStringLiteral("name"), m.name.in(language)}};
            }
            materials << QVariantMap{{QStringLiteral("id"), QStringLiteral("correction")},
                                     {QStringLiteral("name"), tr("Other material asked for")}};
            out.append(
                {askedAt,
                 QVariantMap{{QStringLiteral("number"), c.number},
                             {QStringLiteral("itemName"), item ? item->name.in(language) : c.itemCode},
                             {QStringLiteral("applicant"), c.applicantMasked},
                             {QStringLiteral("askedAt"),
                              askedAt.toTimeZone(QTimeZone(8 * 3600)).toString(QStringLiteral("yyyy-MM-dd HH:mm"))},
                             {QStringLiteral("missing"), missing},
                             {QStringLiteral("clock"), clock},
                             {QStringLiteral("materials"), materials}}});
        }
        std::stable_sort(out.begin(), out.end(), [](const Row &a, const Row &b) { return a.askedAt < b.askedAt; });
        for (const Row &r : out)
            rows << r.row;
    }
    // Files attached for a case no longer waiting (recorded at another window) are dropped.
    bool dropped = false;
    for (auto it = m_correctionFiles.begin(); it != m_correctionFiles.end();) {
        const bool waiting = std::any_of(rows.cbegin(), rows.cend(), [&](const QVariant &r) {
            return r.toMap().value(QStringLiteral("number")).toString() == it.key();
        });
        dropped = dropped || !waiting;
        it = waiting ? std::next(it) : m_correctionFiles.erase(it);
    }
    // Unchanged rows are not announced: the sync service refreshes every cycle, and the page
    // would lose the material the clerk has chosen.
    if (rows != m_toCorrect) {
        m_toCorrect = rows;
        Q_EMIT toCorrectChanged();
    }
    if (dropped)
        Q_EMIT correctionFilesChanged();
}

QVariantList WindowDesk::correctionFiles() const
{
    QVariantList out;
    for (const sync::SuppliedMaterial &m : m_correctionFiles.value(m_correctionCase)) {
        out << QVariantMap{{QStringLiteral("material"), m.materialId},
                           {QStringLiteral("kind"), m.mime},
                           {QStringLiteral("size"), tr("%1 KB").arg((m.data.size() + 1023) / 1024)}};
    }
    return out;
}

void WindowDesk::chooseCorrection(const QString &caseNumber)
{
    if (caseNumber == m_correctionCase)
        return;
    m_correctionCase = caseNumber;
    Q_EMIT correctionFilesChanged();
}

QString WindowDesk::addCorrectionFile(const QString &materialId, const QString &filePath)
{
    if (m_correctionCase.isEmpty())
        return tr("Choose the case first.");
    if (materialId.trimmed().isEmpty())
        return tr("Choose the material the file is for.");
    const QString path =
        filePath.startsWith(QLatin1String("file:")) ? QUrl(filePath).toLocalFile() : filePath.trimmed();
    if (path.isEmpty())
        return tr("Type the path of the scan, or scan it with the document camera.");
    // The size first: a huge file is not read into memory to be refused.
    const QFileInfo info(path);
    if (info.exists() && info.size() > sync::kMaxSuppliedBytes) {
        qCInfo(lcDesk) << "correction file refused: too large," << info.size() << "bytes";
        return tr("The file is too large: at most %1 MB.").arg(sync::kMaxSuppliedBytes / (1024 * 1024));
    }
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly)) {
        qCInfo(lcDesk) << "correction file not read:"
                       << (info.isFile() ? file.errorString() : QStringLiteral("no such file"));
        return tr("The file cannot be read.");
    }
    const QByteArray bytes = file.read(sync::kMaxSuppliedBytes + 1);
    if (bytes.size() > sync::kMaxSuppliedBytes) {
        qCInfo(lcDesk) << "correction file refused: grew past the limit while read";
        return tr("The file is too large: at most %1 MB.").arg(sync::kMaxSuppliedBytes / (1024 * 1024));
    }
    const QString kind = materialChecks::scanKind(bytes);
    if (kind.isEmpty()) {
        qCInfo(lcDesk) << "correction file refused: neither PNG, JPEG nor PDF," << bytes.size() << "bytes";
        return tr("The file is not a picture or a PDF.");
    }
    const QString mime =
        kind == QLatin1String("pdf") ? QStringLiteral("application/pdf") : QStringLiteral("image/") + kind;
    m_correctionFiles[m_correctionCase].append({materialId.trimmed(), mime, bytes});
    if (m_desk->session())
        m_desk->session()->touch();
    clearMessage();
    Q_EMIT correctionFilesChanged();
    return {};
}

void WindowDesk::removeCorrectionFile(int index)
{
    auto it = m_correctionFiles.find(m_correctionCase);
    if (it == m_correctionFiles.end() || index < 0 || index >= it->size())
        return;
    it->removeAt(index);
    Q_EMIT correctionFilesChanged();
}

bool WindowDesk::sendCorrection()
{
    if (!m_store || !authorize(Action::RecordCorrection))
        return false;
    const QString number = m_correctionCase;
    if (number.isEmpty()) {
        setMessage(tr("Choose the case first."), true);
        return false;
    }
    if (!m_device) {
        qCWarning(lcDesk) << "correction of" << number << "not recorded: the desk is not enrolled";
        setMessage(tr("This desk is not enrolled with the county hub: corrections cannot be sent back to the "
                      "reviewer from here."),
                   true);
        return false;
    }
    const QList<sync::SuppliedMaterial> files = m_correctionFiles.value(number);
    auto recorded = sync::recordCorrection(*m_store, *m_device, number, files, m_desk->session()->op().actor());
    if (!recorded.ok()) {
        qCInfo(lcDesk).noquote() << "correction not recorded:" << recorded.error().logDetail;
        setMessage(recorded.error().userMessage, true);
        refreshToIssue();
        return false;
    }
    m_correctionFiles.remove(number);
    m_correctionCase.clear();
    setMessage(tr("Case %1 goes back to the reviewer with %n material(s). The county hub gets it as soon as it "
                  "can be reached.",
                  "", static_cast<int>(files.size()))
                   .arg(number),
               false);
    refreshToIssue();
    return true;
}

void WindowDesk::dropCorrections()
{
    m_correctionFiles.clear();
    m_correctionCase.clear();
    m_toCorrect.clear();
    Q_EMIT toCorrectChanged();
    Q_EMIT correctionFilesChanged();
}

bool WindowDesk::issueInPerson(const QString &caseNumber, const QString &collectorName,
                               const QString &collectorIdNumber)
{
    return issue(caseNumber, static_cast<int>(protocol::IssueMethod::InPerson), collectorName, collectorIdNumber, {});
}

bool WindowDesk::issueByMail(const QString &caseNumber, const QString &trackingNumber)
{
    return issue(caseNumber, static_cast<int>(protocol::IssueMethod::Mail), {}, {}, trackingNumber);
}

bool WindowDesk::issue(const QString &caseNumber, int method, const QString &name, const QString &idNumber,
                       const QString &tracking)
{
    if (!m_store || !authorize(Action::IssueResult))
        return false;
    const sync::Issuing issuing{static_cast<protocol::IssueMethod>(method), name, idNumber, tracking};
    auto issued = sync::issueResult(*m_store, caseNumber, issuing, m_desk->session()->op().actor());
    if (!issued.ok()) {
        qCInfo(lcDesk).noquote() << "not issued:" << issued.error().logDetail;
        setMessage(issued.error().userMessage, true);
        return false;
    }
    setMessage(tr("Case %1 issued: %2. The county hub is told as soon as it can be reached.")
                   .arg(caseNumber, sync::issuingNote(issuing)),
               false);
    refreshToIssue();
    return true;
}

} // namespace ow
