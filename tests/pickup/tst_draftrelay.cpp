// "Finish at the window" across devices, with real processes and stores: a kiosk's encrypted
// store saves a citizen's draft with a pickup code and a real picture, its outbox sends the draft
// sealed to a real hub process (onewindow-hub, SQLite); an enrolled desk takes it over by the
// short code and opens the kiosk's answers and picture (checked end to end against the kiosk's
// signature); a second takeover is refused as already taken, a forged code as unknown (the same
// answer as a draft that has not reached the hub yet), a clerk without the window role as
// forbidden, an expired code as expired; the kiosk learns of the takeover from its events and
// wipes its copy of the draft, audited.
#include "HubFixture.h"
#include "PickupTestSupport.h"
#include "TestSupport.h"

#include "crypto/Keys.h"
#include "pickup/DraftPickup.h"
#include "store/Database.h"
#include "store/KeyProvider.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CurlTransport.h"
#include "sync/DraftRelay.h"
#include "sync/DraftSave.h"
#include "sync/EnrolledDevice.h"
#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace ow;

namespace {

const QString kClerk = QStringLiteral("clerk.wang");
const QString kWindowClerk = QStringLiteral("windowClerk");

} // namespace

class TestDraftRelay : public QObject
{
    Q_OBJECT

    test::HubFixture m_hub;
    test::StoreFixture m_kiosk;
    // The desk's own store: a case series of its own (W03), as every enrolled device has.
    struct DeskStore
    {
        QTemporaryDir dir;
        std::unique_ptr<KeyFileProvider> keys;
        std::unique_ptr<ManualClock> clock;
        std::unique_ptr<Store> store;
    } m_desk;
    std::unique_ptr<sync::Transport> m_kioskLink;
    std::unique_ptr<sync::Transport> m_deskLink;
    std::unique_ptr<sync::EnrolledDevice> m_kioskDevice;
    std::unique_ptr<sync::EnrolledDevice> m_deskDevice;
    QString m_idNumber;

    // Request signatures carry the time: the stores' clocks follow the hub's (real) one.
    void now()
    {
        m_kiosk.clock->set(QDateTime::currentDateTimeUtc());
        m_desk.clock->set(QDateTime::currentDateTimeUtc());
    }

    std::unique_ptr<sync::Transport> link()
    {
        sync::TransportConfig config;
        config.baseUrl = m_hub.baseUrl();
        auto transport = sync::CurlTransport::create(config);
        return transport.ok() ? std::move(transport).value() : nullptr;
    }

    std::unique_ptr<sync::EnrolledDevice> enroll(Store &store, sync::Transport &transport, const QString &name)
    {
        auto device = sync::EnrolledDevice::enroll(store, transport, m_hub.enrollCode(), name);
        if (!device.ok()) {
            qWarning() << device.error().logDetail;
            return nullptr;
        }
        return std::move(device).value();
    }

