// The one-window loop end to end, every part a process of its own as in the field: the county
// hub (onewindow-hub, on SQLite, or on PostgreSQL with OW_HUB_BACKEND=postgres), a village kiosk
// and two desks of the service hall, each with its own data folder, its own encrypted store made
// by `onewindow store init` and its own enrollment by `onewindow sync enroll`; the window clerk's
// account cached by `onewindow-desk --add-operator`, the reviewer's made on the hub. The kiosk and
// the desks run the product's controllers in their shells offscreen (e2e_kiosk_actor,
// e2e_desk_actor; ActorLoop.h is their line protocol).
//
// A citizen fills the elderly allowance at the kiosk and stops with a pickup code; the clerk at
// desk A takes the draft over by the code and accepts; the kiosk wipes its copy; the reviewer at
// desk B asks for a correction; the clerk sees the reviewer's list and records the correction;
// the reviewer approves; the clerk issues the result; a progress query at the kiosk shows the
// case issued with every step, its departments and times, and no personal data. Screenshots of
// each side under tests/e2e/screenshots/. Any warning logged by a kiosk or desk fails it.
// A step slower than 2 s is named in the output. OW_E2E_KEEP=1 keeps the data folders and each
// part's log (the product's info lines; OW_E2E_LOG_RULES sets other logging rules).
#include "HubFixture.h"
#include "HubTestBackend.h"
#include "TestSupport.h"

#include "domain/CaseState.h"
#include "domain/Role.h"
#include "store/FolderStore.h"
#include "ui/scan/ImageCodes.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace ow;

namespace {

const QString kItem = QStringLiteral("elderly-allowance");
const QString kDepartment = QStringLiteral("11341125MB1772416M"); // the item's department (民政局)
const QString kDepartmentName = QStringLiteral("定远县民政局");
const QString kClerk = QStringLiteral("clerk.chen");
const QString kClerkPassword = QStringLiteral("Window#Clerk2026");
const QString kReviewer = QStringLiteral("civil.reviewer");
const QString kReviewerPassword = QStringLiteral("Reviewer#2026pass");
const QString kCitizenName = QStringLiteral("王秀兰"); // the kiosk's answers (test::elderlyAnswers)
const QString kCitizenMobile = QStringLiteral("13905501234");

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/e2e/screenshots");
    QDir().mkpath(dir);
    return dir;
}

QString tail(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll().right(3000));
}

// One kiosk or desk process, spoken to one JSON line at a time; its log goes to a file.
class ActorProcess
{
public:
    explicit ActorProcess(QString name)
        : m_name(std::move(name))
    {}
    ~ActorProcess() { stop(); }

    void start(const QString &program, const QStringList &args, const QString &logFile)
    {
        m_log = logFile;
        m_process.setStandardErrorFile(logFile);
        // The product's info lines too, with the time of each, for the failure message.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"),
                   qEnvironmentVariable("OW_E2E_LOG_RULES", QStringLiteral("ow.*.info=true")));
        env.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                   QStringLiteral("%{time process} %{category} %{type}: %{message}"));
        m_process.setProcessEnvironment(env);
        m_process.start(program, args);
    }
    // The first line the actor writes once it is up; empty when it did not come.
    QJsonObject ready() { return m_ready.isEmpty() ? (m_ready = readAnswer(120000)) : m_ready; }

    QJsonObject ask(const QJsonObject &command, int timeoutMs = 90000)
    {
        QElapsedTimer took;
        took.start();
        m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
        m_process.waitForBytesWritten(10000);
        const QJsonObject answer = readAnswer(timeoutMs);
        // Slow steps are named, to tell a loaded machine from a slow product.
        if (took.elapsed() > 2000)
            qInfo("%s: %s took %lld ms", qPrintable(m_name),
                  qPrintable(command.value(QStringLiteral("cmd")).toString()), took.elapsed());
        return answer;
    }
    QJsonObject ask(const QString &cmd, QJsonObject args = {})
    {
        args.insert(QStringLiteral("cmd"), cmd);
        return ask(args);
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ask(QStringLiteral("quit"));
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(20000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QProcess &process() { return m_process; }
    // For failure messages: who, and the end of its log.
    QString describe() const { return m_name + QStringLiteral(" log:\n") + tail(m_log); }

private:
    QJsonObject readAnswer(int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_process.canReadLine()) {
            if (m_process.state() == QProcess::NotRunning || deadline.hasExpired() ||
                !m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
                break;
        }
        if (!m_process.canReadLine())
            return QJsonObject{{QStringLiteral("ok"), false},
                               {QStringLiteral("error"), m_name + QStringLiteral(" gave no answer")}};
        return QJsonDocument::fromJson(m_process.readLine()).object();
    }

    QString m_name;
    QString m_log;
    QProcess m_process;
    QJsonObject m_ready;
};

QString why(const QJsonObject &answer, ActorProcess &actor)
{
    return QString::fromUtf8(QJsonDocument(answer).toJson(QJsonDocument::Compact)) + QLatin1Char('\n') +
           actor.describe();
}

} // namespace

