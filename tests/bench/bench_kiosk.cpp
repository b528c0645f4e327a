// The village kiosk against a bare Qt Quick window program (kiosk_baseline), in one run:
//  1. cold start to the interactive home screen: both programs launched alternately, offscreen,
//     the kiosk with --demo --windowed --portrait on a fresh data folder each time; wall time from
//     launch to their "ready" line (OW_REPORT_READY=1: first frame swapped), medians and ratio;
//  2. idle RSS of each, read from /proc/PID/status after it has settled, medians and ratio;
//  3. in this process, with the kiosk shell in an offscreen window that renders a frame after
//     every step: VISITS visits of 高龄津贴申领 (home → choose → guide → ID number typed →
//     form → review → consent → submit into an encrypted store → receipt → finish), driven
//     through KioskSession and FormController; RSS growth from visit WARMUP to visit VISITS;
//  4. the taps a citizen makes from the home screen to the receipt, by simulated clicks on the
//     shell's items, with the ID number typed on the keypad and with the (demo) ID card; and with
//     the card in elder mode, the tap on its home tile included.
// Figures are printed with their goals, never asserted. Exit 1 only when something broke: a
// program that does not start or report ready, a visit that does not reach its receipt.
#include "KioskSession.h"
#include "KioskStore.h"
#include "KioskTestSupport.h"

#include "scan/IdCardReader.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "common/DataPaths.h"
#include "domain/IdNumber.h"
#include "store/Repositories.h"
#include "ui/CatalogService.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cstdio>
#include <vector>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;
using ow::test::findVisible;

namespace {

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

const char *verdict(bool met)
{
    return met ? "met" : "NOT met";
}

// VmRSS of a process in KB, or -1.
double rssKb(const QString &pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble();
    }
    return -1;
}

struct Launch
{
    double readyMs = 0;    // wall time from launch to the ready line
    double reportedMs = 0; // what the program printed (from the start of its main())
    double rssKb = 0;      // after settling
    QString error;
};

// Starts `program`, waits for its "ready MS" line, lets it settle, reads its RSS and stops it.
Launch launch(const QString &program, const QStringList &arguments, int settleMs)
{
    Launch out;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("OW_REPORT_READY"), QStringLiteral("1"));
    process.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        out.error = QStringLiteral("%1 did not start: %2").arg(program, process.errorString());
        return out;
    }
    QByteArray output;
    QByteArray readyLine;
    while (readyLine.isEmpty()) {
        if (!process.waitForReadyRead(60000)) {
            out.error = QStringLiteral("%1 reported no ready line (%2): %3")
                            .arg(program, process.errorString(),
                                 QString::fromLocal8Bit(process.readAllStandardError().right(2000)));
            process.kill();
            process.waitForFinished();
            return out;
        }
        output += process.readAllStandardOutput();
        for (const QByteArray &line : output.split('\n')) {
            if (line.startsWith("ready ") && output.contains(line + '\n'))
                readyLine = line;
        }
    }
    out.readyMs = double(timer.nsecsElapsed()) / 1e6;
    out.reportedMs = readyLine.mid(6).toDouble();
    QThread::msleep(static_cast<unsigned long>(settleMs));
    out.rssKb = rssKb(QString::number(process.processId()));
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished();
    }
    if (out.rssKb < 0)
        out.error = QStringLiteral("could not read the RSS of %1").arg(program);
    return out;
}

// The visible item called `name`, searched depth-first.

// The kiosk shell in an offscreen window on a demo session, over a temporary encrypted store.
class KioskRig
{
public:
    KioskRig(CatalogService *catalog, const QString &dataDir)
        : m_session(catalog, true)
    {
        m_store = KioskStore::open(dataDir, m_clock);
        m_session.setClock(&m_clock);
        m_session.setStore(m_store.store.get(), m_store.problem);
        // As main() sets up demo mode: the simulated card reader and the demonstration camera.
        m_session.materials()->setCameraDir(QStringLiteral(":/demo-materials"));
        if (m_session.cardReader()->openSimulator())
            m_session.cardReader()->reader()->setPollIntervalMs(20);
        KioskSession::setInstance(&m_session);
        qApp->installEventFilter(m_session.idle());
        m_view.setResizeMode(QQuickView::SizeRootObjectToView);
        m_view.engine()->addImportPath(QStringLiteral("qrc:/"));
        QObject::connect(&m_view, &QQuickWindow::frameSwapped, &m_view, [this] { ++m_frames; });
        m_view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        m_view.resize(1080, 1920);
        m_view.show();
    }

