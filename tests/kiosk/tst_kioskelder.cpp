// Elder mode (长辈模式) of the kiosk: the command line makes it the default; the home tile
// switches it for one visit and the end of the visit returns to the default; twice the idle
// time; one question per form page with the form's checks kept; fewer services at once. Then
// every screen of a whole visit in elder mode, portrait (1080×1920) and landscape (1920×1080),
// in both languages, checked programmatically: each visible text fits its box (or elides on
// purpose), lies inside the window and overlaps no sibling text; each button is a large
// target. The checker itself is tested on small QML snippets that break each rule. Screenshots
// under the build directory: tests/kiosk/screenshots/elder/. Any QML warning fails the test.
#include "KioskScreenSupport.h"
#include "KioskTestSupport.h"
#include "TestSupport.h"

#include "IdleWatch.h"
#include "ItemChooser.h"
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStore.h"
#include "MaterialsStep.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "ui/CatalogService.h"
#include "ui/FormController.h"

#include <QBuffer>
#include <QDir>
#include <QFont>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;
using ow::test::findVisible;

namespace {

// The smallest button a finger must hit in elder mode (Theme.touchTarget with Theme.elder).
constexpr qreal ElderTarget = 96;
// Rounding of text metrics: a pixel is not a clipped letter.
constexpr qreal Slack = 1.5;

QString describe(QQuickItem *item)
{
    const QString text = item->property("text").toString().left(40);
    return QStringLiteral("%1 \"%2\"")
        .arg(item->objectName().isEmpty() ? QString::fromLatin1(item->metaObject()->className()) : item->objectName(),
             text);
}

// Whether `item` is scrolled (partly) out of a clipping ancestor, such as a list's viewport:
// then it is not all on screen by design.
bool clippedByAncestor(QQuickItem *item)
{
    const QRectF box = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    for (QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
        if (!p->clip())
            continue;
        const QRectF view = p->mapRectToScene(QRectF(0, 0, p->width(), p->height()));
        if (!view.adjusted(-Slack, -Slack, Slack, Slack).contains(box))
            return true;
    }
    return false;
}

bool isText(QQuickItem *item)
{
    return item->inherits("QQuickText") && !item->property("text").toString().isEmpty();
}

bool shown(QQuickItem *item)
{
    return item->isVisible() && item->opacity() > 0.01 && item->width() > 0 && item->height() > 0;
}

void checkItem(QQuickItem *item, const QSizeF &window, bool elderTargets, QStringList &out)
{
    if (!shown(item))
        return;
    const QRectF box = item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
    const bool scrolledAway = clippedByAncestor(item);
    if (isText(item)) {
        const int elide = item->property("elide").toInt(); // Text.ElideNone is 3
        const bool elides = elide != 3;
        const int wrap = item->property("wrapMode").toInt(); // Text.NoWrap is 0
        const qreal implicitW = item->implicitWidth();
        const qreal contentW = item->property("contentWidth").toReal();
        const qreal contentH = item->property("contentHeight").toReal();
        if (!elides) {
            // Unwrapped text needs its whole line; wrapped text must not run past its box either
            // (a word too long for the line, a box too short for the lines).
            const qreal needW = wrap == 0 ? implicitW : contentW;
            if (needW > item->width() + Slack)
                out.append(QStringLiteral("clipped across: %1 needs %2 px, has %3")
                               .arg(describe(item))
                               .arg(needW)
                               .arg(item->width()));
            if (contentH > item->height() + Slack)
                out.append(QStringLiteral("clipped below: %1 needs %2 px, has %3")
                               .arg(describe(item))
                               .arg(contentH)
                               .arg(item->height()));
        }
        // A text belongs inside the button or control that draws it (a tile, a row, a chip).
        for (QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
            if (!p->inherits("QQuickControl"))
                continue;
            const QRectF control = p->mapRectToScene(QRectF(0, 0, p->width(), p->height()));
            if (!scrolledAway && !control.adjusted(-Slack, -Slack, Slack, Slack).contains(box))
                out.append(QStringLiteral("outside its control: %1 sticks out of %2").arg(describe(item), describe(p)));
            break;
        }
        if (!scrolledAway && !QRectF(QPointF(0, 0), window).adjusted(-Slack, -Slack, Slack, Slack).contains(box))
            out.append(QStringLiteral("outside the window: %1 at %2,%3 %4×%5")
                           .arg(describe(item))
                           .arg(box.x())
                           .arg(box.y())
                           .arg(box.width())
                           .arg(box.height()));
    }
    if (elderTargets && item->inherits("QQuickAbstractButton") && item->isEnabled() && !scrolledAway &&
        (item->width() + Slack < ElderTarget || item->height() + Slack < ElderTarget))
        out.append(
            QStringLiteral("small target: %1 is %2×%3").arg(describe(item)).arg(item->width()).arg(item->height()));

    // Texts side by side under one parent must not cover each other.
    QList<QQuickItem *> texts;
    for (QQuickItem *child : item->childItems()) {
        if (shown(child) && isText(child))
            texts.append(child);
    }
    for (qsizetype i = 0; i < texts.size(); ++i) {
        for (qsizetype j = i + 1; j < texts.size(); ++j) {
            const QRectF a = texts[i]->mapRectToScene(QRectF(0, 0, texts[i]->width(), texts[i]->height()));
            const QRectF b = texts[j]->mapRectToScene(QRectF(0, 0, texts[j]->width(), texts[j]->height()));
            const QRectF both = a.intersected(b);
            if (both.width() > Slack && both.height() > Slack)
                out.append(QStringLiteral("overlapping: %1 and %2").arg(describe(texts[i]), describe(texts[j])));
        }
    }
    for (QQuickItem *child : item->childItems())
        checkItem(child, window, elderTargets, out);
}

// Where a text's letters are: its box narrowed to its content, as aligned.
QRectF paintedRect(QQuickItem *text)
{
    const qreal w = std::min(text->width(), text->property("contentWidth").toReal());
    const qreal h = std::min(text->height(), text->property("contentHeight").toReal());
    const int hAlign = text->property("effectiveHorizontalAlignment").toInt();
    const int vAlign = text->property("verticalAlignment").toInt();
    const qreal x = hAlign & Qt::AlignRight     ? text->width() - w
                    : hAlign & Qt::AlignHCenter ? (text->width() - w) / 2
                                                : 0;
    const qreal y = vAlign & Qt::AlignBottom    ? text->height() - h
                    : vAlign & Qt::AlignVCenter ? (text->height() - h) / 2
                                                : 0;
    return text->mapRectToScene(QRectF(x, y, w, h));
}

void collectShownTexts(QQuickItem *item, QList<QQuickItem *> &out)
{
    if (!shown(item))
        return;
    if (isText(item) && !clippedByAncestor(item))
        out.append(item);
    for (QQuickItem *child : item->childItems())
        collectShownTexts(child, out);
}

QQuickItem *commonAncestor(QQuickItem *a, QQuickItem *b)
{
    for (QQuickItem *p = a; p; p = p->parentItem()) {
        for (QQuickItem *q = b; q; q = q->parentItem()) {
            if (p == q)
                return p;
        }
    }
    return nullptr;
}

// Everything that reads badly on screen, one line each; empty when all is well.
QStringList layoutProblems(QQuickItem *root, const QSizeF &window, bool elderTargets)
{
    QStringList out;
    checkItem(root, window, elderTargets, out);
    // Letters over letters anywhere on one screen (a long title running under a button): texts
    // in different layers of the root (a dialog over a screen) may cover each other.
    QList<QQuickItem *> texts;
    collectShownTexts(root, texts);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        for (qsizetype j = i + 1; j < texts.size(); ++j) {
            QQuickItem *common = commonAncestor(texts[i], texts[j]);
            if (!common || common == root || texts[i]->parentItem() == texts[j]->parentItem())
                continue;
            const QRectF both = paintedRect(texts[i]).intersected(paintedRect(texts[j]));
            if (both.width() > Slack && both.height() > Slack)
                out.append(
                    QStringLiteral("letters over letters: %1 and %2").arg(describe(texts[i]), describe(texts[j])));
        }
    }
    out.removeDuplicates();
    return out;
}

} // namespace

