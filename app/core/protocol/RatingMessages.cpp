#include "protocol/RatingMessages.h"

#include "protocol/JsonFields.h"

#include <QDate>
#include <QJsonArray>

namespace ow::protocol {

namespace {

constexpr qsizetype MaxCaseIdLength = 64;
constexpr qsizetype MaxFollowUps = 500;

template<typename T>
Result<T> finish(const FieldReader &reader, T value)
{
    if (!reader.ok())
        return reader.error();
    return value;
}

QString readDate(FieldReader &r, const char *key)
{
    const QString text = r.string(key, 10);
    if (r.ok() && !QDate::fromString(text, Qt::ISODate).isValid())
        r.refuse(key, QStringLiteral("is not a date (yyyy-MM-dd)"));
    return text;
}

RatingDimensions readDimensions(FieldReader &r)
{
    RatingDimensions d;
    d.overall = static_cast<int>(r.integer("overall", 1, 5));
    d.efficiency = static_cast<int>(r.integer("efficiency", 1, 5));
    d.professionalism = static_cast<int>(r.integer("professionalism", 1, 5));
    d.attitude = static_cast<int>(r.integer("attitude", 1, 5));
    return d;
}

QJsonObject dimensionsJson(const RatingDimensions &d)
{
    return QJsonObject{{QStringLiteral("overall"), d.overall},
                       {QStringLiteral("efficiency"), d.efficiency},
                       {QStringLiteral("professionalism"), d.professionalism},
                       {QStringLiteral("attitude"), d.attitude}};
}

FollowUp readFollowUp(FieldReader &r)
{
    FollowUp f;
    f.id = r.decimal("id");
    f.caseId = r.string("caseId", MaxCaseIdLength);
    f.level = r.enumeration("level", rating::fromKey);
    f.channel = r.enumeration("channel", rating::channelFromKey);
    f.comment = r.optionalString("comment", rating::kMaxCommentLength);
    f.ratedAt = r.time("ratedAt");
    f.openedAt = r.time("openedAt");
    f.dueDate = readDate(r, "dueDate");
    f.daysLeft = static_cast<int>(r.integer("daysLeft", -100000, 100000));
    const QString state = r.string("state", 16);
    if (r.ok() && state != QLatin1String("open") && state != QLatin1String("closed"))
        r.refuse("state", QStringLiteral("has an unknown value"));
    f.closed = state == QLatin1String("closed");
    if (f.closed && r.ok()) {
        f.outcome = r.string("outcome", MaxFollowUpOutcomeLength);
        f.revisitAt = r.time("revisitAt");
        f.revisitMethod = r.enumeration("revisitMethod", revisitMethod::fromKey);
        f.revisitResult = r.string("revisitResult", MaxRevisitResultLength);
        f.closedAt = r.time("closedAt");
    }
    return f;
}

} // namespace

QString revisitMethod::key(RevisitMethod method)
{
    return method == RevisitMethod::Visit ? QStringLiteral("visit") : QStringLiteral("phone");
}

std::optional<RevisitMethod> revisitMethod::fromKey(const QString &key)
{
    if (key == QLatin1String("phone"))
        return RevisitMethod::Phone;
    if (key == QLatin1String("visit"))
        return RevisitMethod::Visit;
    return std::nullopt;
}

Result<RatingSubmit> RatingSubmit::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("rating"));
    RatingSubmit s;
    s.caseId = r.string("caseId", MaxCaseIdLength);
    s.level = r.enumeration("level", rating::fromKey);
    s.channel = r.enumeration("channel", rating::channelFromKey);
    if (r.has("dimensions")) {
        FieldReader d(r.object("dimensions"), r.childPath("dimensions"));
        s.dimensions = readDimensions(d);
        r.adopt(d);
    }
    s.comment = r.optionalString("comment", rating::kMaxCommentLength);
    s.ratedAt = r.time("ratedAt");
    if (r.ok() && s.channel == RatingChannel::Window && !s.dimensions)
        r.refuse("dimensions", QStringLiteral("is required for a rating at the window"));
    return finish(r, s);
}

