// The desk keeps a case's personal data until it has handed the result over: the desk's own sync
// service (DeskProgram, on its thread, its hub unreachable) runs its purge 31 days after the hub
// acknowledged four cases of an enrolled desk store; the case issued 31 days ago loses its
// personal data, while the case decided and not yet issued, the case waiting for the citizen's
// correction and the case issued only ten days ago keep theirs.
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"

#include "common/Clock.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ow;

namespace {

const Actor kClerk{QStringLiteral("clerk.li"), QStringLiteral("windowClerk")};
const Actor kHub{QStringLiteral("hub"), QStringLiteral("device")};

} // namespace

class TestDeskRetention : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    DeskOptions options(const QString &hubUrl = {})
    {
        DeskOptions o;
        o.dataDir = m_dir.path();
        o.formsDir = test::sourceDir() + QStringLiteral("/forms");
        o.hubUrl = hubUrl;
        return o;
    }

    // A case received at the window, taken by the hub, then moved along `path`.
    QString acknowledgedCase(Store &store, int i, const QList<CaseState> &path)
    {
        const QString id = test::idWithCheckDigit(QStringLiteral("34112519600101%1").arg(100 + i));
        const QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("孙立%1").arg(i)},
                               {QStringLiteral("applicantIdNumber"), id}};
        auto c = store.cases().create(
            {QStringLiteral("senior-citizen-card"), 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)}, kClerk);
        if (!c.ok())
            return {};
        if (!store.attachments()
                 .add(c->number, QStringLiteral("photo"), QStringLiteral("image/png"), QByteArray(3000, 'p'), kClerk)
                 .ok())
            return {};
        if (!store.cases().transition(c->number, CaseState::Received, kClerk, {}).ok())
            return {};
        auto queued = store.outbox().enqueue(c->id, QStringLiteral("p-%1").arg(i), QStringLiteral("packet"), "sealed");
        if (!queued.ok() || !store.cases().acknowledgeWithReceipts({{c->number, *queued, "receipt"}}, kHub).ok())
            return {};
        for (CaseState step : path) {
            if (!store.cases().transition(c->number, step, kClerk, {}).ok())
                return {};
        }
        return c->number;
    }

private Q_SLOTS:
    void keptUntilIssued()
    {
        QVERIFY(m_dir.isValid());
        // The options the desk runs its sync service with.
        QCOMPARE(DeskProgram::syncOptions().retentionDays, 30);
        QVERIFY(DeskProgram::syncOptions().purgeOnlyEnded);

        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(1, 0), Qt::UTC));
        QString issuedLong, issuedRecently, decided, correcting;
        {
            QString problem;
            auto desk = DeskProgram::open(options(), clock, &problem);
            QVERIFY2(desk, qPrintable(problem));
            QVERIFY(test::enrollLocally(desk->store(), QStringLiteral("D-DESK-9")));
            const QList<CaseState> toIssued{CaseState::Accepted, CaseState::Approved, CaseState::Concluded,
                                            CaseState::Issued};
            issuedLong = acknowledgedCase(desk->store(), 1, toIssued);
            decided = acknowledgedCase(desk->store(), 2, {CaseState::Accepted, CaseState::Approved});
            correcting = acknowledgedCase(desk->store(), 3, {CaseState::CorrectionRequested});
            issuedRecently = acknowledgedCase(desk->store(), 4, {CaseState::Accepted, CaseState::Approved});
            QVERIFY(!issuedLong.isEmpty() && !decided.isEmpty() && !correcting.isEmpty() && !issuedRecently.isEmpty());
            clock.advanceDays(21);
            OW_VERIFY_OK(desk->store().cases().transition(issuedRecently, CaseState::Concluded, kClerk, {}));
            OW_VERIFY_OK(desk->store().cases().transition(issuedRecently, CaseState::Issued, kClerk, {}));
        }

        // 31 days after the hub's acknowledgement the desk starts with its sync service (the hub
        // cannot be reached: the purge runs all the same).
        clock.advanceDays(10);
        QString problem;
        auto desk = DeskProgram::open(options(QStringLiteral("http://127.0.0.1:1")), clock, &problem);
        QVERIFY2(desk, qPrintable(problem));
        QVERIFY(desk->device());
        const auto caseOf = [&](const QString &number) {
            return (*desk->store().cases().findByNumber(number)).value_or(Case());
        };
        QTRY_VERIFY_WITH_TIMEOUT(caseOf(issuedLong).purged, 30000);
        const Case purged = caseOf(issuedLong);
        QVERIFY(purged.formJson.isEmpty());
        QVERIFY(purged.applicantMasked.isEmpty());
        QCOMPARE(purged.state, CaseState::Issued);
        for (const QString &number : {decided, correcting, issuedRecently}) {
            const Case kept = caseOf(number);
            QVERIFY2(!kept.purged, qPrintable(number));
            QVERIFY(!kept.formJson.isEmpty());
            QVERIFY(!kept.applicantMasked.isEmpty());
            const auto attachments = desk->store().attachments().forCase(number);
            OW_VERIFY_OK(attachments);
            QCOMPARE(attachments->size(), 1);
            OW_VERIFY_OK(desk->store().attachments().content(attachments->first().id, kClerk, QStringLiteral("test")));
        }
        QVERIFY(desk->store().audit().verify()->intact());
    }
};

QTEST_MAIN(TestDeskRetention)
#include "tst_deskretention.moc"
