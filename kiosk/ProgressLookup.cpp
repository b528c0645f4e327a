#include "ProgressLookup.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "domain/CaseState.h"
#include "domain/Role.h"
#include "domain/SpecialProcedure.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"
#include "sync/HubFeeds.h"
#include "ui/CatalogService.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>
#include <QThreadPool>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

namespace {

QString localTime(const QString &utc)
{
    const QDateTime t = QDateTime::fromString(utc, Qt::ISODateWithMs);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

// The clock waits while the citizen brings a correction or a special procedure runs. Once the
// department has decided (and the result is issued) it has stopped for good, which is no pause.
bool clockPaused(CaseState state)
{
    return state == CaseState::CorrectionRequested || state == CaseState::Suspended;
}

} // namespace

ProgressLookup::ProgressLookup(CatalogService *catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
{}

ProgressLookup::~ProgressLookup() = default;

void ProgressLookup::setLink(sync::Transport *transport, const sync::DeviceIdentity *device, const Clock *clock)
{
    m_transport = transport;
    m_device = device;
    m_clock = clock;
}

void ProgressLookup::clear()
{
    ++m_generation;
    const bool had = m_busy || !m_error.isEmpty() || m_answer;
    m_busy = false;
    m_error.clear();
    m_answer.reset();
    m_verifiedCase.clear();
    if (had)
        Q_EMIT changed();
}

void ProgressLookup::lookUp(const QString &code)
{
    clear();
    // Only the form is checked here: the signature is the hub's to verify (it knows every
    // device's key). A code of another kind is named at once, without asking anybody.
    const scan::Classification what = scan::classify(code.toUtf8(), {});
    if (what.kind != scan::PayloadKind::CaseReceipt || what.rejection == scan::Rejection::Malformed) {
        qCInfo(lcKiosk) << "progress: the code shown is" << scan::kindName(what.kind) << "not a receipt";
        m_error = tr("This is not a OneWindow receipt code. Please show the code printed on your receipt.");
        Q_EMIT changed();
        return;
    }
    const Clock *clock = m_clock ? m_clock : &SystemClock::instance();
    // With the device keys from the hub the signature can be checked here too: the hub cannot
    // always be asked, and then a genuine receipt is at least named as such.
    if (m_trust) {
        const scan::Classification checked = scan::classify(code.toUtf8(), {clock->now().toUTC(), nullptr, m_trust});
        if (checked.accepted()) {
            m_verifiedCase = std::get<scan::CaseReceiptInfo>(checked.details).caseNumber;
        } else {
            qCInfo(lcKiosk) << "progress: receipt not verified with the known device keys:"
                            << scan::rejectionName(checked.rejection);
        }
    }
    if (!available()) {
        if (!m_verifiedCase.isEmpty()) {
            qCInfo(lcKiosk) << "progress: genuine receipt, no hub link";
            m_error = genuineButOffline();
            Q_EMIT changed();
            return;
        }
        m_error = tr("This kiosk cannot ask the county hub right now. Please ask at the service window, or try "
                     "another kiosk.");
        Q_EMIT changed();
        return;
    }
    m_busy = true;
    Q_EMIT changed();
    const quint64 generation = m_generation;
    QPointer<ProgressLookup> self(this);
    sync::Transport *transport = m_transport;
    const sync::DeviceIdentity *device = m_device;
    QThreadPool::globalInstance()->start([self, transport, device, clock, code, generation] {
        auto answer = sync::queryProgress(*transport, *device, *clock, code);
        QMetaObject::invokeMethod(
            qApp,
            [self, answer = std::move(answer), generation] {
                if (self)
                    self->finish(answer, generation);
            },
            Qt::QueuedConnection);
    });
}

void ProgressLookup::finish(const Result<protocol::ProgressAnswer> &answer, quint64 generation)
{
    if (generation != m_generation)
        return; // the visit ended or another code was shown meanwhile
    m_busy = false;
    if (answer.ok()) {
        m_answer = *answer;
        qCInfo(lcKiosk) << "progress shown for a case in state" << caseState::key(answer->state);
    } else if (!m_verifiedCase.isEmpty() && sync::isNoAnswer(answer.error())) {
        qCInfo(lcKiosk) << "progress query failed, receipt genuine:" << answer.error().logDetail;
        m_error = genuineButOffline();
    } else {
        qCInfo(lcKiosk) << "progress query failed:" << answer.error().logDetail;
        m_error = answer.error().userMessage;
    }
    Q_EMIT changed();
}

QString ProgressLookup::genuineButOffline() const
{
    return tr("This receipt is genuine: application %1 was received by OneWindow. Its progress will show here once "
              "this kiosk can reach the county hub; please try again later.")
        .arg(m_verifiedCase);
}

QVariantMap ProgressLookup::result() const
{
    if (!m_answer)
        return {};
    const protocol::ProgressAnswer &a = *m_answer;
    const QString lang = m_catalog->language();
    const Catalog &catalog = m_catalog->catalog();
    const auto item = catalog.item(a.itemId);
    // Departments by name where the catalog knows them; the code otherwise.
    const auto departmentName = [&](const QString &code) {
        for (const auto &candidate : catalog.items()) {
            if (candidate->department.code == code)
                return candidate->department.name.in(lang);
        }
        return code;
    };
    QVariantList steps;
    QString procedure; // of the last step: the special procedure the case is in, if it is
    for (const protocol::ProgressStep &step : a.steps) {
        // A special procedure (特别程序) by its kind and expected end; the hub never sends its
        // reason, which a reviewer wrote freely and which has no place on a public screen.
        procedure.clear();
        const QString label = caseState::label(step.state);
        // The step's title says what it is and that its clock is paused, in one phrase:
        // "特别程序（听证）· 时限暂停".
        QString title =
            clockPaused(step.state) ? tr("%1 · clock paused", "a step whose clock is paused").arg(label) : label;
        if (const auto kind = specialProcedure::fromKey(step.procedureKind)) {
            const QDate end = QDate::fromString(step.expectedEnd, Qt::ISODate);
            procedure = tr("Expected to end on %1")
                            .arg(end.isValid() ? end.toString(tr("yyyy-MM-dd", "the expected end's date format"))
                                               : step.expectedEnd);
            if (step.state == CaseState::Suspended)
                title = tr("Special procedure (%1) · clock paused").arg(specialProcedure::label(*kind));
        }
        steps.append(QVariantMap{{QStringLiteral("label"), label},
                                 {QStringLiteral("title"), title},
                                 {QStringLiteral("department"), departmentName(step.department)},
                                 {QStringLiteral("at"), localTime(step.at)},
                                 {QStringLiteral("paused"), clockPaused(step.state)},
                                 {QStringLiteral("procedure"), procedure}});
    }
    QVariantList uses;
    for (const protocol::DataUse &use : a.dataUse) {
        QString who;
        if (use.actor == QLatin1String("device"))
            who = tr("A kiosk or service window");
        else if (use.actor == QLatin1String("admin"))
            who = tr("The hub's administrator");
        else if (const auto r = role::fromKey(use.actor))
            who = role::label(*r);
        else
            who = use.actor;
        if (!use.department.isEmpty())
            who = tr("%1 (%2)", "who (department)").arg(who, departmentName(use.department));
        QString what;
        if (use.action == QLatin1String("case_open"))
            what = tr("opened the application to review it");
        else if (use.action == QLatin1String("decision"))
            what = tr("recorded a decision");
        else if (use.action == QLatin1String("progress_query"))
            what = tr("looked up its progress");
        else if (use.action == QLatin1String("issue"))
            what = tr("handed the result over");
        else
            what = use.action;
        uses.append(QVariantMap{
            {QStringLiteral("at"), localTime(use.at)}, {QStringLiteral("who"), who}, {QStringLiteral("what"), what}});
    }
    return QVariantMap{{QStringLiteral("caseNumber"), a.caseId},
                       {QStringLiteral("item"), item ? item->name.in(lang) : a.itemId},
                       {QStringLiteral("state"), caseState::key(a.state)},
                       {QStringLiteral("stateLabel"), caseState::label(a.state)},
                       {QStringLiteral("paused"), clockPaused(a.state)},
                       {QStringLiteral("procedure"), a.state == CaseState::Suspended ? procedure : QString()},
                       {QStringLiteral("department"), departmentName(a.department)},
                       {QStringLiteral("receivedAt"), localTime(a.receivedAt)},
                       {QStringLiteral("updatedAt"), localTime(a.updatedAt)},
                       {QStringLiteral("steps"), steps},
                       {QStringLiteral("dataUse"), uses}};
}

} // namespace ow
