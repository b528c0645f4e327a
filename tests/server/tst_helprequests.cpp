// 呼叫帮办员 at the hub in process, without HTTP: HelpRequests on a real database (SQLite, or
// PostgreSQL for tst_helprequests_postgres) with a manual clock. One open request per device,
// asked again answers it; closing; the list by state; screens that are no screen key refused;
// the stored row holds the device, screen, state and times and nothing else.

#include "HubTestBackend.h"

#include "server/HelpRequests.h"
#include "server/HubDatabase.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;
using namespace ow::hub;
using protocol::HelpState;

namespace {
const QDateTime Start = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
} // namespace

class TestHelpRequests : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    QTemporaryDir m_dir;
    HubDatabase m_db;
    ManualClock m_clock{Start};

    qint64 count(const QString &sql, std::initializer_list<QVariant> values = {})
    {
        auto query = m_db.exec(sql, values);
        return query.ok() && query->next() ? query->value(0).toLongLong() : -1;
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
    }

    void init() { QVERIFY(m_db.exec(QStringLiteral("DELETE FROM help_requests")).ok()); }

    void askAgainAnswersTheOpenOne()
    {
        HelpRequests help(m_db, m_clock);
        auto first = help.ask(QStringLiteral("K01"), {QStringLiteral("identify")});
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().logDetail));
        QVERIFY(first->created);
        QCOMPARE(first->request.deviceId, QStringLiteral("K01"));
        QCOMPARE(first->request.screen, QStringLiteral("identify"));
        QCOMPARE(first->request.state, HelpState::Open);
        QCOMPARE(first->request.requestedAt, QStringLiteral("2026-05-01T08:00:00.000Z"));
        QVERIFY(first->request.closedAt.isEmpty());

        // Three more taps, minutes apart, from another screen: the same request, its first time.
        for (int i = 0; i < 3; ++i) {
            m_clock.advanceSecs(120);
            auto again = help.ask(QStringLiteral("K01"), {QStringLiteral("form")});
            QVERIFY(again.ok());
            QVERIFY(!again->created);
            QCOMPARE(again->request.id, first->request.id);
            QCOMPARE(again->request.requestedAt, first->request.requestedAt);
            QCOMPARE(again->request.screen, QStringLiteral("identify"));
        }
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM help_requests")), 1);
        // Another kiosk has its own.
        auto other = help.ask(QStringLiteral("K02"), {QStringLiteral("home")});
        QVERIFY(other.ok());
        QVERIFY(other->created);
        QVERIFY(other->request.id != first->request.id);

        auto open = help.list(HelpState::Open);
        QVERIFY(open.ok());
        QCOMPARE(open->size(), 2);
        QCOMPARE(open->at(0).id, first->request.id); // oldest first
        QCOMPARE(open->at(1).deviceId, QStringLiteral("K02"));

        // The helper came: closed, audited; a new tap is a new request.
        m_clock.advanceSecs(600);
        auto closed = help.close(first->request.id, QStringLiteral("operator:7"));
        QVERIFY(closed.ok());
        QCOMPARE(closed->state, HelpState::Closed);
        QCOMPARE(closed->closedAt, QStringLiteral("2026-05-01T08:16:00.000Z"));
        auto closedAgain = help.close(first->request.id, QStringLiteral("operator:7"));
        QVERIFY(closedAgain.ok());
        QCOMPARE(closedAgain->closedAt, closed->closedAt);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'help_close' AND target = ?"),
                       {QStringLiteral("help:") + first->request.id}),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'help_request' AND target = ? "
                                      "AND actor = 'device:K01'"),
                       {QStringLiteral("help:") + first->request.id}),
                 1);
        open = help.list(HelpState::Open);
        QVERIFY(open.ok());
        QCOMPARE(open->size(), 1);
        auto closedList = help.list(HelpState::Closed);
        QVERIFY(closedList.ok());
        QCOMPARE(closedList->size(), 1);
        QCOMPARE(closedList->at(0).id, first->request.id);
        auto all = help.list(std::nullopt);
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 2);

        auto fresh = help.ask(QStringLiteral("K01"), {QStringLiteral("home")});
        QVERIFY(fresh.ok());
        QVERIFY(fresh->created);
        QVERIFY(fresh->request.id != first->request.id);
    }

    // The database keeps one open request per device even when two hubs insert at once.
    void databaseKeepsOneOpenPerDevice()
    {
        HelpRequests help(m_db, m_clock);
        QVERIFY(help.ask(QStringLiteral("K03"), {QStringLiteral("home")}).ok());
        auto second = m_db.exec(QStringLiteral("INSERT INTO help_requests (device_id, screen, state, requested_at) "
                                               "VALUES ('K03', 'home', 'open', 'x')"));
        QVERIFY(!second.ok());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM help_requests WHERE device_id = 'K03'")), 1);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("screen");
        QTest::newRow("empty") << QString();
        QTest::newRow("id number") << QStringLiteral("34112519480302004X");
        QTest::newRow("name") << QStringLiteral("王秀兰");
        QTest::newRow("spaces") << QStringLiteral("home screen");
        QTest::newRow("too long") << QString(33, QLatin1Char('a'));
    }

    // Nothing but a screen key is taken: no digits, no names, no free text.
    void refusals()
    {
        QFETCH(QString, screen);
        HelpRequests help(m_db, m_clock);
        auto asked = help.ask(QStringLiteral("K04"), {screen});
        QVERIFY(!asked.ok());
        QCOMPARE(asked.error().code, ErrorCode::Invalid);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM help_requests")), 0);
        // And the wire message refuses it the same.
        QVERIFY(!protocol::HelpRequestCreate::fromJson({{QStringLiteral("screen"), screen}}).ok());
    }

    void closeUnknown()
    {
        HelpRequests help(m_db, m_clock);
        for (const QString &id : {QStringLiteral("999999"), QStringLiteral("abc"), QStringLiteral("-1"), QString()}) {
            auto closed = help.close(id, QStringLiteral("operator:1"));
            QVERIFY(!closed.ok());
            QCOMPARE(closed.error().code, ErrorCode::NotFound);
        }
        QVERIFY(!help.list(HelpState::Open, 0).ok());
        QVERIFY(!help.list(HelpState::Open, HelpRequests::MaxListed + 1).ok());
    }

    // The row holds exactly the device, the screen, the state and the times (and who closed it).
    void storedRowHoldsNoPersonalData()
    {
        HelpRequests help(m_db, m_clock);
        auto asked = help.ask(QStringLiteral("K05"), {QStringLiteral("identify")});
        QVERIFY(asked.ok());
        auto row = m_db.exec(QStringLiteral("SELECT * FROM help_requests"));
        QVERIFY(row.ok());
        QVERIFY(row->next());
        QStringList columns;
        const QSqlRecord record = row->record();
        for (int i = 0; i < record.count(); ++i)
            columns << record.fieldName(i);
        QCOMPARE(columns, (QStringList{QStringLiteral("id"), QStringLiteral("device_id"), QStringLiteral("screen"),
                                       QStringLiteral("state"), QStringLiteral("requested_at"),
                                       QStringLiteral("closed_at"), QStringLiteral("closed_by")}));
        QCOMPARE(row->value(1).toString(), QStringLiteral("K05"));
        QCOMPARE(row->value(2).toString(), QStringLiteral("identify"));
        QCOMPARE(row->value(3).toString(), QStringLiteral("open"));
        QVERIFY(row->value(5).isNull());
        QVERIFY(!row->next());
    }
};

QTEST_GUILESS_MAIN(TestHelpRequests)
#include "tst_helprequests.moc"
