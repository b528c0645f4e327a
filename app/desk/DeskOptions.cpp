#include "DeskOptions.h"

#include "domain/Role.h"

#include <QCommandLineParser>

namespace ow {

ParsedDeskOptions DeskOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("OneWindow desk: the service hall's window clerks and the departments' "
                                        "reviewers."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    const QCommandLineOption data(QStringLiteral("data"), tr("Folder of the desk's encrypted store."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption forms(QStringLiteral("forms"), tr("Folder of the service catalog."),
                                   QStringLiteral("DIR"));
    const QCommandLineOption hub(QStringLiteral("hub"), tr("Address of the county hub, e.g. https://hub:8443."),
                                 QStringLiteral("URL"));
    const QCommandLineOption hubPin(QStringLiteral("hub-pin"),
                                    tr("The hub's public key: sha256//BASE64 or a key file (for HTTPS)."),
                                    QStringLiteral("PIN"));
    const QCommandLineOption hubCa(QStringLiteral("hub-ca"), tr("CA certificates for the hub's TLS."),
                                   QStringLiteral("PEM"));
    const QCommandLineOption cardReader(QStringLiteral("card-reader"),
                                        tr("Serial device of the window's ID card reader, e.g. /dev/ttyUSB0."),
                                        QStringLiteral("DEVICE"));
    const QCommandLineOption printer(QStringLiteral("printer"),
                                     tr("Printer (CUPS queue) for acceptance notices and materials receipts."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption idle(
        QStringLiteral("idle-seconds"),
        tr("Sign out after this many seconds without use (%1–%2).").arg(MinIdleSeconds).arg(MaxIdleSeconds),
        QStringLiteral("N"));
    const QCommandLineOption demo(QStringLiteral("demo"), tr("Demonstration: demo data and a window."));
    const QCommandLineOption windowed(QStringLiteral("windowed"), tr("Run in a window instead of full screen."));
    const QCommandLineOption raterScreen(
        QStringLiteral("rater-screen"),
        tr("Show the rating screen for citizens (评价器), on the second screen when there is one."));
    const QCommandLineOption addOperator(QStringLiteral("add-operator"),
                                         tr("Cache an operator on this desk (password on standard input) and exit."));
    const QCommandLineOption username(QStringLiteral("username"), tr("User name of --add-operator."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption role(QStringLiteral("role"),
                                  tr("Role of --add-operator: windowClerk, reviewer, villageHelper, supervisor, "
                                     "auditor or admin."),
                                  QStringLiteral("ROLE"));
    const QCommandLineOption department(QStringLiteral("department"), tr("Department code of --add-operator."),
                                        QStringLiteral("CODE"));
    const QCommandLineOption displayName(QStringLiteral("display-name"), tr("Name shown for --add-operator."),
                                         QStringLiteral("NAME"));
    parser.addOptions({help, data, forms, hub, hubPin, hubCa, cardReader, printer, idle, demo, windowed, addOperator,
                       username, role, department, displayName});
    parser.addOption(raterScreen);

    ParsedDeskOptions out;
    const auto usage = [&out](const QString &message) {
        out.message = message;
        out.exitCode = 1;
        return out;
    };
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        out.message = parser.helpText();
        return out;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(tr("Unexpected argument: %1").arg(parser.positionalArguments().constFirst()));

    DeskOptions o;
    o.dataDir = parser.value(data);
    o.formsDir = parser.value(forms);
    o.hubUrl = parser.value(hub);
    o.hubPin = parser.value(hubPin);
    o.hubCaFile = parser.value(hubCa);
    o.cardReader = parser.value(cardReader).trimmed();
    o.printer = parser.value(printer).trimmed();
    if (parser.isSet(cardReader) && o.cardReader.isEmpty())
        return usage(tr("--card-reader needs the reader's serial device, e.g. /dev/ttyUSB0."));
    if (parser.isSet(printer) && o.printer.isEmpty())
        return usage(tr("--printer needs the name of a printer (CUPS queue)."));
    o.demo = parser.isSet(demo);
    o.windowed = parser.isSet(windowed) || o.demo;
    o.raterScreen = parser.isSet(raterScreen);
    if (parser.isSet(idle)) {
        bool ok = false;
        o.idleSeconds = parser.value(idle).toInt(&ok);
        if (!ok || o.idleSeconds < MinIdleSeconds || o.idleSeconds > MaxIdleSeconds)
            return usage(tr("--idle-seconds must be a number from %1 to %2.").arg(MinIdleSeconds).arg(MaxIdleSeconds));
    }
    o.addOperator = parser.isSet(addOperator);
    o.username = parser.value(username);
    o.role = parser.value(role);
    o.department = parser.value(department);
    o.displayName = parser.value(displayName);
    if (o.addOperator) {
        if (o.username.isEmpty())
            return usage(tr("--add-operator needs --username."));
        if (!role::fromKey(o.role))
            return usage(tr("--role must be one of windowClerk, reviewer, villageHelper, supervisor, auditor, admin."));
    } else if (parser.isSet(username) || parser.isSet(role) || parser.isSet(department) || parser.isSet(displayName)) {
        return usage(tr("--username, --role, --department and --display-name go with --add-operator."));
    }
    out.options = o;
    return out;
}

} // namespace ow
