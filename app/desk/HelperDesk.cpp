#include "HelperDesk.h"

#include "DeskSession.h"

#include "catalog/FormState.h"
#include "domain/HelperLifecycle.h"
#include "domain/IdNumber.h"
#include "domain/WorkingDayClock.h"
#include "print/Documents.h"
#include "print/PageFormat.h"
#include "scan/SignedCodes.h"
#include "store/Authorisations.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSubmission.h"
#include "sync/EnrolledDevice.h"
#include "sync/HelpRequest.h"
#include "ui/CatalogService.h"
#include "ui/print/DocumentPainter.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

constexpr qint64 kMaxPhotoBytes = 10 * 1024 * 1024;

QDate chinaDay(const QDateTime &at)
{
    return HelperLifecycle::localDay(at);
}

QString itemName(const QString &itemId)
{
    CatalogService *catalog = CatalogService::instance();
    if (!catalog)
        return itemId;
    const auto item = catalog->catalog().item(itemId);
    return item ? item->name.in(catalog->language()) : itemId;
}

int handlingLimit(const QString &itemId)
{
    CatalogService *catalog = CatalogService::instance();
    const auto item = catalog ? catalog->catalog().item(itemId) : nullptr;
    if (!item)
        return 20;
    return item->promisedLimitDays > 0 ? item->promisedLimitDays : std::max(1, item->statutoryLimitDays);
}

