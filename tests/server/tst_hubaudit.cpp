// The hub's audit trail in process (server/HubAuditTrail.h) on a real database, SQLite and
// PostgreSQL (tst_hubaudit_postgres): sealing into the hash chain, the verifier naming the first
// entry tampered with or deleted, the auditor's search and signed extract, every read audited,
// other roles refused, two hubs sealing one database, and `onewindow-hub verify-audit`.

#include "HubTestBackend.h"

#include "crypto/AuditExtract.h"
#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

using namespace ow;
using namespace ow::hub;

namespace {

const QDateTime Start = QDateTime(QDate(2026, 5, 1), QTime(8, 0), Qt::UTC);
const QString Password = QStringLiteral("Auditor#2026pass");

QByteArray loginBody(const QString &username, const QString &password)
{
    return protocol::toBytes(
        QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
}

} // namespace

class TestHubAudit : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    QTemporaryDir m_dir;
    std::optional<HubKeys> m_keys;
    ManualClock m_clock{Start};
    int m_databases = 0;

    // A fresh, migrated database; its URL (empty for SQLite) and folder in `url` and `folder`.
    bool openFresh(HubDatabase &db, QString &url, QString &folder)
    {
        QString error;
        url = m_backend.newDatabase(&error);
        if (!error.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        folder = m_dir.filePath(QStringLiteral("db%1").arg(++m_databases));
        QDir().mkpath(folder);
        return db.open(url, folder + QStringLiteral("/hub.sqlite")).ok() && db.migrate().ok();
    }

    HubService service(HubDatabase &db)
    {
        HubLimits limits;
        limits.passwordIterations = 1000;
        return HubService(db, *m_keys, nullptr, limits, m_clock);
    }

    static OperatorIdentity account(HubService &hub, const QString &username, const QString &role,
                                    const QString &department = QStringLiteral(""))
    {
        QByteArray secret = Password.toUtf8();
        if (const Status added = hub.admin().addOperator(username, role, department, secret); !added.ok())
            qWarning("account %s not added: %s", qPrintable(username), qPrintable(added.error().logDetail));
        auto answer = hub.signIn().login(loginBody(username, Password));
        if (!answer)
            return {};
        auto op = hub.signIn().authenticate(HeaderMap{{"authorization", "Bearer " + answer->token.toLatin1()}});
        return op ? *op : OperatorIdentity{};
    }

    // Entries as other transactions write them (cases opened, decisions), `count` of them.
    static bool writeEntries(HubDatabase &db, int count, const QString &at, const QString &prefix = {})
    {
        for (int i = 0; i < count; ++i) {
            const bool ok =
                db.exec(QStringLiteral(
                            "INSERT INTO audit_log (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)"),
                        {at, QStringLiteral("operator:99"),
                         i % 2 ? QStringLiteral("decision") : QStringLiteral("case_open"),
                         QStringLiteral("%1C-%2").arg(prefix).arg(i % 5), QStringLiteral("ok")})
                    .ok();
            if (!ok)
                return false;
        }
        return true;
    }

    static qint64 scalar(HubDatabase &db, const QString &sql, std::initializer_list<QVariant> values = {})
    {
        auto query = db.exec(sql, values);
        return query.ok() && query->next() ? query->value(0).toLongLong() : -1;
    }

    static AuditQuery query(const QString &caseNumber = {}, const QString &actor = {}, const QString &action = {},
                            const QString &from = {}, const QString &to = {}, const QString &limit = {})
    {
        auto parsed =
            AuditTrail::parseQuery(caseNumber, actor, action, from, to, QString(), limit, AuditTrail::MaxExtract);
        return parsed ? *parsed : AuditQuery{};
    }

    // `onewindow-hub verify-audit` on this database: exit code and standard output.
    static int verifyCommand(const QString &url, const QString &folder, QByteArray *output)
    {
        QProcess hub;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
        hub.setProcessEnvironment(env);
        QStringList args{QStringLiteral("verify-audit"), QStringLiteral("--data"), folder};
        if (!url.isEmpty())
            args << QStringLiteral("--db") << url;
        hub.start(QStringLiteral(OW_HUB_BINARY), args);
        if (!hub.waitForFinished(120000))
            return -1;
        *output = hub.readAllStandardOutput();
        return hub.exitStatus() == QProcess::NormalExit ? hub.exitCode() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto keys = HubKeys::loadOrCreate(m_dir.filePath(QStringLiteral("keys")));
        QVERIFY(keys.ok());
        m_keys.emplace(std::move(*keys));
    }

    // Entries are sealed in id order, continuing the chain; the verifier counts them.
    void sealsAndVerifies()
    {
        HubDatabase db;
        QString url, folder;
        QVERIFY(openFresh(db, url, folder));
        HubService hub = service(db);
        AuditTrail &trail = hub.auditTrail();
        QVERIFY(writeEntries(db, 30, crypto::wireTime(Start)));

        auto before = trail.verify();
        QVERIFY(before.ok());
        QCOMPARE(before->entries, 30);
        QCOMPARE(before->unsealed, 30);
        QCOMPARE(before->sealed, 0);
        QVERIFY(before->intact());

        auto sealed = trail.seal(7); // several batches
        QVERIFY(sealed.ok());
        QCOMPARE(*sealed, 30);
        QCOMPARE(*trail.seal(), 0);
        QVERIFY(writeEntries(db, 5, crypto::wireTime(Start.addSecs(60))));
        QCOMPARE(*trail.seal(), 5);

        auto after = trail.verify();
        QVERIFY(after.ok());
        QCOMPARE(after->entries, 35);
        QCOMPARE(after->sealed, 35);
        QCOMPARE(after->unsealed, 0);
        QVERIFY2(after->intact(), qPrintable(after->firstBroken ? after->firstBroken->problem : QString()));
        // Seq follows id, without gaps.
        QCOMPARE(scalar(db, QStringLiteral("SELECT MAX(chain_seq) FROM audit_log")), 35);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log a JOIN audit_log b "
                                           "ON a.id < b.id AND a.chain_seq > b.chain_seq")),
                 0);
        QCOMPARE(after->toJson().value(QStringLiteral("firstBroken")), QJsonValue());

        // The last entry cut off: the head still names it.
        QVERIFY(db.exec(QStringLiteral("DELETE FROM audit_log WHERE chain_seq = 35")).ok());
        auto cut = trail.verify();
        QVERIFY(cut.ok());
        QVERIFY(!cut->intact());
        QCOMPARE(cut->firstBroken->seq, 35);
        QCOMPARE(cut->firstBroken->problem, QStringLiteral("missing"));
    }

    // One entry's outcome changed in SQL: the verifier names exactly that entry; put back, the
    // chain is whole again. Then one deleted: its seq is named as missing, and so is the last
    // entry cut off the end.
    void namesTamperedAndDeletedEntries()
    {
        HubDatabase db;
        QString url, folder;
        QVERIFY(openFresh(db, url, folder));
        HubService hub = service(db);
        AuditTrail &trail = hub.auditTrail();
        QVERIFY(writeEntries(db, 40, crypto::wireTime(Start)));
        QCOMPARE(*trail.seal(), 40);

        const qint64 victim = scalar(db, QStringLiteral("SELECT id FROM audit_log WHERE chain_seq = 17"));
        QVERIFY(victim > 0);
        QVERIFY(db.exec(QStringLiteral("UPDATE audit_log SET outcome = 'refused' WHERE id = ?"), {victim}).ok());
        auto tampered = trail.verify();
        QVERIFY(tampered.ok());
        QVERIFY(!tampered->intact());
        QCOMPARE(tampered->firstBroken->seq, 17);
        QCOMPARE(tampered->firstBroken->id, victim);
        QCOMPARE(tampered->firstBroken->problem, QStringLiteral("hash_mismatch"));
        QCOMPARE(tampered->firstBroken->action, QStringLiteral("case_open"));
        const QJsonObject broken = tampered->toJson().value(QStringLiteral("firstBroken")).toObject();
        QCOMPARE(broken.value(QStringLiteral("id")).toInteger(), victim);

        // The command line says the same and fails.
        QByteArray output;
        QCOMPARE(verifyCommand(url, folder, &output), 7);
        QVERIFY2(output.contains("entry " + QByteArray::number(victim) + " (seq 17"), output.constData());

        QVERIFY(db.exec(QStringLiteral("UPDATE audit_log SET outcome = 'ok' WHERE id = ?"), {victim}).ok());
        QVERIFY(trail.verify()->intact());
        QCOMPARE(verifyCommand(url, folder, &output), 0);
        QVERIFY2(output.contains("intact"), output.constData());

        const qint64 deleted = scalar(db, QStringLiteral("SELECT id FROM audit_log WHERE chain_seq = 23"));
        QVERIFY(db.exec(QStringLiteral("DELETE FROM audit_log WHERE id = ?"), {deleted}).ok());
        auto missing = trail.verify();
        QVERIFY(missing.ok());
        QCOMPARE(missing->firstBroken->seq, 23);
        QCOMPARE(missing->firstBroken->problem, QStringLiteral("missing"));
        QCOMPARE(verifyCommand(url, folder, &output), 7);
        QVERIFY2(output.contains("seq 23"), output.constData());

        // New entries chain on the head, never on what is left at the end.
        QVERIFY(db.exec(QStringLiteral("DELETE FROM audit_log WHERE chain_seq = 40")).ok());
        QVERIFY(writeEntries(db, 1, crypto::wireTime(Start)));
        QCOMPARE(*trail.seal(), 1);
        QVERIFY(db.exec(QStringLiteral("DELETE FROM audit_log WHERE chain_seq <= 23")).ok());
        auto cut = trail.verify();
        QVERIFY(cut.ok());
        QCOMPARE(cut->firstBroken->seq, 1);
        QVERIFY(db.exec(QStringLiteral("DELETE FROM audit_log")).ok());
        auto emptied = trail.verify();
        QCOMPARE(emptied->firstBroken->seq, 1);
        QCOMPARE(emptied->firstBroken->problem, QStringLiteral("missing"));
    }

    // The auditor searches by case, operator, action and date; newest first, paged; each search
    // is on record. Other roles are refused, and so is the refusal on record.
    void auditorSearches()
    {
        HubDatabase db;
        QString url, folder;
        QVERIFY(openFresh(db, url, folder));
        HubService hub = service(db);
        AuditTrail &trail = hub.auditTrail();
        const OperatorIdentity auditor = account(hub, QStringLiteral("county.auditor"), QStringLiteral("auditor"));
        const OperatorIdentity reviewer =
            account(hub, QStringLiteral("health.reviewer"), QStringLiteral("reviewer"), QStringLiteral("dep"));
        QCOMPARE(auditor.role, Role::Auditor);
        QVERIFY(writeEntries(db, 10, QStringLiteral("2026-05-01T09:00:00.000Z")));
        QVERIFY(writeEntries(db, 10, QStringLiteral("2026-05-03T09:00:00.000Z"), QStringLiteral("X")));

        auto byCase = trail.search(auditor, query(QStringLiteral("C-1")));
        QVERIFY(byCase.ok());
        QCOMPARE(byCase->entries.size(), 2);
        QVERIFY(byCase->entries[0].id > byCase->entries[1].id); // newest first
        QVERIFY(byCase->entries[0].seq > 0);                    // sealed before it was read
        QCOMPARE(byCase->entries[0].target, QStringLiteral("C-1"));

        auto byAction = trail.search(auditor, query({}, {}, QStringLiteral("decision"), QStringLiteral("2026-05-03"),
                                                    QStringLiteral("2026-05-03")));
        QVERIFY(byAction.ok());
        QCOMPARE(byAction->entries.size(), 5);
        for (const AuditRecord &record : byAction->entries) {
            QCOMPARE(record.action, QStringLiteral("decision"));
            QVERIFY(record.target.startsWith(QLatin1String("XC-")));
        }
        auto none = trail.search(auditor, query({}, {}, {}, QStringLiteral("2026-05-04")));
        QVERIFY(none.ok());
        QVERIFY(none->entries.isEmpty());

        // By user name: the account's own entries (its sign-in).
        auto byOperator = trail.search(auditor, query({}, QStringLiteral("health.reviewer")));
        QVERIFY(byOperator.ok());
        QVERIFY(!byOperator->entries.isEmpty());
        for (const AuditRecord &record : byOperator->entries) {
            QCOMPARE(record.actor, QStringLiteral("operator:%1").arg(reviewer.id));
            QCOMPARE(record.operatorName, QStringLiteral("health.reviewer"));
        }

        // Paging: 3 at a time down to the end, each entry once.
        QSet<qint64> seen;
        AuditQuery paged = query({}, QStringLiteral("operator:99"), {}, {}, {}, QStringLiteral("3"));
        for (int page = 0; page < 20; ++page) {
            auto got = trail.search(auditor, paged);
            QVERIFY(got.ok());
            QVERIFY(got->entries.size() <= 3);
            for (const AuditRecord &record : got->entries) {
                QVERIFY(!seen.contains(record.id));
                seen.insert(record.id);
            }
            if (got->next == 0)
                break;
            paged.after = got->next;
        }
        QCOMPARE(seen.size(), 20);

        // Every read is on record, the refusals too.
        QVERIFY(scalar(db,
                       QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'audit_search' AND actor = ? "
                                      "AND outcome = 'ok'"),
                       {QStringLiteral("operator:%1").arg(auditor.id)}) >= 10);
        auto refused = trail.search(reviewer, query());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Refusal::Forbidden);
        QCOMPARE(refused.error().code, QByteArray("forbidden_role"));
        QCOMPARE(trail.verifyFor(reviewer).error().code, QByteArray("forbidden_role"));
        QCOMPARE(trail.extract(reviewer, query()).error().code, QByteArray("forbidden_role"));
        QCOMPARE(scalar(db,
                        QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND outcome = 'refused' "
                                       "AND action IN ('audit_search', 'audit_verify', 'audit_extract')"),
                        {QStringLiteral("operator:%1").arg(reviewer.id)}),
                 3);

        auto checked = trail.verifyFor(auditor);
        QVERIFY(checked.ok());
        QVERIFY(checked->intact());
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'audit_verify' AND "
                                           "outcome = 'intact'")),
                 1);

        // Out of range parameters: bad_request naming them.
        for (const auto &[from, limit, name] : {std::tuple{QStringLiteral("yesterday"), QString(), "from"},
                                                std::tuple{QString(), QStringLiteral("0"), "limit"},
                                                std::tuple{QString(), QStringLiteral("501"), "limit"}}) {
            auto bad = AuditTrail::parseQuery({}, {}, {}, from, {}, {}, limit, AuditTrail::MaxPage);
            QVERIFY(!bad.ok());
            QCOMPARE(bad.error().code, QByteArray("bad_request"));
            QVERIFY(bad.error().detail.startsWith(QLatin1String(name)));
        }
        QCOMPARE(AuditTrail::parseQuery(QStringLiteral("a\nb"), {}, {}, {}, {}, {}, {}, 10).error().code,
                 QByteArray("bad_request"));
    }

    // The extract verifies offline against the hub's public signing key; a changed byte does not.
    void signedExtract()
    {
        HubDatabase db;
        QString url, folder;
        QVERIFY(openFresh(db, url, folder));
        HubService hub = service(db);
        const OperatorIdentity auditor = account(hub, QStringLiteral("county.auditor"), QStringLiteral("auditor"));
        QVERIFY(writeEntries(db, 12, crypto::wireTime(Start)));
        auto document = hub.auditTrail().extract(auditor, query(QStringLiteral("C-2")));
        QVERIFY(document.ok());
        const crypto::PublicKey hubKey = m_keys->signingKey(crypto::DefaultSuite).publicKey();
        auto extract = crypto::verifyAuditExtract(*document, hubKey);
        QVERIFY2(extract.ok(), qPrintable(extract.ok() ? QString() : extract.error().logDetail));
        QCOMPARE(extract->value(QStringLiteral("hubId")).toString(), m_keys->hubId());
        const QJsonArray entries = extract->value(QStringLiteral("entries")).toArray();
        QCOMPARE(entries.size(), 2);
        for (const QJsonValue &entry : entries) {
            QCOMPARE(entry[QStringLiteral("target")].toString(), QStringLiteral("C-2"));
            QCOMPARE(entry[QStringLiteral("hash")].toString().size(), 64);
        }
        QVERIFY(extract->value(QStringLiteral("chainHead")).toObject().value(QStringLiteral("seq")).toInteger() >= 12);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'audit_extract'")), 1);

        QByteArray forged = *document;
        const qsizetype at = forged.indexOf("\"extract\":\"") + 20;
        forged[at] = forged[at] == 'A' ? 'B' : 'A';
        QVERIFY(!crypto::verifyAuditExtract(forged, hubKey).ok());
        auto other = crypto::PrivateKey::generate(crypto::DefaultSuite, crypto::KeyUse::Signing);
        QVERIFY(other.ok());
        QVERIFY(!crypto::verifyAuditExtract(*document, other->publicKey()).ok());
    }

    // Two hubs on one database write and seal in turns: one chain, no seq twice, intact.
    void twoHubsSealOneChain()
    {
        if (!m_backend.isPostgres())
            QSKIP("two hubs share a database only on PostgreSQL (a SQLite hub is one process)");
        HubDatabase first;
        QString url, folder;
        QVERIFY(openFresh(first, url, folder));
        HubDatabase second;
        QVERIFY(second.open(url, {}).ok());
        HubService one = service(first);
        HubService two = service(second);
        for (int round = 0; round < 5; ++round) {
            QVERIFY(writeEntries(first, 3, crypto::wireTime(Start)));
            QVERIFY(writeEntries(second, 4, crypto::wireTime(Start)));
            // A transaction of the first hub still open while the second seals: its entry
            // (a lower id than what the second writes next) gets the next seq once committed.
            QVERIFY(first.begin().ok());
            QVERIFY(writeEntries(first, 1, crypto::wireTime(Start)));
            QVERIFY(two.auditTrail().seal().ok());
            QVERIFY(writeEntries(second, 1, crypto::wireTime(Start)));
            QVERIFY(two.auditTrail().seal().ok());
            QVERIFY(first.commit().ok());
            QVERIFY(one.auditTrail().seal().ok());
        }
        auto check = two.auditTrail().verify();
        QVERIFY(check.ok());
        QCOMPARE(check->entries, 45);
        QCOMPARE(check->sealed, 45);
        QVERIFY(check->intact());
        QCOMPARE(scalar(first, QStringLiteral("SELECT COUNT(DISTINCT chain_seq) FROM audit_log")), 45);
    }
};

QTEST_GUILESS_MAIN(TestHubAudit)
#include "tst_hubaudit.moc"
