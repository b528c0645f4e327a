// A citizen's application saved as one step (sync/CaseSubmission): case, materials and sealed
// packet together or not at all, on a real SQLCipher store. Enrollment is written into the
// store's settings the way EnrolledDevice keeps it, with keys made here (no hub needed).
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "crypto/Keys.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSubmission.h"
#include "sync/EnrolledDevice.h"

#include <QtTest>

using namespace ow;

namespace {

const Actor kCitizen{QStringLiteral("kiosk"), QStringLiteral("citizen")};

NewCase application()
{
    NewCase data;
    data.itemCode = QStringLiteral("senior-citizen-card");
    data.itemVersion = 1;
    data.applicantIdNumber = test::idWithCheckDigit(QStringLiteral("34112519450101002"));
    data.formJson = R"({"name":"演示用户"})";
    return data;
}

qint64 count(Store &store, const char *sql)
{
    return store.db().scalar(sql)->toLongLong();
}

} // namespace

class TestCaseSubmission : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_fx.reset()); }
    void cleanup() { m_fx.close(); }

    void nestedTransactionsAreSavepoints()
    {
        Database &db = m_fx.store->db();
        OW_VERIFY_OK(db.exec("CREATE TABLE t (x INTEGER)"));
        {
            Transaction outer(db);
            OW_VERIFY_OK(outer.begun());
            QVERIFY(!outer.nested());
            {
                Transaction inner(db);
                OW_VERIFY_OK(inner.begun());
                QVERIFY(inner.nested());
                OW_VERIFY_OK(db.exec("INSERT INTO t VALUES (1)"));
                OW_VERIFY_OK(inner.commit());
            }
            {
                Transaction failed(db); // rolled back: its row goes, the first one stays
                OW_VERIFY_OK(db.exec("INSERT INTO t VALUES (2)"));
            }
            QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM t"), 1);
            // The outer one is not committed: nothing of it is durable.
        }
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM t"), 0);
        {
            Transaction outer(db);
            Transaction inner(db);
            OW_VERIFY_OK(db.exec("INSERT INTO t VALUES (3)"));
            OW_VERIFY_OK(inner.commit());
            OW_VERIFY_OK(outer.commit());
        }
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM t"), 1);
        // Back at depth 0: a new transaction is an outer one again.
        Transaction again(db);
        QVERIFY(!again.nested());
    }

    void unenrolledDeviceKeepsTheCaseReceivedAndLocal()
    {
        auto done = sync::submitApplication(*m_fx.store, nullptr, application(), kCitizen);
        OW_VERIFY_OK(done);
        QCOMPARE(done->submitted.state, CaseState::Received);
        QCOMPARE(done->submitted.syncState, SyncState::Local);
        QVERIFY(!done->sealed);
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 0);
    }

    void enrolledDeviceSealsInTheSameStep()
    {
        auto device = enroll();
        QVERIFY(device);
        int attached = 0;
        auto done = sync::submitApplication(*m_fx.store, device.get(), application(), kCitizen, [&](const Case &c) {
            ++attached;
            auto added = m_fx.store->attachments().add(c.number, QStringLiteral("户口簿"), QStringLiteral("image/png"),
                                                       QByteArray(1000, 'p'), kCitizen);
            return added.ok() ? Status{} : Status(added.error());
        });
        OW_VERIFY_OK(done);
        QCOMPARE(attached, 1);
        QVERIFY(done->sealed);
        QCOMPARE(done->sealed->caseNumber, done->submitted.number);
        QCOMPARE(done->submitted.state, CaseState::Received);
        QVERIFY(done->submitted.syncState != SyncState::Local);
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 1);
        QCOMPARE(m_fx.store->attachments().forCase(done->submitted.number)->size(), 1);
    }

    void aFailingStepLeavesNoCaseAtAll()
    {
        auto device = enroll();
        QVERIFY(device);
        const qint64 casesBefore = *m_fx.store->cases().count();
        const qint64 auditBefore = count(*m_fx.store, "SELECT count(*) FROM audit_log");
        auto failed = sync::submitApplication(*m_fx.store, device.get(), application(), kCitizen, [&](const Case &c) {
            auto added = m_fx.store->attachments().add(c.number, QStringLiteral("户口簿"), QStringLiteral("image/png"),
                                                       QByteArray(10, 'p'), kCitizen);
            if (!added.ok())
                return Status(added.error());
            return Status(makeError(ErrorCode::Io, QStringLiteral("camera gone"), QStringLiteral("test")));
        });
        QVERIFY(!failed.ok());
        QCOMPARE(*m_fx.store->cases().count(), casesBefore);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM attachments"), 0);
        QCOMPARE(count(*m_fx.store, "SELECT count(*) FROM audit_log"), auditBefore);
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 0);
        // The store is usable afterwards: the next citizen's case goes through.
        OW_VERIFY_OK(sync::submitApplication(*m_fx.store, device.get(), application(), kCitizen));
    }

    void casesKeptBeforeEnrollmentAreSealedOnce()
    {
        OW_VERIFY_OK(sync::submitApplication(*m_fx.store, nullptr, application(), kCitizen));
        OW_VERIFY_OK(sync::submitApplication(*m_fx.store, nullptr, application(), kCitizen));
        auto device = enroll();
        QVERIFY(device);
        auto sealed = sync::sealWaitingCases(*m_fx.store, *device, kCitizen);
        OW_VERIFY_OK(sealed);
        QCOMPARE(*sealed, 2);
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 2);
        QCOMPARE(*sync::sealWaitingCases(*m_fx.store, *device, kCitizen), 0);
    }

private:
    std::unique_ptr<sync::EnrolledDevice> enroll() { return test::enrollLocally(*m_fx.store); }

    test::StoreFixture m_fx;
};

QTEST_GUILESS_MAIN(TestCaseSubmission)
#include "tst_casesubmission.moc"
