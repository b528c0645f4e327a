#include "server/HubLogging.h"

Q_LOGGING_CATEGORY(lcHub, "ow.hub")
Q_LOGGING_CATEGORY(lcHubDb, "ow.hub.db")
Q_LOGGING_CATEGORY(lcHubHttp, "ow.hub.http")
