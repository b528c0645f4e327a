// The hub's rules in process, without HTTP: HubService on a real database (SQLite, or PostgreSQL
// for tst_hubrules_postgres) with a manual clock, so limits that depend on time are tested
// without waiting.

#include "HubTestBackend.h"

#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace ow;
using namespace ow::hub;

namespace {

const QDateTime Start = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);

bool allZero(const QByteArray &bytes)
{
    return std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return c == 0; });
}

} // namespace

class TestHubRules : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    QTemporaryDir m_dir;
    HubDatabase m_db;
    std::optional<HubKeys> m_keys;
    ManualClock m_clock{Start};

    HubService service(HubLimits limits = {})
    {
        limits.passwordIterations = 1000;
        return HubService(m_db, *m_keys, nullptr, limits, m_clock);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_db.open(url, m_dir.filePath(QStringLiteral("hub.sqlite"))).ok());
        QVERIFY(m_db.migrate().ok());
        auto keys = HubKeys::loadOrCreate(m_dir.filePath(QStringLiteral("keys")));
        QVERIFY(keys.ok());
        m_keys.emplace(std::move(*keys));
    }

    // The password the service was handed is wiped in the caller's buffer, not in a copy.
    void passwordsAreWipedWhereTheyAre()
    {
        HubService hub = service();
        QByteArray password("correct horse battery");
        password.detach();
        const char *buffer = password.constData();
        const qsizetype size = password.size();
        QVERIFY(hub.addOperator(QStringLiteral("wipe.reviewer"), QStringLiteral("reviewer"), QStringLiteral("dep"),
                                password)
                    .ok());
        // The same buffer, of the same size, now holding zeros only.
        QCOMPARE(password.constData(), buffer);
        QCOMPARE(password.size(), size);
        QVERIFY(allZero(password));
    }
};

QTEST_GUILESS_MAIN(TestHubRules)
#include "tst_hubrules.moc"
