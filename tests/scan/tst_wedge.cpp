// Scanner guns: the timing classifier (pure, table-driven) and the key filter on a real window,
// both with a clock the test moves by hand.
#include "scan/WedgeBurst.h"
#include "ui/scan/ScannerGunFilter.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QSignalSpy>
#include <QTest>
#include <QWindow>

using namespace ow::scan;

namespace {

// A key stream: characters with the milliseconds since the previous key ('\n' is Enter).
struct Stroke
{
    QChar c;
    int gapMs;
};

QList<Stroke> evenly(const QString &text, int gapMs)
{
    QList<Stroke> out;
    for (QChar c : text)
        out.append({c, gapMs});
    return out;
}

struct Outcome
{
    QStringList scans;
    QString typed; // what reached the text field, in order
};

// Runs strokes through the classifier the way the filter does, with ticks between keys.
Outcome run(const QList<Stroke> &strokes, WedgeBurstClassifier::Config config = {})
{
    WedgeBurstClassifier w(config);
    Outcome o;
    QString held;
    qint64 t = 1000;
    const auto apply = [&](const WedgeBurstClassifier::Output &out, const QString &key) {
        if (out.releaseHeld)
            o.typed += std::exchange(held, {});
        if (out.dropHeld)
            held.clear();
        if (out.scanned)
            o.scans.append(*out.scanned);
        if (out.hold && (w.undecided() || w.inScan()))
            held += key;
        else if (!out.hold)
            o.typed += key;
    };
    for (const Stroke &s : strokes) {
        // Time passes in 1 ms steps; deadlines fire as a timer would.
        for (int i = 0; i < s.gapMs; ++i) {
            ++t;
            if (const auto d = w.deadline(); d && t >= *d)
                apply(w.tick(t), {});
        }
        if (s.c == u'\n')
            apply(w.terminator(t), QStringLiteral("⏎"));
        else if (s.c == u'\b')
            apply(w.otherKey(t), QStringLiteral("⌫"));
        else
            apply(w.text(QString(s.c), t), QString(s.c));
    }
    for (int i = 0; i < 500; ++i) {
        ++t;
        if (const auto d = w.deadline(); d && t >= *d)
            apply(w.tick(t), {});
    }
    return o;
}

} // namespace

Q_DECLARE_METATYPE(QList<Stroke>)

