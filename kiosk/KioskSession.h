#pragma once

#include "IdleWatch.h"
#include "ItemChooser.h"
#include "ItemGuide.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QStringList>
#include <QTranslator>

namespace ow {

class CatalogService;
class Clock;

// One citizen's visit at the kiosk: which screen is up, the item chosen, the language, and the
// idle watch that ends the visit when the citizen walks away. Ending a visit (wipe) clears
// every controller and returns to the home screen in Chinese, so nothing of one citizen is
// left for the next. Created in main() (or a test) before QML loads; QML reaches it as a
// singleton and only asks.
class KioskSession : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString screen READ screen NOTIFY screenChanged)
    Q_PROPERTY(bool canGoBack READ canGoBack NOTIFY screenChanged)
    Q_PROPERTY(QString pendingFeature READ pendingFeature NOTIFY screenChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool demo READ demo CONSTANT)
    Q_PROPERTY(ow::IdleWatch *idle READ idle CONSTANT)
    Q_PROPERTY(ow::ItemChooser *chooser READ chooser CONSTANT)
    Q_PROPERTY(ow::ItemGuide *guide READ guide CONSTANT)

public:
    // Screens, as QML names its pages.
    static inline const QString Home = QStringLiteral("home");
    static inline const QString Choose = QStringLiteral("choose");
    static inline const QString Guide = QStringLiteral("guide");
    static inline const QString ComingSoon = QStringLiteral("comingSoon");

    KioskSession(CatalogService *catalog, bool demo, QObject *parent = nullptr);
    ~KioskSession() override;

    static KioskSession *instance();
    static void setInstance(KioskSession *session);
    static KioskSession *create(QQmlEngine *engine, QJSEngine *);

    QString screen() const { return m_stack.last(); }
    bool canGoBack() const { return m_stack.size() > 1; }
    // On the "coming soon" page: which part of the visit is not there yet
    // ("identify", "progress", "rating", "helper").
    QString pendingFeature() const { return m_pendingFeature; }
    QString language() const { return m_language; }
    // "zh_CN" or "en"; anything else is Chinese.
    void setLanguage(const QString &language);
    bool demo() const { return m_demo; }
    IdleWatch *idle() { return &m_idle; }
    ItemChooser *chooser() { return &m_chooser; }
    ItemGuide *guide() { return &m_guide; }

    Q_INVOKABLE void openChooser();
    Q_INVOKABLE void chooseItem(const QString &itemId);
    // "开始办理" on the guide: identification and the form come next.
    Q_INVOKABLE void startApplication();
    Q_INVOKABLE void openFeature(const QString &feature);
    Q_INVOKABLE void back();
    // Back to the home screen, keeping the language: the citizen starts over.
    Q_INVOKABLE void goHome();
    // The citizen is done: the same as walking away.
    Q_INVOKABLE void finish() { wipe(); }
    // Ends the visit: every controller cleared, home screen, Chinese.
    void wipe();

    // Retranslates this engine's bindings when the language changes.
    void setEngine(QQmlEngine *engine) { m_engine = engine; }

Q_SIGNALS:
    void screenChanged();
    void languageChanged();
    void wiped();

private:
    void push(const QString &screen);
    void updateIdle();

    CatalogService *m_catalog;
    bool m_demo;
    IdleWatch m_idle;
    ItemChooser m_chooser;
    ItemGuide m_guide;
    QStringList m_stack{Home};
    QString m_pendingFeature;
    QString m_language;
    QTranslator m_translator;
    QPointer<QQmlEngine> m_engine;
};

} // namespace ow
