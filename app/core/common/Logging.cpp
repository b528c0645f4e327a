#include "common/Logging.h"

Q_LOGGING_CATEGORY(lcStore, "ow.store")
Q_LOGGING_CATEGORY(lcAudit, "ow.audit")
Q_LOGGING_CATEGORY(lcDomain, "ow.domain")
Q_LOGGING_CATEGORY(lcCrypto, "ow.crypto")
Q_LOGGING_CATEGORY(lcKeys, "ow.keys")
Q_LOGGING_CATEGORY(lcCatalog, "ow.catalog")