// The strokes of the pad ([[{x, y}, ...], ...] normalised 0..1) drawn black on white.
QByteArray signaturePng(const QString &strokesJson)
{
    const QJsonArray strokes = QJsonDocument::fromJson(strokesJson.toUtf8()).array();
    QImage image(600, 200, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(Qt::black, 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    int points = 0;
    for (const QJsonValue &stroke : strokes) {
        QPainterPath path;
        bool first = true;
        for (const QJsonValue &p : stroke.toArray()) {
            const QJsonObject o = p.toObject();
            const QPointF at(o.value(QStringLiteral("x")).toDouble() * image.width(),
                             o.value(QStringLiteral("y")).toDouble() * image.height());
            first ? path.moveTo(at) : path.lineTo(at);
            first = false;
            ++points;
        }
        painter.drawPath(path);
    }
    painter.end();
    if (points < 2)
        return {};
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

} // namespace

HelperDesk::HelperDesk(DeskSession *desk)
    : QObject(desk)
    , m_desk(desk)
{
    m_form.setKiosk(false);
    m_form.setOnePerPage(false);
}

bool HelperDesk::authorize(Action action)
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

void HelperDesk::setMessage(const QString &message, bool isError)
{
    m_message = message;
    m_messageIsError = isError;
    Q_EMIT messageChanged();
}

void HelperDesk::clearMessage()
{
    if (m_message.isEmpty())
        return;
    m_message.clear();
    m_messageIsError = false;
    Q_EMIT messageChanged();
}

QString HelperDesk::principalMasked() const
{
    return m_idNumber.isEmpty() ? QString() : idNumber::masked(m_idNumber);
}

void HelperDesk::refresh()
{
    if (!m_desk->session())
        return;
    // The board read again: what was said about the last one no longer holds.
    clearMessage();
    readCases();
    readHelpRequests();
}

void HelperDesk::readCases()
{
    m_cases.clear();
    if (!m_store || m_store->schemaVersion() < 8) {
        Q_EMIT casesChanged();
        return;
    }
    // The hub's receipt and events are this desk's news, recorded as the device's, not the helper's.
    const Actor actor{m_store->deviceId(), QStringLiteral("device")};
    auto &repo = m_store->authorisations();
    auto helped = repo.casesOf(m_desk->session()->op().id);
    if (!helped.ok()) {
        qCWarning(lcDesk) << "helper board not read:" << helped.error().logDetail;
        setMessage(helped.error().userMessage, true);
        Q_EMIT casesChanged();
        return;
    }
    // Steps follow the cases as this desk knows them: the hub's receipt, then its events.
    bool changed = false;
    for (const HelpedCase &h : *helped) {
        auto c = m_store->cases().findByNumber(h.caseNumber);
        if (!c.ok() || !c->has_value())
            continue;
        const Case &local = **c;
        bool touched = false;
        if (local.syncState == SyncState::Acknowledged && h.lifecycle.current() == HelperStep::Entrust) {
            if (!repo.recordSubmitted(h.caseNumber, actor).ok())
                qCWarning(lcDesk) << "helper step not recorded for" << h.caseNumber;
            touched = true;
        }
        if (local.state != h.state || touched) {
            if (!repo.recordCaseState(h.caseNumber, local.state, actor).ok())
                qCWarning(lcDesk) << "helper step not recorded for" << h.caseNumber;
            touched = true;
        }
        changed = changed || touched;
    }
    if (changed) {
        helped = repo.casesOf(m_desk->session()->op().id);
        if (!helped.ok())
            return;
    }
    const QDate today = chinaDay(m_desk->clock().now());
    for (const HelpedCase &h : *helped) {
        const auto step = h.lifecycle.current();
        QString clockText;
        int daysLeft = 0;
        bool overdue = false;
        if (step && m_calendar) {
            const WorkingDayClock clock = h.lifecycle.clock(*step, *m_calendar);
            daysLeft = clock.daysLeft(today);
            overdue = daysLeft < 0;
            clockText = overdue ? tr("%n working day(s) overdue", "", -daysLeft)
                                : tr("%1 of %2 working days left · due %3")
                                      .arg(daysLeft)
                                      .arg(helperStep::limitDays(*step, h.lifecycle.handlingLimitDays()))
                                      .arg(clock.dueDate(today).toString(QStringLiteral("yyyy-MM-dd")));
        }
        const bool byHelper =
            step && helperStep::closedByHelper(*step) && (*step != HelperStep::Deliver || h.state == CaseState::Issued);
        QVariantList steps;
        for (HelperStep s : helperStep::all()) {
            const HelperStepRecord &r = h.lifecycle.record(s);
            steps << QVariantMap{{QStringLiteral("label"), helperStep::label(s)},
                                 {QStringLiteral("done"), r.done()},
                                 {QStringLiteral("current"), step && *step == s}};
        }
        m_cases << QVariantMap{
            {QStringLiteral("number"), h.caseNumber},
            {QStringLiteral("item"), itemName(h.itemCode)},
            {QStringLiteral("principal"), h.authorisation.principalMasked},
            {QStringLiteral("state"), caseState::label(h.state)},
            {QStringLiteral("step"), step ? helperStep::label(*step) : tr("Finished")},
            {QStringLiteral("stepKey"), step ? helperStep::key(*step) : QString()},
            {QStringLiteral("steps"), steps},
            {QStringLiteral("clock"), clockText},
            {QStringLiteral("daysLeft"), daysLeft},
            {QStringLiteral("overdue"), overdue},
            {QStringLiteral("byHelper"), byHelper},
            {QStringLiteral("validTo"), h.authorisation.validTo.toString(QStringLiteral("yyyy-MM-dd"))}};
    }
    Q_EMIT casesChanged();
}

QString HelperDesk::screenLabel(const QString &screen) const
{
    if (screen == QLatin1String("identify"))
        return tr("Identifying");
    if (screen == QLatin1String("form"))
        return tr("Filling in a form");
    if (screen == QLatin1String("materials"))
        return tr("Materials");
    if (screen == QLatin1String("progress"))
        return tr("Progress lookup");
    if (screen == QLatin1String("home"))
        return tr("Start screen");
    return screen;
}

void HelperDesk::readHelpRequests()
{
    m_help.clear();
    if (!m_hub || !m_device) {
        m_helpStatus = tr("This desk is not connected to the county hub: help requests cannot be shown.");
        Q_EMIT helpRequestsChanged();
        return;
    }
    auto listed = sync::listOpenHelpRequests(*m_hub, *m_device, m_desk->clock());
    if (!listed.ok()) {
        qCInfo(lcDesk) << "help requests not read:" << listed.error().logDetail;
        m_helpStatus = listed.error().userMessage;
        Q_EMIT helpRequestsChanged();
        return;
    }
    const QDateTime now = m_desk->clock().now();
    for (const protocol::HelpRequest &r : *listed) {
        const QDateTime asked = QDateTime::fromString(r.requestedAt, Qt::ISODateWithMs);
        const qint64 minutes = asked.isValid() ? std::max<qint64>(0, asked.secsTo(now) / 60) : 0;
        m_help << QVariantMap{
            {QStringLiteral("id"), r.id},
            {QStringLiteral("device"), r.deviceId},
            {QStringLiteral("screen"), screenLabel(r.screen)},
            {QStringLiteral("waiting"), minutes < 60 ? tr("waiting %n minute(s)", "", static_cast<int>(minutes))
                                                     : tr("waiting %n hour(s)", "", static_cast<int>(minutes / 60))},
            {QStringLiteral("minutes"), minutes},
            {QStringLiteral("onMyWay"), m_onMyWay.contains(r.id)}};
    }
    m_helpStatus = m_help.isEmpty() ? tr("No kiosk is calling for a helper.") : QString();
    Q_EMIT helpRequestsChanged();
}

void HelperDesk::onMyWay(const QString &requestId)
{
    if (!authorize(Action::ActForPrincipal))
        return;
    m_onMyWay.insert(requestId);
    for (QVariant &row : m_help) {
        QVariantMap map = row.toMap();
        if (map.value(QStringLiteral("id")).toString() == requestId) {
            map.insert(QStringLiteral("onMyWay"), true);
            row = map;
        }
    }
    Q_EMIT helpRequestsChanged();
}

bool HelperDesk::closeHelpRequest(const QString &requestId)
{
    if (!authorize(Action::ActForPrincipal))
        return false;
    if (!m_hub || !m_device) {
        setMessage(tr("This desk is not connected to the county hub: help requests cannot be shown."), true);
        return false;
    }
    auto closed = sync::closeHelpRequest(*m_hub, *m_device, m_desk->clock(), requestId);
    if (!closed.ok()) {
        qCInfo(lcDesk) << "help request not closed:" << closed.error().logDetail;
        setMessage(closed.error().userMessage, true);
        return false;
    }
    m_onMyWay.remove(requestId);
    setMessage(tr("The help request of %1 is closed.").arg(closed->deviceId), false);
    readHelpRequests();
    return true;
}

bool HelperDesk::identify(const QString &number, const QString &name)
{
    if (!authorize(Action::IdentifyCitizen))
        return false;
    const QString normalized = idNumber::normalized(number);
    if (name.trimmed().isEmpty()) {
        setMessage(tr("Enter the principal's name as on the ID card."), true);
        return false;
    }
    if (const QString problem = WindowDesk::idNumberProblem(normalized, chinaDay(m_desk->clock().now()));
        !problem.isEmpty()) {
        setMessage(problem, true);
        return false;
    }
    m_idNumber = normalized;
    m_name = name.trimmed();
    m_openItem.clear();
    m_reference.clear();
    m_summary.clear();
    clearMessage();
    Q_EMIT principalChanged();
    Q_EMIT authorisationChanged();
    Q_EMIT itemChanged();
    return true;
}

QVariantList HelperDesk::scopeItems() const
{
    QVariantList out;
    CatalogService *catalog = CatalogService::instance();
    if (!catalog)
        return out;
    auto items = catalog->catalog().items();
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a->id < b->id; });
    for (const auto &item : items) {
        if (item->status != QLatin1String("active"))
            continue;
        out << QVariantMap{{QStringLiteral("id"), item->id},
                           {QStringLiteral("name"), item->name.in(catalog->language())},
                           {QStringLiteral("chosen"), m_scope.contains(item->id)}};
    }
    return out;
}

