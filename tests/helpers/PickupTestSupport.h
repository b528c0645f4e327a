#pragma once

// The kiosk's side of "finish at the window", shared by the tests that relay a kiosk draft to a
// service window through a real hub (header-only; include it from tests that link ow_pickup):
// the picture a citizen shows, the draft saved with its pickup code, the kiosk's outbox sent.
#include "TestSupport.h"

#include "pickup/DraftPickup.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/EnrolledDevice.h"
#include "sync/OutboxPump.h"

#include <QByteArray>
#include <QDateTime>
#include <QDebug>
#include <QFile>

namespace ow::test {

// Who saves a draft at a kiosk.
inline const Actor kKioskCitizen{QStringLiteral("kiosk"), QStringLiteral("citizen")};

// A real PNG, the demo's picture of a card (resources/demo-materials).
inline QByteArray demoPicture()
{
    QFile file(sourceDir() + QStringLiteral("/resources/demo-materials/demo-card.png"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// `data` saved at the kiosk as a draft with a signed pickup code, with `image` (when not empty)
// as the household register's picture; nothing (and a warning) when saving failed.
inline pickup::IssuedPickup saveKioskDraft(Store &kiosk, const sync::EnrolledDevice *device, const NewCase &data,
                                           const QDateTime &at, const QByteArray &image)
{
    auto issued = pickup::saveDraftForPickup(
        kiosk, device, data, kKioskCitizen,
        [&](const Case &c) -> Status {
            if (image.isEmpty())
                return {};
            auto added = kiosk.attachments().add(c.number, QStringLiteral("householdRegister"),
                                                 QStringLiteral("image/png"), image, kKioskCitizen);
            if (!added.ok())
                return added.error();
            return {};
        },
        at);
    if (!issued.ok())
        qWarning() << issued.error().logDetail;
    return issued.ok() ? std::move(issued).value() : pickup::IssuedPickup{};
}

// What waits in the kiosk's outbox sent to the hub; an empty report (and a warning) on failure.
inline sync::PumpReport sendKioskOutbox(Store &kiosk, sync::Transport &link, const sync::EnrolledDevice &device)
{
    sync::OutboxPump pump(kiosk, link, device);
    auto report = pump.drain();
    if (!report.ok())
        qWarning() << report.error().logDetail;
    return report.ok() ? report.value() : sync::PumpReport{};
}

} // namespace ow::test
