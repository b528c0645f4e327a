// What a code is: classification tables for every payload kind, including hostile input, with
// the rule that a log line never carries the payload.
#include "ScanTestSupport.h"
#include "scan/Payload.h"
#include "scan/SignedCodes.h"

#include "domain/Uscc.h"

#include "TestSupport.h"

#include <QLoggingCategory>
#include <QTest>
#include <QTimeZone>

using namespace ow;
using namespace ow::scan;

Q_DECLARE_METATYPE(ow::scan::PayloadKind)
Q_DECLARE_METATYPE(ow::scan::Rejection)

namespace {

const QDateTime kNow(QDate(2026, 3, 15), QTime(9, 30), QTimeZone::utc());

SigningKey mustGenerate(SignatureAlgorithm a)
{
    auto k = codeSigning::generate(a);
    if (!k)
        qFatal("keygen: %s", qPrintable(k.error().logDetail));
    return std::move(k).value();
}

QByteArray mustMake(const Result<QByteArray> &r)
{
    if (!r)
        qFatal("make: %s", qPrintable(r.error().logDetail));
    return r.value();
}

// Flips one character of the signed part, keeping the code well-formed.
QByteArray tampered(QByteArray code, qsizetype at)
{
    code[at] = code[at] == '1' ? '2' : '1';
    return code;
}

} // namespace

class TestPayload : public QObject
{
    Q_OBJECT

    RegionTable m_regions;
    TrustStore m_trust;
    SigningKey m_deviceSm2;
    SigningKey m_deviceEd;
    SigningKey m_otherDevice;
    SigningKey m_issuer;
    SigningKey m_rogue;

    ClassifyContext context() const { return ClassifyContext{kNow, &m_regions, &m_trust}; }

    ELicenceInfo licence() const
    {
        ELicenceInfo l;
        l.issuerId = QStringLiteral("330122-MZJ");
        l.licenceType = QStringLiteral("11100000MB0143028D.001");
        l.number = QStringLiteral("浙民证字(2024)第0012号");
        l.holderIdHash = eLicenceHolderHash(l.number, QStringLiteral("11010519491231002X"));
        l.validFrom = QDate(2024, 5, 1);
        l.validUntil = QDate(2029, 4, 30);
        return l;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*=true"));
        m_regions = test::loadRegions();
        m_deviceSm2 = mustGenerate(SignatureAlgorithm::Sm2);
        m_deviceEd = mustGenerate(SignatureAlgorithm::Ed25519);
        m_otherDevice = mustGenerate(SignatureAlgorithm::Sm2);
        m_issuer = mustGenerate(SignatureAlgorithm::Sm2);
        m_rogue = mustGenerate(SignatureAlgorithm::Sm2);
        OW_VERIFY_OK(m_trust.addDevice(QStringLiteral("K3301220001"), m_deviceSm2.publicDer));
        OW_VERIFY_OK(m_trust.addDevice(QStringLiteral("D3301220007"), m_deviceEd.publicDer));
        OW_VERIFY_OK(m_trust.addDevice(QStringLiteral("K3301220002"), m_otherDevice.publicDer));
        TrustStore::Issuer issuer;
        issuer.id = QStringLiteral("330122-MZJ");
        issuer.name = QStringLiteral("示范县民政局");
        issuer.publicKeys = {m_issuer.publicDer};
        issuer.licenceTypes = {QStringLiteral("11100000MB0143028D.001"), QStringLiteral("11100000MB0143028D.002")};
        OW_VERIFY_OK(m_trust.addIssuer(issuer));
    }

    void classifyTable_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<PayloadKind>("kind");
        QTest::addColumn<Rejection>("rejection");
        using K = PayloadKind;
        using R = Rejection;

