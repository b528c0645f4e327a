#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace ow {

// Pinyin to Chinese characters for the touchscreen keyboard, on the system dictionary of
// libgooglepinyin. Whole phrases are offered ("zhangsan" → 张三) and a phrase can be composed in
// steps: choosing a candidate that covers only the first syllables fixes them and offers
// candidates for the remaining letters.
//
// What the citizen chooses is learned for the session only: phrases composed in steps go to the
// library's user dictionary, here a per-session file of mode 0600 in a private directory under
// $XDG_RUNTIME_DIR or the temp dir; a candidate chosen whole (which the library does not learn) is
// remembered in memory and offered first for the same letters. forgetSession(), the idle wipe,
// deletes both. The system-wide user dictionary is never used.
//
// Threads: the library keeps its decoder in global state, so one engine may be open per process
// and it must be used from one thread (the GUI thread). A second open() while another engine is
// open fails with ErrorCode::AlreadyExists rather than corrupting the first.
class PinyinEngine
{
public:
    struct Options
    {
        // Empty: systemDictionaryPath().
        QString systemDictionary;
        // Empty: $XDG_RUNTIME_DIR if set, else the temp dir.
        QString sessionDirectory;
        // False: no user dictionary at all, nothing is learned.
        bool learnChoices = true;
    };

    // The result of choose(): either the phrase is complete and committed, or a prefix is fixed
    // and candidates for the remaining letters are on offer.
    struct Choice
    {
        bool complete = false;
        // When complete: the whole phrase to insert into the field.
        QString committed;
    };

    PinyinEngine();
    ~PinyinEngine();
    PinyinEngine(const PinyinEngine &) = delete;
    PinyinEngine &operator=(const PinyinEngine &) = delete;

    // The system dictionary: $OW_PINYIN_DICT if set, else dict_pinyin.dat where the package
    // installs it next to the loaded library. Empty if none is found.
    static QString systemDictionaryPath();

    [[nodiscard]] Status open(const Options &options);
    [[nodiscard]] Status open() { return open(Options{}); }
    bool isOpen() const;
    // Closes the decoder and deletes the session dictionary.
    void close();

    // Decodes a whole string of letters (a-z, an apostrophe separates syllables; upper case is
    // folded). Returns the number of candidates; 0 for anything else. Searching a string that
    // extends the previous one continues from where that one ended.
    int search(const QString &letters);
    int candidateCount() const;
    // Candidates [offset, offset + count) clipped to what exists; while composing, candidate 0 is
    // the best completion of the remaining letters.
    QStringList candidates(int offset, int count) const;
    QString candidate(int index) const;

    // Chooses candidate index. An out-of-range index changes nothing and returns an incomplete
    // choice. After a complete choice the search is reset.
    Choice choose(int index);
    // Reverts the last partial choice; false if there was none.
    bool cancelLastChoice();

    // The letters the decoder holds, the part already composed into characters, and the letters
    // still to be composed.
    QString letters() const;
    QString composedPrefix() const;
    QString remainingLetters() const;
    bool isComposing() const { return !composedPrefix().isEmpty(); }

    // Clears the current letters and choices; learned phrases stay.
    void reset();
    // The idle wipe: forgets everything learned in this session (deletes the session dictionary
    // and starts a fresh one) and clears the current input.
    [[nodiscard]] Status forgetSession();

    // The session dictionary file, empty when none (closed, or learnChoices off).
    QString sessionDictionaryPath() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ow
