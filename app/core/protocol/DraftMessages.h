#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace ow::protocol {

// ---------------------------------------------------------------- kiosk drafts relayed to the window (§5.6)

// What the hub files a draft under: hex(SM3("OW1-PICKUP\n" + short code)), 64 characters. The
// short code (8 symbols, sync::pickupShortCode) is what both a scanned and a typed code lead to.
QByteArray pickupKey(const QString &shortCode);

// The draft's own part of its sealed payload (beside caseId, itemId, form, materials), signed by
// the kiosk with the rest: which code takes it over and until when.
struct DraftPickupTerms
{
    QByteArray pickupKey; // hex, 64
    QString expiresAt;    // wire time

    static Result<DraftPickupTerms> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// POST /v1/drafts/take: the window clerk at an enrolled desk takes a kiosk draft over. The desk
// signs the request (§1); `recipientKey` is a fresh encryption public key (PEM, either suite) the
// hub wraps the draft's content key to, so the draft travels sealed end to end.
struct DraftTakeRequest
{
    QByteArray pickupKey;
    QString operatorName; // the clerk signed in at the desk (audit only)
    QString role;         // the clerk's role key; only "windowClerk" takes drafts over
    QByteArray recipientKey;

    static Result<DraftTakeRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// 200 of POST /v1/drafts/take: the kiosk's packet as it was sent (manifest and signature intact),
// the content key wrapped again for the desk, and the key that signed the packet.
struct DraftTakeAnswer
{
    QString draftId;
    QString deviceId;
    QString expiresAt;
    QByteArray packet;     // the envelope bytes (§3.1)
    QByteArray wrappedKey; // the content key wrapped to recipientKey
    QByteArray signingKey; // DER SubjectPublicKeyInfo of the kiosk's key
    QString takenAt;

    static Result<DraftTakeAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// 201/200 of POST /v1/drafts.
struct DraftStored
{
    QString draftId;
    QString expiresAt;

    static Result<DraftStored> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

} // namespace ow::protocol
