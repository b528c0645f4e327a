// Renders every field of every item in forms/ offscreen, kiosk and desk style, and fails on any
// QML warning. Saves screenshots of three items' forms (kiosk and desk) under the build
// directory: tests/ui/screenshots/.
#include "TestSupport.h"

#include "Translations.h"
#include "catalog/Catalog.h"
#include "ui/CatalogService.h"
#include "ui/FormController.h"

#include <QDir>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)

using namespace ow;

namespace {

void collectFieldNames(QQuickItem *item, QSet<QString> &out)
{
    if (!item)
        return;
    const QString name = item->objectName();
    if (name.startsWith(QLatin1String("field:")) && item->isVisible() && item->height() > 0)
        out.insert(name.mid(6).section(QLatin1Char('#'), 0, 0));
    for (QQuickItem *child : item->childItems())
        collectFieldNames(child, out);
}

void collectComboTexts(QQuickItem *item, QStringList &out)
{
    if (!item)
        return;
    if (item->inherits("QQuickComboBox"))
        out.append(item->property("displayText").toString());
    for (QQuickItem *child : item->childItems())
        collectComboTexts(child, out);
}

QQuickItem *findByObjectNamePrefix(QQuickItem *item, const QString &prefix)
{
    if (!item)
        return nullptr;
    if (item->objectName().startsWith(prefix) && item->isVisible())
        return item;
    for (QQuickItem *child : item->childItems()) {
        if (QQuickItem *found = findByObjectNamePrefix(child, prefix))
            return found;
    }
    return nullptr;
}

} // namespace

class TestFormRender : public QObject
{
    Q_OBJECT

    CatalogService m_service{nullptr};

    std::unique_ptr<QQuickView> makeView(FormController &controller, QSize size)
    {
        auto view = std::make_unique<QQuickView>();
        view->setInitialProperties({{QStringLiteral("controller"), QVariant::fromValue(&controller)}});
        view->setResizeMode(QQuickView::SizeRootObjectToView);
        view->resize(size);
        view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Ui/FormView.qml")));
        return view;
    }

    static bool settle(QQuickView &view)
    {
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            return false;
        QCoreApplication::processEvents();
        return !view.grabWindow().isNull();
    }

    static QString screenshotDir()
    {
        const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/ui/screenshots");
        QDir().mkpath(dir);
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_service.setCatalog(load.catalog);
        CatalogService::setInstance(&m_service);
        test::startRecordingWarnings();
        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    }

    void cleanupTestCase() { test::stopRecordingWarnings(); }

    void everyFieldRenders_data()
    {
        QTest::addColumn<QString>("itemId");
        QTest::addColumn<bool>("kiosk");
        for (const auto &item : m_service.catalog().items()) {
            QTest::addRow("%s kiosk", qPrintable(item->id)) << item->id << true;
            QTest::addRow("%s desk", qPrintable(item->id)) << item->id << false;
        }
    }

    void everyFieldRenders()
    {
        QFETCH(QString, itemId);
        QFETCH(bool, kiosk);
        test::warnings().clear();
        FormController controller;
        controller.setPreview(true);
        controller.setKiosk(kiosk);
        controller.setItemId(itemId);
        QVERIFY(controller.loadError().isEmpty());
        auto view = makeView(controller, kiosk ? QSize(1080, 1920) : QSize(1366, 768));
        QCOMPARE(view->status(), QQuickView::Ready);
        QVERIFY(settle(*view));

        QSet<QString> rendered;
        for (int page = 0; page < controller.pageCount(); ++page) {
            controller.setCurrentPage(page);
            QCoreApplication::processEvents();
            QVERIFY(!view->grabWindow().isNull());
            collectFieldNames(view->rootObject(), rendered);
        }
        QSet<QString> expected;
        for (const FieldGroup &g : m_service.catalog().item(itemId)->groups) {
            for (const Field &f : g.fields)
                expected.insert(f.id);
        }
        QCOMPARE(rendered, expected);
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }

    void interactionFollowsTheRules()
    {
        test::warnings().clear();
        FormController controller;
        controller.setKiosk(true);
        controller.setItemId(QStringLiteral("minimum-living-allowance"));
        auto view = makeView(controller, QSize(1080, 1920));
        QVERIFY(settle(*view));
        const int pagesBefore = controller.pageCount();
        // Tapping "Next" on an empty first page shows problems and stays.
        QVERIFY(!controller.next());
        QVERIFY(controller.showErrors());
        QCOMPARE(controller.currentPage(), 0);
        QCoreApplication::processEvents();
        QVERIFY(!view->grabWindow().isNull());
        // Answering "apply by agent" adds the agent page.
        for (int i = 0; i < controller.rowCount(); ++i) {
            if (controller.data(controller.index(i), FormController::FieldIdRole).toString() ==
                QLatin1String("applyByAgent"))
                controller.setValue(i, true);
        }
        QCOMPARE(controller.pageCount(), pagesBefore + 1);
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }

