#include "domain/Role.h"

#include <QCoreApplication>

#include <array>

namespace ow::role {

namespace {

struct RoleInfo
{
    Role role;
    const char *key;
    const char *label;
};

// QT_TRANSLATE_NOOP keeps the labels visible to lupdate; label() translates them.
constexpr std::array<RoleInfo, 6> kRoles{{
    {Role::WindowClerk, "windowClerk", QT_TRANSLATE_NOOP("RoleText", "Window clerk")},
    {Role::DepartmentReviewer, "reviewer", QT_TRANSLATE_NOOP("RoleText", "Department reviewer")},
    {Role::VillageHelper, "villageHelper", QT_TRANSLATE_NOOP("RoleText", "Village helper")},
    {Role::HallSupervisor, "supervisor", QT_TRANSLATE_NOOP("RoleText", "Hall supervisor")},
    {Role::Auditor, "auditor", QT_TRANSLATE_NOOP("RoleText", "Auditor")},
    {Role::Admin, "admin", QT_TRANSLATE_NOOP("RoleText", "Administrator")},
}};

const RoleInfo &info(Role role)
{
    return kRoles[static_cast<std::size_t>(role)];
}

} // namespace

QList<Role> all()
{
    QList<Role> out;
    for (const auto &r : kRoles)
        out.append(r.role);
    return out;
}

QString key(Role role)
{
    return QString::fromLatin1(info(role).key);
}

std::optional<Role> fromKey(const QString &k)
{
    for (const auto &r : kRoles) {
        if (k == QLatin1String(r.key))
            return r.role;
    }
    return std::nullopt;
}

QString label(Role role)
{
    return QCoreApplication::translate("RoleText", info(role).label);
}

} // namespace ow::role
