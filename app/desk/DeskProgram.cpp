#include "DeskProgram.h"

#include "DeskSession.h"
#include "ReviewDesk.h"
#include "WindowDesk.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "common/DataPaths.h"
#include "identity/Operator.h"
#include "identity/SignInService.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "sync/SyncService.h"
#include "ui/CatalogService.h"
#include "ui/print/PrintService.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QStandardPaths>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

QString dataDirOf(const DeskOptions &options)
{
    return options.dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                                     : options.dataDir;
}

FolderStore openStore(const DeskOptions &options, const Clock &clock)
{
    return FolderStore::open(dataDirOf(options), QStringLiteral("desk"), clock,
                             DeskOptions::tr("The desk cannot create its data folder."));
}

} // namespace

DeskProgram::~DeskProgram()
{
    if (DeskSession::instance() == m_session.get())
        DeskSession::setInstance(nullptr);
    if (CatalogService::instance() == m_catalog.get())
        CatalogService::setInstance(nullptr);
    if (m_sync)
        m_sync->stop();
    m_sync.reset();
    m_session.reset(); // waits for hub requests in flight
}

std::unique_ptr<DeskProgram> DeskProgram::open(const DeskOptions &options, const Clock &clock, QString *problem)
{
    std::unique_ptr<DeskProgram> out(new DeskProgram);
    out->m_store = openStore(options, clock);
    if (!out->m_store.store) {
        *problem = out->m_store.problem;
        return nullptr;
    }
    const QString formsDir = dataPaths::formsDir(options.formsDir);
    CatalogLoad load = CatalogLoader::loadDirectory(formsDir);
    for (const CatalogProblem &p : load.problems)
        qCWarning(lcDesk) << "catalog:" << p.file << p.path << p.message;
    if (load.catalog.size() == 0) {
        *problem = DeskOptions::tr("No service items could be loaded from %1.").arg(formsDir);
        return nullptr;
    }
    out->m_catalog = std::make_unique<CatalogService>(nullptr);
    out->m_catalog->setClock(&clock);
    out->m_catalog->setCatalog(std::move(load.catalog));
    if (qEnvironmentVariable("OW_LANG").startsWith(QLatin1String("en")))
        out->m_catalog->setLanguage(QStringLiteral("en"));
    CatalogService::setInstance(out->m_catalog.get());

    auto calendar = HolidayCalendar::loadDirectory(QDir(formsDir).filePath(QStringLiteral("calendar")));
    if (calendar.ok())
        out->m_calendar = std::move(calendar.value());
    else
        qCWarning(lcDesk) << "no official calendar: deadlines are not shown:" << calendar.error().logDetail;

    if (!options.hubUrl.isEmpty()) {
        sync::TransportConfig config;
        config.baseUrl = options.hubUrl;
        config.pinnedPublicKey = options.hubPin;
        config.caFile = options.hubCaFile;
        config.connectTimeoutMs = 5000;
        config.requestTimeoutMs = 30000;
        auto transport = sync::CurlTransport::create(config);
        if (!transport.ok()) {
            *problem = transport.error().userMessage;
            qCWarning(lcDesk) << "no hub transport:" << transport.error().logDetail;
            return nullptr;
        }
        out->m_transport = std::move(transport).value();
    }
    SignInService::Options signIn;
    signIn.idleSeconds = options.idleSeconds;
    out->m_session = std::make_unique<DeskSession>(out->m_store.store.get(), out->m_transport.get(), clock, signIn);
    if (calendar.ok()) {
        out->m_session->review()->setCalendar(&out->m_calendar);
        out->m_session->window()->setCalendar(&out->m_calendar);
        out->m_session->helper()->setCalendar(&out->m_calendar);
    }
    out->m_session->helper()->setHub(out->m_transport.get());
    out->m_session->helper()->setReceiptDir(QDir(dataDirOf(options)).filePath(QStringLiteral("notices")));
    out->m_session->window()->setHub(out->m_transport.get());
    out->m_session->window()->setNoticeDir(QDir(dataDirOf(options)).filePath(QStringLiteral("notices")));
    out->m_session->audit()->setExportDir(QDir(dataDirOf(options)).filePath(QStringLiteral("exports")));
    out->m_session->statistics()->setExportDir(QDir(dataDirOf(options)).filePath(QStringLiteral("exports")));
    // The acceptance notice and the materials receipt: A4, on the --printer queue when given.
    out->m_print = std::make_unique<print::PrintService>();
    out->m_print->setPrinterName(options.printer);
    out->m_session->window()->setPrintService(out->m_print.get());
    // The window's ID card reader; a demo desk reads made-up cards through the pty simulator.
    CardReaderControl *reader = out->m_session->window()->cardReader();
    if (!options.cardReader.isEmpty())
        reader->open(options.cardReader);
    else if (options.demo)
        reader->openSimulator();
    // Enrolled with the hub (`onewindow sync enroll --db DIR/desk.db --key-file DIR/desk.key`):
    // accepted applications are sealed into the outbox as they are stored.
    auto device = sync::EnrolledDevice::load(out->m_store.store->settings());
    if (device.ok()) {
        out->m_device = std::move(device).value();
        out->m_session->window()->setDevice(out->m_device.get());
        out->m_session->audit()->setDevice(out->m_device.get());
        out->m_session->helper()->setDevice(out->m_device.get());
    } else {
        qCInfo(lcDesk) << "not enrolled: accepted applications wait to be sealed:" << device.error().logDetail;
    }
    if (out->m_device && out->m_transport) {
        // The sync service works on its own thread with its own connection to the store file.
        out->m_syncStore = openStore(options, clock);
        if (out->m_syncStore.store) {
            out->m_sync = std::make_unique<sync::SyncService>(*out->m_syncStore.store, *out->m_transport,
                                                              *out->m_device, syncOptions());
            WindowDesk *window = out->m_session->window();
            QObject::connect(out->m_sync.get(), &sync::SyncService::cycleFinished, window, &WindowDesk::refreshToIssue);
            out->m_sync->start();
        } else {
            qCWarning(lcDesk) << "no sync: the store's second connection failed:" << out->m_syncStore.problem;
        }
    }
    DeskSession::setInstance(out->m_session.get());
    return out;
}

