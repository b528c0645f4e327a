#include "MaterialChecklist.h"

#include <algorithm>

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QUrl>

Q_DECLARE_LOGGING_CATEGORY(lcDesk)

namespace ow {

namespace {

struct ReceiptKey
{
    MaterialReceipt receipt;
    const char *key;
};

constexpr ReceiptKey kKeys[] = {
    {MaterialReceipt::Unchecked, "unchecked"},     {MaterialReceipt::PaperOriginalSeen, "paper"},
    {MaterialReceipt::ELicenceReused, "eLicence"}, {MaterialReceipt::ScanAttached, "scan"},
    {MaterialReceipt::MissingAccepted, "missing"}, {MaterialReceipt::Pledge, "pledge"},
};

} // namespace

MaterialChecklist::MaterialChecklist(QObject *parent)
    : QAbstractListModel(parent)
{}

QString MaterialChecklist::receiptKey(MaterialReceipt receipt)
{
    for (const ReceiptKey &k : kKeys) {
        if (k.receipt == receipt)
            return QString::fromLatin1(k.key);
    }
    return {};
}

std::optional<MaterialReceipt> MaterialChecklist::receiptFromKey(const QString &key)
{
    for (const ReceiptKey &k : kKeys) {
        if (key == QLatin1String(k.key))
            return k.receipt;
    }
    return std::nullopt;
}

int MaterialChecklist::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant MaterialChecklist::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MaterialCheck &m = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return m.name;
    case RequiredRole:
        return m.required;
    case ReceiptRole:
        return receiptKey(m.receipt);
    case LicenceRole:
        return m.licenceNumber;
    case ScanRole:
        return m.scan.isEmpty()
                   ? QString()
                   : tr("%1 · %2 KB").arg(m_scanMime.value(m.materialId)).arg((m.scan.size() + 1023) / 1024);
    case DueDateRole:
        return m.dueDate.isValid() ? m.dueDate.toString(Qt::ISODate) : QString();
    case PledgeRole:
        return m.pledgeSigned;
    case ProblemRole: {
        if (!m_showProblems)
            return QString();
        const Status s = materialChecks::check(m, m_today);
        return s.ok() ? QString() : s.error().userMessage;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> MaterialChecklist::roleNames() const
{
    return {{NameRole, "name"}, {RequiredRole, "required"}, {ReceiptRole, "receipt"},     {LicenceRole, "licence"},
            {ScanRole, "scan"}, {DueDateRole, "dueDate"},   {PledgeRole, "pledgeSigned"}, {ProblemRole, "problem"}};
}

void MaterialChecklist::setMaterials(const QList<MaterialCheck> &materials)
{
    const bool countChanges = materials.size() != m_rows.size();
    beginResetModel();
    m_rows = materials;
    for (auto it = m_scanMime.begin(); it != m_scanMime.end();) {
        const QString id = it.key();
        const bool kept = std::any_of(m_rows.cbegin(), m_rows.cend(), [&id](const MaterialCheck &m) {
            return m.materialId == id && !m.scan.isEmpty();
        });
        it = kept ? std::next(it) : m_scanMime.erase(it);
    }
    m_showProblems = false;
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

void MaterialChecklist::showProblems()
{
    m_showProblems = true;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0), index(static_cast<int>(m_rows.size()) - 1), {ProblemRole});
}

void MaterialChecklist::changed(int row)
{
    Q_EMIT dataChanged(index(row), index(row));
}

void MaterialChecklist::setReceipt(int row, const QString &receipt)
{
    const auto r = receiptFromKey(receipt);
    if (row < 0 || row >= m_rows.size() || !r)
        return;
    m_rows[row].receipt = *r;
    changed(row);
}

void MaterialChecklist::setLicenceNumber(int row, const QString &number)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].licenceNumber = number.trimmed();
    changed(row);
}

QString MaterialChecklist::attachScan(int row, const QString &filePath)
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const QString path = filePath.startsWith(QLatin1String("file:")) ? QUrl(filePath).toLocalFile() : filePath;
    QFile file(path);
    // The size first: a huge file is not read into memory to be refused.
    if (QFileInfo(path).size() > materialChecks::MaxScanBytes) {
        qCInfo(lcDesk) << "scan refused: too large," << QFileInfo(path).size() << "bytes";
        return tr("The file is too large: at most %1 MB.").arg(materialChecks::MaxScanBytes / (1024 * 1024));
    }
    if (!file.open(QIODevice::ReadOnly)) {
        qCInfo(lcDesk) << "scan not read:" << file.errorString();
        return tr("The file cannot be read.");
    }
    return attachScanData(row, file.readAll());
}

QString MaterialChecklist::attachScanData(int row, const QByteArray &bytes)
{
    if (row < 0 || row >= m_rows.size())
        return {};
    if (bytes.size() > materialChecks::MaxScanBytes) {
        qCInfo(lcDesk) << "scan refused: too large," << bytes.size() << "bytes";
        return tr("The file is too large: at most %1 MB.").arg(materialChecks::MaxScanBytes / (1024 * 1024));
    }
    const QString kind = materialChecks::scanKind(bytes);
    if (kind.isEmpty()) {
        qCInfo(lcDesk) << "scan refused: neither PNG, JPEG nor PDF";
        return tr("The file is not a picture or a PDF.");
    }
    m_rows[row].scan = bytes;
    m_rows[row].receipt = MaterialReceipt::ScanAttached;
    m_scanMime[m_rows[row].materialId] =
        kind == QLatin1String("pdf") ? QStringLiteral("application/pdf") : QStringLiteral("image/") + kind;
    changed(row);
    return {};
}

int MaterialChecklist::rowOf(const QString &materialId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).materialId == materialId)
            return i;
    }
    return -1;
}

void MaterialChecklist::setDueDate(int row, const QString &isoDate)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].dueDate = QDate::fromString(isoDate.trimmed(), Qt::ISODate);
    changed(row);
}

void MaterialChecklist::setPledgeSigned(int row, bool isSigned)
{
    if (row < 0 || row >= m_rows.size())
        return;
    m_rows[row].pledgeSigned = isSigned;
    changed(row);
}

QString MaterialChecklist::scanMime(const QString &materialId) const
{
    return m_scanMime.value(materialId);
}

} // namespace ow