class TestKioskElder : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};
    ManualClock m_clock{QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<KioskSession> m_session;
    std::unique_ptr<QQuickView> m_view;
    QTemporaryDir m_dataDir;
    KioskStore m_store;
    QStringList m_problems; // of the screens walked so far, with their screen's name
    int m_checked = 0;

    QQuickItem *root() const { return m_view->rootObject(); }

    void show(QSize size) { QVERIFY(test::showAt(*m_view, size)); }

    bool tap(const QString &name) { return test::tapVisible(*m_view, name); }

    int fontSize(const QString &name)
    {
        QQuickItem *item = findVisible(root(), name);
        return item ? item->property("font").value<QFont>().pixelSize() : -1;
    }

    static QString typedIdNumber() { return test::idWithCheckDigit(QStringLiteral("34112519480302004")); }

    static QString screenshotDir()
    {
        const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/screenshots/elder");
        QDir().mkpath(dir);
        return dir;
    }

    // Renders the screen (which lays it out), checks it and saves its picture.
    void checkAndSave(const QString &name)
    {
        const QImage image = test::settledGrab(m_view.get());
        QVERIFY(!image.isNull());
        QVERIFY(image.save(screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png")));
        for (const QString &p : layoutProblems(root(), m_view->size(), true)) {
            m_problems.append(name + QStringLiteral(": ") + p);
            qInfo("%s: %s", qPrintable(name), qPrintable(p)); // the failure's message is cut short
        }
        ++m_checked;
    }

    // A session as main() makes it, with the given default.
    std::unique_ptr<KioskSession> headlessSession(bool elderDefault)
    {
        auto session = std::make_unique<KioskSession>(&m_catalog, false);
        session->setClock(&m_clock);
        session->idle()->setTimeout(90);
        session->setElderDefault(elderDefault);
        return session;
    }

    // From the home screen to the form with the typed ID number.
    static void toForm(KioskSession &session)
    {
        session.openChooser();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        for (const QChar c : typedIdNumber())
            session.identity()->press(c);
        session.confirmIdentity();
    }

    // Loads a QML snippet into a window of its own and returns what the checker finds.
    QStringList problemsOf(const QByteArray &qml)
    {
        QQuickWindow window;
        window.resize(400, 300);
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData("import QtQuick\nimport QtQuick.Controls\nItem {\n width: 400; height: 300\n" + qml + "\n}\n",
                          QUrl());
        std::unique_ptr<QObject> object(component.create());
        if (!object) {
            QTest::qFail(qPrintable(component.errorString()), __FILE__, __LINE__);
            return {QStringLiteral("no object")};
        }
        auto *item = qobject_cast<QQuickItem *>(object.get());
        item->setParentItem(window.contentItem());
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return {QStringLiteral("no window")};
        (void)window.grabWindow();
        return layoutProblems(item, QSizeF(400, 300), false);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog);
        m_session = std::make_unique<KioskSession>(&m_catalog, false);
        m_session->setClock(&m_clock);
        QVERIFY(m_dataDir.isValid());
        m_store = KioskStore::open(m_dataDir.path(), m_clock);
        QVERIFY2(m_store.store, qPrintable(m_store.problem));
        m_session->setStore(m_store.store.get());
        m_session->materials()->setCameraDir(test::sourceDir() + QStringLiteral("/resources/demo-materials"));
        KioskSession::setInstance(m_session.get());
        qApp->installEventFilter(m_session->idle());
        test::startRecordingWarnings();

        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/"));
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        show(QSize(1080, 1920));
    }

    void init()
    {
        test::warnings().clear();
        m_session->setElderDefault(false);
        m_session->wipe();
        show(QSize(1080, 1920));
    }

    void cleanup()
    {
        test::warnings().removeIf([](const QString &w) { return w.startsWith(QStringLiteral("PulseAudioService:")); });
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        qApp->removeEventFilter(m_session->idle());
        KioskSession::setInstance(nullptr);
        m_session.reset();
        m_store.store.reset();
        CatalogService::setInstance(nullptr);
        test::stopRecordingWarnings();
    }

    void optionMakesItTheDefault()
    {
        QVERIFY(!KioskOptions::parse({"onewindow-kiosk"}).options->elderDefault);
        const auto parsed = KioskOptions::parse({"onewindow-kiosk", "--elder-default", "--demo"});
        QVERIFY(parsed.options);
        QVERIFY(parsed.options->elderDefault);
        QVERIFY(KioskOptions::parse({"onewindow-kiosk", "--help"}).message.contains(QStringLiteral("--elder-default")));
        QCOMPARE(KioskOptions::parse({"onewindow-kiosk", "--elder-default=yes"}).exitCode, 1); // a switch, no value

        // As main() passes it on: every visit starts in elder mode, and ends in it again.
        const auto session = headlessSession(parsed.options->elderDefault);
        QVERIFY(session->elder());
        QVERIFY(session->elderDefault());
        QVERIFY(!session->idle()->active()); // an untouched home screen in the default mode
        QCOMPARE(session->idle()->timeoutSeconds(), 180);
        session->toggleElder(); // this citizen wants the usual screens
        QVERIFY(!session->elder());
        QVERIFY(session->idle()->active()); // someone's choice: it ends with the visit
        QCOMPARE(session->idle()->timeoutSeconds(), 90);
        session->openChooser();
        session->finish();
        QVERIFY(session->elder());
        QCOMPARE(session->idle()->timeoutSeconds(), 180);
    }

    void timeoutDoubles()
    {
        const auto session = headlessSession(false);
        QSignalSpy wiped(session.get(), &KioskSession::wiped);
        QCOMPARE(session->idle()->timeoutSeconds(), 90);
        QCOMPARE(session->idle()->warningSeconds(), 15);
        session->toggleElder();
        QCOMPARE(session->idle()->timeoutSeconds(), 180);
        QCOMPARE(session->idle()->warningSeconds(), 30);
        session->openChooser();
        // Where the usual visit would have ended, this one has not even asked yet.
        m_clock.advanceSecs(90);
        session->idle()->check();
        QCOMPARE(wiped.count(), 0);
        QVERIFY(!session->idle()->warning());
        m_clock.advanceSecs(60);
        session->idle()->check();
        QVERIFY(session->idle()->warning()); // "do you need more time?" for the last 30 s
        QCOMPARE(session->idle()->secondsLeft(), 30);
        m_clock.advanceSecs(30);
        session->idle()->check();
        QCOMPARE(wiped.count(), 1);
        // The wipe returns to the kiosk's default: the usual mode and time.
        QVERIFY(!session->elder());
        QCOMPARE(session->idle()->timeoutSeconds(), 90);
        QCOMPARE(session->screen(), KioskSession::Home);
    }

    void formOneQuestionPerPage()
    {
        const auto usual = headlessSession(false);
        toForm(*usual);
        QCOMPARE(usual->screen(), KioskSession::Form);
        const int groupPages = usual->form()->pageCount();

        const auto session = headlessSession(true);
        toForm(*session);
        QCOMPARE(session->screen(), KioskSession::Form);
        FormController &form = *session->form();
        QVERIFY(form.onePerPage());
        QVERIFY2(form.pageCount() > groupPages, qPrintable(QString::number(form.pageCount())));
        const auto fieldsOnPage = [&form] {
            QStringList out;
            for (int i = 0; i < form.rowCount(); ++i) {
                if (form.index(i).data(FormController::KindRole).toString() == QLatin1String("field"))
                    out.append(form.index(i).data(FormController::FieldIdRole).toString());
            }
            return out;
        };
        // What the typed number filled in (the number itself, the county as household region) is
        // confirmed on one page with the first thing about the person it could not fill: the name.
        // Next refuses the empty name and says why.
        const QStringList confirmPage{QStringLiteral("applicantName"), QStringLiteral("applicantIdNumber"),
                                      QStringLiteral("applicantRegion")};
        QCOMPARE(fieldsOnPage(), confirmPage);
        QVERIFY(!form.next());
        QCOMPARE(fieldsOnPage(), confirmPage);
        QVERIFY(form.showErrors());
        QVERIFY(!form.index(1).data(FormController::ErrorRole).toString().isEmpty());
        form.setValue(1, QStringLiteral("王秀兰"));
        QVERIFY(!form.next());
        // The rest the number cannot know: one question a page.
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("applicantMobile")});
        form.setValue(1, QStringLiteral("1390550123")); // one digit short
        QVERIFY(!form.next());
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("applicantMobile")});
        QVERIFY(!form.index(1).data(FormController::ErrorRole).toString().isEmpty());
        form.setValue(1, QStringLiteral("13905501234"));
        QVERIFY(!form.next());
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("applicantAddress")});
        // Back (the shell's) is the previous question, the answer kept.
        session->back();
        QCOMPARE(session->screen(), KioskSession::Form);
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("applicantMobile")});
        QCOMPARE(form.index(1).data(FormController::ValueRole).toString(), QStringLiteral("13905501234"));
        // The same answers make the same case: to the review with one question a page, where the
        // fields of one catalog question (the bank account) count as one.
        const ServiceItem &item = form.form()->item();
        int pages = 1;
        bool done = false;
        for (; pages < 40 && !done; ++pages) {
            const QStringList onPage = fieldsOnPage();
            QSet<QString> questions;
            for (const QString &id : onPage)
                questions.insert(item.field(id)->question.isEmpty() ? id : item.field(id)->question);
            QVERIFY2(questions.size() == 1, qPrintable(onPage.join(',')));
            test::answerPage(form);
            done = form.next();
        }
        QVERIFY(done);
        session->reviewForm();
        QCOMPARE(session->screen(), KioskSession::Materials);
        // The wipe: the usual form again.
        session->toggleElder();
        QVERIFY(!form.onePerPage());
    }

    // A card holder in elder mode: what the card gave and the one thing it lacks on one page, a
    // choice moves on by itself, a catalog question's fields together, and one material at a
    // time with the review following the last.
    void cardHolderAnsweredInFewPages()
    {
        const auto session = headlessSession(true);
        session->openChooser();
        session->chooseItem(QStringLiteral("elderly-allowance"));
        session->startApplication();
        session->identity()->fillFromCard(typedIdNumber(), QStringLiteral("王秀兰"),
                                          QStringLiteral("定远县炉桥镇高塘村12号"));
        session->confirmIdentity();
        QCOMPARE(session->screen(), KioskSession::Form);
        FormController &form = *session->form();
        const auto fieldsOnPage = [&form] {
            QStringList out;
            for (int i = 0; i < form.rowCount(); ++i) {
                if (form.index(i).data(FormController::KindRole).toString() == QLatin1String("field"))
                    out.append(form.index(i).data(FormController::FieldIdRole).toString());
            }
            return out;
        };
        QCOMPARE(fieldsOnPage(), (QStringList{QStringLiteral("applicantName"), QStringLiteral("applicantIdNumber"),
                                              QStringLiteral("applicantMobile"), QStringLiteral("applicantRegion"),
                                              QStringLiteral("applicantAddress")}));
        QVERIFY(!form.next()); // the phone is not on the card
        QCOMPARE(test::answerPage(form), 1);
        QVERIFY(!form.next());

        // A choice alone on its page: the answer moves on by itself, a moment later.
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("applyByAgent")});
        const int agentPage = form.currentPage();
        QCOMPARE(test::answerPage(form), 1);
        QCOMPARE(form.currentPage(), agentPage); // not at once: the answer is seen first
        QTRY_COMPARE(form.currentPage(), agentPage + 1);
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("livingArrangement")});
        // Back to a choice and a tap on Next before the move: one page on, not two.
        QCOMPARE(test::answerPage(form), 1);
        QVERIFY(!form.next());
        QTest::qWait(600);
        QCOMPARE(fieldsOnPage(),
                 (QStringList{QStringLiteral("emergencyContactName"), QStringLiteral("emergencyContactMobile")}));
        QVERIFY(!form.next()); // optional while the applicant lives with family
        // The account: the holder from the card, the bank and the card number, one question.
        QCOMPARE(fieldsOnPage(), (QStringList{QStringLiteral("accountHolderName"), QStringLiteral("bankName"),
                                              QStringLiteral("bankCard")}));
        QVERIFY(!form.next());
        QCOMPARE(test::answerPage(form), 2);
        QVERIFY(!form.next());
        QCOMPARE(fieldsOnPage(), QStringList{QStringLiteral("applicantSignature")});
        QCOMPARE(form.currentPage() + 1, form.pageCount());
        QCOMPARE(test::answerPage(form), 1);
        QVERIFY(form.next());
        session->reviewForm();
        QCOMPARE(session->screen(), KioskSession::Materials);

        // One material at a time; the review follows the last one given.
        MaterialsStep &materials = *session->materials();
        QCOMPARE(materials.missingCount(), 2); // the ID card was read on the reader
        QImage paper(400, 300, QImage::Format_RGB32);
        paper.fill(Qt::white);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(paper.save(&buffer, "PNG"));
        QVERIFY(materials.acceptImageData(QStringLiteral("householdRegister"), png));
        QTest::qWait(KioskSession::MaterialsContinueMs + 200);
        QCOMPARE(session->screen(), KioskSession::Materials);
        QVERIFY(materials.acceptImageData(QStringLiteral("paymentCard"), png));
        QCOMPARE(session->screen(), KioskSession::Materials); // the tick is seen first
        QTRY_COMPARE(session->screen(), KioskSession::Review);
        // Back shows every material to take one again; nothing moves on by itself then.
        session->back();
        QCOMPARE(session->screen(), KioskSession::Materials);
        QTest::qWait(KioskSession::MaterialsContinueMs + 200);
        QCOMPARE(session->screen(), KioskSession::Materials);

        // The usual mode keeps its Continue tap.
        const auto usual = headlessSession(false);
        toForm(*usual);
        QVERIFY(test::answerForm(*usual->form()));
        usual->reviewForm();
        QCOMPARE(usual->screen(), KioskSession::Materials);
        for (const QVariant &v : usual->materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("state")).toString() == QLatin1String("missing"))
                QVERIFY(usual->materials()->acceptImageData(row.value(QStringLiteral("id")).toString(), png));
        }
        QTest::qWait(KioskSession::MaterialsContinueMs + 200);
        QCOMPARE(usual->screen(), KioskSession::Materials);
    }

    void chooserShowsFewerRows()
    {
        const auto session = headlessSession(false);
        ItemChooser &chooser = *session->chooser();
        const int all = chooser.rowCount();
        QVERIFY(all > KioskSession::ElderChooserRows);
        QCOMPARE(chooser.pageCount(), 1);
        session->toggleElder();
        QCOMPARE(chooser.rowCount(), KioskSession::ElderChooserRows);
        QCOMPARE(chooser.matchCount(), all);
        const int pages = (all + KioskSession::ElderChooserRows - 1) / KioskSession::ElderChooserRows;
        QCOMPARE(chooser.pageCount(), pages);
        QStringList seen;
        for (int p = 0; p < pages; ++p) {
            QCOMPARE(chooser.page(), p);
            for (int i = 0; i < chooser.rowCount(); ++i)
                seen.append(chooser.data(chooser.index(i), ItemChooser::ItemIdRole).toString());
            chooser.nextPage();
        }
        QCOMPARE(chooser.page(), pages - 1); // no page past the last
        QCOMPARE(seen.size(), all);
        seen.removeDuplicates();
        QCOMPARE(seen.size(), all);
        // A search starts at its first page.
        chooser.setQuery(QStringLiteral("gljt"));
        QCOMPARE(chooser.page(), 0);
        QCOMPARE(chooser.rowCount(), 1);
        session->toggleElder();
        QCOMPARE(chooser.pageSize(), 0);
    }

    // The home tile in a real window: larger type at once, the wipe takes it back.
    void tileSwitchesTheMode()
    {
        QVERIFY(onScreenTile());
        const int usual = fontSize(QStringLiteral("greeting"));
        QCOMPARE(usual, 64);
        QVERIFY(tap(QStringLiteral("tile:elder")));
        QVERIFY(m_session->elder());
        QCOMPARE(fontSize(QStringLiteral("greeting")), usual * 3 / 2);
        QQuickItem *tile = findVisible(root(), QStringLiteral("tile:apply"));
        QVERIFY(tile->height() >= ElderTarget);
        // The tile says how to go back; tapping it again does.
        QVERIFY(tap(QStringLiteral("tile:elder")));
        QVERIFY(!m_session->elder());
        QCOMPARE(fontSize(QStringLiteral("greeting")), usual);
        QVERIFY(tap(QStringLiteral("tile:elder")));
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QCOMPARE(m_session->screen(), KioskSession::Choose);
        QVERIFY(onScreenNamed(QStringLiteral("itemPager")));
        // Walking away: twice the usual time, then home in the usual mode.
        m_clock.advanceSecs(IdleWatch::DefaultTimeoutSeconds);
        m_session->idle()->check();
        QCOMPARE(m_session->screen(), KioskSession::Choose);
        m_clock.advanceSecs(IdleWatch::DefaultTimeoutSeconds - 10);
        m_session->idle()->check();
        QCoreApplication::processEvents();
        QVERIFY(onScreenNamed(QStringLiteral("idleCountdown")));
        m_clock.advanceSecs(10);
        m_session->idle()->check();
        QCoreApplication::processEvents();
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QVERIFY(!m_session->elder());
        QCOMPARE(fontSize(QStringLiteral("greeting")), usual);
    }

    // The checker finds each fault it is for, and leaves a sound layout alone.
    void checkerFindsFaults_data()
    {
        QTest::addColumn<QByteArray>("qml");
        QTest::addColumn<QString>("problem");
        const QByteArray longText = "text: \"A sentence far too long for a narrow box\"; font.pixelSize: 20";
        QTest::newRow("fits") << QByteArray("Text { width: 300; text: \"Short\"; font.pixelSize: 20 }") << QString();
        QTest::newRow("cut across") << "Text { width: 100; " + longText + " }" << QStringLiteral("clipped across");
        QTest::newRow("elided") << "Text { width: 100; elide: Text.ElideRight; " + longText + " }" << QString();
        QTest::newRow("wrapped") << "Text { width: 100; wrapMode: Text.Wrap; " + longText + " }" << QString();
        QTest::newRow("wrapped too low") << "Text { width: 100; height: 30; wrapMode: Text.Wrap; " + longText + " }"
                                         << QStringLiteral("clipped below");
        QTest::newRow("outside") << QByteArray("Text { x: 380; text: \"Outside\"; font.pixelSize: 20 }")
                                 << QStringLiteral("outside the window");
        QTest::newRow("overlap") << QByteArray("Text { text: \"One\"; font.pixelSize: 20 }\n"
                                               "Text { x: 10; text: \"Two\"; font.pixelSize: 20 }")
                                 << QStringLiteral("overlapping");
        QTest::newRow("out of its button")
            << QByteArray("AbstractButton { width: 200; height: 40\n"
                          "  contentItem: Item { Text { y: 30; text: \"Below\"; font.pixelSize: 20 } } }")
            << QStringLiteral("outside its control");
        QTest::newRow("under another") << QByteArray(
                                              "Item { width: 400; height: 300\n"
                                              "  Row { Text { text: \"A title running long\"; font.pixelSize: 20 } }\n"
                                              "  Column { x: 60; Text { text: \"Button\"; font.pixelSize: 20 } } }")
                                       << QStringLiteral("letters over letters");
        QTest::newRow("side by side") << QByteArray("Text { text: \"One\"; font.pixelSize: 20 }\n"
                                                    "Text { x: 200; text: \"Two\"; font.pixelSize: 20 }")
                                      << QString();
    }

    void checkerFindsFaults()
    {
        QFETCH(QByteArray, qml);
        QFETCH(QString, problem);
        const QStringList found = problemsOf(qml);
        if (problem.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(found.join('\n')));
        } else {
            QCOMPARE(found.size(), 1);
            QVERIFY2(found.first().startsWith(problem), qPrintable(found.first()));
        }
    }

    // Every screen of a visit in elder mode: nothing clipped, outside or overlapping, every
    // button a large target.
    void everyScreenReadsWell_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("language");
        QTest::newRow("portrait") << QSize(1080, 1920) << QStringLiteral("zh_CN");
        QTest::newRow("landscape") << QSize(1920, 1080) << QStringLiteral("zh_CN");
        QTest::newRow("portrait-en") << QSize(1080, 1920) << QStringLiteral("en");
        QTest::newRow("landscape-en") << QSize(1920, 1080) << QStringLiteral("en");
    }

    void everyScreenReadsWell()
    {
        QFETCH(QSize, size);
        QFETCH(QString, language);
        const QString suffix = QLatin1Char('-') + QString::fromLatin1(QTest::currentDataTag());
        m_problems.clear();
        m_checked = 0;
        show(size);
        m_session->setLanguage(language);
        QVERIFY(tap(QStringLiteral("tile:elder")));
        QVERIFY(m_session->elder());
        checkAndSave(QStringLiteral("home") + suffix);
        QVERIFY(tap(QStringLiteral("tile:apply")));
        checkAndSave(QStringLiteral("choose") + suffix);
        m_session->chooser()->nextPage();
        checkAndSave(QStringLiteral("choose-more") + suffix);
        m_session->chooser()->setQuery(QStringLiteral("找不到"));
        checkAndSave(QStringLiteral("choose-nomatch") + suffix);
        m_session->chooser()->setQuery(QString());
        m_session->chooseItem(QStringLiteral("minimum-living-allowance"));
        checkAndSave(QStringLiteral("guide") + suffix);
        m_session->back();
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        QVERIFY(tap(QStringLiteral("startButton")));
        checkAndSave(QStringLiteral("identify") + suffix);
        for (const QChar c : typedIdNumber().left(15))
            QVERIFY(m_session->identity()->press(c));
        checkAndSave(QStringLiteral("identify-typing") + suffix);
        for (const QChar c : typedIdNumber().mid(15))
            QVERIFY(m_session->identity()->press(c));
        checkAndSave(QStringLiteral("identify-done") + suffix);
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Form);
        // Each question's page, and one with the mistake shown.
        FormController &form = *m_session->form();
        bool done = false;
        for (int page = 0; page < 40 && !done; ++page) {
            checkAndSave(QStringLiteral("form-%1").arg(page + 1, 2, 10, QLatin1Char('0')) + suffix);
            if (page == 2) {
                QVERIFY(!form.next()); // the phone number is not given yet
                checkAndSave(QStringLiteral("form-problem") + suffix);
            }
            test::answerPage(form);
            QCoreApplication::processEvents();
            done = form.next();
        }
        QVERIFY(done);
        m_session->reviewForm();
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        checkAndSave(QStringLiteral("materials") + suffix);
        m_session->confirmMaterials();
        checkAndSave(QStringLiteral("materials-missing") + suffix);
        for (const QVariant &v : m_session->materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("required")).toBool() &&
                row.value(QStringLiteral("state")).toString() == QLatin1String("missing"))
                m_session->materials()->capture(row.value(QStringLiteral("id")).toString());
        }
        m_session->confirmMaterials();
        QCOMPARE(m_session->screen(), KioskSession::Review);
        QTRY_VERIFY(findVisible(root(), QStringLiteral("reviewConfirmButton")));
        checkAndSave(QStringLiteral("review") + suffix);
        m_session->openConsent();
        checkAndSave(QStringLiteral("consent") + suffix);
        m_session->agreeAndSubmit();
        QCOMPARE(m_session->screen(), KioskSession::Receipt);
        QVERIFY(m_session->elder()); // the same mode the whole visit
        checkAndSave(QStringLiteral("receipt") + suffix);
        QVERIFY(tap(QStringLiteral("rateButton")));
        QCOMPARE(m_session->screen(), KioskSession::Rating);
        checkAndSave(QStringLiteral("rating") + suffix);
        QVERIFY(tap(QStringLiteral("rate:satisfied")));
        checkAndSave(QStringLiteral("rating-thanks") + suffix);
        m_session->goHome();
        QVERIFY(tap(QStringLiteral("tile:rating")));
        checkAndSave(QStringLiteral("rating-scan") + suffix);
        m_session->goHome();
        QVERIFY(tap(QStringLiteral("tile:progress")));
        checkAndSave(QStringLiteral("progress") + suffix);
        m_session->goHome();
        QVERIFY(tap(QStringLiteral("tile:helper")));
        checkAndSave(QStringLiteral("helper") + suffix);
        m_clock.advanceSecs(m_session->idle()->timeoutSeconds() - 10);
        m_session->idle()->check();
        QVERIFY(findVisible(root(), QStringLiteral("idleCountdown")));
        checkAndSave(QStringLiteral("idle") + suffix);
        m_session->finish();
        QVERIFY(!m_session->elder());
        QVERIFY(m_checked > 20);
        QVERIFY2(m_problems.isEmpty(), qPrintable(m_problems.join(QLatin1Char('\n'))));
    }

private:
    bool onScreenTile() { return findVisible(root(), QStringLiteral("tile:elder")) != nullptr; }
    bool onScreenNamed(const QString &name) { return findVisible(root(), name) != nullptr; }
};

QTEST_MAIN(TestKioskElder)
#include "tst_kioskelder.moc"