sync::SyncService::Options DeskProgram::syncOptions()
{
    sync::SyncService::Options options;
    // The desk hands the result over (出件) and records corrections, however long the
    // department takes: a case's personal data stays until 30 days after it ended.
    options.retentionDays = 30;
    options.purgeOnlyEnded = true;
    return options;
}

void DeskProgram::setDevice(std::unique_ptr<sync::EnrolledDevice> device)
{
    m_device = std::move(device);
    m_session->window()->setDevice(m_device.get());
    m_session->audit()->setDevice(m_device.get());
    m_session->helper()->setDevice(m_device.get());
}

Status DeskProgram::addOperator(const DeskOptions &options, const QString &password, const Clock &clock)
{
    FolderStore opened = openStore(options, clock);
    if (!opened.store)
        return makeError(ErrorCode::Io, opened.problem, QStringLiteral("desk store not opened"));
    Operator op;
    op.id = options.username;
    op.displayName = options.displayName;
    op.department = options.department;
    op.roles = {*role::fromKey(options.role)};
    OW_TRY(operators::checkRoles(op));
    SignInService service(*opened.store, clock);
    const QList<PasswordProblem> problems = service.passwordProblems(op.id, password);
    if (!problems.isEmpty()) {
        QStringList lines;
        for (const PasswordProblem &p : problems)
            lines << p.message;
        return makeError(ErrorCode::Invalid, lines.join(QLatin1Char('\n')), QStringLiteral("password rules"));
    }
    return service.remember(op, password);
}

} // namespace ow
