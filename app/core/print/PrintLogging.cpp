#include "print/PrintLogging.h"

Q_LOGGING_CATEGORY(lcPrint, "ow.print")
