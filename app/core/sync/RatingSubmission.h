#pragma once

#include "common/Result.h"
#include "domain/Rating.h"
#include "protocol/RatingMessages.h"
#include "store/AuditLog.h"
#include "store/Ratings.h"

#include <QString>

#include <optional>

namespace ow {
class Store;
}

namespace ow::sync {

// The citizen's rating (好差评) of a case sealed on this device, with what the hub needs of it.
struct RatingInput
{
    QString caseNumber;
    Rating level = Rating::Satisfied;
    RatingChannel channel = RatingChannel::Kiosk;
    std::optional<protocol::RatingDimensions> dimensions; // required at the window
    QString comment;
};

// Stores the rating (RatingRepository: one per case, audited) and, in the same transaction, queues
// it for the hub (outbox kind kKindRating, the exact POST /v1/ratings body, PROTOCOL.md §8.3), so an
// offline device sends it later and a rating never goes out before its case's packet is stored at
// the hub (OutboxPump waits for that). A case this device never sealed is only rated here. A
// window rating without its four dimensions, or with one out of 1–5, is refused with a message.
Result<CaseRating> submitRating(Store &store, const RatingInput &input, const Actor &actor);

} // namespace ow::sync
