// The item loader treats every file as hostile: any bytes must give an item or problems, never
// a crash, a hang or undefined behaviour.
#include "catalog/Catalog.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QList<ow::CatalogProblem> problems;
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    auto item = ow::CatalogLoader::parseItem(bytes, QStringLiteral("fuzz.json"), problems);
    if (item && !problems.isEmpty())
        __builtin_trap(); // an accepted item has no problems
    if (!item && problems.isEmpty())
        __builtin_trap(); // a refused item says why
    return 0;
}
