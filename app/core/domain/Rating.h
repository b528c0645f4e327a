#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace ow {

// 好差评: the five levels of GB/T 39734, best first. Add, never rename: the stored and wire form
// is the key() string. One rating per case; a bad rating (不满意, 非常不满意) must be followed up
// within 15 working days (the follow-up belongs to the desk).
enum class Rating {
    VerySatisfied,    // 非常满意
    Satisfied,        // 满意
    FairlySatisfied,  // 基本满意
    Dissatisfied,     // 不满意
    VeryDissatisfied, // 非常不满意
};

// Where a rating was given. Stored as key(): "kiosk", "window", "online".
enum class RatingChannel {
    Kiosk,
    Window,
    Online,
};

namespace rating {

QList<Rating> all();
QString key(Rating level); // stable storage and wire key, e.g. "verySatisfied"
std::optional<Rating> fromKey(const QString &key);
QString label(Rating level); // translated display name
// 不满意 and 非常不满意: a 差评 that must be followed up.
bool isBad(Rating level);

QString channelKey(RatingChannel channel);
std::optional<RatingChannel> channelFromKey(const QString &key);

// The longest comment a rating keeps, in characters.
constexpr int kMaxCommentLength = 200;

} // namespace rating

} // namespace ow
