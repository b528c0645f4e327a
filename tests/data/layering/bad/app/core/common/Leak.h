// Fixture for the layering test: a third-party header in a header outside its wrapper.
#include <sqlite3.h>
