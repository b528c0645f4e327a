#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QVariantList>

#include <memory>

class QQuickWindow;

namespace ow {

class Store;

// The hall's 评价器: the citizen-facing rating screen the desk shows on a second monitor. The
// clerk starts a rating for the case just accepted or issued; the citizen chooses one of the five
// levels (GB/T 39734) and rates the four aspects (整体满意度, 服务效率, 服务水平, 服务态度); the
// rating is stored with channel "window" and queued for the county hub (sync::submitRating). The
// screen shows the case number only, thanks the citizen and then clears itself: nothing of the
// visit stays on it. A rating not finished in time is dropped the same way.
class RaterScreen : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by DeskSession")
    Q_PROPERTY(QString phase READ phase NOTIFY changed)           // "idle", "rate", "thanks"
    Q_PROPERTY(QString caseNumber READ caseNumber NOTIFY changed) // empty when idle
    Q_PROPERTY(QString level READ level NOTIFY changed)           // the chosen level's key, or empty
    Q_PROPERTY(QVariantList levels READ levels NOTIFY changed)    // {key, label, bad}, best first
    Q_PROPERTY(QVariantList aspects READ aspects NOTIFY changed)  // {key, label, score}
    Q_PROPERTY(bool complete READ complete NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)           // for the citizen
    Q_PROPERTY(QString clerkMessage READ clerkMessage NOTIFY changed) // for the clerk's page
    Q_PROPERTY(bool shown READ shown NOTIFY shownChanged)             // a 评价器 window is open

public:
    explicit RaterScreen(QObject *parent = nullptr);
    ~RaterScreen() override;

    void setStore(Store *store) { m_store = store; }
    // How long the thanks stay, and how long a rating may wait for the citizen.
    void setTimeouts(int thanksMs, int idleMs);

    QString phase() const;
    QString caseNumber() const { return m_caseNumber; }
    QString level() const { return m_level; }
    QVariantList levels() const;
    QVariantList aspects() const;
    bool complete() const;
    QString message() const { return m_message; }
    QString clerkMessage() const { return m_clerkMessage; }
    bool shown() const { return m_window != nullptr; }

    // The clerk asks the citizen to rate `caseNumber` (a case of this desk, not rated yet).
    Q_INVOKABLE bool start(const QString &caseNumber);
    Q_INVOKABLE void chooseLevel(const QString &key);
    Q_INVOKABLE void setScore(const QString &aspect, int score);
    Q_INVOKABLE bool submit();
    // Back to the idle screen; nothing of the visit stays.
    Q_INVOKABLE void clear();

    // Opens the 评价器 window (RaterWindow.qml) with `engine`: full screen on the second screen when
    // there is one, else an ordinary window. The window belongs to this object.
    QQuickWindow *openWindow(QQmlEngine &engine);

Q_SIGNALS:
    void changed();
    void shownChanged();
    // A rating was stored (and queued for the hub).
    void rated(const QString &caseNumber, const QString &level);

private:
    enum class Phase {
        Idle,
        Rate,
        Thanks,
    };

    Store *m_store = nullptr;
    Phase m_phase = Phase::Idle;
    QString m_caseNumber;
    QString m_level;
    int m_scores[4] = {0, 0, 0, 0};
    QString m_message;
    QString m_clerkMessage;
    QTimer m_thanksTimer;
    QTimer m_idleTimer;
    std::unique_ptr<QQuickWindow> m_window;
};

} // namespace ow
