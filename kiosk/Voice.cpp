#include "Voice.h"

#include "HelpCall.h"
#include "KioskSession.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSettings>

Q_DECLARE_LOGGING_CATEGORY(lcVoice)

namespace ow {

namespace {

Voice *g_instance = nullptr;
const QString VolumeKey = QStringLiteral("voice/volume");

} // namespace

Voice::Voice(KioskSession *session, std::unique_ptr<Speaker> speaker, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_speaker(std::move(speaker))
{
    // A screen's question is spoken once the screen has settled: a visit that ends (wipe) goes
    // home and back to Chinese in one step, and nobody is there to hear the home screen then.
    m_screenPrompt.setSingleShot(true);
    m_screenPrompt.setInterval(0);
    connect(&m_screenPrompt, &QTimer::timeout, this, &Voice::speakScreen);
    if (!session)
        return;
    connect(session, &KioskSession::screenChanged, &m_screenPrompt, qOverload<>(&QTimer::start));
    connect(session, &KioskSession::languageChanged, &m_screenPrompt, qOverload<>(&QTimer::start));
    connect(session, &KioskSession::wiped, this, [this] {
        m_screenPrompt.stop();
        m_errors.clear();
        if (!m_lastSpoken.isEmpty()) {
            m_lastSpoken.clear();
            Q_EMIT spokenChanged();
        }
        if (m_speaker)
            m_speaker->stop();
    });
    // Every error a citizen is shown, as it appears.
    connect(session->identity(), &IdentityEntry::changed, this,
            [this] { watchError(QStringLiteral("identity"), m_session->identity()->problem()); });
    connect(session->materials(), &MaterialsStep::changed, this,
            [this] { watchError(QStringLiteral("materials"), m_session->materials()->problem()); });
    connect(session->progress(), &ProgressLookup::changed, this,
            [this] { watchError(QStringLiteral("progress"), m_session->progress()->error()); });
    connect(session, &KioskSession::submitErrorChanged, this,
            [this] { watchError(QStringLiteral("submit"), m_session->submitError()); });
    connect(session, &KioskSession::pickupChanged, this,
            [this] { watchError(QStringLiteral("pickup"), m_session->pickupError()); });
    connect(session->rating(), &RatingStep::changed, this,
            [this] { watchError(QStringLiteral("rating"), m_session->rating()->message()); });
    // The card reader's trouble matters only where a card is asked for.
    connect(session->cardReader(), &CardReaderControl::changed, this, [this] {
        watchError(QStringLiteral("cardReader"),
                   m_session->screen() == KioskSession::Identify ? m_session->cardReader()->message() : QString());
    });
    // Next on a form page with answers missing or wrong: the fields say what; this says where.
    const auto formProblems = [this] {
        const FormController *form = m_session->form();
        watchError(QStringLiteral("form"), form->showErrors() && form->problemCount() > 0
                                               ? tr("Some answers on this page need your attention: they are "
                                                    "marked in red.")
                                               : QString());
    };
    connect(session->form(), &FormController::showErrorsChanged, this, formProblems);
    connect(session->form(), &FormController::valuesChanged, this, formProblems);
}

void Voice::setHelpCall(HelpCall *help)
{
    connect(help, &HelpCall::changed, this, [this, help] {
        const int state = int(help->state());
        if (state == m_helpState)
            return;
        m_helpState = state;
        if (help->state() == HelpCall::State::Coming || help->state() == HelpCall::State::Offline)
            say(help->message());
    });
}

Voice::~Voice()
{
    if (g_instance == this)
        g_instance = nullptr;
}

Voice *Voice::instance()
{
    return g_instance;
}

void Voice::setInstance(Voice *voice)
{
    g_instance = voice;
}

Voice *Voice::create(QQmlEngine *engine, QJSEngine *)
{
    if (!g_instance) {
        // A shell loaded without a voice (some tests): a silent one, owned by the engine.
        auto *silent = new Voice(nullptr, nullptr);
        QQmlEngine::setObjectOwnership(silent, QQmlEngine::JavaScriptOwnership);
        Q_UNUSED(engine);
        return silent;
    }
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    return g_instance;
}

void Voice::setConfigFile(const QString &path)
{
    m_configFile = path;
    const QSettings config(path, QSettings::IniFormat);
    bool ok = false;
    const int stored = config.value(VolumeKey).toInt(&ok);
    const int volume = ok ? std::clamp(stored, 0, 100) : DefaultVolume;
    if (volume != m_volume) {
        m_volume = volume;
        Q_EMIT volumeChanged();
    }
}

void Voice::setVolume(int volume)
{
    volume = std::clamp(volume, 0, 100);
    if (volume == m_volume)
        return;
    m_volume = volume;
    if (!m_configFile.isEmpty()) {
        QSettings config(m_configFile, QSettings::IniFormat);
        config.setValue(VolumeKey, volume);
        config.sync();
        if (config.status() != QSettings::NoError)
            qCWarning(lcVoice) << "volume not saved to" << m_configFile << "status" << config.status();
    }
    qCInfo(lcVoice) << "volume" << volume;
    Q_EMIT volumeChanged();
}

QString Voice::promptFor(const QString &screen)
{
    if (screen == KioskSession::Home)
        return tr("Welcome. Tap what you would like to do, or call a helper.");
    if (screen == KioskSession::Choose)
        return tr("Which service do you need? Search by its name or choose it from the list.");
    if (screen == KioskSession::Guide)
        return tr("Here is what this service asks for. When you are ready, tap Start.");
    if (screen == KioskSession::ComingSoon)
        return tr("This is not available at the kiosk yet. Please ask at the service window.");
    if (screen == KioskSession::Identify)
        return tr("Please place your ID card on the reader, or type your ID number.");
    if (screen == KioskSession::Form)
        return tr("Please answer the questions on the screen, then tap Next.");
    if (screen == KioskSession::Materials)
        return tr("Please show each material to the camera, or show its electronic licence code.");
    if (screen == KioskSession::Review)
        return tr("Please check your answers. If something is wrong, go back and correct it.");
    if (screen == KioskSession::Consent)
        return tr("Please read what is collected and why. To send your application, tap Agree and submit.");
    if (screen == KioskSession::Receipt)
        return tr("Your application is submitted. Please take your receipt.");
    if (screen == KioskSession::Progress)
        return tr("Please hold the code on your receipt under the scanner.");
    if (screen == KioskSession::Pickup)
        return tr("Your answers are saved. Please take this code to the service window.");
    if (screen == KioskSession::Rating)
        return tr("How satisfied are you with this service? Please tap one of the buttons.");
    return {};
}

QString Voice::withoutPersonalData(const QString &text)
{
    // ID numbers, phone and bank card numbers: long runs of digits, possibly grouped by spaces or
    // hyphens, ASCII or full width, with the ID number's X. Shorter numbers (days, minutes) stay.
    static const QRegularExpression longNumber(QStringLiteral("[0-9０-９][0-9０-９ \\-]{3,}[0-9０-９Xx]"));
    QString out;
    qsizetype from = 0;
    for (auto it = longNumber.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        qsizetype digits = 0;
        for (const QChar c : m.capturedView())
            digits += c.isDigit() || c == QLatin1Char('X') || c == QLatin1Char('x') ? 1 : 0;
        if (digits < 5)
            continue;
        out += QStringView(text).mid(from, m.capturedStart() - from);
        from = m.capturedEnd();
    }
    out += QStringView(text).mid(from);
    return out.simplified();
}

QString Voice::language() const
{
    return m_session ? m_session->language() : QStringLiteral("zh_CN");
}

void Voice::speakScreen()
{
    if (!m_session)
        return;
    const QString prompt = promptFor(m_session->screen());
    if (prompt.isEmpty())
        return;
    speak({prompt});
}

void Voice::watchError(const QString &source, const QString &message)
{
    if (m_errors.value(source) == message)
        return;
    m_errors.insert(source, message);
    if (message.isEmpty())
        return;
    // Read after the screen's question: 再听一遍 repeats both.
    QStringList parts;
    if (m_session) {
        if (const QString prompt = promptFor(m_session->screen()); !prompt.isEmpty())
            parts.append(prompt);
    }
    parts.append(message);
    m_screenPrompt.stop(); // the question is in this utterance
    speak(parts);
}

void Voice::say(const QString &text)
{
    speak({text});
}

void Voice::speak(const QStringList &parts)
{
    QStringList clean;
    for (const QString &part : parts) {
        if (const QString c = withoutPersonalData(part); !c.isEmpty())
            clean.append(c);
    }
    if (clean.isEmpty())
        return;
    m_lastSpoken = clean;
    Q_EMIT spokenChanged();
    if (!m_speaker || m_volume == 0)
        return;
    m_speaker->say(clean.join(QLatin1Char(' ')), language(), m_volume / 100.0);
}

void Voice::readAgain()
{
    if (m_lastSpoken.isEmpty()) {
        speakScreen();
        return;
    }
    speak(m_lastSpoken);
}

void Voice::check()
{
    QString status;
    bool available = false;
    if (!m_speaker) {
        status = tr("Silent: this kiosk has no speech output.");
    } else if (const QString problem = m_speaker->problem(QStringLiteral("zh_CN")); !problem.isEmpty()) {
        status = tr("Silent: %1").arg(problem);
    } else {
        available = true;
        status = tr("Ready (%1)").arg(m_speaker->description());
    }
    if (status == m_status && available == m_available)
        return;
    m_status = status;
    m_available = available;
    Q_EMIT statusChanged();
}

void Voice::testSpeech()
{
    check();
    say(tr("This is the kiosk's voice at the volume now set."));
}

} // namespace ow
