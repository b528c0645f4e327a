// The kiosk's voice, headless: a speaker double records what the voice asks to be said through a
// whole visit (each screen's question, the errors shown), 再听一遍, the volume kept in the config
// file, a kiosk without a Mandarin voice, and that no ID number or name is ever spoken. One real
// synthesis of a prompt to a WAV file with espeak-ng.
#include "KioskTestSupport.h"
#include "TestSupport.h"

#include "HelpCall.h"
#include "KioskSession.h"
#include "Speaker.h"
#include "Voice.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "ui/CatalogService.h"

#include <QDataStream>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <cmath>

using namespace ow;

namespace {

struct Spoken
{
    QString text;
    QString language;
    double volume = 0;
};

// Records what it is asked to say; `missing` makes it a speaker without a Mandarin voice.
class RecordingSpeaker final : public Speaker
{
public:
    explicit RecordingSpeaker(QList<Spoken> *log, QString missing = {})
        : m_log(log)
        , m_missing(std::move(missing))
    {}
    QString problem(const QString &) override { return m_missing; }
    QString description() override { return QStringLiteral("recorder"); }
    void say(const QString &text, const QString &language, double volume) override
    {
        if (m_missing.isEmpty())
            m_log->append({text, language, volume});
    }
    void stop() override { ++stops; }
    int stops = 0;

private:
    QList<Spoken> *m_log;
    QString m_missing;
};

const QString Applicant = QStringLiteral("王秀兰");

} // namespace

