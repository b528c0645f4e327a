#pragma once

#include "sync/DeviceIdentity.h"
#include "sync/Http.h"

#include "common/Clock.h"
#include "common/Result.h"
#include "domain/CaseState.h"
#include "protocol/Messages.h"

#include <QStringList>

#include <optional>

namespace ow {
class Store;
}

namespace ow::sync {

// Sends a device-signed request (PROTOCOL.md §1) with the store's clock.
Result<HttpResponse> sendSigned(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                HttpRequest request);

// True when the error says the hub did not answer at all (as opposed to answering with a refusal).
bool isNoAnswer(const Error &error);

// The steps from one state to another through the ordinary review path (received → accepted →
// under review → decision), each a legal transition; empty when there is no such path.
QList<CaseState> reviewPath(CaseState from, CaseState to);

struct EventsReport
{
    int received = 0; // events read from the hub
    int applied = 0;  // local cases that changed state
    QStringList changedCases;
    QString cursor;
};

// Pulls case status changes by cursor (§5) and applies them to the local cases through the
// state machine. The cursor is stored after each applied batch; applying an event twice changes
// nothing, so a crash in between is harmless.
class EventFeed
{
public:
    EventFeed(Store &store, Transport &transport, const DeviceIdentity &device);
    Result<EventsReport> pull(int pageSize = 100);

private:
    Store &m_store;
    Transport &m_transport;
    const DeviceIdentity &m_device;
};

struct CatalogReport
{
    bool changed = false;
    QString version;
    int items = 0;
};

// Fetches the service catalog (§6) with If-None-Match and keeps the last copy and its ETag in the
// store's settings.
class CatalogFeed
{
public:
    CatalogFeed(Store &store, Transport &transport, const DeviceIdentity &device);
    Result<CatalogReport> pull();
    // The last catalog document fetched, if any.
    Result<std::optional<QByteArray>> current();

private:
    Store &m_store;
    Transport &m_transport;
    const DeviceIdentity &m_device;
};

// Asks the hub where a case stands, for a receipt code a citizen shows at this device (§5.3).
// A code the hub does not recognise (forged, unknown device or case) is NotFound with a message
// for the citizen; no answer from the hub is the usual "hub unreachable" error (isNoAnswer).
Result<protocol::ProgressAnswer> queryProgress(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                               const QString &receiptCode);

// Fetches the county's enrolled devices' code-signing keys (§5.4). An answer that does not parse
// is ErrorCode::Invalid with a message for the screen and the field in the log detail.
Result<QList<protocol::DeviceKey>> fetchDeviceKeys(Transport &transport, const DeviceIdentity &device,
                                                   const Clock &clock);

// Fetches the device keys and replaces those kept in the store (table device_keys) with them; on
// any failure the keys kept before stay as they are. Asks with the ETag of the keys kept, so an
// unchanged list is not sent again (304: nothing written). The number of keys stored.
Result<int> refreshDeviceKeys(Store &store, Transport &transport, const DeviceIdentity &device);

} // namespace ow::sync
