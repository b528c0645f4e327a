#include "scan/TrustStore.h"

#include "scan/CodeSigning.h"
#include "scan/PayloadFields.h"
#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow::scan {

using payloadFields::isIdentifier;

namespace {

Error trustError(const QString &detail)
{
    return makeError(ErrorCode::Corrupt,
                     ScanText::tr("The list of trusted code issuers is damaged; signed codes cannot be checked."),
                     detail);
}

} // namespace

Result<TrustStore> TrustStore::load(const QString &path, DemoIssuers demo)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound,
                         ScanText::tr("The list of trusted code issuers is missing; signed codes cannot be checked."),
                         QStringLiteral("trust file %1: %2").arg(path, f.errorString()));
    if (f.size() > 4 * 1024 * 1024)
        return trustError(QStringLiteral("trust file %1: implausible size").arg(path));
    return fromJson(f.readAll(), demo);
}

Result<TrustStore> TrustStore::fromJson(const QByteArray &json, DemoIssuers demo)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return trustError(QStringLiteral("trust file: JSON error at offset %1").arg(pe.offset));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String("onewindow-trust-1"))
        return trustError(QStringLiteral("trust file: unknown format"));
    TrustStore t;
    const QJsonArray issuers = root.value(QLatin1String("issuers")).toArray();
    for (qsizetype i = 0; i < issuers.size(); ++i) {
        const QJsonObject o = issuers.at(i).toObject();
        Issuer issuer;
        issuer.id = o.value(QLatin1String("id")).toString();
        issuer.name = o.value(QLatin1String("name")).toString();
        issuer.demo = o.value(QLatin1String("demo")).toBool(false);
        for (const QJsonValue &k : o.value(QLatin1String("publicKeys")).toArray()) {
            auto der = QByteArray::fromBase64Encoding(k.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!der)
                return trustError(QStringLiteral("trust file: issuer %1: key is not base64").arg(i));
            issuer.publicKeys.append(*der);
        }
        for (const QJsonValue &v : o.value(QLatin1String("licenceTypes")).toArray())
            issuer.licenceTypes.append(v.toString());
        if (issuer.demo && demo == DemoIssuers::Refuse)
            continue;
        if (auto st = t.addIssuer(std::move(issuer)); !st)
            return trustError(QStringLiteral("trust file: issuer %1: %2").arg(i).arg(st.error().logDetail));
    }
    const QJsonArray devices = root.value(QLatin1String("devices")).toArray();
    for (qsizetype i = 0; i < devices.size(); ++i) {
        const QJsonObject o = devices.at(i).toObject();
        auto der = QByteArray::fromBase64Encoding(o.value(QLatin1String("publicKey")).toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
        if (!der)
            return trustError(QStringLiteral("trust file: device %1: key is not base64").arg(i));
        if (auto st = t.addDevice(o.value(QLatin1String("id")).toString(), *der); !st)
            return trustError(QStringLiteral("trust file: device %1: %2").arg(i).arg(st.error().logDetail));
    }
    qCDebug(lcScan) << "trust store loaded:" << t.m_issuers.size() << "issuers," << t.m_devices.size() << "devices";
    return t;
}

Status TrustStore::addIssuer(Issuer issuer)
{
    if (!isIdentifier(issuer.id) || issuer.name.isEmpty() || issuer.publicKeys.isEmpty())
        return trustError(QStringLiteral("issuer: id, name and at least one key are required"));
    for (const QByteArray &k : issuer.publicKeys) {
        if (auto alg = codeSigning::publicKeyAlgorithm(k); !alg)
            return alg.error();
    }
    m_issuers.insert(issuer.id, std::move(issuer));
    return {};
}

Status TrustStore::addDevice(const QString &deviceId, const QByteArray &publicDer)
{
    if (!isIdentifier(deviceId))
        return trustError(QStringLiteral("device: malformed id"));
    if (auto alg = codeSigning::publicKeyAlgorithm(publicDer); !alg)
        return alg.error();
    m_devices[deviceId].append(publicDer);
    return {};
}

void TrustStore::merge(const TrustStore &other)
{
    for (auto it = other.m_issuers.cbegin(); it != other.m_issuers.cend(); ++it)
        m_issuers.insert(it.key(), it.value());
    for (auto it = other.m_devices.cbegin(); it != other.m_devices.cend(); ++it)
        m_devices[it.key()].append(it.value());
}

const TrustStore::Issuer *TrustStore::issuer(const QString &id) const
{
    const auto it = m_issuers.constFind(id);
    return it == m_issuers.constEnd() ? nullptr : &*it;
}

QList<QByteArray> TrustStore::deviceKeys(const QString &deviceId) const
{
    return m_devices.value(deviceId);
}

} // namespace ow::scan
