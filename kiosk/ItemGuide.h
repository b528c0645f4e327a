#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include <memory>

namespace ow {

class CatalogService;
struct ServiceItem;

// What a citizen should know before applying for one item (办事指南): who may apply, what to
// bring, what it costs, how long it takes and what happens next, in the citizen's language.
// Phrases that depend on the item's data ("free of charge", "within 15 working days") are
// composed here, so the screen only lays them out.
class ItemGuide : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("created by KioskSession")
    Q_PROPERTY(QString itemId READ itemId WRITE setItemId NOTIFY changed FINAL)
    Q_PROPERTY(bool valid READ valid NOTIFY changed FINAL)
    Q_PROPERTY(QString name READ name NOTIFY changed FINAL)
    Q_PROPERTY(QString department READ department NOTIFY changed FINAL)
    Q_PROPERTY(QStringList conditions READ conditions NOTIFY changed FINAL)
    Q_PROPERTY(QVariantList materials READ materials NOTIFY changed FINAL)
    Q_PROPERTY(QString fee READ fee NOTIFY changed FINAL)
    Q_PROPERTY(QString timeLimit READ timeLimit NOTIFY changed FINAL)
    Q_PROPERTY(QString visits READ visits NOTIFY changed FINAL)
    Q_PROPERTY(QVariantList steps READ steps NOTIFY changed FINAL)
    Q_PROPERTY(QString result READ result NOTIFY changed FINAL)
    Q_PROPERTY(bool canStart READ canStart NOTIFY changed FINAL)

public:
    explicit ItemGuide(CatalogService *catalog, QObject *parent = nullptr);

    QString itemId() const { return m_itemId; }
    void setItemId(const QString &id);
    bool valid() const { return m_item != nullptr; }
    QString name() const;
    QString department() const;
    QStringList conditions() const;
    // [{name, necessity, detail}]: necessity is "required", "conditional" or "optional";
    // detail says the copies and the notes.
    QVariantList materials() const;
    QString fee() const;
    QString timeLimit() const;
    QString visits() const;
    // [{step, who, limit}]
    QVariantList steps() const;
    QString result() const;
    // Suspended items are shown but cannot be started.
    bool canStart() const;

    Q_INVOKABLE void clear() { setItemId(QString()); }

Q_SIGNALS:
    void changed();

private:
    QString lang() const;

    CatalogService *m_catalog;
    QString m_itemId;
    std::shared_ptr<const ServiceItem> m_item;
};

} // namespace ow
