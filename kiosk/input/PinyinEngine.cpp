#include "PinyinEngine.h"

#include "InputLogging.h"
#include "InputText.h"

#include <googlepinyin/pinyinime.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

namespace ow {

namespace {

// The decoder lives in the library's globals: this is the engine that opened it, if any.
std::atomic<const PinyinEngine *> g_owner{nullptr};
// Set when a dictionary failed to load: the library then holds freed memory in its globals, and
// loading again would crash, so the decoder stays unusable until the process restarts.
std::atomic<bool> g_broken{false};

constexpr const char *kDictionaryFile = "dict_pinyin.dat";

QString dictionaryBeside(const QString &libraryDir)
{
    return libraryDir + QStringLiteral("/googlepinyin/data/") + QLatin1String(kDictionaryFile);
}

// The directory of the loaded libgooglepinyin, where the package puts its data below.
QString loadedLibraryDir()
{
    Dl_info info{};
    if (dladdr(reinterpret_cast<void *>(&ime_pinyin::im_open_decoder), &info) == 0 || info.dli_fname == nullptr)
        return {};
    return QFileInfo(QFile::decodeName(info.dli_fname)).absolutePath();
}

bool createPrivateFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

bool isPinyinLetters(const QString &letters)
{
    for (QChar c : letters) {
        if (!((c >= u'a' && c <= u'z') || c == u'\''))
            return false;
    }
    return true;
}

} // namespace

struct PinyinEngine::Private
{
    Options options;
    std::unique_ptr<QTemporaryDir> sessionDir;
    QString sessionDictionary;
    bool open = false;
    int count = 0;

    // The library learns phrases composed in steps, not a candidate chosen whole ("zhang" → 章):
    // those are remembered here, in memory, for the session, and offered first for the same
    // letters. Most recent first.
    QHash<QString, QStringList> chosenWhole;
    // The letters of the current search, and the library indices shown first for them.
    QString searched;
    QList<int> front;

    static constexpr int kRememberedPerLetters = 5;
    // How far down the library's list a remembered choice is looked for.
    static constexpr int kPromoteWithin = 200;

    // Candidate as the library spells it: while composing, candidate 0 includes the fixed prefix.
    QString rawCandidate(int index) const
    {
        if (!open || index < 0 || index >= count)
            return {};
        std::array<ime_pinyin::char16, 64> buffer{};
        if (ime_pinyin::im_get_candidate(static_cast<size_t>(index), buffer.data(), buffer.size() - 1) == nullptr)
            return {};
        return QString::fromUtf16(reinterpret_cast<const char16_t *>(buffer.data()));
    }

    // Library index of the candidate shown at index: the front first, then the library's order
    // without them.
    int libraryIndex(int index) const
    {
        if (index < front.size())
            return front.at(index);
        int library = index - static_cast<int>(front.size());
        QList<int> sorted = front;
        std::sort(sorted.begin(), sorted.end());
        for (int promoted : std::as_const(sorted)) {
            if (promoted <= library)
                ++library;
        }
        return library;
    }

    // Recomputes the front after the candidates changed; only while nothing is composed.
    void rebuildFront()
    {
        front.clear();
        const auto remembered = chosenWhole.constFind(searched);
        if (remembered == chosenWhole.constEnd() || fixedLength() != 0)
            return;
        const int within = std::min(count, kPromoteWithin);
        for (const QString &text : *remembered) {
            for (int i = 0; i < within; ++i) {
                if (rawCandidate(i) == text) {
                    front.append(i);
                    break;
                }
            }
        }
    }

    void remember(const QString &letters, const QString &text)
    {
        QStringList &list = chosenWhole[letters];
        list.removeAll(text);
        list.prepend(text);
        while (list.size() > kRememberedPerLetters)
            list.removeLast();
    }

    int fixedLength() const { return open ? static_cast<int>(ime_pinyin::im_get_fixed_len()) : 0; }

