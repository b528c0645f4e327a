// Offline sign-in at the desk on a real encrypted store: operators cached with a salted slow hash
// (schema version 4), lockout after five failures and unlock after the configured time, an unknown
// name answered exactly like a wrong password and at the same cost, the password rules each with
// an example that breaks it, idle sign-out with a manual clock, and nothing secret in the logs or
// the audit trail.
#include "TestSupport.h"

#include "crypto/PasswordHash.h"
#include "identity/OperatorCache.h"
#include "identity/PasswordRules.h"
#include "identity/Session.h"
#include "identity/SignInService.h"
#include "store/AuditLog.h"
#include "store/Repositories.h"
#include "store/Schema.h"
#include "store/Store.h"

#include <QFile>
#include <QLocale>
#include <QLoggingCategory>
#include <QTest>

using namespace ow;

namespace {

const QString kClerkPassword = QStringLiteral("Qinghe-Window-2026");
const QString kDisplayName = QStringLiteral("赵晓梅");
constexpr int kIterations = 2000; // fast tests; the product's default is far higher

Operator clerk()
{
    return Operator{QStringLiteral("clerk01"), kDisplayName, {Role::WindowClerk}, QStringLiteral("371402-ZWFW")};
}

// Every message logged while recording, whatever its level and category.
QStringList g_logged;
QtMessageHandler g_previous = nullptr;
void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_logged.append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message);
    Q_UNUSED(type);
}

} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;
    int m_verifications = 0;
    QStringList m_verifiedIterations; // the iteration count of each hash compared

    SignInService::Options options()
    {
        SignInService::Options o;
        o.iterations = kIterations;
        o.verify = [this](const QByteArray &secret, const QString &hash) {
            ++m_verifications;
            m_verifiedIterations.append(hash.section(QLatin1Char('$'), 1, 1));
            return crypto::verifySecret(secret, hash);
        };
        return o;
    }

    QList<AuditEntry> auditEntries()
    {
        auto all = m_fx.store->audit().entries(1, 100000);
        return all.ok() ? *all : QList<AuditEntry>{};
    }
    QList<AuditEntry> auditOf(const QString &action)
    {
        QList<AuditEntry> out;
        for (const AuditEntry &e : auditEntries()) {
            if (e.action == action)
                out.append(e);
        }
        return out;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fx.reset());
        m_verifications = 0;
        m_verifiedIterations.clear();
    }
    void cleanup() { m_fx.close(); }

    // A store of the previous version (3) opens as version 4 with the operator tables; what it
    // held is kept.
    void migratesPreviousVersion()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString number;
        {
            auto v3 = test::openStore(dir.path(), keys, m_fx.clock.get(), 3);
            QVERIFY(v3);
            QCOMPARE(v3->schemaVersion(), 3);
            auto c = v3->cases().create(NewCase{QStringLiteral("elderly-allowance"), 1,
                                                test::idWithCheckDigit(QStringLiteral("11010519491231002")), "{}"},
                                        Actor{QStringLiteral("K01"), QStringLiteral("citizen")});
            OW_VERIFY_OK(c);
            number = c->number;
            QVERIFY(!v3->db().scalar("SELECT count(*) FROM operators").ok());
        }
        auto v4 = test::openStore(dir.path(), keys, m_fx.clock.get());
        QVERIFY(v4);
        QCOMPARE(v4->schemaVersion(), schema::kCurrentVersion);
        QVERIFY(schema::kCurrentVersion >= 4);
        auto c = v4->cases().findByNumber(number);
        OW_VERIFY_OK(c);
        QVERIFY(c->has_value());
        SignInService service(*v4, *m_fx.clock, options());
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        OW_VERIFY_OK(service.signIn(QStringLiteral("clerk01"), kClerkPassword));
        OW_VERIFY_OK(v4->check());
    }

    // The cache holds a salted slow hash, never the password; the file holds neither in clear.
    void cacheHoldsOnlyAHash()
    {
        SignInService service(*m_fx.store, *m_fx.clock, options());
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        OperatorCache cache(*m_fx.store);
        auto found = cache.find(QStringLiteral("clerk01"));
        OW_VERIFY_OK(found);
        QVERIFY(found->has_value());
        const CachedOperator &c = **found;
        QCOMPARE(c.op.displayName, kDisplayName);
        QCOMPARE(c.op.roles, QList<Role>{Role::WindowClerk});
        QCOMPARE(c.op.department, QStringLiteral("371402-ZWFW"));
        QVERIFY(c.passwordHash.startsWith(QStringLiteral("pbkdf2-sm3$2000$")));
        QVERIFY(!c.passwordHash.contains(kClerkPassword));
        QCOMPARE(c.failedAttempts, 0);
        QVERIFY(!c.lockedUntil.isValid());
        // Two operators with the same password get different hashes (salted).
        Operator second = clerk();
        second.id = QStringLiteral("clerk02");
        OW_VERIFY_OK(service.remember(second, kClerkPassword));
        auto other = cache.find(QStringLiteral("clerk02"));
        OW_VERIFY_OK(other);
        QVERIFY((*other)->passwordHash != c.passwordHash);

        const QString path = m_fx.store->path();
        m_fx.close();
        for (const QString &file : {path, path + QStringLiteral("-wal")}) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            const QByteArray bytes = f.readAll();
            QVERIFY(!bytes.contains(kClerkPassword.toUtf8()));
            QVERIFY(!bytes.contains(kDisplayName.toUtf8()));
            QVERIFY(!bytes.contains("clerk01"));
        }
    }

    // Bad operator data is refused with a message and changes nothing already cached.
    void badOperatorRefused()
    {
        SignInService service(*m_fx.store, *m_fx.clock, options());
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        Operator adminToo = clerk();
        adminToo.roles.append(Role::Admin);
        const Status refused = service.remember(adminToo, QStringLiteral("Other-Password-1"));
        QVERIFY(!refused.ok());
        QVERIFY(!refused.error().userMessage.isEmpty());
        QVERIFY(!service.remember(clerk(), QString()).ok());
        Operator reviewer{QStringLiteral("rev01"), {}, {Role::DepartmentReviewer}, {}};
        QVERIFY(!service.remember(reviewer, kClerkPassword).ok());
        auto still = service.signIn(QStringLiteral("clerk01"), kClerkPassword);
        OW_VERIFY_OK(still);
        QCOMPARE(still->op().roles, QList<Role>{Role::WindowClerk});
        OperatorCache cache(*m_fx.store);
        auto none = cache.find(QStringLiteral("rev01"));
        OW_VERIFY_OK(none);
        QVERIFY(!none->has_value());
    }

    void signInAndOut()
    {
        SignInService service(*m_fx.store, *m_fx.clock, options());
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        auto session = service.signIn(QStringLiteral("clerk01"), kClerkPassword);
        OW_VERIFY_OK(session);
        QCOMPARE(session->op().id, QStringLiteral("clerk01"));
        QCOMPARE(session->op().displayName, kDisplayName);
        QCOMPARE(session->startedAt(), m_fx.clock->now());
        QVERIFY(session->isSignedIn());
        QCOMPARE(m_verifications, 1);
        auto signIns = auditOf(QStringLiteral("identity.signIn"));
        QCOMPARE(signIns.size(), 1);
        QCOMPARE(signIns[0].actor, QStringLiteral("clerk01"));
        QCOMPARE(signIns[0].role, QStringLiteral("windowClerk"));
        QCOMPARE(signIns[0].outcome, QStringLiteral("ok"));

        service.signOut(*session, SignInService::SignOutReason::User);
        QVERIFY(!session->isSignedIn());
        QVERIFY(session->isExpired(m_fx.clock->now()));
        QVERIFY(session->op().displayName.isEmpty());                  // wiped with the session
        service.signOut(*session, SignInService::SignOutReason::User); // once only
        auto outs = auditOf(QStringLiteral("identity.signOut"));
        QCOMPARE(outs.size(), 1);
        QCOMPARE(outs[0].reason, QStringLiteral("user"));
        QCOMPARE(outs[0].actor, QStringLiteral("clerk01"));
        // The user name is exact: another spelling is another (unknown) account.
        QVERIFY(!service.signIn(QStringLiteral("Clerk01"), kClerkPassword).ok());
        QVERIFY(!service.signIn(QString(), kClerkPassword).ok());
    }

    // Five wrong passwords in a row lock the account for the configured time, even against the
    // right password; the lock survives a restart; afterwards the right password works again.
    void lockoutAndUnlock()
    {
        auto o = options();
        o.lockSeconds = 120;
        auto service = std::make_unique<SignInService>(*m_fx.store, *m_fx.clock, o);
        OW_VERIFY_OK(service->remember(clerk(), kClerkPassword));
        for (int i = 1; i <= 4; ++i) {
            auto wrong = service->signIn(QStringLiteral("clerk01"), QStringLiteral("wrong-password-%1").arg(i));
            QVERIFY(!wrong.ok());
            QCOMPARE(wrong.error().code, ErrorCode::Invalid);
            QVERIFY2(wrong.error().userMessage.contains(QString::number(5 - i)), qPrintable(wrong.error().userMessage));
        }
        auto fifth = service->signIn(QStringLiteral("clerk01"), QStringLiteral("wrong-password-5"));
        QVERIFY(!fifth.ok());
        const QString lockedMessage = fifth.error().userMessage;
        const QDateTime until = m_fx.clock->now().addSecs(120);
        QVERIFY2(lockedMessage.contains(QLocale().toString(until.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"))),
                 qPrintable(lockedMessage));
        QCOMPARE(auditOf(QStringLiteral("identity.lock")).size(), 1);
        QCOMPARE(auditOf(QStringLiteral("identity.lock"))[0].actor, QStringLiteral("clerk01"));

        // Locked: the right password is refused too, without even being compared.
        const int compared = m_verifications;
        auto right = service->signIn(QStringLiteral("clerk01"), kClerkPassword);
        QVERIFY(!right.ok());
        QCOMPARE(right.error().userMessage, lockedMessage);
        QCOMPARE(m_verifications, compared);

        // A restart keeps the lock.
        service.reset();
        QVERIFY(m_fx.reopen());
        service = std::make_unique<SignInService>(*m_fx.store, *m_fx.clock, o);
        m_fx.clock->advanceSecs(119);
        QVERIFY(!service->signIn(QStringLiteral("clerk01"), kClerkPassword).ok());
        m_fx.clock->advanceSecs(1);
        auto after = service->signIn(QStringLiteral("clerk01"), kClerkPassword);
        OW_VERIFY_OK(after);
        OperatorCache cache(*m_fx.store);
        auto cached = cache.find(QStringLiteral("clerk01"));
        OW_VERIFY_OK(cached);
        QCOMPARE((*cached)->failedAttempts, 0);
        QVERIFY(!(*cached)->lockedUntil.isValid());

        // A fresh count after the lock: four more wrong ones do not lock again.
        for (int i = 0; i < 4; ++i)
            QVERIFY(!service->signIn(QStringLiteral("clerk01"), QStringLiteral("nope")).ok());
        OW_VERIFY_OK(service->signIn(QStringLiteral("clerk01"), kClerkPassword));

        const QList<AuditEntry> denied = auditOf(QStringLiteral("identity.signIn"));
        int lockedRefusals = 0;
        for (const AuditEntry &e : denied)
            lockedRefusals += e.reason == QStringLiteral("locked") ? 1 : 0;
        QCOMPARE(lockedRefusals, 2);
    }

    // An unknown user name gets, attempt by attempt, the very answer a wrong password gets — up
    // to the lock — after the same slow comparison.
    void unknownNameAnsweredLikeWrongPassword()
    {
        SignInService service(*m_fx.store, *m_fx.clock, options());
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        for (int i = 1; i <= 6; ++i) {
            m_verifiedIterations.clear();
            const int before = m_verifications;
            auto known = service.signIn(QStringLiteral("clerk01"), QStringLiteral("Wrong-Password-9"));
            const int knownCost = m_verifications - before;
            auto unknown = service.signIn(QStringLiteral("nobody"), QStringLiteral("Wrong-Password-9"));
            const int unknownCost = m_verifications - before - knownCost;
            QVERIFY(!known.ok());
            QVERIFY(!unknown.ok());
            QCOMPARE(unknown.error().userMessage, known.error().userMessage);
            QCOMPARE(unknown.error().code, known.error().code);
            QCOMPARE(unknown.error().logDetail, known.error().logDetail);
            QCOMPARE(unknownCost, knownCost);
            QCOMPARE(knownCost, i <= 5 ? 1 : 0); // after the lock neither is compared
            if (knownCost == 1)
                QCOMPARE(m_verifiedIterations, (QStringList{QStringLiteral("2000"), QStringLiteral("2000")}));
        }
        // The refusals of the unknown name are audited without the name typed.
        int unknownRefusals = 0;
        for (const AuditEntry &e : auditEntries()) {
            QVERIFY(!e.actor.contains(QStringLiteral("nobody")));
            QVERIFY(!e.reason.contains(QStringLiteral("nobody")));
            unknownRefusals += e.reason == QStringLiteral("unknown user") ? 1 : 0;
        }
        QCOMPARE(unknownRefusals, 5);
    }

    void passwordRules_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QList<int>>("broken");
        QTest::addColumn<bool>("usedBefore"); // the password is among the last ones
        const int len = int(PasswordRule::MinimumLength);
        const int classes = int(PasswordRule::CharacterClasses);
        const int name = int(PasswordRule::NotUserName);
        QTest::newRow("acceptable") << QStringLiteral("Qinghe-2026!") << QList<int>{} << false;
        QTest::newRow("nine characters") << QStringLiteral("Qh-2026!x") << QList<int>{len} << false;
        QTest::newRow("ten characters") << QStringLiteral("Qh-2026!xy") << QList<int>{} << false;
        // Counted as characters, not UTF-16 units: five faces are five.
        QTest::newRow("characters outside the BMP")
            << QStringLiteral("\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600Ab1") << QList<int>{len} << false;
        QTest::newRow("lower-case only") << QStringLiteral("qinghewindow") << QList<int>{classes} << false;
        QTest::newRow("letters and digits, one case")
            << QStringLiteral("qinghe2026window") << QList<int>{classes} << false;
        QTest::newRow("three classes") << QStringLiteral("qinghe2026-window") << QList<int>{} << false;
        QTest::newRow("Chinese and digits") << QStringLiteral("一窗通综合窗口受理2026") << QList<int>{classes} << false;
        QTest::newRow("contains the user name") << QStringLiteral("Xclerk01-2026") << QList<int>{name} << false;
        QTest::newRow("user name in capitals") << QStringLiteral("CLERK01-qh-26") << QList<int>{name} << false;
        QTest::newRow("one of the last passwords")
            << QStringLiteral("Qinghe-2026!") << QList<int>{int(PasswordRule::NotRecent)} << true;
        QTest::newRow("short, one class, the name")
            << QStringLiteral("clerk01") << QList<int>{len, classes, name} << false;
    }
    void passwordRules()
    {
        QFETCH(QString, password);
        QFETCH(QList<int>, broken);
        QFETCH(bool, usedBefore);
        QStringList recent{crypto::hashSecret("Earlier-Pass-1", 1000)};
        if (usedBefore)
            recent.append(crypto::hashSecret(password.toUtf8(), 1000));
        const QList<PasswordProblem> problems = passwords::problems(password, QStringLiteral("clerk01"), recent, 5);
        QList<int> rules;
        for (const PasswordProblem &p : problems) {
            rules.append(int(p.rule));
            QVERIFY(!p.message.isEmpty());
        }
        QCOMPARE(rules, broken);
    }

    // A user name of one or two characters is not looked for (it would rule out too much).
    void shortUserNameNotLookedFor()
    {
        QVERIFY(passwords::problems(QStringLiteral("Police-Line-26"), QStringLiteral("li"), {}, 5).isEmpty());
        QCOMPARE(passwords::problems(QStringLiteral("Police-Line-26"), QStringLiteral("lin"), {}, 5).size(), 1);
    }

    // Each rule has its own message; a change is refused with every broken rule's message and
    // keeps the old password; the last five passwords cannot come back.
    void changePassword()
    {
        SignInService service(*m_fx.store, *m_fx.clock, options());
        QCOMPARE(service.options().passwordHistory, 5);
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        auto session = service.signIn(QStringLiteral("clerk01"), kClerkPassword);
        OW_VERIFY_OK(session);

        const Status wrongCurrent =
            service.changePassword(*session, QStringLiteral("not-it"), QStringLiteral("Qinghe-2027!"));
        QVERIFY(!wrongCurrent.ok());
        const Status broken = service.changePassword(*session, kClerkPassword, QStringLiteral("clerk01"));
        QVERIFY(!broken.ok());
        const QStringList lines = broken.error().userMessage.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(QSet<QString>(lines.begin(), lines.end()).size(), 3);
        QVERIFY(!service.changePassword(*session, kClerkPassword, kClerkPassword).ok()); // the current one
        const auto reused = service.passwordProblems(QStringLiteral("clerk01"), kClerkPassword);
        QCOMPARE(reused.size(), 1);
        QCOMPARE(reused[0].rule, PasswordRule::NotRecent);
        QVERIFY(reused[0].message.contains(QLatin1Char('5')));

        QStringList chosen;
        for (int i = 1; i <= 5; ++i) {
            chosen.append(QStringLiteral("Qinghe-Hall-%1x").arg(i));
            const QString current = i == 1 ? kClerkPassword : chosen[i - 2];
            OW_VERIFY_OK(service.changePassword(*session, current, chosen.last()));
        }
        // The last five (the current one and four before it) are refused; the sixth back is allowed.
        for (const QString &p : chosen) {
            const auto problems = service.passwordProblems(QStringLiteral("clerk01"), p);
            QCOMPARE(problems.size(), 1);
        }
        QVERIFY(service.passwordProblems(QStringLiteral("clerk01"), kClerkPassword).isEmpty());

        // The new password signs in, the old one no longer does.
        QVERIFY(!service.signIn(QStringLiteral("clerk01"), kClerkPassword).ok());
        OW_VERIFY_OK(service.signIn(QStringLiteral("clerk01"), chosen.last()));
        int ok = 0, denied = 0;
        for (const AuditEntry &e : auditOf(QStringLiteral("identity.password"))) {
            ok += e.outcome == QStringLiteral("ok") ? 1 : 0;
            denied += e.outcome == QStringLiteral("denied") ? 1 : 0;
        }
        QCOMPARE(ok, 5);
        QCOMPARE(denied, 3);
    }

    // A session unused for its idle time is expired; touching keeps it alive, but not after it
    // expired; the desk's check signs it out once, audited as idle.
    void idleSignOut()
    {
        auto o = options();
        o.idleSeconds = 600;
        SignInService service(*m_fx.store, *m_fx.clock, o);
        OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
        auto session = service.signIn(QStringLiteral("clerk01"), kClerkPassword);
        OW_VERIFY_OK(session);
        QCOMPARE(session->idleSeconds(), 600);
        m_fx.clock->advanceSecs(599);
        QVERIFY(!session->isExpired(m_fx.clock->now()));
        QVERIFY(!service.signOutIfIdle(*session));
        session->touch();
        QCOMPARE(session->lastActivity(), m_fx.clock->now());
        m_fx.clock->advanceSecs(599);
        QVERIFY(!session->isExpired(m_fx.clock->now()));
        m_fx.clock->advanceSecs(1);
        QVERIFY(session->isExpired(m_fx.clock->now()));
        session->touch(); // too late
        QVERIFY(session->isExpired(m_fx.clock->now()));
        const Status change = service.changePassword(*session, kClerkPassword, QStringLiteral("Qinghe-2027!"));
        QVERIFY(!change.ok());
        QVERIFY(!session->isSignedIn()); // the refused change signed it out
        QVERIFY(!service.signOutIfIdle(*session));
        auto outs = auditOf(QStringLiteral("identity.signOut"));
        QCOMPARE(outs.size(), 1);
        QCOMPARE(outs[0].reason, QStringLiteral("idle"));
        QCOMPARE(outs[0].at, m_fx.clock->now());
    }

    // Every log line of a sign-in's life, at every level: no password, hash, user name typed
    // or display name. The audit trail has none of the secrets either.
    void nothingSecretInLogs()
    {
        g_logged.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*.debug=true\now.*.info=true"));
        g_previous = qInstallMessageHandler(recordMessage);
        const QString typoName = QStringLiteral("Secret-Typed-Into-Name-1");
        QStringList hashes;
        {
            SignInService service(*m_fx.store, *m_fx.clock, options());
            OW_VERIFY_OK(service.remember(clerk(), kClerkPassword));
            auto session = service.signIn(QStringLiteral("clerk01"), kClerkPassword);
            OW_VERIFY_OK(session);
            QVERIFY(!service.changePassword(*session, kClerkPassword, QStringLiteral("short")).ok());
            OW_VERIFY_OK(service.changePassword(*session, kClerkPassword, QStringLiteral("Qinghe-2027!")));
            service.signOut(*session, SignInService::SignOutReason::User);
            for (int i = 0; i < 6; ++i) {
                QVERIFY(!service.signIn(QStringLiteral("clerk01"), QStringLiteral("Wrong-Secret-%1").arg(i)).ok());
                QVERIFY(!service.signIn(typoName, QStringLiteral("Wrong-Secret-%1").arg(i)).ok());
            }
            OperatorCache cache(*m_fx.store);
            auto recent = cache.recentPasswordHashes(QStringLiteral("clerk01"), 5);
            OW_VERIFY_OK(recent);
            hashes = *recent;
        }
        qInstallMessageHandler(g_previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY2(g_logged.size() >= 10, qPrintable(g_logged.join(QLatin1Char('\n')))); // the logs were recorded
        QCOMPARE(hashes.size(), 2);
        QStringList secrets{kClerkPassword, QStringLiteral("Qinghe-2027!"), QStringLiteral("Wrong-Secret"), typoName,
                            kDisplayName,   QStringLiteral("clerk01")};
        for (const QString &h : hashes)
            secrets << h.section(QLatin1Char('$'), 2, 2) << h.section(QLatin1Char('$'), 3, 3);
        const QString logs = g_logged.join(QLatin1Char('\n'));
        for (const QString &s : secrets)
            QVERIFY2(!logs.contains(s), qPrintable(s));
        for (const AuditEntry &e : auditEntries()) {
            const QString text = e.actor + e.role + e.action + e.reason + e.fields.join(QLatin1Char(' '));
            for (const QString &s : secrets.mid(0, 5))
                QVERIFY2(!text.contains(s), qPrintable(text));
        }
    }
};

QTEST_GUILESS_MAIN(TestSignIn)
#include "tst_signin.moc"
