// Candidates for 6-letter Pinyin strings on the system dictionary, p50/p99 in ms: a fresh search
// (reset + the whole string) and typing it letter by letter (one search per key, as the keyboard
// does), each followed by reading the first candidate page. The baseline in the same process is
// reset + a 1-letter search + the same page. Also prints the time to open the dictionary.
#include "input/PinyinEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace ow;

namespace {

constexpr int kPage = 10;

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

double msSince(const QElapsedTimer &t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

void report(const char *what, const std::vector<double> &ms, double baseline50)
{
    const double p50 = percentile(ms, 0.50);
    std::printf("%-36s p50=%.3f ms p99=%.3f ms (%zu runs) ratio to baseline p50: %.1fx\n", what, p50,
                percentile(ms, 0.99), ms.size(), baseline50 > 0 ? p50 / baseline50 : 0.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int repeats = 51;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--repeats"))
            repeats = std::max(1, args[i + 1].toInt());
    }

    PinyinEngine engine;
    QElapsedTimer t;
    t.start();
    const Status opened = engine.open();
    const double openMs = msSince(t);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().logDetail));
        return 1;
    }

    const QStringList sixLetters = {
        QStringLiteral("zhongg"), QStringLiteral("beijin"), QStringLiteral("anhuis"), QStringLiteral("zhangs"),
        QStringLiteral("shangh"), QStringLiteral("wangxi"), QStringLiteral("liuyin"), QStringLiteral("chenji"),
        QStringLiteral("guangd"), QStringLiteral("xiangc"), QStringLiteral("shenfe"), QStringLiteral("huzhao"),
    };
    const QStringList oneLetter = {QStringLiteral("z"), QStringLiteral("b"), QStringLiteral("a"),
                                   QStringLiteral("s"), QStringLiteral("w"), QStringLiteral("l")};

    std::vector<double> baseline, cold, fresh, typed;
    qint64 shown = 0;
    for (int r = 0; r < repeats; ++r) {
        for (const QString &letters : oneLetter) {
            t.restart();
            engine.reset();
            engine.search(letters);
            shown += engine.candidates(0, kPage).size();
            baseline.push_back(msSince(t));
        }
        for (const QString &letters : sixLetters) {
            t.restart();
            engine.reset();
            engine.search(letters);
            shown += engine.candidates(0, kPage).size();
            // The library caches per-syllable lookups: the first pass is the cold one.
            (r == 0 ? cold : fresh).push_back(msSince(t));
        }
        for (const QString &letters : sixLetters) {
            engine.reset();
            t.restart();
            for (qsizetype n = 1; n <= letters.size(); ++n) {
                engine.search(letters.left(n));
                shown += engine.candidates(0, kPage).size();
            }
            typed.push_back(msSince(t));
        }
    }
    engine.reset();

    const double b50 = percentile(baseline, 0.50);
    std::printf("pinyin dictionary opened in %.1f ms; %lld candidates shown\n", openMs, shown);
    std::printf("%-36s p50=%.3f ms p99=%.3f ms (%zu runs)\n", "baseline: reset + 1 letter + page", b50,
                percentile(baseline, 0.99), baseline.size());
    std::printf("%-36s p50=%.3f ms max=%.3f ms (%zu strings)\n", "6 letters at once + page, cold",
                percentile(cold, 0.50), percentile(cold, 1.0), cold.size());
    report("6 letters at once + page", fresh, b50);
    report("6 letters typed one by one + pages", typed, b50);
    std::printf("goal: 6 letters p99 <= 20 ms\n");
    std::fflush(stdout);
    return 0;
}
