#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace ow::scan {

// Who may sign the codes OneWindow accepts. Licence issuers ship with the catalog
// (forms/trust/issuers.json); device keys come from the hub (every enrolled device of the county
// signs its own receipts and pickup codes) and are added at run time.
class TrustStore
{
public:
    struct Issuer
    {
        QString id;
        QString name;
        QList<QByteArray> publicKeys; // DER SubjectPublicKeyInfo; several during a key rollover
        QStringList licenceTypes;     // empty: any type
        bool demo = false;
    };

    enum class DemoIssuers { Refuse, Accept };

    // Reads a trust file. Demo issuers (test keys that ship for the demo) are skipped unless asked.
    static Result<TrustStore> load(const QString &path, DemoIssuers demo = DemoIssuers::Refuse);
    static Result<TrustStore> fromJson(const QByteArray &json, DemoIssuers demo = DemoIssuers::Refuse);

    Status addIssuer(Issuer issuer);
    Status addDevice(const QString &deviceId, const QByteArray &publicDer);
    // Adds the other store's issuers (replacing those with the same id) and device keys.
    void merge(const TrustStore &other);

    const Issuer *issuer(const QString &id) const;
    QList<QByteArray> deviceKeys(const QString &deviceId) const;
    qsizetype issuerCount() const { return m_issuers.size(); }

private:
    QHash<QString, Issuer> m_issuers;
    QHash<QString, QList<QByteArray>> m_devices;
};

} // namespace ow::scan
