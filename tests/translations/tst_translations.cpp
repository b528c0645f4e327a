// Both UI languages are complete: every message in the sources has a finished zh_CN and en
// translation, and the embedded catalogs load.
#include "Translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

class TestTranslations : public QObject
{
    Q_OBJECT

    static QString tsPath(const QString &lang)
    {
        return qEnvironmentVariable("OW_SOURCE_DIR") + QStringLiteral("/translations/onewindow_%1.ts").arg(lang);
    }

private Q_SLOTS:
    void complete_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
        QTest::newRow("en") << QStringLiteral("en");
    }

    void complete()
    {
        QFETCH(QString, lang);
        QFile f(tsPath(lang));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        QXmlStreamReader xml(&f);
        int messages = 0;
        QStringList unfinished;
        QString source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (type == QLatin1String("obsolete") || type == QLatin1String("vanished"))
                    continue;
                if (type == QLatin1String("unfinished") || text.trimmed().isEmpty())
                    unfinished.append(source.left(60));
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY2(messages > 20, "the catalog looks empty: run the update_translations target");
        QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(QLatin1String(" | "))));
    }

    void chineseLoadsByDefault()
    {
        QCOMPARE(ow::installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")),
                 QStringLiteral("zh_CN"));
        QCOMPARE(QCoreApplication::translate("StoreText", "The key does not match this database."),
                 QStringLiteral("密钥与此数据库不匹配。"));
        QCOMPARE(QCoreApplication::translate("CaseText", "Correction requested"), QStringLiteral("补齐补正"));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
