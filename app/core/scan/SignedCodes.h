#pragma once

#include "scan/CodeSigning.h"
#include "scan/Payload.h"

#include "common/Result.h"

#include <QByteArray>

namespace ow::scan {

// The issuing side of OneWindow's signed codes. Formats (UTF-8, fields separated by '|', the
// signature is over every byte before the last '|' and travels as unpadded base64url):
//   OWR1|deviceId|caseNumber|issuedAt|sig                      case receipt
//   OWP1|deviceId|draftId|expiresAt|sig                        draft pickup code
//   OWL1|issuer|type|number|holderHash|validFrom|validUntil|sig  e-licence
// Identifiers are [A-Za-z0-9-], times yyyyMMddTHHmmssZ (UTC), dates yyyyMMdd, validUntil "0"
// for long-term; the licence number may be any text without '|' or control characters.
namespace signedCodes {

Result<QByteArray> makeCaseReceipt(const SigningKey &deviceKey, const CaseReceiptInfo &receipt);
// The same, signed with an enrolled device's key as the device keeps it (private key DER): what
// a kiosk prints on its receipt and a service window on its acceptance notice.
Result<QByteArray> makeCaseReceipt(const SecretBytes &devicePrivateKeyDer, const CaseReceiptInfo &receipt);
Result<QByteArray> makeDraftPickup(const SigningKey &deviceKey, const DraftPickupInfo &pickup);
Result<QByteArray> makeELicence(const SigningKey &issuerKey, const ELicenceInfo &licence);

} // namespace signedCodes

} // namespace ow::scan
