#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace ow {

// The desk's command line, parsed apart from main() so its rules are tested without a window.
struct DeskOptions
{
    Q_DECLARE_TR_FUNCTIONS(DeskOptions)

public:
    static constexpr int MinIdleSeconds = 60;
    static constexpr int MaxIdleSeconds = 8 * 3600;

    QString dataDir;  // the encrypted desk store (operators cached for offline sign-in); empty: the user's data folder
    QString formsDir; // the catalog; empty: found beside the program (DataPaths)
    QString hubUrl;   // empty: no hub; only operators cached on this desk sign in
    QString hubPin;   // the hub's public key pin (sha256//BASE64 or a key file), for HTTPS
    QString hubCaFile;
    // The window's ID card reader (GA 467 on a serial device); empty: none (a demo desk reads
    // made-up cards through the pty simulator).
    QString cardReader;
    // The CUPS queue notices and receipts are printed on; empty: none (PDF files only).
    QString printer;
    int idleSeconds = 10 * 60;
    bool demo = false;
    bool windowed = false;
    // `--rater-screen`: the 评价器 window for the citizen, on the second screen when there is one.
    bool raterScreen = false;
    // `--add-operator`: cache a local account (window clerks and others who are no hub account);
    // the password comes on standard input.
    bool addOperator = false;
    QString username;
    QString role;
    QString department;
    QString displayName;

    static struct ParsedDeskOptions parse(const QStringList &arguments);
};

struct ParsedDeskOptions
{
    std::optional<DeskOptions> options; // nothing: print `message` and exit
    QString message;
    int exitCode = 0;
};

} // namespace ow
