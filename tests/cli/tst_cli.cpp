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

    void helpListsEveryCommand()
    {
        const Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char *command : {"store", "audit", "case", "demo", "catalog", "scan", "sync", "export-packets"})
            QVERIFY2(help.out.contains(QLatin1String("  ") + QLatin1String(command)), qPrintable(help.out));
        QVERIFY(help.out.contains(QStringLiteral("--help")));
        // Without a command: the same list, as an error.
        const Run none = cli({});
        QCOMPARE(none.code, 1);
        QVERIFY(none.err.contains(QStringLiteral("export-packets")));
        QVERIFY(cli({QStringLiteral("-h")}, {}, QString()).out.contains(QStringLiteral("命令")));
    }

    void commandHelp_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("store") << QStringList{QStringLiteral("store"), QStringLiteral("--help")}
                               << QStringLiteral("--device-id");
        QTest::newRow("store init") << QStringList{QStringLiteral("store"), QStringLiteral("init"),
                                                   QStringLiteral("-h")}
                                    << QStringLiteral("--passphrase-stdin");
        QTest::newRow("audit") << QStringList{QStringLiteral("audit"), QStringLiteral("--help")}
                               << QStringLiteral("NUMBER");
        QTest::newRow("case") << QStringList{QStringLiteral("case"), QStringLiteral("--help")}
                              << QStringLiteral("--state");
        QTest::newRow("demo") << QStringList{QStringLiteral("demo"), QStringLiteral("--help")}
                              << QStringLiteral("--count");
        QTest::newRow("catalog") << QStringList{QStringLiteral("catalog"), QStringLiteral("--help")}
                                 << QStringLiteral("FORMS_DIR");
        QTest::newRow("scan") << QStringList{QStringLiteral("scan"), QStringLiteral("--help")}
                              << QStringLiteral("--trust");
        QTest::newRow("sync") << QStringList{QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--help")}
                              << QStringLiteral("--pin");
        QTest::newRow("export-packets") << QStringList{QStringLiteral("export-packets"), QStringLiteral("--help")}
                                        << QStringLiteral("--key-file");
    }

    void commandHelp()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = cli(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("Usage:")), qPrintable(r.out));
        QVERIFY2(r.out.contains(mentions), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("--help")));
        QVERIFY(r.err.isEmpty());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString db = QStringLiteral("--db");
        const QString keyFile = QStringLiteral("--key-file");
        const QString x = QStringLiteral("x");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                         << QStringLiteral("Unknown command frobnicate.");
        QTest::newRow("unknown verb") << QStringList{QStringLiteral("store"), QStringLiteral("melt"), db, x, keyFile, x}
                                      << QStringLiteral("Unknown command store melt.");
        QTest::newRow("unknown option first")
            << QStringList{QStringLiteral("--bogus")} << QStringLiteral("Unknown option --bogus.");
        QTest::newRow("unknown option store")
            << QStringList{QStringLiteral("store"),  QStringLiteral("check"), db, x, keyFile, x,
                           QStringLiteral("--bogus")}
            << QStringLiteral("Unknown option --bogus.");
        QTest::newRow("unknown option catalog")
            << QStringList{QStringLiteral("catalog"), QStringLiteral("check"), QStringLiteral("--bogus")}
            << QStringLiteral("Unknown option --bogus.");
        QTest::newRow("unknown option scan") << QStringList{QStringLiteral("scan"), QStringLiteral("--bogus"), x}
                                             << QStringLiteral("Unknown option --bogus.");
        QTest::newRow("unknown option sync")
            << QStringList{QStringLiteral("sync"),   QStringLiteral("status"), db, x, keyFile, x,
                           QStringLiteral("--bogus")}
            << QStringLiteral("Unknown option --bogus.");
        QTest::newRow("option of another command")
            << QStringList{QStringLiteral("export-packets"), x, db, x, keyFile, x, QStringLiteral("--hub"), x}
            << QStringLiteral("Unknown option --hub.");
        QTest::newRow("missing value store") << QStringList{QStringLiteral("store"), QStringLiteral("check"), db}
                                             << QStringLiteral("Missing value after --db.");
        QTest::newRow("missing value sync")
            << QStringList{QStringLiteral("sync"), QStringLiteral("push"), db, x, keyFile, x, QStringLiteral("--hub")}
            << QStringLiteral("Missing value after --hub.");
        QTest::newRow("missing value scan") << QStringList{QStringLiteral("scan"), x, QStringLiteral("--forms")}
                                            << QStringLiteral("Missing value after --forms.");
        QTest::newRow("count out of range")
            << QStringList{QStringLiteral("demo"),    QStringLiteral("seed"), db, x, keyFile, x,
                           QStringLiteral("--count"), QStringLiteral("0")}
            << QStringLiteral("--count takes a whole number from 1 to 100000, not \"0\".");
        QTest::newRow("count too large")
            << QStringList{QStringLiteral("demo"),    QStringLiteral("seed"),  db, x, keyFile, x,
                           QStringLiteral("--count"), QStringLiteral("100001")}
            << QStringLiteral("--count takes a whole number from 1 to 100000");
        QTest::newRow("count not a number")
            << QStringList{QStringLiteral("demo"),    QStringLiteral("seed"),  db, x, keyFile, x,
                           QStringLiteral("--count"), QStringLiteral("twelve")}
            << QStringLiteral("not \"twelve\"");
        QTest::newRow("extra argument")
            << QStringList{QStringLiteral("case"), QStringLiteral("list"), db, x, keyFile, x, QStringLiteral("extra")}
            << QStringLiteral("Unexpected argument extra.");
        QTest::newRow("catalog two folders")
            << QStringList{QStringLiteral("catalog"), QStringLiteral("list"), x, QStringLiteral("y")}
            << QStringLiteral("Unexpected argument y.");
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const Run r = cli(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(message(r).contains(expected), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--help")), qPrintable(r.err)); // where to look next
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFile::exists(QStringLiteral("x"))); // nothing was created
    }

    void usageErrorsInChinese()
    {
        const Run r = cli({QStringLiteral("store"), QStringLiteral("check"), QStringLiteral("--bogus")}, {}, QString());
        QCOMPARE(r.code, 1);
        QCOMPARE(message(r), QStringLiteral("未知选项 --bogus。"));
        const Run count = cli({QStringLiteral("demo"), QStringLiteral("seed"), QStringLiteral("--db"), db(),
                               QStringLiteral("--key-file"), key(), QStringLiteral("--count"), QStringLiteral("-1")},
                              {}, QString());
        QCOMPARE(count.code, 1);
        QVERIFY2(message(count).contains(QStringLiteral("--count")), qPrintable(count.err));
        QVERIFY2(!message(count).contains(QStringLiteral("whole number")), qPrintable(count.err));
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
