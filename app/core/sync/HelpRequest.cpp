#include "sync/HelpRequest.h"

#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "protocol/JsonFields.h"

namespace ow::sync {

namespace {

Result<QJsonObject> answerOf(const Result<HttpResponse> &response, const char *what)
{
    if (!response.ok())
        return response.error();
    if (!response->answered()) {
        return makeError(ErrorCode::Io, SyncText::tr("The county hub cannot be reached."),
                         QStringLiteral("%1: no answer: %2").arg(QLatin1String(what), response->transportError));
    }
    if (response->status == 404) {
        return makeError(ErrorCode::NotFound, SyncText::tr("The county hub does not know this help request."),
                         QStringLiteral("%1: HTTP 404").arg(QLatin1String(what)));
    }
    if (response->status != 200 && response->status != 201) {
        return makeError(ErrorCode::Io,
                         SyncText::tr("The county hub could not answer the request (%1).").arg(response->status),
                         QStringLiteral("%1: HTTP %2 %3")
                             .arg(QLatin1String(what))
                             .arg(response->status)
                             .arg(hubErrorCode(response->body)));
    }
    return protocol::parseObject(response->body, QString::fromLatin1(what));
}

} // namespace

Result<QList<protocol::HelpRequest>> listOpenHelpRequests(Transport &transport, const DeviceIdentity &device,
                                                          const Clock &clock)
{
    HttpRequest req;
    req.path = QStringLiteral("/v1/help-requests?state=open");
    auto object = answerOf(sendSigned(transport, device, clock, req), "help request list");
    if (!object.ok())
        return object.error();
    auto list = protocol::HelpRequestList::fromJson(*object);
    if (!list.ok())
        return list.error();
    return list->requests;
}

Result<protocol::HelpRequest> closeHelpRequest(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                               const QString &id)
{
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/help-requests/%1/close").arg(id);
    auto object = answerOf(sendSigned(transport, device, clock, req), "help request close");
    if (!object.ok())
        return object.error();
    return protocol::HelpRequest::fromJson(*object);
}

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
