#include "crypto/AuditExtract.h"

#include "common/Tr.h"
#include "crypto/Packet.h"

#include <QJsonDocument>

namespace ow::crypto {

namespace {

Error badExtract(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("The audit extract's signature is not valid."),
                     QStringLiteral("audit extract: ") + detail);
}

} // namespace

Result<QByteArray> signAuditExtract(Suite suite, const PrivateKey &signingKey, QJsonObject extract)
{
    if (!signingKey.fits(suite, KeyUse::Signing))
        return badExtract(QStringLiteral("signing key does not fit the suite"));
    extract.insert(QStringLiteral("format"), QLatin1String(AuditExtractFormat));
    const QByteArray body = canonicalJson(extract);
    auto signature = sign(signingKey, body);
    if (!signature)
        return signature.error();
    return canonicalJson(QJsonObject{{QStringLiteral("extract"), QString::fromLatin1(body.toBase64())},
                                     {QStringLiteral("format"), QLatin1String(AuditExtractFormat)},
                                     {QStringLiteral("signature"), QString::fromLatin1(signature->toBase64())},
                                     {QStringLiteral("suite"), suiteName(suite)}});
}

Result<QJsonObject> verifyAuditExtract(const QByteArray &document, const PublicKey &signingKey)
{
    const QJsonDocument outer = QJsonDocument::fromJson(document);
    if (!outer.isObject())
        return badExtract(QStringLiteral("not a JSON object"));
    const QJsonObject o = outer.object();
    const auto suite = parseSuite(o.value(QStringLiteral("suite")).toString());
    const auto body = QByteArray::fromBase64Encoding(o.value(QStringLiteral("extract")).toString().toLatin1(),
                                                     QByteArray::AbortOnBase64DecodingErrors);
    const auto signature = QByteArray::fromBase64Encoding(o.value(QStringLiteral("signature")).toString().toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
    if (!suite || !body || !signature)
        return badExtract(QStringLiteral("missing fields"));
    if (!signingKey.fits(*suite, KeyUse::Signing) || !verify(signingKey, *body, *signature))
        return badExtract(QStringLiteral("signature does not verify against the key given"));
    const QJsonObject extract = QJsonDocument::fromJson(*body).object();
    if (extract.value(QStringLiteral("format")).toString() != QLatin1String(AuditExtractFormat))
        return badExtract(QStringLiteral("unknown format"));
    return extract;
}

} // namespace ow::crypto