void HelperDesk::setScopeItem(const QString &itemId, bool chosen)
{
    chosen ? (void)m_scope.insert(itemId) : (void)m_scope.remove(itemId);
    Q_EMIT authorisationChanged();
}

QString HelperDesk::attachPhotoFile(const QString &path)
{
    const QString local = path.startsWith(QLatin1String("file:")) ? QUrl(path).toLocalFile() : path;
    QFile file(local);
    if (!QFileInfo(local).isFile() || !file.open(QIODevice::ReadOnly)) {
        qCInfo(lcDesk) << "authorisation photo: no readable file";
        return tr("This file cannot be read. Choose the photo or the scan of the signed authorisation.");
    }
    if (file.size() > kMaxPhotoBytes) {
        qCInfo(lcDesk) << "authorisation photo of" << file.size() << "bytes refused";
        return tr("The picture is larger than 10 MB. Scan it again at a lower resolution.");
    }
    const QByteArray bytes = file.readAll();
    QString mime;
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        mime = QStringLiteral("image/png");
    else if (bytes.startsWith("\xff\xd8\xff"))
        mime = QStringLiteral("image/jpeg");
    if (mime.isEmpty()) {
        qCInfo(lcDesk) << "authorisation photo is neither PNG nor JPEG";
        return tr("This file is not a photo (PNG or JPEG) of the signed authorisation.");
    }
    m_photo = bytes;
    m_photoMime = mime;
    Q_EMIT authorisationChanged();
    return {};
}

