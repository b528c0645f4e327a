// A citizen's kiosk visit continued at the service window, with real processes: a kiosk's
// encrypted store saves a half-filled elderly-allowance application with a pickup code and a
// picture of the household register; the window clerk at a desk enrolled with a real hub process
// (offscreen window, the real desk shell) types the code before the kiosk has synced and is told
// so; after the kiosk's outbox has sent it, the typed code opens the draft in the clerk's form
// with the kiosk's answers and the picture as an attached scan; the clerk checks the rest and
// accepts as always (the case remembers the draft it continues). The kiosk reads its events and
// wipes its copy. The same code again says it was used, a forged code that it is unknown, text
// that is no code what a code looks like, an expired code that it expired, and a code scanned
// from the slip's QR (typed by the scanner gun) opens its draft too. Screenshots under
// tests/desk/screenshots/pickup-*.png.
#include "DeskTestSupport.h"
#include "HubFixture.h"
#include "PickupTestSupport.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "WindowDesk.h"

#include "common/Clock.h"
#include "pickup/DraftPickup.h"
#include "store/Database.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CurlTransport.h"
#include "sync/DraftSave.h"
#include "sync/EnrolledDevice.h"
#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include <QDir>
#include <QJsonDocument>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kClerk = QStringLiteral("clerk.chen");
const QString kPassword = QStringLiteral("Window#Clerk2026");

} // namespace

class TestDeskPickup : public QObject
{
    Q_OBJECT

    test::HubFixture m_hub;
    test::StoreFixture m_kiosk;
    std::unique_ptr<sync::Transport> m_kioskLink;
    std::unique_ptr<sync::EnrolledDevice> m_kioskDevice;
    QTemporaryDir m_deskDir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    QString m_idNumber;
    pickup::IssuedPickup m_issued;

    QQuickItem *item(const QString &name) { return test::findItem(m_view->rootObject(), name); }
    WindowDesk *window() { return m_desk->session().window(); }

