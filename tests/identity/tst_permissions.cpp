// The permission matrix, every cell, through Authorizer::authorize on a real encrypted store:
// the expected table below is written out by hand, so a change to PermissionMatrix that nobody
// meant shows up here. Then department scoping, three-role separation (三员分立), the refusal of
// one's own account, and the audit entry every refusal leaves.
#include "TestSupport.h"

#include "Translations.h"
#include "domain/Role.h"
#include "identity/Action.h"
#include "identity/Authorizer.h"
#include "identity/Operator.h"
#include "identity/Session.h"
#include "store/AuditLog.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QTest>

using namespace ow;

namespace {

// Who may do what. One line per action; the columns are the roles in this order:
//   clerk (综合窗口受理人员), reviewer (部门审批人员), helper (村帮办代办员),
//   supervisor (大厅管理员), auditor (审计员), admin (系统管理员).
// `changes`: the action changes data (an auditor may do none of these).
struct Expected
{
    const char *action;
    bool changes;
    const char *cells; // "Y" allowed, "-" refused, one per role, space-separated
};

// clang-format off
const Expected kExpected[] = {
    //  action                   changes  clerk rev help super audit admin
    {"identifyCitizen",          false,   "Y     -   Y    -     -     -"},
    {"searchCases",              false,   "Y     -   -    -     -     -"},
    {"takeOverKioskDraft",       true,    "Y     -   Y    -     -     -"},
    {"fillForm",                 true,    "Y     -   Y    -     -     -"},
    {"checkMaterial",            true,    "Y     -   -    -     -     -"},
    {"acceptCase",               true,    "Y     -   -    -     -     -"},
    {"refuseCase",               true,    "Y     -   -    -     -     -"},
    {"recordCorrection",         true,    "Y     -   -    -     -     -"},
    {"issueResult",              true,    "Y     -   -    -     -     -"},
    {"viewReviewQueue",          false,   "-     Y   -    Y     -     -"},
    {"openCase",                 false,   "-     Y   -    -     -     -"},
    {"approve",                  true,    "-     Y   -    -     -     -"},
    {"deny",                     true,    "-     Y   -    -     -     -"},
    {"requestCorrection",        true,    "-     Y   -    -     -     -"},
    {"startSpecialProcedure",    true,    "-     Y   -    -     -     -"},
    {"actForPrincipal",          true,    "-     -   Y    -     -     -"},
    {"recordAuthorisation",      true,    "-     -   Y    -     -     -"},
    {"submitApplication",        true,    "-     -   Y    -     -     -"},
    {"viewHallStatistics",       false,   "-     -   -    Y     -     -"},
    {"followUpRating",           true,    "-     -   -    Y     -     -"},
    {"exportStatistics",         false,   "-     -   -    Y     -     -"},
    {"browseAudit",              false,   "-     -   -    -     Y     -"},
    {"verifyAuditChain",         false,   "-     -   -    -     Y     -"},
    {"manageOperators",          true,    "-     -   -    -     -     Y"},
    {"resetPassword",            true,    "-     -   -    -     -     Y"},
    {"configureDevice",          true,    "-     -   -    -     -     Y"},
    {"manageCatalog",            true,    "-     -   -    -     -     Y"},
    {"viewOwnDataUse",           false,   "Y     Y   Y    Y     Y     Y"},
};
// clang-format on

const char *const kRoleColumns[] = {"windowClerk", "reviewer", "villageHelper", "supervisor", "auditor", "admin"};

// Actions a department reviewer may do only for their own department.
const QStringList kDepartmentScoped{"viewReviewQueue",      "openCase", "approve", "deny", "requestCorrection",
                                    "startSpecialProcedure"};
// Deciding cases, which the administrator never does.
const QStringList kCaseDecisions{
    "acceptCase", "refuseCase", "approve", "deny", "requestCorrection", "startSpecialProcedure", "issueResult"};

const QString kDept = QStringLiteral("371402-MZJ"); // the civil affairs bureau
const QString kOtherDept = QStringLiteral("371402-SCJ");

Operator operatorWith(Role role, const QString &id = {})
{
    return Operator{id.isEmpty() ? QStringLiteral("op-") + role::key(role) : id, QStringLiteral("张三"), {role}, kDept};
}

Action actionOf(const QString &key)
{
    const auto a = action::fromKey(key);
    if (!a)
        qFatal("unknown action key in the test table");
    return *a;
}

} // namespace

