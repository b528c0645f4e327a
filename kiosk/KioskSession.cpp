#include "KioskSession.h"

#include "ui/CatalogService.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKiosk, "ow.kiosk")

namespace ow {

namespace {
KioskSession *g_instance = nullptr;
const QString Chinese = QStringLiteral("zh_CN");
} // namespace

KioskSession::KioskSession(CatalogService *catalog, bool demo, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_demo(demo)
    , m_chooser(catalog)
    , m_guide(catalog)
{
    connect(&m_idle, &IdleWatch::timedOut, this, [this] {
        qCInfo(lcKiosk) << "visit ended after" << m_idle.timeoutSeconds() << "s without activity";
        wipe();
    });
    setLanguage(Chinese);
}

KioskSession::~KioskSession()
{
    QCoreApplication::removeTranslator(&m_translator);
    if (g_instance == this)
        g_instance = nullptr;
}

KioskSession *KioskSession::instance()
{
    return g_instance;
}

void KioskSession::setInstance(KioskSession *session)
{
    g_instance = session;
}

KioskSession *KioskSession::create(QQmlEngine *engine, QJSEngine *)
{
    Q_ASSERT_X(g_instance, "KioskSession", "create the session in main() before loading QML");
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    g_instance->setEngine(engine);
    return g_instance;
}

void KioskSession::setLanguage(const QString &language)
{
    const QString lang = language.startsWith(QLatin1String("en")) ? QStringLiteral("en") : Chinese;
    if (m_language == lang)
        return;
    m_language = lang;
    QCoreApplication::removeTranslator(&m_translator);
    if (m_translator.load(QStringLiteral(":/i18n/onewindow_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(&m_translator);
    else
        qCWarning(lcKiosk) << "no translation for" << lang;
    m_catalog->setLanguage(lang == Chinese ? QStringLiteral("zh") : QStringLiteral("en"));
    if (m_engine)
        m_engine->retranslate();
    Q_EMIT languageChanged();
    updateIdle();
}

void KioskSession::push(const QString &screen)
{
    if (m_stack.last() == screen)
        return;
    m_stack.append(screen);
    Q_EMIT screenChanged();
    updateIdle();
}

void KioskSession::openChooser()
{
    push(Choose);
}

void KioskSession::chooseItem(const QString &itemId)
{
    m_guide.setItemId(itemId);
    if (!m_guide.valid()) {
        qCWarning(lcKiosk) << "no item" << itemId;
        m_guide.clear();
        return;
    }
    push(Guide);
}

void KioskSession::startApplication()
{
    if (!m_guide.canStart())
        return;
    openFeature(QStringLiteral("identify"));
}

void KioskSession::openFeature(const QString &feature)
{
    const bool samePage = m_stack.last() == ComingSoon;
    m_pendingFeature = feature;
    push(ComingSoon);
    if (samePage)
        Q_EMIT screenChanged(); // the same page, another feature
}

void KioskSession::back()
{
    if (m_stack.size() < 2)
        return;
    const QString left = m_stack.takeLast();
    if (left == Guide)
        m_guide.clear();
    if (left == ComingSoon)
        m_pendingFeature.clear();
    if (m_stack.size() == 1)
        m_chooser.clear(); // home again: the next search starts afresh
    Q_EMIT screenChanged();
    updateIdle();
}

void KioskSession::goHome()
{
    m_chooser.clear();
    m_guide.clear();
    m_pendingFeature.clear();
    m_stack = QStringList{Home};
    Q_EMIT screenChanged();
    updateIdle();
}

void KioskSession::wipe()
{
    goHome();
    setLanguage(Chinese);
    Q_EMIT wiped();
}

void KioskSession::updateIdle()
{
    // A home screen in Chinese holds nothing of anyone: no countdown there.
    m_idle.setActive(m_stack.size() > 1 || m_language != Chinese);
}

} // namespace ow
