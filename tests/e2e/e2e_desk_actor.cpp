// One desk of the service hall as a process of its own, for tst_oneloop: the desk as
// onewindow-desk puts it together (DeskProgram: the encrypted store in --data with its
// enrollment, the hub link, the background sync), its shell in a window offscreen, and an operator
// working through the controllers the shell binds to (DeskSession, WindowDesk, ReviewDesk).
// Commands come one JSON line at a time on standard input (ActorLoop.h).
#include "ActorLoop.h"
#include "DeskTestSupport.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "ReviewDesk.h"
#include "ReviewQueueModel.h"
#include "WindowDesk.h"

#include "common/Clock.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CorrectionRecord.h"
#include "sync/EnrolledDevice.h"
#include "sync/SyncService.h"

#include <QCommandLineParser>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QQmlEngine>
#include <QQuickView>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;
using e2e::failed;
using e2e::waitFor;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

class DeskActor
{
public:
    DeskActor(DeskProgram &desk, QQuickView &view)
        : m_desk(desk)
        , m_view(view)
    {
        auto device = sync::EnrolledDevice::load(desk.store().settings());
        if (device.ok())
            m_device = std::move(device).value();
    }

    const sync::EnrolledDevice *device() const { return m_device.get(); }

    QJsonObject handle(const QJsonObject &c)
    {
        const QString cmd = str(c, "cmd");
        if (cmd == QLatin1String("signIn"))
            return signIn(str(c, "user"), str(c, "password"));
        if (cmd == QLatin1String("page"))
            return page(str(c, "page"));
        if (cmd == QLatin1String("sync"))
            return syncNow();
        if (cmd == QLatin1String("takeOver"))
            return takeOver(str(c, "code"));
        if (cmd == QLatin1String("completeAndAccept"))
            return completeAndAccept();
        if (cmd == QLatin1String("case"))
            return caseOnDesk(str(c, "number"));
        if (cmd == QLatin1String("recordCorrection"))
            return recordCorrection(str(c, "number"), str(c, "material"), str(c, "file"));
        if (cmd == QLatin1String("toIssue"))
            return toIssue();
        if (cmd == QLatin1String("issueInPerson"))
            return issueInPerson(str(c, "number"), str(c, "name"), str(c, "idNumber"));
        if (cmd == QLatin1String("refreshQueue"))
            return refreshQueue();
        if (cmd == QLatin1String("openCase"))
            return openCase(str(c, "caseId"));
        if (cmd == QLatin1String("requestCorrection")) {
            QStringList missing;
            for (const QJsonValue &m : c.value(QStringLiteral("missing")).toArray())
                missing << m.toString();
            return decided([&] { review()->requestCorrection(missing, str(c, "other")); });
        }
        if (cmd == QLatin1String("approve"))
            return decided([&] { review()->approve(str(c, "opinion")); });
        if (cmd == QLatin1String("warnings"))
            return QJsonObject{{QStringLiteral("warnings"), QJsonArray::fromStringList(test::warnings())}};
        if (cmd == QLatin1String("screenshot"))
            return e2e::screenshot(m_view, str(c, "path"));
        return failed(QStringLiteral("unknown command ") + cmd);
    }

private:
    DeskSession &session() { return m_desk.session(); }
    WindowDesk *window() { return m_desk.session().window(); }
    ReviewDesk *review() { return m_desk.session().review(); }

    QJsonObject windowState()
    {
        return QJsonObject{{QStringLiteral("ok"), !window()->messageIsError()},
                           {QStringLiteral("message"), window()->message()},
                           {QStringLiteral("error"), window()->messageIsError() ? window()->message() : QString()}};
    }

    QJsonObject signIn(const QString &user, const QString &password)
    {
        session().signIn(user, password);
        if (!waitFor([&] { return !session().busy(); }))
            return failed(QStringLiteral("sign-in did not finish within 30 s"));
        QStringList pages;
        for (const QVariant &p : session().pages())
            pages << p.toMap().value(QStringLiteral("key")).toString();
        return QJsonObject{{QStringLiteral("ok"), session().signedIn()},
                           {QStringLiteral("error"), session().message()},
                           {QStringLiteral("page"), session().page()},
                           {QStringLiteral("pages"), QJsonArray::fromStringList(pages)},
                           {QStringLiteral("offline"), session().offline()},
                           {QStringLiteral("role"), session().roleLabel()},
                           {QStringLiteral("department"), session().department()}};
    }

    QJsonObject page(const QString &name)
    {
        session().setPage(name);
        waitFor([] { return false; }, 100); // the page is laid out
        return QJsonObject{{QStringLiteral("ok"), session().page() == name},
                           {QStringLiteral("page"), session().page()}};
    }