class TestPermissions : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;

    qint64 auditCount()
    {
        auto n = m_fx.store->db().scalar("SELECT count(*) FROM audit_log");
        return n.ok() ? n->toLongLong() : -1;
    }
    AuditEntry lastAudit()
    {
        auto all = m_fx.store->audit().entries(1, 100000);
        return all.ok() && !all->isEmpty() ? all->last() : AuditEntry{};
    }
    // Authorizes and checks the audit trail: a refusal adds exactly one "denied" entry naming
    // the action and the operator; an allowed action adds none.
    bool authorizeAudited(const Operator &op, Action a, const CaseScope &scope, QString *message = nullptr,
                          QString *reason = nullptr)
    {
        Authorizer gate(m_fx.store->audit());
        const qint64 before = auditCount();
        const Status s = gate.authorize(op, a, scope);
        const qint64 after = auditCount();
        if (s.ok()) {
            if (after != before)
                qWarning("an allowed action was audited as a refusal");
            return after == before;
        }
        const AuditEntry e = lastAudit();
        if (after != before + 1 || e.action != QStringLiteral("identity.authorize") ||
            e.outcome != QStringLiteral("denied") || e.actor != op.id || !e.reason.startsWith(action::key(a)) ||
            e.caseNumber != scope.caseNumber || s.error().userMessage.isEmpty())
            qWarning("refusal not audited as expected");
        if (message)
            *message = s.error().userMessage;
        if (reason)
            *reason = e.reason;
        return false;
    }

