#include "store/Authorisations.h"

#include "common/Logging.h"
#include "common/Tr.h"
#include "domain/IdNumber.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace ow {

namespace {

constexpr const char *kColumns =
    "SELECT id, reference, principal_name, principal_masked, principal_hash, agent_id, agent_name, agent_masked, "
    "agent_phone, scope, valid_from, valid_to, photo IS NOT NULL, signature IS NOT NULL, created_at "
    "FROM authorisations ";

QString isoMs(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QString &text)
{
    return text.isEmpty() ? QDateTime() : QDateTime::fromString(text, Qt::ISODateWithMs);
}

QString tr(const char *text)
{
    return QCoreApplication::translate("HelperText", text);
}

Authorisation readAuthorisation(Statement &st)
{
    Authorisation a;
    a.id = st.int64(0);
    a.reference = st.text(1);
    a.principalName = st.text(2);
    a.principalMasked = st.text(3);
    a.principalHash = st.blob(4);
    a.agent.operatorId = st.text(5);
    a.agent.name = st.text(6);
    a.agent.maskedId = st.text(7);
    a.agent.phone = st.text(8);
    for (const QJsonValue &v : QJsonDocument::fromJson(st.text(9).toUtf8()).array())
        a.scope.append(v.toString());
    a.validFrom = QDate::fromString(st.text(10), Qt::ISODate);
    a.validTo = QDate::fromString(st.text(11), Qt::ISODate);
    a.hasPhoto = st.int64(12) != 0;
    a.hasSignature = st.int64(13) != 0;
    a.createdAt = fromIso(st.text(14));
    return a;
}

Error invalid(const QString &user, const QString &log)
{
    return makeError(ErrorCode::Invalid, user, log);
}

} // namespace

Result<Authorisation> AuthorisationRepository::record(const NewAuthorisation &data, const Actor &helper)
{
    const QString principal = idNumber::normalized(data.principalIdNumber);
    if (principal.isEmpty() || data.principalName.trimmed().isEmpty())
        return invalid(tr("Identify the principal first: read the ID card or type the number."),
                       QStringLiteral("authorisation without a principal"));
    if (data.scope.isEmpty())
        return invalid(tr("Choose at least one service item the principal entrusts to you."),
                       QStringLiteral("authorisation with an empty scope"));
    if (!data.validFrom.isValid() || !data.validTo.isValid() || data.validTo < data.validFrom)
        return invalid(tr("The authorisation must end on or after the day it starts."),
                       QStringLiteral("authorisation validity %1..%2")
                           .arg(data.validFrom.toString(Qt::ISODate), data.validTo.toString(Qt::ISODate)));
    if (data.photo.isEmpty())
        return invalid(tr("Take a photo of the signed authorisation or choose its scanned image."),
                       QStringLiteral("authorisation without a photo"));
    if (data.signaturePng.isEmpty())
        return invalid(tr("The principal has to sign on the pad."),
                       QStringLiteral("authorisation without a signature"));
    if (data.agent.operatorId.isEmpty() || data.agent.name.trimmed().isEmpty())
        return invalid(tr("The helper's account has no name; ask the administrator to complete it."),
                       QStringLiteral("authorisation without an agent"));

    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement read(m_db, "SELECT value FROM sequences WHERE name = 'authorisation'");
    qint64 seq = 1;
    if (read.next())
        seq = read.int64(0) + 1;
    OW_TRY(read.status());
    Statement write(m_db, "INSERT OR REPLACE INTO sequences (name, value) VALUES ('authorisation', ?)");
    write.bind(1, seq);
    OW_TRY(write.run());

    const QDateTime now = m_clock.now();
    Authorisation a;
    a.reference = QStringLiteral("WT-%1-%2-%3")
                      .arg(m_deviceId, HelperLifecycle::localDay(now).toString(QStringLiteral("yyyyMMdd")))
                      .arg(seq, 4, 10, QLatin1Char('0'));
    a.principalName = data.principalName.trimmed();
    a.principalMasked = idNumber::masked(principal);
    a.principalHash = m_hash(principal);
    a.agent = data.agent;
    a.agent.name = a.agent.name.trimmed();
    a.scope = data.scope;
    a.scope.removeDuplicates();
    a.validFrom = data.validFrom;
    a.validTo = data.validTo;
    a.hasPhoto = a.hasSignature = true;
    a.createdAt = now;

    Statement ins(m_db, "INSERT INTO authorisations (reference, principal_name, principal_masked, principal_hash, "
                        "agent_id, agent_name, agent_masked, agent_phone, scope, valid_from, valid_to, photo_mime, "
                        "photo, signature, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, a.reference)
        .bind(2, a.principalName)
        .bind(3, a.principalMasked)
        .bind(4, a.principalHash)
        .bind(5, a.agent.operatorId)
        .bind(6, a.agent.name)
        .bind(7, a.agent.maskedId)
        .bind(8, a.agent.phone)
        .bind(9, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(a.scope)).toJson(QJsonDocument::Compact)))
        .bind(10, a.validFrom.toString(Qt::ISODate))
        .bind(11, a.validTo.toString(Qt::ISODate))
        .bind(12, data.photoMime.isEmpty() ? QStringLiteral("image/jpeg") : data.photoMime)
        .bind(13, data.photo)
        .bind(14, data.signaturePng)
        .bind(15, isoMs(now));
    OW_TRY(ins.run());
    a.id = m_db.lastInsertId();
    OW_TRY(m_audit.append(helper, QStringLiteral("authorisation.record"), a.reference,
                          {QStringLiteral("principal.idNumber"), QStringLiteral("principal.name"),
                           QStringLiteral("authorisation.photo"), QStringLiteral("authorisation.signature"),
                           QStringLiteral("authorisation.scope"), QStringLiteral("authorisation.validity")},
                          QStringLiteral("ok"), a.agent.name));
    OW_TRY(tx.commit());
    qCInfo(lcStore) << "authorisation" << a.reference << "recorded:" << a.scope.size() << "items, valid"
                    << a.validFrom.toString(Qt::ISODate) << "to" << a.validTo.toString(Qt::ISODate);
    return a;
}