    ~KioskRig()
    {
        qApp->removeEventFilter(m_session.idle());
        KioskSession::setInstance(nullptr);
    }

    QString problem()
    {
        if (!m_store.store)
            return QStringLiteral("the kiosk store did not open: ") + m_store.problem;
        if (m_view.status() != QQuickView::Ready)
            return QStringLiteral("the kiosk shell did not load");
        if (!QTest::qWaitForWindowExposed(&m_view))
            return QStringLiteral("the kiosk window was not exposed");
        return {};
    }

    KioskSession &session() { return m_session; }
    qint64 storedCases() { return m_store.store->cases().count().value(); }

    // Renders one frame of what is on screen now.
    bool frame()
    {
        const int before = m_frames;
        m_view.update();
        return QTest::qWaitFor([&] { return m_frames > before; }, 5000);
    }

    // Taps the visible item `name` in its middle, as a finger would, and renders the result.
    bool tap(const QString &name)
    {
        QQuickItem *item = findVisible(m_view.rootObject(), name);
        if (!item) {
            std::fprintf(stderr, "nothing visible is called %s on screen %s\n", qPrintable(name),
                         qPrintable(m_session.screen()));
            return false;
        }
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        if (!QRectF(QPointF(0, 0), m_view.size()).contains(centre)) {
            std::fprintf(stderr, "%s is off screen\n", qPrintable(name));
            return false;
        }
        QTest::mouseClick(&m_view, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        ++m_taps;
        return frame();
    }

    bool onScreen(const QString &name) { return findVisible(m_view.rootObject(), name) != nullptr; }
    int taps() const { return m_taps; }
    void resetTaps() { m_taps = 0; }

    // Answers every empty visible field of the form's current page as an elderly applicant would,
    // through the controller; returns how many answers were given.
    int answerPage() { return test::answerPage(*m_session.form()); }

private:
    ManualClock m_clock{QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)};
    KioskStore m_store;
    KioskSession m_session;
    QQuickView m_view;
    int m_frames = 0;
    int m_taps = 0;
};

const QString ItemId = QStringLiteral("elderly-allowance");

// A made-up ID number with a valid check digit (Dingyuan county, born 1948-03-02).
QString typedIdNumber()
{
    const QString first17 = QStringLiteral("34112519480302004");
    return first17 + idNumber::checkDigit(first17);
}

// One visit through the session's and the form's API, a frame rendered after every step.
// Empty when it reached its receipt and the home screen again; else what went wrong.
QString visitByApi(KioskRig &rig)
{
    KioskSession &s = rig.session();
    const auto step = [&](const QString &expected) {
        if (!rig.frame())
            return QStringLiteral("no frame on screen %1").arg(s.screen());
        return s.screen() == expected ? QString()
                                      : QStringLiteral("on screen %1 instead of %2").arg(s.screen(), expected);
    };
    QString problem;
    s.openChooser();
    if (!(problem = step(KioskSession::Choose)).isEmpty())
        return problem;
    s.chooseItem(ItemId);
    if (!(problem = step(KioskSession::Guide)).isEmpty())
        return problem;
    s.startApplication();
    if (!(problem = step(KioskSession::Identify)).isEmpty())
        return problem;
    for (const QChar c : typedIdNumber()) {
        if (!s.identity()->press(c))
            return QStringLiteral("the keypad refused a key");
    }
    if (!(problem = step(KioskSession::Identify)).isEmpty())
        return problem;
    s.confirmIdentity();
    if (!(problem = step(KioskSession::Form)).isEmpty())
        return problem;
    bool done = false;
    for (int page = 0; page < 12 && !done; ++page) {
        rig.answerPage();
        done = s.form()->next();
        if (!(problem = step(KioskSession::Form)).isEmpty())
            return problem;
    }
    if (!done)
        return QStringLiteral("the form did not finish");
    s.reviewForm();
    if (s.screen() == KioskSession::Materials) {
        for (const QVariant &v : s.materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("required")).toBool() &&
                row.value(QStringLiteral("state")).toString() == QLatin1String("missing"))
                s.materials()->capture(row.value(QStringLiteral("id")).toString());
        }
        s.confirmMaterials();
    }
    if (!(problem = step(KioskSession::Review)).isEmpty())
        return problem;
    s.openConsent();
    if (!(problem = step(KioskSession::Consent)).isEmpty())
        return problem;
    s.agreeAndSubmit();
    if (!(problem = step(KioskSession::Receipt)).isEmpty())
        return problem + QStringLiteral(" (") + s.submitError() + QLatin1Char(')');
    s.finish();
    return step(KioskSession::Home);
}