    void now()
    {
        m_kiosk.clock->set(QDateTime::currentDateTimeUtc());
        m_clock->set(QDateTime::currentDateTimeUtc());
    }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(test::shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50);
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/pickup-%1.png").arg(name)));
    }

    // As the clerk does it: into the pickup field, key by key (a scanner gun types the same way),
    // then Enter; waits for the hub's answer.
    void enterPickupCode(const QString &code)
    {
        now();
        QQuickItem *field = item(QStringLiteral("pickupCode"));
        QTRY_VERIFY(test::shown(field));
        click(field);
        QTRY_VERIFY(field->hasActiveFocus());
        field->setProperty("text", QString());
        for (const QChar c : code)
            QTest::keyClick(m_view.get(), c.toLatin1());
        QCOMPARE(field->property("text").toString(), code);
        QTest::keyClick(m_view.get(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!window()->takingOver(), 20000);
    }

    pickup::IssuedPickup saveKioskDraft(const QDateTime &at, const QByteArray &image)
    {
        NewCase data;
        data.itemCode = QStringLiteral("elderly-allowance");
        data.itemVersion = 1;
        data.applicantIdNumber = m_idNumber;
        data.formJson = QJsonDocument(QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("李秀英")},
                                                  {QStringLiteral("applicantIdNumber"), m_idNumber},
                                                  {QStringLiteral("applicantMobile"), QStringLiteral("13905501234")}})
                            .toJson(QJsonDocument::Compact);
        return test::saveKioskDraft(*m_kiosk.store, m_kioskDevice.get(), data, at, image);
    }

    int syncKiosk()
    {
        now();
        return test::sendKioskOutbox(*m_kiosk.store, *m_kioskLink, *m_kioskDevice).draftsSent;
    }

    QVariant answer(const QString &fieldId)
    {
        FormController *form = window()->form();
        for (int i = 0; i < form->rowCount(); ++i) {
            const QModelIndex index = form->index(i);
            if (index.data(FormController::FieldIdRole).toString() == fieldId)
                return index.data(FormController::ValueRole);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_idNumber = test::idWithCheckDigit(QStringLiteral("34112519460501002"));
        QVERIFY(m_hub.start());
        QVERIFY(m_kiosk.reset());
        QVERIFY(m_deskDir.isValid());
        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        now();
        sync::TransportConfig config;
        config.baseUrl = m_hub.baseUrl();
        auto kioskLink = sync::CurlTransport::create(config);
        OW_VERIFY_OK(kioskLink);
        m_kioskLink = std::move(kioskLink).value();
        auto kiosk = sync::EnrolledDevice::enroll(*m_kiosk.store, *m_kioskLink, m_hub.enrollCode(),
                                                  QStringLiteral("village kiosk"));
        OW_VERIFY_OK(kiosk);
        m_kioskDevice = std::move(kiosk).value();

        DeskOptions add;
        add.dataDir = m_deskDir.path();
        add.addOperator = true;
        add.username = kClerk;
        add.role = QStringLiteral("windowClerk");
        add.displayName = QStringLiteral("陈静");
        OW_VERIFY_OK(DeskProgram::addOperator(add, kPassword, *m_clock));
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        // Enrolled with the hub as `onewindow sync enroll` does it on the desk's store.
        auto deskLink = sync::CurlTransport::create(config);
        OW_VERIFY_OK(deskLink);
        auto desk = sync::EnrolledDevice::enroll(m_desk->store(), **deskLink, m_hub.enrollCode(),
                                                 QStringLiteral("service hall window 3"));
        OW_VERIFY_OK(desk);
        m_desk->setDevice(std::move(desk).value());

        QVERIFY(m_translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);
        test::startRecordingWarnings();
        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->resize(1920, 1080);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/"));
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Desk/DeskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));

        m_desk->session().signIn(kClerk, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QCOMPARE(m_desk->session().page(), QStringLiteral("accept"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("pickupCode"))));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        test::stopRecordingWarnings();
    }

    void codeBeforeTheKioskSynced()
    {
        const QByteArray image = test::demoPicture();
        QVERIFY(image.startsWith("\x89PNG"));
        now();
        m_issued = saveKioskDraft(m_kiosk.clock->now(), image);
        QVERIFY(!m_issued.draft.number.isEmpty());
        enterPickupCode(sync::formatShortCode(m_issued.shortCode));
        QVERIFY(window()->messageIsError());
        QCOMPARE(window()->message(),
                 SyncText::tr("No application with this pickup code has reached the county hub. Check the "
                              "code. If the citizen saved it just now at a kiosk that is offline, it arrives "
                              "once that kiosk is online again."));
        QVERIFY(window()->takenDraft().isEmpty());
        screenshot(QStringLiteral("not-yet-at-hub"));
    }

    void takenOverIntoTheClerksForm()
    {
        QCOMPARE(syncKiosk(), 1);
        // Typed as printed, in lower case.
        enterPickupCode(sync::formatShortCode(m_issued.shortCode).toLower());
        QVERIFY2(!window()->messageIsError(), qPrintable(window()->message()));
        QCOMPARE(window()->takenDraft(), m_issued.draft.number);
        QCOMPARE(window()->itemId(), QStringLiteral("elderly-allowance"));
        // The kiosk's answers in the form, the applicant as identified there (masked on screen).
        QTRY_COMPARE(answer(QStringLiteral("applicantName")).toString(), QStringLiteral("李秀英"));
        QCOMPARE(answer(QStringLiteral("applicantMobile")).toString(), QStringLiteral("13905501234"));
        QVERIFY(window()->identified());
        QCOMPARE(window()->applicantMasked(), QStringLiteral("341***********") + m_idNumber.right(4));
        QTRY_VERIFY(test::shown(item(QStringLiteral("takenDraftShown"))));
        QVERIFY(!test::shown(item(QStringLiteral("pickupCode"))));
        // The kiosk's picture is the household register's scan.
        MaterialChecklist *m = window()->materials();
        const int row = m->rowOf(QStringLiteral("householdRegister"));
        QVERIFY(row >= 0);
        QCOMPARE(m->index(row).data(MaterialChecklist::ReceiptRole).toString(), QStringLiteral("scan"));
        QVERIFY(m->index(row).data(MaterialChecklist::ScanRole).toString().startsWith(QStringLiteral("image/png")));
        QCOMPARE(m->materials().at(row).scan, test::demoPicture());
        screenshot(QStringLiteral("taken-over"));
    }

    void kioskWipesItsCopy()
    {
        now();
        sync::EventFeed feed(*m_kiosk.store, *m_kioskLink, *m_kioskDevice);
        auto events = feed.pull();
        OW_VERIFY_OK(events);
        QVERIFY(events->changedCases.contains(m_issued.draft.number));
        auto wiped = m_kiosk.store->cases().findByNumber(m_issued.draft.number);
        OW_VERIFY_OK(wiped);
        QVERIFY(wiped->has_value() && (*wiped)->purged);
        QCOMPARE(m_kiosk.store->db().scalar("SELECT COUNT(*) FROM attachments WHERE data IS NOT NULL")->toLongLong(),
                 0);
    }

    void clerkChecksTheRestAndAccepts()
    {
        // What the kiosk did not ask yet, the clerk fills in with the citizen.
        FormController *form = window()->form();
        test::answerEmptyFields(*form);
        window()->reloadForm();
        const bool valid = form->validateAll();
        QStringList problems;
        for (int i = 0; !valid && i < form->rowCount(); ++i) {
            const QString error = form->index(i).data(FormController::ErrorRole).toString();
            if (!error.isEmpty())
                problems << form->index(i).data(FormController::FieldIdRole).toString() + QStringLiteral(": ") + error;
        }
        QVERIFY2(valid, qPrintable(problems.join(u'\n')));
        MaterialChecklist *m = window()->materials();
        for (int row = 0; row < m->rowCount(); ++row) {
            if (m->index(row).data(MaterialChecklist::RequiredRole).toBool() &&
                m->index(row).data(MaterialChecklist::ReceiptRole).toString() == QLatin1String("unchecked"))
                m->setReceipt(row, QStringLiteral("paper"));
        }
        click(item(QStringLiteral("acceptButton")));
        QTRY_VERIFY2(!window()->lastCaseNumber().isEmpty(), qPrintable(window()->message()));
        QVERIFY(!window()->messageIsError());
        const QString number = window()->lastCaseNumber();
        auto attachments = m_desk->store().attachments().forCase(number);
        OW_VERIFY_OK(attachments);
        QStringList names;
        QByteArray link;
        for (const Attachment &a : *attachments) {
            names << a.material;
            if (a.material == QLatin1String("kioskDraft"))
                link = m_desk->store()
                           .attachments()
                           .content(a.id, Actor{kClerk, QStringLiteral("clerk")}, QStringLiteral("test"))
                           .value();
        }
        QVERIFY2(names.contains(QStringLiteral("householdRegister")), qPrintable(names.join(u',')));
        QVERIFY(link.contains(m_issued.draft.number.toUtf8()));
        // The next citizen starts from nothing.
        QVERIFY(window()->takenDraft().isEmpty());
        QVERIFY(!window()->identified());
    }

    void sameCodeAgainIsUsed()
    {
        enterPickupCode(sync::formatShortCode(m_issued.shortCode));
        QVERIFY(window()->messageIsError());
        QCOMPARE(window()->message(), SyncText::tr("This pickup code has already been used: the application was "
                                                   "taken over at a service window."));
        QVERIFY(window()->takenDraft().isEmpty());
        screenshot(QStringLiteral("already-taken"));
    }

    void forgedAndMistypedCodes()
    {
        enterPickupCode(QStringLiteral("ZZZZ-ZZZZ"));
        QVERIFY(window()->messageIsError());
        // The same answer as for a draft not at the hub yet: nothing tells a forged code apart.
        QCOMPARE(window()->message(),
                 SyncText::tr("No application with this pickup code has reached the county hub. Check the "
                              "code. If the citizen saved it just now at a kiosk that is offline, it arrives "
                              "once that kiosk is online again."));
        enterPickupCode(QStringLiteral("hello"));
        QCOMPARE(window()->message(),
                 WindowDesk::tr("This is not a pickup code. Type the 8 letters and digits under the QR code of the "
                                "pickup slip (for example ABCD-EFGH), or scan the QR code."));
        screenshot(QStringLiteral("not-a-code"));
    }

    void expiredCode()
    {
        now();
        const QDateTime issuedAt = QDateTime::currentDateTimeUtc().addDays(-pickup::kDefaultValidDays).addSecs(4);
        const pickup::IssuedPickup expiring = saveKioskDraft(issuedAt, QByteArray());
        QVERIFY(!expiring.draft.number.isEmpty());
        QCOMPARE(syncKiosk(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > expiring.expiresAt.addSecs(1), 20000);
        enterPickupCode(sync::formatShortCode(expiring.shortCode));
        QVERIFY(window()->messageIsError());
        QCOMPARE(window()->message(), SyncText::tr("This pickup code has expired and the saved application was "
                                                   "removed. Please fill it in here with the citizen."));
        screenshot(QStringLiteral("expired"));
    }

    void scannedFromTheSlip()
    {
        now();
        const pickup::IssuedPickup scanned = saveKioskDraft(m_kiosk.clock->now(), test::demoPicture());
        QVERIFY(!scanned.draft.number.isEmpty());
        QCOMPARE(syncKiosk(), 1);
        // The scanner gun types the QR's whole signed code into the focused field.
        enterPickupCode(QString::fromLatin1(scanned.code));
        QVERIFY2(!window()->messageIsError(), qPrintable(window()->message()));
        QCOMPARE(window()->takenDraft(), scanned.draft.number);
        screenshot(QStringLiteral("scanned"));
        window()->clear();
    }

    void noQmlWarnings() { QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(u'\n'))); }
};

QTEST_MAIN(TestDeskPickup)
#include "tst_deskpickup.moc"
