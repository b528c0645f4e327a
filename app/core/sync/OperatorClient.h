#pragma once

#include "sync/Http.h"

#include "common/Result.h"
#include "domain/CaseState.h"
#include "protocol/Messages.h"
#include "protocol/RatingMessages.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <utility>

namespace ow::sync {

// What went wrong with an operator request, for the desk to branch on (never on message text).
enum class OperatorFailure {
    None,
    Unreachable,    // no HTTP answer at all: offline, the desk uses what it has
    BadCredentials, // 401 bad_credentials
    Locked,         // 423 locked
    Disabled,       // 403 account_disabled
    TokenInvalid,   // 401 token_invalid: sign in again
    Forbidden,      // 403 forbidden_role / forbidden_department
    NotFound,       // 404 not_found
    Stale,          // 409 stale: the case holds a newer packet than the one decided on
    AlreadyDecided, // 409 already_decided
    Refused,        // any other refusal or an answer that could not be read
};

// The answer of one operator request: a value, or the failure with a translated message.
template<typename T>
struct OperatorReply
{
    Result<T> result;
    OperatorFailure failure = OperatorFailure::None;
    // 1.14, on a decision's 409: the decision the case holds and whether this operator took it.
    std::optional<protocol::ErrorBody::Decided> decided = std::nullopt;

    bool ok() const { return result.ok(); }
};

// GET /v1/stats (1.16, PROTOCOL.md §8.3): the hall supervisor's figures as the hub counted them.
struct HallStatsAnswer
{
    QJsonObject figures;
    static Result<HallStatsAnswer> fromJson(const QJsonObject &object);
};

// The desk's side of the hub's operator API (server/PROTOCOL.md §7–§8): sign-in, the
// department's queue, a case's detail and the decision, over any Transport (send() blocks, so
// callers run it off the GUI thread). Holds the bearer token of the signed-in operator; the
// token is never logged.
class OperatorClient
{
public:
    explicit OperatorClient(Transport &transport);

    OperatorReply<protocol::LoginAnswer> login(const QString &username, const QString &password);
    // POST /v1/operators/logout with `token` (taken from this client beforehand with takeToken(),
    // so a sign-in that follows is not disturbed).
    void logout(const QByteArray &token);
    QByteArray takeToken() { return std::exchange(m_token, {}); }
    bool hasToken() const { return !m_token.isEmpty(); }
    void setToken(const QByteArray &token) { m_token = token; }
    void clearToken() { m_token.clear(); }

    // GET /v1/queue of `department` (empty: the operator's) in `state`; `after` the `next` token of
    // the page before (1.13), empty for the first page.
    OperatorReply<protocol::QueueAnswer> queue(const QString &department, CaseState state, int limit = 500,
                                               const QString &after = {});
    OperatorReply<protocol::CaseDetail> caseDetail(const QString &caseId);
    OperatorReply<protocol::DecisionAnswer> decide(const QString &caseId, const protocol::DecisionRequest &request);
    // 1.17, the auditor's reads (§12): GET `pathAndQuery` (/v1/audit…) with the operator's
    // token; the answer's body as it came (JSON, or the signed extract to keep byte for byte).
    OperatorReply<QByteArray> auditRead(const QString &pathAndQuery);
    // GET /v1/stats?period=today|month (1.16): the hall supervisor's figures.
    OperatorReply<HallStatsAnswer> hallStatistics(const QString &period);
    // 1.15 (§8.3, hall supervisors): the follow-ups of bad ratings ("open", "closed" or "all"), and
    // one closed with its outcome and 回访.
    OperatorReply<protocol::FollowUpList> followUps(const QString &state);
    OperatorReply<protocol::FollowUp> closeFollowUp(const QString &id, const protocol::FollowUpClose &request);

private:
    HttpResponse send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                      const QByteArray &token = {});
    template<typename T>
    OperatorReply<T> read(const HttpResponse &response, const QString &what);

    Transport &m_transport;
    QByteArray m_token;
};

} // namespace ow::sync
