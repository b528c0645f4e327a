// Test helper: a kiosk-like process that submits applications (case, a 1 MB material, sealed
// packet: sync::submitApplication) one after another until it is killed. Prints "submitted N"
// after each commit, flushed.
//   submit_client STORE_DIR
#include "LocalEnrollment.h"

#include "domain/IdNumber.h"
#include "store/KeyProvider.h"
#include "sync/CaseSubmission.h"

#include <QCoreApplication>

#include <cstdio>

using namespace ow;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2)
        return 2;
    KeyFileProvider keys(args[1] + QStringLiteral("/k"));
    Store::Options o;
    o.path = args[1] + QStringLiteral("/store.db");
    o.keys = &keys;
    o.mode = Store::OpenMode::CreateIfMissing;
    o.deviceId = QStringLiteral("K01");
    auto store = Store::open(o);
    if (!store.ok()) {
        std::printf("open-error %s\n", qPrintable(store.error().logDetail));
        return 4;
    }
    auto loaded = sync::EnrolledDevice::load((*store)->settings()); // enrolled on the first run
    auto device = loaded.ok() ? std::move(loaded).value() : test::enrollLocally(**store);
    if (!device)
        return 4;
    std::printf("ready\n");
    std::fflush(stdout);
    const Actor actor{QStringLiteral("kiosk"), QStringLiteral("citizen")};
    const QByteArray picture(1024 * 1024, 'p');
    for (int n = 1; n < 100000; ++n) {
        NewCase data;
        data.itemCode = QStringLiteral("elderly-allowance");
        data.itemVersion = 1;
        const QString first17 = QStringLiteral("34112519450101002");
        data.applicantIdNumber = first17 + idNumber::checkDigit(first17);
        data.formJson = R"({"applicantName":"演示用户"})";
        auto done = sync::submitApplication(**store, device.get(), data, actor, [&](const Case &c) -> Status {
            auto added = (*store)->attachments().add(c.number, QStringLiteral("householdRegister"),
                                                     QStringLiteral("image/png"), picture, actor);
            return added.ok() ? Status{} : Status(added.error());
        });
        if (!done.ok()) {
            std::printf("error %s\n", qPrintable(done.error().logDetail));
            return 5;
        }
        std::printf("submitted %d\n", n);
        std::fflush(stdout);
    }
    return 0;
}