// Fails the test with the answer and the actor's log unless the answer says ok.
#define ASK_OK(actor, answer) QVERIFY2((answer).value(QStringLiteral("ok")).toBool(), qPrintable(why(answer, actor)))

class TestOneLoop : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    std::unique_ptr<test::HubFixture> m_hub;
    QTemporaryDir m_root;
    QTranslator m_translator;
    ActorProcess m_kiosk{QStringLiteral("kiosk")};
    ActorProcess m_deskA{QStringLiteral("desk A (window clerk)")};
    ActorProcess m_deskB{QStringLiteral("desk B (reviewer)")};
    QElapsedTimer m_elapsed;
    QString m_idNumber;
    QString m_shortCode;
    QString m_draft;
    QString m_case;

    // The signed receipt code on any page of the acceptance notice; empty when none is found.
    QByteArray receiptCodeOnNotice() const
    {
        QTemporaryDir dir;
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (!dir.isValid() || pdftoppm.isEmpty() || m_notice.isEmpty())
            return {};
        QProcess render;
        render.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-gray"),
                                QStringLiteral("-png"), m_notice, dir.filePath(QStringLiteral("page"))});
        if (!render.waitForFinished(60000) || render.exitCode() != 0)
            return {};
        for (const QString &file : QDir(dir.path()).entryList({QStringLiteral("page*.png")}, QDir::Files, QDir::Name)) {
            const auto decoded = scan::imageCodes::decodeThorough(QImage(dir.filePath(file)));
            if (decoded)
                return decoded->payload;
        }
        return {};
    }
    QString m_notice; // the acceptance notice desk A printed (PDF)

    QString dataDir(const QString &name) const { return m_root.filePath(name); }

    // A program of the product with its arguments; its output and exit code.
    int run(const QString &program, const QStringList &args, const QByteArray &input = {}, QString *output = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForStarted(30000))
            return -1;
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        if (output)
            *output = QString::fromUtf8(p.readAll());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

    // The device's store made and enrolled with the hub by the admin tool, as when it is installed.
    bool install(const QString &name, const QString &storeName, const QString &deviceId, const QString &label)
    {
        const QString dir = dataDir(name);
        QDir().mkpath(dir);
        const QStringList db{QStringLiteral("--db"), FolderStore::databasePath(dir, storeName),
                             QStringLiteral("--key-file"), FolderStore::keyPath(dir, storeName)};
        QString out;
        if (run(QStringLiteral(OW_CLI),
                QStringList{QStringLiteral("store"), QStringLiteral("init")} + db +
                    QStringList{QStringLiteral("--device-id"), deviceId},
                {}, &out) != 0) {
            qWarning().noquote() << "store init failed:" << out;
            return false;
        }
        if (run(QStringLiteral(OW_CLI),
                QStringList{QStringLiteral("sync"), QStringLiteral("enroll")} + db +
                    QStringList{QStringLiteral("--hub"), m_hub->baseUrl(), QStringLiteral("--code"),
                                m_hub->enrollCode(), QStringLiteral("--name"), label},
                {}, &out) != 0) {
            qWarning().noquote() << "enrollment failed:" << out;
            return false;
        }
        return true;
    }

    QStringList actorArgs(const QString &name) const
    {
        return {QStringLiteral("--data"),  dataDir(name),
                QStringLiteral("--hub"),   m_hub->baseUrl(),
                QStringLiteral("--forms"), test::sourceDir() + QStringLiteral("/forms")};
    }

    void screenshot(ActorProcess &actor, const QString &name)
    {
        const QJsonObject shot =
            actor.ask(QStringLiteral("screenshot"),
                      {{QStringLiteral("path"), screenshotDir() + QStringLiteral("/oneloop-%1.png").arg(name)}});
        ASK_OK(actor, shot);
    }

    QJsonObject caseAtDeskA() { return m_deskA.ask(QStringLiteral("case"), {{QStringLiteral("number"), m_case}}); }

    bool inQueue(const QJsonObject &queue) const
    {
        for (const QJsonValue &row : queue.value(QStringLiteral("rows")).toArray()) {
            if (row.toObject().value(QStringLiteral("caseId")).toString() == m_case)
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_elapsed.start();
        QVERIFY(m_root.isValid());
        // OW_E2E_KEEP=1 keeps the data folders and logs of every part for a look afterwards.
        if (qEnvironmentVariableIsSet("OW_E2E_KEEP")) {
            m_root.setAutoRemove(false);
            qInfo("data folders and logs kept in %s", qPrintable(m_root.path()));
        }
        QVERIFY(m_translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);
        m_idNumber = test::idWithCheckDigit(QStringLiteral("34112519480302002"));
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(!m_backend.isPostgres() || !url.isEmpty(), qPrintable(error));
        m_hub = std::make_unique<test::HubFixture>(url);
        QVERIFY2(m_hub->start(), m_hub->log().constData());
        QVERIFY(m_hub->addOperator(kReviewer, QStringLiteral("reviewer"), kDepartment, kReviewerPassword));

        QVERIFY(install(QStringLiteral("kiosk"), QStringLiteral("kiosk"), QStringLiteral("K01"),
                        QStringLiteral("高塘村24小时自助驿站")));
        QVERIFY(install(QStringLiteral("deskA"), QStringLiteral("desk"), QStringLiteral("W01"),
                        QStringLiteral("县政务服务中心综合窗口1")));
        QVERIFY(install(QStringLiteral("deskB"), QStringLiteral("desk"), QStringLiteral("W02"),
                        QStringLiteral("县民政局审批席")));
        QString out;
        QCOMPARE(run(QStringLiteral(OW_DESK),
                     {QStringLiteral("--add-operator"), QStringLiteral("--data"), dataDir(QStringLiteral("deskA")),
                      QStringLiteral("--username"), kClerk, QStringLiteral("--role"), QStringLiteral("windowClerk"),
                      QStringLiteral("--display-name"), QStringLiteral("陈静")},
                     kClerkPassword.toUtf8() + '\n', &out),
                 0);

        // The three programs start side by side.
        m_kiosk.start(QStringLiteral(OW_KIOSK_ACTOR), actorArgs(QStringLiteral("kiosk")),
                      m_root.filePath(QStringLiteral("kiosk.log")));
        m_deskA.start(QStringLiteral(OW_DESK_ACTOR), actorArgs(QStringLiteral("deskA")),
                      m_root.filePath(QStringLiteral("deskA.log")));
        m_deskB.start(QStringLiteral(OW_DESK_ACTOR), actorArgs(QStringLiteral("deskB")),
                      m_root.filePath(QStringLiteral("deskB.log")));
        ASK_OK(m_kiosk, m_kiosk.ready());
        ASK_OK(m_deskA, m_deskA.ready());
        ASK_OK(m_deskB, m_deskB.ready());
        // Three enrollments: three devices as the hub knows them.
        const QSet<QString> devices{m_kiosk.ready().value(QStringLiteral("deviceId")).toString(),
                                    m_deskA.ready().value(QStringLiteral("deviceId")).toString(),
                                    m_deskB.ready().value(QStringLiteral("deviceId")).toString()};
        QCOMPARE(devices.size(), 3);
        QVERIFY(!devices.contains(QString()));
        qInfo("hub (%s), kiosk and two desks up after %lld ms", qPrintable(m_backend.name()), m_elapsed.elapsed());
    }

    void cleanupTestCase()
    {
        m_kiosk.stop();
        m_deskA.stop();
        m_deskB.stop();
        if (!m_root.autoRemove() && m_hub) {
            QFile hubLog(m_root.filePath(QStringLiteral("hub.log")));
            if (hubLog.open(QIODevice::WriteOnly))
                hubLog.write(m_hub->log());
        }
        QCoreApplication::removeTranslator(&m_translator);
        qInfo("the loop took %lld ms on %s", m_elapsed.elapsed(), qPrintable(m_backend.name()));
    }

    void citizenStopsAtTheKiosk()
    {
        const QJsonObject stopped = m_kiosk.ask(
            QStringLiteral("fillAndStop"),
            {{QStringLiteral("item"), kItem}, {QStringLiteral("idNumber"), m_idNumber}, {QStringLiteral("pages"), 1}});
        ASK_OK(m_kiosk, stopped);
        QVERIFY(stopped.value(QStringLiteral("answered")).toInt() > 0);
        m_shortCode = stopped.value(QStringLiteral("shortCode")).toString();
        m_draft = stopped.value(QStringLiteral("draft")).toString();
        QVERIFY2(
            QRegularExpression(QStringLiteral("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")).match(m_shortCode).hasMatch(),
            qPrintable(m_shortCode));
        QVERIFY2(m_draft.startsWith(QStringLiteral("K01-")), qPrintable(m_draft));
        QVERIFY(stopped.value(QStringLiteral("pickupCode")).toString().startsWith(QStringLiteral("OWP1|")));
        // Nothing of the citizen is left on screen.
        QVERIFY(stopped.value(QStringLiteral("identityEmpty")).toBool());
        screenshot(m_kiosk, QStringLiteral("kiosk-pickup"));
        // The kiosk's sync relays the draft to the hub.
        const QJsonObject synced = m_kiosk.ask(QStringLiteral("sync"));
        ASK_OK(m_kiosk, synced);
        QCOMPARE(synced.value(QStringLiteral("pending")).toInt(), 0);
        const QJsonObject draft = m_kiosk.ask(QStringLiteral("draft"), {{QStringLiteral("number"), m_draft}});
        ASK_OK(m_kiosk, draft);
        QVERIFY(!draft.value(QStringLiteral("purged")).toBool());
    }

    void clerkTakesTheDraftOverAndAccepts()
    {
        const QJsonObject signedIn = m_deskA.ask(
            QStringLiteral("signIn"), {{QStringLiteral("user"), kClerk}, {QStringLiteral("password"), kClerkPassword}});
        ASK_OK(m_deskA, signedIn);
        QCOMPARE(signedIn.value(QStringLiteral("page")).toString(), QStringLiteral("accept"));
        QVERIFY(signedIn.value(QStringLiteral("pages")).toArray().contains(QStringLiteral("issue")));

        // Typed as printed on the slip.
        const QJsonObject taken = m_deskA.ask(QStringLiteral("takeOver"), {{QStringLiteral("code"), m_shortCode}});
        ASK_OK(m_deskA, taken);
        QCOMPARE(taken.value(QStringLiteral("takenDraft")).toString(), m_draft);
        QCOMPARE(taken.value(QStringLiteral("itemId")).toString(), kItem);
        QVERIFY(taken.value(QStringLiteral("identified")).toBool());
        QCOMPARE(taken.value(QStringLiteral("applicantMasked")).toString(),
                 m_idNumber.left(3) + QStringLiteral("***********") + m_idNumber.right(4));
        const QJsonArray answered = taken.value(QStringLiteral("answered")).toArray();
        QVERIFY2(answered.contains(QStringLiteral("applicantName")) &&
                     answered.contains(QStringLiteral("applicantMobile")),
                 qPrintable(QString::fromUtf8(QJsonDocument(answered).toJson(QJsonDocument::Compact))));
        screenshot(m_deskA, QStringLiteral("deskA-taken-over"));

        // The kiosk hears of the takeover and wipes its copy.
        ASK_OK(m_kiosk, m_kiosk.ask(QStringLiteral("sync")));
        const QJsonObject wiped = m_kiosk.ask(QStringLiteral("draft"), {{QStringLiteral("number"), m_draft}});
        ASK_OK(m_kiosk, wiped);
        QVERIFY2(wiped.value(QStringLiteral("purged")).toBool(), qPrintable(why(wiped, m_kiosk)));
        QCOMPARE(wiped.value(QStringLiteral("filesWithContent")).toInt(), 0);

        const QJsonObject accepted = m_deskA.ask(QStringLiteral("completeAndAccept"));
        ASK_OK(m_deskA, accepted);
        m_case = accepted.value(QStringLiteral("caseNumber")).toString();
        QVERIFY2(m_case.startsWith(QStringLiteral("W01-")), qPrintable(m_case));
        QVERIFY(accepted.value(QStringLiteral("notice")).toString().endsWith(m_case + QStringLiteral(".pdf")));
        QVERIFY(QFile::exists(accepted.value(QStringLiteral("notice")).toString()));
        m_notice = accepted.value(QStringLiteral("notice")).toString();
        QVERIFY(accepted.value(QStringLiteral("takenDraftAfter")).toString().isEmpty()); // the next citizen
        QJsonObject atDesk = caseAtDeskA();
        ASK_OK(m_deskA, atDesk);
        QVERIFY(atDesk.value(QStringLiteral("outboxPending")).toInt() >= 1);
        // The desk's sync sends the case to the hub.
        const QJsonObject synced = m_deskA.ask(QStringLiteral("sync"));
        ASK_OK(m_deskA, synced);
        atDesk = caseAtDeskA();
        QCOMPARE(atDesk.value(QStringLiteral("outboxPending")).toInt(), 0);
        QCOMPARE(atDesk.value(QStringLiteral("state")).toString(), caseState::key(CaseState::Received));
    }

    void reviewerAsksForACorrection()
    {
        QVERIFY(!m_case.isEmpty());
        const QJsonObject signedIn =
            m_deskB.ask(QStringLiteral("signIn"),
                        {{QStringLiteral("user"), kReviewer}, {QStringLiteral("password"), kReviewerPassword}});
        ASK_OK(m_deskB, signedIn);
        QVERIFY(!signedIn.value(QStringLiteral("offline")).toBool()); // through the hub
        QCOMPARE(signedIn.value(QStringLiteral("department")).toString(), kDepartment);
        QVERIFY(!signedIn.value(QStringLiteral("pages")).toArray().contains(QStringLiteral("accept")));

        const QJsonObject queue = m_deskB.ask(QStringLiteral("refreshQueue"));
        ASK_OK(m_deskB, queue);
        QVERIFY2(inQueue(queue), qPrintable(why(queue, m_deskB)));
        const QJsonObject opened = m_deskB.ask(QStringLiteral("openCase"), {{QStringLiteral("caseId"), m_case}});
        ASK_OK(m_deskB, opened);
        QVERIFY(opened.value(QStringLiteral("decidable")).toBool());
        QVERIFY(opened.value(QStringLiteral("fields")).toInt() > 0);
        QVERIFY(opened.value(QStringLiteral("materials")).toArray().contains(QStringLiteral("居民户口簿")));
        screenshot(m_deskB, QStringLiteral("deskB-case"));

        const QJsonObject asked =
            m_deskB.ask(QStringLiteral("requestCorrection"),
                        {{QStringLiteral("missing"), QJsonArray{QStringLiteral("居民户口簿")}},
                         {QStringLiteral("other"), QStringLiteral("户口簿户主页和本人页的清晰扫描件")}});
        ASK_OK(m_deskB, asked);
        // Decided: the case has left the queue's decidable cases.
        const QJsonObject after = m_deskB.ask(QStringLiteral("openCase"), {{QStringLiteral("caseId"), m_case}});
        ASK_OK(m_deskB, after);
        QVERIFY(!after.value(QStringLiteral("decidable")).toBool());
        QCOMPARE(after.value(QStringLiteral("stateLabel")).toString(),
                 caseState::label(CaseState::CorrectionRequested));
    }

    void clerkRecordsTheCorrection()
    {
        QVERIFY(!m_case.isEmpty());
        ASK_OK(m_deskA, m_deskA.ask(QStringLiteral("sync")));
        QJsonObject atDesk = caseAtDeskA();
        ASK_OK(m_deskA, atDesk);
        QCOMPARE(atDesk.value(QStringLiteral("state")).toString(), caseState::key(CaseState::CorrectionRequested));
        // The reviewer's one complete list, as the clerk reads it.
        const QJsonArray history = atDesk.value(QStringLiteral("history")).toArray();
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.last().toObject().value(QStringLiteral("note")).toString(),
                 QStringLiteral("1. 居民户口簿\n2. 户口簿户主页和本人页的清晰扫描件"));

        const QJsonObject recorded = m_deskA.ask(
            QStringLiteral("recordCorrection"),
            {{QStringLiteral("number"), m_case},
             {QStringLiteral("material"), QStringLiteral("householdRegister")},
             {QStringLiteral("file"), test::sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png")}});
        ASK_OK(m_deskA, recorded);
        atDesk = caseAtDeskA();
        QCOMPARE(atDesk.value(QStringLiteral("state")).toString(), caseState::key(CaseState::Received));
        QVERIFY(atDesk.value(QStringLiteral("outboxPending")).toInt() >= 1);
        ASK_OK(m_deskA, m_deskA.ask(QStringLiteral("sync")));
        QCOMPARE(caseAtDeskA().value(QStringLiteral("outboxPending")).toInt(), 0);
    }

    void reviewerApproves()
    {
        QVERIFY(!m_case.isEmpty());
        const QJsonObject queue = m_deskB.ask(QStringLiteral("refreshQueue"));
        ASK_OK(m_deskB, queue);
        QVERIFY2(inQueue(queue), qPrintable(why(queue, m_deskB)));
        const QJsonObject opened = m_deskB.ask(QStringLiteral("openCase"), {{QStringLiteral("caseId"), m_case}});
        ASK_OK(m_deskB, opened);
        QVERIFY(opened.value(QStringLiteral("decidable")).toBool());
        QVERIFY(opened.value(QStringLiteral("attachments")).toInt() > 0); // what the citizen brought
        const QJsonObject approved = m_deskB.ask(QStringLiteral("approve"),
                                                 {{QStringLiteral("opinion"), QStringLiteral("材料齐全，符合条件。")}});
        ASK_OK(m_deskB, approved);
        screenshot(m_deskB, QStringLiteral("deskB-approved"));
    }

    void clerkIssuesTheResult()
    {
        QVERIFY(!m_case.isEmpty());
        ASK_OK(m_deskA, m_deskA.ask(QStringLiteral("sync")));
        const QJsonObject atDesk = caseAtDeskA();
        QCOMPARE(atDesk.value(QStringLiteral("state")).toString(), caseState::key(CaseState::Approved));
        // The reviewer's opinion came with the decision.
        QCOMPARE(atDesk.value(QStringLiteral("history"))
                     .toArray()
                     .last()
                     .toObject()
                     .value(QStringLiteral("note"))
                     .toString(),
                 QStringLiteral("材料齐全，符合条件。"));
        ASK_OK(m_deskA, m_deskA.ask(QStringLiteral("page"), {{QStringLiteral("page"), QStringLiteral("issue")}}));
        const QJsonObject toIssue = m_deskA.ask(QStringLiteral("toIssue"));
        ASK_OK(m_deskA, toIssue);
        const QJsonArray rows = toIssue.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().toObject().value(QStringLiteral("number")).toString(), m_case);
        QVERIFY(rows.first().toObject().value(QStringLiteral("approved")).toBool());
        screenshot(m_deskA, QStringLiteral("deskA-to-issue"));

        const QJsonObject issued =
            m_deskA.ask(QStringLiteral("issueInPerson"), {{QStringLiteral("number"), m_case},
                                                          {QStringLiteral("name"), kCitizenName},
                                                          {QStringLiteral("idNumber"), m_idNumber}});
        ASK_OK(m_deskA, issued);
        QCOMPARE(issued.value(QStringLiteral("waitingToSend")).toInt(), 1);
        QCOMPARE(caseAtDeskA().value(QStringLiteral("state")).toString(), caseState::key(CaseState::Issued));
        ASK_OK(m_deskA, m_deskA.ask(QStringLiteral("sync")));
        QCOMPARE(caseAtDeskA().value(QStringLiteral("outboxPending")).toInt(), 0);
        QVERIFY(m_deskA.ask(QStringLiteral("toIssue")).value(QStringLiteral("rows")).toArray().isEmpty());
    }

    void progressAtTheKioskShowsEveryStep()
    {
        QVERIFY(!m_case.isEmpty());
        // The citizen scans the receipt code printed on the window's acceptance notice: the page
        // rendered (pdftoppm) and read back by our decoder.
        const QByteArray code = receiptCodeOnNotice();
        QVERIFY2(code.startsWith("OWR1|"), code.constData());
        QVERIFY(code.contains(m_case.toUtf8()));
        const QJsonObject shown =
            m_kiosk.ask(QStringLiteral("progress"), {{QStringLiteral("code"), QString::fromUtf8(code)}});
        ASK_OK(m_kiosk, shown);
        QCOMPARE(shown.value(QStringLiteral("screen")).toString(), QStringLiteral("progress"));
        const QJsonObject result = shown.value(QStringLiteral("result")).toObject();
        QCOMPARE(result.value(QStringLiteral("caseNumber")).toString(), m_case);
        QCOMPARE(result.value(QStringLiteral("state")).toString(), caseState::key(CaseState::Issued));
        QCOMPARE(result.value(QStringLiteral("department")).toString(), kDepartmentName);

        // Every step in order, each with its department and time.
        const QStringList expected{caseState::label(CaseState::Received),
                                   caseState::label(CaseState::CorrectionRequested),
                                   caseState::label(CaseState::Received), caseState::label(CaseState::Approved),
                                   caseState::label(CaseState::Issued)};
        QStringList labels;
        QList<bool> paused;
        QString previous;
        for (const QJsonValue &v : result.value(QStringLiteral("steps")).toArray()) {
            const QJsonObject step = v.toObject();
            labels << step.value(QStringLiteral("label")).toString();
            paused << step.value(QStringLiteral("paused")).toBool();
            QCOMPARE(step.value(QStringLiteral("department")).toString(), kDepartmentName);
            const QString at = step.value(QStringLiteral("at")).toString();
            QVERIFY2(!at.isEmpty() && at >= previous, qPrintable(at));
            previous = at;
        }
        QCOMPARE(labels, expected);
        // The clock waited for the citizen's correction only; once decided it is stopped, not paused.
        QCOMPARE(paused, (QList<bool>{false, true, false, false, false}));
        QVERIFY(!result.value(QStringLiteral("paused")).toBool());
        // Who used the case's data, in words: the reviewer of the department opened the case and
        // decided (twice each), the window handed the result over.
        const auto said = [](const char *what) { return QCoreApplication::translate("ow::ProgressLookup", what); };
        QStringList uses;
        for (const QJsonValue &v : result.value(QStringLiteral("dataUse")).toArray())
            uses << v.toObject().value(QStringLiteral("who")).toString() + QLatin1Char(' ') +
                        v.toObject().value(QStringLiteral("what")).toString();
        const QString reviewer = QCoreApplication::translate("ow::ProgressLookup", "%1 (%2)", "who (department)")
                                     .arg(role::label(Role::DepartmentReviewer), kDepartmentName);
        QVERIFY2(uses.filter(reviewer + QLatin1Char(' ') + said("opened the application to review it")).size() >= 2,
                 qPrintable(uses.join(u'\n')));
        QCOMPARE(uses.filter(reviewer + QLatin1Char(' ') + said("recorded a decision")).size(), 2);
        QCOMPARE(uses.last(), said("A kiosk or service window") + QLatin1Char(' ') + said("handed the result over"));
        QVERIFY2(uses.filter(QRegularExpression(QStringLiteral("[a-z]+_[a-z]+|[a-z]+$"))).isEmpty(),
                 qPrintable(uses.join(u'\n')));
        screenshot(m_kiosk, QStringLiteral("kiosk-progress"));

        // No personal data: not in the answer, not on the screen.
        const QString everything = QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Compact));
        for (const QString &personal : {m_idNumber, m_idNumber.mid(6, 8), kCitizenName, kCitizenMobile})
            QVERIFY2(!everything.contains(personal), qPrintable(personal));
    }

    void noWarnings()
    {
        for (ActorProcess *actor : {&m_kiosk, &m_deskA, &m_deskB}) {
            const QJsonObject answer = actor->ask(QStringLiteral("warnings"));
            ASK_OK(*actor, answer);
            QStringList warnings;
            for (const QJsonValue &w : answer.value(QStringLiteral("warnings")).toArray()) {
                // Qt Multimedia (the kiosk's camera watch) on a machine without a sound server.
                if (!w.toString().startsWith(QStringLiteral("PulseAudioService:")))
                    warnings << w.toString();
            }
            QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n') + QLatin1Char('\n') + actor->describe()));
        }
    }
};

QTEST_GUILESS_MAIN(TestOneLoop)
#include "tst_oneloop.moc"
