// Known-answer tests of both suites against published vectors, seal/open round trips and tamper
// detection of packets and receipts.

#include "TestSupport.h"

#include "crypto/Cipher.h"
#include "crypto/Digest.h"
#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/PasswordHash.h"
#include "crypto/Receipt.h"
#include "crypto/RequestSignature.h"
#include "crypto/SelfTest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <functional>

using namespace ow;
using namespace ow::crypto;

Q_DECLARE_METATYPE(ow::crypto::Suite)

namespace {

SecretBytes secretHex(const char *hex)
{
    QByteArray bytes = QByteArray::fromHex(hex);
    return SecretBytes::takeFrom(bytes);
}

PacketContent sampleContent()
{
    PacketContent content;
    content.caseId = QStringLiteral("D0001-000042");
    content.itemId = QStringLiteral("senior-citizen-card");
    content.form = QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("测试人")},
                               {QStringLiteral("phone"), QStringLiteral("13800000000")}};
    content.materials.append(
        PacketMaterial{QStringLiteral("photo"), QStringLiteral("image/jpeg"), QByteArray(3000, 'p')});
    content.attachments.append(PacketAttachment{QStringLiteral("att-0"), QByteArray(100000, 'a')});
    return content;
}

// Re-encodes an envelope after `change` edited its JSON object.
QByteArray editEnvelope(const QByteArray &envelope, const std::function<void(QJsonObject &)> &change)
{
    QJsonObject o = QJsonDocument::fromJson(envelope).object();
    change(o);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray flipBase64Byte(const QString &base64, int index)
{
    QByteArray bytes = QByteArray::fromBase64(base64.toLatin1());
    bytes[index] = static_cast<char>(bytes[index] ^ 0x01);
    return bytes.toBase64();
}

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selfTestPasses() { OW_VERIFY_OK(selfTest()); }

    void digests_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("sm3Hex");
        // GB/T 32905-2016 examples 1 and 2.
        QTest::newRow("abc") << QByteArray("abc")
                             << QByteArray("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        QTest::newRow("abcd x16") << QByteArray("abcd").repeated(16)
                                  << QByteArray("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }
    void digests()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, sm3Hex);
        QCOMPARE(suiteDigestHex(Suite::Gm, input), sm3Hex);
    }

    void sha256Vector()
    {
        // FIPS 180-2 appendix B.1.
        QCOMPARE(suiteDigestHex(Suite::Intl, "abc"),
                 QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void sm4Vector()
    {
        // GB/T 32907-2016 appendix A, example 1.
        const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
        auto cipher = sm4EncryptBlock(key, key);
        OW_VERIFY_OK(cipher);
        QCOMPARE(cipher->toHex(), QByteArray("681edf34d206965e86b3e94f536e4246"));
    }

    void x25519Vector()
    {
        // RFC 7748 section 6.1.
        auto alice = PrivateKey::fromRaw(
            QStringLiteral("X25519"),
            QByteArray::fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        auto bob = PrivateKey::fromRaw(
            QStringLiteral("X25519"),
            QByteArray::fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        OW_VERIFY_OK(alice);
        OW_VERIFY_OK(bob);
        auto ab = x25519(*alice, bob->publicKey());
        auto ba = x25519(*bob, alice->publicKey());
        OW_VERIFY_OK(ab);
        OW_VERIFY_OK(ba);
        QVERIFY(*ab == secretHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
        QVERIFY(*ba == *ab);
    }

    void ed25519Vector()
    {
        // RFC 8032 section 7.1, TEST 1.
        auto key = PrivateKey::fromRaw(
            QStringLiteral("ED25519"),
            QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        OW_VERIFY_OK(key);
        QCOMPARE(rawPublicKey(key->publicKey()).toHex(),
                 QByteArray("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        auto signature = sign(*key, QByteArray());
        OW_VERIFY_OK(signature);
        QCOMPARE(signature->toHex(), QByteArray("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                                "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    }

    void hkdfVector()
    {
        // RFC 5869 appendix A.1.
        auto okm = hkdfSha256(secretHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                              QByteArray::fromHex("000102030405060708090a0b0c"),
                              QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        OW_VERIFY_OK(okm);
        QVERIFY(*okm ==
                secretHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
    }

    void gcmVector()
    {
        // GCM specification test case 16 (AES-256, 60-byte plaintext, 20-byte AAD).
        const SecretBytes key = secretHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        const QByteArray iv = QByteArray::fromHex("cafebabefacedbaddecaf888");
        const QByteArray plain = QByteArray::fromHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721"
                                                     "c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        const QByteArray aad = QByteArray::fromHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        auto sealed = aes256GcmEncrypt(key, iv, aad, plain);
        OW_VERIFY_OK(sealed);
        QCOMPARE(sealed->ciphertext.toHex(), QByteArray("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1"
                                                        "aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"));
        QCOMPARE(sealed->tag.toHex(), QByteArray("76fc6ece0f4e1768cddf8853bb2d551b"));
        auto opened = aes256GcmDecrypt(key, iv, aad, sealed->ciphertext, sealed->tag);
        OW_VERIFY_OK(opened);
        QCOMPARE(*opened, plain);
        QVERIFY(!aes256GcmDecrypt(key, iv, QByteArray("other aad"), sealed->ciphertext, sealed->tag).ok());
    }

    void suites_data()
    {
        QTest::addColumn<Suite>("suite");
        QTest::newRow("gm") << Suite::Gm;
        QTest::newRow("intl") << Suite::Intl;
    }

    void keysRoundTripThroughPemAndDer_data() { suites_data(); }
    void keysRoundTripThroughPemAndDer()
    {
        QFETCH(Suite, suite);
        for (KeyUse use : {KeyUse::Signing, KeyUse::Encryption}) {
            auto key = PrivateKey::generate(suite, use);
            OW_VERIFY_OK(key);
            QVERIFY(key->fits(suite, use));
            auto fromPem = PrivateKey::fromPem(key->toPem());
            auto fromDer = PrivateKey::fromDer(key->toDer());
            OW_VERIFY_OK(fromPem);
            OW_VERIFY_OK(fromDer);
            QCOMPARE(fromPem->publicKey().toDer(), key->publicKey().toDer());
            QCOMPARE(fromDer->publicKey().toDer(), key->publicKey().toDer());
            QVERIFY(fromPem->fits(suite, use));
            auto pub = PublicKey::fromPem(key->publicKey().toPem());
            OW_VERIFY_OK(pub);
            QVERIFY(pub->fits(suite, use));
            QCOMPARE(pub->fingerprint(), key->publicKey().fingerprint());
            auto pubDer = PublicKey::fromDer(key->publicKey().toDer());
            OW_VERIFY_OK(pubDer);
            QCOMPARE(pubDer->toPem(), key->publicKey().toPem());
            // The same key, whether a copy or read again; never another key or none.
            const PublicKey copy = key->publicKey();
            QVERIFY(copy.sameKeyAs(key->publicKey()));
            QVERIFY(pub->sameKeyAs(*pubDer));
            QVERIFY(pubDer->sameKeyAs(copy));
            auto another = PrivateKey::generate(suite, use);
            OW_VERIFY_OK(another);
            QVERIFY(!another->publicKey().sameKeyAs(copy));
            QVERIFY(!copy.sameKeyAs(PublicKey()));
            QVERIFY(!PublicKey().sameKeyAs(PublicKey()));
        }
        QVERIFY(!PublicKey::fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").ok());
    }

    void signAndWrap_data() { suites_data(); }
    void signAndWrap()
    {
        QFETCH(Suite, suite);
        auto signer = PrivateKey::generate(suite, KeyUse::Signing);
        auto other = PrivateKey::generate(suite, KeyUse::Signing);
        auto recipient = PrivateKey::generate(suite, KeyUse::Encryption);
        auto stranger = PrivateKey::generate(suite, KeyUse::Encryption);
        OW_VERIFY_OK(signer);
        OW_VERIFY_OK(other);
        OW_VERIFY_OK(recipient);
        OW_VERIFY_OK(stranger);
        const QByteArray message = requestSigningInput(suite, "post", "/v1/packets", 1714550400, "{}");
        QVERIFY(message.startsWith("OW1-REQUEST\nPOST\n/v1/packets\n1714550400\n"));
        // Headers that change the meaning are signed (the last of a name, whatever its case);
        // others are not, so a request without them signs what protocol 1.3 signed.
        QCOMPARE(requestSigningInput(suite, "post", "/v1/packets", 1714550400, "{}",
                                     {{"Content-Type", "application/json"}, {"Tus-Resumable", "1.0.0"}}),
                 message);
        const QByteArray patch = requestSigningInput(suite, "PATCH", "/v1/uploads/u-1", 1714550400, "ab",
                                                     {{"Upload-Offset", "1"}, {"upload-offset", "4"}});
        QVERIFY(patch.endsWith("\nupload-offset:4"));
        QVERIFY(patch !=
                requestSigningInput(suite, "PATCH", "/v1/uploads/u-1", 1714550400, "ab", {{"Upload-Offset", "1"}}));
        auto signature = sign(*signer, message);
        OW_VERIFY_OK(signature);
        QVERIFY(verify(signer->publicKey(), message, *signature));
        QVERIFY(!verify(other->publicKey(), message, *signature));
        QVERIFY(!verify(signer->publicKey(), message + ' ', *signature));

        const SecretBytes key = SecretBytes::random(contentKeyLength(suite));
        auto wrapped = wrapKey(recipient->publicKey(), key);
        OW_VERIFY_OK(wrapped);
        auto unwrapped = unwrapKey(*recipient, *wrapped);
        OW_VERIFY_OK(unwrapped);
        QVERIFY(*unwrapped == key);
        QVERIFY(!unwrapKey(*stranger, *wrapped).ok());
        QByteArray bent = *wrapped;
        bent[bent.size() - 1] = static_cast<char>(bent[bent.size() - 1] ^ 0x80);
        QVERIFY(!unwrapKey(*recipient, bent).ok());
    }

    void partCipherDetectsEveryFlippedByte_data() { suites_data(); }
    void partCipherDetectsEveryFlippedByte()
    {
        QFETCH(Suite, suite);
        const SecretBytes key = SecretBytes::random(contentKeyLength(suite));
        const QByteArray plain("some form data, 一些表单数据");
        auto blob = encryptPart(suite, key, "aad", plain);
        OW_VERIFY_OK(blob);
        QVERIFY(!blob->contains(plain));
        auto opened = decryptPart(suite, key, "aad", *blob);
        OW_VERIFY_OK(opened);
        QCOMPARE(*opened, plain);
        QVERIFY(!decryptPart(suite, key, "aaD", *blob).ok());
        for (int i = 0; i < blob->size(); ++i) {
            QByteArray bent = *blob;
            bent[i] = static_cast<char>(bent[i] ^ 0x04);
            QVERIFY2(!decryptPart(suite, key, "aad", bent).ok(), qPrintable(QString::number(i)));
        }
        QVERIFY(!decryptPart(suite, key, "aad", blob->left(blob->size() - 1)).ok());
    }

    void sealOpenRoundTrip_data() { suites_data(); }
    void sealOpenRoundTrip()
    {
        QFETCH(Suite, suite);
        auto device = PrivateKey::generate(suite, KeyUse::Signing);
        auto hub = PrivateKey::generate(suite, KeyUse::Encryption);
        OW_VERIFY_OK(device);
        OW_VERIFY_OK(hub);
        const PacketSealer sealer(suite, *device, hub->publicKey(), QStringLiteral("d-test"));
        const QDateTime at(QDate(2024, 5, 1), QTime(8, 0), Qt::UTC);
        auto sealed = sealer.seal(sampleContent(), 42, at);
        OW_VERIFY_OK(sealed);
        QCOMPARE(sealed->externalParts.size(), 1);
        QVERIFY(!sealed->envelope.contains("13800000000"));
        QVERIFY(!sealed->envelope.contains(QStringLiteral("测试人").toUtf8()));

        auto parsed = PacketOpener::parse(sealed->envelope);
        OW_VERIFY_OK(parsed);
        QCOMPARE(parsed->digest, sealed->digest);
        QCOMPARE(parsed->manifest.sequence, 42);
        QCOMPARE(parsed->manifest.deviceId, QStringLiteral("d-test"));
        QCOMPARE(parsed->manifest.createdAt, QStringLiteral("2024-05-01T08:00:00.000Z"));
        OW_VERIFY_OK(PacketOpener::verifySignature(*parsed, device->publicKey()));
        OW_VERIFY_OK(PacketOpener::verifyDigests(*parsed));
        OW_VERIFY_OK(PacketOpener::verifyExternalPart(*parsed, QStringLiteral("att-0"), sealed->externalParts[0].blob));
        QMap<QString, QByteArray> external{{QStringLiteral("att-0"), sealed->externalParts[0].blob}};
        auto opened = PacketOpener::open(*parsed, *hub, external);
        OW_VERIFY_OK(opened);
        const PacketContent expected = sampleContent();
        QCOMPARE(opened->content.caseId, expected.caseId);
        QCOMPARE(opened->content.form, expected.form);
        QCOMPARE(opened->content.materials.size(), 1);
        QCOMPARE(opened->content.materials[0].data, expected.materials[0].data);
        QCOMPARE(opened->content.attachments.size(), 1);
        QCOMPARE(opened->content.attachments[0].data, expected.attachments[0].data);

        // Sealing twice gives different ciphertexts and packet ids.
        auto again = sealer.seal(sampleContent(), 42, at);
        OW_VERIFY_OK(again);
        QVERIFY(again->packetId != sealed->packetId);
        QVERIFY(again->digest != sealed->digest);
    }

    void tamperingIsDetected_data() { suites_data(); }
    void tamperingIsDetected()
    {
        QFETCH(Suite, suite);
        auto device = PrivateKey::generate(suite, KeyUse::Signing);
        auto intruder = PrivateKey::generate(suite, KeyUse::Signing);
        auto hub = PrivateKey::generate(suite, KeyUse::Encryption);
        OW_VERIFY_OK(device);
        OW_VERIFY_OK(intruder);
        OW_VERIFY_OK(hub);
        const PacketSealer sealer(suite, *device, hub->publicKey(), QStringLiteral("d-test"));
        auto sealed = sealer.seal(sampleContent(), 7, QDateTime::currentDateTimeUtc());
        OW_VERIFY_OK(sealed);

        // Every check that a complete verification runs; true when the packet passes all of them.
        const auto passes = [&](const QByteArray &envelope, const QByteArray &attachment) {
            auto parsed = PacketOpener::parse(envelope);
            if (!parsed)
                return false;
            if (!PacketOpener::verifySignature(*parsed, device->publicKey()) || !PacketOpener::verifyDigests(*parsed))
                return false;
            if (!PacketOpener::verifyExternalPart(*parsed, QStringLiteral("att-0"), attachment))
                return false;
            return PacketOpener::open(*parsed, *hub, {{QStringLiteral("att-0"), attachment}}).ok();
        };
        const QByteArray attachment = sealed->externalParts[0].blob;
        QVERIFY(passes(sealed->envelope, attachment));

        // Ciphertext of the payload.
        QVERIFY(!passes(editEnvelope(sealed->envelope,
                                     [](QJsonObject &o) {
                                         QJsonArray parts = o.value(QStringLiteral("parts")).toArray();
                                         QJsonObject payload = parts[0].toObject();
                                         payload[QStringLiteral("data")] = QString::fromLatin1(
                                             flipBase64Byte(payload.value(QStringLiteral("data")).toString(), 20));
                                         parts[0] = payload;
                                         o[QStringLiteral("parts")] = parts;
                                     }),
                        attachment));
        // The manifest (sequence changed, signature left as it was).
        QVERIFY(!passes(editEnvelope(sealed->envelope,
                                     [](QJsonObject &o) {
                                         QByteArray manifest = QByteArray::fromBase64(
                                             o.value(QStringLiteral("manifest")).toString().toLatin1());
                                         manifest.replace("\"sequence\":7", "\"sequence\":8");
                                         o[QStringLiteral("manifest")] = QString::fromLatin1(manifest.toBase64());
                                     }),
                        attachment));
        // The wrapped key.
        QVERIFY(!passes(editEnvelope(sealed->envelope,
                                     [](QJsonObject &o) {
                                         o[QStringLiteral("wrappedKey")] = QString::fromLatin1(
                                             flipBase64Byte(o.value(QStringLiteral("wrappedKey")).toString(), 40));
                                     }),
                        attachment));
        // Re-signed by another key.
        QVERIFY(!passes(editEnvelope(sealed->envelope,
                                     [&](QJsonObject &o) {
                                         const QByteArray manifest = QByteArray::fromBase64(
                                             o.value(QStringLiteral("manifest")).toString().toLatin1());
                                         o[QStringLiteral("signature")] =
                                             QString::fromLatin1(sign(*intruder, manifest).value().toBase64());
                                     }),
                        attachment));
        // The suite label.
        QVERIFY(!passes(editEnvelope(sealed->envelope,
                                     [&](QJsonObject &o) {
                                         o[QStringLiteral("suite")] =
                                             suite == Suite::Gm ? QStringLiteral("intl") : QStringLiteral("gm");
                                     }),
                        attachment));
        // The attachment.
        QByteArray bentAttachment = attachment;
        bentAttachment[5000] = static_cast<char>(bentAttachment[5000] ^ 1);
        QVERIFY(!passes(sealed->envelope, bentAttachment));
        // Garbage.
        QVERIFY(!PacketOpener::parse("not json").ok());
        QVERIFY(!PacketOpener::parse("{}").ok());
    }

    void receipts_data() { suites_data(); }
    void receipts()
    {
        QFETCH(Suite, suite);
        auto hub = PrivateKey::generate(suite, KeyUse::Signing);
        auto other = PrivateKey::generate(suite, KeyUse::Signing);
        OW_VERIFY_OK(hub);
        OW_VERIFY_OK(other);
        ReceiptData data;
        data.hubId = QStringLiteral("hub-1");
        data.packetId = QStringLiteral("0b6e7b52-6a3e-4c3e-9f0e-3a5d2f1c0b9a");
        data.caseId = QStringLiteral("C1");
        data.deviceId = QStringLiteral("d-1");
        data.digest = QByteArray(64, 'a');
        data.receivedAt = QStringLiteral("2024-05-01T08:00:00.000Z");
        data.hubSequence = 5;
        auto document = signReceipt(suite, *hub, data);
        OW_VERIFY_OK(document);
        auto verified = verifyReceipt(*document, hub->publicKey());
        OW_VERIFY_OK(verified);
        QCOMPARE(verified->packetId, data.packetId);
        QCOMPARE(verified->digest, data.digest);
        QCOMPARE(verified->hubSequence, 5);
        QVERIFY(!verifyReceipt(*document, other->publicKey()).ok());
        QJsonObject o = QJsonDocument::fromJson(*document).object();
        QByteArray receipt = QByteArray::fromBase64(o.value(QStringLiteral("receipt")).toString().toLatin1());
        receipt.replace("\"hubSequence\":5", "\"hubSequence\":6");
        o[QStringLiteral("receipt")] = QString::fromLatin1(receipt.toBase64());
        QVERIFY(!verifyReceipt(QJsonDocument(o).toJson(), hub->publicKey()).ok());
    }

    // A group's receipts under one signature (1.19): every receipt of groups of every shape
    // verifies alone, and a changed receipt, path, place or size, or another group's
    // signature, does not.
    void receiptGroups_data() { suites_data(); }
    void receiptGroups()
    {
        QFETCH(Suite, suite);
        auto hub = PrivateKey::generate(suite, KeyUse::Signing);
        auto other = PrivateKey::generate(suite, KeyUse::Signing);
        OW_VERIFY_OK(hub);
        OW_VERIFY_OK(other);
        const auto receiptOf = [](qint64 seq) {
            ReceiptData data;
            data.hubId = QStringLiteral("hub-1");
            data.packetId = QStringLiteral("packet-%1").arg(seq);
            data.caseId = QStringLiteral("C%1").arg(seq);
            data.deviceId = QStringLiteral("d-1");
            data.digest = QByteArray(64, 'a');
            data.receivedAt = QStringLiteral("2024-05-01T08:00:00.000Z");
            data.hubSequence = seq;
            return data;
        };
        QList<QByteArray> earlierGroup;
        for (int size : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33}) {
            QList<ReceiptData> group;
            for (int i = 0; i < size; ++i)
                group.append(receiptOf(1000 * size + i));
            auto documents = signReceipts(suite, *hub, group);
            OW_VERIFY_OK(documents);
            QCOMPARE(documents->size(), size);
            for (int i = 0; i < size; ++i) {
                auto verified = verifyReceipt(documents->at(i), hub->publicKey());
                OW_VERIFY_OK(verified);
                QCOMPARE(verified->packetId, group[i].packetId);
                QCOMPARE(verified->hubSequence, group[i].hubSequence);
                QVERIFY(!verifyReceipt(documents->at(i), other->publicKey()).ok());
            }
            if (size == 1) {
                // One receipt alone is signed as before 1.19.
                QVERIFY(!QJsonDocument::fromJson(documents->first()).object().contains(QStringLiteral("batch")));
                continue;
            }
            const int last = size - 1;
            const QJsonObject o = QJsonDocument::fromJson(documents->at(last)).object();
            const QJsonObject batch = o.value(QStringLiteral("batch")).toObject();
            const auto changed = [&](const std::function<void(QJsonObject &, QJsonObject &)> &change) {
                QJsonObject doc = o;
                QJsonObject b = batch;
                change(doc, b);
                doc[QStringLiteral("batch")] = b;
                return verifyReceipt(QJsonDocument(doc).toJson(), hub->publicKey()).ok();
            };
            QVERIFY(changed([](QJsonObject &, QJsonObject &) {}));
            // Another packet's receipt with this one's path.
            QVERIFY(!changed([&](QJsonObject &doc, QJsonObject &) {
                doc[QStringLiteral("receipt")] =
                    QJsonDocument::fromJson(documents->at(0)).object().value(QStringLiteral("receipt"));
            }));
            QVERIFY(!changed([](QJsonObject &, QJsonObject &b) {
                b[QStringLiteral("index")] = b.value(QStringLiteral("index")).toInteger() - 1;
            }));
            QVERIFY(!changed([](QJsonObject &, QJsonObject &b) {
                b[QStringLiteral("size")] = b.value(QStringLiteral("size")).toInteger() + 1;
            }));
            QVERIFY(!changed([](QJsonObject &, QJsonObject &b) {
                QJsonArray path = b.value(QStringLiteral("path")).toArray();
                QByteArray hash = QByteArray::fromHex(path[0].toString().toLatin1());
                hash[0] = char(hash[0] ^ 1);
                path[0] = QString::fromLatin1(hash.toHex());
                b[QStringLiteral("path")] = path;
            }));
            QVERIFY(!changed([](QJsonObject &, QJsonObject &b) {
                QJsonArray path = b.value(QStringLiteral("path")).toArray();
                path.removeLast();
                b[QStringLiteral("path")] = path;
            }));
            QVERIFY(!changed([](QJsonObject &, QJsonObject &b) { b[QStringLiteral("index")] = QStringLiteral("0"); }));
            // The signature of an earlier group over this group's receipt.
            if (!earlierGroup.isEmpty()) {
                QVERIFY(!changed([&](QJsonObject &doc, QJsonObject &) {
                    doc[QStringLiteral("signature")] =
                        QJsonDocument::fromJson(earlierGroup.first()).object().value(QStringLiteral("signature"));
                }));
            }
            // A group's receipt without its batch is not a receipt signed alone.
            QJsonObject plain = o;
            plain.remove(QStringLiteral("batch"));
            QVERIFY(!verifyReceipt(QJsonDocument(plain).toJson(), hub->publicKey()).ok());
            earlierGroup = *documents;
        }
    }

    // Salted slow hashes of typed secrets: a fresh salt each time, the secret not in the text,
    // only the same secret verifies, and anything malformed is refused.
    void secretHashes()
    {
        const QString a = crypto::hashSecret("246810", 1000);
        const QString b = crypto::hashSecret("246810", 1000);
        QVERIFY(a.startsWith(QStringLiteral("pbkdf2-sm3$1000$")));
        QVERIFY(a != b);
        QVERIFY(!a.contains(QStringLiteral("246810")));
        QVERIFY(crypto::verifySecret("246810", a));
        QVERIFY(crypto::verifySecret("246810", b));
        QVERIFY(!crypto::verifySecret("246811", a));
        QVERIFY(!crypto::verifySecret("", a));
        QVERIFY(!crypto::verifySecret("246810", QString()));
        QVERIFY(!crypto::verifySecret("246810", QStringLiteral("pbkdf2-sm3$0$AAAA$AAAA")));
        QVERIFY(
            !crypto::verifySecret("246810", QString(a).replace(QStringLiteral("pbkdf2-sm3"), QStringLiteral("md5"))));
        QVERIFY(crypto::hashSecret("246810", 0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