QJsonObject RatingSubmit::toJson() const
{
    QJsonObject out{{QStringLiteral("caseId"), caseId},
                    {QStringLiteral("level"), rating::key(level)},
                    {QStringLiteral("channel"), rating::channelKey(channel)},
                    {QStringLiteral("ratedAt"), ratedAt}};
    if (dimensions)
        out.insert(QStringLiteral("dimensions"), dimensionsJson(*dimensions));
    if (!comment.isEmpty())
        out.insert(QStringLiteral("comment"), comment);
    return out;
}

Result<RatingAnswer> RatingAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("rating answer"));
    RatingAnswer a;
    a.caseId = r.string("caseId", MaxCaseIdLength);
    a.level = r.enumeration("level", rating::fromKey);
    if (r.has("followUp")) {
        FieldReader f(r.object("followUp"), r.childPath("followUp"));
        a.followUpId = f.decimal("id");
        a.dueDate = readDate(f, "dueDate");
        r.adopt(f);
    }
    return finish(r, a);
}

QJsonObject RatingAnswer::toJson() const
{
    QJsonObject out{{QStringLiteral("caseId"), caseId}, {QStringLiteral("level"), rating::key(level)}};
    if (!followUpId.isEmpty())
        out.insert(QStringLiteral("followUp"),
                   QJsonObject{{QStringLiteral("id"), followUpId}, {QStringLiteral("dueDate"), dueDate}});
    return out;
}

Result<FollowUp> FollowUp::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("follow-up"));
    FollowUp f = readFollowUp(r);
    return finish(r, f);
}

QJsonObject FollowUp::toJson() const
{
    QJsonObject out{{QStringLiteral("id"), id},
                    {QStringLiteral("caseId"), caseId},
                    {QStringLiteral("level"), rating::key(level)},
                    {QStringLiteral("channel"), rating::channelKey(channel)},
                    {QStringLiteral("ratedAt"), ratedAt},
                    {QStringLiteral("openedAt"), openedAt},
                    {QStringLiteral("dueDate"), dueDate},
                    {QStringLiteral("daysLeft"), daysLeft},
                    {QStringLiteral("state"), closed ? QStringLiteral("closed") : QStringLiteral("open")}};
    if (!comment.isEmpty())
        out.insert(QStringLiteral("comment"), comment);
    if (closed) {
        out.insert(QStringLiteral("outcome"), outcome);
        out.insert(QStringLiteral("revisitAt"), revisitAt);
        out.insert(QStringLiteral("revisitMethod"), revisitMethod::key(revisitMethod));
        out.insert(QStringLiteral("revisitResult"), revisitResult);
        out.insert(QStringLiteral("closedAt"), closedAt);
    }
    return out;
}

Result<FollowUpList> FollowUpList::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("follow-ups"));
    FollowUpList list;
    list.followUps = r.list("followUps", readFollowUp);
    if (r.ok() && list.followUps.size() > MaxFollowUps)
        r.refuse("followUps", QStringLiteral("has too many entries"));
    return finish(r, list);
}

QJsonObject FollowUpList::toJson() const
{
    QJsonArray out;
    for (const FollowUp &f : followUps)
        out.append(f.toJson());
    return QJsonObject{{QStringLiteral("followUps"), out}};
}

Result<FollowUpClose> FollowUpClose::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("follow-up close"));
    FollowUpClose c;
    c.outcome = r.string("outcome", MaxFollowUpOutcomeLength).trimmed();
    c.revisitAt = r.time("revisitAt");
    c.revisitMethod = r.enumeration("revisitMethod", revisitMethod::fromKey);
    c.revisitResult = r.string("revisitResult", MaxRevisitResultLength).trimmed();
    if (r.ok() && c.outcome.isEmpty())
        r.refuse("outcome", QStringLiteral("is blank"));
    if (r.ok() && c.revisitResult.isEmpty())
        r.refuse("revisitResult", QStringLiteral("is blank"));
    return finish(r, c);
}

QJsonObject FollowUpClose::toJson() const
{
    return QJsonObject{{QStringLiteral("outcome"), outcome},
                       {QStringLiteral("revisitAt"), revisitAt},
                       {QStringLiteral("revisitMethod"), revisitMethod::key(revisitMethod)},
                       {QStringLiteral("revisitResult"), revisitResult}};
}

} // namespace ow::protocol
