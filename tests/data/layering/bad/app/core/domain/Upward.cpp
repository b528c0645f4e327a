// Fixture for the layering test: every include below breaks a rule.
#include "store/Store.h"
#include "ui/FormController.h"

#include <openssl/evp.h>
