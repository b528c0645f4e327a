#include "cli/CliScan.h"
#include "cli/CliArguments.h"
#include "cli/CliText.h"

#include "scan/BarcodeDecoder.h"
#include "scan/Payload.h"
#include "scan/ScanLogging.h"
#include "scan/TrustStore.h"
#include "ui/scan/ImageCodes.h"

#include "catalog/RegionTable.h"
#include "common/DataPaths.h"
#include "common/Tr.h"
#include "domain/IdNumber.h"

#include <QStringDecoder>

#include <optional>

namespace ow::cli {

namespace {

const char *kScanUsage = QT_TRANSLATE_NOOP(
    "CliText", "Usage: onewindow scan [--forms DIR] [--trust FILE] [--demo] FILE...\n"
               "Reads the code in each image and prints FILE, FORMAT, KIND and TEXT separated by tabs, or FILE and\n"
               "\"none\". KIND is the kind of code, followed by \":reason\" when it is not accepted. ID numbers are\n"
               "masked. --forms names the catalog (default: OW_FORMS_DIR or the installed catalog), --trust adds a\n"
               "trust file (for example with device keys), --demo accepts the demo issuers of the catalog.\n"
               "Exit status: 0 when every file had a code, 6 otherwise, 1 for a usage error.");

constexpr int kMaxShownChars = 512;

// Payload text made safe for one tab-separated line: no tabs, line breaks or control characters
// (a code could otherwise forge lines of output), invalid UTF-8 shown as \xNN.
QString printable(const QByteArray &bytes)
{
    QString out;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8(bytes);
    const bool valid = !utf8.hasError();
    if (!valid) {
        for (char c : bytes) {
            const uchar u = uchar(c);
            if (u >= 0x20 && u < 0x7F && u != '\\')
                out.append(QLatin1Char(c));
            else
                out.append(QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0')));
        }
    } else {
        for (QChar c : text) {
            if (c == u'\\')
                out.append(QStringLiteral("\\\\"));
            else if (c == u'\t')
                out.append(QStringLiteral("\\t"));
            else if (c == u'\n')
                out.append(QStringLiteral("\\n"));
            else if (c == u'\r')
                out.append(QStringLiteral("\\r"));
            else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
                out.append(QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0')));
            else
                out.append(c);
        }
    }
    if (out.size() > kMaxShownChars)
        out = out.left(kMaxShownChars) + QStringLiteral("…");
    return out;
}

} // namespace

int scanCommand(const QStringList &args, Io io)
{
    CliArguments cl(QStringLiteral("onewindow scan"), CliText::tr(kScanUsage),
                    {{QStringLiteral("forms"), CliText::tr("The catalog folder (regions and trusted issuers)."),
                      QStringLiteral("DIR")},
                     {QStringLiteral("trust"), CliText::tr("One more trust file; may be given more than once."),
                      QStringLiteral("FILE")},
                     {QStringLiteral("demo"), CliText::tr("Accept the demo issuers of the catalog.")}});
    if (const auto exit = cl.parseOrExit(args, io))
        return *exit;
    const QStringList trustFiles = cl.values(QStringLiteral("trust"));
    const bool demo = cl.isSet(QStringLiteral("demo"));
    const QStringList files = cl.positional();
    if (files.isEmpty())
        return cl.usageError(CliText::tr("Name at least one image FILE."), io);

    const QString formsDir = dataPaths::formsDir(cl.value(QStringLiteral("forms")));
    std::optional<RegionTable> regions;
    if (auto r = RegionTable::load(formsDir + QStringLiteral("/regions/regions.json")); r.ok()) {
        regions = std::move(r).value();
    } else {
        qCWarning(lcScan).noquote() << r.error().logDetail;
        io.err << "onewindow: " << r.error().userMessage << '\n';
    }
    const auto demoIssuers = demo ? scan::TrustStore::DemoIssuers::Accept : scan::TrustStore::DemoIssuers::Refuse;
    scan::TrustStore trust;
    if (auto t = scan::TrustStore::load(formsDir + QStringLiteral("/trust/issuers.json"), demoIssuers); t.ok()) {
        trust = std::move(t).value();
    } else {
        qCWarning(lcScan).noquote() << t.error().logDetail;
        io.err << "onewindow: " << t.error().userMessage << '\n';
    }
    for (const QString &path : std::as_const(trustFiles)) {
        auto extra = scan::TrustStore::load(path, demoIssuers);
        if (!extra) {
            qCWarning(lcScan).noquote() << extra.error().logDetail;
            io.err << "onewindow: " << extra.error().userMessage << '\n';
            return ExitUsage;
        }
        trust.merge(extra.value());
    }
    const scan::ClassifyContext context{QDateTime::currentDateTimeUtc(), regions ? &*regions : nullptr, &trust};

    bool all = true;
    for (const QString &file : std::as_const(files)) {
        const QString shownFile = printable(file.toUtf8());
        auto image = scan::imageCodes::loadImage(file);
        if (!image) {
            qCWarning(lcScan).noquote() << image.error().logDetail;
            io.err << shownFile << ": " << image.error().userMessage << '\n';
            io.out << shownFile << "\tnone\n";
            all = false;
            continue;
        }
        const auto code = scan::imageCodes::decodeThorough(image.value());
        if (!code) {
            io.out << shownFile << "\tnone\n";
            all = false;
            continue;
        }
        const scan::Classification c = scan::classify(code->payload, context);
        QString kind = scan::kindName(c.kind);
        QString text;
        if (c.accepted()) {
            text = printable(c.display().toUtf8());
        } else {
            kind += QLatin1Char(':') + scan::rejectionName(c.rejection);
            io.err << shownFile << ": " << c.problem->userMessage << '\n';
            // Even a rejected ID number is most likely someone's real number, mistyped.
            text = c.kind == scan::PayloadKind::ResidentId
                       ? idNumber::masked(idNumber::normalized(QString::fromUtf8(code->payload).trimmed()))
                       : printable(code->payload);
        }
        io.out << shownFile << '\t' << scan::formatName(code->format) << '\t' << kind << '\t' << text << '\n';
    }
    return all ? ExitOk : ExitOther;
}

} // namespace ow::cli