Result<QList<Authorisation>> AuthorisationRepository::select(const char *where,
                                                             const std::function<void(Statement &)> &bind)
{
    QList<Authorisation> out;
    Statement st(m_db, (QByteArray(kColumns) + where).constData());
    bind(st);
    while (st.next())
        out.append(readAuthorisation(st));
    OW_TRY(st.status());
    return out;
}

Result<Authorisation> AuthorisationRepository::find(const QString &reference)
{
    auto found = select("WHERE reference = ?", [&](Statement &st) { st.bind(1, reference); });
    if (!found.ok())
        return found.error();
    if (found->isEmpty())
        return makeError(ErrorCode::NotFound, tr("No authorisation with this reference is stored on this desk."),
                         QStringLiteral("authorisation %1 not found").arg(reference));
    return found->first();
}

Result<QList<Authorisation>> AuthorisationRepository::forAgent(const QString &agentOperatorId)
{
    return select("WHERE agent_id = ? ORDER BY id DESC", [&](Statement &st) { st.bind(1, agentOperatorId); });
}

Result<QByteArray> AuthorisationRepository::readBlob(const QString &reference, const char *column, const Actor &actor,
                                                     const QString &purpose)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement st(m_db, (QByteArray("SELECT ") + column + " FROM authorisations WHERE reference = ?").constData());
    st.bind(1, reference);
    if (!st.next()) {
        OW_TRY(st.status());
        return makeError(ErrorCode::NotFound, tr("No authorisation with this reference is stored on this desk."),
                         QStringLiteral("authorisation %1 not found").arg(reference));
    }
    const QByteArray data = st.blob(0);
    OW_TRY(m_audit.append(actor, QStringLiteral("authorisation.read"), reference,
                          {QStringLiteral("authorisation.") + QString::fromLatin1(column)}, QStringLiteral("ok"),
                          purpose));
    OW_TRY(tx.commit());
    return data;
}

Result<QByteArray> AuthorisationRepository::photo(const QString &reference, const Actor &actor, const QString &purpose)
{
    return readBlob(reference, "photo", actor, purpose);
}

Result<QByteArray> AuthorisationRepository::signature(const QString &reference, const Actor &actor,
                                                      const QString &purpose)
{
    return readBlob(reference, "signature", actor, purpose);
}

Result<Authorisation> AuthorisationRepository::authorises(const QString &agentOperatorId,
                                                          const QString &principalIdNumber, const QString &itemCode,
                                                          const QDateTime &at, const Actor &actor)
{
    return authorisesHash(agentOperatorId, m_hash(idNumber::normalized(principalIdNumber)), itemCode, at, actor, {});
}

