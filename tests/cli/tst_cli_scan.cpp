// `onewindow scan FILE...` end to end: real images, the real program, its lines and exit status.
#include "CodeImages.h"
#include "scan/CodeSigning.h"
#include "scan/Payload.h"
#include "scan/SignedCodes.h"

#include "TestSupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ow;
using namespace ow::scan;

class TestCliScan : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString save(const QString &name, const QImage &image)
    {
        const QString path = m_dir.filePath(name);
        if (!image.save(path))
            qFatal("cannot save %s", qPrintable(path));
        return path;
    }

    QString codeFile(const QString &name, CodeFormat format, const QByteArray &payload)
    {
        const QImage code = test::codeImage(format, payload, 4);
        return save(name, test::onPage(code, code.size() + QSize(120, 120), QPoint(60, 60)));
    }

    struct Run
    {
        int exitCode = -1;
        QStringList lines;
        QString err;
    };

    Run scan(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
        env.insert(QStringLiteral("OW_FORMS_DIR"), test::sourceDir() + QStringLiteral("/forms"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(OW_CLI), QStringList{QStringLiteral("scan")} + args);
        if (!p.waitForFinished(120000))
            qFatal("onewindow scan did not finish");
        Run r;
        r.exitCode = p.exitCode();
        r.lines = QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyKind()
    {
        const QString id = codeFile(QStringLiteral("id.png"), CodeFormat::Code128, "11010519491231002X");
        const QString uscc = codeFile(QStringLiteral("uscc.png"), CodeFormat::DataMatrix, "91350100M000100Y43");
        const QString url = codeFile(QStringLiteral("url.png"), CodeFormat::QrCode, "https://zwfw.example.gov.cn/x");

        // An e-licence signed with the demo issuer's key, accepted only with --demo.
        QFile keyFile(test::sourceDir() + QStringLiteral("/tests/data/scan/demo-issuer-sm2.p8.der"));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QByteArray keyBytes = keyFile.readAll();
        auto key = codeSigning::fromPrivateDer(SecretBytes::takeFrom(keyBytes));
        OW_VERIFY_OK(key);
        ELicenceInfo l;
        l.issuerId = QStringLiteral("DEMO-330122-MZJ");
        l.licenceType = QStringLiteral("DEMO.001");
        l.number = QStringLiteral("示范婚字2024第7号");
        l.holderIdHash = eLicenceHolderHash(l.number, QStringLiteral("11010519491231002X"));
        l.validFrom = QDate(2024, 1, 1);
        const QByteArray licence = signedCodes::makeELicence(key.value(), l).value();
        const QString lic = codeFile(QStringLiteral("licence.png"), CodeFormat::QrCode, licence);

        // A receipt from a device that a trust file (as the hub would send) names.
        auto device = codeSigning::generate(SignatureAlgorithm::Ed25519);
        OW_VERIFY_OK(device);
        const QByteArray receipt =
            signedCodes::makeCaseReceipt(device.value(), {QStringLiteral("K3301220009"), QStringLiteral("C-2026-0001"),
                                                          QDateTime(QDate(2026, 1, 5), QTime(9, 0), QTimeZone::utc())})
                .value();
        const QString rec = codeFile(QStringLiteral("receipt.png"), CodeFormat::Aztec, receipt);
        const QString trust = m_dir.filePath(QStringLiteral("devices.json"));
        QFile t(trust);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write(QStringLiteral(R"({"format":"onewindow-trust-1","devices":[{"id":"K3301220009","publicKey":"%1"}]})")
                    .arg(QString::fromLatin1(device->publicDer.toBase64()))
                    .toUtf8());
        t.close();

        const Run r = scan({QStringLiteral("--demo"), QStringLiteral("--trust"), trust, id, uscc, url, lic, rec});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 5);
        QCOMPARE(r.lines[0], id + QStringLiteral("\tCode128\tresident-id\t110***********002X"));
        QCOMPARE(r.lines[1], uscc + QStringLiteral("\tDataMatrix\tcredit-code\t91350100M000100Y43"));
        QCOMPARE(r.lines[2], url + QStringLiteral("\tQRCode\turl\thttps://zwfw.example.gov.cn/x"));
        QCOMPARE(r.lines[3], lic + QStringLiteral("\tQRCode\te-licence\tDEMO.001 示范婚字2024第7号"));
        QCOMPARE(r.lines[4], rec + QStringLiteral("\tAztec\tcase-receipt\tC-2026-0001"));

        // Without --demo the demo issuer is not trusted; the code is still reported.
        const Run noDemo = scan({lic});
        QCOMPARE(noDemo.exitCode, 0);
        QCOMPARE(noDemo.lines.value(0).section(u'\t', 2, 2), QStringLiteral("e-licence:untrusted-signer"));
        QVERIFY(noDemo.err.contains(QStringLiteral("does not trust")));
    }

    void missingCodesAndBadFiles()
    {
        QImage blank(400, 300, QImage::Format_Grayscale8);
        blank.fill(230);
        const QString none = save(QStringLiteral("blank.png"), blank);
        const QString corrupt = m_dir.filePath(QStringLiteral("corrupt.png"));
        QFile c(corrupt);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("\x89PNG\r\n\x1a\n garbage");
        c.close();
        const QString id = codeFile(QStringLiteral("wrong-check.png"), CodeFormat::QrCode, "110105194912310021");
        const Run r = scan({none, corrupt, id, m_dir.filePath(QStringLiteral("missing.png"))});
        QCOMPARE(r.exitCode, 6);
        QCOMPARE(r.lines.size(), 4);
        QCOMPARE(r.lines[0], none + QStringLiteral("\tnone"));
        QCOMPARE(r.lines[1], corrupt + QStringLiteral("\tnone"));
        // A rejected ID number is still masked.
        QCOMPARE(r.lines[2], id + QStringLiteral("\tQRCode\tresident-id:check-digit\t110***********0021"));
        QCOMPARE(r.lines[3], m_dir.filePath(QStringLiteral("missing.png")) + QStringLiteral("\tnone"));
        QVERIFY(r.err.contains(QStringLiteral("check digit")));
        QVERIFY(!r.err.contains(QStringLiteral("19491231")));
    }

    void hostileTextCannotForgeLines()
    {
        const QString f = codeFile(QStringLiteral("tabs.png"), CodeFormat::QrCode, "a\tb\nother.png\tQRCode\turl\tx");
        const Run r = scan({f});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.lines.size(), 1);
        QCOMPARE(r.lines[0], f + QStringLiteral("\tQRCode\tunknown:not-ours\ta\\tb\\nother.png\\tQRCode\\turl\\tx"));
        const QString bad = codeFile(QStringLiteral("bytes.png"), CodeFormat::QrCode, "\xff\xfe!");
        const Run b = scan({bad});
        QCOMPARE(b.lines.value(0), bad + QStringLiteral("\tQRCode\tunknown:not-utf8\t\\xff\\xfe!"));
    }

    void usage()
    {
        QCOMPARE(scan({}).exitCode, 1);
        QCOMPARE(scan({QStringLiteral("--bogus"), QStringLiteral("x.png")}).exitCode, 1);
    }
};

QTEST_MAIN(TestCliScan)
#include "tst_cli_scan.moc"
