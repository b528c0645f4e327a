#include "identity/PermissionMatrix.h"

#include <array>

namespace ow {

namespace {

using Scope = PermissionMatrix::Scope;

constexpr bool Y = true;
constexpr bool n = false;

struct Row
{
    Action action;
    Scope scope;
    bool changesData;
    // In the order of Role: clerk, reviewer, helper, supervisor, auditor, admin.
    std::array<bool, 6> roles;
};

// clang-format off
constexpr std::array<Row, 28> kMatrix{{
    //                                                             clerk rev  help super audit admin
    {Action::IdentifyCitizen,       Scope::Anywhere,     false,  {{Y,    n,   Y,   n,    n,    n}}},
    {Action::SearchCases,           Scope::Anywhere,     false,  {{Y,    n,   n,   n,    n,    n}}},
    {Action::TakeOverKioskDraft,    Scope::Anywhere,     true,   {{Y,    n,   Y,   n,    n,    n}}},
    {Action::FillForm,              Scope::Anywhere,     true,   {{Y,    n,   Y,   n,    n,    n}}},
    {Action::CheckMaterial,         Scope::Anywhere,     true,   {{Y,    n,   n,   n,    n,    n}}},
    {Action::AcceptCase,            Scope::Anywhere,     true,   {{Y,    n,   n,   n,    n,    n}}},
    {Action::RefuseCase,            Scope::Anywhere,     true,   {{Y,    n,   n,   n,    n,    n}}},
    {Action::RecordCorrection,      Scope::Anywhere,     true,   {{Y,    n,   n,   n,    n,    n}}},
    {Action::IssueResult,           Scope::Anywhere,     true,   {{Y,    n,   n,   n,    n,    n}}},
    {Action::ViewReviewQueue,       Scope::Department,   false,  {{n,    Y,   n,   Y,    n,    n}}},
    {Action::OpenCase,              Scope::Department,   false,  {{n,    Y,   n,   n,    n,    n}}},
    {Action::Approve,               Scope::Department,   true,   {{n,    Y,   n,   n,    n,    n}}},
    {Action::Deny,                  Scope::Department,   true,   {{n,    Y,   n,   n,    n,    n}}},
    {Action::RequestCorrection,     Scope::Department,   true,   {{n,    Y,   n,   n,    n,    n}}},
    {Action::StartSpecialProcedure, Scope::Department,   true,   {{n,    Y,   n,   n,    n,    n}}},
    {Action::ActForPrincipal,       Scope::Anywhere,     true,   {{n,    n,   Y,   n,    n,    n}}},
    {Action::RecordAuthorisation,   Scope::Anywhere,     true,   {{n,    n,   Y,   n,    n,    n}}},
    {Action::SubmitApplication,     Scope::Anywhere,     true,   {{n,    n,   Y,   n,    n,    n}}},
    {Action::ViewHallStatistics,    Scope::Anywhere,     false,  {{n,    n,   n,   Y,    n,    n}}},
    {Action::FollowUpRating,        Scope::Anywhere,     true,   {{n,    n,   n,   Y,    n,    n}}},
    {Action::ExportStatistics,      Scope::Anywhere,     false,  {{n,    n,   n,   Y,    n,    n}}},
    {Action::BrowseAudit,           Scope::Anywhere,     false,  {{n,    n,   n,   n,    Y,    n}}},
    {Action::VerifyAuditChain,      Scope::Anywhere,     false,  {{n,    n,   n,   n,    Y,    n}}},
    {Action::ManageOperators,       Scope::OtherAccount, true,   {{n,    n,   n,   n,    n,    Y}}},
    {Action::ResetPassword,         Scope::OtherAccount, true,   {{n,    n,   n,   n,    n,    Y}}},
    {Action::ConfigureDevice,       Scope::Anywhere,     true,   {{n,    n,   n,   n,    n,    Y}}},
    {Action::ManageCatalog,         Scope::Anywhere,     true,   {{n,    n,   n,   n,    n,    Y}}},
    {Action::ViewOwnDataUse,        Scope::Anywhere,     false,  {{Y,    Y,   Y,   Y,    Y,    Y}}},
}};
// clang-format on

constexpr bool inEnumOrder()
{
    for (std::size_t i = 0; i < kMatrix.size(); ++i) {
        if (static_cast<std::size_t>(kMatrix[i].action) != i)
            return false;
    }
    return static_cast<std::size_t>(Role::Admin) == 5;
}
static_assert(inEnumOrder(), "kMatrix must list the actions in the enum's order, the roles in Role's");

const Row &row(Action a)
{
    return kMatrix[static_cast<std::size_t>(a)];
}

} // namespace

bool PermissionMatrix::allows(Role role, Action action)
{
    return row(action).roles[static_cast<std::size_t>(role)];
}

PermissionMatrix::Scope PermissionMatrix::scope(Action action)
{
    return row(action).scope;
}

bool PermissionMatrix::changesData(Action action)
{
    return row(action).changesData;
}

} // namespace ow
