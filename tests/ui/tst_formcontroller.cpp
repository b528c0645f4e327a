// The form controller as a model, without a display: QAbstractItemModelTester watches every
// change (pages, kiosk/desk, answers that show and hide fields, rows added and removed, the
// idle wipe, another item) for every item of the catalog.
#include "TestSupport.h"

#include "catalog/Catalog.h"
#include "ui/CatalogService.h"
#include "ui/FormController.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace ow;

class TestFormController : public QObject
{
    Q_OBJECT

    CatalogService m_service{nullptr};

    // The first field on the controller's current page with this type, or -1.
    static int firstOfType(const FormController &c, const QString &type)
    {
        for (int i = 0; i < c.rowCount(); ++i) {
            const QModelIndex idx = c.index(i);
            if (idx.data(FormController::KindRole).toString() == QLatin1String("field") &&
                idx.data(FormController::TypeRole).toString() == type)
                return i;
        }
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_service.setCatalog(load.catalog);
        CatalogService::setInstance(&m_service);
    }

    void modelStaysConsistent_data()
    {
        QTest::addColumn<QString>("itemId");
        QTest::addColumn<bool>("kiosk");
        for (const auto &item : m_service.catalog().items()) {
            QTest::newRow(qPrintable(item->id + QStringLiteral("/kiosk"))) << item->id << true;
            QTest::newRow(qPrintable(item->id + QStringLiteral("/desk"))) << item->id << false;
        }
    }

    void modelStaysConsistent()
    {
        QFETCH(QString, itemId);
        QFETCH(bool, kiosk);
        FormController c;
        QAbstractItemModelTester tester(&c, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy pages(&c, &FormController::pageChanged);
        QVERIFY(pages.isValid());

        c.setKiosk(kiosk);
        c.setItemId(itemId);
        QVERIFY2(c.loadError().isEmpty(), qPrintable(c.loadError()));
        QVERIFY(c.rowCount() > 0);
        QVERIFY(c.pageCount() >= 1);
        if (!kiosk)
            QCOMPARE(c.pageCount(), 1);

        const auto item = m_service.catalog().item(itemId);
        QVERIFY(item);
        for (int page = 0; page < c.pageCount(); ++page) {
            c.setCurrentPage(page);
            QCOMPARE(c.currentPage(), page);
            for (int i = 0; i < c.rowCount(); ++i) {
                const QString kind = c.index(i).data(FormController::KindRole).toString();
                QVERIFY2(QStringList({QStringLiteral("header"), QStringLiteral("row"), QStringLiteral("field"),
                                      QStringLiteral("addRow")})
                             .contains(kind),
                         qPrintable(kind));
            }
            // Answers that change what is visible: every yes/no and the first option of every choice.
            for (int i = 0; i < c.rowCount(); ++i) {
                const QModelIndex idx = c.index(i);
                if (idx.data(FormController::KindRole).toString() != QLatin1String("field"))
                    continue;
                const QString type = idx.data(FormController::TypeRole).toString();
                if (type == QLatin1String("yesNo")) {
                    c.setValue(i, true);
                } else if (type == QLatin1String("choice")) {
                    const QVariantList options = idx.data(FormController::OptionsRole).toList();
                    if (!options.isEmpty())
                        c.setValue(i, options.first().toMap().value(QStringLiteral("value")));
                }
            }
        }
        for (const FieldGroup &group : item->groups) {
            if (!group.repeat)
                continue;
            for (int page = 0; page < c.pageCount(); ++page) {
                c.setCurrentPage(page);
                const int before = c.rowCount();
                c.addRow(group.id);
                if (c.rowCount() != before) {
                    c.removeRow(group.id, 0);
                    break;
                }
            }
        }
        c.setPreview(true);
        QVERIFY(c.rowCount() > 0);
        c.setPreview(false);
        c.setKiosk(!kiosk);
        c.clear();
        QVERIFY(c.currentPage() >= 0 && c.currentPage() < c.pageCount()); // a valid page after the wipe
        QVERIFY(pages.count() > 0);
    }

    void switchingItemsResetsTheModel()
    {
        FormController c;
        QAbstractItemModelTester tester(&c, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&c, &QAbstractItemModel::modelReset);
        QVERIFY(reset.isValid());
        c.setItemId(QStringLiteral("elderly-allowance"));
        QVERIFY(c.loadError().isEmpty());
        const int first = reset.count();
        QVERIFY(first >= 1);
        c.setItemId(QStringLiteral("minimum-living-allowance"));
        QVERIFY(c.loadError().isEmpty());
        QVERIFY(reset.count() > first);
        c.setItemId(QStringLiteral("no-such-item"));
        QVERIFY(!c.loadError().isEmpty());
        QCOMPARE(c.rowCount(), 0);
    }

    void anIdNumberIsMaskedUntilEdited()
    {
        FormController c;
        QAbstractItemModelTester tester(&c, QAbstractItemModelTester::FailureReportingMode::QtTest);
        c.setKiosk(false);
        c.setItemId(QStringLiteral("elderly-allowance"));
        const int row = firstOfType(c, QStringLiteral("idNumber"));
        QVERIFY(row >= 0);
        const QString id = test::idWithCheckDigit(QStringLiteral("34112519400101123"));
        c.setValue(row, id);
        QCOMPARE(c.index(row).data(FormController::ValueRole).toString(), id);
        const QString shown = c.index(row).data(FormController::DisplayValueRole).toString();
        QVERIFY2(!shown.contains(id.mid(6, 8)), qPrintable(shown));
        c.clear();
        QVERIFY(c.index(row).data(FormController::ValueRole).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFormController)
#include "tst_formcontroller.moc"
