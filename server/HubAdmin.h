#pragma once

#include "server/HubContext.h"

#include <QJsonObject>

namespace ow::hub {

// The county administrator's commands (`onewindow-hub` on the command line): enrollment codes,
// revoking devices, operators' accounts and the hub's statistics. Translated messages: a person
// reads them.
class AdminService
{
public:
    explicit AdminService(HubContext &context)
        : m_context(context)
    {}

    Result<QString> issueEnrollCode(int ttlHours);
    // `count` codes at once, each for one device, all valid for `ttlHours` (a batch of kiosks).
    Result<QStringList> issueEnrollCodes(int ttlHours, int count);
    Status revokeDevice(const QString &deviceId);
    // Wipes `password` in place, whatever the outcome.
    Status addOperator(const QString &username, const QString &role, const QString &department, QByteArray &password);
    // Shuts an operator's account: no sign-in, and its tokens stop working at once. Disabling a
    // disabled account does nothing; NotFound for a name that is no account.
    Status disableOperator(const QString &username);
    // Ends every sign-in of an operator (tokens revoked at once); the account stays usable.
    Result<int> revokeTokens(const QString &username);
    Result<QJsonObject> stats();

private:
    HubContext &m_context;
};

} // namespace ow::hub
