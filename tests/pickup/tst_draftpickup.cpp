// A kiosk visit saved for the service window (pickup/DraftPickup, sync/DraftSave) on a real
// SQLCipher store: the draft with its answers and materials in one transaction, a pickup code
// signed with the enrolled device key, and the window's lookup that accepts that code and refuses
// forged, expired, unknown and already taken-over ones. Enrollment is written into the store's
// settings the way EnrolledDevice keeps it, with keys made here.
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "crypto/Keys.h"
#include "pickup/DraftPickup.h"
#include "scan/CodeSigning.h"
#include "scan/SignedCodes.h"
#include "scan/TrustStore.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/DraftSave.h"
#include "sync/EnrolledDevice.h"

#include <QtTest>

using namespace ow;

namespace {

const Actor kCitizen{QStringLiteral("kiosk"), QStringLiteral("citizen")};
const Actor kClerk{QStringLiteral("desk"), QStringLiteral("clerk")};

NewCase halfFilled()
{
    NewCase data;
    data.itemCode = QStringLiteral("senior-citizen-card");
    data.itemVersion = 1;
    data.applicantIdNumber = test::idWithCheckDigit(QStringLiteral("34112519450101002"));
    data.formJson = R"({"name":"演示用户","phone":""})";
    return data;
}

qint64 count(Store &store, const char *sql)
{
    return store.db().scalar(sql)->toLongLong();
}

} // namespace

