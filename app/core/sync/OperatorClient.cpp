#include "sync/OperatorClient.h"

#include "sync/SyncText.h"

#include "protocol/JsonFields.h"

#include <QUrlQuery>

namespace ow::sync {

namespace {

OperatorFailure failureOf(int status, const QString &code)
{
    if (status == 0)
        return OperatorFailure::Unreachable;
    if (code == QLatin1String("bad_credentials"))
        return OperatorFailure::BadCredentials;
    if (status == 423 || code == QLatin1String("locked"))
        return OperatorFailure::Locked;
    if (code == QLatin1String("account_disabled"))
        return OperatorFailure::Disabled;
    if (code == QLatin1String("token_invalid"))
        return OperatorFailure::TokenInvalid;
    if (code.startsWith(QLatin1String("forbidden")))
        return OperatorFailure::Forbidden;
    if (status == 404)
        return OperatorFailure::NotFound;
    if (code == QLatin1String("stale"))
        return OperatorFailure::Stale;
    if (code == QLatin1String("already_decided") || code == QLatin1String("in_special_procedure") ||
        code == QLatin1String("not_suspended"))
        return OperatorFailure::AlreadyDecided;
    return OperatorFailure::Refused;
}

QString messageOf(OperatorFailure failure, const HttpResponse &response)
{
    // 1.12: the refusals of special procedures (特别程序) say what to do instead.
    const QString code = response.answered() ? protocol::ErrorBody::codeOf(response.body) : QString();
    if (code == QLatin1String("in_special_procedure"))
        return SyncText::tr("This case is in a special procedure: end the special procedure before you decide.");
    if (code == QLatin1String("not_suspended"))
        return SyncText::tr("This case is not in a special procedure (it may have been ended meanwhile).");
    if (code == QLatin1String("bad_expected_end"))
        return SyncText::tr("The county hub did not take the expected end: it must be after today and at most 180 "
                            "days ahead.");
    switch (failure) {
    case OperatorFailure::Unreachable:
        return SyncText::tr("The county hub cannot be reached right now.");
    case OperatorFailure::BadCredentials:
        return SyncText::tr("The user name or the password is wrong.");
    case OperatorFailure::Locked: {
        const int seconds = response.header("retry-after").toInt();
        const int minutes = std::max(1, (seconds + 59) / 60);
        return SyncText::tr("This account is locked after too many wrong passwords. Try again in %n minute(s).", "",
                            minutes);
    }
    case OperatorFailure::Disabled:
        return SyncText::tr("This account is disabled. Ask the hall's administrator.");
    case OperatorFailure::TokenInvalid:
        return SyncText::tr("Your sign-in at the county hub has ended. Please sign in again.");
    case OperatorFailure::Forbidden:
        return SyncText::tr("Your account may not do this.");
    case OperatorFailure::NotFound:
        return SyncText::tr("The county hub does not show this case to you.");
    case OperatorFailure::Stale:
        return SyncText::tr("The case has changed since you opened it (a corrected application came in). It has "
                            "been reloaded: please read it again and decide on what it holds now.");
    case OperatorFailure::AlreadyDecided:
        return SyncText::tr("This case has already been decided, or waits for the citizen's correction.");
    case OperatorFailure::Refused:
    case OperatorFailure::None:
        break;
    }
    return SyncText::tr("The county hub refused the request.");
}

} // namespace

OperatorClient::OperatorClient(Transport &transport)
    : m_transport(transport)
{}

HttpResponse OperatorClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                                  const QByteArray &token)
{
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.body = body;
    if (!body.isEmpty())
        request.header("Content-Type", "application/json");
    const QByteArray bearer = token.isEmpty() ? m_token : token;
    if (!bearer.isEmpty())
        request.header("Authorization", "Bearer " + bearer);
    return m_transport.send(request);
}

template<typename T>
OperatorReply<T> OperatorClient::read(const HttpResponse &response, const QString &what)
{
    if (response.status == 200) {
        if constexpr (requires { T::fromBytes(response.body); }) {
            // Read in one pass (a queue may be long); a problem is named as fromJson names it.
            auto parsed = T::fromBytes(response.body);
            if (parsed)
                return {std::move(parsed), OperatorFailure::None};
            qCWarning(lcSync) << "operator API:" << what << "answer not understood:" << parsed.error().logDetail;
            return {makeError(ErrorCode::Invalid, messageOf(OperatorFailure::Refused, response),
                              what + QStringLiteral(": unreadable answer")),
                    OperatorFailure::Refused};
        }
        auto object = protocol::parseObject(response.body, what);
        if (object) {
            auto parsed = T::fromJson(*object);
            if (parsed)
                return {std::move(parsed), OperatorFailure::None};
            qCWarning(lcSync) << "operator API:" << what << "answer not understood:" << parsed.error().logDetail;
        } else {
            qCWarning(lcSync) << "operator API:" << what << "answer not JSON:" << object.error().logDetail;
        }
        return {makeError(ErrorCode::Invalid, messageOf(OperatorFailure::Refused, response),
                          what + QStringLiteral(": unreadable answer")),
                OperatorFailure::Refused};
    }
    const QString code = response.answered() ? protocol::ErrorBody::codeOf(response.body) : QString();
    const OperatorFailure failure = failureOf(response.status, code);
    const QString detail = response.answered()
                               ? QStringLiteral("%1: HTTP %2 %3").arg(what).arg(response.status).arg(code)
                               : QStringLiteral("%1: no answer: %2").arg(what, response.transportError);
    qCInfo(lcSync) << "operator API:" << detail;
    return {makeError(failure == OperatorFailure::Unreachable ? ErrorCode::Io : ErrorCode::Invalid,
                      messageOf(failure, response), detail),
            failure,
            failure == OperatorFailure::AlreadyDecided ? protocol::ErrorBody::decidedOf(response.body) : std::nullopt};
}

