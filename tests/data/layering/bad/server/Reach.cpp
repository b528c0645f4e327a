// Fixture for the layering test: the hub reaching into the client store.
#include "store/Repositories.h"