class TestVoice : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};

    static QStringList texts(const QList<Spoken> &log)
    {
        QStringList out;
        for (const Spoken &s : log)
            out.append(s.text);
        return out;
    }

    static bool saidContaining(const QList<Spoken> &log, const QString &part)
    {
        return std::any_of(log.cbegin(), log.cend(), [&](const Spoken &s) { return s.text.contains(part); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog);
    }

    void cleanupTestCase() { CatalogService::setInstance(nullptr); }

    // A whole visit to the receipt: each screen's question is asked for as the screen comes up,
    // the wrong check digit is read after the identify question, and nothing spoken carries the
    // ID number (in full or in part) or the applicant's name.
    void everyScreenAndErrorIsSpoken()
    {
        test::StoreFixture fixture;
        QVERIFY(fixture.reset());
        KioskSession session(&m_catalog, false);
        session.setClock(fixture.clock.get());
        session.setStore(fixture.store.get());
        QList<Spoken> log;
        Voice voice(&session, std::make_unique<RecordingSpeaker>(&log));

        QStringList screens;
        connect(&session, &KioskSession::screenChanged, this, [&] { screens.append(session.screen()); });
        const auto settle = [] { QCoreApplication::processEvents(); };

        session.openChooser();
        settle();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        settle();
        session.startApplication();
        settle();
        QCOMPARE(log.last().text, Voice::promptFor(KioskSession::Identify));
        QCOMPARE(log.last().language, QStringLiteral("zh_CN"));

        // A number with a wrong check digit: the question, then what is wrong.
        const QString good = test::idWithCheckDigit(QStringLiteral("34112519480302004"));
        QString wrong = good;
        wrong[17] = good[17] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        for (const QChar c : wrong)
            session.identity()->press(c);
        settle();
        QVERIFY(!session.identity()->problem().isEmpty());
        QCOMPARE(log.last().text,
                 Voice::promptFor(KioskSession::Identify) + QLatin1Char(' ') + session.identity()->problem());
        const int afterError = log.size();
        session.identity()->press(QStringLiteral("1")); // full: nothing changes, nothing said again
        settle();
        QCOMPARE(log.size(), afterError);
        session.identity()->backspace();
        session.identity()->press(good.at(17));
        QVERIFY(session.identity()->valid());
        session.confirmIdentity();
        settle();
        // Next with the page unanswered: where to look is said after the question.
        QVERIFY(!session.form()->next());
        settle();
        QVERIFY2(log.last().text.startsWith(Voice::promptFor(KioskSession::Form)) &&
                     log.last().text.size() > Voice::promptFor(KioskSession::Form).size(),
                 qPrintable(log.last().text));
        QVERIFY(test::answerForm(*session.form()));
        session.reviewForm();
        settle();
        if (session.screen() == KioskSession::Materials) {
            session.materials()->setCameraDir(QStringLiteral(":/demo-materials"));
            for (const QVariant &row : session.materials()->rows())
                session.materials()->capture(row.toMap().value(QStringLiteral("id")).toString());
            settle();
            session.confirmMaterials();
            settle();
        }
        session.openConsent();
        settle();
        session.agreeAndSubmit();
        settle();
        QCOMPARE(session.screen(), KioskSession::Receipt);

        // Every screen of the visit had its question spoken.
        QVERIFY(screens.contains(KioskSession::Materials));
        for (const QString &screen : std::as_const(screens)) {
            QVERIFY2(!Voice::promptFor(screen).isEmpty(), qPrintable(screen));
            QVERIFY2(saidContaining(log, Voice::promptFor(screen)), qPrintable(screen));
        }
        for (const QString &screen :
             {KioskSession::Choose, KioskSession::Guide, KioskSession::Identify, KioskSession::Form,
              KioskSession::Review, KioskSession::Consent, KioskSession::Receipt})
            QVERIFY2(screens.contains(screen), qPrintable(screen));

        // Nothing personal: not the number, not six of its digits in a row, not the name.
        const QRegularExpression digitRun(QStringLiteral("[0-9０-９]{5,}"));
        for (const Spoken &s : std::as_const(log)) {
            QVERIFY2(!s.text.contains(good.left(6)), qPrintable(s.text));
            QVERIFY2(!s.text.contains(Applicant), qPrintable(s.text));
            QVERIFY2(!s.text.contains(digitRun), qPrintable(s.text));
            QCOMPARE(s.volume, Voice::DefaultVolume / 100.0);
        }
        QVERIFY(log.size() >= screens.size());

        // The visit ends: speech stops, and the home screen after a wipe says nothing.
        const int beforeWipe = log.size();
        session.wipe();
        settle();
        QCOMPARE(log.size(), beforeWipe);
        QVERIFY(!voice.canRepeat());
    }

    // A submit refused (no store) is read after the consent question.
    void submitErrorIsSpoken()
    {
        KioskSession session(&m_catalog, false);
        QList<Spoken> log;
        Voice voice(&session, std::make_unique<RecordingSpeaker>(&log));
        session.openChooser();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        for (const QChar c : test::idWithCheckDigit(QStringLiteral("34112519480302004")))
            session.identity()->press(c);
        session.confirmIdentity();
        QVERIFY(test::answerForm(*session.form()));
        session.reviewForm();
        if (session.screen() == KioskSession::Materials) {
            session.materials()->setCameraDir(QStringLiteral(":/demo-materials"));
            for (const QVariant &row : session.materials()->rows())
                session.materials()->capture(row.toMap().value(QStringLiteral("id")).toString());
            session.confirmMaterials();
        }
        session.openConsent();
        QCoreApplication::processEvents();
        session.agreeAndSubmit(); // no store was ever set
        QCoreApplication::processEvents();
        QVERIFY(!session.submitError().isEmpty());
        QCOMPARE(log.last().text, Voice::promptFor(KioskSession::Consent) + QLatin1Char(' ') + session.submitError());
    }

    // 再听一遍 says the same again; switching language says the question in the new language.
    void readAgainRepeatsAndLanguageFollows()
    {
        KioskSession session(&m_catalog, false);
        QList<Spoken> log;
        Voice voice(&session, std::make_unique<RecordingSpeaker>(&log));
        QVERIFY(!voice.canRepeat());
        session.openFeature(QStringLiteral("progress"));
        QCoreApplication::processEvents();
        QCOMPARE(log.size(), 1);
        QVERIFY(voice.canRepeat());
        voice.readAgain();
        voice.readAgain();
        QCOMPARE(log.size(), 3);
        QCOMPARE(log.at(1).text, log.at(0).text);
        QCOMPARE(log.at(2).text, log.at(0).text);

        session.setLanguage(QStringLiteral("en"));
        QCoreApplication::processEvents();
        QCOMPARE(log.size(), 4);
        QCOMPARE(log.last().language, QStringLiteral("en"));
        QCOMPARE(log.last().text, QStringLiteral("Please hold the code on your receipt under the scanner."));
        QVERIFY(log.last().text != log.first().text);
        session.wipe();
        QCoreApplication::processEvents();
        QCOMPARE(log.size(), 4);
    }

    // The volume is kept in the kiosk's config file and read back by the next start.
    void volumePersists()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString config = dir.filePath(QStringLiteral("kiosk.conf"));
        QList<Spoken> log;
        {
            Voice voice(nullptr, std::make_unique<RecordingSpeaker>(&log));
            voice.setConfigFile(config);
            QCOMPARE(voice.volume(), Voice::DefaultVolume);
            voice.setVolume(35);
            voice.volumeDown();
            QCOMPARE(voice.volume(), 25);
            voice.setVolume(250);
            QCOMPARE(voice.volume(), 100);
            voice.setVolume(30);
        }
        QCOMPARE(QSettings(config, QSettings::IniFormat).value(QStringLiteral("voice/volume")).toInt(), 30);
        Voice again(nullptr, std::make_unique<RecordingSpeaker>(&log));
        again.setConfigFile(config);
        QCOMPARE(again.volume(), 30);
        again.say(QStringLiteral("测试"));
        QCOMPARE(log.last().volume, 0.30);
        // Volume 0 is silence, not an error.
        again.setVolume(0);
        again.say(QStringLiteral("测试"));
        QCOMPARE(log.size(), 1);
        // A damaged value falls back to the default.
        {
            QSettings damaged(config, QSettings::IniFormat);
            damaged.setValue(QStringLiteral("voice/volume"), QStringLiteral("loud"));
        }
        Voice third(nullptr, std::make_unique<RecordingSpeaker>(&log));
        third.setConfigFile(config);
        QCOMPARE(third.volume(), Voice::DefaultVolume);
    }

    // Without a Mandarin voice, or without any speech output, the visit goes on silently and the
    // maintenance screen's status says why.
    void silentWithoutMandarin()
    {
        KioskSession session(&m_catalog, false);
        QList<Spoken> log;
        const QString why = QStringLiteral("no Mandarin voice installed");
        Voice voice(&session, std::make_unique<RecordingSpeaker>(&log, why));
        QVERIFY(voice.status().isEmpty());
        voice.check();
        QVERIFY(!voice.available());
        QVERIFY2(voice.status().contains(why), qPrintable(voice.status()));
        session.openChooser();
        QCoreApplication::processEvents();
        QCOMPARE(session.screen(), KioskSession::Choose);
        QVERIFY(log.isEmpty());

        Voice none(&session, nullptr);
        none.check();
        QVERIFY(!none.available());
        QVERIFY(!none.status().isEmpty());
        none.readAgain(); // nothing to speak with: nothing happens
        session.back();
        QCoreApplication::processEvents();

        Voice ready(&session, std::make_unique<RecordingSpeaker>(&log));
        ready.check();
        QVERIFY(ready.available());
        QVERIFY2(ready.status().contains(QStringLiteral("recorder")), qPrintable(ready.status()));
    }

    // 呼叫帮办员 without a hub: the phone from the configuration is shown, what the kiosk says
    // about it is read aloud once, and a visit that ends takes the message away.
    void helpCallWithoutHubIsShownAndSpoken()
    {
        KioskSession session(&m_catalog, false);
        QList<Spoken> log;
        Voice voice(&session, std::make_unique<RecordingSpeaker>(&log));
        HelpCall help(&session);
        voice.setHelpCall(&help);
        help.setHelperPhone(QStringLiteral(" 0550-4021234 "));
        QVERIFY(!help.shown());
        QVERIFY(help.phone().isEmpty()); // only while the hub cannot be asked
        help.call();
        QVERIFY(help.shown());
        QCOMPARE(help.state(), HelpCall::State::Offline);
        QCOMPARE(help.phone(), QStringLiteral("0550-4021234"));
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.last().text, help.message());
        QVERIFY(!log.last().text.contains(QStringLiteral("4021234")));
        help.call(); // the same again: shown, not said twice
        QCOMPARE(log.size(), 1);
        help.dismiss();
        QVERIFY(!help.shown());
        help.call();
        session.wipe();
        QVERIFY(!help.shown());
        QCOMPARE(help.state(), HelpCall::State::Idle);
    }

    // The real speech engine on this machine: the maintenance screen's status names the engine
    // and voice, or says why the kiosk is silent (here, without speech-dispatcher, flite has no
    // Mandarin voice). Started only by the check, never before.
    void systemSpeakerSaysWhatItCan()
    {
        auto speaker = makeSystemSpeaker();
        const QString problem = speaker->problem(QStringLiteral("zh_CN"));
        const QString description = speaker->description();
        Voice voice(nullptr, makeSystemSpeaker());
        QVERIFY(voice.status().isEmpty());
        voice.check();
        qInfo("voice on this machine: %s", qPrintable(voice.status()));
        QCOMPARE(voice.available(), problem.isEmpty());
        if (problem.isEmpty()) {
            QVERIFY(!description.isEmpty());
            QVERIFY2(voice.status().contains(description), qPrintable(voice.status()));
        } else {
            QVERIFY2(voice.status().contains(problem), qPrintable(voice.status()));
        }
        voice.say(QStringLiteral("测试")); // silent or spoken, never a crash or a block
    }

    // A kiosk installed without its speech plugin (lib/onewindow/libow_speech.so, which alone
    // links Qt TextToSpeech): the maintenance screen says why it is silent, a log line says which
    // file did not load, and speaking is silence, never a crash.
    void missingSpeechPluginIsSaid()
    {
        const QByteArray installed = qgetenv("OW_PLUGIN_DIR");
        QVERIFY2(!installed.isEmpty(), "the tests run with OW_PLUGIN_DIR set to the built plugins' folder");
        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        qputenv("OW_PLUGIN_DIR", empty.path().toLocal8Bit());
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("^speech plugin .*/libow_speech\\.so did not load: ")));
        Voice voice(nullptr, makeSystemSpeaker());
        voice.check();
        voice.say(QStringLiteral("测试"));
        qputenv("OW_PLUGIN_DIR", installed);
        QVERIFY(!voice.available());
        QVERIFY2(voice.status().contains(QStringLiteral("the speech plugin is missing")), qPrintable(voice.status()));
        // With the plugin where the kiosk looks for it, the same check finds the system's speech.
        Voice found(nullptr, makeSystemSpeaker());
        found.check();
        QVERIFY2(!found.status().contains(QStringLiteral("the speech plugin is missing")), qPrintable(found.status()));
    }

    void personalDataLeftOut_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("spoken");
        QTest::newRow("id") << QStringLiteral("号码 34112519480302004X 不对") << QStringLiteral("号码 不对");
        QTest::newRow("grouped") << QStringLiteral("卡号 6230 5100 1234 5678 903。") << QStringLiteral("卡号 。");
        QTest::newRow("phone") << QStringLiteral("电话 139-0550-1234") << QStringLiteral("电话");
        QTest::newRow("full width") << QStringLiteral("号码３４１１２５１９") << QStringLiteral("号码");
        QTest::newRow("short stays") << QStringLiteral("5 个工作日，10 分钟前")
                                     << QStringLiteral("5 个工作日，10 分钟前");
        QTest::newRow("year stays") << QStringLiteral("2026 年") << QStringLiteral("2026 年");
    }

    void personalDataLeftOut()
    {
        QFETCH(QString, text);
        QFETCH(QString, spoken);
        QCOMPARE(Voice::withoutPersonalData(text), spoken);
    }

    // One real synthesis of the identify question to a file: Qt 6.4's QTextToSpeech cannot write
    // files, so the engine behind speech-dispatcher's Mandarin voice is run directly.
    void realSynthesisToWav()
    {
        const QString espeak = QStandardPaths::findExecutable(QStringLiteral("espeak-ng"));
        // scripts/setup installs it (scripts/debian-packages.txt): missing is a broken set-up, not a skip.
        QVERIFY2(!espeak.isEmpty(),
                 "espeak-ng is not installed (scripts/debian-packages.txt lists it; run scripts/setup)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString wav = dir.filePath(QStringLiteral("identify.wav"));
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&zh);
        const QString prompt = Voice::promptFor(KioskSession::Identify);
        QCoreApplication::removeTranslator(&zh);
        QVERIFY2(prompt.contains(QStringLiteral("身份证")), qPrintable(prompt));
        QProcess p;
        p.start(espeak, {QStringLiteral("-v"), QStringLiteral("cmn"), QStringLiteral("-w"), wav, prompt});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAllStandardError().constData());

        QFile f(wav);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.size() > 44);
        QCOMPARE(bytes.left(4), QByteArray("RIFF"));
        QCOMPARE(bytes.mid(8, 8), QByteArray("WAVEfmt "));
        QDataStream in(bytes);
        in.setByteOrder(QDataStream::LittleEndian);
        in.skipRawData(20);
        quint16 format = 0, channels = 0, blockAlign = 0, bits = 0;
        quint32 rate = 0, byteRate = 0;
        in >> format >> channels >> rate >> byteRate >> blockAlign >> bits;
        QCOMPARE(format, quint16(1)); // PCM
        QCOMPARE(channels, quint16(1));
        QCOMPARE(bits, quint16(16));
        QVERIFY(rate >= 8000);
        const qsizetype dataAt = bytes.indexOf("data", 36);
        QVERIFY(dataAt > 0);
        const QByteArray samples = bytes.mid(dataAt + 8);
        const double seconds = double(samples.size()) / (rate * 2);
        // Twenty syllables take well over a second to say, and the sound is not silence.
        QVERIFY2(seconds > 1.5 && seconds < 30, qPrintable(QString::number(seconds)));
        double sum = 0;
        const auto *pcm = reinterpret_cast<const qint16 *>(samples.constData());
        const qsizetype n = samples.size() / 2;
        for (qsizetype i = 0; i < n; ++i)
            sum += double(pcm[i]) * pcm[i];
        const double rms = std::sqrt(sum / double(n));
        QVERIFY2(rms > 300, qPrintable(QString::number(rms)));
        qInfo("espeak-ng: %.1f s of speech at %u Hz, RMS %.0f", seconds, rate, rms);
    }
};

QTEST_MAIN(TestVoice)
#include "tst_voice.moc"
