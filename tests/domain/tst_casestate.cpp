#include "domain/CaseNumber.h"
#include "domain/CaseState.h"

#include <QSet>
#include <QTest>

using namespace ow;

class TestCaseState : public QObject
{
    Q_OBJECT

private:
    // The legal moves, written out from DOMAIN.md independently of the implementation.
    static QSet<QPair<QString, QString>> legal()
    {
        const char *pairs[][2] = {
            {"draft", "received"},
            {"draft", "withdrawn"},
            {"received", "accepted"},
            {"received", "refused"},
            {"received", "correctionRequested"},
            {"received", "acceptedPendingMaterials"},
            {"received", "acceptedOnPledge"},
            {"received", "withdrawn"},
            {"received", "returned"},
            {"correctionRequested", "received"},
            {"correctionRequested", "underReview"},
            {"correctionRequested", "withdrawn"},
            {"correctionRequested", "returned"},
            {"accepted", "underReview"},
            {"accepted", "approved"},
            {"accepted", "denied"},
            {"accepted", "withdrawn"},
            {"acceptedPendingMaterials", "accepted"},
            {"acceptedPendingMaterials", "underReview"},
            {"acceptedPendingMaterials", "withdrawn"},
            {"acceptedPendingMaterials", "returned"},
            {"acceptedOnPledge", "underReview"},
            {"acceptedOnPledge", "approved"},
            {"acceptedOnPledge", "denied"},
            {"acceptedOnPledge", "withdrawn"},
            {"underReview", "approved"},
            {"underReview", "denied"},
            {"underReview", "correctionRequested"},
            {"underReview", "suspended"},
            {"underReview", "withdrawn"},
            {"underReview", "returned"},
            {"suspended", "underReview"},
            {"suspended", "withdrawn"},
            {"approved", "concluded"},
            {"denied", "concluded"},
            {"concluded", "issued"},
        };
        QSet<QPair<QString, QString>> out;
        for (const auto &p : pairs)
            out.insert({QString::fromLatin1(p[0]), QString::fromLatin1(p[1])});
        return out;
    }

private Q_SLOTS:
    void keysRoundTrip()
    {
        QSet<QString> seen;
        for (CaseState s : caseState::all()) {
            const QString k = caseState::key(s);
            QVERIFY(!seen.contains(k));
            seen.insert(k);
            QCOMPARE(caseState::fromKey(k), std::optional<CaseState>(s));
            QVERIFY(!caseState::label(s).isEmpty());
        }
        QCOMPARE(seen.size(), 15);
        QVERIFY(!caseState::fromKey(QStringLiteral("approvedd")).has_value());
    }

    void transitions_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("allowed");
        const auto ok = legal();
        for (CaseState a : caseState::all()) {
            for (CaseState b : caseState::all()) {
                const QString from = caseState::key(a);
                const QString to = caseState::key(b);
                QTest::addRow("%s->%s", qPrintable(from), qPrintable(to)) << from << to << ok.contains({from, to});
            }
        }
    }

    void transitions()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, allowed);
        const Status s = caseState::checkTransition(*caseState::fromKey(from), *caseState::fromKey(to));
        QCOMPARE(s.ok(), allowed);
        if (!allowed) {
            QCOMPARE(s.error().code, ErrorCode::IllegalTransition);
            QVERIFY(s.error().logDetail.contains(from));
            QVERIFY(s.error().logDetail.contains(to));
            QVERIFY(s.error().userMessage.contains(caseState::label(*caseState::fromKey(to))));
        }
    }

    void terminalStatesHaveNoWayOut()
    {
        for (CaseState s : caseState::all())
            QCOMPARE(caseState::isTerminal(s), caseState::successors(s).isEmpty());
    }

    void clockStopsForCorrectionAndSuspension()
    {
        QVERIFY(!caseState::clockRuns(CaseState::CorrectionRequested));
        QVERIFY(!caseState::clockRuns(CaseState::Suspended));
        QVERIFY(caseState::clockRuns(CaseState::UnderReview));
        QVERIFY(caseState::clockRuns(CaseState::Accepted));
    }

    void caseNumbers()
    {
        const QString n = caseNumber::format(QStringLiteral("K0042"), QDate(2026, 2, 14), 7);
        QCOMPARE(n, QStringLiteral("K0042-20260214-000007"));
        QVERIFY(caseNumber::isWellFormed(n));
        QVERIFY(caseNumber::isWellFormed(caseNumber::format(QStringLiteral("K0042"), QDate(2026, 2, 14), 1234567)));
        QVERIFY(!caseNumber::isWellFormed(QStringLiteral("K0042-2026021-000007")));
        QVERIFY(!caseNumber::isWellFormed(QStringLiteral("K 42-20260214-000007")));
    }
};

QTEST_GUILESS_MAIN(TestCaseState)
#include "tst_casestate.moc"
