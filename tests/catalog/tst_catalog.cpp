#include "TestSupport.h"

#include "catalog/Catalog.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace ow;

namespace {

QString formsDir()
{
    return test::sourceDir() + QStringLiteral("/forms");
}

QJsonObject loadItem(const QString &id)
{
    QFile f(formsDir() + QStringLiteral("/items/%1.json").arg(id));
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Sets the value at a path like "form.groups.0.fields.2.visibleWhen" (array indices as numbers).
QJsonValue setAt(const QJsonValue &node, QStringList path, const QJsonValue &value)
{
    if (path.isEmpty())
        return value;
    const QString head = path.takeFirst();
    bool isIndex = false;
    const int index = head.toInt(&isIndex);
    if (isIndex) {
        QJsonArray a = node.toArray();
        a.replace(index, setAt(a.at(index), path, value));
        return a;
    }
    QJsonObject o = node.toObject();
    if (value.isUndefined() && path.isEmpty())
        o.remove(head);
    else
        o.insert(head, setAt(o.value(head), path, value));
    return o;
}

QList<CatalogProblem> problemsFor(const QJsonObject &item, const QString &fileName)
{
    QList<CatalogProblem> problems;
    auto parsed = CatalogLoader::parseItem(QJsonDocument(item).toJson(), fileName, problems);
    if (parsed && !problems.isEmpty())
        qWarning("item parsed although problems were reported");
    return problems;
}

} // namespace

class TestCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void starterCatalogLoads()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(formsDir());
        for (const CatalogProblem &p : load.problems)
            qWarning() << p.file << p.path << p.message;
        QVERIFY(load.problems.isEmpty());
        QVERIFY(load.catalog.size() >= 16);
        QCOMPARE(load.catalog.size(), load.filesRead);
        QSet<QString> departments, levels;
        for (const auto &item : load.catalog.items()) {
            departments.insert(item->department.code);
            levels.insert(item->level);
            QVERIFY(!item->name.zh.isEmpty() && !item->name.en.isEmpty());
            QVERIFY(item->fieldCount() > 5);
            QVERIFY(!item->materials.isEmpty());
        }
        QVERIFY(departments.size() >= 8);
        QCOMPARE(levels, (QSet<QString>{QStringLiteral("county"), QStringLiteral("town"), QStringLiteral("village")}));
        QVERIFY(load.catalog.regions().size() > 3000);
        QCOMPARE(load.catalog.regions().find(QStringLiteral("110105"))->name, QStringLiteral("朝阳区"));
        auto dibao = load.catalog.item(QStringLiteral("minimum-living-allowance"));
        QVERIFY(dibao);
        QVERIFY(dibao->group(QStringLiteral("householdMembers"))->repeat.has_value());
    }

    void brokenItemIsReportedPrecisely_data()
    {
        QTest::addColumn<QString>("path"); // dotted path to change in elderly-allowance
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expectPath"); // JSON path the problem must name
        QTest::addColumn<QString>("expectText"); // part of the message (English)
        const auto v = [](const char *json) {
            return QJsonDocument::fromJson(QByteArray("[") + json + "]").array().at(0);
        };
        QTest::newRow("schema version") << "schemaVersion" << v("2") << "$.schemaVersion"
                                        << "whole number";
        QTest::newRow("huge number (found by the fuzzer)") << "version" << v("1e300") << "$.version"
                                                           << "whole number";
        QTest::newRow("unknown property") << "colour" << v("\"red\"") << "$.colour"
                                          << "unknown property";
        QTest::newRow("bad level") << "level" << v("\"province\"") << "$.level"
                                   << "not one of";
        QTest::newRow("missing name") << "name" << QJsonValue(QJsonValue::Undefined) << "$.name"
                                      << "missing";
        QTest::newRow("empty zh") << "name.zh" << v("\"\"") << "$.name.zh"
                                  << "non-empty";
        QTest::newRow("unknown field type")
            << "form.groups.1.fields.0.type" << v("\"colourPicker\"") << "$.form.groups[1].fields[0].type"
            << "not a field type";
        QTest::newRow("expression does not parse") << "form.groups.1.fields.0.visibleWhen" << v("\"applyByAgent ==\"")
                                                   << "$.form.groups[1].fields[0].visibleWhen"
                                                   << "column";
        QTest::newRow("unknown reference") << "form.groups.1.fields.0.visibleWhen" << v("\"nosuchField == true\"")
                                           << "$.form.groups[1].fields[0].visibleWhen"
                                           << "no field";
        QTest::newRow("type mismatch") << "form.groups.1.fields.0.visibleWhen" << v("\"applyByAgent == 3\"")
                                       << "$.form.groups[1].fields[0].visibleWhen"
                                       << "cannot compare";
        QTest::newRow("not boolean") << "form.groups.1.fields.0.visibleWhen" << v("\"age(applicantIdNumber)\"")
                                     << "$.form.groups[1].fields[0].visibleWhen"
                                     << "must be yes/no";
        QTest::newRow("promised over statutory") << "promisedLimitDays" << v("99") << "$.promisedLimitDays"
                                                 << "exceeds";
        QTest::newRow("implCode") << "implCode" << v("\"11341125MB1772416M000000000000\"") << "$.implCode"
                                  << "department code";
        QTest::newRow("department USCC") << "department.code" << v("\"11341125MB1772416A\"") << "$.department.code"
                                         << "unified social credit";
        QTest::newRow("duplicate field id")
            << "form.groups.0.fields.1.id" << v("\"applicantName\"") << "$.form.groups[0].fields[1].id"
            << "used twice";
        QTest::newRow("reserved id") << "form.groups.0.fields.1.id" << v("\"count\"") << "$.form.groups[0].fields[1].id"
                                     << "reserved";
        QTest::newRow("prefill misfit") << "form.groups.0.fields.0.prefill" << v("\"identity.idNumber\"")
                                        << "$.form.groups[0].fields[0].prefill"
                                        << "ID number field";
        QTest::newRow("conditional without condition")
            << "materials.0.necessity" << v("\"conditional\"") << "$.materials[0].condition"
            << "conditional";
        QTest::newRow("groups not an array") << "form.groups" << v("\"none\"") << "$.form.groups"
                                             << "must be an array";
    }

    void brokenItemIsReportedPrecisely()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expectPath);
        QFETCH(QString, expectText);
        const QJsonObject good = loadItem(QStringLiteral("elderly-allowance"));
        QVERIFY(problemsFor(good, QStringLiteral("elderly-allowance.json")).isEmpty());
        QJsonObject bad = setAt(good, path.split(QLatin1Char('.')), value).toObject();
        if (value.isUndefined()) {
            // remove the property at the path
            QStringList parts = path.split(QLatin1Char('.'));
            const QString last = parts.takeLast();
            if (parts.isEmpty())
                bad.remove(last);
        }
        const QList<CatalogProblem> problems = problemsFor(bad, QStringLiteral("elderly-allowance.json"));
        QVERIFY(!problems.isEmpty());
        bool found = false;
        for (const CatalogProblem &p : problems)
            found = found || (p.path == expectPath && p.message.contains(expectText));
        if (!found) {
            for (const CatalogProblem &p : problems)
                qWarning() << p.path << p.message;
        }
        QVERIFY(found);
    }

    // A form's attachment field that asks for the same paper as one of the item's materials has
    // the material's id, so that the kiosk takes its picture once (MaterialsStep: the form's field
    // of the same id gives the material). Otherwise the citizen is asked for it twice.
    void noPaperIsAskedForTwice()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        int linked = 0;
        for (const auto &item : load.catalog.items()) {
            QHash<QString, QString> materialByName;
            for (const Material &m : item->materials)
                materialByName.insert(m.name.zh, m.id);
            for (const FieldGroup &g : item->groups) {
                for (const Field &f : g.fields) {
                    if (f.type != FieldType::Attachment)
                        continue;
                    const bool isMaterial = std::any_of(item->materials.cbegin(), item->materials.cend(),
                                                        [&](const Material &m) { return m.id == f.id; });
                    linked += isMaterial ? 1 : 0;
                    const QString sameName = materialByName.value(f.label.zh);
                    QVERIFY2(isMaterial || sameName.isEmpty(),
                             qPrintable(QStringLiteral("%1: field %2 asks for material %3 under another id")
                                            .arg(item->id, f.id, sameName)));
                }
            }
        }
        QVERIFY(linked >= 16); // every item's letter of authorisation at least
    }

    void visibilityCycleIsRejected()
    {
        QJsonObject item = loadItem(QStringLiteral("elderly-allowance"));
        // applyByAgent (applicant group, field 5 or so) made visible only when the agent group shows.
        QJsonArray groups = item.value(QLatin1String("form")).toObject().value(QLatin1String("groups")).toArray();
        QJsonObject applicant = groups[0].toObject();
        QJsonArray fields = applicant.value(QLatin1String("fields")).toArray();
        int at = -1;
        for (int i = 0; i < fields.size(); ++i) {
            if (fields[i].toObject().value(QLatin1String("id")).toString() == QLatin1String("applyByAgent"))
                at = i;
        }
        QVERIFY(at >= 0);
        QJsonObject f = fields[at].toObject();
        f.insert(QStringLiteral("visibleWhen"), QStringLiteral("applyByAgent == true"));
        fields.replace(at, f);
        applicant.insert(QStringLiteral("fields"), fields);
        groups.replace(0, applicant);
        QJsonObject form = item.value(QLatin1String("form")).toObject();
        form.insert(QStringLiteral("groups"), groups);
        item.insert(QStringLiteral("form"), form);
        const auto problems = problemsFor(item, QStringLiteral("elderly-allowance.json"));
        QVERIFY(!problems.isEmpty());
        QVERIFY(problems.first().message.contains(QStringLiteral("depends on itself")));
        QCOMPARE(problems.first().path, QStringLiteral("$.form.groups[0].fields[%1].visibleWhen").arg(at));
    }

    void fileNameMustMatchId()
    {
        const auto problems = problemsFor(loadItem(QStringLiteral("elderly-allowance")), QStringLiteral("other.json"));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.first().path, QStringLiteral("$.id"));
    }

    void badFileIsSkippedAndTheRestLoads()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath(QStringLiteral("items")));
        QDir().mkpath(dir.filePath(QStringLiteral("regions")));
        QFile::copy(formsDir() + QStringLiteral("/regions/regions.json"),
                    dir.filePath(QStringLiteral("regions/regions.json")));
        for (const QString &id : {QStringLiteral("elderly-allowance"), QStringLiteral("birth-registration")})
            QFile::copy(formsDir() + QStringLiteral("/items/%1.json").arg(id),
                        dir.filePath(QStringLiteral("items/%1.json").arg(id)));
        QFile broken(dir.filePath(QStringLiteral("items/broken.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"schemaVersion\": 1, \"id\": \"broken\",");
        broken.close();
        // The same item under a second name: its codes clash with the first.
        QJsonObject copy = loadItem(QStringLiteral("elderly-allowance"));
        copy.insert(QStringLiteral("id"), QStringLiteral("zz-copy"));
        QFile clash(dir.filePath(QStringLiteral("items/zz-copy.json")));
        QVERIFY(clash.open(QIODevice::WriteOnly));
        clash.write(QJsonDocument(copy).toJson());
        clash.close();

        const CatalogLoad load = CatalogLoader::loadDirectory(dir.path());
        QCOMPARE(load.filesRead, 4);
        QCOMPARE(load.catalog.size(), 2);
        QVERIFY(load.catalog.item(QStringLiteral("elderly-allowance")));
        QVERIFY(load.catalog.item(QStringLiteral("birth-registration")));
        QSet<QString> bad;
        for (const CatalogProblem &p : load.problems)
            bad.insert(QFileInfo(p.file).fileName());
        QCOMPARE(bad, (QSet<QString>{QStringLiteral("broken.json"), QStringLiteral("zz-copy.json")}));
        for (const CatalogProblem &p : load.problems) {
            if (p.file.endsWith(QLatin1String("broken.json")))
                QVERIFY(p.message.contains(QStringLiteral("not valid JSON")));
        }
    }

    void missingRegionTableIsReported()
    {
        QTemporaryDir dir;
        const CatalogLoad load = CatalogLoader::loadDirectory(dir.path());
        QCOMPARE(load.catalog.size(), 0);
        QCOMPARE(load.problems.size(), 1);
        QVERIFY(load.problems.first().file.endsWith(QLatin1String("regions.json")));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
