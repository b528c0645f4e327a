// makeSystemSpeaker(): the system's speaker from the speech plugin (kiosk/speech, on Qt
// TextToSpeech), loaded when the voice is first used, so that the kiosk starts without it.
#include "Speaker.h"

#include "ui/PluginPath.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPluginLoader>

#include <utility>

Q_LOGGING_CATEGORY(lcVoice, "ow.kiosk.voice")

namespace ow {

namespace {

constexpr auto kPluginFile = "libow_speech.so";

// The plugin's speaker, loaded on the first call that needs it (tried once).
class PluginSpeaker final : public Speaker
{
    Q_DECLARE_TR_FUNCTIONS(Voice)

public:
    QString problem(const QString &language) override
    {
        if (Speaker *speaker = loaded())
            return speaker->problem(language);
        return tr("Speech is not installed on this machine (the speech plugin is missing).");
    }

    QString description() override
    {
        Speaker *speaker = loaded();
        return speaker ? speaker->description() : QString();
    }

    void say(const QString &text, const QString &language, double volume) override
    {
        if (Speaker *speaker = loaded())
            speaker->say(text, language, volume);
    }

    void stop() override
    {
        if (m_speaker)
            m_speaker->stop();
    }

private:
    Speaker *loaded()
    {
        if (std::exchange(m_tried, true))
            return m_speaker.get();
        // Kept loaded for the life of the program (QPluginLoader does not unload on destruction).
        QPluginLoader loader(ui::pluginPath(kPluginFile));
        auto *plugin = qobject_cast<SpeakerPlugin *>(loader.instance());
        if (!plugin) {
            qCWarning(lcVoice).noquote() << "speech plugin" << ui::pluginPath(kPluginFile)
                                         << "did not load:" << loader.errorString();
            return nullptr;
        }
        m_speaker = plugin->create();
        return m_speaker.get();
    }

    bool m_tried = false;
    std::unique_ptr<Speaker> m_speaker;
};

} // namespace

std::unique_ptr<Speaker> makeSystemSpeaker()
{
    return std::make_unique<PluginSpeaker>();
}

} // namespace ow
