// The theme's colours, read from the Theme singleton through a QML engine (what the screens
// get), measured as WCAG 2.1 contrast ratios for every text colour on every background the
// kiosk puts it on: at least 4.5:1 for the normal theme, 7:1 with Theme.elder (elder mode, the
// enhanced level AAA), whose type scale is also 1.5 times the normal one and whose touch
// targets are at least 96 px.
#include <QColor>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QTest>
#include <QtMath>
#include <QtQml/qqmlextensionplugin.h>

#include <cmath>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)

namespace {

// WCAG 2.1 relative luminance of an sRGB colour.
double luminance(const QColor &c)
{
    auto channel = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Pair
{
    const char *text;
    const char *background;
    const char *where;
};

// Every text colour on every background it is drawn on in the kiosk (kiosk/*.qml and the form).
const Pair Pairs[] = {
    {"text", "surface", "body text on cards, fields and keys"},
    {"text", "background", "body text on the page"},
    {"text", "surfaceMuted", "selected rows, quiet panels"},
    {"text", "primarySoft", "a pressed quiet button"},
    {"text", "secondarySoft", "the home screen's helper hint, the card reader panel"},
    {"text", "warningSoft", "the card reader panel in trouble"},
    {"muted", "surface", "secondary text on cards"},
    {"muted", "background", "secondary text on the page"},
    {"muted", "surfaceMuted", "a disabled key's label, captions on quiet panels"},
    {"muted", "secondarySoft", "the card reader's message"},
    {"primary", "surface", "quiet buttons, links, the Clear button"},
    {"primary", "background", "links on the page"},
    {"primary", "primarySoft", "a pressed quiet button's label"},
    {"primaryDark", "surface", "titles and key labels"},
    {"primaryDark", "background", "the greeting and screen titles"},
    {"primaryDark", "primarySoft", "a pressed key's label"},
    {"primaryDark", "textOnPrimary", "the chosen language on the top band"},
    {"textOnPrimary", "primary", "filled buttons and tiles"},
    {"textOnPrimary", "primaryDark", "the top band"},
    {"textOnPrimary", "secondary", "the helper tile, secondary buttons"},
    {"textOnSecondary", "secondary", "secondary buttons"},
    {"textOnPrimary", "success", "the rating level 'very satisfied'"},
    {"textOnPrimary", "warning", "the rating level 'dissatisfied'"},
    {"textOnPrimary", "error", "the rating level 'very dissatisfied'"},
    {"secondary", "surface", "reassurance on cards"},
    {"secondary", "secondarySoft", "'ID card read' on the card panel"},
    {"warning", "warningSoft", "the demonstration strip, the card reader's trouble"},
    {"warning", "surface", "the idle countdown"},
    {"error", "errorBackground", "a problem under a field or the ID number"},
    {"error", "surface", "the PIN pad's message, required marks"},
    {"success", "surface", "a material given"},
    {"accent", "surface", "headings in government red"},
    {"accent", "background", "headings on the page"},
};

} // namespace

class TestKioskContrast : public QObject
{
    Q_OBJECT

    QQmlEngine m_engine;
    QObject *m_theme = nullptr;
    std::unique_ptr<QObject> m_holder;

    QColor token(const char *name) const
    {
        const QVariant v = m_theme->property(name);
        return v.value<QColor>();
    }

    void setElder(bool elder) { QVERIFY(m_theme->setProperty("elder", elder)); }

private Q_SLOTS:
    void initTestCase()
    {
        m_engine.addImportPath(QStringLiteral("qrc:/"));
        QQmlComponent component(&m_engine);
        component.setData("import QtQuick\nimport OneWindow.Ui\nQtObject { property QtObject theme: Theme }",
                          QUrl(QStringLiteral("qrc:/contrast.qml")));
        m_holder.reset(component.create());
        QVERIFY2(m_holder, qPrintable(component.errorString()));
        m_theme = m_holder->property("theme").value<QObject *>();
        QVERIFY(m_theme);
    }

    void cleanup() { setElder(false); }

    // The formula itself, on known values: black on white is 21:1, a colour on itself 1:1, and
    // WCAG's own example grey #767676 on white just passes 4.5:1 (4.54).
    void ratioIsWcags()
    {
        QCOMPARE(qRound(contrast(Qt::black, Qt::white) * 100), 2100);
        QCOMPARE(contrast(QColor("#0b5cad"), QColor("#0b5cad")), 1.0);
        QCOMPARE(qRound(contrast(QColor("#767676"), Qt::white) * 100), 454);
        QVERIFY(contrast(QColor("#777777"), Qt::white) < 4.5);
    }

    void pairsMeetTheirLevel_data()
    {
        QTest::addColumn<bool>("elder");
        QTest::addColumn<double>("minimum");
        QTest::newRow("normal 4.5:1") << false << 4.5;
        QTest::newRow("elder 7:1") << true << 7.0;
    }

    void pairsMeetTheirLevel()
    {
        QFETCH(bool, elder);
        QFETCH(double, minimum);
        setElder(elder);
        QStringList failing;
        for (const Pair &p : Pairs) {
            const QColor fg = token(p.text);
            const QColor bg = token(p.background);
            QVERIFY2(fg.isValid() && bg.isValid(), p.where);
            QCOMPARE(fg.alpha(), 255);
            QCOMPARE(bg.alpha(), 255);
            const double ratio = contrast(fg, bg);
            qInfo("%-15s on %-15s %5.2f:1  (%s)", p.text, p.background, ratio, p.where);
            if (ratio < minimum)
                failing.append(QStringLiteral("%1 (%2) on %3 (%4): %5:1, %6")
                                   .arg(QLatin1String(p.text), fg.name(), QLatin1String(p.background), bg.name(),
                                        QString::number(ratio, 'f', 2), QLatin1String(p.where)));
        }
        QVERIFY2(failing.isEmpty(), qPrintable(failing.join(QLatin1Char('\n'))));
    }

    // Elder mode changes the tokens the screens bind to: larger type and targets.
    void elderScalesTypeAndTargets()
    {
        const QObject *scale = m_theme->property("typeScale").value<QObject *>();
        QVERIFY(scale);
        const char *const sizes[] = {"display", "headline", "title", "subtitle", "body", "label", "small"};
        QHash<QString, int> normal;
        for (const char *s : sizes)
            normal.insert(QLatin1String(s), scale->property(s).toInt());
        const QColor normalText = token("text");
        QCOMPARE(m_theme->property("touchTarget").toInt(), 72);
        setElder(true);
        for (const char *s : sizes)
            QVERIFY2(scale->property(s).toInt() >= qCeil(normal.value(QLatin1String(s)) * 1.5), s);
        QVERIFY(m_theme->property("touchTarget").toInt() >= 96);
        QVERIFY(m_theme->property("touchTargetLarge").toInt() >= 96);
        QVERIFY(token("text") != normalText);
        setElder(false);
        QCOMPARE(scale->property("body").toInt(), normal.value(QStringLiteral("body")));
    }
};

QTEST_MAIN(TestKioskContrast)
#include "tst_kioskcontrast.moc"
