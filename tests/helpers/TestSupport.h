#pragma once

#include "common/Clock.h"
#include "store/KeyProvider.h"
#include "store/Store.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace ow::test {

// Opens (or creates) a store in `dir` with a key file beside it; fails the test on error.
std::unique_ptr<Store> openStore(const QString &dir, KeyFileProvider &keys, const Clock *clock = nullptr,
                                 int schemaVersion = 0);
QByteArray fileSha256(const QString &path);
// A valid resident ID number built from 17 digits.
QString idWithCheckDigit(const QString &first17);
QString sourceDir();

// Warnings and errors logged while recording (QML binding errors, missing properties, our own
// warnings), for GUI tests that fail on any. Chains to the previous message handler.
void startRecordingWarnings();
void stopRecordingWarnings();
QStringList &warnings();

// A fresh encrypted store for one test: a temporary folder, a key file in it and a manual clock
// starting at 2026-03-02 09:00 UTC. reset() in init(), close() in cleanup().
struct StoreFixture
{
    QTemporaryDir dir;
    std::unique_ptr<KeyFileProvider> keys;
    std::unique_ptr<ManualClock> clock;
    std::unique_ptr<Store> store;

    // Removes the previous store and key, opens a new store; false when that failed.
    bool reset();
    // Opens the same store again with the same key and clock.
    bool reopen();
    void close() { store.reset(); }
};

} // namespace ow::test

// Fails the current test with the error's log detail when a Result failed.
#define OW_VERIFY_OK(expr)                                                                                             \
    do {                                                                                                               \
        const auto &owResult_ = (expr);                                                                                \
        QVERIFY2(owResult_.ok(), owResult_.ok() ? "" : qPrintable(owResult_.error().logDetail));                       \
    } while (false)
