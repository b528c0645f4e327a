#include "domain/IdNumber.h"
#include "input/KeypadRules.h"
#include "input/PinyinEngine.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {

// Where text stands among the first `within` candidates of the current search, -1 if absent.
int rankOf(const PinyinEngine &engine, const QString &text, int within = 60)
{
    return engine.candidates(0, within).indexOf(text);
}

// Types keys on a keypad: refused keys are dropped, as the keypad would grey them out.
QString typeOn(const KeypadRules &keypad, const QString &keys)
{
    QString text;
    for (QChar key : keys) {
        if (keypad.accepts(text, key))
            text.append(key);
    }
    return text;
}

} // namespace

class TestPinyin : public QObject
{
    Q_OBJECT

private:
    PinyinEngine m_engine;

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("OW_PINYIN_DICT");
        QVERIFY2(!PinyinEngine::systemDictionaryPath().isEmpty(), "libgooglepinyin0's dict_pinyin.dat not found");
        const Status opened = m_engine.open();
        QVERIFY2(opened.ok(), qPrintable(opened.error().logDetail));
    }

    void init() { m_engine.reset(); }

    void offers_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("within");
        QTest::newRow("zhang: the surname") << "zhang" << QStringLiteral("张") << 5;
        QTest::newRow("zhangsan: a whole name") << "zhangsan" << QStringLiteral("张三") << 3;
        QTest::newRow("anhuisheng: a whole place") << "anhuisheng" << QStringLiteral("安徽省") << 3;
        QTest::newRow("beijingshi") << "beijingshi" << QStringLiteral("北京市") << 3;
        QTest::newRow("upper case folded") << "ZhangSan" << QStringLiteral("张三") << 3;
        QTest::newRow("apostrophe separates") << "xi'an" << QStringLiteral("西安") << 3;
    }
    void offers()
    {
        QFETCH(QString, letters);
        QFETCH(QString, expected);
        QFETCH(int, within);
        QVERIFY(m_engine.search(letters) > 0);
        const QStringList first = m_engine.candidates(0, within);
        QVERIFY2(first.contains(expected), qPrintable(first.join(u' ')));
    }

    void refusesWhatIsNotPinyin_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::newRow("empty") << "";
        QTest::newRow("digits") << "zhang3";
        QTest::newRow("space") << "zhang san";
        QTest::newRow("han") << QStringLiteral("张");
    }
    void refusesWhatIsNotPinyin()
    {
        QFETCH(QString, letters);
        QCOMPARE(m_engine.search(letters), 0);
        QCOMPARE(m_engine.candidateCount(), 0);
        QVERIFY(m_engine.candidates(0, 10).isEmpty());
    }

    void paging_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::addColumn<int>("pageSize");
        QTest::newRow("zhang by 5") << "zhang" << 5;
        QTest::newRow("z by 9") << "z" << 9;
        QTest::newRow("zhangsan by 7") << "zhangsan" << 7;
    }
    void paging()
    {
        QFETCH(QString, letters);
        QFETCH(int, pageSize);
        const int total = m_engine.search(letters);
        QVERIFY(total > 3 * pageSize);
        const QStringList all = m_engine.candidates(0, 3 * pageSize);
        QStringList joined;
        for (int page = 0; page < 3; ++page) {
            const QStringList one = m_engine.candidates(page * pageSize, pageSize);
            QCOMPARE(one.size(), pageSize);
            for (const QString &c : one)
                QVERIFY2(!joined.contains(c), qPrintable(QStringLiteral("%1 on two pages").arg(c)));
            joined += one;
        }
        QCOMPARE(joined, all);
        // The last page is clipped, beyond it there is nothing.
        QCOMPARE(m_engine.candidates(total - 2, pageSize).size(), 2);
        QVERIFY(m_engine.candidates(total, pageSize).isEmpty());
        QVERIFY(m_engine.candidates(-5, 0).isEmpty());
    }

    void partialChoice_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("remaining");
        QTest::addColumn<QString>("second");
        QTest::newRow("surname then given name") << "zhangsan" << QStringLiteral("张") << "san" << QStringLiteral("三");
        QTest::newRow("province then suffix")
            << "anhuisheng" << QStringLiteral("安徽") << "sheng" << QStringLiteral("省");
        QTest::newRow("one syllable then two")
            << "wangxiaoming" << QStringLiteral("王") << "xiaoming" << QStringLiteral("小明");
    }
    void partialChoice()
    {
        QFETCH(QString, letters);
        QFETCH(QString, first);
        QFETCH(QString, remaining);
        QFETCH(QString, second);
        QVERIFY(m_engine.search(letters) > 0);
        QCOMPARE(m_engine.remainingLetters(), letters);
        const int firstIndex = rankOf(m_engine, first);
        QVERIFY(firstIndex >= 0);

        const PinyinEngine::Choice partial = m_engine.choose(firstIndex);
        QVERIFY(!partial.complete);
        QVERIFY(m_engine.isComposing());
        QCOMPARE(m_engine.composedPrefix(), first);
        QCOMPARE(m_engine.remainingLetters(), remaining);
        QCOMPARE(m_engine.letters(), letters);

        const int secondIndex = rankOf(m_engine, second);
        QVERIFY2(secondIndex >= 0, qPrintable(m_engine.candidates(0, 20).join(u' ')));
        const PinyinEngine::Choice whole = m_engine.choose(secondIndex);
        QVERIFY(whole.complete);
        QCOMPARE(whole.committed, first + second);
        QCOMPARE(m_engine.candidateCount(), 0);
        QVERIFY(!m_engine.isComposing());
    }

    void cancelLastChoice()
    {
        QVERIFY(m_engine.search(QStringLiteral("zhangsan")) > 0);
        QVERIFY(!m_engine.cancelLastChoice());
        const QStringList before = m_engine.candidates(0, 10);
        QVERIFY(!m_engine.choose(rankOf(m_engine, QStringLiteral("张"))).complete);
        QVERIFY(m_engine.cancelLastChoice());
        QVERIFY(!m_engine.isComposing());
        QCOMPARE(m_engine.remainingLetters(), QStringLiteral("zhangsan"));
        QCOMPARE(m_engine.candidates(0, 10), before);
    }

    void wholeCandidateCommits()
    {
        QVERIFY(m_engine.search(QStringLiteral("anhuisheng")) > 0);
        const PinyinEngine::Choice choice = m_engine.choose(rankOf(m_engine, QStringLiteral("安徽省")));
        QVERIFY(choice.complete);
        QCOMPARE(choice.committed, QStringLiteral("安徽省"));
        QVERIFY(!m_engine.choose(99999).complete); // nothing to choose from any more
    }

    void learnsForTheSessionOnly_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::addColumn<QString>("first");
        QTest::addColumn<QString>("second");
        QTest::newRow("wangwu") << "wangwu" << QStringLiteral("王") << QStringLiteral("五");
        QTest::newRow("zhangsan with another surname") << "zhangsan" << QStringLiteral("章") << QStringLiteral("三");
    }
    void learnsForTheSessionOnly()
    {
        QFETCH(QString, letters);
        QFETCH(QString, first);
        QFETCH(QString, second);
        const QString phrase = first + second;
        const int kUnranked = 1000;
        const auto rank = [&] {
            m_engine.reset();
            m_engine.search(letters);
            const int r = rankOf(m_engine, phrase);
            return r < 0 ? kUnranked : r;
        };
        QVERIFY(m_engine.forgetSession().ok());
        const int fresh = rank();
        QVERIFY2(fresh > 0, "the phrase must not already be first for the test to mean anything");

        // Composed in steps, as a citizen does when the phrase is not offered whole.
        QVERIFY(!m_engine.choose(rankOf(m_engine, first)).complete);
        const int secondIndex = rankOf(m_engine, second);
        QVERIFY(secondIndex >= 0);
        QCOMPARE(m_engine.choose(secondIndex).committed, phrase);

        const int learned = rank();
        QVERIFY2(learned < fresh && learned <= 1, qPrintable(QStringLiteral("%1 -> %2").arg(fresh).arg(learned)));

        QVERIFY(m_engine.forgetSession().ok());
        QCOMPARE(rank(), fresh);
    }

    void wholeChoiceRanksFirstForTheSessionOnly_data()
    {
        QTest::addColumn<QString>("letters");
        QTest::addColumn<QString>("chosen");
        QTest::newRow("a rarer surname") << "zhang" << QStringLiteral("章");
        QTest::newRow("the second name") << "lisi" << QStringLiteral("李四");
        QTest::newRow("far down") << "wang" << QStringLiteral("汪");
    }
    void wholeChoiceRanksFirstForTheSessionOnly()
    {
        QFETCH(QString, letters);
        QFETCH(QString, chosen);
        QVERIFY(m_engine.forgetSession().ok());
        const int total = m_engine.search(letters);
        const QStringList before = m_engine.candidates(0, total);
        const int fresh = before.indexOf(chosen);
        QVERIFY(fresh > 0);

        const PinyinEngine::Choice choice = m_engine.choose(fresh);
        QVERIFY(choice.complete);
        QCOMPARE(choice.committed, chosen);

        // Offered first, every other candidate still there once, in the library's order.
        QCOMPARE(m_engine.search(letters), total);
        const QStringList after = m_engine.candidates(0, total);
        QCOMPARE(after.first(), chosen);
        QStringList rest = before;
        rest.removeAt(fresh);
        QCOMPARE(after.mid(1), rest);
        // Choosing by the new index gives what is shown there.
        QCOMPARE(m_engine.choose(2).committed, after.at(2));
        m_engine.search(letters);
        QCOMPARE(m_engine.candidates(0, 1), QStringList{after.at(2)});

        QVERIFY(m_engine.forgetSession().ok());
        m_engine.search(letters);
        QCOMPARE(m_engine.candidates(0, total), before);
    }

    void sessionDictionaryIsPrivateAndWiped()
    {
        const QString path = m_engine.sessionDictionaryPath();
        QVERIFY(!path.isEmpty());
        QVERIFY(QFileInfo(path).isFile());
        QCOMPARE(QFile::permissions(path), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
        const QString dir = QFileInfo(path).absolutePath();
        QCOMPARE(QFile::permissions(dir) & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther |
                                            QFile::WriteOther | QFile::ExeOther),
                 QFileDevice::Permissions());
        QVERIFY(!path.contains(QStringLiteral(".config")));

        QVERIFY(m_engine.forgetSession().ok());
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(dir));
        QVERIFY(QFileInfo(m_engine.sessionDictionaryPath()).isFile());
    }

    void secondEngineRefused()
    {
        PinyinEngine second;
        const Status opened = second.open();
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::AlreadyExists);
        QVERIFY(!second.isOpen());
        QCOMPARE(second.search(QStringLiteral("zhang")), 0);
        // The first is untouched.
        QVERIFY(m_engine.search(QStringLiteral("zhang")) > 0);
    }

    void missingDictionary_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("option") << "option";
        QTest::newRow("environment") << "environment";
    }
    void missingDictionary()
    {
        QFETCH(QString, how);
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("dict_pinyin.dat"));
        PinyinEngine engine;
        PinyinEngine::Options options;
        if (how == QLatin1String("option"))
            options.systemDictionary = missing;
        else
            qputenv("OW_PINYIN_DICT", QFile::encodeName(missing));
        const Status opened = engine.open(options);
        qunsetenv("OW_PINYIN_DICT");
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::NotFound);
        QVERIFY(!opened.error().userMessage.isEmpty());
        QVERIFY(opened.error().logDetail.contains(missing));
        QVERIFY(!engine.isOpen());
    }

    void withoutLearning()
    {
        m_engine.close();
        QVERIFY(!m_engine.isOpen());
        {
            PinyinEngine engine;
            PinyinEngine::Options options;
            options.learnChoices = false;
            QVERIFY(engine.open(options).ok());
            QVERIFY(engine.sessionDictionaryPath().isEmpty());
            QVERIFY(engine.search(QStringLiteral("wangwu")) > 0);
            const int before = rankOf(engine, QStringLiteral("王五"));
            QVERIFY(!engine.choose(rankOf(engine, QStringLiteral("王"))).complete);
            QVERIFY(engine.choose(rankOf(engine, QStringLiteral("五"))).complete);
            engine.search(QStringLiteral("wangwu"));
            QCOMPARE(rankOf(engine, QStringLiteral("王五")), before);
            engine.search(QStringLiteral("zhang"));
            const int rare = rankOf(engine, QStringLiteral("章"));
            QVERIFY(engine.choose(rare).complete);
            engine.search(QStringLiteral("zhang"));
            QCOMPARE(rankOf(engine, QStringLiteral("章")), rare);
        }
        QVERIFY(m_engine.open().ok());
        QVERIFY(m_engine.search(QStringLiteral("zhang")) > 0);
    }

    void keypadForFieldType_data()
    {
        QTest::addColumn<QString>("fieldType");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("keys");
        QTest::addColumn<int>("maxLength");
        const auto K = [](KeypadRules::Kind k) { return static_cast<int>(k); };
        QTest::newRow("idNumber") << "idNumber" << K(KeypadRules::Kind::IdNumber) << "0123456789X" << 18;
        QTest::newRow("mobile") << "mobile" << K(KeypadRules::Kind::Mobile) << "0123456789" << 11;
        QTest::newRow("integer") << "integer" << K(KeypadRules::Kind::Digits) << "0123456789" << 0;
        QTest::newRow("number") << "number" << K(KeypadRules::Kind::Decimal) << "0123456789." << 0;
        QTest::newRow("money") << "money" << K(KeypadRules::Kind::Decimal) << "0123456789." << 0;
        QTest::newRow("text") << "text" << K(KeypadRules::Kind::Letters) << "" << 0;
        QTest::newRow("address") << "address" << K(KeypadRules::Kind::Letters) << "" << 0;
        QTest::newRow("unknown") << "somethingNew" << K(KeypadRules::Kind::Letters) << "" << 0;
    }
    void keypadForFieldType()
    {
        QFETCH(QString, fieldType);
        QFETCH(int, kind);
        QFETCH(QString, keys);
        QFETCH(int, maxLength);
        const KeypadRules keypad = KeypadRules::forFieldType(fieldType);
        QCOMPARE(static_cast<int>(keypad.kind()), kind);
        QCOMPARE(keypad.keys(), keys);
        QCOMPARE(keypad.maxLength(), maxLength);
    }

    void idKeypad_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ending in X") << "11010519491231002X"
                                     << "11010519491231002X" << true;
        QTest::newRow("lower-case x key") << "11010519491231002x"
                                          << "11010519491231002x" << true;
        QTest::newRow("X first refused") << "X11010519491231002X"
                                         << "11010519491231002X" << true;
        QTest::newRow("X in the middle refused") << "110105X19491231002X"
                                                 << "11010519491231002X" << true;
        QTest::newRow("X as 17th refused") << "1101051949123100X2X"
                                           << "11010519491231002X" << true;
        QTest::newRow("nothing after X") << "11010519491231002X5"
                                         << "11010519491231002X" << true;
        QTest::newRow("no 19th digit") << "1101051949123100261"
                                       << "110105194912310026" << false;
        QTest::newRow("letters refused") << "11010519491231002A"
                                         << "11010519491231002" << false;
    }
    void idKeypad()
    {
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        QFETCH(bool, valid);
        const QString text = typeOn(KeypadRules(KeypadRules::Kind::IdNumber), typed);
        QCOMPARE(text, expected);
        const bool checks = idNumber::check(idNumber::normalized(text), QDate(2026, 11, 30)) == idNumber::Problem::None;
        QCOMPARE(checks, valid);
    }

    // Every number whose check digit is X can be typed whole, and X is refused everywhere else.
    void idKeypadTypesEveryXNumber()
    {
        const KeypadRules keypad(KeypadRules::Kind::IdNumber);
        int found = 0;
        for (int serial = 0; serial < 1000; ++serial) {
            const QString first17 = QStringLiteral("34010219800101") + QString::number(serial).rightJustified(3, u'0');
            if (idNumber::checkDigit(first17) != u'X')
                continue;
            ++found;
            const QString number = typeOn(keypad, first17 + u'X');
            QCOMPARE(number.size(), 18);
            QVERIFY(number.endsWith(u'X'));
            QCOMPARE(idNumber::check(number, QDate(2026, 11, 30)), idNumber::Problem::None);
            for (int at = 0; at < 17; ++at)
                QVERIFY(!keypad.accepts(QStringView(first17).left(at), u'X'));
        }
        QVERIFY(found > 50);
    }

    void otherKeypads_data()
    {
        QTest::addColumn<QString>("fieldType");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("mobile digits") << "mobile"
                                       << "13800138000"
                                       << "13800138000";
        QTest::newRow("mobile at most 11") << "mobile"
                                           << "138001380001"
                                           << "13800138000";
        QTest::newRow("mobile no letters or signs") << "mobile"
                                                    << "+86-138X"
                                                    << "86138";
        QTest::newRow("money one point") << "money"
                                         << "12.5.0"
                                         << "12.50";
        QTest::newRow("number no leading point") << "number"
                                                 << ".5"
                                                 << "5";
        QTest::newRow("number no X") << "number"
                                     << "1X2"
                                     << "12";
        QTest::newRow("integer no point") << "integer"
                                          << "1.5"
                                          << "15";
        QTest::newRow("letters anything") << "text"
                                          << "Ab 1."
                                          << "Ab 1.";
    }
    void otherKeypads()
    {
        QFETCH(QString, fieldType);
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        QCOMPARE(typeOn(KeypadRules::forFieldType(fieldType), typed), expected);
    }

    // Last of all: a damaged dictionary leaves the library unusable in this process.
    void damagedDictionary()
    {
        m_engine.close();
        QTemporaryDir dir;
        const QString damaged = dir.filePath(QStringLiteral("dict_pinyin.dat"));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();

        PinyinEngine engine;
        PinyinEngine::Options options;
        options.systemDictionary = damaged;
        options.sessionDirectory = dir.path();
        const Status opened = engine.open(options);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Corrupt);
        QVERIFY(!opened.error().userMessage.isEmpty());
        QVERIFY(!engine.isOpen());
        // The session directory of the failed attempt is gone.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList());

        // Refused from now on instead of crashing.
        const Status again = m_engine.open();
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::Corrupt);
    }
};

QTEST_GUILESS_MAIN(TestPinyin)
#include "tst_pinyin.moc"
