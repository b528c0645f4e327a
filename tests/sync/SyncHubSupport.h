#pragma once

// Support for client sync tests against the real hub: a device with its own encrypted store,
// libcurl transport and enrollment, and helpers to create cases the way the kiosk does.

#include "HubFixture.h"
#include "HubTestBackend.h"
#include "TestSupport.h"

#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSealer.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

namespace ow::test {

inline const Actor kKioskCitizen{QStringLiteral("kiosk"), QStringLiteral("citizen")};
inline const char kItem[] = "senior-citizen-card";
inline const char kItemDepartment[] = "11341125MB17731876";

class SyncDevice
{
public:
    // Opens a new store in a temporary directory and a transport to `url`.
    bool open(const QString &url, const QString &storeId = QStringLiteral("K01"), const Clock *clock = nullptr)
    {
        if (!m_dir.isValid())
            return false;
        m_keys = std::make_unique<KeyFileProvider>(m_dir.filePath(QStringLiteral("k")));
        Store::Options o;
        o.path = m_dir.filePath(QStringLiteral("store.db"));
        o.keys = m_keys.get();
        o.mode = Store::OpenMode::CreateIfMissing;
        o.deviceId = storeId;
        if (clock)
            o.clock = clock;
        auto s = Store::open(o);
        if (!s.ok()) {
            qWarning() << s.error().logDetail;
            return false;
        }
        store = std::move(s).value();
        return connectTo(url);
    }

    bool connectTo(const QString &url, const QString &pin = {})
    {
        sync::TransportConfig c;
        c.baseUrl = url;
        c.pinnedPublicKey = pin;
        c.connectTimeoutMs = 2000;
        c.lowSpeedSecs = 10;
        auto t = sync::CurlTransport::create(c);
        if (!t.ok())
            return false;
        transport = std::move(t).value();
        return true;
    }

    bool enroll(const HubFixture &hub)
    {
        auto d = sync::EnrolledDevice::enroll(*store, *transport, hub.enrollCode(), QStringLiteral("test kiosk"));
        if (!d.ok()) {
            qWarning() << d.error().logDetail;
            return false;
        }
        device = std::move(d).value();
        return true;
    }

    // Creates a case with a synthetic applicant, an optional large scan, and seals it.
    QString createAndSeal(int i, int scanBytes = 0)
    {
        const QString id = idWithCheckDigit(QStringLiteral("34112519800101%1").arg(100 + i % 900));
        const QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("测试申请人%1").arg(i)},
                               {QStringLiteral("applicantId"), id},
                               {QStringLiteral("mobile"), QStringLiteral("13800001234")}};
        auto c = store->cases().create(
            {QLatin1String(kItem), 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)}, kKioskCitizen);
        if (!c.ok())
            return {};
        if (!store->attachments()
                 .add(c->number, QStringLiteral("id-card-copy"), QStringLiteral("image/png"), QByteArray(2000, 'p'),
                      kKioskCitizen)
                 .ok())
            return {};
        if (scanBytes > 0) {
            QByteArray scan(scanBytes, Qt::Uninitialized);
            for (int b = 0; b < scanBytes; ++b)
                scan[b] = static_cast<char>((b * 7 + i) & 0xff);
            if (!store->attachments()
                     .add(c->number, QStringLiteral("household-register"), QStringLiteral("image/jpeg"), scan,
                          kKioskCitizen)
                     .ok())
                return {};
        }
        sync::CaseSealer sealer(*store, *device);
        auto sealed = sealer.seal(c->number, kKioskCitizen);
        if (!sealed.ok()) {
            qWarning() << sealed.error().logDetail;
            return {};
        }
        return c->number;
    }

    Case caseOf(const QString &number) { return (*store->cases().findByNumber(number)).value_or(Case()); }
    QString path() const { return m_dir.path(); }

    std::unique_ptr<Store> store;
    std::unique_ptr<sync::CurlTransport> transport;
    std::unique_ptr<sync::EnrolledDevice> device;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<KeyFileProvider> m_keys;
};

} // namespace ow::test
