#include "scan/SignedCodes.h"

#include "scan/PayloadFields.h"
#include "scan/ScanText.h"
#include "scan/TrustStore.h"

#include <QTimeZone>

namespace ow::scan {

using namespace payloadFields;

namespace {

constexpr qsizetype kMaxSignedCodeBytes = 1024;
constexpr qsizetype kMaxLicenceNumber = 64;
// A receipt dated further ahead than this is not one a correctly set device printed.
constexpr qint64 kFutureToleranceSecs = 24 * 3600;

const QString kTimeFormat = QStringLiteral("yyyyMMdd'T'HHmmss'Z'");
const QString kDateFormat = QStringLiteral("yyyyMMdd");

bool isLicenceTypeCode(QStringView s)
{
    if (s.isEmpty() || s.size() > 32)
        return false;
    for (QChar c : s) {
        const bool ok =
            (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'.';
        if (!ok)
            return false;
    }
    return true;
}

bool isLicenceNumber(QStringView s)
{
    if (s.isEmpty() || s.size() > kMaxLicenceNumber)
        return false;
    for (QChar c : s) {
        if (c == u'|' || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
            c.category() == QChar::Other_Surrogate || c.isSpace())
            return false;
    }
    return true;
}

std::optional<QDateTime> parseTime(QStringView s)
{
    if (s.size() != 16 || !isAsciiDigits(s.left(8)) || s[8] != u'T' || !isAsciiDigits(s.mid(9, 6)) || s[15] != u'Z')
        return std::nullopt;
    const QDate d = QDate::fromString(s.left(8).toString(), kDateFormat);
    const QTime t = QTime::fromString(s.mid(9, 6).toString(), QStringLiteral("HHmmss"));
    if (!d.isValid() || !t.isValid())
        return std::nullopt;
    const QDateTime dt(d, t, QTimeZone::utc());
    // Round-trip: no lenient parsing of 25:61 and the like.
    if (dt.toString(kTimeFormat) != s)
        return std::nullopt;
    return dt;
}

QString formatTime(const QDateTime &t)
{
    return t.toUTC().toString(kTimeFormat);
}

std::optional<QDate> parseDate(QStringView s)
{
    if (s.size() != 8 || !isAsciiDigits(s))
        return std::nullopt;
    const QDate d = QDate::fromString(s.toString(), kDateFormat);
    if (!d.isValid() || d.toString(kDateFormat) != s)
        return std::nullopt;
    return d;
}

constexpr auto kB64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

std::optional<QByteArray> parseBase64Url(QStringView s, qsizetype maxDecoded)
{
    if (s.isEmpty() || s.size() > (maxDecoded * 4 + 2) / 3)
        return std::nullopt;
    for (QChar c : s) {
        const bool ok =
            (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
        if (!ok)
            return std::nullopt;
    }
    const QByteArray ascii = s.toLatin1();
    auto decoded = QByteArray::fromBase64Encoding(ascii, kB64 | QByteArray::AbortOnBase64DecodingErrors);
    // Only the canonical encoding: one code, one text.
    if (!decoded || decoded.decoded.toBase64(kB64) != ascii)
        return std::nullopt;
    return *decoded;
}

struct Split
{
    QStringList fields;
    QByteArray signedPart;
    QByteArray signature;
};

// Splits a signed code into its fields, the bytes the signature covers and the signature.
std::optional<Split> splitSigned(const QByteArray &payload, qsizetype fieldCount)
{
    if (payload.size() > kMaxSignedCodeBytes)
        return std::nullopt;
    const auto text = strictUtf8(payload);
    if (!text)
        return std::nullopt;
    Split s;
    s.fields = text->split(QLatin1Char('|'));
    if (s.fields.size() != fieldCount)
        return std::nullopt;
    auto sig = parseBase64Url(s.fields.last(), 128);
    if (!sig)
        return std::nullopt;
    s.signature = *sig;
    s.signedPart = payload.left(payload.lastIndexOf('|'));
    return s;
}

bool verifiedByAny(const QList<QByteArray> &keys, const Split &s)
{
    for (const QByteArray &key : keys) {
        if (codeSigning::verify(key, s.signedPart, s.signature))
            return true;
    }
    return false;
}

Result<QByteArray> appendSignature(const SigningKey &key, const QByteArray &body)
{
    auto sig = codeSigning::sign(key, body);
    if (!sig)
        return sig.error();
    return body + '|' + sig->toBase64(kB64);
}

Error invalidField(const QString &what)
{
    return makeError(ErrorCode::Invalid, ScanText::tr("The code cannot be made: one of its fields is not valid."),
                     QStringLiteral("signed code: invalid %1").arg(what));
}

const QString &signatureMessage()
{
    static const QString m = ScanText::tr("The code's signature does not match: it is forged or was altered.");
    return m;
}

} // namespace

Classification parseCaseReceipt(const QByteArray &payload, const ClassifyContext &context)
{
    const auto malformed = [] {
        return reject(PayloadKind::CaseReceipt, Rejection::Malformed,
                      ScanText::tr("This receipt code is damaged or incomplete."));
    };
    const auto s = splitSigned(payload, 5);
    if (!s || s->fields[0] != QLatin1String("OWR1"))
        return malformed();
    CaseReceiptInfo info;
    info.deviceId = s->fields[1];
    info.caseNumber = s->fields[2];
    const auto issued = parseTime(s->fields[3]);
    if (!isIdentifier(info.deviceId) || !isIdentifier(info.caseNumber) || !issued)
        return malformed();
    info.issuedAt = *issued;
    const QList<QByteArray> keys = context.trust ? context.trust->deviceKeys(info.deviceId) : QList<QByteArray>{};
    if (keys.isEmpty())
        return reject(PayloadKind::CaseReceipt, Rejection::UntrustedSigner,
                      ScanText::tr("This code was issued by a device the service hall does not know."));
    if (!verifiedByAny(keys, *s))
        return reject(PayloadKind::CaseReceipt, Rejection::BadSignature, signatureMessage());
    if (context.now.isValid() && info.issuedAt.secsTo(context.now) < -kFutureToleranceSecs)
        return reject(PayloadKind::CaseReceipt, Rejection::IssuedInFuture,
                      ScanText::tr("This receipt is dated in the future; check the date and time of this device."));
    return accept(PayloadKind::CaseReceipt, std::move(info));
}

Classification parseDraftPickup(const QByteArray &payload, const ClassifyContext &context)
{
    const auto malformed = [] {
        return reject(PayloadKind::DraftPickup, Rejection::Malformed,
                      ScanText::tr("This pickup code is damaged or incomplete."));
    };
    const auto s = splitSigned(payload, 5);
    if (!s || s->fields[0] != QLatin1String("OWP1"))
        return malformed();
    DraftPickupInfo info;
    info.deviceId = s->fields[1];
    info.draftId = s->fields[2];
    const auto expires = parseTime(s->fields[3]);
    if (!isIdentifier(info.deviceId) || !isIdentifier(info.draftId) || !expires)
        return malformed();
    info.expiresAt = *expires;
    const QList<QByteArray> keys = context.trust ? context.trust->deviceKeys(info.deviceId) : QList<QByteArray>{};
    if (keys.isEmpty())
        return reject(PayloadKind::DraftPickup, Rejection::UntrustedSigner,
                      ScanText::tr("This code was issued by a device the service hall does not know."));
    if (!verifiedByAny(keys, *s))
        return reject(PayloadKind::DraftPickup, Rejection::BadSignature, signatureMessage());
    const QDateTime now = context.now.isValid() ? context.now : QDateTime::currentDateTimeUtc();
    if (now > info.expiresAt)
        return reject(PayloadKind::DraftPickup, Rejection::Expired,
                      ScanText::tr("This pickup code has expired; the draft must be filled in again."));
    return accept(PayloadKind::DraftPickup, std::move(info));
}

Classification parseELicence(const QByteArray &payload, const ClassifyContext &context)
{
    const auto malformed = [] {
        return reject(PayloadKind::ELicence, Rejection::Malformed,
                      ScanText::tr("This e-licence code is damaged or incomplete."));
    };
    const auto s = splitSigned(payload, 8);
    if (!s || s->fields[0] != QLatin1String("OWL1"))
        return malformed();
    ELicenceInfo info;
    info.issuerId = s->fields[1];
    info.licenceType = s->fields[2];
    info.number = s->fields[3];
    const auto holder = parseBase64Url(s->fields[4], 32);
    const auto from = parseDate(s->fields[5]);
    const bool longTerm = s->fields[6] == QLatin1String("0");
    const auto until = longTerm ? std::optional<QDate>(QDate()) : parseDate(s->fields[6]);
    if (!isIdentifier(info.issuerId) || !isLicenceTypeCode(info.licenceType) || !isLicenceNumber(info.number) ||
        !holder || holder->size() != 32 || !from || !until || (!longTerm && *until < *from))
        return malformed();
    info.holderIdHash = *holder;
    info.validFrom = *from;
    info.validUntil = *until;
    const TrustStore::Issuer *issuer = context.trust ? context.trust->issuer(info.issuerId) : nullptr;
    if (!issuer)
        return reject(PayloadKind::ELicence, Rejection::UntrustedSigner,
                      ScanText::tr("This e-licence was issued by an authority the service hall does not trust."));
    if (!issuer->licenceTypes.isEmpty() && !issuer->licenceTypes.contains(info.licenceType))
        return reject(PayloadKind::ELicence, Rejection::UntrustedSigner,
                      ScanText::tr("The issuing authority may not issue this kind of licence."));
    if (!verifiedByAny(issuer->publicKeys, *s))
        return reject(PayloadKind::ELicence, Rejection::BadSignature, signatureMessage());
    info.issuerName = issuer->name;
    const QDate today = chinaToday(context.now.isValid() ? context.now : QDateTime::currentDateTimeUtc());
    if (today < info.validFrom)
        return reject(PayloadKind::ELicence, Rejection::NotYetValid, ScanText::tr("This e-licence is not valid yet."));
    if (!longTerm && today > info.validUntil)
        return reject(PayloadKind::ELicence, Rejection::Expired, ScanText::tr("This e-licence has expired."));
    return accept(PayloadKind::ELicence, std::move(info));
}

namespace signedCodes {

Result<QByteArray> makeCaseReceipt(const SecretBytes &devicePrivateKeyDer, const CaseReceiptInfo &receipt)
{
    auto key = codeSigning::fromPrivateDer(devicePrivateKeyDer);
    if (!key.ok())
        return key.error();
    return makeCaseReceipt(*key, receipt);
}

Result<QByteArray> makeCaseReceipt(const SigningKey &deviceKey, const CaseReceiptInfo &r)
{
    if (!isIdentifier(r.deviceId))
        return invalidField(QStringLiteral("device id"));
    if (!isIdentifier(r.caseNumber))
        return invalidField(QStringLiteral("case number"));
    if (!r.issuedAt.isValid())
        return invalidField(QStringLiteral("issue time"));
    const QString body = QStringLiteral("OWR1|%1|%2|%3").arg(r.deviceId, r.caseNumber, formatTime(r.issuedAt));
    return appendSignature(deviceKey, body.toUtf8());
}

Result<QByteArray> makeDraftPickup(const SigningKey &deviceKey, const DraftPickupInfo &p)
{
    if (!isIdentifier(p.deviceId))
        return invalidField(QStringLiteral("device id"));
    if (!isIdentifier(p.draftId))
        return invalidField(QStringLiteral("draft id"));
    if (!p.expiresAt.isValid())
        return invalidField(QStringLiteral("expiry"));
    const QString body = QStringLiteral("OWP1|%1|%2|%3").arg(p.deviceId, p.draftId, formatTime(p.expiresAt));
    return appendSignature(deviceKey, body.toUtf8());
}

Result<QByteArray> makeELicence(const SigningKey &issuerKey, const ELicenceInfo &l)
{
    if (!isIdentifier(l.issuerId))
        return invalidField(QStringLiteral("issuer"));
    if (!isLicenceTypeCode(l.licenceType))
        return invalidField(QStringLiteral("licence type"));
    if (!isLicenceNumber(l.number))
        return invalidField(QStringLiteral("licence number"));
    if (l.holderIdHash.size() != 32)
        return invalidField(QStringLiteral("holder hash"));
    if (!l.validFrom.isValid() || (l.validUntil.isValid() && l.validUntil < l.validFrom))
        return invalidField(QStringLiteral("validity"));
    const QString until = l.validUntil.isValid() ? l.validUntil.toString(kDateFormat) : QStringLiteral("0");
    const QString body =
        QStringLiteral("OWL1|%1|%2|%3|%4|%5|%6")
            .arg(l.issuerId, l.licenceType, l.number, QString::fromLatin1(l.holderIdHash.toBase64(kB64)),
                 l.validFrom.toString(kDateFormat), until);
    return appendSignature(issuerKey, body.toUtf8());
}

} // namespace signedCodes

} // namespace ow::scan
