// libFuzzer targets for everything in scanning that reads bytes from outside: one executable per
// parser, selected at compile time (OW_FUZZ_<NAME>). Each input must be handled without a crash,
// a sanitizer report, unbounded memory or an accepted code that was not signed by a trusted key.
#include "scan/CodeSigning.h"
#include "scan/Ga467.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"

#include "catalog/RegionTable.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QTimeZone>

#include <cstdint>
#include <cstdlib>
#include <optional>

using namespace ow;
using namespace ow::scan;

namespace {

struct World
{
    std::optional<RegionTable> regions;
    TrustStore trust;
    ClassifyContext context;
};

World &world()
{
    static World *w = [] {
        auto *w = new World;
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*=false"));
        const QString source = qEnvironmentVariable("OW_SOURCE_DIR", QStringLiteral(OW_SOURCE_DIR_DEFAULT));
        if (auto r = RegionTable::load(source + QStringLiteral("/forms/regions/regions.json")))
            w->regions = std::move(r).value();
        // Keys the fuzzer cannot know: nothing it makes may verify.
        auto device = codeSigning::generate(SignatureAlgorithm::Sm2);
        auto issuer = codeSigning::generate(SignatureAlgorithm::Ed25519);
        if (!device || !issuer)
            std::abort();
        (void)w->trust.addDevice(QStringLiteral("K3301220001"), device->publicDer);
        TrustStore::Issuer i;
        i.id = QStringLiteral("330122-MZJ");
        i.name = QStringLiteral("fuzz");
        i.publicKeys = {issuer->publicDer};
        (void)w->trust.addIssuer(i);
        w->context = ClassifyContext{QDateTime(QDate(2026, 3, 15), QTime(9, 0), QTimeZone::utc()),
                                     w->regions ? &*w->regions : nullptr, &w->trust};
        return w;
    }();
    return *w;
}

void expectNotForged(const Classification &c)
{
    // Without the private keys no signed kind can be accepted.
    const bool signedKind =
        c.kind == PayloadKind::CaseReceipt || c.kind == PayloadKind::DraftPickup || c.kind == PayloadKind::ELicence;
    if (signedKind && c.accepted())
        std::abort();
    if (c.accepted() == c.problem.has_value())
        std::abort();
    (void)c.display();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    World &w = world();
#if defined(OW_FUZZ_CLASSIFY)
    expectNotForged(classify(input, w.context));
#elif defined(OW_FUZZ_RESIDENTID)
    expectNotForged(parseResidentId(input, w.context));
#elif defined(OW_FUZZ_CREDITCODE)
    expectNotForged(parseCreditCode(input, w.context));
#elif defined(OW_FUZZ_SIGNEDCODE)
    expectNotForged(parseCaseReceipt(input, w.context));
    expectNotForged(parseDraftPickup(input, w.context));
#elif defined(OW_FUZZ_ELICENCE)
    expectNotForged(parseELicence(input, w.context));
#elif defined(OW_FUZZ_URL)
    expectNotForged(parseUrl(input, w.context));
#elif defined(OW_FUZZ_TRUST)
    (void)TrustStore::fromJson(input, TrustStore::DemoIssuers::Accept);
    (void)RegionTable::fromJson(input);
#elif defined(OW_FUZZ_GA467)
    // The first byte decides how the line chops the bytes; frames found go to the card parser.
    ga467::FrameParser parser;
    const int chunk = size > 0 ? 1 + data[0] % 64 : 1;
    const QDate today(2026, 3, 15);
    for (qsizetype at = 1; at < input.size(); at += chunk) {
        parser.feed(input.mid(at, chunk));
        while (const auto item = parser.next()) {
            if (item->kind != ga467::FrameParser::Kind::Frame)
                continue;
            if (const auto r = ga467::responseFromBody(item->body))
                (void)ga467::parseReadData(r->data, today);
        }
        if (parser.bufferedBytes() > 2 * (ga467::kMaxLength + 16))
            std::abort();
    }
    if (input.size() >= ga467::kTextSize)
        (void)ga467::parseCardText(input.left(ga467::kTextSize), today);
#else
#error "define one OW_FUZZ_<NAME>"
#endif
    (void)w;
    return 0;
}