    // One cycle of the desk's background sync now (the outbox sent, the hub's events applied), as
    // its timer would start it within the next 30 s.
    QJsonObject syncNow()
    {
        sync::SyncService *service = m_desk.syncService();
        if (!service)
            return failed(QStringLiteral("this desk has no sync service (not enrolled, or no hub)"));
        if (!waitFor([&] { return !service->busy(); }))
            return failed(QStringLiteral("a sync cycle did not end within 30 s"));
        bool finished = false;
        const auto connection =
            QObject::connect(service, &sync::SyncService::cycleFinished, service, [&] { finished = true; });
        service->syncNow();
        const bool done = waitFor([&] { return finished; });
        QObject::disconnect(connection);
        if (!done)
            return failed(QStringLiteral("the sync cycle did not end within 30 s"));
        waitFor([] { return false; }, 50); // casesChanged and the refreshed lists reach the controllers
        return QJsonObject{{QStringLiteral("ok"), service->online()},
                           {QStringLiteral("error"), service->lastError()},
                           {QStringLiteral("pending"), service->pending()}};
    }

    QJsonObject takeOver(const QString &code)
    {
        window()->takeOver(code);
        if (!waitFor([&] { return !window()->takingOver(); }))
            return failed(QStringLiteral("the takeover did not finish within 30 s"));
        QJsonObject out = windowState();
        out.insert(QStringLiteral("takenDraft"), window()->takenDraft());
        out.insert(QStringLiteral("itemId"), window()->itemId());
        out.insert(QStringLiteral("identified"), window()->identified());
        out.insert(QStringLiteral("applicantMasked"), window()->applicantMasked());
        // Which answers came from the kiosk (their ids, not their values).
        QStringList answered;
        FormController *form = window()->form();
        for (int i = 0; i < form->rowCount(); ++i) {
            const QVariant value = form->index(i).data(FormController::ValueRole);
            if (value.isValid() && !value.isNull() && !value.toString().isEmpty())
                answered << form->index(i).data(FormController::FieldIdRole).toString();
        }
        out.insert(QStringLiteral("answered"), QJsonArray::fromStringList(answered));
        return out;
    }

    // The clerk checks the rest with the citizen: the questions the kiosk did not reach, and each
    // required material seen on paper; then 受理.
    QJsonObject completeAndAccept()
    {
        FormController *form = window()->form();
        test::answerEmptyFields(*form);
        window()->reloadForm();
        if (!form->validateAll()) {
            QStringList problems;
            for (int i = 0; i < form->rowCount(); ++i) {
                const QString error = form->index(i).data(FormController::ErrorRole).toString();
                if (!error.isEmpty())
                    problems << form->index(i).data(FormController::FieldIdRole).toString() + QStringLiteral(": ") +
                                    error;
            }
            return failed(QStringLiteral("the form is not complete: ") + problems.join(QStringLiteral("; ")));
        }
        MaterialChecklist *m = window()->materials();
        QJsonObject receipts;
        for (int row = 0; row < m->rowCount(); ++row) {
            if (m->index(row).data(MaterialChecklist::RequiredRole).toBool() &&
                m->index(row).data(MaterialChecklist::ReceiptRole).toString() == QLatin1String("unchecked"))
                m->setReceipt(row, QStringLiteral("paper"));
            receipts.insert(m->materials().at(row).materialId,
                            m->index(row).data(MaterialChecklist::ReceiptRole).toString());
        }
        const bool accepted = window()->accept();
        QJsonObject out = windowState();
        out.insert(QStringLiteral("ok"), accepted && !window()->messageIsError());
        out.insert(QStringLiteral("caseNumber"), window()->lastCaseNumber());
        out.insert(QStringLiteral("notice"), window()->lastNoticePath());
        out.insert(QStringLiteral("materials"), receipts);
        out.insert(QStringLiteral("takenDraftAfter"), window()->takenDraft());
        return out;
    }

    // The case as this desk's store has it: its state, its history (state and note of each step),
    // and what waits in the outbox.
    QJsonObject caseOnDesk(const QString &number)
    {
        auto found = m_desk.store().cases().findByNumber(number);
        if (!found.ok())
            return failed(found.error().logDetail);
        if (!found->has_value())
            return failed(QStringLiteral("no case ") + number + QStringLiteral(" on this desk"));
        const Case &c = **found;
        QJsonArray history;
        auto events = m_desk.store().cases().events(number);
        if (!events.ok())
            return failed(events.error().logDetail);
        for (const CaseEvent &e : *events) {
            history.append(QJsonObject{{QStringLiteral("action"), e.action},
                                       {QStringLiteral("to"), e.toState},
                                       {QStringLiteral("role"), e.role},
                                       {QStringLiteral("note"), e.note}});
        }
        auto pending = m_desk.store().outbox().pendingCount();
        return QJsonObject{{QStringLiteral("state"), caseState::key(c.state)},
                           {QStringLiteral("applicantMasked"), c.applicantMasked},
                           {QStringLiteral("history"), history},
                           {QStringLiteral("outboxPending"), pending.ok() ? double(*pending) : -1.0}};
    }

