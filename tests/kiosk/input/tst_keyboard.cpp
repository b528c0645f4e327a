// The on-screen keyboard in a real window (offscreen), typing into a TextField by taps, as a
// citizen's finger would: a name and a place by Pinyin, paging, backspace, the ID number and
// phone keypads. Every visible key has an accessible name. Saves screenshots of the keyboard in
// portrait (1080×1920) and landscape (1920×1080) under the build directory:
// tests/kiosk/input/screenshots/. Any QML warning fails the test.
#include "KioskTestSupport.h"
#include "TestSupport.h"

#include "domain/IdNumber.h"
#include "input/PinyinController.h"
#include "input/PinyinEngine.h"

#include "Translations.h"

#include <QAccessible>
#include <QDir>
#include <QGuiApplication>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_InputPlugin)

using namespace ow;
using ow::test::findVisible;

namespace {

// A form with one field and the keyboard below it, as a kiosk screen would have them.
const char *const kScene = R"(
import QtQuick
import QtQuick.Controls
import OneWindow.Input

Rectangle {
    id: scene
    property string fieldType: ""
    color: "white"
    TextField {
        id: field
        objectName: "field"
        x: 40; y: 80
        width: scene.width - 80
        height: 96
        font.pixelSize: 40
        focus: true
    }
    OnScreenKeyboard {
        objectName: "keyboard"
        anchors.bottom: parent.bottom
        width: parent.width
        target: field
        fieldType: scene.fieldType
    }
}
)";

// Every visible key and candidate (objectName "key:…" or "candidate:…").
void collectKeys(QQuickItem *item, QList<QQuickItem *> &out)
{
    if (!item || !item->isVisible())
        return;
    if (item->objectName().startsWith(QLatin1String("key:")) ||
        item->objectName().startsWith(QLatin1String("candidate:")))
        out.append(item);
    for (QQuickItem *child : item->childItems())
        collectKeys(child, out);
}

} // namespace

class TestKeyboard : public QObject
{
    Q_OBJECT

    PinyinEngine m_engine;
    QTemporaryDir m_dir;
    std::unique_ptr<QQuickView> m_view;

    QQuickItem *root() const { return m_view->rootObject(); }
    QQuickItem *field() const { return findVisible(root(), QStringLiteral("field")); }
    QString fieldText() const { return field()->property("text").toString(); }
    PinyinController *controller() const
    {
        QQuickItem *keyboard = findVisible(root(), QStringLiteral("keyboard"));
        return keyboard ? qvariant_cast<PinyinController *>(keyboard->property("controller")) : nullptr;
    }

    void show(QSize size)
    {
        m_view->resize(size);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTRY_COMPARE(root()->size(), QSizeF(size));
    }

    bool tap(const QString &name)
    {
        // Keys and candidates just created are placed by their row at the next polish.
        if (!QQuickTest::qWaitForPolish(m_view.get()))
            return false;
        QQuickItem *item = findVisible(root(), name);
        if (!item) {
            qWarning("nothing visible is called %s", qPrintable(name));
            return false;
        }
        if (!item->isEnabled()) {
            qWarning("%s is disabled", qPrintable(name));
            return false;
        }
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        if (!QRectF(QPointF(0, 0), m_view->size()).contains(centre)) {
            qWarning("%s is off screen", qPrintable(name));
            return false;
        }
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        QCoreApplication::processEvents();
        return true;
    }

    bool tapLetters(const QString &letters)
    {
        for (QChar c : letters) {
            if (!tap(QStringLiteral("key:") + c))
                return false;
        }
        return true;
    }

    bool keyEnabled(const QString &name)
    {
        QQuickItem *item = findVisible(root(), name);
        return item && item->isEnabled();
    }

    // The candidates on the bar, left to right.
    QStringList candidates()
    {
        QList<QQuickItem *> keys;
        collectKeys(root(), keys);
        QStringList out;
        for (QQuickItem *key : keys) {
            if (key->objectName().startsWith(QLatin1String("candidate:")))
                out.append(key->objectName().mid(10));
        }
        return out;
    }

    static QString screenshotDir()
    {
        const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/input/screenshots");
        QDir().mkpath(dir);
        return dir;
    }

