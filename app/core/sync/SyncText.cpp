#include "sync/SyncText.h"

Q_LOGGING_CATEGORY(lcSync, "ow.sync")
