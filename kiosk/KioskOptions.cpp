#include "KioskOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

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
    const QCommandLineOption cardReader(
        QStringLiteral("card-reader"),
        tr("The serial device of the ID card reader, e.g. /dev/ttyUSB0. In demonstration "
           "mode without it, a simulated reader with demo cards."),
        QStringLiteral("DEVICE"));
    const QCommandLineOption cameraDir(
        QStringLiteral("camera-dir"),
        tr("Demonstration: take the pictures of materials from the images in this folder instead of a camera."),
        QStringLiteral("DIR"));
    parser.addOptions({help, windowed, portrait, landscape, forms, data, idle, demo, cardReader, cameraDir});

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
    out.cardReader = parser.value(cardReader);
    out.cameraDir = parser.value(cameraDir);
    if (parser.isSet(cardReader) && out.cardReader.trimmed().isEmpty())
        return usageError(tr("--card-reader needs the reader's device, e.g. /dev/ttyUSB0."));
    if (parser.isSet(cameraDir) && !out.demo)
        return usageError(tr("--camera-dir is for demonstrations only; give --demo as well."));
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