    NewCase halfFilled()
    {
        NewCase data;
        data.itemCode = QStringLiteral("senior-citizen-card");
        data.itemVersion = 1;
        data.applicantIdNumber = m_idNumber;
        data.formJson = QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("李秀英")},
                                                  {QStringLiteral("idNumber"), m_idNumber},
                                                  {QStringLiteral("phone"), QStringLiteral("13905501234")}})
                            .toJson(QJsonDocument::Compact);
        return data;
    }

    pickup::IssuedPickup saveDraft(const QDateTime &at, const QByteArray &image)
    {
        return test::saveKioskDraft(*m_kiosk.store, m_kioskDevice.get(), halfFilled(), at, image);
    }

    sync::PumpReport pump()
    {
        now();
        return test::sendKioskOutbox(*m_kiosk.store, *m_kioskLink, *m_kioskDevice);
    }

    sync::TakeReply take(const QString &code, const crypto::PrivateKey &key, const QString &role = kWindowClerk)
    {
        now();
        return sync::takeOverDraft(*m_deskLink, *m_deskDevice, *m_desk.clock, code, kClerk, role, key);
    }

    static crypto::PrivateKey freshKey()
    {
        auto key = crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Encryption);
        return key.ok() ? key.value() : crypto::PrivateKey();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_idNumber = test::idWithCheckDigit(QStringLiteral("34112519450101002"));
        QVERIFY(m_hub.start());
        QVERIFY(m_kiosk.reset());
        QVERIFY(m_desk.dir.isValid());
        m_desk.keys = std::make_unique<KeyFileProvider>(m_desk.dir.filePath(QStringLiteral("k")));
        m_desk.clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        Store::Options options;
        options.path = m_desk.dir.filePath(QStringLiteral("store.db"));
        options.keys = m_desk.keys.get();
        options.mode = Store::OpenMode::CreateIfMissing;
        options.deviceId = QStringLiteral("W03");
        options.clock = m_desk.clock.get();
        auto desk = Store::open(options);
        OW_VERIFY_OK(desk);
        m_desk.store = std::move(desk).value();
        now();
        m_kioskLink = link();
        m_deskLink = link();
        QVERIFY(m_kioskLink && m_deskLink);
        m_kioskDevice = enroll(*m_kiosk.store, *m_kioskLink, QStringLiteral("village kiosk"));
        m_deskDevice = enroll(*m_desk.store, *m_deskLink, QStringLiteral("service hall window 3"));
        QVERIFY(m_kioskDevice && m_deskDevice);
    }

    void takenOverOnceAndWipedAtTheKiosk()
    {
        const QByteArray image = test::demoPicture();
        QVERIFY(image.startsWith("\x89PNG"));
        now();
        const pickup::IssuedPickup issued = saveDraft(m_kiosk.clock->now(), image);
        QVERIFY(!issued.draft.number.isEmpty());
        // Sealed into the outbox with the draft, in its transaction.
        QCOMPARE(*m_kiosk.store->outbox().pendingCount(), 1);

        // The desk asks before the kiosk has synced: the hub has not seen it.
        const crypto::PrivateKey key = freshKey();
        QVERIFY(!key.isNull());
        sync::TakeReply early = take(issued.shortCode, key);
        QCOMPARE(early.failure, sync::TakeFailure::NotAtHub);
        QVERIFY(early.result.error().userMessage.contains(QStringLiteral("kiosk is online")));

        const sync::PumpReport sent = pump();
        QCOMPARE(sent.draftsSent, 1);
        QCOMPARE(sent.rejected, 0);
        QCOMPARE(*m_kiosk.store->outbox().pendingCount(), 0);
        // A clerk without the window role is refused by the hub itself, and nothing is taken.
        sync::TakeReply reviewer = take(issued.shortCode, key, QStringLiteral("reviewer"));
        QCOMPARE(reviewer.failure, sync::TakeFailure::Forbidden);

        // Typed as printed on the slip: grouped, lower case.
        sync::TakeReply taken = take(sync::formatShortCode(issued.shortCode).toLower(), key);
        OW_VERIFY_OK(taken.result);
        QCOMPARE(taken.result->draftId, issued.draft.number);
        QCOMPARE(taken.result->kioskId, m_kioskDevice->deviceId());
        QCOMPARE(taken.result->itemId, QStringLiteral("senior-citizen-card"));
        QCOMPARE(taken.result->form.value(QStringLiteral("name")).toString(), QStringLiteral("李秀英"));
        QCOMPARE(taken.result->form.value(QStringLiteral("idNumber")).toString(), m_idNumber);
        QCOMPARE(taken.result->materials.size(), 1);
        QCOMPARE(taken.result->materials[0].name, QStringLiteral("householdRegister"));
        QCOMPARE(taken.result->materials[0].mimeType, QStringLiteral("image/png"));
        QCOMPARE(taken.result->materials[0].data, image);
        QCOMPARE(taken.result->expiresAt, issued.expiresAt);

        // The same desk asking again with the same key (its answer was lost) gets it again ...
        sync::TakeReply again = take(issued.shortCode, key);
        OW_VERIFY_OK(again.result);
        QCOMPARE(again.result->materials[0].data, image);
        // ... any other desk or key is told it was taken.
        sync::TakeReply second = take(issued.shortCode, freshKey());
        QCOMPARE(second.failure, sync::TakeFailure::AlreadyTaken);
        QVERIFY(second.result.error().userMessage.contains(QStringLiteral("already been used")));

        // The kiosk reads its events and wipes its copy: form, applicant, picture.
        now();
        sync::EventFeed feed(*m_kiosk.store, *m_kioskLink, *m_kioskDevice);
        auto events = feed.pull();
        OW_VERIFY_OK(events);
        QVERIFY(events->changedCases.contains(issued.draft.number));
        auto wiped = m_kiosk.store->cases().findByNumber(issued.draft.number);
        OW_VERIFY_OK(wiped);
        QVERIFY(wiped->has_value());
        QVERIFY((*wiped)->purged);
        QCOMPARE(m_kiosk.store->db()
                     .scalar("SELECT COUNT(*) FROM attachments a JOIN cases c ON a.case_id = c.id "
                             "WHERE a.data IS NOT NULL AND c.number = '" +
                             issued.draft.number.toUtf8() + "'")
                     ->toLongLong(),
                 0);
        QCOMPARE(m_kiosk.store->db()
                     .scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'case.purge' AND reason = "
                             "'taken over at the window' AND case_no = '" +
                             issued.draft.number.toUtf8() + "'")
                     ->toLongLong(),
                 1);
        // Reading the events again changes nothing.
        auto repeat = feed.pull();
        OW_VERIFY_OK(repeat);
        QCOMPARE(repeat->applied, 0);
    }

    void forgedCodeIsUnknown()
    {
        // A made-up code and a code of the right shape whose draft never existed get one answer.
        for (const QString &code : {QStringLiteral("ABCDEFGH"), QStringLiteral("23456789")}) {
            sync::TakeReply reply = take(code, freshKey());
            QCOMPARE(reply.failure, sync::TakeFailure::NotAtHub);
            QVERIFY(!reply.result.error().userMessage.isEmpty());
        }
    }

    void expiredCodeIsRefused()
    {
        // A code issued almost seven days ago: a few seconds are left when the kiosk syncs.
        now();
        const QDateTime issuedAt = QDateTime::currentDateTimeUtc().addDays(-pickup::kDefaultValidDays).addSecs(4);
        const pickup::IssuedPickup issued = saveDraft(issuedAt, QByteArray());
        QVERIFY(!issued.draft.number.isEmpty());
        QCOMPARE(pump().draftsSent, 1);
        // Wait for the code's time to pass (no duration is asserted).
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > issued.expiresAt.addSecs(1), 20000);
        sync::TakeReply reply = take(issued.shortCode, freshKey());
        QCOMPARE(reply.failure, sync::TakeFailure::Expired);
        QVERIFY(reply.result.error().userMessage.contains(QStringLiteral("expired")));

        // A draft whose code expired before the kiosk could send it is refused by the hub for good.
        const pickup::IssuedPickup late =
            saveDraft(QDateTime::currentDateTimeUtc().addDays(-pickup::kDefaultValidDays - 1), QByteArray());
        QVERIFY(!late.draft.number.isEmpty());
        const sync::PumpReport refused = pump();
        QCOMPARE(refused.draftsSent, 0);
        QCOMPARE(refused.rejected, 1);
    }
};

QTEST_GUILESS_MAIN(TestDraftRelay)
#include "tst_draftrelay.moc"