struct TapCount
{
    int toReceipt = -1; // taps from the home screen to the receipt
    int answers = 0;    // answers given on the form (through the controller, not counted as taps)
    bool searched = false;
};

// One visit by taps from the home screen; the ID number on the keypad, or the demo card; in
// elder mode, switched on by its home tile (that tap counted), one question per form page.
TapCount visitByTaps(KioskRig &rig, bool card, bool elder = false)
{
    TapCount out;
    KioskSession &s = rig.session();
    rig.resetTaps();
    if (elder && (!rig.tap(QStringLiteral("tile:elder")) || !s.elder()))
        return out;
    if (!rig.tap(QStringLiteral("tile:apply")))
        return out;
    if (!rig.onScreen(QStringLiteral("item:") + ItemId)) {
        // Not in the list as it opens: the citizen would search. Typing is not counted here.
        out.searched = true;
        if (!rig.tap(QStringLiteral("searchField")))
            return out;
        s.chooser()->setQuery(QStringLiteral("高龄"));
        rig.frame();
    }
    if (!rig.tap(QStringLiteral("item:") + ItemId) || !rig.tap(QStringLiteral("startButton")))
        return out;
    if (card) {
        // The card on the (simulated) reader: read through its pseudo-terminal.
        // A valid card needs no further tap: the form follows by itself.
        if (!rig.tap(QStringLiteral("demoCardButton")) ||
            !QTest::qWaitFor([&s] { return s.screen() == KioskSession::Form; }, 10000))
            return out;
        rig.frame();
    } else {
        for (const QChar c : typedIdNumber()) {
            if (!rig.tap(QStringLiteral("key:") + c))
                return out;
        }
        if (!rig.tap(QStringLiteral("identifyContinueButton")))
            return out;
    }
    if (s.screen() != KioskSession::Form)
        return out;
    for (int page = 0; page < 40 && s.screen() == KioskSession::Form; ++page) {
        const int before = s.form()->currentPage();
        out.answers += rig.answerPage();
        // In elder mode a choice alone on its page moves on by itself: no Next tap then.
        if (elder && QTest::qWaitFor([&] { return s.form()->currentPage() != before; }, 1500) && rig.frame())
            continue;
        if (!rig.tap(QStringLiteral("nextButton")))
            return out;
    }
    if (s.screen() == KioskSession::Materials) {
        // A picture of each required material still missing (the card read counts as the ID card).
        for (const QVariant &v : s.materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("required")).toBool() &&
                row.value(QStringLiteral("state")).toString() == QLatin1String("missing") &&
                !rig.tap(QStringLiteral("capture:") + row.value(QStringLiteral("id")).toString()))
                return out;
        }
        // In elder mode the review follows the last material by itself.
        const bool byItself =
            elder && QTest::qWaitFor([&] { return s.screen() != KioskSession::Materials; }, 3000) && rig.frame();
        if (!byItself && !rig.tap(QStringLiteral("materialsContinueButton")))
            return out;
    }
    if (s.screen() != KioskSession::Review || !rig.tap(QStringLiteral("reviewConfirmButton")) ||
        !rig.tap(QStringLiteral("agreeSubmitButton")) || s.screen() != KioskSession::Receipt)
        return out;
    out.toReceipt = rig.taps();
    if (!rig.tap(QStringLiteral("finishButton")) || s.screen() != KioskSession::Home || s.elder())
        out.toReceipt = -1; // the end of the visit returns to the usual mode too
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Launches of each program."),
                                        QStringLiteral("N"), QStringLiteral("7"));
    const QCommandLineOption visitsOption(QStringLiteral("visits"), QStringLiteral("Automated visits."),
                                          QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
                                          QStringLiteral("Visits before the first RSS reading."), QStringLiteral("N"),
                                          QStringLiteral("100"));
    const QCommandLineOption settleOption(QStringLiteral("settle-ms"),
                                          QStringLiteral("Wait after ready before reading the RSS."),
                                          QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption kioskOption(QStringLiteral("kiosk"), QStringLiteral("The kiosk program."),
                                         QStringLiteral("PATH"), QStringLiteral(OW_KIOSK_PROGRAM));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"), QStringLiteral("The baseline program."),
                                            QStringLiteral("PATH"), QStringLiteral(OW_BASELINE_PROGRAM));
    parser.addOptions({runsOption, visitsOption, warmupOption, settleOption, kioskOption, baselineOption});
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const int visits = std::max(1, parser.value(visitsOption).toInt());
    const int warmup = std::clamp(parser.value(warmupOption).toInt(), 0, visits - 1);
    const int settleMs = std::max(0, parser.value(settleOption).toInt());
    bool broken = false;

    // 1 and 2: the two programs, launched alternately.
    std::vector<double> kioskReady, baseReady, kioskRss, baseRss, kioskReported, baseReported;
    for (int i = 0; i < runs && !broken; ++i) {
        QTemporaryDir data;
        const Launch base = launch(parser.value(baselineOption), {}, settleMs);
        const Launch kiosk = launch(parser.value(kioskOption),
                                    {QStringLiteral("--demo"), QStringLiteral("--windowed"),
                                     QStringLiteral("--portrait"), QStringLiteral("--data"), data.path()},
                                    settleMs);
        for (const Launch *l : {&base, &kiosk}) {
            if (!l->error.isEmpty()) {
                std::fprintf(stderr, "FAILED: %s\n", qPrintable(l->error));
                broken = true;
            }
        }
        baseReady.push_back(base.readyMs);
        kioskReady.push_back(kiosk.readyMs);
        baseReported.push_back(base.reportedMs);
        kioskReported.push_back(kiosk.reportedMs);
        baseRss.push_back(base.rssKb);
        kioskRss.push_back(kiosk.rssKb);
    }
    if (broken)
        return 1;
    const double startRatio = median(kioskReady) / median(baseReady);
    std::printf("cold start to interactive home (offscreen, launch to first frame; median of %d each): kiosk %.0f ms "
                "(main() to frame %.0f ms), bare Qt Quick window %.0f ms (%.0f ms)\n",
                runs, median(kioskReady), median(kioskReported), median(baseReady), median(baseReported));
    std::printf("ratio start kiosk/baseline = %.2f (goal <= 1.3: %s)\n", startRatio, verdict(startRatio <= 1.3));
    const double rssRatio = median(kioskRss) / median(baseRss);
    std::printf("idle RSS %.1f s after ready (median of %d each): kiosk %.1f MB, bare Qt Quick window %.1f MB\n",
                settleMs / 1000.0, runs, median(kioskRss) / 1024, median(baseRss) / 1024);
    std::printf("ratio idle RSS kiosk/baseline = %.2f (goal <= 1.5: %s)\n", rssRatio, verdict(rssRatio <= 1.5));
    std::fflush(stdout);

    // 3 and 4: the shell in this process.
    const CatalogLoad load = CatalogLoader::loadDirectory(dataPaths::formsDir({}));
    if (!load.catalog.item(ItemId)) {
        std::fprintf(stderr, "FAILED: the catalog has no %s\n", qPrintable(ItemId));
        return 1;
    }
    CatalogService catalog{nullptr};
    catalog.setCatalog(load.catalog);
    CatalogService::setInstance(&catalog);
    QTemporaryDir dataDir;
    int code = 0;
    {
        KioskRig rig(&catalog, dataDir.path());
        if (const QString problem = rig.problem(); !problem.isEmpty()) {
            std::fprintf(stderr, "FAILED: %s\n", qPrintable(problem));
            return 1;
        }
        const qint64 before = rig.storedCases();
        double rssAtWarmup = 0;
        QElapsedTimer timer;
        timer.start();
        for (int v = 1; v <= visits; ++v) {
            if (const QString problem = visitByApi(rig); !problem.isEmpty()) {
                std::fprintf(stderr, "FAILED: visit %d: %s\n", v, qPrintable(problem));
                return 1;
            }
            if (v == warmup)
                rssAtWarmup = rssKb(QStringLiteral("self"));
            if (warmup == 0 && v == 1)
                rssAtWarmup = rssKb(QStringLiteral("self"));
        }
        const double seconds = double(timer.elapsed()) / 1000;
        const double rssAtEnd = rssKb(QStringLiteral("self"));
        if (rig.storedCases() - before != visits) {
            std::fprintf(stderr, "FAILED: %lld cases stored for %d visits\n", rig.storedCases() - before, visits);
            return 1;
        }
        const double growthMb = (rssAtEnd - rssAtWarmup) / 1024;
        std::printf("%d visits of 高龄津贴申领 in %.1f s (%.0f ms each; session and form API, ID number typed, "
                    "submitted into SQLCipher, a frame rendered after every step, 1080x1920 offscreen)\n",
                    visits, seconds, seconds * 1000 / visits);
        std::printf("RSS at visit %d %.1f MB, at visit %d %.1f MB: growth %.2f MB (goal < 5 MB: %s)\n", warmup,
                    rssAtWarmup / 1024, visits, rssAtEnd / 1024, growthMb, verdict(growthMb < 5));
        std::fflush(stdout);

        const TapCount keypad = visitByTaps(rig, false);
        const TapCount demoCard = visitByTaps(rig, true);
        const TapCount elderCard = visitByTaps(rig, true, true);
        if (keypad.toReceipt < 0 || demoCard.toReceipt < 0 || elderCard.toReceipt < 0) {
            std::fprintf(stderr, "FAILED: a visit by taps did not reach its receipt and the home screen\n");
            code = 1;
        } else {
            const int cardTaps = demoCard.toReceipt - 1; // a card on the reader needs no tap
            std::printf("taps from home to the receipt of 高龄津贴申领%s (the form's answers given through the "
                        "controller, counted apart; the final 完成 tap not counted):\n",
                        keypad.searched ? " (after a search, typing not counted)" : "");
            std::printf("  ID number typed on the keypad: %d taps + %d answers\n", keypad.toReceipt, keypad.answers);
            std::printf("  card on the reader (read through the simulated GA 467 reader; the demo card button stands "
                        "for laying the card down and is not counted): %d taps + %d answers\n",
                        cardTaps, demoCard.answers);
            std::printf("taps with a card on the reader = %d buttons (goal <= 12: %s); with one more tap per "
                        "answer >= %d (goal <= 12: %s)\n",
                        cardTaps, verdict(cardTaps <= 12), cardTaps + demoCard.answers,
                        verdict(cardTaps + demoCard.answers <= 12));
            const int elderTaps = elderCard.toReceipt - 1;
            std::printf("elder mode (the 长辈模式 tile tapped first%s; one question per form page): card on the reader "
                        "= %d buttons + %d answers (goal <= 12: %s; %+d against the usual mode in this run)\n",
                        elderCard.searched ? ", after a search" : "", elderTaps, elderCard.answers,
                        verdict(elderTaps <= 12), elderTaps - cardTaps);
        }
    }
    CatalogService::setInstance(nullptr);
    return code;
}
