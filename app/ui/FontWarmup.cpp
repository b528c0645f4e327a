#include "FontWarmup.h"

#include <fontconfig/fontconfig.h>

namespace ow::ui {

std::jthread warmUpFonts()
{
    // FcInit() is thread-safe: if Qt asks first, one of the two loaded configurations is kept
    // and the other dropped, and either way the fonts are the same.
    return std::jthread([] { FcInit(); });
}

} // namespace ow::ui
