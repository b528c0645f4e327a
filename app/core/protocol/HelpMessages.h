#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ow::protocol {

// ---------------------------------------------------------------- help from a person (§5.5)

// Where a help request stands: open until an operator closes it (the helper came).
enum class HelpState {
    Open,
    Closed,
};

namespace helpState {
QString key(HelpState state);
std::optional<HelpState> fromKey(const QString &key);
} // namespace helpState

// At most this many characters name the screen a help request comes from.
constexpr qsizetype MaxHelpScreenLength = 32;

// A kiosk asks for the village helper (呼叫帮办员). The device is the signer of the request and
// the time the hub's; the body names only the screen the citizen was on — a key of ASCII letters,
// so that no personal data can travel in it.
struct HelpRequestCreate
{
    QString screen;

    static Result<HelpRequestCreate> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// A help request as the hub keeps it: id (decimal string), device, screen, state and times.
struct HelpRequest
{
    QString id;
    QString deviceId;
    QString screen;
    HelpState state = HelpState::Open;
    QString requestedAt;
    QString closedAt; // empty while open

    static Result<HelpRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The operators' list (`GET /v1/help-requests?state=open`), oldest first.
struct HelpRequestList
{
    QList<HelpRequest> requests;

    static Result<HelpRequestList> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// True for a screen key the protocol accepts: 1–32 ASCII letters.
bool isHelpScreenKey(const QString &screen);

} // namespace ow::protocol
