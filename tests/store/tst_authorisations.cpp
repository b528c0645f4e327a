// Authorisations (委托书) in the encrypted store: recorded with photo and signature that never lie
// in clear on disk; authorises() refusing a helper outside the scope, after the validity or before
// it, or without any authorisation, each with its own reason and a "denied" audit entry; a helped
// case's lifecycle kept with the case and every helper action in the principal's data-use record.
#include "TestSupport.h"

#include "store/Authorisations.h"
#include "store/Repositories.h"
#include "store/Schema.h"
#include "store/Store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {

const Actor kHelper{QStringLiteral("helper.wang"), QStringLiteral("helper")};
const QString kItem = QStringLiteral("elderly-allowance");
const QString kOtherItem = QStringLiteral("birth-registration");
const QByteArray kPhotoMarker = "PHOTO-OF-THE-SIGNED-PAPER-0123456789";

QString principalId()
{
    return test::idWithCheckDigit(QStringLiteral("11010519491231002"));
}

NewAuthorisation authorisation()
{
    NewAuthorisation a;
    a.principalIdNumber = principalId();
    a.principalName = QStringLiteral("李秀英");
    a.agent = HelperAgent{kHelper.id, QStringLiteral("王芳"), QStringLiteral("110***********0026"),
                          QStringLiteral("13800001111")};
    a.scope = QStringList{kItem};
    a.validFrom = QDate(2026, 3, 1);
    a.validTo = QDate(2026, 3, 31);
    a.photo = QByteArray(4096, 'x') + kPhotoMarker + QByteArray(4096, 'y');
    a.photoMime = QStringLiteral("image/png");
    a.signaturePng = QByteArray("\x89PNG signature strokes", 22);
    return a;
}

QStringList actionsOf(const QList<AuditEntry> &entries)
{
    QStringList out;
    for (const AuditEntry &e : entries)
        out.append(e.action + QLatin1Char('/') + e.outcome);
    return out;
}

} // namespace

class TestAuthorisations : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;

