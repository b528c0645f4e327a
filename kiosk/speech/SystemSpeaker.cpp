// The speech plugin (libow_speech.so, Speaker.h): the kiosk's speaker on Qt TextToSpeech, the one
// place that includes it, loaded by makeSystemSpeaker() when the voice is first used.
#include "Speaker.h"

#include <QCoreApplication>
#include <QLocale>
#include <QLoggingCategory>
#include <QTextToSpeech>
#include <QVoice>

namespace ow {

namespace {

Q_LOGGING_CATEGORY(lcVoice, "ow.kiosk.voice")

QLocale localeOf(const QString &language)
{
    return language.startsWith(QLatin1String("en")) ? QLocale(QLocale::English, QLocale::UnitedStates)
                                                    : QLocale(QLocale::Chinese, QLocale::China);
}

class SystemSpeaker final : public Speaker
{
    Q_DECLARE_TR_FUNCTIONS(Voice)

public:
    QString problem(const QString &language) override
    {
        if (!start())
            return m_startProblem;
        if (!hasLocale(language)) {
            return language.startsWith(QLatin1String("en"))
                       ? tr("The speech engine %1 has no English voice.").arg(m_engineName)
                       : tr("The speech engine %1 has no Mandarin voice: install one (for example espeak-ng "
                            "with speech-dispatcher).")
                             .arg(m_engineName);
        }
        return {};
    }

    QString description() override
    {
        if (!start())
            return {};
        return QStringLiteral("%1: %2").arg(m_engineName, m_tts->voice().name());
    }

    void say(const QString &text, const QString &language, double volume) override
    {
        if (!start() || !hasLocale(language))
            return;
        const QLocale locale = localeOf(language);
        if (m_tts->locale().language() != locale.language())
            m_tts->setLocale(locale);
        m_tts->setVolume(volume);
        m_tts->say(text);
    }

    void stop() override
    {
        if (m_tts)
            m_tts->stop();
    }

private:
    bool hasLocale(const QString &language) const
    {
        const QLocale::Language wanted = localeOf(language).language();
        for (const QLocale &locale : m_locales) {
            if (locale.language() == wanted)
                return true;
        }
        return false;
    }

    // The engine, on first use: speech-dispatcher (which speaks Mandarin through espeak-ng and
    // others), else flite (English only). Tried once.
    bool start()
    {
        if (m_tried)
            return m_tts != nullptr;
        m_tried = true;
        const QStringList engines = QTextToSpeech::availableEngines();
        for (const QString &name : {QStringLiteral("speechd"), QStringLiteral("flite")}) {
            if (!engines.contains(name))
                continue;
            auto tts = std::make_unique<QTextToSpeech>(name);
            if (tts->state() == QTextToSpeech::Error) {
                qCWarning(lcVoice) << "speech engine" << name << "failed:" << tts->errorString();
                continue;
            }
            m_locales = tts->availableLocales();
            m_engineName = name;
            m_tts = std::move(tts);
            qCInfo(lcVoice) << "speech engine" << name << "with" << m_locales.size() << "languages";
            return true;
        }
        m_startProblem =
            engines.isEmpty()
                ? tr("No speech engine is installed (Qt TextToSpeech found none).")
                : tr("No speech engine could be started (tried: %1).").arg(engines.join(QStringLiteral(", ")));
        qCWarning(lcVoice) << "no speech engine; available:" << engines;
        return false;
    }

    bool m_tried = false;
    std::unique_ptr<QTextToSpeech> m_tts;
    QList<QLocale> m_locales;
    QString m_engineName;
    QString m_startProblem;
};

} // namespace

class SystemSpeakerPlugin : public QObject, public SpeakerPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID OW_SPEAKER_PLUGIN_IID)
    Q_INTERFACES(ow::SpeakerPlugin)

public:
    std::unique_ptr<Speaker> create() override { return std::make_unique<SystemSpeaker>(); }
};

} // namespace ow

#include "SystemSpeaker.moc"
