#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace ow {

// What kind of failure happened; callers branch on this, never on message text.
enum class ErrorCode {
    Io,
    DiskFull,
    WrongKey,
    NotADatabase,
    Corrupt,
    NotFound,
    AlreadyExists,
    Invalid,
    IllegalTransition,
    AuditBroken,
    KeyStore,
    Crypto,
    Internal,
};

// A failure: a translated message for the person at the screen, and a precise line for the log.
// The log detail never carries personal data or key material.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString userMessage;
    QString logDetail;
};

inline Error makeError(ErrorCode code, QString userMessage, QString logDetail)
{
    return Error{code, std::move(userMessage), std::move(logDetail)};
}

// Either a value or an Error. No exceptions cross module boundaries.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
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

    const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

using Status = Result<void>;

} // namespace ow

// Returns the error of a failed Result from the enclosing function.
#define OW_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        auto &&owTryResult_ = (expr);                                                                                  \
        if (!owTryResult_.ok())                                                                                        \
            return owTryResult_.error();                                                                               \
    } while (false)
