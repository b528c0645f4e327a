#include "scan/ScanLogging.h"

Q_LOGGING_CATEGORY(lcScan, "ow.scan")
Q_LOGGING_CATEGORY(lcIdCard, "ow.idcard")