Result<Authorisation> AuthorisationRepository::authorisesHash(const QString &agentOperatorId,
                                                              const QByteArray &principalHash, const QString &itemCode,
                                                              const QDateTime &at, const Actor &actor,
                                                              const QString &auditCase)
{
    auto all = select("WHERE agent_id = ? AND principal_hash = ? ORDER BY id DESC",
                      [&](Statement &st) { st.bind(1, agentOperatorId).bind(2, principalHash); });
    if (!all.ok())
        return all.error();
    const QDate day = HelperLifecycle::localDay(at);
    for (const Authorisation &a : *all) {
        if (a.covers(itemCode) && a.validOn(day))
            return a;
    }
    // The most telling reason: an authorisation for the item that is out of date, else one that
    // does not cover the item, else none at all.
    Error refusal;
    const auto forItem =
        std::find_if(all->cbegin(), all->cend(), [&](const Authorisation &a) { return a.covers(itemCode); });
    QString reference;
    if (forItem != all->cend()) {
        reference = forItem->reference;
        if (day > forItem->validTo) {
            refusal = makeError(ErrorCode::Invalid,
                                tr("The principal's authorisation expired on %1. Record a new authorisation "
                                   "before acting for them.")
                                    .arg(forItem->validTo.toString(QStringLiteral("yyyy-MM-dd"))),
                                QStringLiteral("authorisation %1 expired %2, checked on %3")
                                    .arg(reference, forItem->validTo.toString(Qt::ISODate), day.toString(Qt::ISODate)));
        } else {
            refusal =
                makeError(ErrorCode::Invalid,
                          tr("The principal's authorisation is valid only from %1.")
                              .arg(forItem->validFrom.toString(QStringLiteral("yyyy-MM-dd"))),
                          QStringLiteral("authorisation %1 valid from %2, checked on %3")
                              .arg(reference, forItem->validFrom.toString(Qt::ISODate), day.toString(Qt::ISODate)));
        }
    } else if (!all->isEmpty()) {
        reference = all->first().reference;
        refusal = makeError(ErrorCode::Invalid,
                            tr("The principal's authorisation does not cover this service item. Only the items "
                               "written on it may be handled for them."),
                            QStringLiteral("item %1 outside the scope of authorisation %2").arg(itemCode, reference));
    } else {
        refusal = makeError(ErrorCode::NotFound,
                            tr("This person has not authorised you to act for them. Record their signed "
                               "authorisation first."),
                            QStringLiteral("no authorisation from this principal to helper %1").arg(agentOperatorId));
    }
    qCInfo(lcStore) << "helper action refused:" << refusal.logDetail;
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    OW_TRY(m_audit.append(actor, QStringLiteral("authorisation.check"), auditCase.isEmpty() ? reference : auditCase,
                          {QStringLiteral("authorisation.scope"), QStringLiteral("authorisation.validity")},
                          QStringLiteral("denied"), refusal.logDetail));
    OW_TRY(tx.commit());
    return refusal;
}

Status AuthorisationRepository::storeSteps(const QString &caseNumber, const HelperLifecycle &lifecycle)
{
    for (const HelperStepRecord &r : lifecycle.records()) {
        Statement st(m_db, "INSERT OR REPLACE INTO helper_steps (case_no, step, started_at, ended_at, note) "
                           "VALUES (?,?,?,?,?)");
        st.bind(1, caseNumber).bind(2, helperStep::key(r.step)).bind(3, isoMs(r.startedAt));
        r.endedAt.isValid() ? st.bind(4, isoMs(r.endedAt)) : st.bindNull(4);
        r.note.isEmpty() ? st.bindNull(5) : st.bind(5, r.note);
        OW_TRY(st.run());
    }
    return {};
}

