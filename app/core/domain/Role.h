#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace ow {

// Who works with cases, as DOMAIN.md names them. Add, never rename: the stored and wire form is
// the key() string. The hub's first two roles keep the spellings it has always stored and sent
// ("reviewer", "supervisor"); the other roles use the domain's lowerCamelCase names.
enum class Role {
    WindowClerk,        // 综合窗口受理人员
    DepartmentReviewer, // 部门审批人员 — key "reviewer"
    VillageHelper,      // 村帮办代办员
    HallSupervisor,     // 大厅管理员 — key "supervisor"
    Auditor,            // 审计员
    Admin,              // 系统管理员
};

namespace role {

QList<Role> all();
QString key(Role role); // stable storage and wire key, e.g. "reviewer", "windowClerk"
std::optional<Role> fromKey(const QString &key);
QString label(Role role); // translated display name

} // namespace role

} // namespace ow