private Q_SLOTS:
    // One store for the whole run: every check counts audit entries relative to before it.
    void initTestCase() { QVERIFY(m_fx.reset()); }
    void cleanupTestCase() { m_fx.close(); }

    // The table above covers every action there is, once, and keys round-trip.
    void tableCoversEveryAction()
    {
        QStringList tableKeys;
        for (const Expected &e : kExpected)
            tableKeys.append(QString::fromLatin1(e.action));
        QStringList productKeys;
        QStringList labels;
        for (const Action a : action::all()) {
            productKeys.append(action::key(a));
            QCOMPARE(action::fromKey(action::key(a)), std::optional<Action>(a));
            QVERIFY(!action::label(a).isEmpty());
            QVERIFY2(!labels.contains(action::label(a)), qPrintable(action::label(a)));
            labels.append(action::label(a));
        }
        QCOMPARE(productKeys, tableKeys);
        QVERIFY(!action::fromKey(QStringLiteral("approveEverything")));
        QCOMPARE(int(std::size(kRoleColumns)), int(role::all().size()));
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("actionKey");
        QTest::addColumn<QString>("roleKey");
        QTest::addColumn<bool>("allowed");
        for (const Expected &e : kExpected) {
            const QStringList cells = QString::fromLatin1(e.cells).split(QLatin1Char(' '), Qt::SkipEmptyParts);
            QCOMPARE(cells.size(), int(std::size(kRoleColumns)));
            for (int i = 0; i < cells.size(); ++i) {
                QVERIFY(cells[i] == QStringLiteral("Y") || cells[i] == QStringLiteral("-"));
                QTest::addRow("%s x %s", e.action, kRoleColumns[i])
                    << QString::fromLatin1(e.action) << QString::fromLatin1(kRoleColumns[i])
                    << (cells[i] == QStringLiteral("Y"));
            }
        }
    }

    // Every cell, with a scope that passes the department and account checks, so that only the
    // role decides.
    void matrix()
    {
        QFETCH(QString, actionKey);
        QFETCH(QString, roleKey);
        QFETCH(bool, allowed);
        const auto role = role::fromKey(roleKey);
        QVERIFY(role);
        const Operator op = operatorWith(*role);
        const CaseScope scope{QStringLiteral("C-371402-0001"), kDept, QStringLiteral("someone-else")};
        QString message;
        const bool ok = authorizeAudited(op, actionOf(actionKey), scope, &message);
        QCOMPARE(ok, allowed);
        if (!allowed)
            QVERIFY2(message.contains(role::label(*role)), qPrintable(message)); // names the role
    }

    // A department reviewer acts only on cases and queues of their own department; the hall
    // supervisor watches every department's queue.
    void departmentScoping_data()
    {
        QTest::addColumn<QString>("actionKey");
        for (const QString &k : kDepartmentScoped)
            QTest::newRow(qPrintable(k)) << k;
    }
    void departmentScoping()
    {
        QFETCH(QString, actionKey);
        const Action a = actionOf(actionKey);
        const Operator reviewer = operatorWith(Role::DepartmentReviewer);
        QVERIFY(authorizeAudited(reviewer, a, {QStringLiteral("C1"), kDept, {}}));
        QString message, reason;
        QVERIFY(!authorizeAudited(reviewer, a, {QStringLiteral("C2"), kOtherDept, {}}, &message, &reason));
        QVERIFY2(reason.contains(QStringLiteral("other department")), qPrintable(reason));
        QVERIFY(!message.isEmpty());
        QVERIFY(!authorizeAudited(reviewer, a, {QStringLiteral("C3"), QString(), {}}, nullptr, &reason));
        QVERIFY2(reason.contains(QStringLiteral("no department")), qPrintable(reason));
        // A reviewer of another department is refused this department's case.
        Operator other = reviewer;
        other.department = kOtherDept;
        QVERIFY(!authorizeAudited(other, a, {QStringLiteral("C1"), kDept, {}}));
        if (a == Action::ViewReviewQueue)
            QVERIFY(authorizeAudited(operatorWith(Role::HallSupervisor), a, {{}, kOtherDept, {}}));
    }

    // 三员分立: the administrator neither reads the audit trail nor decides cases; the auditor
    // changes nothing; the two roles never share an account with any other role.
    void threeRoleSeparation()
    {
        const Operator admin = operatorWith(Role::Admin);
        const CaseScope scope{QStringLiteral("C1"), kDept, QStringLiteral("someone-else")};
        for (const QString &k : QStringList{"browseAudit", "verifyAuditChain"} + kCaseDecisions)
            QVERIFY2(!authorizeAudited(admin, actionOf(k), scope), qPrintable(k));

        const Operator auditor = operatorWith(Role::Auditor);
        int auditorMay = 0;
        for (const Expected &e : kExpected) {
            const bool ok = authorizeAudited(auditor, actionOf(QString::fromLatin1(e.action)), scope);
            if (e.changes)
                QVERIFY2(!ok, e.action);
            auditorMay += ok ? 1 : 0;
        }
        QCOMPARE(auditorMay, 3); // browse and verify the audit trail, view own activity

        for (const Role other : role::all()) {
            for (const Role separate : {Role::Admin, Role::Auditor}) {
                if (other == separate)
                    continue;
                Operator both{QStringLiteral("op-both"), QStringLiteral("李四"), {separate, other}, kDept};
                QVERIFY(!operators::checkRoles(both).ok());
                // An account that breaks the rule is refused everything, even what each role may.
                for (const Action a : action::all())
                    QVERIFY(!authorizeAudited(both, a, scope));
            }
        }
        // Roles of the service hall may share an account.
        const Operator clerkAndHelper{
            QStringLiteral("op-ch"), QStringLiteral("王五"), {Role::WindowClerk, Role::VillageHelper}, kDept};
        OW_VERIFY_OK(operators::checkRoles(clerkAndHelper));
        QVERIFY(authorizeAudited(clerkAndHelper, Action::AcceptCase, scope));
        QVERIFY(authorizeAudited(clerkAndHelper, Action::ActForPrincipal, scope));
        QVERIFY(!authorizeAudited(clerkAndHelper, Action::Approve, scope));
    }

    // Nobody manages their own account: not its roles, not its password (case of the name aside).
    void notOnOwnAccount()
    {
        const Operator admin = operatorWith(Role::Admin, QStringLiteral("admin01"));
        for (const Action a : {Action::ManageOperators, Action::ResetPassword}) {
            QString reason;
            QVERIFY(!authorizeAudited(admin, a, {{}, {}, QStringLiteral("admin01")}, nullptr, &reason));
            QVERIFY2(reason.contains(QStringLiteral("own account")), qPrintable(reason));
            QVERIFY(!authorizeAudited(admin, a, {{}, {}, QStringLiteral("ADMIN01")}));
            QVERIFY(authorizeAudited(admin, a, {{}, {}, QStringLiteral("admin02")}));
            QVERIFY(authorizeAudited(admin, a, {{}, {}, {}})); // the list of accounts, no account in particular
        }
    }

    // Accounts that make no sense are refused whatever they ask.
    void brokenAccountsRefused()
    {
        const CaseScope scope{QStringLiteral("C1"), kDept, {}};
        QVERIFY(!authorizeAudited(Operator{QStringLiteral("op-none"), {}, {}, kDept}, Action::ViewOwnDataUse, scope));
        QVERIFY(!authorizeAudited(Operator{QStringLiteral("rev"), {}, {Role::DepartmentReviewer}, {}}, Action::Approve,
                                  scope));
        QVERIFY(!authorizeAudited(Operator{{}, {}, {Role::WindowClerk}, kDept}, Action::AcceptCase, scope));
    }

    // Through a session: an ended or idle one is refused (and audited) whatever the role may; an
    // allowed action counts as activity.
    void throughASession()
    {
        ManualClock &clock = *m_fx.clock;
        Authorizer gate(m_fx.store->audit(), clock);
        Session session(operatorWith(Role::WindowClerk, QStringLiteral("clerk09")), clock, 600);
        clock.advanceSecs(500);
        OW_VERIFY_OK(gate.authorize(session, Action::AcceptCase, {QStringLiteral("C-10"), kDept, {}}));
        QCOMPARE(session.lastActivity(), clock.now());
        QVERIFY(!gate.authorize(session, Action::Approve, {QStringLiteral("C-10"), kDept, {}}).ok());
        clock.advanceSecs(600);
        const Status idle = gate.authorize(session, Action::AcceptCase, {QStringLiteral("C-10"), kDept, {}});
        QVERIFY(!idle.ok());
        QVERIFY(!idle.error().userMessage.isEmpty());
        auto use = m_fx.store->audit().dataUseForCase(QStringLiteral("C-10"));
        OW_VERIFY_OK(use);
        QCOMPARE(use->size(), 2);
        QCOMPARE(use->at(0).reason, QStringLiteral("approve: role"));
        QCOMPARE(use->at(1).reason, QStringLiteral("acceptCase: session ended"));
        QCOMPARE(use->at(1).outcome, QStringLiteral("denied"));
    }

    // Refusals are in the store's audit chain, which stays intact, and name no person.
    void refusalsInTheAuditChain()
    {
        const Operator clerk = operatorWith(Role::WindowClerk, QStringLiteral("clerk07"));
        Authorizer gate(m_fx.store->audit());
        QVERIFY(!gate.authorize(clerk, Action::Approve, {QStringLiteral("C-9"), kDept, {}}).ok());
        QVERIFY(gate.authorize(clerk, Action::AcceptCase, {QStringLiteral("C-9"), kDept, {}}).ok());
        auto use = m_fx.store->audit().dataUseForCase(QStringLiteral("C-9"));
        OW_VERIFY_OK(use);
        QCOMPARE(use->size(), 1);
        const AuditEntry &e = use->first();
        QCOMPARE(e.actor, QStringLiteral("clerk07"));
        QCOMPARE(e.role, QStringLiteral("windowClerk"));
        QCOMPARE(e.action, QStringLiteral("identity.authorize"));
        QCOMPARE(e.outcome, QStringLiteral("denied"));
        QCOMPARE(e.reason, QStringLiteral("approve: role"));
        QCOMPARE(e.at, m_fx.clock->now());
        QVERIFY(!e.reason.contains(QStringLiteral("张三")));
        auto verified = m_fx.store->audit().verify();
        OW_VERIFY_OK(verified);
        QVERIFY(verified->intact());
    }

    // The refusal is in the screen's language: Simplified Chinese first.
    void refusalTranslated()
    {
        const Operator clerk = operatorWith(Role::WindowClerk);
        Authorizer gate(m_fx.store->audit());
        const QString english = gate.authorize(clerk, Action::Approve, {}).error().userMessage;
        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        const QString chinese = gate.authorize(clerk, Action::Approve, {}).error().userMessage;
        installTranslations(*QCoreApplication::instance(), QStringLiteral("en"));
        QVERIFY2(chinese != english, qPrintable(chinese));
        QVERIFY2(chinese.contains(QStringLiteral("综合窗口受理人员")) || chinese.contains(QStringLiteral("窗口")),
                 qPrintable(chinese));
        QVERIFY2(chinese.contains(QStringLiteral("准予")) || chinese.contains(QStringLiteral("审批")),
                 qPrintable(chinese));
    }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
