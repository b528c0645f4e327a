// Every wire message treats its body as hostile: any bytes must give a message or an error that
// names what is wrong, never a crash, a hang or undefined behaviour; an accepted message writes
// JSON that reads back as the same message.
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"

#include <cstddef>
#include <cstdint>

namespace {

template<typename Message>
void check(const QJsonObject &object)
{
    auto message = Message::fromJson(object);
    if (!message.ok()) {
        if (message.error().logDetail.isEmpty())
            __builtin_trap(); // a refusal says why
        return;
    }
    const QJsonObject written = message->toJson();
    auto again = Message::fromJson(written);
    if (!again.ok() || again->toJson() != written)
        __builtin_trap(); // what we write, we read
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace ow::protocol;
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto object = parseObject(bytes, QStringLiteral("fuzz"));
    if (!object.ok())
        return 0;
    check<EnrollRequest>(*object);
    check<EnrollAnswer>(*object);
    check<UploadCreateRequest>(*object);
    check<UploadCreateAnswer>(*object);
    check<EventsPage>(*object);
    check<CatalogAnswer>(*object);
    check<LoginRequest>(*object);
    check<LoginAnswer>(*object);
    check<QueueAnswer>(*object);
    check<CaseDetail>(*object);
    check<DecisionRequest>(*object);
    check<DecisionAnswer>(*object);
    check<ErrorBody>(*object);
    PacketEnvelope::fromJson(bytes).ok();
    return 0;
}
