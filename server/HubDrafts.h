#pragma once

#include "common/Clock.h"
#include "protocol/DraftMessages.h"
#include "server/HubContext.h"

#include <QByteArray>
#include <QString>

namespace ow::hub {

// Kiosk drafts relayed to the service window (PROTOCOL.md §5.6, "finish at the window"). A kiosk
// sends the draft a citizen stopped with as a sealed packet (its payload names the pickup key and
// the code's expiry, signed with the rest); a window clerk at an enrolled desk takes it over by
// the pickup code exactly once: the hub checks the kiosk's signature again, wraps the content key
// anew to a key the desk sent, answers the kiosk's packet unchanged, and tells the kiosk through
// its events (draftTaken) so that it wipes its copy. Every write is one transaction with its
// audit entry. The hub keeps a draft's packet until the code expires, or one hour after the
// takeover (for the desk's retry), whichever comes first. Free of HTTP.
class DraftRelay
{
public:
    DraftRelay(HubDatabase &db, const HubKeys &keys, HubLimits limits, const Clock &clock = SystemClock::instance());

    struct Stored
    {
        protocol::DraftStored answer;
        bool created = false; // false: this very packet was stored before
    };
    // POST /v1/drafts from the authenticated `device`.
    ServiceResult<Stored> store(const DeviceIdentity &device, const QByteArray &envelope);
    // POST /v1/drafts/take from the authenticated desk `device`.
    ServiceResult<protocol::DraftTakeAnswer> take(const DeviceIdentity &device, const QByteArray &body);
    // Drops the packets of drafts whose codes expired or that were taken over over an hour ago.
    ServiceResult<int> purge();

    // The roles that may take drafts over: those identity's PermissionMatrix allows
    // takeOverKioskDraft (the window clerk, the village helper). The hub does not link identity.
    static bool mayTakeOver(const QString &roleKey);

private:
    ServiceError refuse(const QString &actor, Refusal kind, const char *code, const QString &detail,
                        const QString &target = {});

    HubContext m_context;
};

} // namespace ow::hub
