#include "HubFixture.h"

#include "crypto/RequestSignature.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <unistd.h>

namespace ow::test {

// ---------------------------------------------------------------- HTTP

QJsonObject HttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpResponse rawExchange(quint16 port, const QByteArray &bytes, int timeoutMs, const std::function<void()> &afterSend)
{
    HttpResponse response;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return response;
    socket.write(bytes);
    QElapsedTimer timer;
    timer.start();
    while (socket.bytesToWrite() > 0 && socket.state() == QAbstractSocket::ConnectedState &&
           timer.elapsed() < timeoutMs)
        socket.waitForBytesWritten(100);
    if (afterSend)
        afterSend();
    QByteArray buffer;
    qsizetype headerEnd = -1;
    const auto readMore = [&]() {
        if (socket.bytesAvailable() == 0 &&
            !socket.waitForReadyRead(std::max<int>(1, timeoutMs - int(timer.elapsed()))))
            return false;
        buffer.append(socket.readAll());
        return true;
    };
    while ((headerEnd = buffer.indexOf("\r\n\r\n")) < 0) {
        if (!readMore())
            return response;
    }
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    if (statusLine.size() < 2 || !statusLine[0].startsWith("HTTP/1."))
        return response;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            response.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    // A HEAD response announces the length of a body it does not carry.
    const qint64 length = bytes.startsWith("HEAD ") ? 0 : response.headers.value("content-length", "0").toLongLong();
    buffer.remove(0, headerEnd + 4);
    while (buffer.size() < length) {
        if (!readMore())
            return response; // truncated: no response
    }
    response.body = buffer.left(length);
    response.status = statusLine[1].toInt();
    return response;
}

HttpResponse httpExchange(quint16 port, const HttpRequest &request, int timeoutMs,
                          const std::function<void()> &afterSend)
{
    QByteArray bytes = request.method + ' ' + request.target +
                       " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\nConnection: close\r\n";
    for (const auto &[name, value] : request.headers)
        bytes += name + ": " + value + "\r\n";
    if (request.sendContentLength && (!request.body.isEmpty() || request.method == "POST" || request.method == "PATCH"))
        bytes += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    bytes += "\r\n" + request.body;
    return rawExchange(port, bytes, timeoutMs, afterSend);
}

// ---------------------------------------------------------------- PostgreSQL

namespace {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool isRoot()
{
    return ::geteuid() == 0;
}

} // namespace

PostgresCluster::~PostgresCluster()
{
    stop();
}

QString PostgresCluster::binDir()
{
    const QString fromEnv = qEnvironmentVariable("OW_PG_BINDIR");
    return fromEnv.isEmpty() ? QStringLiteral("/usr/lib/postgresql/15/bin") : fromEnv;
}

bool PostgresCluster::runAsPostgres(const QString &program, const QStringList &args, QString *error, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    const QString binary = QDir(binDir()).filePath(program);
    if (isRoot())
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), binary} +
                          args);
    else
        process.start(binary, args);
    if (!process.waitForFinished(timeoutMs) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        if (error)
            *error = program + QStringLiteral(" failed: ") + QString::fromLocal8Bit(process.readAll());
        return false;
    }
    return true;
}

