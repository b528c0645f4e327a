#pragma once

#include "catalog/Catalog.h"
#include "domain/WorkingDayClock.h"

#include <QDate>
#include <QObject>
#include <QQmlEngine>

namespace ow {

class Clock;

// The loaded catalog, the region table and "today", shared by every form on screen. Created
// and filled in main() (or a test) before QML loads; QML reaches it as a singleton.
class CatalogService : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int itemCount READ itemCount NOTIFY catalogChanged FINAL)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged FINAL)

public:
    // No default constructor on purpose: Qt 6.4's QML engine default-constructs a singleton type
    // that has one (an empty service of its own) instead of calling create().
    explicit CatalogService(QObject *parent);

    static CatalogService *instance();
    static void setInstance(CatalogService *service);
    static CatalogService *create(QQmlEngine *, QJSEngine *);

    void setCatalog(Catalog catalog);
    const Catalog &catalog() const { return m_catalog; }
    void setClock(const Clock *clock) { m_clock = clock; }
    QDate today() const;

    int itemCount() const { return m_catalog.size(); }
    QString language() const { return m_language; }
    void setLanguage(const QString &language);

    // Items a citizen may apply for on this channel ("kiosk", "window"), for pickers.
    Q_INVOKABLE QVariantList items(const QString &channel) const;
    Q_INVOKABLE QVariantList regionChildren(const QString &parentCode) const;
    Q_INVOKABLE QString regionName(const QString &code) const;

Q_SIGNALS:
    void catalogChanged();
    void languageChanged();

private:
    Catalog m_catalog;
    const Clock *m_clock = nullptr;
    QString m_language = QStringLiteral("zh");
};

} // namespace ow
