#pragma once

#include "common/Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace ow {

// The administrative states of a case (办件), as DOMAIN.md names them. Add, never rename:
// the stored form is the key() string.
enum class CaseState {
    Draft,                    // 草稿
    Received,                 // 收件
    Accepted,                 // 受理
    Refused,                  // 不予受理
    CorrectionRequested,      // 补齐补正 (clock stops)
    AcceptedPendingMaterials, // 容缺受理
    AcceptedOnPledge,         // 告知承诺
    UnderReview,              // 审查
    Suspended,                // 特别程序/挂起 (clock paused)
    Approved,                 // 准予
    Denied,                   // 不予许可
    Concluded,                // 办结
    Issued,                   // 出件/送达
    Withdrawn,                // 撤件
    Returned,                 // 退件
};

namespace caseState {

QList<CaseState> all();
QString key(CaseState state); // stable storage key, e.g. "underReview"
std::optional<CaseState> fromKey(const QString &key);
QString label(CaseState state); // translated display name
bool isTerminal(CaseState state);
bool clockRuns(CaseState state); // false while the working-day clock is stopped
QList<CaseState> successors(CaseState state);
// The one transition table. Rejects an illegal move with a message naming both states.
Status checkTransition(CaseState from, CaseState to);

} // namespace caseState

} // namespace ow
