#pragma once

#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/Suite.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <optional>

// Test support for everything that talks to a real onewindow-hub: starts the hub process on
// loopback (random free port), on SQLite or on a throwaway PostgreSQL cluster that it creates
// itself, and speaks HTTP/1.1 to it over plain sockets. Link `ow_hubfixture`.
namespace ow::test {

struct HttpResponse
{
    int status = 0; // 0: no response (connection refused, reset, closed early)
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json() const;
    QByteArray error() const { return json().value(QStringLiteral("error")).toString().toLatin1(); }
};

struct HttpRequest
{
    QByteArray method = "GET";
    QByteArray target; // path and query
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool sendContentLength = true;
};

// One HTTP/1.1 exchange on a fresh loopback connection; blocking, no event loop needed.
// `afterSend` runs once the request has been written (e.g. to kill the hub mid-request).
HttpResponse httpExchange(quint16 port, const HttpRequest &request, int timeoutMs = 30000,
                          const std::function<void()> &afterSend = {});
// Sends raw bytes and reads one response.
HttpResponse rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs = 30000,
                         const std::function<void()> &afterSend = {});

// A PostgreSQL 15 cluster in a temporary directory, listening on 127.0.0.1 at a random port with
// its socket in that directory; trust authentication for user postgres. initdb refuses to run as
// root, so as root every server command runs through `runuser -u postgres --`.
class PostgresCluster
{
public:
    PostgresCluster() = default;
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    static QString binDir();
    bool start(QString *error);
    void stop();
    // Restarts the server process (fast shutdown): clients see their connections dropped.
    bool restartServer(QString *error);
    bool createDatabase(const QString &name, QString *error, const QString &templateName = {});
    QString url(const QString &database) const;
    quint16 port() const { return m_port; }

private:
    bool runAsPostgres(const QString &program, const QStringList &args, QString *error, int timeoutMs = 120000);

    std::unique_ptr<QTemporaryDir> m_dir;
    quint16 m_port = 0;
    bool m_running = false;
};

// One onewindow-hub process with its own data directory.
class HubFixture
{
public:
    // `databaseUrl` empty → SQLite in the data directory.
    explicit HubFixture(QString databaseUrl = {});
    ~HubFixture();
    HubFixture(const HubFixture &) = delete;
    HubFixture &operator=(const HubFixture &) = delete;

    static QString hubBinary();

    bool start(const QStringList &extraArgs = {});
    bool restart() { return start(m_extraArgs); }
    void kill9();
    void stop();
    bool isRunning() const;
    qint64 processId() const;

    quint16 port() const { return m_port; }
    // The administration listener (/healthz, /metrics), on loopback.
    quint16 adminPort() const { return m_adminPort; }
    HttpResponse adminGet(const QByteArray &target) const;
    QString dataDir() const { return m_dir.path(); }
    const QString &databaseUrl() const { return m_databaseUrl; }
    QString baseUrl() const;
    // The hub's standard error so far, for failure messages.
    QByteArray log() const;

    // The admin command line on the same data directory and database.
    int runCommand(const QStringList &args, const QByteArray &input = {}, QByteArray *output = nullptr,
                   QByteArray *errors = nullptr) const;
    QString enrollCode() const;
    // `count` codes from one run of the admin command (a batch of devices); empty on failure.
    QStringList enrollCodes(int count) const;
    bool revokeDevice(const QString &deviceId) const;
    bool addOperator(const QString &username, const QString &role, const QString &department,
                     const QString &password) const;
    QJsonObject stats() const;

    HttpResponse request(const HttpRequest &request) const { return httpExchange(m_port, request); }
    HttpResponse get(const QByteArray &target, const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;
    HttpResponse postJson(const QByteArray &target, const QJsonObject &body,
                          const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;

    // Operator helpers.
    QByteArray login(const QString &username, const QString &password, HttpResponse *response = nullptr) const;
    // The packet a case is on now, as its detail shows it to `token`; empty when not shown.
    QString packetIdOf(const QByteArray &token, const QString &caseId) const;
    // POST /v1/cases/<caseId>/decision naming `packetId` (PROTOCOL.md §8); `opinion` empty → none.
    HttpResponse decide(const QByteArray &token, const QString &caseId, const QString &packetId,
                        const QString &decision, const QString &opinion = {}) const;

private:
    QStringList commonArgs() const;

    QTemporaryDir m_dir;
    QString m_databaseUrl;
    QStringList m_extraArgs;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    quint16 m_adminPort = 0;
};

// A device as the protocol sees it: its signing key, enrollment, signed requests, sealing.
class HubTestDevice
{
public:
    HubTestDevice(const HubFixture &hub, crypto::Suite suite = crypto::DefaultSuite);

    HttpResponse enroll(const QString &code, const QString &name = QStringLiteral("test kiosk"));
    bool isEnrolled() const { return !m_deviceId.isEmpty(); }

    // A request signed as PROTOCOL.md §1 says; `timestamp` overrides the current time.
    // `headers` are sent and, those that change the meaning (Upload-Offset), signed.
    HttpRequest signedRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                              const QByteArray &contentType = {}, std::optional<qint64> timestamp = {},
                              const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;
    // A PATCH of one upload chunk at `offset`, Upload-Offset signed with the request (§4).
    HttpRequest signedPatch(const QByteArray &location, const QByteArray &chunk, qint64 offset) const;
    HttpResponse send(const HttpRequest &request) const { return m_hub.request(request); }

    crypto::PacketContent sampleContent(const QString &caseId,
                                        const QString &itemId = QStringLiteral("senior-citizen-card"),
                                        int attachmentBytes = 0) const;
    crypto::SealedPacket seal(const crypto::PacketContent &content, qint64 sequence,
                              const QString &packetId = {}) const;
    HttpResponse postPacket(const QByteArray &envelope) const;
    // Uploads every external part (create + PATCH in `chunkSize` pieces); false on any refusal.
    bool uploadParts(const crypto::SealedPacket &packet, int chunkSize = 256 * 1024) const;
    HttpResponse events(const QByteArray &after = "0", int limit = 100) const;

    const QString &deviceId() const { return m_deviceId; }
    crypto::Suite suite() const { return m_suite; }
    const crypto::PrivateKey &signingKey() const { return m_key; }
    const crypto::PublicKey &hubSigningKey() const { return m_hubSigning; }
    const crypto::PublicKey &hubEncryptionKey() const { return m_hubEncryption; }
    void setDeviceId(const QString &id) { m_deviceId = id; }
    void setSigningKey(crypto::PrivateKey key) { m_key = std::move(key); }
    // The series of case numbers asked for at enrollment (protocol 1.8); empty: none asked, the
    // hub binds the series of the first packet.
    void setCasePrefix(const QString &prefix) { m_casePrefix = prefix; }
    const QString &casePrefix() const { return m_casePrefix; }

private:
    const HubFixture &m_hub;
    crypto::Suite m_suite;
    crypto::PrivateKey m_key;
    QString m_deviceId;
    QString m_casePrefix;
    crypto::PublicKey m_hubSigning;
    crypto::PublicKey m_hubEncryption;
};

} // namespace ow::test