class TestWedge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classifier_data()
    {
        QTest::addColumn<QList<Stroke>>("strokes");
        QTest::addColumn<QStringList>("scans");
        QTest::addColumn<QString>("typed");

        const QString id = QStringLiteral("11010519491231002X");
        QTest::newRow("gun, 4 ms, Enter suffix") << evenly(id + u'\n', 4) << QStringList{id} << QString();
        QTest::newRow("gun, 15 ms, no suffix") << evenly(id, 15) << QStringList{id} << QString();
        QTest::newRow("gun at its slowest setting, 28 ms") << evenly(id, 28) << QStringList{id} << QString();
        QTest::newRow("person, 120 ms") << evenly(QStringLiteral("zhang san\n"), 120) << QStringList{}
                                        << QStringLiteral("zhang san⏎");
        QTest::newRow("fast typist, 45 ms")
            << evenly(QStringLiteral("13800138000"), 45) << QStringList{} << QStringLiteral("13800138000");
        // Fast typists roll pairs of keys within 15–25 ms, but not six keys in a row.
        QList<Stroke> rolled;
        int i = 0;
        for (QChar c : QStringLiteral("the quick brown fox"))
            rolled.append({c, i++ % 2 ? 15 : 70});
        QTest::newRow("typist rolling words") << rolled << QStringList{} << QStringLiteral("the quick brown fox");
        QTest::newRow("five quick keys are typing")
            << evenly(QStringLiteral("12345"), 5) << QStringList{} << QStringLiteral("12345");
        QTest::newRow("six quick keys are a scan")
            << evenly(QStringLiteral("123456"), 5) << QStringList{QStringLiteral("123456")} << QString();
        // A person types, then fires the gun into the same field.
        QList<Stroke> mixed = evenly(QStringLiteral("ab"), 150);
        QList<Stroke> shot = evenly(id + u'\n', 5);
        shot.first().gapMs = 200;
        mixed += shot;
        mixed += evenly(QStringLiteral("c"), 300);
        QTest::newRow("typing, scan, typing") << mixed << QStringList{id} << QStringLiteral("abc");
        // Two codes back to back, separated only by the gun's pause.
        QList<Stroke> two = evenly(QStringLiteral("AAAAAAAA"), 3);
        QList<Stroke> second = evenly(QStringLiteral("BBBBBBBB"), 3);
        second.first().gapMs = 100;
        two += second;
        QTest::newRow("two scans") << two << QStringList{QStringLiteral("AAAAAAAA"), QStringLiteral("BBBBBBBB")}
                                   << QString();
        // A USB stall inside a scan (under the burst gap) does not split it.
        QList<Stroke> stall = evenly(id, 4);
        stall[9].gapMs = 50;
        QTest::newRow("stall inside a scan") << stall << QStringList{id} << QString();
        // Backspace ends an undecided run: the keys go to the field in order.
        QTest::newRow("backspace in a quick pair")
            << QList<Stroke>{{u'a', 100}, {u'b', 10}, {u'\b', 10}} << QStringList{} << QStringLiteral("ab⌫");
        QTest::newRow("person presses Enter alone")
            << evenly(QStringLiteral("\n"), 100) << QStringList{} << QStringLiteral("⏎");
    }

    void classifier()
    {
        QFETCH(QList<Stroke>, strokes);
        QFETCH(QStringList, scans);
        QFETCH(QString, typed);
        const Outcome o = run(strokes);
        QCOMPARE(o.scans, scans);
        QCOMPARE(o.typed, typed);
    }

    void maxLengthCutsARunawayBurst()
    {
        WedgeBurstClassifier::Config c;
        c.maxLength = 10;
        const Outcome o = run(evenly(QString(25, u'7'), 2), c);
        QCOMPARE(o.scans, (QStringList{QString(10, u'7'), QString(10, u'7'), QString(5, u'7')}));
        QVERIFY(o.typed.isEmpty());
    }

    void filterOnAWindow()
    {
        // A real window and real key events through the application's event filter.
        class RecordingWindow : public QWindow
        {
        public:
            QString typed;
            int releases = 0;

        protected:
            void keyPressEvent(QKeyEvent *e) override
            {
                typed += e->key() == Qt::Key_Return ? QStringLiteral("⏎") : e->text();
            }
            void keyReleaseEvent(QKeyEvent *) override { ++releases; }
        } window;

        qint64 now = 5000;
        ScannerGunFilter filter({}, [&now] { return now; });
        qApp->installEventFilter(&filter);
        QSignalSpy scanned(&filter, &ScannerGunFilter::scanned);
        QVERIFY(scanned.isValid());

        const auto key = [&](QChar c, int gap) {
            now += gap;
            filter.checkTimeout();
            const int code = c == u'\n' ? int(Qt::Key_Return) : int(c.toUpper().unicode());
            const QString text = c == u'\n' ? QStringLiteral("\r") : QString(c);
            QKeyEvent press(QEvent::KeyPress, code, Qt::NoModifier, text);
            QCoreApplication::sendEvent(&window, &press);
            now += 1;
            QKeyEvent release(QEvent::KeyRelease, code, Qt::NoModifier, text);
            QCoreApplication::sendEvent(&window, &release);
        };
        const auto settle = [&] {
            now += 1000;
            filter.checkTimeout();
        };

        for (QChar c : QStringLiteral("li si"))
            key(c, 150);
        settle();
        QCOMPARE(window.typed, QStringLiteral("li si"));
        QCOMPARE(window.releases, 5);
        QCOMPARE(scanned.count(), 0);

        for (QChar c : QStringLiteral("91350100M000100Y43\n"))
            key(c, 3);
        settle();
        QCOMPARE(scanned.count(), 1);
        QCOMPARE(scanned.at(0).at(0).toByteArray(), QByteArray("91350100M000100Y43"));
        // Nothing of the scan reached the field, not even the Enter that would submit a form.
        QCOMPARE(window.typed, QStringLiteral("li si"));
        QCOMPARE(window.releases, 5);

        // Disabled, the filter is transparent.
        filter.setEnabled(false);
        for (QChar c : QStringLiteral("123456"))
            key(c, 3);
        QCOMPARE(window.typed, QStringLiteral("li si123456"));
        qApp->removeEventFilter(&filter);
    }
};

QTEST_MAIN(TestWedge)
#include "tst_wedge.moc"
