#pragma once

#include "catalog/Catalog.h"
#include "common/Result.h"

#include <memory>

namespace ow {

class SettingsRepository;

// Keeps every item version a case was filled with inside the store, so a case keeps validating
// against its own version after the catalog changes (a new version, or the item withdrawn).
class ItemArchive
{
public:
    explicit ItemArchive(SettingsRepository &settings)
        : m_settings(settings)
    {}

    // Stores the item's source under "item:ID@VERSION" unless it is there already.
    Status remember(const ServiceItem &item);
    // The item version a case was filled with: the catalog's when it is the same version, else
    // the archived one.
    Result<std::shared_ptr<const ServiceItem>> itemFor(const QString &id, int version, const Catalog &current);

private:
    SettingsRepository &m_settings;
};

} // namespace ow
