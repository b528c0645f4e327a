#include "protocol/HelpMessages.h"

#include "protocol/JsonFields.h"

#include <QJsonArray>

namespace ow::protocol {

namespace {

constexpr qsizetype MaxIdLength = 128;
constexpr qsizetype MaxHelpRequests = 500;

template<typename T>
Result<T> finish(const FieldReader &reader, T value)
{
    if (!reader.ok())
        return reader.error();
    return value;
}

QString readScreen(FieldReader &r)
{
    const QString screen = r.string("screen", MaxHelpScreenLength);
    if (r.ok() && !isHelpScreenKey(screen))
        r.refuse("screen", QStringLiteral("is not a screen key (ASCII letters only)"));
    return screen;
}

HelpRequest readRequest(FieldReader &r)
{
    HelpRequest request;
    request.id = r.decimal("id");
    request.deviceId = r.string("deviceId", MaxIdLength);
    request.screen = readScreen(r);
    request.state = r.enumeration("state", helpState::fromKey);
    request.requestedAt = r.time("requestedAt");
    request.closedAt = r.optionalString("closedAt", 64);
    if (r.ok() && (request.state == HelpState::Closed) == request.closedAt.isEmpty())
        r.refuse("closedAt", QStringLiteral("is present exactly when the request is closed"));
    return request;
}

} // namespace

QString helpState::key(HelpState state)
{
    return state == HelpState::Open ? QStringLiteral("open") : QStringLiteral("closed");
}

std::optional<HelpState> helpState::fromKey(const QString &key)
{
    if (key == QLatin1String("open"))
        return HelpState::Open;
    if (key == QLatin1String("closed"))
        return HelpState::Closed;
    return std::nullopt;
}

bool isHelpScreenKey(const QString &screen)
{
    if (screen.isEmpty() || screen.size() > MaxHelpScreenLength)
        return false;
    for (const QChar c : screen) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))))
            return false;
    }
    return true;
}

Result<HelpRequestCreate> HelpRequestCreate::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("help request"));
    HelpRequestCreate create;
    create.screen = readScreen(r);
    return finish(r, create);
}

QJsonObject HelpRequestCreate::toJson() const
{
    return QJsonObject{{QStringLiteral("screen"), screen}};
}

Result<HelpRequest> HelpRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("help request"));
    HelpRequest request = readRequest(r);
    return finish(r, request);
}

QJsonObject HelpRequest::toJson() const
{
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("deviceId"), deviceId},
                    {QStringLiteral("screen"), screen},
                    {QStringLiteral("state"), helpState::key(state)},
                    {QStringLiteral("requestedAt"), requestedAt}};
    if (!closedAt.isEmpty())
        out.insert(QStringLiteral("closedAt"), closedAt);
    return out;
}

Result<HelpRequestList> HelpRequestList::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("help requests"));
    HelpRequestList list;
    list.requests = r.list("requests", readRequest);
    if (r.ok() && list.requests.size() > MaxHelpRequests)
        r.refuse("requests", QStringLiteral("has too many entries"));
    return finish(r, list);
}

QJsonObject HelpRequestList::toJson() const
{
    QJsonArray out;
    for (const HelpRequest &request : requests)
        out.append(request.toJson());
    return QJsonObject{{QStringLiteral("requests"), out}};
}

} // namespace ow::protocol
