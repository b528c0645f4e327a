#pragma once

#include "common/Result.h"
#include "domain/Rating.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ow::protocol {

// ---------------------------------------------------------------- ratings (好差评, §8.3, 1.15)

// The offline dimensions of a rating (GB/T 39734): each 1 (worst) to 5 (best).
struct RatingDimensions
{
    int overall = 0;         // 整体满意度
    int efficiency = 0;      // 服务效率
    int professionalism = 0; // 服务水平
    int attitude = 0;        // 服务态度

    bool operator==(const RatingDimensions &) const = default;
};

// The longest follow-up texts, in characters.
constexpr qsizetype MaxFollowUpOutcomeLength = 1000;
constexpr qsizetype MaxRevisitResultLength = 500;
// A bad rating's follow-up is due within this many working days of the rating.
constexpr int FollowUpWorkingDays = 15;

// `POST /v1/ratings`, signed by the device that sent the case: the citizen's one rating of it.
// No personal data: the case number, the level, the dimensions, the comment the citizen wrote.
struct RatingSubmit
{
    QString caseId;
    Rating level = Rating::Satisfied;
    RatingChannel channel = RatingChannel::Kiosk;
    std::optional<RatingDimensions> dimensions; // optional for the kiosk, given at the window
    QString comment;                            // at most rating::kMaxCommentLength characters
    QString ratedAt;                            // wire time

    static Result<RatingSubmit> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The hub's answer: the rating stored and, for a bad one, its follow-up.
struct RatingAnswer
{
    QString caseId;
    Rating level = Rating::Satisfied;
    QString followUpId; // empty: no follow-up (not a bad rating)
    QString dueDate;    // yyyy-MM-dd, with followUpId

    static Result<RatingAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// How the citizen was asked again (回访).
enum class RevisitMethod {
    Phone,
    Visit,
};

namespace revisitMethod {
QString key(RevisitMethod method);
std::optional<RevisitMethod> fromKey(const QString &key);
} // namespace revisitMethod

// A bad rating's follow-up (整改 and 回访) as the supervisor sees it.
struct FollowUp
{
    QString id; // decimal
    QString caseId;
    Rating level = Rating::Dissatisfied;
    RatingChannel channel = RatingChannel::Kiosk;
    QString comment;
    QString ratedAt;
    QString openedAt;
    QString dueDate;  // yyyy-MM-dd China time
    int daysLeft = 0; // working days left today (negative: overdue); for an open follow-up
    bool closed = false;
    QString outcome;   // 整改情况, when closed
    QString revisitAt; // wire time, when closed
    RevisitMethod revisitMethod = RevisitMethod::Phone;
    QString revisitResult; // the citizen's view after
    QString closedAt;

    static Result<FollowUp> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// `GET /v1/followups?state=open|closed|all`: most urgent first (by due date, then id).
struct FollowUpList
{
    QList<FollowUp> followUps;

    static Result<FollowUpList> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// `POST /v1/followups/<id>`: the supervisor records the outcome and the 回访, once.
struct FollowUpClose
{
    QString outcome;
    QString revisitAt;
    RevisitMethod revisitMethod = RevisitMethod::Phone;
    QString revisitResult;

    static Result<FollowUpClose> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

} // namespace ow::protocol
