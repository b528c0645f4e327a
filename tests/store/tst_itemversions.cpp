#include "TestSupport.h"

#include "catalog/Catalog.h"
#include "catalog/FormState.h"
#include "store/ItemArchive.h"
#include "store/Repositories.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;

class TestItemVersions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void caseKeepsItsVersionAfterTheCatalogChanges()
    {
        const CatalogLoad v1 = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        auto item = v1.catalog.item(QStringLiteral("birth-registration"));
        QVERIFY(item);

        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        auto store = test::openStore(dir.path(), keys);
        QVERIFY(store);
        ItemArchive archive(store->settings());
        OW_VERIFY_OK(archive.remember(*item));
        OW_VERIFY_OK(archive.remember(*item)); // idempotent
        auto c = store->cases().create({item->id, item->version, {}, "{}"},
                                       {QStringLiteral("k1"), QStringLiteral("citizen")});
        OW_VERIFY_OK(c);
        QCOMPARE(c->itemVersion, item->version);

        // Version 2 adds a required question; the catalog now only has version 2.
        QJsonObject json = QJsonDocument::fromJson(item->sourceJson).object();
        json.insert(QStringLiteral("version"), item->version + 1);
        QJsonObject form = json.value(QStringLiteral("form")).toObject();
        QJsonArray groups = form.value(QStringLiteral("groups")).toArray();
        QJsonObject applicant = groups[0].toObject();
        QJsonArray fields = applicant.value(QStringLiteral("fields")).toArray();
        fields.append(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("newQuestion")},
                        {QStringLiteral("type"), QStringLiteral("text")},
                        {QStringLiteral("label"), QJsonObject{{QStringLiteral("zh"), QStringLiteral("新问题")},
                                                              {QStringLiteral("en"), QStringLiteral("New question")}}},
                        {QStringLiteral("required"), true}});
        applicant.insert(QStringLiteral("fields"), fields);
        groups.replace(0, applicant);
        form.insert(QStringLiteral("groups"), groups);
        json.insert(QStringLiteral("form"), form);
        QTemporaryDir forms;
        QDir().mkpath(forms.filePath(QStringLiteral("items")));
        QDir().mkpath(forms.filePath(QStringLiteral("regions")));
        QFile::copy(test::sourceDir() + QStringLiteral("/forms/regions/regions.json"),
                    forms.filePath(QStringLiteral("regions/regions.json")));
        QFile out(forms.filePath(QStringLiteral("items/birth-registration.json")));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(json).toJson());
        out.close();
        const CatalogLoad v2 = CatalogLoader::loadDirectory(forms.path());
        QVERIFY(v2.problems.isEmpty());
        QCOMPARE(v2.catalog.item(item->id)->version, item->version + 1);

        auto forCase = archive.itemFor(c->itemCode, c->itemVersion, v2.catalog);
        OW_VERIFY_OK(forCase);
        QCOMPARE((*forCase)->version, item->version);
        QVERIFY(!(*forCase)->field(QStringLiteral("newQuestion")));
        FormState old(*forCase, {&v2.catalog.regions(), QDate(2026, 11, 25)});
        for (const auto &p : old.problems())
            QVERIFY(p.field != QLatin1String("newQuestion"));
        FormState current(v2.catalog.item(item->id), {&v2.catalog.regions(), QDate(2026, 11, 25)});
        bool asksNew = false;
        for (const auto &p : current.problems())
            asksNew = asksNew || p.field == QLatin1String("newQuestion");
        QVERIFY(asksNew);

        // A version never archived is reported, not guessed.
        auto missing = archive.itemFor(c->itemCode, 99, v2.catalog);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestItemVersions)
#include "tst_itemversions.moc"
