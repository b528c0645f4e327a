#pragma once

#include <QString>
#include <QStringList>

#include <memory>

namespace ow {

// How Chinese text reads in pinyin, for searching by sound: 高龄津贴申领 reads
// gao ling jin tie shen ling, so "gaoling", "gljt" and "gaolingjt" all find it. The readings
// come from ICU's Han→Latin transliterator (one reading per character, the most common one: a
// heteronym such as 行 or 重 reads as ICU chooses). ICU stays inside HanziReading.cpp.
//
// Creating a reader loads ICU's tables (milliseconds); read a catalog's names once and keep the
// syllables, then match queries against them with matchesSyllables().
class HanziReading
{
public:
    HanziReading();
    ~HanziReading();
    HanziReading(const HanziReading &) = delete;
    HanziReading &operator=(const HanziReading &) = delete;

    // False when ICU has no Han→Latin transliterator (then syllables() gives Latin words only).
    bool available() const;

    // The syllables of `text` in lower-case ASCII: one per Han character, and each run of
    // Latin letters or digits as one word. Punctuation and spaces separate and are dropped.
    QStringList syllables(const QString &text) const;

    // True when `query` (letters only, any case) reads as consecutive syllables, each typed in
    // full or by its first letters: "gljt", "gaoling", "gaolingjt", "gaol" all match
    // gao ling jin tie. An empty query or one with anything but letters never matches.
    static bool matchesSyllables(const QStringList &syllables, const QString &query);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace ow
