#include "sync/CaseSubmission.h"

#include "store/Database.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace ow::sync {

Result<Submission> submitApplication(Store &store, const EnrolledDevice *device, const NewCase &data,
                                     const Actor &actor, const std::function<Status(const Case &)> &attach)
{
    Transaction tx(store.db());
    OW_TRY(tx.begun());
    auto created = store.cases().create(data, actor);
    if (!created.ok())
        return created.error();
    auto received = store.cases().transition(created->number, CaseState::Received, actor, QString());
    if (!received.ok())
        return received.error();
    if (attach)
        OW_TRY(attach(*received));
    Submission out;
    if (device) {
        auto sealed = CaseSealer(store, *device).seal(received->number, actor);
        if (!sealed.ok())
            return sealed.error();
        out.sealed = std::move(sealed).value();
    }
    OW_TRY(tx.commit());
    // Read back after the commit: the sealed case's sync state is the stored one.
    auto stored = store.cases().findByNumber(received->number);
    if (!stored.ok())
        return stored.error();
    out.submitted = stored->value_or(*received);
    return out;
}

Result<int> sealWaitingCases(Store &store, const EnrolledDevice &device, const Actor &actor)
{
    auto waiting = store.cases().byState(CaseState::Received);
    if (!waiting.ok())
        return waiting.error();
    int sealed = 0;
    for (const Case &c : *waiting) {
        if (c.syncState != SyncState::Local || c.purged)
            continue;
        auto hasPacket = store.outbox().hasPacketForCase(c.id);
        if (!hasPacket.ok())
            return hasPacket.error();
        if (*hasPacket)
            continue;
        auto done = CaseSealer(store, device).seal(c.number, actor);
        if (!done.ok())
            return done.error();
        ++sealed;
    }
    if (sealed > 0)
        qCInfo(lcSync) << "sealed" << sealed << "cases kept while the device was not enrolled";
    return sealed;
}

} // namespace ow::sync
