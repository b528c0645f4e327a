#pragma once

#include "common/Result.h"
#include "protocol/Messages.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace ow::hub {

// Why a service refused a request, in the service's terms; HubServer maps each kind to its HTTP
// status (PROTOCOL.md), `import-packets` prints the code.
enum class Refusal {
    BadRequest,      // 400: malformed or out of range
    Unauthenticated, // 401: who is asking is unknown, revoked or not proven
    Forbidden,       // 403: known, but not allowed this
    NotFound,        // 404
    Conflict,        // 409: the request contradicts what is stored
    Gone,            // 410: it was there, and its time is over (an expired pickup code)
    TooLarge,        // 413
    Locked,          // 423: account locked for a while
    TooMany,         // 429: over a limit; retry later
    Unavailable,     // 503: the database did not answer; retry
    Internal,        // 500: stored data the hub cannot read
};

// A service's refusal: the error code PROTOCOL.md names, an English detail for the log and the
// error body (never personal data), and what the client needs to try again.
struct ServiceError
{
    Refusal kind = Refusal::Internal;
    QByteArray code;
    QString detail;
    qint64 retryAfterSecs = -1; // ≥ 0: when to try again
    qint64 uploadOffset = -1;   // ≥ 0: the upload's stored offset, for the client to resume from
    // 1.14, on a decision's 409: the decision the case holds (PROTOCOL.md §8).
    std::optional<protocol::ErrorBody::Decided> decided;

    ServiceError(Refusal refusal, const char *errorCode, QString message)
        : kind(refusal)
        , code(errorCode)
        , detail(std::move(message))
    {}
    // A database failure: the request may be retried (503 unavailable).
    ServiceError(const Error &error)
        : kind(Refusal::Unavailable)
        , code("unavailable")
        , detail(error.logDetail)
        , retryAfterSecs(2)
    {}
    ServiceError &retryAfter(qint64 seconds)
    {
        retryAfterSecs = seconds;
        return *this;
    }
    ServiceError &atOffset(qint64 offset)
    {
        uploadOffset = offset;
        return *this;
    }
};

// What a hub service returns: a value, or the refusal. Like ow::Result, whose Error has no room for
// the protocol's error code; an ow::Error (a failed database call) converts to 503 unavailable,
// so OW_TRY works on database calls inside services.
template<typename T>
class [[nodiscard]] ServiceResult
{
public:
    ServiceResult(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    ServiceResult(ServiceError error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}
    ServiceResult(const Error &error)
        : m_state(std::in_place_index<1>, ServiceError(error))
    {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<0>(m_state); }
    const T &value() const & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    const ServiceError &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, ServiceError> m_state;
};

template<>
class [[nodiscard]] ServiceResult<void>
{
public:
    ServiceResult() = default;
    ServiceResult(ServiceError error)
        : m_error(std::move(error))
    {}
    ServiceResult(const Error &error)
        : m_error(ServiceError(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const ServiceError &error() const { return *m_error; }

private:
    std::optional<ServiceError> m_error;
};

using ServiceStatus = ServiceResult<void>;

} // namespace ow::hub