class TestDraftPickup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fx.reset());
        m_device = enroll();
        QVERIFY(m_device);
        auto key = scan::codeSigning::fromPrivateDer(m_device->signingKey().toDer());
        OW_VERIFY_OK(key);
        m_trust = scan::TrustStore();
        OW_VERIFY_OK(m_trust.addDevice(m_device->deviceId(), key->publicDer));
    }
    void cleanup()
    {
        m_device.reset();
        m_fx.close();
    }

    void draftSavedWithFormAndMaterials()
    {
        const QDateTime now = m_fx.clock->now();
        auto issued = pickup::saveDraftForPickup(
            *m_fx.store, m_device.get(), halfFilled(), kCitizen,
            [&](const Case &c) -> Status {
                auto a = m_fx.store->attachments().add(c.number, QStringLiteral("householdRegister"),
                                                       QStringLiteral("image/png"), "picture-bytes", kCitizen);
                if (!a.ok())
                    return a.error();
                return {};
            },
            now);
        OW_VERIFY_OK(issued);
        QCOMPARE(issued->draft.state, CaseState::Draft);
        QCOMPARE(issued->expiresAt, QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC).addDays(7));
        auto stored = m_fx.store->cases().findByNumber(issued->draft.number);
        OW_VERIFY_OK(stored);
        QVERIFY(stored->has_value());
        QCOMPARE((*stored)->state, CaseState::Draft);
        auto read = m_fx.store->cases().read(issued->draft.number, kClerk, QStringLiteral("test"));
        OW_VERIFY_OK(read);
        QCOMPARE(read->formJson, halfFilled().formJson);
        auto attachments = m_fx.store->attachments().forCase(issued->draft.number);
        OW_VERIFY_OK(attachments);
        QCOMPARE(attachments->size(), 1);
        // A draft is not an application: no case packet. It waits in the outbox sealed for the
        // service window (PROTOCOL.md §5.6), in the draft's transaction.
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 1);
        QCOMPARE(count(*m_fx.store, "SELECT COUNT(*) FROM outbox WHERE kind = 'draft'"), 1);

        // The code names this device and this draft, and its short code is derived from it.
        QVERIFY(issued->code.startsWith("OWP1|D-TEST|" + issued->draft.number.toUtf8() + "|"));
        QCOMPARE(issued->shortCode.size(), 8);
        QCOMPARE(issued->shortCode, sync::pickupShortCode(issued->code));
        QVERIFY(QRegularExpression(QStringLiteral("^[2-9A-HJ-NP-Z]{8}$")).match(issued->shortCode).hasMatch());
        QCOMPARE(
            sync::normaliseShortCode(QStringLiteral(" %1 ").arg(sync::formatShortCode(issued->shortCode).toLower())),
            issued->shortCode);
    }

    // Materials that fail to attach leave no draft: the case, the attachments already added and the
    // code go together or not at all.
    void failedAttachLeavesNothing()
    {
        auto issued = pickup::saveDraftForPickup(
            *m_fx.store, m_device.get(), halfFilled(), kCitizen,
            [&](const Case &c) -> Status {
                auto a = m_fx.store->attachments().add(c.number, QStringLiteral("householdRegister"),
                                                       QStringLiteral("image/png"), "picture-bytes", kCitizen);
                if (!a.ok())
                    return a.error();
                return makeError(ErrorCode::Io, QStringLiteral("camera gone"), QStringLiteral("test: second picture"));
            },
            m_fx.clock->now());
        QVERIFY(!issued.ok());
        QCOMPARE(issued.error().code, ErrorCode::Io);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM cases"), 0);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM attachments"), 0);
    }

    void codeFindsTheDraft()
    {
        const QDateTime now = m_fx.clock->now();
        auto issued = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, {}, now, 3);
        OW_VERIFY_OK(issued);
        QCOMPARE(issued->expiresAt.secsTo(now.addDays(3)) < 1, true);
        auto found = pickup::findDraftByPickup(*m_fx.store, issued->code, m_trust, now.addDays(2));
        OW_VERIFY_OK(found);
        QCOMPARE(found->number, issued->draft.number);
        QCOMPARE(found->state, CaseState::Draft);
        // Typed at the window instead of scanned: the same draft, with the same checks.
        const QString typed = sync::formatShortCode(issued->shortCode).toLower();
        auto byShort = pickup::findDraftByShortCode(*m_fx.store, typed, m_trust, now.addDays(2));
        OW_VERIFY_OK(byShort);
        QCOMPARE(byShort->number, issued->draft.number);
        QVERIFY(!pickup::findDraftByShortCode(*m_fx.store, typed, m_trust, now.addDays(4)).ok()); // expired
        auto mistyped = pickup::findDraftByShortCode(*m_fx.store, QStringLiteral("2222-2222"), m_trust, now);
        QVERIFY(!mistyped.ok());
        QCOMPARE(mistyped.error().code, ErrorCode::NotFound);
        QVERIFY(!pickup::findDraftByShortCode(*m_fx.store, QStringLiteral("ABC"), m_trust, now).ok());
    }

    void expiredRefused()
    {
        const QDateTime now = m_fx.clock->now();
        auto issued = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, {}, now);
        OW_VERIFY_OK(issued);
        OW_VERIFY_OK(pickup::findDraftByPickup(*m_fx.store, issued->code, m_trust, issued->expiresAt));
        auto late = pickup::findDraftByPickup(*m_fx.store, issued->code, m_trust, issued->expiresAt.addSecs(1));
        QVERIFY(!late.ok());
        QVERIFY(late.error().userMessage.contains(QStringLiteral("expired")));
        QVERIFY(late.error().logDetail.contains(QStringLiteral("expired")));
    }

    // Once a draft's code has expired nobody may take it over, so its personal data goes (form,
    // applicant, materials); its number and history stay, and the purge is audited. A draft still
    // within its days is kept whole.
    void expiredDraftsPurged()
    {
        const QDateTime saved = m_fx.clock->now();
        const auto attach = [&](const Case &c) -> Status {
            auto a = m_fx.store->attachments().add(c.number, QStringLiteral("householdRegister"),
                                                   QStringLiteral("image/png"), "picture-bytes", kCitizen);
            return a.ok() ? Status{} : Status{a.error()};
        };
        auto old = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, attach, saved, 3);
        OW_VERIFY_OK(old);
        m_fx.clock->set(saved.addDays(2));
        auto fresh = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, attach,
                                                m_fx.clock->now(), 3);
        OW_VERIFY_OK(fresh);

        // Not yet three days: nothing goes.
        auto none = pickup::purgeExpiredDrafts(*m_fx.store, saved.addDays(3).addSecs(-1), 3);
        OW_VERIFY_OK(none);
        QCOMPARE(*none, 0);

        auto purged = pickup::purgeExpiredDrafts(*m_fx.store, saved.addDays(3).addSecs(1), 3);
        OW_VERIFY_OK(purged);
        QCOMPARE(*purged, 1);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM cases WHERE purged = 1"), 1);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM cases WHERE purged = 1 AND (length(form_json) > 0 "
                                    "OR applicant_hash IS NOT NULL OR applicant_masked IS NOT NULL)"),
                 0);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM attachments WHERE data IS NOT NULL"), 1); // the fresh one's
        auto gone = m_fx.store->cases().findByNumber(old->draft.number);
        OW_VERIFY_OK(gone);
        QVERIFY(gone->has_value()); // the number and its history stay
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM audit_log WHERE action = 'case.purge'"), 1);
        // The expired draft's sealed copy for the window, never sent, is not sent any more; the
        // fresh one's still waits.
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM outbox WHERE kind = 'draft' AND length(payload) > 0"), 1);
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 1);
        auto kept = m_fx.store->cases().read(fresh->draft.number, kClerk, QStringLiteral("test"));
        OW_VERIFY_OK(kept);
        QCOMPARE(kept->formJson, halfFilled().formJson);

        // Run again: nothing more.
        auto again = pickup::purgeExpiredDrafts(*m_fx.store, saved.addDays(3).addSecs(1), 3);
        OW_VERIFY_OK(again);
        QCOMPARE(*again, 0);
    }

    void forgedRefused()
    {
        const QDateTime now = m_fx.clock->now();
        auto first = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, {}, now);
        auto second = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, {}, now);
        OW_VERIFY_OK(first);
        OW_VERIFY_OK(second);
        // The first code's signature on the second draft's number.
        QByteArray swapped = first->code;
        swapped.replace(first->draft.number.toUtf8(), second->draft.number.toUtf8());
        QVERIFY(swapped != first->code);
        auto refused = pickup::findDraftByPickup(*m_fx.store, swapped, m_trust, now);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Crypto);
        QVERIFY(refused.error().logDetail.contains(QStringLiteral("bad-signature")));

        // A well-formed code signed by a key the county does not know for this device.
        auto stranger = scan::codeSigning::generate(scan::SignatureAlgorithm::Sm2);
        OW_VERIFY_OK(stranger);
        auto forged = scan::signedCodes::makeDraftPickup(
            *stranger, {m_device->deviceId(), first->draft.number, now.toUTC().addDays(1)});
        OW_VERIFY_OK(forged);
        QVERIFY(!pickup::findDraftByPickup(*m_fx.store, *forged, m_trust, now).ok());
        // A device nobody knows.
        auto unknown = scan::signedCodes::makeDraftPickup(
            *stranger, {QStringLiteral("D-ELSEWHERE"), first->draft.number, now.toUTC().addDays(1)});
        OW_VERIFY_OK(unknown);
        auto untrusted = pickup::findDraftByPickup(*m_fx.store, *unknown, m_trust, now);
        QVERIFY(!untrusted.ok());
        QVERIFY(untrusted.error().logDetail.contains(QStringLiteral("untrusted")));
        // Not a pickup code at all, and rubbish.
        QVERIFY(!pickup::findDraftByPickup(*m_fx.store, "34112519450101002X", m_trust, now).ok());
        QVERIFY(!pickup::findDraftByPickup(*m_fx.store, "OWP1|||", m_trust, now).ok());
        // The drafts are untouched by the refusals.
        QCOMPARE((*m_fx.store->cases().findByNumber(first->draft.number))->state, CaseState::Draft);
    }

    void takenOverRefused()
    {
        const QDateTime now = m_fx.clock->now();
        auto issued = pickup::saveDraftForPickup(*m_fx.store, m_device.get(), halfFilled(), kCitizen, {}, now);
        OW_VERIFY_OK(issued);
        OW_VERIFY_OK(m_fx.store->cases().transition(issued->draft.number, CaseState::Received, kClerk, QString()));
        auto again = pickup::findDraftByPickup(*m_fx.store, issued->code, m_trust, now);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::IllegalTransition);
        QVERIFY(again.error().userMessage.contains(QStringLiteral("already")));
    }

    void unknownDraftRefused()
    {
        const QDateTime now = m_fx.clock->now();
        auto key = scan::codeSigning::fromPrivateDer(m_device->signingKey().toDer());
        OW_VERIFY_OK(key);
        auto code = scan::signedCodes::makeDraftPickup(
            *key, {m_device->deviceId(), QStringLiteral("NO-SUCH-DRAFT"), now.toUTC().addDays(1)});
        OW_VERIFY_OK(code);
        auto missing = pickup::findDraftByPickup(*m_fx.store, *code, m_trust, now);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    // Without enrollment there is no key: no draft is saved and no code, signed or not, is made.
    void noSigningWithoutEnrollment()
    {
        auto issued = pickup::saveDraftForPickup(*m_fx.store, nullptr, halfFilled(), kCitizen, {}, m_fx.clock->now());
        QVERIFY(!issued.ok());
        QVERIFY(!issued.error().userMessage.isEmpty());
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM cases"), 0);
    }

private:
    std::unique_ptr<sync::EnrolledDevice> enroll() { return test::enrollLocally(*m_fx.store); }

    test::StoreFixture m_fx;
    std::unique_ptr<sync::EnrolledDevice> m_device;
    scan::TrustStore m_trust;
};

QTEST_GUILESS_MAIN(TestDraftPickup)
#include "tst_draftpickup.moc"
