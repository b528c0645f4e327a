#include "scan/Payload.h"

#include "scan/PayloadFields.h"
#include "scan/ScanLogging.h"
#include "scan/ScanText.h"
#include "scan/TrustStore.h"

#include "catalog/RegionTable.h"
#include "crypto/Digest.h"
#include "domain/IdNumber.h"
#include "domain/Uscc.h"

#include <QStringDecoder>

namespace ow::scan {

using namespace payloadFields;

namespace {

constexpr qsizetype kMaxUrlBytes = 2048;

ErrorCode errorCodeFor(Rejection r)
{
    switch (r) {
    case Rejection::BadSignature:
    case Rejection::UntrustedSigner:
        return ErrorCode::Crypto;
    default:
        return ErrorCode::Invalid;
    }
}

// GB/T 2260 provinces (and 71 Taiwan, 81/82 Hong Kong and Macao, which appear in numbers too).
bool isProvincePrefix(QStringView two)
{
    static constexpr int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                        43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
    if (two.size() != 2 || !two[0].isDigit() || !two[1].isDigit())
        return false;
    const int v = (two[0].unicode() - u'0') * 10 + (two[1].unicode() - u'0');
    return std::find(std::begin(provinces), std::end(provinces), v) != std::end(provinces);
}

} // namespace

namespace payloadFields {

Classification reject(PayloadKind kind, Rejection why, const QString &userMessage)
{
    Classification c;
    c.kind = kind;
    c.rejection = why;
    const QString detail = QStringLiteral("code rejected: kind=%1 reason=%2").arg(kindName(kind), rejectionName(why));
    c.problem = makeError(errorCodeFor(why), userMessage, detail);
    qCInfo(lcScan).noquote() << detail;
    return c;
}

Classification accept(PayloadKind kind, PayloadDetails details)
{
    Classification c;
    c.kind = kind;
    c.details = std::move(details);
    qCInfo(lcScan).noquote() << QStringLiteral("code accepted: kind=%1").arg(kindName(kind));
    return c;
}

std::optional<QString> strictUtf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

bool isAsciiDigits(QStringView s)
{
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

bool isIdentifier(QStringView s)
{
    if (s.isEmpty() || s.size() > 40)
        return false;
    for (QChar c : s) {
        const bool ok = (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
        if (!ok)
            return false;
    }
    return true;
}

QDate chinaToday(const QDateTime &now)
{
    return now.toOffsetFromUtc(8 * 3600).date();
}

} // namespace payloadFields

QString kindName(PayloadKind kind)
{
    switch (kind) {
    case PayloadKind::ResidentId:
        return QStringLiteral("resident-id");
    case PayloadKind::CreditCode:
        return QStringLiteral("credit-code");
    case PayloadKind::CaseReceipt:
        return QStringLiteral("case-receipt");
    case PayloadKind::DraftPickup:
        return QStringLiteral("draft-pickup");
    case PayloadKind::ELicence:
        return QStringLiteral("e-licence");
    case PayloadKind::Url:
        return QStringLiteral("url");
    case PayloadKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString rejectionName(Rejection r)
{
    switch (r) {
    case Rejection::None:
        return QStringLiteral("none");
    case Rejection::TooLong:
        return QStringLiteral("too-long");
    case Rejection::NotUtf8:
        return QStringLiteral("not-utf8");
    case Rejection::NotOurs:
        return QStringLiteral("not-ours");
    case Rejection::Malformed:
        return QStringLiteral("malformed");
    case Rejection::CheckDigit:
        return QStringLiteral("check-digit");
    case Rejection::BirthDate:
        return QStringLiteral("birth-date");
    case Rejection::Region:
        return QStringLiteral("region");
    case Rejection::UntrustedSigner:
        return QStringLiteral("untrusted-signer");
    case Rejection::BadSignature:
        return QStringLiteral("bad-signature");
    case Rejection::Expired:
        return QStringLiteral("expired");
    case Rejection::NotYetValid:
        return QStringLiteral("not-yet-valid");
    case Rejection::IssuedInFuture:
        return QStringLiteral("issued-in-future");
    }
    return QStringLiteral("unknown");
}

QString Classification::display() const
{
    struct Visitor
    {
        QString operator()(std::monostate) const { return {}; }
        QString operator()(const ResidentIdInfo &i) const { return idNumber::masked(i.number); }
        QString operator()(const CreditCodeInfo &i) const { return i.code; }
        QString operator()(const CaseReceiptInfo &i) const { return i.caseNumber; }
        QString operator()(const DraftPickupInfo &i) const { return i.draftId; }
        QString operator()(const ELicenceInfo &i) const { return i.licenceType + QLatin1Char(' ') + i.number; }
        QString operator()(const UrlInfo &i) const { return QString::fromLatin1(i.url.toEncoded()); }
    };
    return std::visit(Visitor{}, details);
}

Classification parseResidentId(const QByteArray &payload, const ClassifyContext &context)
{
    const auto malformed = [] {
        return reject(PayloadKind::ResidentId, Rejection::Malformed,
                      ScanText::tr("This is not a complete resident ID number."));
    };
    if (payload.size() > 64)
        return malformed();
    const auto text = strictUtf8(payload);
    if (!text)
        return malformed();
    const QString n = idNumber::normalized(text->trimmed());
    const QDate today = chinaToday(context.now.isValid() ? context.now : QDateTime::currentDateTimeUtc());
    switch (idNumber::check(n, today)) {
    case idNumber::Problem::None:
        break;
    case idNumber::Problem::Length:
    case idNumber::Problem::Characters:
        return malformed();
    case idNumber::Problem::BirthDate:
        return reject(PayloadKind::ResidentId, Rejection::BirthDate,
                      ScanText::tr("The ID number contains a birth date that does not exist."));
    case idNumber::Problem::CheckDigit:
        return reject(PayloadKind::ResidentId, Rejection::CheckDigit,
                      ScanText::tr("The ID number's check digit is wrong: it was mistyped or is not genuine."));
    }
    ResidentIdInfo info;
    info.number = n;
    info.birthDate = *idNumber::birthDate(n);
    info.male = idNumber::isMale(n);
    info.regionCode = n.left(6);
    if (context.regions) {
        switch (context.regions->matchIdPrefix(info.regionCode)) {
        case RegionTable::IdPrefix::County:
            break;
        case RegionTable::IdPrefix::FormerCounty:
            info.formerRegion = true;
            break;
        case RegionTable::IdPrefix::StatisticalOnly:
        case RegionTable::IdPrefix::Unknown:
            return reject(PayloadKind::ResidentId, Rejection::Region,
                          ScanText::tr("The ID number's region code does not exist."));
        }
        info.regionName = context.regions->placeName(info.regionCode);
    }
    return accept(PayloadKind::ResidentId, std::move(info));
}

Classification parseCreditCode(const QByteArray &payload, const ClassifyContext &context)
{
    const auto malformed = [] {
        return reject(PayloadKind::CreditCode, Rejection::Malformed,
                      ScanText::tr("This is not a complete unified social credit code."));
    };
    if (payload.size() > 64)
        return malformed();
    const auto text = strictUtf8(payload);
    if (!text)
        return malformed();
    const QString code = uscc::normalized(text->trimmed());
    switch (uscc::check(code)) {
    case uscc::Problem::None:
        break;
    case uscc::Problem::Length:
    case uscc::Problem::Characters:
        return malformed();
    case uscc::Problem::CheckCharacter:
        return reject(
            PayloadKind::CreditCode, Rejection::CheckDigit,
            ScanText::tr(
                "The unified social credit code's check character is wrong: it was mistyped or is not genuine."));
    }
    CreditCodeInfo info;
    info.code = code;
    info.regionCode = code.mid(2, 6);
    if (context.regions && isAsciiDigits(info.regionCode))
        info.regionName = context.regions->placeName(info.regionCode);
    return accept(PayloadKind::CreditCode, std::move(info));
}

Classification parseUrl(const QByteArray &payload, const ClassifyContext &)
{
    const auto malformed = [] {
        return reject(PayloadKind::Url, Rejection::Malformed, ScanText::tr("This web address is malformed."));
    };
    if (payload.size() > kMaxUrlBytes)
        return reject(PayloadKind::Url, Rejection::TooLong, ScanText::tr("This web address is too long to show."));
    const auto text = strictUtf8(payload);
    if (!text)
        return malformed();
    const QString trimmed = text->trimmed();
    for (QChar c : trimmed) {
        // Spaces, controls and bidirectional overrides are how an address hides where it goes.
        if (c.isSpace() || c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return malformed();
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty())
        return malformed();
    return accept(PayloadKind::Url, UrlInfo{url});
}

Classification classify(const QByteArray &payload, const ClassifyContext &context)
{
    if (payload.size() > kMaxPayloadBytes)
        return reject(PayloadKind::Unknown, Rejection::TooLong,
                      ScanText::tr("This code is too long to be one the service hall uses."));
    const auto text = strictUtf8(payload);
    if (!text)
        return reject(PayloadKind::Unknown, Rejection::NotUtf8,
                      ScanText::tr("The code's text is damaged or not in UTF-8, so it cannot be read."));
    if (payload.startsWith("OWR1|"))
        return parseCaseReceipt(payload, context);
    if (payload.startsWith("OWP1|"))
        return parseDraftPickup(payload, context);
    if (payload.startsWith("OWL1|"))
        return parseELicence(payload, context);
    const QString trimmed = text->trimmed();
    if (trimmed.startsWith(QLatin1String("http://"), Qt::CaseInsensitive) ||
        trimmed.startsWith(QLatin1String("https://"), Qt::CaseInsensitive))
        return parseUrl(payload, context);
    if (trimmed.size() <= 24) {
        const QString n = uscc::normalized(trimmed);
        if (n.size() == 18) {
            const bool idShape = isAsciiDigits(QStringView(n).left(17)) && (n[17] == u'X' || isAsciiDigits(n.right(1)));
            if (idShape) {
                Classification asId = parseResidentId(payload, context);
                // An all-digit credit code can look like an ID number. It is taken as one only when
                // its own check passes and it cannot be an ID number at all (no such province), so a
                // mistyped ID number is never "accepted" as a credit code by a 1-in-31 chance.
                if (!asId.accepted() && uscc::check(n) == uscc::Problem::None &&
                    !isProvincePrefix(QStringView(n).left(2)))
                    return parseCreditCode(payload, context);
                return asId;
            }
            if (std::all_of(n.begin(), n.end(), [](QChar c) { return uscc::inAlphabet(c); }))
                return parseCreditCode(payload, context);
        }
    }
    return reject(PayloadKind::Unknown, Rejection::NotOurs,
                  ScanText::tr("This code is not one the service hall uses."));
}

QByteArray eLicenceHolderHash(const QString &licenceNumber, const QString &holderId)
{
    const QString holder = uscc::normalized(holderId);
    return crypto::sm3(QByteArrayLiteral("OWL1-holder|") + licenceNumber.toUtf8() + '|' + holder.toUtf8());
}

bool eLicenceHeldBy(const ELicenceInfo &licence, const QString &holderId)
{
    return crypto::equalConstantTime(eLicenceHolderHash(licence.number, holderId), licence.holderIdHash);
}

} // namespace ow::scan