        // Resident ID numbers.
        QTest::newRow("id: domain example") << QByteArray("11010519491231002X") << K::ResidentId << R::None;
        QTest::newRow("id: lower-case x, spaces, newline")
            << QByteArray("110105 19491231 002x\r\n") << K::ResidentId << R::None;
        QTest::newRow("id: wrong check digit") << QByteArray("110105194912310021") << K::ResidentId << R::CheckDigit;
        QTest::newRow("id: 30 February") << QByteArray("11010519490230002X") << K::ResidentId << R::BirthDate;
        QTest::newRow("id: born in the future") << QByteArray("110105209901010028") << K::ResidentId << R::BirthDate;
        const QString unknownRegion = test::idWithCheckDigit(QStringLiteral("99010519800101001"));
        QTest::newRow("id: unknown province") << unknownRegion.toLatin1() << K::ResidentId << R::Region;
        const QString statistical = test::idWithCheckDigit(QStringLiteral("13017119800101001"));
        QTest::newRow("id: statistical-only code") << statistical.toLatin1() << K::ResidentId << R::Region;
        // 崇文区 110103 was merged into 东城区 in 2010; its people keep their numbers.
        const QString former = test::idWithCheckDigit(QStringLiteral("11010319800101001"));
        QTest::newRow("id: former county") << former.toLatin1() << K::ResidentId << R::None;
        QTest::newRow("id: full-width digits")
            << QStringLiteral("１１０１０５１９４９１２３１００２Ｘ").toUtf8() << K::Unknown << R::NotOurs;

        // Unified social credit codes.
        QTest::newRow("uscc: valid") << QByteArray("91350100M000100Y43") << K::CreditCode << R::None;
        QTest::newRow("uscc: lower case") << QByteArray("91350100m000100y43") << K::CreditCode << R::None;
        QTest::newRow("uscc: all digits, looks like an ID")
            << QByteArray("911101087109304516") << K::CreditCode << R::None;
        QTest::newRow("uscc: wrong check") << QByteArray("91350100M000100Y44") << K::CreditCode << R::CheckDigit;
        QTest::newRow("uscc: letter I is not in the alphabet")
            << QByteArray("91350100I000100Y43") << K::Unknown << R::NotOurs;

        // Case receipts, device-signed.
        const CaseReceiptInfo receipt{QStringLiteral("K3301220001"), QStringLiteral("K3301220001-20260314-0042"),
                                      QDateTime(QDate(2026, 3, 14), QTime(10, 5, 9), QTimeZone::utc())};
        const QByteArray good = mustMake(signedCodes::makeCaseReceipt(m_deviceSm2, receipt));
        QTest::newRow("receipt: sm2") << good << K::CaseReceipt << R::None;
        CaseReceiptInfo edReceipt = receipt;
        edReceipt.deviceId = QStringLiteral("D3301220007");
        QTest::newRow("receipt: ed25519")
            << mustMake(signedCodes::makeCaseReceipt(m_deviceEd, edReceipt)) << K::CaseReceipt << R::None;
        QTest::newRow("receipt: case number altered")
            << tampered(good, good.indexOf("0042") + 3) << K::CaseReceipt << R::BadSignature;
        CaseReceiptInfo impostor = receipt;
        impostor.deviceId = QStringLiteral("K3301220002");
        QTest::newRow("receipt: signed by another device's key")
            << mustMake(signedCodes::makeCaseReceipt(m_deviceSm2, impostor)) << K::CaseReceipt << R::BadSignature;
        CaseReceiptInfo stranger = receipt;
        stranger.deviceId = QStringLiteral("X0000000001");
        QTest::newRow("receipt: unknown device")
            << mustMake(signedCodes::makeCaseReceipt(m_rogue, stranger)) << K::CaseReceipt << R::UntrustedSigner;
        CaseReceiptInfo future = receipt;
        future.issuedAt = kNow.addDays(3);
        QTest::newRow("receipt: dated three days ahead")
            << mustMake(signedCodes::makeCaseReceipt(m_deviceSm2, future)) << K::CaseReceipt << R::IssuedInFuture;
        QTest::newRow("receipt: signature cut off")
            << good.left(good.lastIndexOf('|') + 13) << K::CaseReceipt << R::BadSignature;
        QTest::newRow("receipt: no signature") << good.left(good.lastIndexOf('|')) << K::CaseReceipt << R::Malformed;
        QTest::newRow("receipt: extra field") << QByteArray(good).insert(5, "x|") << K::CaseReceipt << R::Malformed;
        QTest::newRow("receipt: padded base64") << good + "==" << K::CaseReceipt << R::Malformed;
        QTest::newRow("receipt: 31 February")
            << QByteArray(good).replace("20260314T", "20260231T") << K::CaseReceipt << R::Malformed;
        QTest::newRow("receipt: space in case number")
            << QByteArray(good).replace("-0042", " 0042") << K::CaseReceipt << R::Malformed;

