// Two citizens' whole visits at a village kiosk enrolled with the real county hub (a hub process
// on loopback, SQLite): the ID card on the simulated GA 467 reader, the form, a material taken
// by the (demonstration) camera, consent, submit — the case sealed in the encrypted store; its
// receipt written as a PDF whose QR, decoded from the rendered page by our own decoder, verifies
// as this kiosk's signed receipt for that case; the kiosk's background sync sends it; then a
// second kiosk (its own store and enrollment) looks the receipt up and shows the case's steps,
// before and after the department asks for a correction, and so does a third kiosk running as a
// process of its own (kiosk_progress_client). Screenshots of the receipt and the
// progress screen in both orientations under tests/kiosk/screenshots/kioskhub-*.png.
#include "HubFixture.h"
#include "KioskTestSupport.h"
#include "TestSupport.h"

#include "HelpCall.h"
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStore.h"
#include "KioskSync.h"
#include "ProgressLookup.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "crypto/Keys.h"
#include "domain/IdNumber.h"
#include "domain/SpecialProcedure.h"
#include "print/Documents.h"
#include "scan/IdCardReader.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "ui/CatalogService.h"
#include "ui/print/PrintService.h"
#include "ui/scan/ImageCodes.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;

namespace {

const QString kReviewer = QStringLiteral("civil.reviewer"); // the elderly allowance's department
const QString kPassword = QStringLiteral("Reviewer#2024pass");

// One kiosk: its data folder, encrypted store, enrollment and link to the hub, as main() has them.
struct Kiosk
{
    QTemporaryDir dir;
    KioskStore store;
    std::unique_ptr<KioskSync> link;
    std::unique_ptr<KioskSession> session;
};

// Answers whatever the form asks on its current page with plausible values for a fictitious
// elderly applicant; the identity's own fields are prefilled from the card.
void answerPage(FormController &form)
{
    for (int i = 0; i < form.rowCount(); ++i) {
        const QModelIndex index = form.index(i);
        if (!index.data(FormController::VisibleRole).toBool())
            continue;
        const QVariant value = index.data(FormController::ValueRole);
        if (value.isValid() && !value.isNull() && !value.toString().isEmpty())
            continue;
        const QString id = index.data(FormController::FieldIdRole).toString();
        const QString type = index.data(FormController::TypeRole).toString();
        const QVariantList options = index.data(FormController::OptionsRole).toList();
        QVariant answer;
        if (id.contains(QLatin1String("Mobile")))
            answer = QStringLiteral("13905501234");
        else if (type == QLatin1String("yesNo"))
            answer = false;
        else if (type == QLatin1String("choice") && !options.isEmpty())
            answer = options.first().toMap().value(QStringLiteral("value"));
        else if (type == QLatin1String("multiChoice") && !options.isEmpty())
            answer = QStringList{options.first().toMap().value(QStringLiteral("value")).toString()};
        else if (type == QLatin1String("region"))
            answer = QStringLiteral("341125");
        else if (type == QLatin1String("address"))
            answer = QStringLiteral("定远县炉桥镇高塘村12号");
        else if (type == QLatin1String("bankCard"))
            answer = QStringLiteral("6230 5100 1234 5678 903");
        else if (type == QLatin1String("money") || type == QLatin1String("number") || type == QLatin1String("integer"))
            answer = QStringLiteral("300");
        else if (type == QLatin1String("date"))
            answer = QStringLiteral("1946-05-01");
        else if (type == QLatin1String("signature"))
            answer = QStringLiteral("sig:1");
        else if (type == QLatin1String("text") || type == QLatin1String("multiline"))
            answer = QStringLiteral("演示");
        if (answer.isValid())
            form.setValue(i, answer);
    }
}

QByteArray runTool(const QString &tool, const QStringList &args)
{
    QProcess p;
    p.start(tool, args);
    if (!p.waitForStarted(10000)) {
        qWarning("%s is missing: scripts/setup installs poppler-utils", qPrintable(tool));
        return {};
    }
    p.waitForFinished(60000);
    return p.readAllStandardOutput();
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestKioskHub : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};
    test::HubFixture m_hub;
    Kiosk m_village; // takes the applications
    Kiosk m_town;    // another kiosk of the county, where the citizen asks later
    Kiosk m_office;  // a third one, run as a process of its own (kiosk_progress_client)
    print::PrintService m_printer;
    QString m_villageReceipt; // a receipt the village kiosk printed, and its case number
    QString m_villageNumber;