bool HelperDesk::setSignatureStrokes(const QString &strokesJson)
{
    m_signaturePng = signaturePng(strokesJson);
    Q_EMIT authorisationChanged();
    return !m_signaturePng.isEmpty();
}

bool HelperDesk::recordAuthorisation(const QString &agentIdNumber, const QString &agentPhone, const QString &validFrom,
                                     const QString &validTo)
{
    if (!authorize(Action::RecordAuthorisation) || !m_store)
        return false;
    if (!identified()) {
        setMessage(tr("Identify the principal first: read the ID card or type the number."), true);
        return false;
    }
    const QString agentId = idNumber::normalized(agentIdNumber);
    if (idNumber::check(agentId, chinaDay(m_desk->clock().now())) != idNumber::Problem::None) {
        setMessage(tr("Your own ID number (as the agent) is not valid: please check it."), true);
        return false;
    }
    static const QRegularExpression mobile(QStringLiteral("^1[3-9][0-9]{9}$"));
    if (!mobile.match(agentPhone.trimmed()).hasMatch()) {
        setMessage(tr("Your mobile number has 11 digits and starts with 1."), true);
        return false;
    }
    const QDate from = QDate::fromString(validFrom.trimmed(), Qt::ISODate);
    const QDate to = QDate::fromString(validTo.trimmed(), Qt::ISODate);
    if (!from.isValid() || !to.isValid()) {
        setMessage(tr("Write the validity dates as 2026-03-01."), true);
        return false;
    }
    const Operator &op = m_desk->session()->op();
    NewAuthorisation a;
    a.principalIdNumber = m_idNumber;
    a.principalName = m_name;
    a.agent = HelperAgent{op.id, op.displayName.isEmpty() ? op.id : op.displayName, idNumber::masked(agentId),
                          agentPhone.trimmed()};
    a.scope = QStringList(m_scope.cbegin(), m_scope.cend());
    a.scope.sort();
    a.validFrom = from;
    a.validTo = to;
    a.photo = m_photo;
    a.photoMime = m_photoMime;
    a.signaturePng = m_signaturePng;
    auto recorded = m_store->authorisations().record(a, op.actor());
    if (!recorded.ok()) {
        qCInfo(lcDesk) << "authorisation not recorded:" << recorded.error().logDetail;
        setMessage(recorded.error().userMessage, true);
        return false;
    }
    m_reference = recorded->reference;
    QStringList names;
    for (const QString &id : recorded->scope)
        names << itemName(id);
    m_summary = tr("Authorisation %1 · %2 to %3 · %4")
                    .arg(recorded->reference, from.toString(QStringLiteral("yyyy-MM-dd")),
                         to.toString(QStringLiteral("yyyy-MM-dd")), names.join(QStringLiteral("、")));
    // The photo and the signature are in the store now; not kept in memory.
    m_photo.clear();
    m_signaturePng.clear();
    Q_EMIT authorisationChanged();
    setMessage(tr("Authorisation recorded: %1.").arg(recorded->reference), false);
    return true;
}

