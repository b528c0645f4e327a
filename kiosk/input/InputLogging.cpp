#include "InputLogging.h"

Q_LOGGING_CATEGORY(lcInput, "ow.input")