    bool enroll(Kiosk &kiosk, const QString &name)
    {
        if (!kiosk.dir.isValid())
            return false;
        kiosk.store = KioskStore::open(kiosk.dir.path(), SystemClock::instance());
        if (!kiosk.store.store)
            return false;
        sync::TransportConfig config;
        config.baseUrl = m_hub.baseUrl();
        auto transport = sync::CurlTransport::create(config);
        if (!transport.ok())
            return false;
        // As `onewindow sync enroll` does it on the kiosk's store.
        auto device = sync::EnrolledDevice::enroll(*kiosk.store.store, **transport, m_hub.enrollCode(), name);
        if (!device.ok()) {
            qWarning() << device.error().logDetail;
            return false;
        }
        KioskOptions options;
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        kiosk.link = KioskSync::start(options, kiosk.dir.path(), *kiosk.store.store, SystemClock::instance(), &problem);
        if (!kiosk.link || !kiosk.link->service()) {
            qWarning() << "no hub link:" << problem;
            return false;
        }
        kiosk.session = std::make_unique<KioskSession>(&m_catalog, true);
        kiosk.session->setStore(kiosk.store.store.get());
        kiosk.session->setDevice(&kiosk.link->device());
        kiosk.session->progress()->setLink(kiosk.link->transport(), &kiosk.link->device(), &SystemClock::instance());
        kiosk.session->progress()->setTrust(&kiosk.link->receiptTrust());
        kiosk.session->materials()->setCameraDir(QStringLiteral(":/demo-materials"));
        return true;
    }

    // A whole visit for `itemId` with a card on the reader; returns the receipt shown.
    QVariantMap visit(KioskSession &s, const QString &itemId)
    {
        s.wipe();
        s.openChooser();
        s.chooseItem(itemId);
        s.startApplication();
        if (s.screen() != KioskSession::Identify)
            return {};
        s.cardReader()->tapDemoCard(); // read through the pseudo-terminal by the real GA 467 reader
        if (!QTest::qWaitFor([&] { return s.identity()->valid(); }, 10000))
            return {};
        s.confirmIdentity();
        FormController &form = *s.form();
        for (int page = 0; page < 20 && s.screen() == KioskSession::Form; ++page) {
            answerPage(form);
            if (form.next())
                s.reviewForm();
        }
        if (s.screen() == KioskSession::Materials) {
            for (const QVariant &v : s.materials()->rows()) {
                const QVariantMap row = v.toMap();
                if (row.value(QStringLiteral("state")).toString() == QLatin1String("missing"))
                    s.materials()->capture(row.value(QStringLiteral("id")).toString());
            }
            s.confirmMaterials();
        }
        s.openConsent();
        s.agreeAndSubmit();
        if (s.screen() != KioskSession::Receipt) {
            QStringList problems;
            for (int i = 0; i < form.rowCount(); ++i) {
                const QString error = form.index(i).data(FormController::ErrorRole).toString();
                if (!error.isEmpty())
                    problems << form.index(i).data(FormController::FieldIdRole).toString() + QLatin1Char('=') +
                                    form.index(i).data(FormController::TypeRole).toString() + QLatin1Char(':') + error;
            }
            qWarning() << "no receipt for" << itemId << "on" << s.screen() << s.submitError()
                       << s.materials()->problem() << problems;
        }
        return s.receipt();
    }