bool HelperDesk::startApplication(const QString &itemId)
{
    if (!authorize(Action::ActForPrincipal) || !m_store)
        return false;
    if (!identified()) {
        setMessage(tr("Identify the principal first: read the ID card or type the number."), true);
        return false;
    }
    const Operator &op = m_desk->session()->op();
    auto allowed = m_store->authorisations().authorises(op.id, m_idNumber, itemId, m_desk->clock().now(), op.actor());
    if (!allowed.ok()) {
        // No form stays open for an item the helper may not handle.
        m_openItem.clear();
        Q_EMIT itemChanged();
        setMessage(allowed.error().userMessage, true);
        return false;
    }
    m_reference = allowed->reference;
    m_form.setItemId(itemId);
    m_openItem = itemId;
    m_form.prefillIdentity({{QStringLiteral("name"), m_name}, {QStringLiteral("idNumber"), m_idNumber}});
    clearMessage();
    Q_EMIT itemChanged();
    return true;
}

bool HelperDesk::submit()
{
    if (!authorize(Action::SubmitApplication) || !m_store)
        return false;
    if (!identified() || m_openItem.isEmpty() || !m_form.form()) {
        setMessage(tr("Identify the principal and choose the service item first."), true);
        return false;
    }
    const Operator &op = m_desk->session()->op();
    const Actor actor = op.actor();
    const QString item = m_form.itemId();
    // Checked now, not when the form was opened: the authorisation may have ended meanwhile.
    auto allowed = m_store->authorisations().authorises(op.id, m_idNumber, item, m_desk->clock().now(), actor);
    if (!allowed.ok()) {
        setMessage(allowed.error().userMessage, true);
        return false;
    }
    if (!m_form.validateAll()) {
        setMessage(tr("The form is not complete: %n answer(s) are missing or wrong (marked in red).", "",
                      m_form.problemCount()),
                   true);
        return false;
    }
    NewCase data;
    data.itemCode = item;
    data.itemVersion = m_form.form()->item().version;
    data.applicantIdNumber = m_idNumber;
    data.formJson = QJsonDocument(m_form.form()->submission()).toJson(QJsonDocument::Compact);
    const QString reference = allowed->reference;
    const int limit = handlingLimit(item);
    // The case, its filing under the authorisation (委托 starts) and (enrolled) its sealed packet,
    // which carries the channel, the helper and the authorisation's reference, in one step.
    auto submitted = sync::submitApplication(*m_store, m_device, data, actor, [&](const Case &c) -> Status {
        auto filed = m_store->authorisations().attachCase(c, reference, limit, actor);
        if (!filed.ok())
            return filed.error();
        return {};
    });
    if (!submitted.ok()) {
        qCWarning(lcDesk) << "helped application not stored:" << submitted.error().logDetail;
        setMessage(submitted.error().userMessage, true);
        return false;
    }
    const QString number = submitted->submitted.number;
    qCInfo(lcDesk) << "helped application stored as" << number << (m_device ? "and sealed" : "(not enrolled)");
    const QString problem = writeReceipt(number);
    const QString receipt = m_lastReceipt;
    clear();
    m_lastCase = number;
    m_lastReceipt = receipt;
    readCases();
    if (!problem.isEmpty()) {
        setMessage(tr("Submitted for the principal: case %1. The receipt was not written: %2").arg(number, problem),
                   true);
        return true;
    }
    setMessage(tr("Submitted for the principal: case %1.").arg(number), false);
    return true;
}

