#include "sync/IssueResult.h"

#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "domain/IdNumber.h"
#include "protocol/JsonFields.h"
#include "store/Store.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QUuid>

namespace ow::sync {

namespace {

Error refused(const QString &message, const QString &detail)
{
    return makeError(ErrorCode::Invalid, message, detail);
}

// The name as the history shows it: the family name and stars (张**).
QString maskedName(const QString &name)
{
    const QString trimmed = name.trimmed();
    return trimmed.isEmpty() ? QString() : trimmed.left(1) + QString(trimmed.size() - 1, QLatin1Char('*'));
}

} // namespace

QString issuingNote(const Issuing &issuing)
{
    if (issuing.method == protocol::IssueMethod::Mail)
        return SyncText::tr("Mailed, tracking number %1").arg(issuing.trackingNumber.trimmed());
    return SyncText::tr("Collected in person by %1 (ID %2)")
        .arg(maskedName(issuing.collectorName), idNumber::masked(idNumber::normalized(issuing.collectorIdNumber)));
}

Result<Case> issueResult(Store &store, const QString &caseNumber, const Issuing &issuing, const Actor &actor)
{
    if (issuing.method == protocol::IssueMethod::InPerson) {
        if (issuing.collectorName.trimmed().isEmpty())
            return refused(SyncText::tr("Write the name of the person who collects the result."),
                           QStringLiteral("issue: no collector name"));
        const QString number = idNumber::normalized(issuing.collectorIdNumber);
        if (idNumber::check(number, store.clock().now().date()) != idNumber::Problem::None)
            return refused(SyncText::tr("The collector's ID number is not valid. Check it against the card."),
                           QStringLiteral("issue: collector ID number invalid"));
    } else {
        static const QRegularExpression tracking(QStringLiteral("^[A-Za-z0-9]{8,30}$"));
        if (!tracking.match(issuing.trackingNumber.trimmed()).hasMatch())
            return refused(SyncText::tr("Write the tracking number of the mailing: 8 to 30 letters and digits."),
                           QStringLiteral("issue: tracking number invalid"));
    }

    Transaction tx(store.db());
    OW_TRY(tx.begun());
    auto found = store.cases().findByNumber(caseNumber);
    if (!found.ok())
        return found.error();
    if (!found->has_value())
        return makeError(ErrorCode::NotFound, SyncText::tr("There is no such case on this desk."),
                         QStringLiteral("issue: case %1 not here").arg(caseNumber));
    const Case before = **found;
    if (before.state == CaseState::Issued)
        return refused(SyncText::tr("This case's result was issued already."),
                       QStringLiteral("issue: case %1 is issued already").arg(caseNumber));
    if (before.state != CaseState::Approved && before.state != CaseState::Denied) {
        return refused(SyncText::tr("This case has no decision yet (it is “%1”): there is nothing to issue.")
                           .arg(caseState::label(before.state)),
                       QStringLiteral("issue: case %1 is %2").arg(caseNumber, caseState::key(before.state)));
    }
    // The packet the hub decided on: the last one this device sealed for the case.
    Statement packet(store.db(),
                     "SELECT packet_id FROM outbox WHERE case_id = ? AND kind = ? ORDER BY id DESC LIMIT 1");
    packet.bind(1, before.id).bind(2, QString::fromLatin1(kKindPacket));
    if (!packet.next()) {
        OW_TRY(packet.status());
        return refused(SyncText::tr("This case was never sent to the county hub from this desk, so its result "
                                    "cannot be issued here."),
                       QStringLiteral("issue: case %1 has no packet in the outbox").arg(caseNumber));
    }
    const protocol::IssueRequest request{packet.text(0), issuing.method};

    auto concluded = store.cases().transition(caseNumber, CaseState::Concluded, actor, QString());
    if (!concluded.ok())
        return concluded.error();
    auto issued = store.cases().transition(caseNumber, CaseState::Issued, actor, issuingNote(issuing));
    if (!issued.ok())
        return issued.error();
    const QJsonObject row{{QStringLiteral("caseId"), caseNumber}, {QStringLiteral("request"), request.toJson()}};
    auto queued = store.outbox().enqueue(before.id, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                         QString::fromLatin1(kKindIssue), protocol::toBytes(row));
    if (!queued.ok())
        return queued.error();
    OW_TRY(tx.commit());
    qCInfo(lcSync) << "case" << caseNumber << "issued" << protocol::issueMethod::key(issuing.method)
                   << "- the hub is told through the outbox";
    return *issued;
}

} // namespace ow::sync