    void save(const QString &name)
    {
        QCoreApplication::processEvents();
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

    void useField(const QString &fieldType)
    {
        root()->setProperty("fieldType", fieldType);
        QMetaObject::invokeMethod(field(), "clear");
        field()->forceActiveFocus();
        QCoreApplication::processEvents();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qunsetenv("OW_PINYIN_DICT");
        const Status opened = m_engine.open();
        QVERIFY2(opened.ok(), qPrintable(opened.error().logDetail));
        PinyinController::setSharedEngine(&m_engine);
        // The kiosk speaks Chinese first: the screenshots show what a citizen reads.
        QCOMPARE(installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        test::startRecordingWarnings();

        QVERIFY(m_dir.isValid());
        QFile scene(m_dir.filePath(QStringLiteral("Scene.qml")));
        QVERIFY(scene.open(QIODevice::WriteOnly));
        scene.write(kScene);
        scene.close();

        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/")); // the modules are embedded at :/OneWindow/
        m_view->setSource(QUrl::fromLocalFile(scene.fileName()));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        show(QSize(1080, 1920));
    }

    void init()
    {
        test::warnings().clear();
        show(QSize(1080, 1920));
        useField(QString());
        QVERIFY(controller());
        controller()->setMode(PinyinController::Mode::Pinyin);
    }

    void cleanup() { QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n')))); }

    void cleanupTestCase()
    {
        m_view.reset();
        PinyinController::setSharedEngine(nullptr);
        test::stopRecordingWarnings();
    }

    void nameByTaps()
    {
        QVERIFY(tapLetters(QStringLiteral("zhangsan")));
        QCOMPARE(controller()->composing(), QStringLiteral("zhangsan"));
        QVERIFY2(candidates().contains(QStringLiteral("张三")), qPrintable(candidates().join(u' ')));
        QVERIFY(fieldText().isEmpty());
        save(QStringLiteral("pinyin-portrait"));
        QVERIFY(tap(QStringLiteral("candidate:张三")));
        QCOMPARE(fieldText(), QStringLiteral("张三"));
        QVERIFY(candidates().isEmpty());
        // The field kept the focus: the keys never take it.
        QVERIFY(field()->hasActiveFocus());
    }

    void placeByTaps()
    {
        QVERIFY(tapLetters(QStringLiteral("anhuisheng")));
        QVERIFY2(candidates().contains(QStringLiteral("安徽省")), qPrintable(candidates().join(u' ')));
        QVERIFY(tap(QStringLiteral("candidate:安徽省")));
        QCOMPARE(fieldText(), QStringLiteral("安徽省"));
    }

    void paging()
    {
        QVERIFY(tapLetters(QStringLiteral("shi")));
        const QStringList first = candidates();
        QVERIFY(first.size() >= 4);
        QVERIFY(!keyEnabled(QStringLiteral("key:pageUp")));
        QVERIFY(tap(QStringLiteral("key:pageDown")));
        const QStringList second = candidates();
        QCOMPARE(second.size(), first.size());
        for (const QString &candidate : second)
            QVERIFY2(!first.contains(candidate), qPrintable(candidate));
        QVERIFY(tap(QStringLiteral("key:pageUp")));
        QCOMPARE(candidates(), first);
        QVERIFY(tap(QStringLiteral("key:pageDown")));
        QVERIFY(tap(QStringLiteral("candidate:") + second.at(2)));
        QCOMPARE(fieldText(), second.at(2));
    }

    void backspaceEditsLettersThenField()
    {
        QVERIFY(tapLetters(QStringLiteral("zhangsan")));
        QVERIFY(tap(QStringLiteral("candidate:张三")));
        QVERIFY(tapLetters(QStringLiteral("lix")));
        QVERIFY(tap(QStringLiteral("key:backspace")));
        QCOMPARE(controller()->letters(), QStringLiteral("li"));
        QVERIFY(tap(QStringLiteral("key:backspace")));
        QVERIFY(tap(QStringLiteral("key:backspace")));
        QVERIFY(controller()->letters().isEmpty());
        QCOMPARE(fieldText(), QStringLiteral("张三"));
        QVERIFY(tap(QStringLiteral("key:backspace")));
        QCOMPARE(fieldText(), QStringLiteral("张"));
    }

    void lettersAndSpace()
    {
        QVERIFY(tap(QStringLiteral("key:letters")));
        QVERIFY(tapLetters(QStringLiteral("li")));
        QVERIFY(tap(QStringLiteral("key:space")));
        QCOMPARE(fieldText(), QStringLiteral("LI "));
        QVERIFY(tap(QStringLiteral("key:digits")));
        QVERIFY(tap(QStringLiteral("key:5")));
        QCOMPARE(fieldText(), QStringLiteral("LI 5"));
        QVERIFY(tap(QStringLiteral("key:pinyin")));
        QCOMPARE(controller()->mode(), PinyinController::Mode::Pinyin);
    }

    void hardwareKeysReachTheController()
    {
        field()->forceActiveFocus();
        for (char letter : QByteArrayLiteral("zhangsan"))
            QTest::keyClick(m_view.get(), letter);
        QCOMPARE(controller()->letters(), QStringLiteral("zhangsan"));
        QVERIFY(fieldText().isEmpty());
        const int row = candidates().indexOf(QStringLiteral("张三"));
        QVERIFY(row >= 0);
        QTest::keyClick(m_view.get(), static_cast<Qt::Key>(Qt::Key_1 + row));
        QCOMPARE(fieldText(), QStringLiteral("张三"));
    }

    void idNumberKeypad()
    {
        useField(QStringLiteral("idNumber"));
        QCOMPARE(controller()->mode(), PinyinController::Mode::IdNumber);
        QVERIFY(!findVisible(root(), QStringLiteral("key:q")));
        QVERIFY(!keyEnabled(QStringLiteral("key:X")));
        const QString first17 = QStringLiteral("11010519491231002");
        for (QChar digit : first17.left(10))
            QVERIFY(tap(QStringLiteral("key:") + digit));
        // X is refused before the 18th character, from the screen and from the hardware.
        QVERIFY(!keyEnabled(QStringLiteral("key:X")));
        QTest::keyClick(m_view.get(), Qt::Key_X);
        QCOMPARE(fieldText(), first17.left(10));
        for (QChar digit : first17.mid(10))
            QVERIFY(tap(QStringLiteral("key:") + digit));
        QCOMPARE(fieldText(), first17);
        save(QStringLiteral("idnumber-portrait"));
        QCOMPARE(idNumber::checkDigit(first17), QChar(u'X'));
        QVERIFY(keyEnabled(QStringLiteral("key:X")));
        QVERIFY(tap(QStringLiteral("key:X")));
        QCOMPARE(fieldText(), first17 + QLatin1Char('X'));
        QVERIFY(!keyEnabled(QStringLiteral("key:0")));
        QVERIFY(!findVisible(root(), QStringLiteral("key:pinyin"))); // an ID number has no letters
        QVERIFY(tap(QStringLiteral("key:backspace")));
        QCOMPARE(fieldText(), first17);
        // Enter is the field's own: the form moves on.
        QSignalSpy accepted(field(), SIGNAL(accepted()));
        QVERIFY(accepted.isValid());
        QVERIFY(tap(QStringLiteral("key:enter")));
        QCOMPARE(accepted.size(), 1);
    }

    void phoneKeypad()
    {
        useField(QStringLiteral("mobile"));
        QCOMPARE(controller()->mode(), PinyinController::Mode::Phone);
        QVERIFY(!findVisible(root(), QStringLiteral("key:X")));
        for (QChar digit : QStringLiteral("13800138000"))
            QVERIFY(tap(QStringLiteral("key:") + digit));
        QCOMPARE(fieldText(), QStringLiteral("13800138000"));
        // The twelfth digit is refused, from the screen and from the hardware.
        for (QChar digit : QStringLiteral("0123456789"))
            QVERIFY(!keyEnabled(QStringLiteral("key:") + digit));
        QTest::keyClick(m_view.get(), '1');
        QCOMPARE(fieldText(), QStringLiteral("13800138000"));
        save(QStringLiteral("phone-portrait"));
    }

    void everyKeyHasAName_data()
    {
        QTest::addColumn<QString>("fieldType");
        QTest::addColumn<QString>("letters");
        QTest::newRow("pinyin") << QString() << QStringLiteral("zhang");
        QTest::newRow("idNumber") << QStringLiteral("idNumber") << QString();
        QTest::newRow("phone") << QStringLiteral("mobile") << QString();
    }
    void everyKeyHasAName()
    {
        QFETCH(QString, fieldType);
        QFETCH(QString, letters);
        useField(fieldType);
        QVERIFY(tapLetters(letters));
        QList<QQuickItem *> keys;
        collectKeys(root(), keys);
        QVERIFY(keys.size() > 10);
        for (QQuickItem *key : keys) {
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(key);
            QVERIFY2(accessible, qPrintable(key->objectName()));
            QCOMPARE(accessible->role(), QAccessible::Button);
            QVERIFY2(!accessible->text(QAccessible::Name).trimmed().isEmpty(), qPrintable(key->objectName()));
        }
        controller()->clear();
    }

    void screenshotsInLandscape()
    {
        show(QSize(1920, 1080));
        QVERIFY(tapLetters(QStringLiteral("anhuisheng")));
        QVERIFY(!candidates().isEmpty());
        save(QStringLiteral("pinyin-landscape"));
        controller()->clear();
        useField(QStringLiteral("idNumber"));
        for (QChar digit : QStringLiteral("11010519491231002"))
            QVERIFY(tap(QStringLiteral("key:") + digit));
        save(QStringLiteral("idnumber-landscape"));
        useField(QStringLiteral("mobile"));
        for (QChar digit : QStringLiteral("1380013"))
            QVERIFY(tap(QStringLiteral("key:") + digit));
        save(QStringLiteral("phone-landscape"));
    }

    void forgetSessionResetsLearning()
    {
        QVERIFY(tapLetters(QStringLiteral("zhang")));
        const QStringList before = candidates();
        const int rare = before.indexOf(QStringLiteral("章"));
        QVERIFY2(rare > 0, qPrintable(before.join(u' ')));
        QVERIFY(tap(QStringLiteral("candidate:章")));
        QVERIFY(tapLetters(QStringLiteral("zhang")));
        QCOMPARE(candidates().value(0), QStringLiteral("章"));
        controller()->clear();
        controller()->forgetSession();
        QVERIFY(tapLetters(QStringLiteral("zhang")));
        QCOMPARE(candidates(), before);
        controller()->clear();
    }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