QString HelperDesk::writeReceipt(const QString &number)
{
    m_lastReceipt.clear();
    auto c = m_store->cases().findByNumber(number);
    auto helped = m_store->authorisations().helpedCase(number);
    if (!c.ok() || !c->has_value() || !helped.ok() || !helped->has_value())
        return tr("The case cannot be read back.");
    const Authorisation &a = (*helped)->authorisation;
    print::CaseReceiptData data;
    data.issuer = tr("Village helper service (帮办代办)");
    data.itemName = itemName((*c)->itemCode);
    data.applicantMasked = (*c)->applicantMasked;
    data.caseNumber = number;
    data.submitted = chinaDay((*c)->createdAt);
    data.promisedWorkingDays = (*helped)->lifecycle.handlingLimitDays();
    data.agent = tr("%1 (ID %2, phone %3)").arg(a.agent.name, a.agent.maskedId, a.agent.phone);
    data.nextSteps = tr("Your village helper %1 submitted this application for you under your authorisation %2 "
                        "(valid %3 to %4) and will bring the result to you. You can ask about its progress at any "
                        "village kiosk with this receipt.")
                         .arg(a.agent.name, a.reference, a.validFrom.toString(QStringLiteral("yyyy-MM-dd")),
                              a.validTo.toString(QStringLiteral("yyyy-MM-dd")));
    if (m_device) {
        auto code = scan::signedCodes::makeCaseReceipt(m_device->signingKey().toDer(),
                                                       {m_device->deviceId(), number, m_desk->clock().now().toUTC()});
        if (code.ok())
            data.receiptCode = *code;
        else
            qCWarning(lcDesk) << "receipt code not signed:" << code.error().logDetail;
    }
    auto doc = print::caseReceipt(data);
    if (!doc.ok()) {
        qCWarning(lcDesk) << "helped receipt not built:" << doc.error().logDetail;
        return doc.error().userMessage;
    }
    if (m_receiptDir.isEmpty())
        return {};
    if (!QDir().mkpath(m_receiptDir))
        return tr("The folder for receipts cannot be created.");
    const QString path = QDir(m_receiptDir).filePath(number + QStringLiteral("-receipt.pdf"));
    const Status written = print::writePdf(*doc, print::PageFormat::a4(), path);
    if (!written.ok()) {
        qCWarning(lcDesk) << "helped receipt not written:" << written.error().logDetail;
        return written.error().userMessage;
    }
    m_lastReceipt = path;
    return {};
}

bool HelperDesk::recordStep(const QString &caseNumber, const QString &stepKey, const QString &note)
{
    if (!authorize(Action::ActForPrincipal) || !m_store)
        return false;
    const auto step = helperStep::fromKey(stepKey);
    if (!step) {
        qCWarning(lcDesk) << "unknown helper step" << stepKey;
        return false;
    }
    const Operator &op = m_desk->session()->op();
    auto done = m_store->authorisations().closeStep(caseNumber, *step, note, op.actor());
    if (!done.ok()) {
        qCInfo(lcDesk) << "helper step refused:" << done.error().logDetail;
        setMessage(done.error().userMessage, true);
        return false;
    }
    setMessage(tr("%1 recorded for case %2.").arg(helperStep::label(*step), caseNumber), false);
    readCases();
    return true;
}

void HelperDesk::clear()
{
    m_idNumber.clear();
    m_name.clear();
    m_scope.clear();
    m_photo.clear();
    m_photoMime.clear();
    m_signaturePng.clear();
    m_reference.clear();
    m_summary.clear();
    m_form.clear();
    m_openItem.clear();
    m_lastCase.clear();
    m_lastReceipt.clear();
    clearMessage();
    Q_EMIT principalChanged();
    Q_EMIT authorisationChanged();
    Q_EMIT itemChanged();
}

} // namespace ow
