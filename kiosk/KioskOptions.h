#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

namespace ow {

// The kiosk's command line. Parsing is separate from main() so every rule (ranges, exclusive
// options) is tested without starting the program.
struct KioskOptions
{
    Q_DECLARE_TR_FUNCTIONS(KioskOptions)

public:
    enum class Orientation { Auto, Portrait, Landscape };

    static constexpr int MinIdleSeconds = 20;
    static constexpr int MaxIdleSeconds = 3600;
    static constexpr int MaxPickupDays = 30;

    bool windowed = false;
    Orientation orientation = Orientation::Auto;
    QString formsDir;
    QString dataDir; // the encrypted case store and its key; empty: the user's data folder
    int idleSeconds = 90;
    bool demo = false;
    // Every visit starts in elder mode (长辈模式); the home tile still switches it for one visit.
    bool elderDefault = false;
    QString hubUrl;           // empty: no hub; cases wait on the kiosk
    QString hubPin;           // the hub's public key pin (sha256//BASE64 or a key file)
    QString hubCaFile;        // optional CA certificates for the hub's TLS
    bool setAdminPin = false; // read a new admin PIN from standard input, save it and exit
    int minFreeMb = 200;      // refuse applications when the data folder has less free space
    int pickupDays = 7;       // how long a pickup code for the service window is valid
    QString serviceContact;   // shown when out of service: where to go, whom to call
    QString helperPhone;      // the village helper's phone, shown when the hub cannot be asked for help
    QString cardReader;       // serial device of the ID card reader; empty: none (a simulated one in demo mode)
    QString cameraDir;        // demonstration: a folder of images that stands in for the document camera

    // `arguments` includes the program name, as QCoreApplication::arguments() gives it.
    static struct ParsedKioskOptions parse(const QStringList &arguments);
};

struct ParsedKioskOptions
{
    std::optional<KioskOptions> options; // nothing: print `message` and exit
    QString message;                     // help text, or what is wrong (translated)
    int exitCode = 0;                    // 0 after --help, 1 after a usage error
};

} // namespace ow
