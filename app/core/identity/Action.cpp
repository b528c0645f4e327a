#include "identity/Action.h"

#include "identity/IdentityText.h"

#include <array>

namespace ow::action {

namespace {

struct ActionInfo
{
    Action action;
    const char *key;
    const char *label;
};

constexpr std::array<ActionInfo, 28> kActions{{
    {Action::IdentifyCitizen, "identifyCitizen", QT_TRANSLATE_NOOP("IdentityText", "identify a citizen")},
    {Action::SearchCases, "searchCases", QT_TRANSLATE_NOOP("IdentityText", "search cases")},
    {Action::TakeOverKioskDraft, "takeOverKioskDraft", QT_TRANSLATE_NOOP("IdentityText", "take over a kiosk draft")},
    {Action::FillForm, "fillForm", QT_TRANSLATE_NOOP("IdentityText", "fill in an application form")},
    {Action::CheckMaterial, "checkMaterial", QT_TRANSLATE_NOOP("IdentityText", "check a material")},
    {Action::AcceptCase, "acceptCase", QT_TRANSLATE_NOOP("IdentityText", "accept an application")},
    {Action::RefuseCase, "refuseCase", QT_TRANSLATE_NOOP("IdentityText", "refuse an application")},
    {Action::RecordCorrection, "recordCorrection", QT_TRANSLATE_NOOP("IdentityText", "record corrected materials")},
    {Action::IssueResult, "issueResult", QT_TRANSLATE_NOOP("IdentityText", "issue a result")},
    {Action::ViewReviewQueue, "viewReviewQueue", QT_TRANSLATE_NOOP("IdentityText", "view the review queue")},
    {Action::OpenCase, "openCase", QT_TRANSLATE_NOOP("IdentityText", "open a case for review")},
    {Action::Approve, "approve", QT_TRANSLATE_NOOP("IdentityText", "approve a case")},
    {Action::Deny, "deny", QT_TRANSLATE_NOOP("IdentityText", "deny a case")},
    {Action::RequestCorrection, "requestCorrection", QT_TRANSLATE_NOOP("IdentityText", "request a correction")},
    {Action::StartSpecialProcedure, "startSpecialProcedure",
     QT_TRANSLATE_NOOP("IdentityText", "start a special procedure")},
    {Action::ActForPrincipal, "actForPrincipal", QT_TRANSLATE_NOOP("IdentityText", "act on behalf of a citizen")},
    {Action::RecordAuthorisation, "recordAuthorisation", QT_TRANSLATE_NOOP("IdentityText", "record an authorisation")},
    {Action::SubmitApplication, "submitApplication", QT_TRANSLATE_NOOP("IdentityText", "submit an application")},
    {Action::ViewHallStatistics, "viewHallStatistics", QT_TRANSLATE_NOOP("IdentityText", "view the hall's statistics")},
    {Action::FollowUpRating, "followUpRating", QT_TRANSLATE_NOOP("IdentityText", "follow up a rating")},
    {Action::ExportStatistics, "exportStatistics", QT_TRANSLATE_NOOP("IdentityText", "export statistics")},
    {Action::BrowseAudit, "browseAudit", QT_TRANSLATE_NOOP("IdentityText", "browse the audit trail")},
    {Action::VerifyAuditChain, "verifyAuditChain", QT_TRANSLATE_NOOP("IdentityText", "verify the audit trail")},
    {Action::ManageOperators, "manageOperators", QT_TRANSLATE_NOOP("IdentityText", "manage operator accounts")},
    {Action::ResetPassword, "resetPassword", QT_TRANSLATE_NOOP("IdentityText", "reset a password")},
    {Action::ConfigureDevice, "configureDevice", QT_TRANSLATE_NOOP("IdentityText", "configure this device")},
    {Action::ManageCatalog, "manageCatalog", QT_TRANSLATE_NOOP("IdentityText", "manage the service catalog")},
    {Action::ViewOwnDataUse, "viewOwnDataUse", QT_TRANSLATE_NOOP("IdentityText", "view your own activity")},
}};

constexpr bool inEnumOrder()
{
    for (std::size_t i = 0; i < kActions.size(); ++i) {
        if (static_cast<std::size_t>(kActions[i].action) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(), "kActions must list the actions in the enum's order");

const ActionInfo &info(Action a)
{
    return kActions[static_cast<std::size_t>(a)];
}

} // namespace

QList<Action> all()
{
    QList<Action> out;
    for (const auto &a : kActions)
        out.append(a.action);
    return out;
}

QString key(Action a)
{
    return QString::fromLatin1(info(a).key);
}

std::optional<Action> fromKey(const QString &k)
{
    for (const auto &a : kActions) {
        if (k == QLatin1String(a.key))
            return a.action;
    }
    return std::nullopt;
}

QString label(Action a)
{
    return IdentityText::tr(info(a).label);
}

} // namespace ow::action
