// Links ow_core and nothing else, so a test can prove that ow_core pulls in no QtGui/QtQuick.
#include "store/Store.h"

int main()
{
    return ow::Database::hasCodec() ? 0 : 1;
}