bool PostgresCluster::start(QString *error)
{
    if (m_running)
        return true;
    if (!QFile::exists(QDir(binDir()).filePath(QStringLiteral("initdb")))) {
        if (error)
            *error = QStringLiteral("PostgreSQL server binaries not found in ") + binDir();
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/ow-pg-XXXXXX"));
    if (!m_dir->isValid())
        return false;
    const QString root = m_dir->path();
    if (isRoot()) {
        // The cluster directory belongs to postgres; QTemporaryDir can still remove it as root.
        QProcess chown;
        chown.start(QStringLiteral("chown"), {QStringLiteral("postgres:postgres"), root});
        if (!chown.waitForFinished() || chown.exitCode() != 0) {
            if (error)
                *error = QStringLiteral("chown postgres failed (is the postgresql package installed?)");
            return false;
        }
    }
    if (!runAsPostgres(QStringLiteral("initdb"),
                       {QStringLiteral("-D"), root + QStringLiteral("/data"), QStringLiteral("-U"),
                        QStringLiteral("postgres"), QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
                        QStringLiteral("UTF8"), QStringLiteral("--locale=C"), QStringLiteral("--no-sync")},
                       error))
        return false;
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
        m_port = freePort();
        const QString options =
            QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c max_connections=50").arg(m_port).arg(root);
        m_running =
            runAsPostgres(QStringLiteral("pg_ctl"),
                          {QStringLiteral("-D"), root + QStringLiteral("/data"), QStringLiteral("-l"),
                           root + QStringLiteral("/server.log"), QStringLiteral("-o"), options, QStringLiteral("-w"),
                           QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
                          error);
    }
    return m_running;
}

void PostgresCluster::stop()
{
    if (!m_running)
        return;
    runAsPostgres(QStringLiteral("pg_ctl"),
                  {QStringLiteral("-D"), m_dir->path() + QStringLiteral("/data"), QStringLiteral("-m"),
                   QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")},
                  nullptr);
    m_running = false;
    m_dir.reset();
}

bool PostgresCluster::restartServer(QString *error)
{
    return m_running && runAsPostgres(QStringLiteral("pg_ctl"),
                                      {QStringLiteral("-D"), m_dir->path() + QStringLiteral("/data"),
                                       QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"),
                                       QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("restart")},
                                      error);
}

bool PostgresCluster::createDatabase(const QString &name, QString *error, const QString &templateName)
{
    QStringList args{QStringLiteral("-h"),    QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                     QString::number(m_port), QStringLiteral("-U"),        QStringLiteral("postgres")};
    if (!templateName.isEmpty())
        args << QStringLiteral("-T") << templateName;
    args << name;
    return runAsPostgres(QStringLiteral("createdb"), args, error);
}

QString PostgresCluster::url(const QString &database) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(database);
}

// ---------------------------------------------------------------- hub process

HubFixture::HubFixture(QString databaseUrl)
    : m_databaseUrl(std::move(databaseUrl))
{}

HubFixture::~HubFixture()
{
    stop();
}

QString HubFixture::hubBinary()
{
    const QString fromEnv = qEnvironmentVariable("OW_HUB_BINARY");
    return fromEnv.isEmpty() ? QStringLiteral(OW_HUB_BINARY) : fromEnv;
}

QStringList HubFixture::commonArgs() const
{
    QStringList args{QStringLiteral("--data"), m_dir.path()};
    if (!m_databaseUrl.isEmpty())
        args << QStringLiteral("--db") << m_databaseUrl;
    return args;
}

bool HubFixture::start(const QStringList &extraArgs)
{
    stop();
    m_extraArgs = extraArgs;
    const QString portFile = m_dir.filePath(QStringLiteral("port"));
    const QString adminPortFile = m_dir.filePath(QStringLiteral("admin-port"));
    QFile::remove(portFile);
    QFile::remove(adminPortFile);
    m_process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("OW_HUB_VERBOSE")))
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ow.*.info=false"));
    m_process->setProcessEnvironment(env);
    m_process->setStandardOutputFile(QProcess::nullDevice());
    m_process->setStandardErrorFile(m_dir.filePath(QStringLiteral("hub.log")), QIODevice::Append);
    QStringList args{QStringLiteral("serve")};
    args << commonArgs() << QStringLiteral("--listen") << QStringLiteral("127.0.0.1") << QStringLiteral("--port")
         << QStringLiteral("0") << QStringLiteral("--port-file") << portFile;
    if (!extraArgs.contains(QStringLiteral("--admin-listen")))
        args << QStringLiteral("--admin-listen") << QStringLiteral("127.0.0.1:0");
    args << QStringLiteral("--admin-port-file") << adminPortFile << extraArgs;
    m_process->start(hubBinary(), args);
    if (!m_process->waitForStarted(10000))
        return false;
    QElapsedTimer timer;
    timer.start();
    const auto readPort = [](const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? static_cast<quint16>(file.readAll().trimmed().toUInt()) : quint16(0);
    };
    while (timer.elapsed() < 60000) {
        m_port = readPort(portFile);
        m_adminPort = readPort(adminPortFile);
        if (m_port != 0 && m_adminPort != 0)
            return adminGet("/healthz").status == 200;
        if (m_process->state() == QProcess::NotRunning)
            return false;
        QThread::msleep(10);
    }
    return false;
}

HttpResponse HubFixture::adminGet(const QByteArray &target) const
{
    HttpRequest request;
    request.target = target;
    return httpExchange(m_adminPort, request);
}

void HubFixture::kill9()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10000);
    }
    m_process.reset();
    m_port = 0;
    m_adminPort = 0;
}

void HubFixture::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000))
            kill9();
    }
    m_process.reset();
    m_port = 0;
    m_adminPort = 0;
}

bool HubFixture::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 HubFixture::processId() const
{
    return m_process ? m_process->processId() : 0;
}

QString HubFixture::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
}

