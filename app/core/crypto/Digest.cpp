#include "crypto/Digest.h"

#include "common/Logging.h"

#include "common/Tr.h"

#include <QCoreApplication>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ow::crypto {

QByteArray sm3(const QByteArray &data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (EVP_Digest(data.constData(), static_cast<size_t>(data.size()), reinterpret_cast<unsigned char *>(out.data()),
                   &len, EVP_sm3(), nullptr) != 1 ||
        len != 32)
        qFatal("SM3 digest unavailable in this OpenSSL build");
    return out;
}

QByteArray hmacSm3(const SecretBytes &key, const QByteArray &data)
{
    QByteArray out(32, Qt::Uninitialized);
    unsigned int len = 0;
    if (!HMAC(EVP_sm3(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char *>(data.constData()), static_cast<size_t>(data.size()),
              reinterpret_cast<unsigned char *>(out.data()), &len) ||
        len != 32)
        qFatal("HMAC-SM3 unavailable in this OpenSSL build");
    return out;
}

Result<SecretBytes> pbkdf2Sm3(const SecretBytes &passphrase, const QByteArray &salt, int iterations, std::size_t length)
{
    SecretBytes out(length);
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char *>(passphrase.data()), static_cast<int>(passphrase.size()),
                          reinterpret_cast<const unsigned char *>(salt.constData()), static_cast<int>(salt.size()),
                          iterations, EVP_sm3(), static_cast<int>(length), out.data()) != 1) {
        return makeError(ErrorCode::Crypto, CryptoText::tr("The passphrase could not be processed."),
                         QStringLiteral("PKCS5_PBKDF2_HMAC(SM3) failed"));
    }
    return out;
}

bool equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), static_cast<size_t>(a.size())) == 0;
}

} // namespace ow::crypto