    void verifyReceiptPdf(const QVariantMap &receipt)
    {
        QTemporaryDir out;
        const QString pdf = out.filePath(QStringLiteral("receipt.pdf"));
        QVERIFY2(m_printer.saveReceiptPdf(receipt, pdf), qPrintable(m_printer.message()));
        const QString text = QString::fromUtf8(runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")}));
        QVERIFY2(!text.isEmpty(), "pdftotext read nothing");
        QVERIFY(text.contains(receipt.value(QStringLiteral("applicant")).toString()));
        QVERIFY(!text.contains(IdentityEntry::demoIdNumber()));
        QVERIFY(!print::containsFullIdNumber(text));
        const QString prefix = out.filePath(QStringLiteral("page"));
        runTool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("200"), QStringLiteral("-gray"),
                                             QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf, prefix});
        const QImage page(prefix + QStringLiteral(".png"));
        QVERIFY2(!page.isNull(), "pdftoppm wrote no page");
        const auto decoded = scan::imageCodes::decodeThorough(page);
        QVERIFY2(decoded, "no code on the rendered receipt");
        scan::TrustStore trust; // the village kiosk's key, as the hub knows it
        OW_VERIFY_OK(trust.addDevice(m_village.link->device().deviceId(),
                                     m_village.link->device().signingKey().publicKey().toDer()));
        const scan::Classification c =
            scan::classify(decoded->payload, {QDateTime::currentDateTimeUtc(), nullptr, &trust});
        QCOMPARE(c.kind, scan::PayloadKind::CaseReceipt);
        QVERIFY2(c.accepted(), c.problem ? qPrintable(c.problem->logDetail) : "");
        QCOMPARE(std::get<scan::CaseReceiptInfo>(c.details).caseNumber, receipt.value(QStringLiteral("number")));
    }

    // What the third kiosk, a process of its own, shows for the receipt code `code`.
    QJsonObject askInAnotherProcess(const QString &code)
    {
        QProcess client;
        client.start(QStringLiteral(OW_PROGRESS_CLIENT),
                     {QStringLiteral("--data"), m_office.dir.path(), QStringLiteral("--hub"), m_hub.baseUrl(),
                      QStringLiteral("--forms"), test::sourceDir() + QStringLiteral("/forms"), QStringLiteral("--code"),
                      code});
        if (!client.waitForFinished(60000) || client.exitStatus() != QProcess::NormalExit || client.exitCode() != 0) {
            qWarning() << "kiosk_progress_client failed:" << client.exitCode() << client.readAllStandardError();
            return {};
        }
        return QJsonDocument::fromJson(client.readAllStandardOutput().trimmed()).object();
    }

    // The progress screen of `kiosk` in a real offscreen window, saved in both orientations.
    // `shown`: an item's objectName and the text it must show.
    void screenshot(KioskSession &session, const QString &name, const QPair<QString, QString> &shown = {})
    {
        KioskSession::setInstance(&session);
        QQuickView view;
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.engine()->addImportPath(QStringLiteral("qrc:/"));
        view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        QCOMPARE(view.status(), QQuickView::Ready);
        for (const QSize size : {QSize(1080, 1920), QSize(1920, 1080)}) {
            view.resize(size);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QTRY_COMPARE(view.rootObject()->size(), QSizeF(size));
            QTest::qWait(50);
            if (!shown.first.isEmpty()) {
                QQuickItem *text = test::findVisible(view.rootObject(), shown.first);
                QVERIFY2(text, qPrintable(shown.first));
                QCOMPARE(text->property("text").toString(), shown.second);
            }
            const QImage image = view.grabWindow();
            QVERIFY(image.save(screenshotDir() + QStringLiteral("/kioskhub-%1-%2.png")
                                                     .arg(name, size.width() > size.height()
                                                                    ? QStringLiteral("landscape")
                                                                    : QStringLiteral("portrait"))));
        }
        KioskSession::setInstance(nullptr);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog);
        print::PrintService::setInstance(&m_printer);
        m_printer.setPageFormat(QStringLiteral("thermal-80"));
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        QVERIFY(
            m_hub.addOperator(kReviewer, QStringLiteral("reviewer"), QStringLiteral("11341125MB1772416M"), kPassword));
        QVERIFY(enroll(m_village, QStringLiteral("village kiosk")));
        QVERIFY(enroll(m_town, QStringLiteral("town kiosk")));
        // The third kiosk is enrolled here, then closed: its own process opens the store later.
        QVERIFY(enroll(m_office, QStringLiteral("office kiosk")));
        m_office.session.reset();
        m_office.link.reset();
        m_office.store = {};
        QVERIFY(m_village.session->cardReader()->openSimulator());
        m_village.session->cardReader()->reader()->setPollIntervalMs(20);
    }

    void cleanupTestCase()
    {
        for (Kiosk *k : {&m_village, &m_town, &m_office}) {
            k->session.reset();
            k->link.reset();
            k->store.store.reset();
        }
        print::PrintService::setInstance(nullptr);
        CatalogService::setInstance(nullptr);
    }

    void twoVisitsSentAndLookedUpElsewhere()
    {
        KioskSession &village = *m_village.session;
        QStringList numbers;
        QList<QVariantMap> receipts;
        for (const QString &item :
             {QStringLiteral("elderly-allowance"), QStringLiteral("resident-pension-enrolment")}) {
            const QVariantMap receipt = visit(village, item);
            QCOMPARE(village.screen(), KioskSession::Receipt);
            QVERIFY(receipt.value(QStringLiteral("sealed")).toBool());
            QVERIFY(receipt.value(QStringLiteral("receiptCode")).toString().startsWith(QLatin1String("OWR1|")));
            // The applicant masked (the demo cards take turns on the reader).
            QVERIFY(receipt.value(QStringLiteral("applicant")).toString().contains(QStringLiteral("***********")));
            // Sealed in the store, with its material, before anything is sent.
            const QString number = receipt.value(QStringLiteral("number")).toString();
            const auto stored = m_village.store.store->cases().findByNumber(number);
            OW_VERIFY_OK(stored);
            QVERIFY(stored->has_value());
            QCOMPARE((*stored)->state, CaseState::Received);
            QVERIFY((*stored)->syncState != SyncState::Local);
            QVERIFY(!m_village.store.store->attachments().forCase(number)->isEmpty());
            verifyReceiptPdf(receipt);
            if (QTest::currentTestFailed())
                return;
            numbers << number;
            receipts << receipt;
        }
        screenshot(village, QStringLiteral("receipt"));
        m_villageReceipt = receipts[0].value(QStringLiteral("receiptCode")).toString();
        m_villageNumber = numbers[0];

        // The background sync sends both cases to the hub.
        m_village.link->service()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(*m_village.store.store->outbox().pendingCount(), 0, 30000);

        // At the town kiosk: the receipt's code, as its scanner would read it.
        KioskSession &town = *m_town.session;
        town.openFeature(QStringLiteral("progress"));
        QCOMPARE(town.screen(), KioskSession::Progress);
        town.handleScan(receipts[0].value(QStringLiteral("receiptCode")).toString().toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!town.progress()->busy(), 20000);
        QVERIFY2(town.progress()->error().isEmpty(), qPrintable(town.progress()->error()));
        QVariantMap result = town.progress()->result();
        QCOMPARE(result.value(QStringLiteral("caseNumber")).toString(), numbers[0]);
        QCOMPARE(result.value(QStringLiteral("state")).toString(), QStringLiteral("received"));

        // The department asks for a correction: the town kiosk shows the step and the paused clock.
        const QByteArray token = m_hub.login(kReviewer, kPassword);
        QVERIFY(!token.isEmpty());
        const QString packetId = m_hub.packetIdOf(token, numbers[0]);
        QVERIFY(!packetId.isEmpty());
        // The case says where it was taken, for the hall's figures by channel (1.16).
        const test::HttpResponse opened =
            m_hub.get("/v1/cases/" + numbers[0].toLatin1(), {{"Authorization", "Bearer " + token}});
        QVERIFY2(opened.status == 200, opened.body.constData());
        QCOMPARE(QJsonDocument::fromJson(opened.body)
                     .object()
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("channel"))
                     .toString(),
                 QStringLiteral("kiosk"));
        QCOMPARE(m_hub
                     .decide(token, numbers[0], packetId, QStringLiteral("correctionRequested"),
                             QStringLiteral("请补充户口簿首页"))
                     .status,
                 200);
        town.handleScan(receipts[0].value(QStringLiteral("receiptCode")).toString().toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!town.progress()->busy(), 20000);
        result = town.progress()->result();
        QCOMPARE(result.value(QStringLiteral("state")).toString(), QStringLiteral("correctionRequested"));
        QVERIFY(result.value(QStringLiteral("paused")).toBool());
        QCOMPARE(result.value(QStringLiteral("steps")).toList().size(), 2);
        QVERIFY(!result.value(QStringLiteral("dataUse")).toList().isEmpty());
        screenshot(town, QStringLiteral("progress"));

        // The same at a kiosk that runs as a process of its own, with its own store and key.
        const QJsonObject elsewhere = askInAnotherProcess(receipts[0].value(QStringLiteral("receiptCode")).toString());
        QCOMPARE(elsewhere.value(QStringLiteral("screen")).toString(), KioskSession::Progress);
        QCOMPARE(elsewhere.value(QStringLiteral("error")).toString(), QString());
        QCOMPARE(elsewhere.value(QStringLiteral("caseNumber")).toString(), numbers[0]);
        QCOMPARE(elsewhere.value(QStringLiteral("state")).toString(), QStringLiteral("correctionRequested"));
        QVERIFY(elsewhere.value(QStringLiteral("paused")).toBool());
        QCOMPARE(elsewhere.value(QStringLiteral("steps")).toInt(), 2);
        QVERIFY(elsewhere.value(QStringLiteral("dataUse")).toInt() > 0);
        // The second case too, still as received.
        const QJsonObject second = askInAnotherProcess(receipts[1].value(QStringLiteral("receiptCode")).toString());
        QCOMPARE(second.value(QStringLiteral("caseNumber")).toString(), numbers[1]);
        QCOMPARE(second.value(QStringLiteral("state")).toString(), QStringLiteral("received"));

        // The department starts a special procedure (特别程序) on the second case: the town kiosk
        // shows it as a paused step with its kind and expected end, never the reviewer's reason.
        const QString pensionReviewer = QStringLiteral("pension.reviewer"); // the pension enrolment's department
        QVERIFY(m_hub.addOperator(pensionReviewer, QStringLiteral("reviewer"), QStringLiteral("11341125MB1772539N"),
                                  kPassword));
        const QByteArray pensionToken = m_hub.login(pensionReviewer, kPassword);
        const QString secondPacket = m_hub.packetIdOf(pensionToken, numbers[1]);
        QVERIFY(!secondPacket.isEmpty());
        const QDate expectedEnd = QDateTime::currentDateTimeUtc().addSecs(8 * 3600).date().addDays(25);
        const QString reason = QStringLiteral("需对申请人住所进行现场检验");
        const test::HttpResponse started = m_hub.postJson(
            "/v1/cases/" + numbers[1].toLatin1() + "/decision",
            QJsonObject{{QStringLiteral("decision"), QStringLiteral("suspended")},
                        {QStringLiteral("packetId"), secondPacket},
                        {QStringLiteral("opinion"), reason},
                        {QStringLiteral("procedure"),
                         QJsonObject{{QStringLiteral("kind"), QStringLiteral("inspection")},
                                     {QStringLiteral("expectedEnd"), expectedEnd.toString(Qt::ISODate)}}}},
            {{"Authorization", "Bearer " + pensionToken}});
        QVERIFY2(started.status == 200, started.body.constData());
        town.handleScan(receipts[1].value(QStringLiteral("receiptCode")).toString().toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!town.progress()->busy(), 20000);
        QVERIFY2(town.progress()->error().isEmpty(), qPrintable(town.progress()->error()));
        result = town.progress()->result();
        QCOMPARE(result.value(QStringLiteral("state")).toString(), QStringLiteral("suspended"));
        QVERIFY(result.value(QStringLiteral("paused")).toBool());
        const QVariantList steps = result.value(QStringLiteral("steps")).toList();
        QCOMPARE(steps.size(), 2);
        const QVariantMap special = steps.last().toMap();
        QVERIFY(special.value(QStringLiteral("paused")).toBool());
        const QString procedure = special.value(QStringLiteral("procedure")).toString();
        QCOMPARE(procedure, ProgressLookup::tr("Expected to end on %1")
                                .arg(expectedEnd.toString(ProgressLookup::tr("yyyy-MM-dd", "the expected end's date "
                                                                                           "format"))));
        // The step's title names the procedure and the paused clock in one phrase, with one pair
        // of brackets: "Special procedure (inspection) · clock paused".
        const QString title = special.value(QStringLiteral("title")).toString();
        QCOMPARE(title, ProgressLookup::tr("Special procedure (%1) · clock paused")
                            .arg(specialProcedure::label(SpecialProcedureKind::Inspection)));
        QCOMPARE(title.count(u'(') + title.count(u'（'), 1);
        QCOMPARE(steps.first().toMap().value(QStringLiteral("title")).toString(),
                 steps.first().toMap().value(QStringLiteral("label")).toString());
        QCOMPARE(result.value(QStringLiteral("procedure")).toString(), procedure);
        QVERIFY(steps.first().toMap().value(QStringLiteral("procedure")).toString().isEmpty());
        for (const QVariant &step : steps)
            QVERIFY(!step.toMap().values().contains(reason));
        screenshot(town, QStringLiteral("progress-special"), {QStringLiteral("progressStepTitle1"), title});
        // In Chinese, on screen: "特别程序（检验、检测、检疫）· 时限暂停", not "特别程序（挂起）（时限暂停）".
        {
            QTranslator zh;
            QVERIFY(zh.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
            QCoreApplication::installTranslator(&zh);
            town.handleScan(receipts[1].value(QStringLiteral("receiptCode")).toString().toUtf8());
            QTRY_VERIFY_WITH_TIMEOUT(!town.progress()->busy(), 20000);
            const QVariantMap zhStep = town.progress()->result().value(QStringLiteral("steps")).toList().last().toMap();
            const QString zhTitle = zhStep.value(QStringLiteral("title")).toString();
            QCOMPARE(zhTitle, QStringLiteral("特别程序（检验、检测、检疫）· 时限暂停"));
            QCOMPARE(zhStep.value(QStringLiteral("procedure")).toString(),
                     QStringLiteral("预计%1结束").arg(expectedEnd.toString(QStringLiteral("yyyy年M月d日"))));
            screenshot(town, QStringLiteral("progress-special-zh"), {QStringLiteral("progressStepTitle1"), zhTitle});
            QCoreApplication::removeTranslator(&zh);
        }
        // The village kiosk that took the case hears of it like of any decision.
        m_village.link->service()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_village.store.store->cases().findByNumber(numbers[1])->value().state == CaseState::Suspended, 30000);

        // A receipt code altered by hand is refused kindly; nothing of the case is shown.
        QString forged = receipts[1].value(QStringLiteral("receiptCode")).toString();
        forged.replace(numbers[1], numbers[0]);
        town.handleScan(forged.toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!town.progress()->busy(), 20000);
        QVERIFY(town.progress()->result().isEmpty());
        QVERIFY(!town.progress()->error().isEmpty());
        // Something that is not a receipt at all is named as such without asking the hub.
        town.handleScan("https://example.com/");
        QVERIFY(!town.progress()->busy());
        QVERIFY(!town.progress()->error().isEmpty());
        // The visit ends: nothing of the lookup stays.
        town.wipe();
        QVERIFY(town.progress()->result().isEmpty());
        QVERIFY(town.progress()->error().isEmpty());
    }

    // The town kiosk keeps the county's device keys it fetched: with the hub out of reach, the
    // village's receipt is still named genuine, with its case number; a forged one is not.
    void genuineReceiptRecognisedWhileTheHubIsUnreachable()
    {
        QVERIFY(!m_villageReceipt.isEmpty());
        const QString village = m_village.link->device().deviceId();
        m_town.link->service()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(!m_town.link->receiptTrust().deviceKeys(village).isEmpty(), 30000);
        QVERIFY(!m_town.link->receiptTrust().deviceKeys(m_town.link->device().deviceId()).isEmpty());

        // The hub cannot be reached: nobody listens where the town kiosk now asks.
        sync::TransportConfig config;
        config.baseUrl = QStringLiteral("http://127.0.0.1:1");
        config.connectTimeoutMs = 2000;
        auto unreachable = sync::CurlTransport::create(config);
        OW_VERIFY_OK(unreachable);
        KioskSession &town = *m_town.session;
        town.progress()->setLink(unreachable->get(), &m_town.link->device(), &SystemClock::instance());
        town.wipe();
        town.openFeature(QStringLiteral("progress"));
        QCOMPARE(town.screen(), KioskSession::Progress);
        const auto scan = [&](const QString &code) {
            town.handleScan(code.toUtf8());
            QTRY_VERIFY_WITH_TIMEOUT(!town.progress()->busy(), 20000);
            QVERIFY(town.progress()->result().isEmpty());
        };

        scan(m_villageReceipt);
        const QString genuine = town.progress()->error();
        QVERIFY2(genuine.contains(m_villageNumber), qPrintable(genuine));
        screenshot(town, QStringLiteral("progress-offline-genuine"));

        // Without the keys the same receipt only gets "the hub cannot be reached".
        town.progress()->setTrust(nullptr);
        scan(m_villageReceipt);
        const QString unreachableMessage = town.progress()->error();
        QVERIFY(!unreachableMessage.isEmpty());
        QVERIFY(!unreachableMessage.contains(m_villageNumber));
        QVERIFY(unreachableMessage != genuine);

        // A receipt altered by hand is not called genuine.
        town.progress()->setTrust(&m_town.link->receiptTrust());
        QString forged = m_villageReceipt;
        const qsizetype sig = forged.lastIndexOf(QLatin1Char('|')) + 1;
        forged[sig] = forged[sig] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        scan(forged);
        QCOMPARE(town.progress()->error(), unreachableMessage);

        // Without any link at all (not enrolled with a hub), the genuine receipt is still named.
        town.progress()->setLink(nullptr, nullptr, nullptr);
        scan(m_villageReceipt);
        QCOMPARE(town.progress()->error(), genuine);

        // Once the village kiosk is revoked, its receipts are left to the hub: its key leaves the
        // town kiosk's trust with the next key fetch, and the receipt is no longer named here.
        QVERIFY(m_hub.revokeDevice(village));
        m_town.link->service()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(m_town.link->receiptTrust().deviceKeys(village).isEmpty(), 30000);
        QVERIFY(!m_town.link->receiptTrust().deviceKeys(m_town.link->device().deviceId()).isEmpty());
        scan(m_villageReceipt);
        QVERIFY(!town.progress()->error().contains(m_villageNumber));

        town.wipe();
        town.progress()->setLink(m_town.link->transport(), &m_town.link->device(), &SystemClock::instance());
    }

    // 呼叫帮办员 from the identify screen reaches the hub, signed by the kiosk, and is on the
    // operators' list with the kiosk and the screen only; tapping again is the same request. With
    // the hub out of reach, or no hub, the helper's phone from the configuration is shown.
    void helpRequestReachesTheHub()
    {
        KioskSession &town = *m_town.session;
        HelpCall help(&town);
        help.setHelperPhone(QStringLiteral("0550-4021234"));
        help.setLink(m_town.link->transport(), &m_town.link->device());
        town.wipe();
        town.openChooser();
        town.chooseItem(QStringLiteral("elderly-allowance"));
        town.startApplication();
        QCOMPARE(town.screen(), KioskSession::Identify);
        help.call();
        QVERIFY(help.shown());
        QTRY_VERIFY_WITH_TIMEOUT(help.state() != HelpCall::State::Asking, 20000);
        QCOMPARE(help.state(), HelpCall::State::Coming);
        QVERIFY(help.phone().isEmpty());
        QVERIFY(!help.message().isEmpty());
        const QString id = help.request().id;
        QVERIFY(!id.isEmpty());
        HelpCall::setInstance(&help);
        screenshot(town, QStringLiteral("help-coming"));
        HelpCall::setInstance(nullptr);

        // On the operators' list: this kiosk, this screen, and nothing else.
        const QByteArray token = m_hub.login(kReviewer, kPassword);
        QVERIFY(!token.isEmpty());
        const test::HttpResponse listed =
            m_hub.get("/v1/help-requests?state=open", {{"Authorization", "Bearer " + token}});
        QCOMPARE(listed.status, 200);
        const QJsonArray requests = listed.json().value(QStringLiteral("requests")).toArray();
        QCOMPARE(requests.size(), 1);
        const QJsonObject entry = requests.first().toObject();
        QCOMPARE(entry.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(entry.value(QStringLiteral("deviceId")).toString(), m_town.link->device().deviceId());
        QCOMPARE(entry.value(QStringLiteral("screen")).toString(), KioskSession::Identify);
        QCOMPARE(QStringList(entry.keys()),
                 (QStringList{QStringLiteral("deviceId"), QStringLiteral("id"), QStringLiteral("requestedAt"),
                              QStringLiteral("screen"), QStringLiteral("state")}));
        QVERIFY(!listed.body.contains(IdentityEntry::demoIdNumber().toUtf8()));

        // Again, from the home tile after the visit ended: the same request, its first time.
        town.wipe();
        QVERIFY(!help.shown());
        help.call();
        QTRY_VERIFY_WITH_TIMEOUT(help.state() != HelpCall::State::Asking, 20000);
        QCOMPARE(help.state(), HelpCall::State::Coming);
        QCOMPARE(help.request().id, id);
        QCOMPARE(help.request().requestedAt, entry.value(QStringLiteral("requestedAt")).toString());

        // The hub cannot be reached: the phone number instead.
        sync::TransportConfig config;
        config.baseUrl = QStringLiteral("http://127.0.0.1:1");
        config.connectTimeoutMs = 2000;
        auto unreachable = sync::CurlTransport::create(config);
        OW_VERIFY_OK(unreachable);
        help.setLink(unreachable->get(), &m_town.link->device());
        town.wipe();
        help.call();
        QTRY_VERIFY_WITH_TIMEOUT(help.state() != HelpCall::State::Asking, 20000);
        QCOMPARE(help.state(), HelpCall::State::Offline);
        QCOMPARE(help.phone(), QStringLiteral("0550-4021234"));
        QVERIFY(!help.message().isEmpty());
        HelpCall::setInstance(&help);
        screenshot(town, QStringLiteral("help-offline"));
        HelpCall::setInstance(nullptr);
        // No hub at all: the same, at once; without a number, where to ask instead.
        help.setLink(nullptr, nullptr);
        help.dismiss();
        help.call();
        QCOMPARE(help.state(), HelpCall::State::Offline);
        QCOMPARE(help.phone(), QStringLiteral("0550-4021234"));
        help.setHelperPhone({});
        QVERIFY(help.phone().isEmpty());
        QVERIFY(!help.message().isEmpty());
        help.dismiss();
        QVERIFY(!help.shown());
        town.wipe();
    }
};

QTEST_MAIN(TestKioskHub)
#include "tst_kioskhub.moc"
