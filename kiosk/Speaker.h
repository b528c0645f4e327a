#pragma once

#include <QString>
#include <QtPlugin>

#include <memory>

namespace ow {

// What the kiosk's voice speaks through: the system's text-to-speech (makeSystemSpeaker), or a
// test double that records what it was asked to say. Voice decides what is said and when.
class Speaker
{
public:
    virtual ~Speaker() = default;

    // Empty when a voice for `language` ("zh_CN" or "en") can speak; otherwise why not, translated,
    // for the maintenance screen. May start the speech engine (never before the first frame).
    virtual QString problem(const QString &language) = 0;
    // The engine and voice in use ("speechd: Mandarin"), for the maintenance screen; empty when none.
    virtual QString description() = 0;
    // Speaks `text` in `language` at `volume` (0.0–1.0), interrupting what is being said.
    virtual void say(const QString &text, const QString &language, double volume) = 0;
    virtual void stop() = 0;
};

// Qt TextToSpeech (speech-dispatcher, else flite). The engine is created on the first call, so
// the kiosk's start does not wait for it. The speaker on it lives in a plugin of ours
// (kiosk/speech, libow_speech.so), loaded on that first call too: the kiosk starts without
// Qt TextToSpeech. Without the plugin, problem() says speech is not installed and nothing is said.
std::unique_ptr<Speaker> makeSystemSpeaker();

// What the speech plugin offers: the system's speaker.
class SpeakerPlugin
{
public:
    virtual ~SpeakerPlugin() = default;
    virtual std::unique_ptr<Speaker> create() = 0;
};

} // namespace ow

#define OW_SPEAKER_PLUGIN_IID "org.onewindow.SpeakerPlugin/1.0"
Q_DECLARE_INTERFACE(ow::SpeakerPlugin, OW_SPEAKER_PLUGIN_IID)
