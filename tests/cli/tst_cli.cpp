#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run cli(const QStringList &args, const QByteArray &stdinData = {}, const QString &lang = QStringLiteral("en"))
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("OW_LANG"), lang);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(OW_CLI), args);
    p.waitForStarted();
    p.write(stdinData);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// The last line a person reads: the message after "onewindow: ".
QString message(const Run &r)
{
    const QStringList lines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->startsWith(QLatin1String("onewindow: ")))
            return it->mid(11);
    }
    return {};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString db() const { return m_dir.filePath(QStringLiteral("s.db")); }
    QString key() const { return m_dir.filePath(QStringLiteral("k")); }

private Q_SLOTS:
    void initTestCase()
    {
        const Run init =
            cli({QStringLiteral("store"), QStringLiteral("init"), QStringLiteral("--db"), db(),
                 QStringLiteral("--key-file"), key(), QStringLiteral("--device-id"), QStringLiteral("CLI1")});
        QCOMPARE(init.code, 0);
        QVERIFY(init.out.contains(QStringLiteral("CLI1")));
        const Run seed = cli({QStringLiteral("demo"), QStringLiteral("seed"), QStringLiteral("--db"), db(),
                              QStringLiteral("--key-file"), key(), QStringLiteral("--count"), QStringLiteral("5")});
        QCOMPARE(seed.code, 0);
    }

    void checkAndVerify()
    {
        const Run check = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), db(),
                               QStringLiteral("--key-file"), key()});
        QCOMPARE(check.code, 0);
        QVERIFY(check.out.contains(QStringLiteral("5 cases")));
        const Run verify = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db(),
                                QStringLiteral("--key-file"), key()});
        QCOMPARE(verify.code, 0);
        const Run list = cli({QStringLiteral("case"), QStringLiteral("list"), QStringLiteral("--db"), db(),
                              QStringLiteral("--key-file"), key()});
        QCOMPARE(list.code, 0);
        QCOMPARE(list.out.count(QLatin1Char('\n')), 5);
        QVERIFY(list.out.contains(QStringLiteral("110***********002X")));
        QVERIFY(!list.out.contains(QStringLiteral("19491231"))); // masked: no birth date
    }

    void chineseIsTheDefault()
    {
        const Run check = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), db(),
                               QStringLiteral("--key-file"), key()},
                              {}, QString());
        QCOMPARE(check.code, 0);
        QVERIFY2(check.out.contains(QStringLiteral("完好")), qPrintable(check.out));
    }

    void wrongKey()
    {
        const QString other = m_dir.filePath(QStringLiteral("other.key"));
        QFile f(other);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(32, 'k'));
        f.close();
        QFile::setPermissions(other, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QByteArray before = test::fileSha256(db());
        const Run r = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), db(),
                           QStringLiteral("--key-file"), other});
        QCOMPARE(r.code, 2);
        QCOMPARE(message(r), QStringLiteral("The key does not match this database."));
        QCOMPARE(test::fileSha256(db()), before);
        const Run zh = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), db(),
                            QStringLiteral("--key-file"), other},
                           {}, QStringLiteral("zh_CN"));
        QCOMPARE(message(zh), QStringLiteral("密钥与此数据库不匹配。"));
    }

    void notADatabase()
    {
        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("meeting notes\n");
        f.close();
        const Run r = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), text,
                           QStringLiteral("--key-file"), key()});
        QCOMPARE(r.code, 3);
        QCOMPARE(message(r), QStringLiteral("This file is not a OneWindow store. It was left untouched."));
        QCOMPARE(QFile(text).size(), 14);
        // init refuses to write over an existing file.
        const Run init = cli({QStringLiteral("store"), QStringLiteral("init"), QStringLiteral("--db"), text,
                              QStringLiteral("--key-file"), key()});
        QVERIFY(init.code != 0);
        QCOMPARE(QFile(text).size(), 14);
    }

    void catalogCheckAndList()
    {
        const QString forms = test::sourceDir() + QStringLiteral("/forms");
        const Run ok = cli({QStringLiteral("catalog"), QStringLiteral("check"), forms});
        QCOMPARE(ok.code, 0);
        const Run list = cli({QStringLiteral("catalog"), QStringLiteral("list"), forms});
        QCOMPARE(list.code, 0);
        QVERIFY(list.out.count(QLatin1Char('\n')) >= 16);
        QVERIFY(list.out.contains(QStringLiteral("Application for minimum living allowance")));

        // A copy of the catalog with one broken item: exit 1, file and JSON path named, rest usable.
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("items")));
        QDir().mkpath(dir.filePath(QStringLiteral("regions")));
        QFile::copy(forms + QStringLiteral("/regions/regions.json"),
                    dir.filePath(QStringLiteral("regions/regions.json")));
        QFile::copy(forms + QStringLiteral("/items/birth-registration.json"),
                    dir.filePath(QStringLiteral("items/birth-registration.json")));
        QFile src(forms + QStringLiteral("/items/elderly-allowance.json"));
        QVERIFY(src.open(QIODevice::ReadOnly));
        QByteArray broken = src.readAll().replace("\"level\": \"village\"", "\"level\": \"galaxy\"");
        QFile out(dir.filePath(QStringLiteral("items/elderly-allowance.json")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(broken);
        out.close();
        const Run bad = cli({QStringLiteral("catalog"), QStringLiteral("check"), dir.path()});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.out.contains(QStringLiteral("items/elderly-allowance.json\t$.level\t")), qPrintable(bad.out));
        QVERIFY(bad.err.contains(QStringLiteral("1 of 2")));
    }

    void usage()
    {
        const Run r = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), db()});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("--key-file")));
    }

    void passphraseRekeyAndCorruptPage()
    {
        const QString pdb = m_dir.filePath(QStringLiteral("p.db"));
        QCOMPARE(cli({QStringLiteral("store"), QStringLiteral("init"), QStringLiteral("--db"), pdb,
                      QStringLiteral("--passphrase-stdin")},
                     "old pass phrase\n")
                     .code,
                 0);
        QCOMPARE(cli({QStringLiteral("store"), QStringLiteral("rekey"), QStringLiteral("--db"), pdb,
                      QStringLiteral("--passphrase-stdin")},
                     "old pass phrase\nnew pass phrase\n")
                     .code,
                 0);
        QCOMPARE(cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), pdb,
                      QStringLiteral("--passphrase-stdin")},
                     "old pass phrase\n")
                     .code,
                 2);
        QCOMPARE(cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), pdb,
                      QStringLiteral("--passphrase-stdin")},
                     "new pass phrase\n")
                     .code,
                 0);
        // Truncate mid-page: named as damage, exit 3.
        QVERIFY(QFile::resize(pdb, QFile(pdb).size() - 10));
        const Run r = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--db"), pdb,
                           QStringLiteral("--passphrase-stdin")},
                          "new pass phrase\n");
        QCOMPARE(r.code, 3);
        QVERIFY(message(r).contains(QStringLiteral("damaged")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
