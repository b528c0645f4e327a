#include "sync/DraftSave.h"

#include "sync/SyncText.h"

#include "crypto/Digest.h"
#include "store/Database.h"
#include "store/Store.h"

namespace ow::sync {

namespace {
// 32 symbols, none easily mistaken for another when read or typed: no 0/O and no 1/I.
constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
static_assert(sizeof(kAlphabet) == 33);
constexpr int kShortLength = 8;
} // namespace

Result<Case> saveDraft(Store &store, const NewCase &data, const Actor &actor,
                       const std::function<Status(const Case &)> &attach,
                       const std::function<Status(const Case &)> &inside)
{
    Transaction tx(store.db());
    OW_TRY(tx.begun());
    auto created = store.cases().create(data, actor);
    if (!created.ok())
        return created.error();
    if (attach)
        OW_TRY(attach(*created));
    if (inside)
        OW_TRY(inside(*created));
    OW_TRY(tx.commit());
    qCInfo(lcSync) << "draft" << created->number << "saved for" << data.itemCode;
    return *created;
}

Result<Case> findOpenDraft(Store &store, const QString &draftId)
{
    auto found = store.cases().findByNumber(draftId);
    if (!found.ok())
        return found.error();
    if (!found->has_value())
        return makeError(ErrorCode::NotFound,
                         SyncText::tr("The application saved under this pickup code is not on this device yet. "
                                      "Please wait until it has synced, or ask the citizen to fill it in again."),
                         QStringLiteral("pickup: draft %1 not in this store").arg(draftId));
    const Case &c = **found;
    if (c.state != CaseState::Draft)
        return makeError(
            ErrorCode::IllegalTransition,
            SyncText::tr("This pickup code has already been used: the application was taken over "
                         "at a service window."),
            QStringLiteral("pickup: case %1 is %2, no longer a draft").arg(draftId, caseState::key(c.state)));
    return c;
}

QString pickupShortCode(const QByteArray &signedCode)
{
    const QByteArray digest = crypto::sm3(QByteArrayLiteral("OWP1-short|") + signedCode);
    // The first 40 bits of the digest, 5 bits a symbol.
    quint64 bits = 0;
    for (int i = 0; i < 5; ++i)
        bits = (bits << 8) | quint8(digest.at(i));
    QString out;
    for (int i = kShortLength - 1; i >= 0; --i)
        out.append(QLatin1Char(kAlphabet[(bits >> (5 * i)) & 0x1f]));
    return out;
}

QString formatShortCode(const QString &shortCode)
{
    if (shortCode.size() != kShortLength)
        return shortCode;
    return shortCode.left(4) + QLatin1Char('-') + shortCode.mid(4);
}

QString normaliseShortCode(const QString &typed)
{
    QString out;
    for (const QChar c : typed) {
        if (c == QLatin1Char('-') || c.isSpace())
            continue;
        out.append(c.toUpper());
    }
    return out;
}

} // namespace ow::sync