OperatorReply<protocol::LoginAnswer> OperatorClient::login(const QString &username, const QString &password)
{
    m_token.clear();
    protocol::LoginRequest request{username, password};
    auto reply = read<protocol::LoginAnswer>(
        send("POST", QStringLiteral("/v1/operators/login"), protocol::toBytes(request.toJson())),
        QStringLiteral("login"));
    if (reply.ok())
        m_token = reply.result->token.toLatin1();
    return reply;
}

void OperatorClient::logout(const QByteArray &token)
{
    if (token.isEmpty())
        return;
    const HttpResponse response = send("POST", QStringLiteral("/v1/operators/logout"), {}, token);
    if (response.status != 204)
        qCInfo(lcSync) << "operator API: logout answered" << response.status;
}

OperatorReply<protocol::QueueAnswer> OperatorClient::queue(const QString &department, CaseState state, int limit,
                                                           const QString &after)
{
    QUrlQuery query;
    if (!department.isEmpty())
        query.addQueryItem(QStringLiteral("department"), department);
    query.addQueryItem(QStringLiteral("state"), caseState::key(state));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!after.isEmpty())
        query.addQueryItem(QStringLiteral("after"), after);
    return read<protocol::QueueAnswer>(send("GET", QStringLiteral("/v1/queue?") + query.toString(QUrl::FullyEncoded)),
                                       QStringLiteral("queue"));
}

OperatorReply<protocol::CaseDetail> OperatorClient::caseDetail(const QString &caseId)
{
    return read<protocol::CaseDetail>(
        send("GET", QStringLiteral("/v1/cases/") + QString::fromLatin1(QUrl::toPercentEncoding(caseId))),
        QStringLiteral("case detail"));
}

OperatorReply<protocol::DecisionAnswer> OperatorClient::decide(const QString &caseId,
                                                               const protocol::DecisionRequest &request)
{
    return read<protocol::DecisionAnswer>(send("POST",
                                               QStringLiteral("/v1/cases/") +
                                                   QString::fromLatin1(QUrl::toPercentEncoding(caseId)) +
                                                   QStringLiteral("/decision"),
                                               protocol::toBytes(request.toJson())),
                                          QStringLiteral("decision"));
}

OperatorReply<QByteArray> OperatorClient::auditRead(const QString &pathAndQuery)
{
    const HttpResponse response = send("GET", pathAndQuery);
    if (response.status == 200)
        return {response.body, OperatorFailure::None};
    const QString code = response.answered() ? protocol::ErrorBody::codeOf(response.body) : QString();
    const OperatorFailure failure = failureOf(response.status, code);
    const QString detail = response.answered() ? QStringLiteral("audit: HTTP %1 %2").arg(response.status).arg(code)
                                               : QStringLiteral("audit: no answer: %1").arg(response.transportError);
    qCInfo(lcSync) << "operator API:" << detail;
    return {makeError(failure == OperatorFailure::Unreachable ? ErrorCode::Io : ErrorCode::Invalid,
                      messageOf(failure, response), detail),
            failure};
}

Result<HallStatsAnswer> HallStatsAnswer::fromJson(const QJsonObject &object)
{
    for (const char *count : {"received", "concluded", "overdue", "dueSoon", "badRatings", "followUpsOpen"})
        if (!object.value(QLatin1String(count)).isDouble())
            return makeError(ErrorCode::Invalid, QString(),
                             QStringLiteral("stats answer: %1 missing").arg(QLatin1String(count)));
    return HallStatsAnswer{object};
}

OperatorReply<HallStatsAnswer> OperatorClient::hallStatistics(const QString &period)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("period"), period);
    return read<HallStatsAnswer>(send("GET", QStringLiteral("/v1/stats?") + query.toString(QUrl::FullyEncoded)),
                                 QStringLiteral("stats"));
}

OperatorReply<protocol::FollowUpList> OperatorClient::followUps(const QString &state)
{
    return read<protocol::FollowUpList>(
        send("GET", QStringLiteral("/v1/followups?state=") + QString::fromLatin1(QUrl::toPercentEncoding(state))),
        QStringLiteral("follow-ups"));
}

OperatorReply<protocol::FollowUp> OperatorClient::closeFollowUp(const QString &id,
                                                                const protocol::FollowUpClose &request)
{
    return read<protocol::FollowUp>(
        send("POST", QStringLiteral("/v1/followups/") + QString::fromLatin1(QUrl::toPercentEncoding(id)),
             protocol::toBytes(request.toJson())),
        QStringLiteral("follow-up"));
}

} // namespace ow::sync
