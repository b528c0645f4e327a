// Where the programs find their data: an explicit option, then OW_FORMS_DIR, then OW_DATA_DIR,
// then share/onewindow beside the program's folder.
#include "common/DataPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>

using namespace ow;

class TestDataPaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        qunsetenv("OW_FORMS_DIR");
        qunsetenv("OW_DATA_DIR");
    }
    void cleanupTestCase() { init(); }

    void besideTheProgram()
    {
        const QString expected = QDir::cleanPath(QCoreApplication::applicationDirPath() + "/../share/onewindow");
        QCOMPARE(dataPaths::dataDir(), expected);
        QCOMPARE(dataPaths::formsDir(), expected + "/forms");
    }

    void dataDirFromTheEnvironment()
    {
        qputenv("OW_DATA_DIR", "/opt/onewindow/share/onewindow/");
        QCOMPARE(dataPaths::dataDir(), QStringLiteral("/opt/onewindow/share/onewindow"));
        QCOMPARE(dataPaths::formsDir(), QStringLiteral("/opt/onewindow/share/onewindow/forms"));
    }

    void formsDirBeforeDataDir()
    {
        qputenv("OW_DATA_DIR", "/opt/onewindow/share/onewindow");
        qputenv("OW_FORMS_DIR", "/srv/county-forms");
        QCOMPARE(dataPaths::formsDir(), QStringLiteral("/srv/county-forms"));
    }

    void optionBeforeEverything()
    {
        qputenv("OW_DATA_DIR", "/opt/onewindow/share/onewindow");
        qputenv("OW_FORMS_DIR", "/srv/county-forms");
        QCOMPARE(dataPaths::formsDir(QStringLiteral("given")), QStringLiteral("given"));
    }
};

QTEST_GUILESS_MAIN(TestDataPaths)
#include "tst_datapaths.moc"
