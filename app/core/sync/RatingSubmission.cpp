#include "sync/RatingSubmission.h"

#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "crypto/Packet.h"
#include "protocol/JsonFields.h"
#include "store/Store.h"

#include <QUuid>

namespace ow::sync {

namespace {

bool inRange(const protocol::RatingDimensions &d)
{
    for (const int v : {d.overall, d.efficiency, d.professionalism, d.attitude}) {
        if (v < 1 || v > 5)
            return false;
    }
    return true;
}

} // namespace

Result<CaseRating> submitRating(Store &store, const RatingInput &input, const Actor &actor)
{
    if (input.channel == RatingChannel::Window && !input.dimensions)
        return makeError(ErrorCode::Invalid, SyncText::tr("Rate each of the four aspects of the service."),
                         QStringLiteral("window rating of %1 without dimensions").arg(input.caseNumber));
    if (input.dimensions && !inRange(*input.dimensions))
        return makeError(ErrorCode::Invalid, SyncText::tr("Rate each of the four aspects of the service."),
                         QStringLiteral("rating of %1 with a dimension out of 1-5").arg(input.caseNumber));
    Transaction tx(store.db());
    OW_TRY(tx.begun());
    auto rated = store.ratings().rate(input.caseNumber, input.level, input.channel, input.comment, actor);
    if (!rated.ok())
        return rated.error();
    auto found = store.cases().findByNumber(input.caseNumber);
    if (!found.ok())
        return found.error();
    const qint64 caseId = found->has_value() ? (*found)->id : 0;
    auto sealed = store.outbox().hasPacketForCase(caseId);
    if (!sealed.ok())
        return sealed.error();
    if (*sealed) {
        protocol::RatingSubmit body;
        body.caseId = input.caseNumber;
        body.level = input.level;
        body.channel = input.channel;
        body.dimensions = input.dimensions;
        body.comment = rated->comment;
        body.ratedAt = crypto::wireTime(rated->createdAt);
        auto queued = store.outbox().enqueue(caseId, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                             QString::fromLatin1(kKindRating), protocol::toBytes(body.toJson()));
        if (!queued.ok())
            return queued.error();
    } else {
        qCInfo(lcSync) << "case" << input.caseNumber << "was never sealed here: its rating stays on this device";
    }
    OW_TRY(tx.commit());
    return rated;
}

} // namespace ow::sync
