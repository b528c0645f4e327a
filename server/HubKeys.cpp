#include "server/HubKeys.h"

#include "common/AtomicFile.h"
#include "crypto/Cipher.h"
#include "server/HubLogging.h"
#include "server/HubText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ow::hub {

namespace {

Result<crypto::PrivateKey> loadOrCreateKey(const QString &path, crypto::Suite suite, crypto::KeyUse use)
{
    QFile file(path);
    if (file.exists()) {
        if (QFileInfo(path).permissions() & (QFile::ReadGroup | QFile::ReadOther))
            return makeError(
                ErrorCode::KeyStore, HubText::tr("A hub key file can be read by other users."),
                QStringLiteral("key file readable by group or others: %1").arg(QFileInfo(path).fileName()));
        if (!file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::KeyStore, HubText::tr("A hub key file cannot be read."),
                             QStringLiteral("cannot read %1").arg(QFileInfo(path).fileName()));
        QByteArray pem = file.readAll();
        auto key = crypto::PrivateKey::fromPem(SecretBytes::takeFrom(pem));
        if (!key)
            return key.error();
        if (!key->fits(suite, use))
            return makeError(ErrorCode::KeyStore, HubText::tr("A hub key file holds the wrong kind of key."),
                             QStringLiteral("%1 does not fit its suite").arg(QFileInfo(path).fileName()));
        return key;
    }
    auto key = crypto::PrivateKey::generate(suite, use);
    if (!key)
        return key.error();
    const SecretBytes pem = key->toPem();
    QByteArray bytes(reinterpret_cast<const char *>(pem.data()), static_cast<qsizetype>(pem.size()));
    const Status written = writeFileAtomically(path, bytes, 0600);
    wipeBytes(bytes);
    if (!written)
        return written.error();
    qCInfo(lcHub, "created hub key %s", qPrintable(QFileInfo(path).fileName()));
    return key;
}

} // namespace

Result<HubKeys> HubKeys::loadOrCreate(const QString &keyDir)
{
    if (!QDir().mkpath(keyDir) ||
        !QFile::setPermissions(keyDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner))
        return makeError(ErrorCode::Io, HubText::tr("The hub key folder cannot be created."),
                         QStringLiteral("mkpath/chmod of the key folder failed"));
    HubKeys keys;
    const QDir dir(keyDir);
    auto gmEnc = loadOrCreateKey(dir.filePath(QStringLiteral("gm-encryption.pem")), crypto::Suite::Gm,
                                 crypto::KeyUse::Encryption);
    if (!gmEnc)
        return gmEnc.error();
    auto gmSign =
        loadOrCreateKey(dir.filePath(QStringLiteral("gm-signing.pem")), crypto::Suite::Gm, crypto::KeyUse::Signing);
    if (!gmSign)
        return gmSign.error();
    auto intlEnc = loadOrCreateKey(dir.filePath(QStringLiteral("intl-encryption.pem")), crypto::Suite::Intl,
                                   crypto::KeyUse::Encryption);
    if (!intlEnc)
        return intlEnc.error();
    auto intlSign =
        loadOrCreateKey(dir.filePath(QStringLiteral("intl-signing.pem")), crypto::Suite::Intl, crypto::KeyUse::Signing);
    if (!intlSign)
        return intlSign.error();
    keys.m_gmEncryption = *gmEnc;
    keys.m_gmSigning = *gmSign;
    keys.m_intlEncryption = *intlEnc;
    keys.m_intlSigning = *intlSign;

    const QString idPath = dir.filePath(QStringLiteral("hub-id"));
    QFile idFile(idPath);
    if (idFile.open(QIODevice::ReadOnly)) {
        keys.m_hubId = QString::fromLatin1(idFile.readAll().trimmed());
    } else {
        keys.m_hubId = QStringLiteral("hub-") + QString::fromLatin1(crypto::randomBytes(8).toHex());
        OW_TRY(writeFileAtomically(idPath, keys.m_hubId.toLatin1() + '\n', 0600));
    }
    if (keys.m_hubId.isEmpty())
        return makeError(ErrorCode::KeyStore, HubText::tr("A hub key file cannot be read."),
                         QStringLiteral("empty hub-id file"));
    return keys;
}

const crypto::PrivateKey &HubKeys::encryptionKey(crypto::Suite suite) const
{
    return suite == crypto::Suite::Gm ? m_gmEncryption : m_intlEncryption;
}

const crypto::PrivateKey &HubKeys::signingKey(crypto::Suite suite) const
{
    return suite == crypto::Suite::Gm ? m_gmSigning : m_intlSigning;
}

QMap<crypto::Suite, protocol::HubPublicKeys> HubKeys::publicKeys() const
{
    QMap<crypto::Suite, protocol::HubPublicKeys> keys;
    for (const crypto::Suite suite : {crypto::Suite::Gm, crypto::Suite::Intl})
        keys.insert(suite, protocol::HubPublicKeys{encryptionKey(suite).publicKey().toPem(),
                                                   signingKey(suite).publicKey().toPem()});
    return keys;
}

} // namespace ow::hub