Result<HelpedCase> AuthorisationRepository::attachCase(const Case &c, const QString &reference, int handlingLimitDays,
                                                       const Actor &helper)
{
    auto a = find(reference);
    if (!a.ok())
        return a.error();
    const QDateTime now = m_clock.now();
    auto ok = authorisesHash(a->agent.operatorId, c.applicantHash, c.itemCode, now, helper, c.number);
    if (!ok.ok())
        return ok.error();
    if (a->agent.operatorId != helper.id) {
        return makeError(ErrorCode::Invalid, tr("This authorisation names another helper."),
                         QStringLiteral("authorisation %1 used by another account").arg(reference));
    }
    HelpedCase h;
    h.caseNumber = c.number;
    h.itemCode = c.itemCode;
    h.state = c.state;
    h.authorisation = *ok;
    h.lifecycle = HelperLifecycle(now, handlingLimitDays);
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement ins(m_db, "INSERT INTO helper_cases (case_no, authorisation_id, item_code, handling_limit, created_at) "
                        "VALUES (?,?,?,?,?)");
    ins.bind(1, c.number).bind(2, ok->id).bind(3, c.itemCode).bind(4, handlingLimitDays).bind(5, isoMs(now));
    OW_TRY(ins.run());
    OW_TRY(storeSteps(c.number, h.lifecycle));
    OW_TRY(m_audit.append(helper, QStringLiteral("helper.entrust"), c.number,
                          {QStringLiteral("authorisation.reference"), QStringLiteral("case.form")},
                          QStringLiteral("ok"), ok->agent.name));
    OW_TRY(tx.commit());
    qCInfo(lcStore) << "case" << c.number << "filed under authorisation" << ok->reference;
    return h;
}

Result<std::optional<HelpedCase>> AuthorisationRepository::helpedCase(const QString &caseNumber)
{
    Statement st(m_db, "SELECT h.item_code, h.handling_limit, a.reference, c.state, h.hub_state FROM helper_cases h "
                       "JOIN authorisations a ON a.id = h.authorisation_id "
                       "LEFT JOIN cases c ON c.number = h.case_no WHERE h.case_no = ?");
    st.bind(1, caseNumber);
    if (!st.next()) {
        OW_TRY(st.status());
        return std::optional<HelpedCase>();
    }
    HelpedCase h;
    h.caseNumber = caseNumber;
    h.itemCode = st.text(0);
    const int limit = static_cast<int>(st.int64(1));
    const QString reference = st.text(2);
    h.state = caseState::fromKey(st.text(3)).value_or(CaseState::Draft);
    // The hub's word is newer than the desk's copy once the case has left the desk.
    if (const auto hub = caseState::fromKey(st.text(4)))
        h.state = *hub;
    auto a = find(reference);
    if (!a.ok())
        return a.error();
    h.authorisation = *a;
    QList<HelperStepRecord> records;
    Statement steps(m_db, "SELECT step, started_at, ended_at, note FROM helper_steps WHERE case_no = ?");
    steps.bind(1, caseNumber);
    while (steps.next()) {
        const auto step = helperStep::fromKey(steps.text(0));
        if (!step) {
            return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged."),
                             QStringLiteral("helper step '%1' of case %2").arg(steps.text(0), caseNumber));
        }
        records.append(HelperStepRecord{*step, fromIso(steps.text(1)), fromIso(steps.text(2)), steps.text(3)});
    }
    OW_TRY(steps.status());
    h.lifecycle = HelperLifecycle::fromRecords(records, limit);
    return std::optional<HelpedCase>(h);
}

Result<QList<HelpedCase>> AuthorisationRepository::casesOf(const QString &agentOperatorId)
{
    QStringList numbers;
    Statement st(m_db, "SELECT h.case_no FROM helper_cases h JOIN authorisations a ON a.id = h.authorisation_id "
                       "WHERE a.agent_id = ? ORDER BY h.created_at DESC, h.case_no DESC");
    st.bind(1, agentOperatorId);
    while (st.next())
        numbers.append(st.text(0));
    OW_TRY(st.status());
    QList<HelpedCase> out;
    for (const QString &n : numbers) {
        auto h = helpedCase(n);
        if (!h.ok())
            return h.error();
        if (h->has_value())
            out.append(**h);
    }
    return out;
}

Status AuthorisationRepository::applyEvent(const QString &caseNumber, const Actor &actor, const char *what,
                                           const std::function<QList<HelperStep>(HelperLifecycle &)> &event)
{
    auto h = helpedCase(caseNumber);
    if (!h.ok())
        return h.error();
    if (!h->has_value())
        return {}; // not a helped case: nothing to follow
    HelpedCase &helped = **h;
    const QList<HelperStep> closed = event(helped.lifecycle);
    if (closed.isEmpty())
        return {};
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    OW_TRY(storeSteps(caseNumber, helped.lifecycle));
    for (HelperStep s : closed) {
        OW_TRY(m_audit.append(actor, QStringLiteral("helper.") + helperStep::key(s), caseNumber,
                              {QStringLiteral("helper.step")}, QStringLiteral("ok"), QString::fromLatin1(what)));
    }
    OW_TRY(tx.commit());
    return {};
}

