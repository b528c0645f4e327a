#pragma once

#include "Speaker.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace ow {

class HelpCall;
class KioskSession;

// The kiosk reads aloud: each screen's question when it comes up (and again in the new language
// when the citizen switches), each error shown to the citizen, and what was said last again on
// "再听一遍". Only fixed prompts and the controllers' messages are spoken, never an ID number or
// a name: a run of five or more digits is left out before anything reaches the speaker.
// The volume (0–100) is kept in the kiosk's configuration file. Without a speech engine, or
// without a Mandarin voice, the kiosk works silently and `status` says why (maintenance screen).
// Created in main() (or a test) with the session; QML reaches it as a singleton.
class Voice : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int volume READ volume WRITE setVolume NOTIFY volumeChanged FINAL)
    Q_PROPERTY(bool available READ available NOTIFY statusChanged FINAL)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged FINAL)
    Q_PROPERTY(bool canRepeat READ canRepeat NOTIFY spokenChanged FINAL)

public:
    static constexpr int DefaultVolume = 80;

    // `session` null: a voice that only speaks when asked (maintenance). `speaker` null: silent.
    Voice(KioskSession *session, std::unique_ptr<Speaker> speaker, QObject *parent = nullptr);
    ~Voice() override;

    static Voice *instance();
    static void setInstance(Voice *voice);
    static Voice *create(QQmlEngine *engine, QJSEngine *);

    // 呼叫帮办员: what the kiosk says about the helper (coming, or the hub out of reach) is read
    // when it changes.
    void setHelpCall(HelpCall *help);

    // The kiosk's configuration file (INI, `voice/volume`); the volume is read from it now and
    // written to it on every change.
    void setConfigFile(const QString &path);

    int volume() const { return m_volume; }
    void setVolume(int volume);
    // Whether the last check found a voice; true until checked (nothing is started early).
    bool available() const { return m_status.isEmpty() || m_available; }
    // Translated: the engine and voice in use, or why the kiosk is silent. Empty before check().
    QString status() const { return m_status; }
    bool canRepeat() const { return !m_lastSpoken.isEmpty(); }

    // The question of one screen (KioskSession's names), translated; empty for none.
    static QString promptFor(const QString &screen);
    // `text` without anything that could be personal data: runs of five or more digits (ASCII or
    // full width, an X included) are left out.
    static QString withoutPersonalData(const QString &text);

    // Speaks `text` (after withoutPersonalData) in the session's language.
    void say(const QString &text);
    // 再听一遍: what was said last (the screen's question, and the error after it), again.
    Q_INVOKABLE void readAgain();
    // Maintenance: asks the engine whether it can speak Mandarin (starting it) and updates status.
    Q_INVOKABLE void check();
    // Maintenance: a short sentence at the current volume.
    Q_INVOKABLE void testSpeech();
    Q_INVOKABLE void volumeUp() { setVolume(m_volume + 10); }
    Q_INVOKABLE void volumeDown() { setVolume(m_volume - 10); }

Q_SIGNALS:
    void volumeChanged();
    void statusChanged();
    void spokenChanged();

private:
    void speakScreen();
    void watchError(const QString &source, const QString &message);
    void speak(const QStringList &parts);
    QString language() const;

    QPointer<KioskSession> m_session;
    std::unique_ptr<Speaker> m_speaker;
    QString m_configFile;
    int m_volume = DefaultVolume;
    bool m_available = false;
    QString m_status;
    QTimer m_screenPrompt;            // the screen's question once the screen (and language) settled
    QStringList m_lastSpoken;         // for 再听一遍
    QHash<QString, QString> m_errors; // the error each controller shows now, to speak each once
    int m_helpState = 0;              // HelpCall::State last spoken
};

} // namespace ow