QByteArray HubFixture::log() const
{
    QFile file(m_dir.filePath(QStringLiteral("hub.log")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int HubFixture::runCommand(const QStringList &args, const QByteArray &input, QByteArray *output,
                           QByteArray *errors) const
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("ow.*.info=false"));
    env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
    process.setProcessEnvironment(env);
    QStringList all{args.value(0)};
    all << commonArgs() << args.mid(1);
    process.start(hubBinary(), all);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000))
        return -1;
    if (output)
        *output = process.readAllStandardOutput();
    if (errors)
        *errors = process.readAllStandardError();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QString HubFixture::enrollCode() const
{
    QByteArray out;
    if (runCommand({QStringLiteral("enroll-code")}, {}, &out) != 0)
        return {};
    return QString::fromLatin1(out.trimmed());
}

QStringList HubFixture::enrollCodes(int count) const
{
    QByteArray out;
    if (runCommand({QStringLiteral("enroll-code"), QStringLiteral("--count"), QString::number(count)}, {}, &out) != 0)
        return {};
    const QStringList codes = QString::fromLatin1(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return codes.size() == count ? codes : QStringList();
}

bool HubFixture::revokeDevice(const QString &deviceId) const
{
    return runCommand({QStringLiteral("revoke-device"), deviceId}) == 0;
}

bool HubFixture::addOperator(const QString &username, const QString &role, const QString &department,
                             const QString &password) const
{
    return runCommand({QStringLiteral("add-operator"), QStringLiteral("--username"), username, QStringLiteral("--role"),
                       role, QStringLiteral("--department"), department},
                      password.toUtf8() + '\n') == 0;
}

QJsonObject HubFixture::stats() const
{
    QByteArray out;
    if (runCommand({QStringLiteral("stats")}, {}, &out) != 0)
        return {};
    return QJsonDocument::fromJson(out).object();
}

HttpResponse HubFixture::get(const QByteArray &target, const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    HttpRequest request;
    request.target = target;
    request.headers = headers;
    return httpExchange(m_port, request);
}

HttpResponse HubFixture::postJson(const QByteArray &target, const QJsonObject &body,
                                  const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    HttpRequest request;
    request.method = "POST";
    request.target = target;
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    request.headers = headers;
    request.headers.append(QPair<QByteArray, QByteArray>("Content-Type", "application/json"));
    return httpExchange(m_port, request);
}

QByteArray HubFixture::login(const QString &username, const QString &password, HttpResponse *response) const
{
    const HttpResponse reply = postJson("/v1/operators/login", QJsonObject{{QStringLiteral("username"), username},
                                                                           {QStringLiteral("password"), password}});
    if (response)
        *response = reply;
    return reply.status == 200 ? reply.json().value(QStringLiteral("token")).toString().toLatin1() : QByteArray();
}

QString HubFixture::packetIdOf(const QByteArray &token, const QString &caseId) const
{
    const HttpResponse detail = get("/v1/cases/" + caseId.toLatin1(), {{"Authorization", "Bearer " + token}});
    return detail.status == 200 ? detail.json().value(QStringLiteral("packetId")).toString() : QString();
}

HttpResponse HubFixture::decide(const QByteArray &token, const QString &caseId, const QString &packetId,
                                const QString &decision, const QString &opinion) const
{
    QJsonObject body{{QStringLiteral("decision"), decision}, {QStringLiteral("packetId"), packetId}};
    if (!opinion.isEmpty())
        body.insert(QStringLiteral("opinion"), opinion);
    return postJson("/v1/cases/" + caseId.toLatin1() + "/decision", body, {{"Authorization", "Bearer " + token}});
}

// ---------------------------------------------------------------- device

HubTestDevice::HubTestDevice(const HubFixture &hub, crypto::Suite suite)
    : m_hub(hub)
    , m_suite(suite)
{
    auto key = crypto::PrivateKey::generate(suite, crypto::KeyUse::Signing);
    if (key)
        m_key = *key;
}

HttpResponse HubTestDevice::enroll(const QString &code, const QString &name)
{
    QByteArray normalised;
    for (const QChar c : code)
        if (c != QLatin1Char('-'))
            normalised.append(c.toUpper().toLatin1());
    const QByteArray proof = crypto::sign(m_key, crypto::enrollmentProofInput(normalised)).value();
    QJsonObject request{{QStringLiteral("code"), code},
                        {QStringLiteral("suite"), crypto::suiteName(m_suite)},
                        {QStringLiteral("name"), name},
                        {QStringLiteral("signingKey"), QString::fromLatin1(m_key.publicKey().toPem())},
                        {QStringLiteral("proof"), QString::fromLatin1(proof.toBase64())}};
    if (!m_casePrefix.isEmpty())
        request.insert(QStringLiteral("casePrefix"), m_casePrefix);
    const HttpResponse response = m_hub.postJson("/v1/enroll", request);
    if (response.status == 201) {
        const QJsonObject o = response.json();
        m_deviceId = o.value(QStringLiteral("deviceId")).toString();
        const QJsonObject keys =
            o.value(QStringLiteral("hubKeys")).toObject().value(crypto::suiteName(m_suite)).toObject();
        m_hubSigning = crypto::PublicKey::fromPem(keys.value(QStringLiteral("signing")).toString().toLatin1()).value();
        m_hubEncryption =
            crypto::PublicKey::fromPem(keys.value(QStringLiteral("encryption")).toString().toLatin1()).value();
    }
    return response;
}

HttpRequest HubTestDevice::signedRequest(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                         const QByteArray &contentType, std::optional<qint64> timestamp,
                                         const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    const qint64 now = timestamp.value_or(QDateTime::currentSecsSinceEpoch());
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    const QByteArray signature =
        crypto::sign(m_key, crypto::requestSigningInput(m_suite, method, target, now, body, headers)).value();
    request.headers = {{"OW-Device", m_deviceId.toLatin1()},
                       {"OW-Timestamp", QByteArray::number(now)},
                       {"OW-Signature", signature.toBase64()}};
    if (!contentType.isEmpty())
        request.headers.append(qMakePair(QByteArray("Content-Type"), contentType));
    request.headers += headers;
    return request;
}

HttpRequest HubTestDevice::signedPatch(const QByteArray &location, const QByteArray &chunk, qint64 offset) const
{
    return signedRequest("PATCH", location, chunk, "application/offset+octet-stream", {},
                         {{"Upload-Offset", QByteArray::number(offset)}});
}

crypto::PacketContent HubTestDevice::sampleContent(const QString &caseId, const QString &itemId,
                                                   int attachmentBytes) const
{
    crypto::PacketContent content;
    content.caseId = caseId;
    content.itemId = itemId;
    content.form = QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("测试申请人")},
                               {QStringLiteral("phone"), QStringLiteral("13800000000")},
                               {QStringLiteral("notes"), QString(3000, QLatin1Char('n'))}};
    content.materials.append(
        crypto::PacketMaterial{QStringLiteral("photo"), QStringLiteral("image/jpeg"), QByteArray(512, 'j')});
    if (attachmentBytes > 0) {
        QByteArray data(attachmentBytes, Qt::Uninitialized);
        for (int i = 0; i < attachmentBytes; ++i)
            data[i] = static_cast<char>((i * 131 + 7) & 0xff);
        content.attachments.append(crypto::PacketAttachment{QStringLiteral("att-0"), data});
    }
    return content;
}

