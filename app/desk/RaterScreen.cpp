#include "RaterScreen.h"

#include "domain/Rating.h"
#include "store/Ratings.h"
#include "store/Store.h"
#include "sync/RatingSubmission.h"

#include <QGuiApplication>
#include <QLoggingCategory>
#include <QQmlComponent>
#include <QQuickWindow>
#include <QScreen>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

// The four offline aspects, in the order of the paper form.
struct Aspect
{
    const char *key;
    const char *label;
};
constexpr Aspect kAspects[4] = {
    {"overall", QT_TRANSLATE_NOOP("ow::RaterScreen", "Overall satisfaction")},
    {"efficiency", QT_TRANSLATE_NOOP("ow::RaterScreen", "Efficiency")},
    {"professionalism", QT_TRANSLATE_NOOP("ow::RaterScreen", "Professional skill")},
    {"attitude", QT_TRANSLATE_NOOP("ow::RaterScreen", "Attitude")},
};

} // namespace

RaterScreen::RaterScreen(QObject *parent)
    : QObject(parent)
{
    m_thanksTimer.setSingleShot(true);
    m_idleTimer.setSingleShot(true);
    setTimeouts(6000, 3 * 60 * 1000);
    connect(&m_thanksTimer, &QTimer::timeout, this, &RaterScreen::clear);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcDesk) << "rater: the citizen did not finish the rating; the screen is cleared";
        clear();
    });
}

RaterScreen::~RaterScreen() = default;

void RaterScreen::setTimeouts(int thanksMs, int idleMs)
{
    m_thanksTimer.setInterval(thanksMs);
    m_idleTimer.setInterval(idleMs);
}

QString RaterScreen::phase() const
{
    switch (m_phase) {
    case Phase::Idle:
        return QStringLiteral("idle");
    case Phase::Rate:
        return QStringLiteral("rate");
    case Phase::Thanks:
        return QStringLiteral("thanks");
    }
    return {};
}

QVariantList RaterScreen::levels() const
{
    QVariantList out;
    for (const Rating r : rating::all())
        out.append(QVariantMap{{QStringLiteral("key"), rating::key(r)},
                               {QStringLiteral("label"), rating::label(r)},
                               {QStringLiteral("bad"), rating::isBad(r)}});
    return out;
}

QVariantList RaterScreen::aspects() const
{
    QVariantList out;
    for (int i = 0; i < 4; ++i)
        out.append(QVariantMap{{QStringLiteral("key"), QLatin1String(kAspects[i].key)},
                               {QStringLiteral("label"), tr(kAspects[i].label)},
                               {QStringLiteral("score"), m_scores[i]}});
    return out;
}

bool RaterScreen::complete() const
{
    if (m_phase != Phase::Rate || m_level.isEmpty())
        return false;
    for (const int s : m_scores) {
        if (s < 1 || s > 5)
            return false;
    }
    return true;
}

bool RaterScreen::start(const QString &caseNumber)
{
    m_clerkMessage.clear();
    if (!m_store || caseNumber.isEmpty()) {
        m_clerkMessage = tr("There is no case to rate.");
        Q_EMIT changed();
        return false;
    }
    auto existing = m_store->ratings().forCase(caseNumber);
    if (!existing.ok()) {
        qCWarning(lcDesk) << "rater: rating of a case could not be read:" << existing.error().logDetail;
        m_clerkMessage = existing.error().userMessage;
        Q_EMIT changed();
        return false;
    }
    if (existing->has_value()) {
        m_clerkMessage = tr("Case %1 has been rated already. Each application is rated once.").arg(caseNumber);
        Q_EMIT changed();
        return false;
    }
    clear();
    m_caseNumber = caseNumber;
    m_phase = Phase::Rate;
    m_clerkMessage =
        shown() ? tr("The rating screen asks the citizen to rate case %1.").arg(caseNumber)
                : tr("Case %1 is ready to be rated; no rating screen is connected to this desk.").arg(caseNumber);
    m_idleTimer.start();
    qCInfo(lcDesk) << "rater: rating started for case" << caseNumber;
    Q_EMIT changed();
    return true;
}

void RaterScreen::chooseLevel(const QString &key)
{
    if (m_phase != Phase::Rate || !rating::fromKey(key))
        return;
    m_level = key;
    m_message.clear();
    m_idleTimer.start();
    Q_EMIT changed();
}

void RaterScreen::setScore(const QString &aspect, int score)
{
    if (m_phase != Phase::Rate || score < 1 || score > 5)
        return;
    for (int i = 0; i < 4; ++i) {
        if (aspect == QLatin1String(kAspects[i].key)) {
            m_scores[i] = score;
            m_message.clear();
            m_idleTimer.start();
            Q_EMIT changed();
            return;
        }
    }
}

bool RaterScreen::submit()
{
    if (m_phase != Phase::Rate || !m_store)
        return false;
    const auto level = rating::fromKey(m_level);
    if (!level || !complete()) {
        m_message = tr("Please choose how satisfied you are and rate each of the four aspects.");
        Q_EMIT changed();
        return false;
    }
    sync::RatingInput input;
    input.caseNumber = m_caseNumber;
    input.level = *level;
    input.channel = RatingChannel::Window;
    input.dimensions = protocol::RatingDimensions{m_scores[0], m_scores[1], m_scores[2], m_scores[3]};
    auto saved = sync::submitRating(*m_store, input, Actor{m_store->deviceId(), QStringLiteral("citizen")});
    if (!saved.ok()) {
        qCWarning(lcDesk) << "rater: rating not saved:" << saved.error().logDetail;
        m_message = tr("Your rating could not be saved. Please tell the clerk.");
        m_clerkMessage = saved.error().userMessage;
        Q_EMIT changed();
        return false;
    }
    const QString number = m_caseNumber;
    m_phase = Phase::Thanks;
    m_message.clear();
    m_clerkMessage = tr("Case %1 rated: %2.").arg(number, rating::label(*level));
    m_idleTimer.stop();
    m_thanksTimer.start();
    Q_EMIT changed();
    Q_EMIT rated(number, m_level);
    return true;
}

void RaterScreen::clear()
{
    m_thanksTimer.stop();
    m_idleTimer.stop();
    m_phase = Phase::Idle;
    m_caseNumber.clear();
    m_level.clear();
    for (int &s : m_scores)
        s = 0;
    m_message.clear();
    Q_EMIT changed();
}

QQuickWindow *RaterScreen::openWindow(QQmlEngine &engine)
{
    if (m_window)
        return m_window.get();
    QQmlComponent component(&engine, QUrl(QStringLiteral("qrc:/OneWindow/Desk/RaterWindow.qml")));
    QObject *created = component.create();
    auto *window = qobject_cast<QQuickWindow *>(created);
    if (!window) {
        qCWarning(lcDesk) << "rater: the rating window could not be made:" << component.errorString();
        delete created;
        return nullptr;
    }
    m_window.reset(window);
    const QList<QScreen *> screens = QGuiApplication::screens();
    if (screens.size() > 1) {
        // The citizen's side of the window: the second screen, all of it.
        window->setScreen(screens.at(1));
        window->setGeometry(screens.at(1)->geometry());
        window->showFullScreen();
    } else {
        window->resize(1280, 800);
        window->show();
    }
    qCInfo(lcDesk) << "rater: rating screen on" << (screens.size() > 1 ? "the second screen" : "a window");
    Q_EMIT shownChanged();
    Q_EMIT changed();
    return window;
}

} // namespace ow
