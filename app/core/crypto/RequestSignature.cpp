#include "crypto/RequestSignature.h"

namespace ow::crypto {

QByteArray requestSigningInput(Suite suite, const QByteArray &method, const QByteArray &pathAndQuery,
                               qint64 unixSeconds, const QByteArray &body)
{
    return QByteArray("OW1-REQUEST\n") + method.toUpper() + '\n' + pathAndQuery + '\n' +
           QByteArray::number(unixSeconds) + '\n' + suiteDigestHex(suite, body);
}

QByteArray enrollmentProofInput(const QByteArray &normalisedCode)
{
    return QByteArray("OW1-ENROLL\n") + normalisedCode;
}

} // namespace ow::crypto
