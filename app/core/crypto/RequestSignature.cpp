#include "crypto/RequestSignature.h"

namespace ow::crypto {

const QList<QByteArray> &signedRequestHeaders()
{
    static const QList<QByteArray> names = {QByteArrayLiteral("upload-offset")};
    return names;
}

QByteArray requestSigningInput(Suite suite, const QByteArray &method, const QByteArray &pathAndQuery,
                               qint64 unixSeconds, const QByteArray &body, const RequestHeaders &headers)
{
    QByteArray input = QByteArray("OW1-REQUEST\n") + method.toUpper() + '\n' + pathAndQuery + '\n' +
                       QByteArray::number(unixSeconds) + '\n' + suiteDigestHex(suite, body);
    for (const QByteArray &name : signedRequestHeaders()) {
        // The last one, as a server that keeps one value per name reads it.
        const QByteArray *value = nullptr;
        for (const auto &[headerName, headerValue] : headers)
            if (headerName.compare(name, Qt::CaseInsensitive) == 0)
                value = &headerValue;
        if (value)
            input += '\n' + name + ':' + *value;
    }
    return input;
}

QByteArray enrollmentProofInput(const QByteArray &normalisedCode)
{
    return QByteArray("OW1-ENROLL\n") + normalisedCode;
}

} // namespace ow::crypto
