#include "common/Clock.h"

namespace ow {

const SystemClock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

} // namespace ow
