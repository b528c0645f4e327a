#include "HanziReading.h"

#include "InputLogging.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace ow {

struct HanziReading::Impl
{
    // Built on first use: ICU compiles its Han→Latin rules then (about a tenth of a second), which
    // a kiosk should not spend before its home screen is up.
    icu::Transliterator *get()
    {
        if (!tried) {
            tried = true;
            UErrorCode status = U_ZERO_ERROR;
            transliterator.reset(icu::Transliterator::createInstance(
                icu::UnicodeString::fromUTF8("Han-Latin; Latin-ASCII"), UTRANS_FORWARD, status));
            if (U_FAILURE(status) || !transliterator) {
                qCWarning(lcInput) << "no Han-Latin transliterator in ICU:" << u_errorName(status)
                                   << "- search by pinyin is off";
                transliterator.reset();
            }
        }
        return transliterator.get();
    }

    bool tried = false;
    std::unique_ptr<icu::Transliterator> transliterator;
};

HanziReading::HanziReading()
    : d(std::make_unique<Impl>())
{}

HanziReading::~HanziReading() = default;

bool HanziReading::available() const
{
    return d->get() != nullptr;
}

QStringList HanziReading::syllables(const QString &text) const
{
    QStringList out;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            out.append(word.toLower());
        word.clear();
    };
    // One character at a time, so each Han character gives exactly one syllable whatever ICU
    // does with spaces between them.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char32_t cp = text.at(i).isHighSurrogate() && i + 1 < text.size()
                                ? QChar::surrogateToUcs4(text.at(i), text.at(i + 1))
                                : char32_t(text.at(i).unicode());
        const qsizetype width = cp > 0xFFFF ? 2 : 1;
        if (QChar::script(cp) == QChar::Script_Han) {
            flush();
            if (icu::Transliterator *transliterator = d->get()) {
                icu::UnicodeString one{static_cast<UChar32>(cp)};
                transliterator->transliterate(one);
                QString reading;
                for (int k = 0; k < one.length(); ++k) {
                    const QChar c(one.charAt(k));
                    if (c.isLetter() && c.unicode() < 0x80)
                        reading.append(c.toLower());
                }
                if (!reading.isEmpty())
                    out.append(reading);
            }
        } else if (cp < 0x80 && QChar::isLetterOrNumber(cp)) {
            word.append(QChar(char16_t(cp)));
        } else {
            flush();
        }
        i += width - 1;
    }
    flush();
    return out;
}

namespace {

bool matchFrom(const QStringList &syllables, qsizetype syllable, QStringView query)
{
    if (query.isEmpty())
        return true;
    if (syllable >= syllables.size())
        return false;
    const QString &s = syllables.at(syllable);
    // Longest first: a whole syllable, then ever shorter beginnings of it down to its initial.
    for (qsizetype n = qMin(s.size(), query.size()); n >= 1; --n) {
        if (QStringView(s).left(n) == query.left(n) && matchFrom(syllables, syllable + 1, query.mid(n)))
            return true;
    }
    return false;
}

} // namespace

bool HanziReading::matchesSyllables(const QStringList &syllables, const QString &query)
{
    if (query.isEmpty())
        return false;
    for (const QChar c : query) {
        if (c.unicode() >= 0x80 || !c.isLetter())
            return false;
    }
    const QString q = query.toLower();
    for (qsizetype start = 0; start < syllables.size(); ++start) {
        if (matchFrom(syllables, start, q))
            return true;
    }
    return false;
}

} // namespace ow
