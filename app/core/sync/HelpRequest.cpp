#include "sync/HelpRequest.h"

#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "protocol/JsonFields.h"

namespace ow::sync {

Result<protocol::HelpRequest> askForHelp(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                         const QString &screen)
{
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/help-requests");
    req.body = protocol::toBytes(protocol::HelpRequestCreate{screen}.toJson());
    req.header("Content-Type", "application/json");
    auto response = sendSigned(transport, device, clock, req);
    if (!response.ok())
        return response.error();
    if (!response->answered()) {
        return makeError(ErrorCode::Io, SyncText::tr("The county hub cannot be reached."),
                         QStringLiteral("help request: no answer: %1").arg(response->transportError));
    }
    if (response->status != 200 && response->status != 201) {
        return makeError(
            ErrorCode::Io, SyncText::tr("The county hub could not answer the request (%1).").arg(response->status),
            QStringLiteral("help request: HTTP %1 %2").arg(response->status).arg(hubErrorCode(response->body)));
    }
    auto object = protocol::parseObject(response->body, QStringLiteral("help request answer"));
    if (!object.ok())
        return object.error();
    return protocol::HelpRequest::fromJson(*object);
}

} // namespace ow::sync