    // 补齐补正 at the window: what the citizen brought is scanned and attached, the case goes back
    // to the reviewer. The window desk has no method for it yet: the core service it would call.
    QJsonObject recordCorrection(const QString &number, const QString &material, const QString &file)
    {
        // As the clerk does on the 补齐补正 page: the case from the list, the scan filed under its
        // material, sent back.
        window()->refreshToCorrect();
        bool listed = false;
        for (const QVariant &row : window()->toCorrect())
            listed = listed || row.toMap().value(QStringLiteral("number")).toString() == number;
        if (!listed)
            return failed(QStringLiteral("the case is not in the list waiting for a correction"));
        window()->chooseCorrection(number);
        const QString problem = window()->addCorrectionFile(material, file);
        if (!problem.isEmpty())
            return failed(problem);
        if (!window()->sendCorrection())
            return failed(window()->message());
        window()->refreshToIssue();
        return windowState();
    }

    QJsonObject toIssue()
    {
        window()->refreshToIssue();
        return QJsonObject{{QStringLiteral("rows"), QJsonArray::fromVariantList(window()->toIssue())},
                           {QStringLiteral("waitingToSend"), window()->waitingToSend()}};
    }

    QJsonObject issueInPerson(const QString &number, const QString &name, const QString &idNumber)
    {
        const bool issued = window()->issueInPerson(number, name, idNumber);
        QJsonObject out = windowState();
        out.insert(QStringLiteral("ok"), issued);
        out.insert(QStringLiteral("waitingToSend"), window()->waitingToSend());
        return out;
    }

    QJsonObject reviewState()
    {
        return QJsonObject{{QStringLiteral("ok"), !review()->messageIsError()},
                           {QStringLiteral("message"), review()->message()},
                           {QStringLiteral("error"), review()->messageIsError() ? review()->message() : QString()},
                           {QStringLiteral("caseOpen"), review()->caseOpen()},
                           {QStringLiteral("caseId"), review()->caseId()}};
    }

    QJsonObject refreshQueue()
    {
        review()->refresh();
        if (!waitFor([&] { return !review()->loading(); }))
            return failed(QStringLiteral("the queue did not load within 30 s"));
        QJsonArray rows;
        ReviewQueueModel *queue = review()->queue();
        for (int i = 0; i < queue->rowCount(); ++i) {
            const QModelIndex index = queue->index(i);
            rows.append(QJsonObject{{QStringLiteral("caseId"), index.data(ReviewQueueModel::CaseIdRole).toString()},
                                    {QStringLiteral("item"), index.data(ReviewQueueModel::ItemNameRole).toString()},
                                    {QStringLiteral("state"), index.data(ReviewQueueModel::StateRole).toString()},
                                    {QStringLiteral("paused"), index.data(ReviewQueueModel::PausedRole).toBool()}});
        }
        QJsonObject out = reviewState();
        out.insert(QStringLiteral("ok"), !review()->unreachable() && !review()->messageIsError());
        out.insert(QStringLiteral("rows"), rows);
        return out;
    }

    QJsonObject openCase(const QString &caseId)
    {
        review()->openCase(caseId);
        if (!waitFor([&] { return !review()->loading(); }))
            return failed(QStringLiteral("the case did not open within 30 s"));
        QJsonObject out = reviewState();
        out.insert(QStringLiteral("ok"), review()->caseOpen() && !review()->messageIsError());
        out.insert(QStringLiteral("decidable"), review()->caseDecidable());
        out.insert(QStringLiteral("stateLabel"), review()->caseStateLabel());
        out.insert(QStringLiteral("fields"), review()->caseFields().size());
        out.insert(QStringLiteral("attachments"), review()->caseAttachments().size());
        out.insert(QStringLiteral("materials"), QJsonArray::fromVariantList(review()->caseMaterials()));
        return out;
    }

    QJsonObject decided(const std::function<void()> &decide)
    {
        decide();
        if (!waitFor([&] { return !review()->deciding() && !review()->loading(); }))
            return failed(QStringLiteral("the decision did not finish within 30 s"));
        return reviewState();
    }

    DeskProgram &m_desk;
    QQuickView &m_view;
    std::unique_ptr<sync::EnrolledDevice> m_device;
};

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QTranslator translator;
    const e2e::ActorArgs args = e2e::startActor(app, QStringLiteral("onewindow-desk"), translator);

    DeskOptions options;
    options.dataDir = args.dataDir;
    options.formsDir = args.formsDir;
    options.hubUrl = args.hubUrl;
    QString problem;
    auto desk = DeskProgram::open(options, SystemClock::instance(), &problem);
    if (!desk) {
        std::fprintf(stderr, "desk not opened: %s\n", qPrintable(problem));
        return 2;
    }
    app.installEventFilter(&desk->session());

    QQuickView view;
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.resize(1920, 1080);
    view.engine()->addImportPath(QStringLiteral("qrc:/"));
    view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Desk/DeskShell.qml")));
    if (view.status() != QQuickView::Ready) {
        std::fprintf(stderr, "the desk shell did not load\n");
        return 2;
    }
    view.show();

    DeskActor actor(*desk, view);
    const QJsonObject ready{{QStringLiteral("ok"), actor.device() != nullptr && desk->syncService() != nullptr},
                            {QStringLiteral("deviceId"), actor.device() ? actor.device()->deviceId() : QString()}};
    const int code = e2e::serve(ready, [&actor](const QJsonObject &c) { return actor.handle(c); });
    test::stopRecordingWarnings();
    return code;
}
