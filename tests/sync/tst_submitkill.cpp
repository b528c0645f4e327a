// kill -9 of a kiosk-like process while it submits applications (case + 1 MB material + sealed
// packet in one transaction), at random moments, again and again: afterwards every case in the
// store is complete — received, its material there, its packet in the outbox — and none is half
// saved; the store opens and verifies each time.
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "store/AuditLog.h"
#include "store/KeyProvider.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;

class TestSubmitKill : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noHalfCaseWhenKilledDuringSubmit()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        qInfo() << "seed:" << seed;
        int kills = 0;
        int reported = 0;
        for (int round = 0; round < 8; ++round) {
            QProcess client;
            client.start(QStringLiteral(OW_SUBMIT_CLIENT), {dir.path()});
            QVERIFY(client.waitForStarted(10000));
            QVERIFY(client.waitForReadyRead(20000)); // "ready": the store is open
            QTest::qWait(int(random.bounded(50, 600)));
            client.kill(); // SIGKILL, wherever it is
            QVERIFY(client.waitForFinished(10000));
            ++kills;
            const QList<QByteArray> lines = client.readAllStandardOutput().split('\n');
            for (const QByteArray &line : lines) {
                QVERIFY2(!line.startsWith("error") && !line.startsWith("open-error"), line.constData());
                if (line.startsWith("submitted"))
                    ++reported;
            }
        }

        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        Store::Options o;
        o.path = dir.filePath(QStringLiteral("store.db"));
        o.keys = &keys;
        auto store = Store::open(o);
        OW_VERIFY_OK(store);
        auto chain = (*store)->audit().verify();
        OW_VERIFY_OK(chain);
        QVERIFY2(chain->intact(), qPrintable(chain->problem));
        const qint64 cases = *(*store)->cases().count();
        // Every reported case is there; at most one per kill was committed but not yet reported.
        QVERIFY2(cases >= reported && cases <= reported + kills,
                 qPrintable(QStringLiteral("%1 cases, %2 reported, %3 kills").arg(cases).arg(reported).arg(kills)));
        QVERIFY(reported > 0);
        auto all = (*store)->cases().byItem(QStringLiteral("elderly-allowance"), 100000);
        OW_VERIFY_OK(all);
        QCOMPARE(all->size(), cases);
        for (const Case &c : *all) {
            QCOMPARE(c.state, CaseState::Received);
            QVERIFY(c.syncState != SyncState::Local);
            QCOMPARE((*store)->attachments().forCase(c.number)->size(), 1);
            QVERIFY(*(*store)->outbox().hasPacketForCase(c.id));
        }
        qInfo() << "kills:" << kills << "cases:" << cases << "reported:" << reported;
    }
};

QTEST_GUILESS_MAIN(TestSubmitKill)
#include "tst_submitkill.moc"