        // Draft pickup codes.
        const DraftPickupInfo pickup{QStringLiteral("K3301220001"), QStringLiteral("DRAFT-7F3A9C"), kNow.addSecs(3600)};
        QTest::newRow("pickup: valid") << mustMake(signedCodes::makeDraftPickup(m_deviceSm2, pickup)) << K::DraftPickup
                                       << R::None;
        DraftPickupInfo expired = pickup;
        expired.expiresAt = kNow.addSecs(-1);
        QTest::newRow("pickup: expired a second ago")
            << mustMake(signedCodes::makeDraftPickup(m_deviceSm2, expired)) << K::DraftPickup << R::Expired;
        // A receipt's signature does not make a pickup code: the format tag is signed too.
        QByteArray relabelled = good;
        relabelled.replace(0, 4, "OWP1");
        QTest::newRow("pickup: receipt relabelled") << relabelled << K::DraftPickup << R::BadSignature;

        // E-licences.
        const QByteArray lic = mustMake(signedCodes::makeELicence(m_issuer, licence()));
        QTest::newRow("licence: valid, Chinese number") << lic << K::ELicence << R::None;
        ELicenceInfo longTerm = licence();
        longTerm.validUntil = QDate();
        QTest::newRow("licence: long-term")
            << mustMake(signedCodes::makeELicence(m_issuer, longTerm)) << K::ELicence << R::None;
        ELicenceInfo old = licence();
        old.validFrom = QDate(2015, 1, 1);
        old.validUntil = QDate(2026, 3, 14);
        QTest::newRow("licence: expired yesterday")
            << mustMake(signedCodes::makeELicence(m_issuer, old)) << K::ELicence << R::Expired;
        ELicenceInfo early = licence();
        early.validFrom = QDate(2026, 3, 16);
        early.validUntil = QDate(2031, 3, 15);
        QTest::newRow("licence: valid from tomorrow")
            << mustMake(signedCodes::makeELicence(m_issuer, early)) << K::ELicence << R::NotYetValid;
        QTest::newRow("licence: forged by a rogue key")
            << mustMake(signedCodes::makeELicence(m_rogue, licence())) << K::ELicence << R::BadSignature;
        ELicenceInfo otherIssuer = licence();
        otherIssuer.issuerId = QStringLiteral("330122-GAJ");
        QTest::newRow("licence: issuer not trusted")
            << mustMake(signedCodes::makeELicence(m_rogue, otherIssuer)) << K::ELicence << R::UntrustedSigner;
        ELicenceInfo wrongType = licence();
        wrongType.licenceType = QStringLiteral("11100000000013338W.009");
        QTest::newRow("licence: type the issuer may not issue")
            << mustMake(signedCodes::makeELicence(m_issuer, wrongType)) << K::ELicence << R::UntrustedSigner;
        QByteArray extended = lic;
        extended.replace("|20290430|", "|20390430|");
        QTest::newRow("licence: validity extended") << extended << K::ELicence << R::BadSignature;

        // URLs: shown, never opened.
        QTest::newRow("url: https") << QByteArray("https://zwfw.example.gov.cn/item?id=42") << K::Url << R::None;
        QTest::newRow("url: upper-case scheme") << QByteArray("HTTP://EXAMPLE.COM/") << K::Url << R::None;
        QTest::newRow("url: with a space") << QByteArray("https://exa mple.com/") << K::Url << R::Malformed;
        QTest::newRow("url: right-to-left override")
            << QStringLiteral("https://example.com/\u202Egpj.exe").toUtf8() << K::Url << R::Malformed;
        QTest::newRow("url: no host") << QByteArray("https:///path") << K::Url << R::Malformed;
        QTest::newRow("url: javascript") << QByteArray("javascript:alert(1)") << K::Unknown << R::NotOurs;
        QTest::newRow("url: app scheme") << QByteArray("weixin://dl/business/?t=abc") << K::Unknown << R::NotOurs;

