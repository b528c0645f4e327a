#pragma once

#include "common/Result.h"

#include <QDate>
#include <QList>
#include <QString>

#include <optional>

namespace ow {

// 特别程序: the procedures whose time the Administrative Licensing Law (art. 45) leaves out of a
// case's deadline — hearing, tender, auction, inspection/testing/quarantine, appraisal and
// expert review. While one runs the case is suspended (挂起) and its clocks stand still. Add,
// never rename: the stored and wire form is the key() string.
enum class SpecialProcedureKind {
    Hearing,      // 听证
    Tender,       // 招标
    Auction,      // 拍卖
    Inspection,   // 检验、检测、检疫
    Appraisal,    // 鉴定
    ExpertReview, // 专家评审
};

namespace specialProcedure {

QList<SpecialProcedureKind> allKinds();
QString key(SpecialProcedureKind kind); // e.g. "expertReview"
std::optional<SpecialProcedureKind> fromKey(const QString &key);
QString label(SpecialProcedureKind kind); // translated display name

// The reason given when one starts and the note on its outcome when it ends, in characters.
constexpr int kMaxReasonLength = 500;
// How far ahead its expected end may lie, in calendar days: a special procedure that would run
// longer is a case for the department's head, not for an open-ended pause.
constexpr int kMaxHorizonDays = 180;

// The expected end as typed (yyyy-MM-dd) or picked: a real date after `today` and within the
// horizon. Every refusal says what to change.
Result<QDate> checkExpectedEnd(const QString &text, const QDate &today);

} // namespace specialProcedure

} // namespace ow
