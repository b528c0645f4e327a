#include "KioskOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

namespace ow {

namespace {

ParsedKioskOptions usageError(const QString &message)
{
    return {std::nullopt,
            message + QLatin1Char('\n') + KioskOptions::tr("Run \"onewindow-kiosk --help\" to see how it is used."), 1};
}

} // namespace

ParsedKioskOptions KioskOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("OneWindow self-service kiosk for citizens."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    const QCommandLineOption windowed(QStringLiteral("windowed"), tr("Run in a window instead of full screen."));
    const QCommandLineOption portrait(QStringLiteral("portrait"), tr("Lay out for a portrait screen (1080×1920)."));
    const QCommandLineOption landscape(QStringLiteral("landscape"), tr("Lay out for a landscape screen (1920×1080)."));
    const QCommandLineOption forms(QStringLiteral("forms"), tr("The service catalog folder."), QStringLiteral("DIR"));
    const QCommandLineOption data(
        QStringLiteral("data"), tr("The folder of the encrypted case store and its key file."), QStringLiteral("DIR"));
    const QCommandLineOption idle(QStringLiteral("idle-seconds"),
                                  tr("End a visit after this many seconds without a touch (%1 to %2, default %3).")
                                      .arg(MinIdleSeconds)
                                      .arg(MaxIdleSeconds)
                                      .arg(KioskOptions().idleSeconds),
                                  QStringLiteral("N"));
    const QCommandLineOption demo(QStringLiteral("demo"), tr("Demonstration mode: marked as such on every screen."));
    const QCommandLineOption elderDefault(
        QStringLiteral("elder-default"),
        tr("Start every visit in elder mode: larger type, one question per page, more time. The home "
           "screen's tile still switches it for one visit."));
    const QCommandLineOption hub(QStringLiteral("hub"),
                                 tr("The county hub's address; cases are sent there once this kiosk is enrolled "
                                    "(onewindow sync enroll)."),
                                 QStringLiteral("URL"));
    const QCommandLineOption hubPin(QStringLiteral("hub-pin"),
                                    tr("The hub's public key: sha256//BASE64 or a PEM file."), QStringLiteral("PIN"));
    const QCommandLineOption hubCa(QStringLiteral("hub-ca"), tr("Certificates to trust for the hub's TLS, in PEM."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption setPin(QStringLiteral("set-admin-pin"),
                                    tr("Read a new admin PIN (6 to 12 digits) from standard input, save it and exit."));
    const QCommandLineOption minFree(
        QStringLiteral("min-free-mb"),
        tr("Refuse applications when the data folder has less free space than this (default %1 MB).")
            .arg(KioskOptions().minFreeMb),
        QStringLiteral("MB"));
    const QCommandLineOption pickupDays(
        QStringLiteral("pickup-days"),
        tr("How many days a pickup code for continuing at the service window is valid (1 to %1, default %2).")
            .arg(MaxPickupDays)
            .arg(KioskOptions().pickupDays),
        QStringLiteral("DAYS"));
    const QCommandLineOption contact(QStringLiteral("service-contact"),
                                     tr("Shown when the kiosk is out of service: where to go or whom to call."),
                                     QStringLiteral("TEXT"));
    const QCommandLineOption helperPhone(
        QStringLiteral("helper-phone"),
        tr("The village helper's phone number, shown when a citizen calls for help and the county hub cannot be "
           "reached."),
        QStringLiteral("NUMBER"));

    const QCommandLineOption cardReader(
        QStringLiteral("card-reader"),
        tr("The serial device of the ID card reader, e.g. /dev/ttyUSB0. In demonstration "
           "mode without it, a simulated reader with demo cards."),
        QStringLiteral("DEVICE"));
    const QCommandLineOption cameraDir(
        QStringLiteral("camera-dir"),
        tr("Demonstration: take the pictures of materials from the images in this folder instead of a camera."),
        QStringLiteral("DIR"));
    parser.addOptions({help, windowed, portrait, landscape, forms, data, idle, demo, elderDefault, cardReader,
                       cameraDir, setPin, minFree, pickupDays, contact, helperPhone, hub, hubPin, hubCa});

    if (!parser.parse(arguments)) {
        const QStringList unknown = parser.unknownOptionNames();
        if (!unknown.isEmpty())
            return usageError(tr("Unknown option %1.").arg(unknown.first()));
        return usageError(parser.errorText());
    }
    if (parser.isSet(help))
        return {std::nullopt, parser.helpText(), 0};
    if (!parser.positionalArguments().isEmpty())
        return usageError(tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()));
    if (parser.isSet(portrait) && parser.isSet(landscape))
        return usageError(tr("Give either --portrait or --landscape, not both."));

    KioskOptions out;
    out.windowed = parser.isSet(windowed);
    out.orientation = parser.isSet(portrait)    ? Orientation::Portrait
                      : parser.isSet(landscape) ? Orientation::Landscape
                                                : Orientation::Auto;
    out.formsDir = parser.value(forms);
    out.dataDir = parser.value(data);
    out.demo = parser.isSet(demo);
    out.elderDefault = parser.isSet(elderDefault);
    out.cardReader = parser.value(cardReader);
    out.cameraDir = parser.value(cameraDir);
    if (parser.isSet(cardReader) && out.cardReader.trimmed().isEmpty())
        return usageError(tr("--card-reader needs the reader's device, e.g. /dev/ttyUSB0."));
    if (parser.isSet(cameraDir) && !out.demo)
        return usageError(tr("--camera-dir is for demonstrations only; give --demo as well."));
    out.setAdminPin = parser.isSet(setPin);
    out.serviceContact = parser.value(contact);
    out.helperPhone = parser.value(helperPhone).trimmed();
    if (parser.isSet(minFree)) {
        bool ok = false;
        const int n = parser.value(minFree).trimmed().toInt(&ok);
        if (!ok || n < 0)
            return usageError(
                tr("--min-free-mb takes a whole number of megabytes, not \"%1\".").arg(parser.value(minFree)));
        out.minFreeMb = n;
    }
    if (parser.isSet(pickupDays)) {
        bool ok = false;
        const int n = parser.value(pickupDays).trimmed().toInt(&ok);
        if (!ok || n < 1 || n > MaxPickupDays)
            return usageError(tr("--pickup-days takes a whole number from 1 to %1, not \"%2\".")
                                  .arg(MaxPickupDays)
                                  .arg(parser.value(pickupDays)));
        out.pickupDays = n;
    }
    out.hubUrl = parser.value(hub).trimmed();
    out.hubPin = parser.value(hubPin);
    out.hubCaFile = parser.value(hubCa);
    if (!out.hubUrl.isEmpty()) {
        const QUrl url(out.hubUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) ||
            url.host().isEmpty())
            return usageError(
                tr("--hub takes an address such as https://hub.example:8443, not \"%1\".").arg(out.hubUrl));
    }
    if (parser.isSet(idle)) {
        bool ok = false;
        const int n = parser.value(idle).trimmed().toInt(&ok);
        if (!ok || n < MinIdleSeconds || n > MaxIdleSeconds) {
            return usageError(tr("--idle-seconds takes a whole number from %1 to %2, not \"%3\".")
                                  .arg(MinIdleSeconds)
                                  .arg(MaxIdleSeconds)
                                  .arg(parser.value(idle)));
        }
        out.idleSeconds = n;
    }
    return {out, QString(), 0};
}

} // namespace ow
