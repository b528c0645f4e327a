#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"
#include "protocol/Messages.h"

#include <QMap>
#include <QString>

namespace ow::hub {

// The hub's identity: an id and, per suite, an encryption key (packets are wrapped to it) and a
// signing key (receipts). Kept as PEM files of mode 0600 in DATA/keys; created on first use.
class HubKeys
{
public:
    static Result<HubKeys> loadOrCreate(const QString &keyDir);

    const QString &hubId() const { return m_hubId; }
    const crypto::PrivateKey &encryptionKey(crypto::Suite suite) const;
    const crypto::PrivateKey &signingKey(crypto::Suite suite) const;
    // The public halves of every suite's keys, as sent at enrollment.
    QMap<crypto::Suite, protocol::HubPublicKeys> publicKeys() const;

private:
    QString m_hubId;
    crypto::PrivateKey m_gmEncryption;
    crypto::PrivateKey m_gmSigning;
    crypto::PrivateKey m_intlEncryption;
    crypto::PrivateKey m_intlSigning;
};

} // namespace ow::hub