    // Start positions of the syllables in the letters; the last entry is the end of the last one.
    QList<int> syllableStarts() const
    {
        QList<int> starts;
        if (!open)
            return starts;
        const ime_pinyin::uint16 *positions = nullptr;
        const size_t syllables = ime_pinyin::im_get_spl_start_pos(positions);
        for (size_t i = 0; positions != nullptr && i <= syllables; ++i)
            starts.append(positions[i]);
        return starts;
    }
};

PinyinEngine::PinyinEngine()
    : d(std::make_unique<Private>())
{}

PinyinEngine::~PinyinEngine()
{
    close();
}

QString PinyinEngine::systemDictionaryPath()
{
    const QString overridden = qEnvironmentVariable("OW_PINYIN_DICT");
    if (!overridden.isEmpty())
        return overridden;

    QStringList candidates;
    const QString libraryDir = loadedLibraryDir();
    if (!libraryDir.isEmpty())
        candidates << dictionaryBeside(libraryDir);
    // Linked statically: look where Debian's multiarch package installs it.
    for (const QString &root : {QStringLiteral("/usr/lib"), QStringLiteral("/usr/local/lib")}) {
        const QDir dir(root);
        for (const QString &triplet : dir.entryList({QStringLiteral("*-linux-*")}, QDir::Dirs))
            candidates << dictionaryBeside(dir.filePath(triplet));
        candidates << dictionaryBeside(root);
    }
    for (const QString &candidate : std::as_const(candidates)) {
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

Status PinyinEngine::open(const Options &options)
{
    close();

    const QString dictionary = options.systemDictionary.isEmpty() ? systemDictionaryPath() : options.systemDictionary;
    if (dictionary.isEmpty() || !QFileInfo(dictionary).isFile()) {
        qCWarning(lcInput) << "pinyin dictionary missing:"
                           << (dictionary.isEmpty() ? QStringLiteral("(none found)") : dictionary);
        return makeError(
            ErrorCode::NotFound, InputText::tr("Chinese input is not available: its dictionary is not installed."),
            QStringLiteral("pinyin system dictionary not found: %1")
                .arg(dictionary.isEmpty() ? QStringLiteral("none found, set OW_PINYIN_DICT") : dictionary));
    }

    if (g_broken.load()) {
        return makeError(ErrorCode::Corrupt, InputText::tr("Chinese input is not available until the kiosk restarts."),
                         QStringLiteral("pinyin decoder unusable after a failed dictionary load"));
    }
    const PinyinEngine *expected = nullptr;
    if (!g_owner.compare_exchange_strong(expected, this)) {
        return makeError(ErrorCode::AlreadyExists, InputText::tr("Chinese input is already in use."),
                         QStringLiteral("a second pinyin engine was opened; the decoder is process-global"));
    }

    std::unique_ptr<QTemporaryDir> sessionDir;
    QString sessionDictionary;
    if (options.learnChoices) {
        QString base = options.sessionDirectory;
        if (base.isEmpty())
            base = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (base.isEmpty() || !QFileInfo(base).isDir())
            base = QDir::tempPath();
        // QTemporaryDir creates the directory with mode 0700.
        sessionDir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/onewindow-input-XXXXXX"));
        sessionDictionary = sessionDir->filePath(QStringLiteral("session_dict.dat"));
        if (!sessionDir->isValid() || !createPrivateFile(sessionDictionary)) {
            g_owner.store(nullptr);
            return makeError(ErrorCode::Io, InputText::tr("Chinese input could not start."),
                             QStringLiteral("cannot create the session dictionary in %1").arg(base));
        }
    }

    // An empty user dictionary name makes the library run without one. A damaged dictionary can
    // make the library throw (it allocates what the file's header says).
    bool loaded = false;
    try {
        loaded = ime_pinyin::im_open_decoder(QFile::encodeName(dictionary).constData(),
                                             QFile::encodeName(sessionDictionary).constData());
    } catch (const std::exception &e) {
        qCWarning(lcInput) << "libgooglepinyin threw while loading:" << e.what();
    }
    if (!loaded) {
        // No im_close_decoder() here, and no second attempt: either would free the library's
        // half-built globals again.
        g_broken.store(true);

        g_owner.store(nullptr);
        return makeError(ErrorCode::Corrupt,
                         InputText::tr("Chinese input is not available: its dictionary is damaged."),
                         QStringLiteral("libgooglepinyin cannot load %1").arg(dictionary));
    }

    d->options = options;
    d->sessionDir = std::move(sessionDir);
    d->sessionDictionary = sessionDictionary;
    d->open = true;
    d->count = 0;
    qCInfo(lcInput) << "pinyin engine open, session learning" << (options.learnChoices ? "on" : "off");
    return {};
}

bool PinyinEngine::isOpen() const
{
    return d->open;
}

void PinyinEngine::close()
{
    if (!d->open)
        return;
    ime_pinyin::im_close_decoder();
    d->open = false;
    d->count = 0;
    d->front.clear();
    d->searched.clear();
    d->chosenWhole.clear();
    d->sessionDictionary.clear();
    d->sessionDir.reset(); // removes the directory and the session dictionary in it
    g_owner.store(nullptr);
}

int PinyinEngine::search(const QString &letters)
{
    if (!d->open)
        return 0;
    const QString folded = letters.toLower();
    if (folded.isEmpty() || !isPinyinLetters(folded)) {
        reset();
        return 0;
    }
    const QByteArray spelling = folded.toLatin1();
    d->count = static_cast<int>(ime_pinyin::im_search(spelling.constData(), static_cast<size_t>(spelling.size())));
    d->searched = folded;
    d->rebuildFront();
    return d->count;
}

int PinyinEngine::candidateCount() const
{
    return d->count;
}

QString PinyinEngine::candidate(int index) const
{
    if (index < 0 || index >= d->count)
        return {};
    index = d->libraryIndex(index);
    QString text = d->rawCandidate(index);
    if (index == 0)
        text.remove(0, d->fixedLength());
    return text;
}

QStringList PinyinEngine::candidates(int offset, int count) const
{
    QStringList page;
    const int first = std::max(offset, 0);
    const int end = std::min(d->count, first + std::max(count, 0));
    for (int i = first; i < end; ++i)
        page.append(candidate(i));
    return page;
}

PinyinEngine::Choice PinyinEngine::choose(int index)
{
    if (!d->open || index < 0 || index >= d->count)
        return {};
    const bool wasComposing = d->fixedLength() != 0;
    d->count = static_cast<int>(ime_pinyin::im_choose(static_cast<size_t>(d->libraryIndex(index))));
    d->front.clear();
    const int syllables = static_cast<int>(d->syllableStarts().size()) - 1;
    if (syllables <= 0 || d->fixedLength() < syllables)
        return {};
    // Every syllable is fixed: candidate 0 is the whole phrase. Composed in steps, the library
    // has learned it; chosen whole, it is remembered here.
    Choice choice{true, d->rawCandidate(0)};
    if (!wasComposing && d->options.learnChoices)
        d->remember(d->searched, choice.committed);
    reset();
    return choice;
}

bool PinyinEngine::cancelLastChoice()
{
    if (d->fixedLength() == 0)
        return false;
    d->count = static_cast<int>(ime_pinyin::im_cancel_last_choice());
    d->rebuildFront();
    return true;
}

QString PinyinEngine::letters() const
{
    if (!d->open)
        return {};
    size_t decoded = 0;
    const char *spelling = ime_pinyin::im_get_sps_str(&decoded);
    return spelling == nullptr ? QString() : QString::fromLatin1(spelling);
}

QString PinyinEngine::composedPrefix() const
{
    const int fixed = d->fixedLength();
    return fixed == 0 ? QString() : d->rawCandidate(0).left(fixed);
}

QString PinyinEngine::remainingLetters() const
{
    const QString all = letters();
    const int fixed = d->fixedLength();
    const QList<int> starts = d->syllableStarts();
    if (fixed == 0 || fixed >= starts.size())
        return fixed == 0 ? all : QString();
    return all.mid(starts.at(fixed));
}

void PinyinEngine::reset()
{
    if (d->open)
        ime_pinyin::im_reset_search();
    d->count = 0;
    d->front.clear();
    d->searched.clear();
}

Status PinyinEngine::forgetSession()
{
    if (!d->open)
        return {};
    const Options options = d->options;
    close();
    qCInfo(lcInput) << "pinyin session forgotten";
    return open(options);
}

QString PinyinEngine::sessionDictionaryPath() const
{
    return d->sessionDictionary;
}

} // namespace ow