crypto::SealedPacket HubTestDevice::seal(const crypto::PacketContent &content, qint64 sequence,
                                         const QString &packetId) const
{
    const crypto::PacketSealer sealer(m_suite, m_key, m_hubEncryption, m_deviceId);
    return sealer.seal(content, sequence, QDateTime::currentDateTimeUtc(), packetId).value();
}

HttpResponse HubTestDevice::postPacket(const QByteArray &envelope) const
{
    return send(signedRequest("POST", "/v1/packets", envelope, crypto::PacketContentType));
}

bool HubTestDevice::uploadParts(const crypto::SealedPacket &packet, int chunkSize) const
{
    for (const crypto::SealedPart &part : packet.externalParts) {
        const QByteArray create =
            QJsonDocument(QJsonObject{{QStringLiteral("packetId"), packet.packetId},
                                      {QStringLiteral("name"), part.name},
                                      {QStringLiteral("length"), part.blob.size()},
                                      {QStringLiteral("digest"), QString::fromLatin1(part.digest)}})
                .toJson(QJsonDocument::Compact);
        const HttpResponse created = send(signedRequest("POST", "/v1/uploads", create, "application/json"));
        if (created.status != 201 && created.status != 200)
            return false;
        const QByteArray location = created.headers.value("location");
        qint64 offset = created.headers.value("upload-offset").toLongLong();
        while (offset < part.blob.size()) {
            const HttpResponse appended = send(signedPatch(location, part.blob.mid(offset, chunkSize), offset));
            if (appended.status != 204)
                return false;
            offset = appended.headers.value("upload-offset").toLongLong();
        }
    }
    return true;
}

HttpResponse HubTestDevice::events(const QByteArray &after, int limit) const
{
    return send(signedRequest("GET", "/v1/events?after=" + after + "&limit=" + QByteArray::number(limit)));
}

} // namespace ow::test
