#include "crypto/Suite.h"

#include "crypto/Digest.h"

#include <openssl/evp.h>

namespace ow::crypto {

QString suiteName(Suite suite)
{
    return suite == Suite::Gm ? QStringLiteral("gm") : QStringLiteral("intl");
}

std::optional<Suite> parseSuite(const QString &name)
{
    if (name == QLatin1String("gm"))
        return Suite::Gm;
    if (name == QLatin1String("intl"))
        return Suite::Intl;
    return std::nullopt;
}

QByteArray sha256(const QByteArray &data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (EVP_Digest(data.constData(), static_cast<size_t>(data.size()), reinterpret_cast<unsigned char *>(out.data()),
                   &len, EVP_sha256(), nullptr) != 1 ||
        len != 32)
        qFatal("SHA-256 unavailable in this OpenSSL build");
    return out;
}

QByteArray suiteDigest(Suite suite, const QByteArray &data)
{
    return suite == Suite::Gm ? sm3(data) : sha256(data);
}

QByteArray suiteDigestHex(Suite suite, const QByteArray &data)
{
    return suiteDigest(suite, data).toHex();
}

} // namespace ow::crypto
