#include "domain/IdNumber.h"
#include "input/PinyinController.h"
#include "input/PinyinEngine.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace ow;

namespace {

// The candidates on the current page.
QStringList shown(const PinyinController &controller)
{
    QStringList out;
    for (int row = 0; row < controller.rowCount(); ++row)
        out.append(controller.data(controller.index(row), PinyinController::TextRole).toString());
    return out;
}

void typeLetters(PinyinController &controller, const QString &letters)
{
    for (QChar c : letters)
        QVERIFY(controller.typeKey(QString(c)));
}

} // namespace

class TestPinyinController : public QObject
{
    Q_OBJECT

    PinyinEngine m_engine;
    std::unique_ptr<PinyinController> m_controller;
    std::unique_ptr<QAbstractItemModelTester> m_tester;

    PinyinController &c() { return *m_controller; }

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("OW_PINYIN_DICT");
        const Status opened = m_engine.open();
        QVERIFY2(opened.ok(), qPrintable(opened.error().logDetail));
    }

    void init()
    {
        m_controller = std::make_unique<PinyinController>(&m_engine);
        m_tester = std::make_unique<QAbstractItemModelTester>(m_controller.get(),
                                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(c().isAvailable());
        QCOMPARE(c().mode(), PinyinController::Mode::Pinyin);
    }

    void cleanup()
    {
        m_tester.reset();
        m_controller.reset();
    }

    void wholeNameCommits()
    {
        QSignalSpy commits(&c(), &PinyinController::commit);
        QVERIFY(commits.isValid());
        typeLetters(c(), QStringLiteral("zhangsan"));
        QCOMPARE(c().letters(), QStringLiteral("zhangsan"));
        QCOMPARE(c().composing(), QStringLiteral("zhangsan"));
        const int row = shown(c()).indexOf(QStringLiteral("张三"));
        QVERIFY2(row >= 0, qPrintable(shown(c()).join(u' ')));
        QVERIFY(commits.isEmpty());
        QVERIFY(c().choose(row));
        QCOMPARE(commits.size(), 1);
        QCOMPARE(commits.at(0).at(0).toString(), QStringLiteral("张三"));
        QVERIFY(c().letters().isEmpty());
        QCOMPARE(c().rowCount(), 0);
        QCOMPARE(c().pageCount(), 0);
    }

    void composedInSteps()
    {
        QSignalSpy commits(&c(), &PinyinController::commit);
        QVERIFY(commits.isValid());
        c().setPageSize(60);
        typeLetters(c(), QStringLiteral("anhuisheng"));
        const int an = shown(c()).indexOf(QStringLiteral("安徽"));
        QVERIFY2(an >= 0, qPrintable(shown(c()).join(u' ')));
        QVERIFY(c().choose(an));
        QVERIFY(commits.isEmpty());
        QCOMPARE(c().composing(), QStringLiteral("安徽sheng"));
        const int sheng = shown(c()).indexOf(QStringLiteral("省"));
        QVERIFY2(sheng >= 0, qPrintable(shown(c()).join(u' ')));
        // Backspace undoes the fixed part first.
        c().backspace();
        QCOMPARE(c().composing(), QStringLiteral("anhuisheng"));
        QVERIFY(c().choose(shown(c()).indexOf(QStringLiteral("安徽"))));
        QVERIFY(c().choose(shown(c()).indexOf(QStringLiteral("省"))));
        QCOMPARE(commits.size(), 1);
        QCOMPARE(commits.at(0).at(0).toString(), QStringLiteral("安徽省"));
    }

    void paging()
    {
        c().setPageSize(5);
        typeLetters(c(), QStringLiteral("shi"));
        QCOMPARE(c().page(), 0);
        QVERIFY(c().pageCount() > 2);
        QVERIFY(!c().canPageUp());
        QVERIFY(c().canPageDown());
        const QStringList first = shown(c());
        QCOMPARE(first.size(), 5);
        c().pageDown();
        QCOMPARE(c().page(), 1);
        QVERIFY(c().canPageUp());
        const QStringList second = shown(c());
        QCOMPARE(second.size(), 5);
        for (const QString &candidate : second)
            QVERIFY(!first.contains(candidate));
        // Choosing on the second page chooses what is shown there.
        QSignalSpy commits(&c(), &PinyinController::commit);
        QVERIFY(commits.isValid());
        QVERIFY(c().choose(1));
        QCOMPARE(commits.size(), 1);
        QCOMPARE(commits.at(0).at(0).toString(), second.at(1));
        QCOMPARE(c().page(), 0);
        // The choice is learned for the session: it comes first now.
        typeLetters(c(), QStringLiteral("shi"));
        const QStringList again = shown(c());
        QCOMPARE(again.value(0), second.at(1));
        c().pageDown();
        c().pageUp();
        QCOMPARE(shown(c()), again);
        QVERIFY(!c().canPageUp());
        c().pageUp();
        QCOMPARE(c().page(), 0);
    }

    void backspaceEditsLetters()
    {
        QSignalSpy erases(&c(), &PinyinController::erase);
        QVERIFY(erases.isValid());
        typeLetters(c(), QStringLiteral("zhangs"));
        c().backspace();
        QCOMPARE(c().letters(), QStringLiteral("zhang"));
        QVERIFY(shown(c()).contains(QStringLiteral("张")));
        for (int i = 0; i < 5; ++i)
            c().backspace();
        QVERIFY(c().letters().isEmpty());
        QCOMPARE(c().rowCount(), 0);
        QVERIFY(erases.isEmpty());
        c().backspace();
        QCOMPARE(erases.size(), 1);
        // A separator needs a syllable before it.
        QVERIFY(!c().typeKey(QStringLiteral("'")));
        typeLetters(c(), QStringLiteral("xi'"));
        QVERIFY(!c().typeKey(QStringLiteral("'")));
        typeLetters(c(), QStringLiteral("an"));
        QVERIFY(shown(c()).contains(QStringLiteral("西安")));
    }

    void spaceAndEnter()
    {
        QSignalSpy commits(&c(), &PinyinController::commit);
        QSignalSpy submitted(&c(), &PinyinController::submitted);
        QVERIFY(commits.isValid());
        QVERIFY(submitted.isValid());
        typeLetters(c(), QStringLiteral("beijingshi"));
        const QString first = shown(c()).value(0);
        c().space();
        QCOMPARE(commits.size(), 1);
        QCOMPARE(commits.at(0).at(0).toString(), first);
        typeLetters(c(), QStringLiteral("abc"));
        c().enter();
        QCOMPARE(commits.size(), 2);
        QCOMPARE(commits.at(1).at(0).toString(), QStringLiteral("abc"));
        QVERIFY(c().letters().isEmpty());
        QVERIFY(submitted.isEmpty());
        c().enter();
        QCOMPARE(submitted.size(), 1);
        c().space();
        QCOMPARE(commits.at(2).at(0).toString(), QStringLiteral(" "));
    }

    void lettersMode()
    {
        QSignalSpy commits(&c(), &PinyinController::commit);
        QVERIFY(commits.isValid());
        typeLetters(c(), QStringLiteral("zh"));
        c().setMode(PinyinController::Mode::Letters);
        QVERIFY(c().letters().isEmpty());
        QVERIFY(c().typeKey(QStringLiteral("A")));
        QCOMPARE(commits.size(), 1);
        QCOMPARE(commits.at(0).at(0).toString(), QStringLiteral("A"));
        QCOMPARE(c().rowCount(), 0);
    }

    void modeFromFieldType_data()
    {
        QTest::addColumn<QString>("fieldType");
        QTest::addColumn<PinyinController::Mode>("mode");
        QTest::addColumn<QString>("keys");
        QTest::addColumn<bool>("keypadOnly");
        QTest::newRow("text") << "text" << PinyinController::Mode::Pinyin << "" << false;
        QTest::newRow("idNumber") << "idNumber" << PinyinController::Mode::IdNumber << "0123456789X" << true;
        QTest::newRow("mobile") << "mobile" << PinyinController::Mode::Phone << "0123456789" << true;
        QTest::newRow("integer") << "integer" << PinyinController::Mode::Digits << "0123456789" << true;
        QTest::newRow("money") << "money" << PinyinController::Mode::Digits << "0123456789." << true;
    }
    void modeFromFieldType()
    {
        QFETCH(QString, fieldType);
        QFETCH(PinyinController::Mode, mode);
        QFETCH(QString, keys);
        QFETCH(bool, keypadOnly);
        c().setFieldType(fieldType);
        QCOMPARE(c().mode(), mode);
        QCOMPARE(c().keypadKeys().join(QString()), keys);
        QCOMPARE(c().isKeypadOnly(), keypadOnly);
    }

    void idNumberKeypad()
    {
        QSignalSpy commits(&c(), &PinyinController::commit);
        QVERIFY(commits.isValid());
        c().setFieldType(QStringLiteral("idNumber"));
        QCOMPARE(c().maxLength(), 18);
        // Letters are not typed on a keypad.
        QVERIFY(!c().typeKey(QStringLiteral("a")));
        c().setFieldText(QStringLiteral("11010519491231"));
        QVERIFY(!c().accepts(QStringLiteral("X")));
        QVERIFY(!c().typeKey(QStringLiteral("X")));
        QVERIFY(c().typeKey(QStringLiteral("0")));
        QCOMPARE(commits.size(), 1);
        const QString first17 = QStringLiteral("11010519491231002");
        c().setFieldText(first17);
        const QChar check = idNumber::checkDigit(first17);
        QVERIFY(c().accepts(QString(check)));
        QVERIFY(c().typeKey(QString(check).toLower()));
        QCOMPARE(commits.last().at(0).toString(), QString(check));
        c().setFieldText(first17 + check);
        QVERIFY(!c().accepts(QStringLiteral("1")));
    }

    void phoneKeypadStopsAtEleven()
    {
        c().setFieldType(QStringLiteral("mobile"));
        QCOMPARE(c().maxLength(), 11);
        c().setFieldText(QStringLiteral("1380013800"));
        QVERIFY(c().accepts(QStringLiteral("0")));
        QVERIFY(!c().accepts(QStringLiteral("X")));
        c().setFieldText(QStringLiteral("13800138000"));
        QVERIFY(!c().accepts(QStringLiteral("0")));
        QVERIFY(!c().typeKey(QStringLiteral("0")));
    }

    void hardwareKeys()
    {
        QSignalSpy commits(&c(), &PinyinController::commit);
        QVERIFY(commits.isValid());
        // Digits pass to the field while nothing is composed.
        QVERIFY(!c().handleKey(Qt::Key_1, Qt::NoModifier, QStringLiteral("1")));
        for (QChar letter : QStringLiteral("zhangsan"))
            QVERIFY(c().handleKey(Qt::Key_A + (letter.unicode() - 'a'), Qt::NoModifier, QString(letter)));
        QCOMPARE(c().letters(), QStringLiteral("zhangsan"));
        QVERIFY(c().handleKey(Qt::Key_Backspace, Qt::NoModifier, QString()));
        QVERIFY(c().handleKey(Qt::Key_N, Qt::NoModifier, QStringLiteral("n")));
        const int row = shown(c()).indexOf(QStringLiteral("张三"));
        QVERIFY(row >= 0 && row < 9);
        QVERIFY(c().handleKey(Qt::Key_1 + row, Qt::NoModifier, QString::number(row + 1)));
        QCOMPARE(commits.size(), 1);
        QCOMPARE(commits.at(0).at(0).toString(), QStringLiteral("张三"));
        // Shortcuts are the field's.
        QVERIFY(!c().handleKey(Qt::Key_A, Qt::ControlModifier, QStringLiteral("a")));

        // A keypad refuses what it does not accept, from the hardware too.
        c().setFieldType(QStringLiteral("mobile"));
        QVERIFY(c().handleKey(Qt::Key_A, Qt::NoModifier, QStringLiteral("a")));
        QCOMPARE(commits.size(), 1);
        QVERIFY(c().handleKey(Qt::Key_5, Qt::NoModifier, QStringLiteral("5")));
        QCOMPARE(commits.size(), 2);
        QVERIFY(!c().handleKey(Qt::Key_Backspace, Qt::NoModifier, QString()));
    }

    void learningIsForgotten()
    {
        typeLetters(c(), QStringLiteral("zhang"));
        const QStringList before = shown(c());
        QVERIFY(before.value(0) != QStringLiteral("章"));
        const int rare = before.indexOf(QStringLiteral("章"));
        QVERIFY2(rare > 0, qPrintable(before.join(u' ')));
        QVERIFY(c().choose(rare));
        typeLetters(c(), QStringLiteral("zhang"));
        QCOMPARE(shown(c()).value(0), QStringLiteral("章"));
        c().forgetSession();
        QVERIFY(c().isAvailable());
        QVERIFY(c().letters().isEmpty());
        typeLetters(c(), QStringLiteral("zhang"));
        QCOMPARE(shown(c()), before);
        c().clear();
    }

    void missingDictionaryFallsBackToLetters()
    {
        qputenv("OW_PINYIN_DICT", "/nonexistent/dict_pinyin.dat");
        PinyinEngine missing;
        PinyinController controller(&missing);
        qunsetenv("OW_PINYIN_DICT");
        QAbstractItemModelTester tester(&controller, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!controller.isAvailable());
        QVERIFY(!controller.unavailableReason().isEmpty());
        QCOMPARE(controller.mode(), PinyinController::Mode::Letters);
        controller.setMode(PinyinController::Mode::Pinyin);
        QCOMPARE(controller.mode(), PinyinController::Mode::Letters);
        QSignalSpy commits(&controller, &PinyinController::commit);
        QVERIFY(commits.isValid());
        QVERIFY(controller.typeKey(QStringLiteral("z")));
        QCOMPARE(commits.at(0).at(0).toString(), QStringLiteral("z"));
        // The keypads still work.
        controller.setFieldType(QStringLiteral("mobile"));
        QCOMPARE(controller.mode(), PinyinController::Mode::Phone);
        controller.setFieldType(QStringLiteral("text"));
        QCOMPARE(controller.mode(), PinyinController::Mode::Letters);
    }
};

QTEST_GUILESS_MAIN(TestPinyinController)
#include "tst_pinyincontroller.moc"
