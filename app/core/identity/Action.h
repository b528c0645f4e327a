#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace ow {

// What an operator does at the desk, at a kiosk in helper mode or against the hub. The
// PermissionMatrix says which role may do which. Add, never rename: the stored form (audit
// entries) is the key() string.
enum class Action {
    // The window (一窗受理, 统一窗口出件)
    IdentifyCitizen,    // read an ID card, scan a code or type a citizen's number
    SearchCases,        // find local cases by applicant or number
    TakeOverKioskDraft, // continue a kiosk visit by its pickup code
    FillForm,           // fill or change an application's form
    CheckMaterial,      // record how a material was checked (original seen, e-licence, scan, 容缺, pledge)
    AcceptCase,         // 受理
    RefuseCase,         // 不予受理, with the reason
    RecordCorrection,   // record the materials a citizen brought after 补齐补正
    IssueResult,        // 出件/送达, by collection or by mail
    // The department's back office (后台分类审批); scoped to the operator's department
    ViewReviewQueue,
    OpenCase,
    Approve,               // 准予
    Deny,                  // 不予许可, with the reason
    RequestCorrection,     // 补齐补正: one complete list of what is missing
    StartSpecialProcedure, // 特别程序: clock paused, with reason and expected end
    // Helping in the village (帮办代办)
    ActForPrincipal,     // do an item on behalf of a citizen
    RecordAuthorisation, // record the principal's authorisation (委托书)
    SubmitApplication,   // submit a helped application to the county
    // The hall
    ViewHallStatistics, // queues, deadlines and ratings of the hall
    FollowUpRating,     // follow up a bad rating (within 15 working days)
    ExportStatistics,   // statistics for the county's leaders
    // Audit (审计员)
    BrowseAudit,
    VerifyAuditChain,
    // Administration (系统管理员)
    ManageOperators, // create, change roles of, disable another operator's account
    ResetPassword,   // of another operator's account
    ConfigureDevice, // enrollment, printers, readers, hub address
    ManageCatalog,   // install service item versions
    // Everyone
    ViewOwnDataUse, // the operator's own sign-ins and actions
};

namespace action {

QList<Action> all();
QString key(Action action); // stable key, e.g. "acceptCase"
std::optional<Action> fromKey(const QString &key);
QString label(Action action); // translated name for refusal messages

} // namespace action

} // namespace ow
