#pragma once

#include <QCoreApplication>

// Translation contexts for UI-free code: lupdate and the runtime agree on these names, whatever
// namespace or function the call sits in: the context is the class name. Use StoreText::tr("...").
namespace ow {

class StoreText
{
    Q_DECLARE_TR_FUNCTIONS(StoreText)
};
class KeysText
{
    Q_DECLARE_TR_FUNCTIONS(KeysText)
};
class FilesText
{
    Q_DECLARE_TR_FUNCTIONS(FilesText)
};
class CryptoText
{
    Q_DECLARE_TR_FUNCTIONS(CryptoText)
};
class CaseText
{
    Q_DECLARE_TR_FUNCTIONS(CaseText)
};

} // namespace ow