        // Everything else.
        QTest::newRow("other: empty") << QByteArray() << K::Unknown << R::NotOurs;
        QTest::newRow("other: text") << QByteArray("hello") << K::Unknown << R::NotOurs;
        QTest::newRow("other: EAN digits") << QByteArray("6901234567892") << K::Unknown << R::NotOurs;
        QTest::newRow("other: Chinese text") << QStringLiteral("欢迎光临").toUtf8() << K::Unknown << R::NotOurs;
        QTest::newRow("hostile: invalid UTF-8") << QByteArray("OWR1|\xff\xfe|x") << K::Unknown << R::NotUtf8;
        QTest::newRow("hostile: overlong slash") << QByteArray("\xc0\xaf") << K::Unknown << R::NotUtf8;
        QTest::newRow("hostile: encoded surrogate") << QByteArray("\xed\xa0\x80") << K::Unknown << R::NotUtf8;
        QTest::newRow("hostile: NUL inside an ID")
            << QByteArray("11010519491231002X").replace(14, 1, QByteArray(1, '\0')) << K::Unknown << R::NotOurs;
        QTest::newRow("hostile: 5000 bytes") << QByteArray(5000, 'A') << K::Unknown << R::TooLong;
        QTest::newRow("hostile: huge receipt")
            << QByteArray("OWR1|") + QByteArray(2000, 'A') << K::CaseReceipt << R::Malformed;
    }

    void classifyTable()
    {
        QFETCH(QByteArray, payload);
        QFETCH(PayloadKind, kind);
        QFETCH(Rejection, rejection);
        test::LogCapture logs;
        const Classification c = classify(payload, context());
        QCOMPARE(kindName(c.kind), kindName(kind));
        QCOMPARE(rejectionName(c.rejection), rejectionName(rejection));
        QCOMPARE(c.accepted(), rejection == Rejection::None);
        QCOMPARE(c.problem.has_value(), rejection != Rejection::None);
        if (c.problem) {
            QVERIFY(!c.problem->userMessage.isEmpty());
            QVERIFY(!c.problem->logDetail.isEmpty());
        } else {
            QVERIFY(!std::holds_alternative<std::monostate>(c.details));
            QVERIFY(!c.display().isEmpty());
        }
        // Exactly one log line says what happened, and it never repeats the code.
        QVERIFY2(!logs.lines().isEmpty(), "no log line");
        const QByteArray trimmed = payload.trimmed();
        if (trimmed.size() >= 6) {
            for (qsizetype i = 0; i + 6 <= trimmed.size(); i += 3)
                QVERIFY2(!logs.contains(trimmed.mid(i, 6)), qPrintable(logs.lines().join(QLatin1Char('\n'))));
        }
    }

    void residentIdDetails()
    {
        const auto c = classify("11010519491231002X", context());
        QVERIFY(c.accepted());
        const auto &id = std::get<ResidentIdInfo>(c.details);
        QCOMPARE(id.birthDate, QDate(1949, 12, 31));
        QVERIFY(!id.male);
        QCOMPARE(id.regionName, QStringLiteral("北京市 朝阳区"));
        QCOMPARE(c.display(), QStringLiteral("110***********002X"));
        const auto former = classify(test::idWithCheckDigit(QStringLiteral("11010319800101001")).toLatin1(), context());
        QVERIFY(std::get<ResidentIdInfo>(former.details).formerRegion);
    }

    void withoutRegionTableTheRegionIsNotChecked()
    {
        const ClassifyContext noRegions{kNow, nullptr, &m_trust};
        const QString unknownRegion = test::idWithCheckDigit(QStringLiteral("99010519800101001"));
        QVERIFY(classify(unknownRegion.toLatin1(), noRegions).accepted());
    }

    void withoutTrustNoSignedCodeIsAccepted()
    {
        const ClassifyContext noTrust{kNow, &m_regions, nullptr};
        const QByteArray lic = mustMake(signedCodes::makeELicence(m_issuer, licence()));
        QCOMPARE(classify(lic, noTrust).rejection, Rejection::UntrustedSigner);
    }

    void eLicenceHolder()
    {
        const auto c = classify(mustMake(signedCodes::makeELicence(m_issuer, licence())), context());
        QVERIFY(c.accepted());
        const auto &l = std::get<ELicenceInfo>(c.details);
        QCOMPARE(l.issuerName, QStringLiteral("示范县民政局"));
        QCOMPARE(l.number, QStringLiteral("浙民证字(2024)第0012号"));
        QVERIFY(eLicenceHeldBy(l, QStringLiteral("11010519491231002x")));
        QVERIFY(!eLicenceHeldBy(l, QStringLiteral("110105194912310021")));
    }

    void makersRefuseBadFields()
    {
        CaseReceiptInfo r{QStringLiteral("K1|x"), QStringLiteral("C1"), kNow};
        QVERIFY(!signedCodes::makeCaseReceipt(m_deviceSm2, r).ok());
        ELicenceInfo l = licence();
        l.number = QStringLiteral("A|B");
        QVERIFY(!signedCodes::makeELicence(m_issuer, l).ok());
        l = licence();
        l.validUntil = QDate(2020, 1, 1);
        QVERIFY(!signedCodes::makeELicence(m_issuer, l).ok());
    }

    void creditCodeCheckCharacter()
    {
        QCOMPARE(uscc::checkCharacter(u"91350100M000100Y4"), QChar(u'3'));
        QCOMPARE(uscc::check(QStringLiteral("91110000802100433B")), uscc::Problem::None);
        QCOMPARE(uscc::check(QStringLiteral("91110000802100433")), uscc::Problem::Length);
        QVERIFY(uscc::checkCharacter(u"9135010OM000100Y4").isNull());
    }

    void signingKeys()
    {
        // Keys survive a round trip through their DER forms; other algorithms are refused.
        auto again = codeSigning::fromPrivateDer(m_deviceEd.privateDer());
        OW_VERIFY_OK(again);
        QCOMPARE(again->publicDer, m_deviceEd.publicDer);
        QCOMPARE(codeSigning::publicKeyAlgorithm(m_deviceSm2.publicDer).value(), SignatureAlgorithm::Sm2);
        QVERIFY(!codeSigning::publicKeyAlgorithm(QByteArray("not a key")).ok());
        QVERIFY(!codeSigning::publicKeyAlgorithm(m_deviceSm2.publicDer + "x").ok());
        const QByteArray sig = codeSigning::sign(m_deviceSm2, "message").value();
        OW_VERIFY_OK(codeSigning::verify(m_deviceSm2.publicDer, "message", sig));
        QVERIFY(!codeSigning::verify(m_deviceSm2.publicDer, "messagf", sig).ok());
        QVERIFY(!codeSigning::verify(m_otherDevice.publicDer, "message", sig).ok());
        QVERIFY(!codeSigning::verify(m_deviceSm2.publicDer, "message", QByteArray()).ok());
    }

    void trustFile()
    {
        const QByteArray json = QStringLiteral(R"({"format":"onewindow-trust-1","issuers":[
            {"id":"DEMO-1","name":"Demo","demo":true,"publicKeys":["%1"]},
            {"id":"REAL-1","name":"Real","publicKeys":["%1"],"licenceTypes":["A.1"]}],
            "devices":[{"id":"K1","publicKey":"%1"}]})")
                                    .arg(QString::fromLatin1(m_issuer.publicDer.toBase64()))
                                    .toUtf8();
        auto refuse = TrustStore::fromJson(json);
        OW_VERIFY_OK(refuse);
        QVERIFY(!refuse->issuer(QStringLiteral("DEMO-1")));
        QVERIFY(refuse->issuer(QStringLiteral("REAL-1")));
        QCOMPARE(refuse->deviceKeys(QStringLiteral("K1")).size(), 1);
        auto accept = TrustStore::fromJson(json, TrustStore::DemoIssuers::Accept);
        OW_VERIFY_OK(accept);
        QVERIFY(accept->issuer(QStringLiteral("DEMO-1")));
        QVERIFY(!TrustStore::fromJson("{").ok());
        QVERIFY(!TrustStore::fromJson(
                     R"({"format":"onewindow-trust-1","issuers":[{"id":"X","name":"X","publicKeys":["AAAA"]}]})")
                     .ok());
    }

    void shippedTrustFileLoads()
    {
        auto trust = TrustStore::load(test::sourceDir() + QStringLiteral("/forms/trust/issuers.json"),
                                      TrustStore::DemoIssuers::Accept);
        OW_VERIFY_OK(trust);
        QVERIFY(trust->issuerCount() >= 1);
    }
};

QTEST_GUILESS_MAIN(TestPayload)
#include "tst_payload.moc"
