#pragma once

#include "protocol/JsonFields.h"
#include "protocol/Messages.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace ow::hub {

// What the hub answers to one request, independent of the HTTP server, so the same service code
// serves HTTP and `import-packets`.
struct Reply
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray errorCode; // set on errors, for metrics and import-packets

    static Reply json(int status, const QJsonObject &object)
    {
        Reply reply;
        reply.status = status;
        reply.body = protocol::toBytes(object);
        return reply;
    }
    static Reply raw(int status, QByteArray body, QByteArray contentType = "application/json")
    {
        Reply reply;
        reply.status = status;
        reply.body = std::move(body);
        reply.contentType = std::move(contentType);
        return reply;
    }
    static Reply empty(int status)
    {
        Reply reply;
        reply.status = status;
        reply.contentType.clear();
        return reply;
    }
    // {"error": code, "message": English detail}; the detail never carries personal data.
    static Reply error(int status, const char *code, const QString &message,
                       std::optional<protocol::ErrorBody::Decided> decided = std::nullopt)
    {
        Reply reply = json(status, protocol::ErrorBody{QString::fromLatin1(code), message, decided}.toJson());
        reply.errorCode = code;
        return reply;
    }
    Reply &header(QByteArray name, QByteArray value)
    {
        headers.append({std::move(name), std::move(value)});
        return *this;
    }
};

} // namespace ow::hub
