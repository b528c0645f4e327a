#pragma once

#include <QCoreApplication>

namespace ow {

// Translation context of the catalog: load problems, validation messages, expression errors.
class CatalogText
{
    Q_DECLARE_TR_FUNCTIONS(CatalogText)
};

} // namespace ow
