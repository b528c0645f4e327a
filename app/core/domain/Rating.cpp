#include "domain/Rating.h"

#include <QCoreApplication>

#include <array>

namespace ow::rating {

namespace {

struct RatingInfo
{
    Rating level;
    const char *key;
    const char *label;
};

// QT_TRANSLATE_NOOP keeps the labels visible to lupdate; label() translates them.
constexpr std::array<RatingInfo, 5> kLevels{{
    {Rating::VerySatisfied, "verySatisfied", QT_TRANSLATE_NOOP("RatingText", "Very satisfied")},
    {Rating::Satisfied, "satisfied", QT_TRANSLATE_NOOP("RatingText", "Satisfied")},
    {Rating::FairlySatisfied, "fairlySatisfied", QT_TRANSLATE_NOOP("RatingText", "Fairly satisfied")},
    {Rating::Dissatisfied, "dissatisfied", QT_TRANSLATE_NOOP("RatingText", "Dissatisfied")},
    {Rating::VeryDissatisfied, "veryDissatisfied", QT_TRANSLATE_NOOP("RatingText", "Very dissatisfied")},
}};

constexpr std::array<const char *, 3> kChannels{{"kiosk", "window", "online"}};

const RatingInfo &info(Rating level)
{
    return kLevels[static_cast<std::size_t>(level)];
}

} // namespace

QList<Rating> all()
{
    QList<Rating> out;
    for (const auto &r : kLevels)
        out.append(r.level);
    return out;
}

QString key(Rating level)
{
    return QString::fromLatin1(info(level).key);
}

std::optional<Rating> fromKey(const QString &k)
{
    for (const auto &r : kLevels) {
        if (k == QLatin1String(r.key))
            return r.level;
    }
    return std::nullopt;
}

QString label(Rating level)
{
    return QCoreApplication::translate("RatingText", info(level).label);
}

bool isBad(Rating level)
{
    return level == Rating::Dissatisfied || level == Rating::VeryDissatisfied;
}

QString channelKey(RatingChannel channel)
{
    return QString::fromLatin1(kChannels[static_cast<std::size_t>(channel)]);
}

std::optional<RatingChannel> channelFromKey(const QString &k)
{
    for (std::size_t i = 0; i < kChannels.size(); ++i) {
        if (k == QLatin1String(kChannels[i]))
            return static_cast<RatingChannel>(i);
    }
    return std::nullopt;
}

} // namespace ow::rating