private Q_SLOTS:
    void init() { QVERIFY(m_fx.reset()); }
    void cleanup() { m_fx.close(); }

    void refusesIncompleteAuthorisations_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("no principal") << 0;
        QTest::newRow("empty scope") << 1;
        QTest::newRow("ends before it starts") << 2;
        QTest::newRow("no photo") << 3;
        QTest::newRow("no signature") << 4;
    }

    void refusesIncompleteAuthorisations()
    {
        QFETCH(int, which);
        NewAuthorisation a = authorisation();
        switch (which) {
        case 0:
            a.principalIdNumber.clear();
            break;
        case 1:
            a.scope.clear();
            break;
        case 2:
            a.validTo = a.validFrom.addDays(-1);
            break;
        case 3:
            a.photo.clear();
            break;
        case 4:
            a.signaturePng.clear();
            break;
        }
        auto r = m_fx.store->authorisations().record(a, kHelper);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Invalid);
        QVERIFY(!r.error().userMessage.isEmpty());
        QVERIFY(!r.error().logDetail.contains(principalId()));
        auto stored = m_fx.store->db().scalar("SELECT count(*) FROM authorisations");
        OW_VERIFY_OK(stored);
        QCOMPARE(stored->toInt(), 0);
    }

    void recordsEncrypted()
    {
        auto a = m_fx.store->authorisations().record(authorisation(), kHelper);
        OW_VERIFY_OK(a);
        QVERIFY(a->reference.startsWith(QStringLiteral("WT-")));
        QCOMPARE(a->principalMasked, QStringLiteral("110***********002") + principalId().right(1));
        QVERIFY(a->hasPhoto && a->hasSignature);

        QVERIFY(m_fx.reopen());
        auto back = m_fx.store->authorisations().find(a->reference);
        OW_VERIFY_OK(back);
        QCOMPARE(back->scope, QStringList{kItem});
        QCOMPARE(back->validTo, QDate(2026, 3, 31));
        QCOMPARE(back->agent.name, QStringLiteral("王芳"));
        auto photo = m_fx.store->authorisations().photo(a->reference, kHelper, QStringLiteral("show to principal"));
        OW_VERIFY_OK(photo);
        QVERIFY(photo->contains(kPhotoMarker));
        auto sig = m_fx.store->authorisations().signature(a->reference, kHelper, QStringLiteral("print"));
        OW_VERIFY_OK(sig);
        QCOMPARE(*sig, authorisation().signaturePng);
        // The record and both reads are in the audit chain under the authorisation's reference.
        auto uses = m_fx.store->audit().dataUseForCase(a->reference);
        OW_VERIFY_OK(uses);
        QCOMPARE(actionsOf(*uses),
                 (QStringList{QStringLiteral("authorisation.record/ok"), QStringLiteral("authorisation.read/ok"),
                              QStringLiteral("authorisation.read/ok")}));
        OW_VERIFY_OK(m_fx.store->check());

        // Neither the photo, the principal's number nor the name is anywhere on disk in clear.
        const QString path = m_fx.store->path();
        m_fx.close();
        for (const QString &file : {path, path + QStringLiteral("-wal")}) {
            QFile f(file);
            if (!f.exists())
                continue;
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QVERIFY(!bytes.contains(kPhotoMarker));
            QVERIFY(!bytes.contains(principalId().toUtf8()));
            QVERIFY(!bytes.contains(QStringLiteral("李秀英").toUtf8()));
        }
    }

    void authorisesWithinScopeAndValidity()
    {
        auto &repo = m_fx.store->authorisations();
        auto a = repo.record(authorisation(), kHelper);
        OW_VERIFY_OK(a);
        const QDateTime inside(QDate(2026, 3, 10), QTime(2, 0), Qt::UTC);
        auto ok = repo.authorises(kHelper.id, principalId(), kItem, inside, kHelper);
        OW_VERIFY_OK(ok);
        QCOMPARE(ok->reference, a->reference);
        // The last day counts in China time: 31 March 23:00 CST is 15:00 UTC.
        OW_VERIFY_OK(repo.authorises(kHelper.id, principalId(), kItem,
                                     QDateTime(QDate(2026, 3, 31), QTime(15, 0), Qt::UTC), kHelper));

        auto outside = repo.authorises(kHelper.id, principalId(), kOtherItem, inside, kHelper);
        QVERIFY(!outside.ok());
        QCOMPARE(outside.error().code, ErrorCode::Invalid);
        QVERIFY(outside.error().userMessage.contains(QStringLiteral("does not cover")));
        QVERIFY(outside.error().logDetail.contains(kOtherItem));

        // 1 April 00:30 China time is still 31 March in UTC, and the authorisation has expired.
        auto expired = repo.authorises(kHelper.id, principalId(), kItem,
                                       QDateTime(QDate(2026, 3, 31), QTime(16, 30), Qt::UTC), kHelper);
        QVERIFY(!expired.ok());
        QVERIFY(expired.error().userMessage.contains(QStringLiteral("expired on 2026-03-31")));

        auto early = repo.authorises(kHelper.id, principalId(), kItem,
                                     QDateTime(QDate(2026, 2, 27), QTime(2, 0), Qt::UTC), kHelper);
        QVERIFY(!early.ok());
        QVERIFY(early.error().userMessage.contains(QStringLiteral("valid only from 2026-03-01")));

        const QString stranger = test::idWithCheckDigit(QStringLiteral("11010519800101001"));
        auto none = repo.authorises(kHelper.id, stranger, kItem, inside, kHelper);
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, ErrorCode::NotFound);
        auto otherHelper = repo.authorises(QStringLiteral("helper.zhao"), principalId(), kItem, inside, kHelper);
        QVERIFY(!otherHelper.ok());
        QCOMPARE(otherHelper.error().code, ErrorCode::NotFound);

        // Each refusal is audited as denied, with the reason, never the principal's number.
        auto entries = m_fx.store->audit().entries(1, 100);
        OW_VERIFY_OK(entries);
        int denied = 0;
        for (const AuditEntry &e : *entries) {
            QVERIFY(!e.reason.contains(principalId()));
            if (e.action == QLatin1String("authorisation.check")) {
                QCOMPARE(e.outcome, QStringLiteral("denied"));
                ++denied;
            }
        }
        QCOMPARE(denied, 5);
    }

    void helpedCaseEndToEndInTheStore()
    {
        Store &store = *m_fx.store;
        auto &repo = store.authorisations();
        auto a = repo.record(authorisation(), kHelper);
        OW_VERIFY_OK(a);
        auto outsideCase = store.cases().create(NewCase{kOtherItem, 1, principalId(), "{}"}, kHelper);
        OW_VERIFY_OK(outsideCase);
        auto refused = repo.attachCase(*outsideCase, a->reference, 10, kHelper);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().userMessage.contains(QStringLiteral("does not cover")));

        auto c = store.cases().create(NewCase{kItem, 1, principalId(), "{}"}, kHelper);
        OW_VERIFY_OK(c);
        auto h = repo.attachCase(*c, a->reference, 10, kHelper);
        OW_VERIFY_OK(h);
        QCOMPARE(h->lifecycle.current(), std::optional<HelperStep>(HelperStep::Entrust));

        m_fx.clock->advanceSecs(600);
        OW_VERIFY_OK(repo.recordSubmitted(c->number, Actor{store.deviceId(), QStringLiteral("device")}));
        m_fx.clock->advanceDays(1);
        OW_VERIFY_OK(repo.recordCaseState(c->number, CaseState::UnderReview, Actor{QStringLiteral("hub"), {}}));
        // Delivery before the result is issued is refused.
        auto tooEarly = repo.closeStep(c->number, HelperStep::Deliver, {}, kHelper);
        QVERIFY(!tooEarly.ok());
        QCOMPARE(tooEarly.error().code, ErrorCode::IllegalTransition);
        m_fx.clock->advanceDays(1);
        OW_VERIFY_OK(repo.recordCaseState(c->number, CaseState::Approved, Actor{QStringLiteral("hub"), {}}));
        OW_VERIFY_OK(repo.recordCaseState(c->number, CaseState::Issued, Actor{QStringLiteral("hub"), {}}));
        OW_VERIFY_OK(repo.closeStep(c->number, HelperStep::Deliver, QStringLiteral("at home"), kHelper));
        OW_VERIFY_OK(repo.closeStep(c->number, HelperStep::Archive, {}, kHelper));
        OW_VERIFY_OK(repo.closeStep(c->number, HelperStep::Report, {}, kHelper));

        QVERIFY(m_fx.reopen());
        auto &again = m_fx.store->authorisations();
        auto board = again.casesOf(kHelper.id);
        OW_VERIFY_OK(board);
        QCOMPARE(board->size(), 1);
        QCOMPARE(board->first().caseNumber, c->number);
        QCOMPARE(board->first().lifecycle.current(), std::optional<HelperStep>(HelperStep::FollowUp));
        QCOMPARE(board->first().state, CaseState::Issued);
        QVERIFY(again.casesOf(QStringLiteral("helper.zhao"))->isEmpty());

        // After the validity the helper may no longer act, not even for the follow-up.
        m_fx.clock->set(QDateTime(QDate(2026, 4, 2), QTime(2, 0), Qt::UTC));
        auto late = again.closeStep(c->number, HelperStep::FollowUp, QStringLiteral("ok"), kHelper);
        QVERIFY(!late.ok());
        QVERIFY(late.error().userMessage.contains(QStringLiteral("expired")));
        m_fx.clock->set(QDateTime(QDate(2026, 3, 20), QTime(2, 0), Qt::UTC));
        auto done = again.closeStep(c->number, HelperStep::FollowUp, QStringLiteral("satisfied"), kHelper);
        OW_VERIFY_OK(done);
        QVERIFY(done->lifecycle.finished());

        // The principal's data-use record names the helper's actions in plain words.
        auto uses = again.dataUse(c->number);
        OW_VERIFY_OK(uses);
        QStringList lines;
        for (const AuditEntry &e : *uses) {
            const QString line = helperDataUseText(e);
            if (!line.isEmpty())
                lines.append(line);
        }
        QCOMPARE(lines, (QStringList{QStringLiteral("Helper 王芳: recorded your authorisation"),
                                     QStringLiteral("Helper 王芳: filled in the application for you"),
                                     QStringLiteral("Helper 王芳: Delivery"), QStringLiteral("Helper 王芳: Archiving"),
                                     QStringLiteral("Helper 王芳: Reporting"),
                                     QStringLiteral("Helper 王芳: Follow-up visit")}));
        const QStringList actions = actionsOf(*uses);
        QVERIFY(actions.contains(QStringLiteral("helper.accept/ok")));
        QVERIFY(actions.contains(QStringLiteral("helper.handle/ok")));
        QVERIFY(actions.contains(QStringLiteral("authorisation.check/denied")));
        OW_VERIFY_OK(m_fx.store->check());
    }

    // A store of schema 6 opens as schema 8 with the new tables, keeping its cases.
    void migratesFromSchemaSix()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString number;
        {
            auto v6 = test::openStore(dir.path(), keys, m_fx.clock.get(), 6);
            QVERIFY(v6);
            QCOMPARE(v6->schemaVersion(), 6);
            auto c = v6->cases().create(NewCase{kItem, 1, principalId(), "{}"}, kHelper);
            OW_VERIFY_OK(c);
            number = c->number;
            QVERIFY(!v6->db().scalar("SELECT count(*) FROM authorisations").ok());
        }
        auto v8 = test::openStore(dir.path(), keys, m_fx.clock.get());
        QVERIFY(v8);
        QCOMPARE(v8->schemaVersion(), 8);
        auto c = v8->cases().findByNumber(number);
        OW_VERIFY_OK(c);
        QVERIFY(c->has_value());
        auto a = v8->authorisations().record(authorisation(), kHelper);
        OW_VERIFY_OK(a);
        OW_VERIFY_OK(v8->authorisations().attachCase(**c, a->reference, 10, kHelper));
        OW_VERIFY_OK(v8->check());
    }
};

QTEST_GUILESS_MAIN(TestAuthorisations)
#include "tst_authorisations.moc"