    // A region given before the form is shown (from the ID number or a card) is displayed by its
    // names in the three lists, not by their placeholders, on whichever page it first appears.
    void prefilledRegionShowsItsNames()
    {
        test::warnings().clear();
        const QString county = QStringLiteral("341125");
        QStringList names;
        for (const QString &parent : {QString(), QStringLiteral("340000"), QStringLiteral("341100")}) {
            for (const QVariant &v : m_service.regionChildren(parent)) {
                const QVariantMap r = v.toMap();
                if (county.startsWith(r.value(QStringLiteral("code"))
                                          .toString()
                                          .remove(QRegularExpression(QStringLiteral("(00)+$")))))
                    names.append(r.value(QStringLiteral("name")).toString());
            }
        }
        QCOMPARE(names.size(), 3);
        for (const bool kiosk : {true, false}) {
            FormController controller;
            controller.setKiosk(kiosk);
            controller.setItemId(QStringLiteral("elderly-allowance"));
            controller.prefillIdentity({{QStringLiteral("region"), county}});
            auto view = makeView(controller, kiosk ? QSize(1080, 1920) : QSize(1366, 768));
            QVERIFY(settle(*view));
            QQuickItem *field = nullptr;
            for (int page = 0; page < controller.pageCount() && !field; ++page) {
                controller.setCurrentPage(page);
                QCoreApplication::processEvents();
                field = findByObjectNamePrefix(view->rootObject(), QStringLiteral("field:applicantRegion"));
            }
            QVERIFY2(field, "the region question is on no page");
            QVERIFY(!view->grabWindow().isNull());
            QStringList shown;
            collectComboTexts(field, shown);
            QCOMPARE(shown, names);
            if (kiosk)
                QVERIFY(view->grabWindow().save(screenshotDir() + QStringLiteral("/elderly-allowance-region.png")));
        }
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }

    void screenshots_data()
    {
        QTest::addColumn<QString>("itemId");
        QTest::addColumn<int>("page");
        QTest::newRow("elderly-allowance") << QStringLiteral("elderly-allowance") << 1;
        QTest::newRow("minimum-living-allowance") << QStringLiteral("minimum-living-allowance") << 1;
        QTest::newRow("individual-business-registration") << QStringLiteral("individual-business-registration") << 1;
    }

    void screenshots()
    {
        QFETCH(QString, itemId);
        QFETCH(int, page);
        test::warnings().clear();
        const QVariantMap identity{
            {QStringLiteral("name"), QStringLiteral("王秀兰")},
            {QStringLiteral("idNumber"), test::idWithCheckDigit(QStringLiteral("34112519420302004"))},
            {QStringLiteral("address"), QStringLiteral("安徽省定远县炉桥镇高塘村高塘组12号")},
            {QStringLiteral("sex"), QStringLiteral("female")},
            {QStringLiteral("ethnicity"), QStringLiteral("汉")}};
        for (const bool kiosk : {true, false}) {
            FormController controller;
            controller.setKiosk(kiosk);
            controller.setItemId(itemId);
            controller.prefillIdentity(identity);
            auto view = makeView(controller, kiosk ? QSize(1080, 1920) : QSize(1366, 768));
            QVERIFY(settle(*view));
            const QString base = screenshotDir() + QLatin1Char('/') + itemId +
                                 (kiosk ? QStringLiteral("-kiosk") : QStringLiteral("-desk"));
            QVERIFY(view->grabWindow().save(base + QStringLiteral("-1.png")));
            if (kiosk) {
                controller.setCurrentPage(page);
                QCoreApplication::processEvents();
                QVERIFY(view->grabWindow().save(base + QStringLiteral("-%1.png").arg(page + 1)));
                controller.setCurrentPage(0);
                QVERIFY(!controller.next()); // first page has unanswered questions
                QCoreApplication::processEvents();
                QVERIFY(view->grabWindow().save(base + QStringLiteral("-errors.png")));
            }
        }
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestFormRender)
#include "tst_formrender.moc"
