#pragma once

#include "domain/CaseState.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace ow {

// How far a case has travelled towards the hub; separate from its administrative state.
enum class SyncState { Local, Sealed, Queued, Acknowledged };
QString syncStateKey(SyncState s);
SyncState syncStateFromKey(const QString &key);

// A case (办件) as the store keeps it. The form data is canonical JSON and holds personal data:
// it lives only inside the encrypted store and in sealed packets.
struct Case
{
    qint64 id = 0;
    QString number;      // 办件编号, minted offline: device + date + sequence
    QString itemCode;    // the service item id (forms/items/ID.json)
    int itemVersion = 0; // the item version the form was filled with
    CaseState state = CaseState::Draft;
    SyncState syncState = SyncState::Local;
    QString applicantMasked;  // 110***********002X — never the number in clear
    QByteArray applicantHash; // keyed hash of the normalised ID number
    QByteArray formJson;      // canonical JSON of the filled form
    QString deviceId;
    QDateTime createdAt;
    QDateTime updatedAt;
    bool purged = false; // personal data removed after retention
};

// One append-only step in a case's history (环节).
struct CaseEvent
{
    qint64 id = 0;
    qint64 caseId = 0;
    QDateTime at;
    QString actor;
    QString role;
    QString action; // "created", "transition", "formUpdated", ...
    QString fromState;
    QString toState;
    QString note; // opinion or reason; may be empty
};

// Who does something, for events and the audit chain.
struct Actor
{
    QString id;   // operator account or device id
    QString role; // citizen, clerk, reviewer, helper, supervisor, auditor, admin, device
};

} // namespace ow