Status AuthorisationRepository::recordSubmitted(const QString &caseNumber, const Actor &actor)
{
    const QDateTime now = m_clock.now();
    return applyEvent(caseNumber, actor, "submitted", [&](HelperLifecycle &l) { return l.onSubmitted(now); });
}

Status AuthorisationRepository::recordCaseState(const QString &caseNumber, CaseState state, const Actor &actor)
{
    const QDateTime now = m_clock.now();
    Statement st(m_db, "UPDATE helper_cases SET hub_state = ? WHERE case_no = ?");
    st.bind(1, caseState::key(state)).bind(2, caseNumber);
    OW_TRY(st.run());
    return applyEvent(caseNumber, actor, "hub", [&](HelperLifecycle &l) { return l.onCaseState(state, now); });
}

Result<HelpedCase> AuthorisationRepository::closeStep(const QString &caseNumber, HelperStep step, const QString &note,
                                                      const Actor &helper)
{
    auto found = helpedCase(caseNumber);
    if (!found.ok())
        return found.error();
    if (!found->has_value()) {
        return makeError(ErrorCode::NotFound, tr("This case is not one you handle for a principal."),
                         QStringLiteral("case %1 is not a helped case").arg(caseNumber));
    }
    HelpedCase h = **found;
    const QDateTime now = m_clock.now();
    auto ok = authorisesHash(helper.id, h.authorisation.principalHash, h.itemCode, now, helper, caseNumber);
    if (!ok.ok())
        return ok.error();
    if (step == HelperStep::Deliver && h.state != CaseState::Issued) {
        return makeError(ErrorCode::IllegalTransition,
                         tr("The result has not been issued yet; it can be delivered once the hall issues it."),
                         QStringLiteral("delivery of case %1 in state %2").arg(caseNumber, caseState::key(h.state)));
    }
    OW_TRY(h.lifecycle.close(step, now, note));
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    OW_TRY(storeSteps(caseNumber, h.lifecycle));
    QStringList fields{QStringLiteral("helper.step")};
    if (!note.trimmed().isEmpty())
        fields.append(QStringLiteral("helper.note"));
    OW_TRY(m_audit.append(helper, QStringLiteral("helper.") + helperStep::key(step), caseNumber, fields,
                          QStringLiteral("ok"), h.authorisation.agent.name));
    OW_TRY(tx.commit());
    qCInfo(lcStore) << "helped case" << caseNumber << "step" << helperStep::key(step) << "recorded";
    return h;
}

Result<QList<AuditEntry>> AuthorisationRepository::dataUse(const QString &caseNumber)
{
    auto entries = m_audit.dataUseForCase(caseNumber);
    if (!entries.ok())
        return entries.error();
    auto h = helpedCase(caseNumber);
    if (!h.ok())
        return h.error();
    if (h->has_value()) {
        auto more = m_audit.dataUseForCase((*h)->authorisation.reference);
        if (!more.ok())
            return more.error();
        entries->append(*more);
        std::sort(entries->begin(), entries->end(),
                  [](const AuditEntry &a, const AuditEntry &b) { return a.seq < b.seq; });
    }
    return entries;
}

QString helperDataUseText(const AuditEntry &entry)
{
    if (!entry.action.startsWith(QLatin1String("helper.")) && entry.action != QLatin1String("authorisation.record"))
        return {};
    const QStringList roles = entry.role.split(QLatin1Char('+'));
    if (!roles.contains(QLatin1String("helper")) && !roles.contains(QLatin1String("villageHelper")))
        return {};
    QString what;
    if (entry.action == QLatin1String("authorisation.record")) {
        what = tr("recorded your authorisation");
    } else if (entry.action == QLatin1String("helper.entrust")) {
        what = tr("filled in the application for you");
    } else {
        const auto step = helperStep::fromKey(entry.action.mid(7));
        what = step ? helperStep::label(*step) : entry.action;
    }
    return tr("Helper %1: %2").arg(entry.reason, what);
}

} // namespace ow
