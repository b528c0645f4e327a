#include "crypto/PasswordHash.h"

#include "crypto/Cipher.h"
#include "crypto/Digest.h"

#include <QStringList>

namespace ow::crypto {

namespace {
constexpr int SaltBytes = 16;
constexpr std::size_t HashBytes = 32;
const QLatin1String Scheme("pbkdf2-sm3");
} // namespace

QString hashSecret(const QByteArray &secret, int iterations)
{
    if (iterations <= 0)
        return {};
    const QByteArray salt = randomBytes(SaltBytes);
    QByteArray copy = secret;
    auto derived = pbkdf2Sm3(SecretBytes::takeFrom(copy), salt, iterations, HashBytes);
    if (!derived)
        return {};
    const QByteArray hash(reinterpret_cast<const char *>(derived->data()), static_cast<qsizetype>(derived->size()));
    return QStringLiteral("%1$%2$%3$%4")
        .arg(Scheme)
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

bool verifySecret(const QByteArray &secret, const QString &stored)
{
    const QStringList fields = stored.split(QLatin1Char('$'));
    if (fields.size() != 4 || fields[0] != Scheme)
        return false;
    const int iterations = fields[1].toInt();
    const QByteArray salt = QByteArray::fromBase64(fields[2].toLatin1());
    const QByteArray expected = QByteArray::fromBase64(fields[3].toLatin1());
    if (iterations <= 0 || salt.isEmpty() || expected.isEmpty())
        return false;
    QByteArray copy = secret;
    auto derived = pbkdf2Sm3(SecretBytes::takeFrom(copy), salt, iterations, static_cast<std::size_t>(expected.size()));
    if (!derived)
        return false;
    const QByteArray actual(reinterpret_cast<const char *>(derived->data()), static_cast<qsizetype>(derived->size()));
    return equalConstantTime(actual, expected);
}

} // namespace ow::crypto
