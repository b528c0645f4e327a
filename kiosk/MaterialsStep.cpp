#include "MaterialsStep.h"

#include "ui/VisitWipe.h"

#include "catalog/FormState.h"
#include "common/Clock.h"
#include "domain/IdNumber.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "ui/CatalogService.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <algorithm>

Q_LOGGING_CATEGORY(lcKioskMaterials, "ow.kiosk.materials")

namespace ow {

namespace {

// Every reference to a held picture in the form's answers.
void collectPictureRefs(const QJsonValue &value, QSet<QString> &out)
{
    if (value.isString() && value.toString().startsWith(MaterialsStep::FieldPicturePrefix))
        out.insert(value.toString());
    else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            collectPictureRefs(v, out);
    } else if (value.isObject()) {
        for (const QJsonValue &v : value.toObject())
            collectPictureRefs(v, out);
    }
}

} // namespace

QString MaterialsStep::fieldPictureRef(const QString &fieldId, int row)
{
    return row < 0 ? FieldPicturePrefix + fieldId : QStringLiteral("%1%2#%3").arg(FieldPicturePrefix, fieldId).arg(row);
}

MaterialsStep::MaterialsStep(CatalogService *catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_clock(&SystemClock::instance())
{
    connect(m_catalog, &CatalogService::languageChanged, this, &MaterialsStep::changed);
}

MaterialsStep::~MaterialsStep()
{
    wipe();
}

void MaterialsStep::setCameraDir(const QString &dir)
{
    m_cameraDir = dir;
    m_nextImage = 0;
    Q_EMIT changed();
}

void MaterialsStep::setCameraAvailable(bool available)
{
    if (m_cameraAvailable == available)
        return;
    m_cameraAvailable = available;
    Q_EMIT changed();
}

void MaterialsStep::setForm(const FormState *form, bool idCardRead, const QString &holderId)
{
    QList<Row> previous = std::move(m_rows);
    m_rows.clear();
    m_holderId = holderId;
    setProblem({});
    // The pictures the form answers with (its attachment fields).
    QSet<QString> answered;
    if (form)
        collectPictureRefs(form->submission(), answered);
    if (form) {
        const auto add = [&](const Material *m, bool required) {
            Row r;
            r.material = m;
            r.required = required;
            for (Row &old : previous) {
                if (old.material && old.material->id == m->id && old.state != QLatin1String("cardRead") &&
                    old.state != QLatin1String("formPicture")) {
                    r.state = old.state;
                    r.data = std::exchange(old.data, {});
                    r.mime = old.mime;
                    r.issuer = old.issuer;
                }
            }
            if (r.state == QLatin1String("skipped") && required)
                r.state = QStringLiteral("missing");
            // The applicant's card was read at this kiosk: the ID card material is given.
            if (idCardRead && m->eLicenceType == QLatin1String("resident-id-card") &&
                m->id == QLatin1String("applicantIdCard") && r.data.isEmpty())
                r.state = QStringLiteral("cardRead");
            // The form's field of the same id took this picture already (the applicant's photo):
            // the material is given by it, and attached once, as the field's.
            if (r.state == QLatin1String("missing") && answered.contains(fieldPictureRef(m->id)) &&
                std::any_of(m_fieldPictures.cbegin(), m_fieldPictures.cend(), [&](const FieldPicture &p) {
                    return p.ref == fieldPictureRef(m->id) && !p.data.isEmpty();
                }))
                r.state = QStringLiteral("formPicture");
            m_rows.append(std::move(r));
        };
        for (const Material *m : form->requiredMaterials())
            add(m, true);
        for (const Material *m : form->optionalMaterials())
            add(m, false);
    }
    for (Row &old : previous)
        wipeRow(old); // materials no longer needed: their pictures go
    // Pictures of form fields the form no longer answers with (a field hidden since, a picture
    // removed) go too: what is held is exactly what is attached.
    for (qsizetype i = m_fieldPictures.size() - 1; i >= 0; --i) {
        FieldPicture &p = m_fieldPictures[i];
        if (!p.data.isEmpty() && answered.contains(p.ref))
            continue;
        visitWipe::bytes(p.data);
        m_fieldPictures.removeAt(i);
    }
    Q_EMIT changed();
}

bool MaterialsStep::expectFieldPicture(const QString &fieldId, int row, const QString &label, const QStringList &accept)
{
    if (!accept.contains(QLatin1String("image"))) {
        qCWarning(lcKioskMaterials) << "field" << fieldId << "does not take pictures, accepts" << accept;
        setProblem(tr("“%1” cannot be given at this kiosk. Please ask staff for help.").arg(label));
        Q_EMIT changed();
        return false;
    }
    const QString ref = fieldPictureRef(fieldId, row);
    if (FieldPicture *p = fieldPicture(ref)) {
        p->label = label;
    } else {
        FieldPicture fresh;
        fresh.ref = ref;
        fresh.fieldId = fieldId;
        fresh.row = row;
        fresh.label = label;
        m_fieldPictures.append(std::move(fresh));
    }
    setProblem({});
    Q_EMIT changed();
    return true;
}

void MaterialsStep::removeFieldPicture(const QString &ref)
{
    for (qsizetype i = 0; i < m_fieldPictures.size(); ++i) {
        if (m_fieldPictures.at(i).ref == ref) {
            visitWipe::bytes(m_fieldPictures[i].data);
            m_fieldPictures.removeAt(i);
            qCInfo(lcKioskMaterials) << "picture for form field" << ref << "removed";
            setProblem({});
            Q_EMIT changed();
            return;
        }
    }
}

void MaterialsStep::wipeFieldPictures()
{
    for (FieldPicture &p : m_fieldPictures)
        visitWipe::bytes(p.data);
    m_fieldPictures.clear();
    Q_EMIT changed();
}

int MaterialsStep::fieldPictureCount() const
{
    int n = 0;
    for (const FieldPicture &p : m_fieldPictures)
        n += p.data.isEmpty() ? 0 : 1;
    return n;
}

MaterialsStep::FieldPicture *MaterialsStep::fieldPicture(const QString &ref)
{
    for (FieldPicture &p : m_fieldPictures) {
        if (p.ref == ref)
            return &p;
    }
    return nullptr;
}

QString MaterialsStep::pictureName(const QString &id)
{
    if (const FieldPicture *p = fieldPicture(id))
        return p->label;
    if (const Row *r = row(id))
        return r->material->name.in(m_catalog->language());
    return {};
}

QVariantList MaterialsStep::rows() const
{
    const QString lang = m_catalog->language();
    QVariantList out;
    for (const Row &r : m_rows) {
        out.append(QVariantMap{{QStringLiteral("id"), r.material->id},
                               {QStringLiteral("name"), r.material->name.in(lang)},
                               {QStringLiteral("notes"), r.material->notes.in(lang)},
                               {QStringLiteral("required"), r.required},
                               {QStringLiteral("state"), r.state},
                               {QStringLiteral("issuer"), r.issuer},
                               {QStringLiteral("eLicence"), !r.material->eLicenceType.isEmpty()}});
    }
    return out;
}

MaterialsStep::Row *MaterialsStep::row(const QString &materialId)
{
    for (Row &r : m_rows) {
        if (r.material->id == materialId)
            return &r;
    }
    return nullptr;
}

void MaterialsStep::setProblem(const QString &problem)
{
    m_problem = problem;
}

void MaterialsStep::capture(const QString &materialId)
{
    const QString name = pictureName(materialId);
    if (name.isEmpty())
        return;
    if (m_cameraDir.isEmpty()) {
        qCWarning(lcKioskMaterials) << "capture asked without a camera folder";
        return;
    }
    // The demonstration camera: the folder's images in turn. A folder that is gone or empty is a
    // camera unplugged.
    const QDir dir(m_cameraDir);
    const QStringList images =
        dir.entryList({QStringLiteral("*.png"), QStringLiteral("*.jpg"), QStringLiteral("*.jpeg")},
                      QDir::Files | QDir::Readable, QDir::Name);
    if (images.isEmpty()) {
        cameraLost(QStringLiteral("no images in camera folder %1").arg(m_cameraDir));
        return;
    }
    const QString file = dir.filePath(images.at(m_nextImage % images.size()));
    ++m_nextImage;
    QFile f(file);
    if (f.size() > MaxImageBytes) {
        qCWarning(lcKioskMaterials) << "picture refused: file of" << f.size() << "bytes";
        setProblem(tr("The picture of “%1” is too large. Please take it again.").arg(name));
        Q_EMIT changed();
        return;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        cameraLost(QStringLiteral("camera folder image %1: %2").arg(QFileInfo(file).fileName(), f.errorString()));
        return;
    }
    acceptImageData(materialId, f.readAll());
}

void MaterialsStep::acceptImage(const QString &materialId, const QImage &image)
{
    if (pictureName(materialId).isEmpty())
        return;
    if (image.isNull()) {
        cameraLost(QStringLiteral("the camera gave an empty still"));
        return;
    }
    QByteArray encoded;
    QBuffer buffer(&encoded);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(85);
    if (!writer.write(image)) {
        qCWarning(lcKioskMaterials) << "still not encoded:" << writer.errorString();
        setProblem(tr("The picture could not be taken. Please try again."));
        Q_EMIT changed();
        return;
    }
    acceptImageData(materialId, encoded);
    visitWipe::bytes(encoded);
}

void MaterialsStep::cameraLost(const QString &detail)
{
    qCWarning(lcKioskMaterials).noquote() << "camera lost:" << detail;
    setProblem(tr("The camera is not working right now. The pictures already taken are kept; please try again "
                  "or ask staff for help."));
    Q_EMIT changed();
}

bool MaterialsStep::acceptImageData(const QString &materialId, const QByteArray &encoded)
{
    const QString name = pictureName(materialId);
    if (name.isEmpty())
        return false;
    if (encoded.size() > MaxImageBytes) {
        qCWarning(lcKioskMaterials) << "picture refused:" << encoded.size() << "bytes";
        setProblem(tr("The picture of “%1” is too large. Please take it again.").arg(name));
        Q_EMIT changed();
        return false;
    }
    QBuffer buffer;
    buffer.setData(encoded);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    const QByteArray format = reader.format();
    const QSize size = reader.size();
    if (format != "png" && format != "jpeg") {
        qCWarning(lcKioskMaterials) << "picture refused: format" << (format.isEmpty() ? "unknown" : format);
        setProblem(tr("What was taken for “%1” is not a picture. Please take it again.").arg(name));
        Q_EMIT changed();
        return false;
    }
    if (!size.isValid() || qint64(size.width()) * size.height() > MaxImagePixels) {
        qCWarning(lcKioskMaterials) << "picture refused: size" << size;
        setProblem(tr("The picture of “%1” is too large. Please take it again.").arg(name));
        Q_EMIT changed();
        return false;
    }
    // Check it decodes, as the clerk will open it.
    QImageReader check(&buffer);
    buffer.seek(0);
    if (check.read().isNull()) {
        qCWarning(lcKioskMaterials) << "picture refused: does not decode:" << check.errorString();
        setProblem(tr("What was taken for “%1” is not a picture. Please take it again.").arg(name));
        Q_EMIT changed();
        return false;
    }
    const QString mime = format == "png" ? QStringLiteral("image/png") : QStringLiteral("image/jpeg");
    if (FieldPicture *p = fieldPicture(materialId)) {
        visitWipe::bytes(p->data);
        p->data = encoded;
        p->data.detach(); // our own buffer, so wiping it reaches every byte held here
        p->mime = mime;
        qCInfo(lcKioskMaterials) << "picture for form field" << p->ref << "taken," << encoded.size() << "bytes";
        setProblem({});
        Q_EMIT changed();
        Q_EMIT fieldPictureTaken(p->fieldId, p->row, p->ref);
        return true;
    }
    Row *r = row(materialId);
    wipeRow(*r);
    r->data = encoded;
    r->data.detach(); // our own buffer, so wiping it reaches every byte held here
    r->mime = mime;
    r->state = QStringLiteral("captured");
    qCInfo(lcKioskMaterials) << "picture of" << materialId << "taken," << encoded.size() << "bytes";
    setProblem({});
    Q_EMIT changed();
    return true;
}

bool MaterialsStep::acceptCode(const QByteArray &payload)
{
    scan::ClassifyContext context;
    context.now = m_clock->now().toUTC();
    context.trust = m_trust;
    const scan::Classification c = scan::classify(payload, context);
    if (c.kind != scan::PayloadKind::ELicence) {
        setProblem(tr("This code is not an electronic licence. Please scan the e-licence code."));
        Q_EMIT changed();
        return false;
    }
    if (!c.accepted()) {
        setProblem(c.problem ? c.problem->userMessage : tr("This electronic licence cannot be accepted."));
        Q_EMIT changed();
        return false;
    }
    const auto &info = std::get<scan::ELicenceInfo>(c.details);
    if (!m_holderId.isEmpty() && !scan::eLicenceHeldBy(info, m_holderId)) {
        qCWarning(lcKioskMaterials) << "e-licence refused: another holder";
        setProblem(tr("This electronic licence belongs to someone else. Please scan your own."));
        Q_EMIT changed();
        return false;
    }
    for (Row &r : m_rows) {
        if (r.material->eLicenceType == info.licenceType && r.state != QLatin1String("cardRead")) {
            wipeRow(r);
            r.data = payload;
            r.data.detach();
            r.mime = ELicenceMime;
            r.issuer = info.issuerName;
            r.state = QStringLiteral("eLicence");
            qCInfo(lcKioskMaterials) << "e-licence of type" << info.licenceType << "replaces" << r.material->id;
            setProblem({});
            Q_EMIT changed();
            return true;
        }
    }
    qCInfo(lcKioskMaterials) << "e-licence of type" << info.licenceType << "not needed by this item";
    setProblem(tr("This electronic licence is not one of the materials this service needs."));
    Q_EMIT changed();
    return false;
}

void MaterialsStep::skip(const QString &materialId)
{
    Row *r = row(materialId);
    if (!r || r->required)
        return;
    wipeRow(*r);
    r->state = QStringLiteral("skipped");
    setProblem({});
    Q_EMIT changed();
}

void MaterialsStep::remove(const QString &materialId)
{
    Row *r = row(materialId);
    if (!r || r->state == QLatin1String("cardRead") || r->state == QLatin1String("formPicture"))
        return;
    wipeRow(*r);
    Q_EMIT changed();
}

bool MaterialsStep::checkComplete()
{
    for (const Row &r : std::as_const(m_rows)) {
        if (r.required && r.state == QLatin1String("missing")) {
            setProblem(tr("“%1” is still needed. Please take a picture of it, or scan its e-licence code.")
                           .arg(r.material->name.in(m_catalog->language())));
            Q_EMIT changed();
            return false;
        }
    }
    // Optional materials left alone are simply not given.
    setProblem({});
    Q_EMIT changed();
    return true;
}

Status MaterialsStep::attachTo(Store &store, const QString &caseNumber, const Actor &actor)
{
    for (Row &r : m_rows) {
        if (r.data.isEmpty())
            continue;
        const Result<Attachment> added = store.attachments().add(caseNumber, r.material->id, r.mime, r.data, actor);
        if (!added.ok()) {
            qCWarning(lcKioskMaterials).noquote() << "material" << r.material->id << "of case" << caseNumber
                                                  << "not attached:" << added.error().logDetail;
            return added.error();
        }
    }
    for (const FieldPicture &p : std::as_const(m_fieldPictures)) {
        if (p.data.isEmpty())
            continue;
        const QString name = p.ref.mid(FieldPicturePrefix.size());
        const Result<Attachment> added = store.attachments().add(caseNumber, name, p.mime, p.data, actor);
        if (!added.ok()) {
            qCWarning(lcKioskMaterials).noquote() << "picture for form field" << name << "of case" << caseNumber
                                                  << "not attached:" << added.error().logDetail;
            return added.error();
        }
    }
    qCInfo(lcKioskMaterials) << capturedCount() << "materials and" << fieldPictureCount()
                             << "form pictures attached to case" << caseNumber;
    return {};
}

void MaterialsStep::wipeRow(Row &r)
{
    visitWipe::bytes(r.data);
    r.mime.clear();
    r.issuer.clear();
    r.state = QStringLiteral("missing");
}

void MaterialsStep::wipe()
{
    for (Row &r : m_rows)
        wipeRow(r);
    m_rows.clear();
    for (FieldPicture &p : m_fieldPictures)
        visitWipe::bytes(p.data);
    m_fieldPictures.clear();
    m_holderId.clear();
    m_problem.clear();
    Q_EMIT changed();
}

void MaterialsStep::clearProblem()
{
    if (m_problem.isEmpty())
        return;
    m_problem.clear();
    Q_EMIT changed();
}

QByteArray MaterialsStep::heldBytes(const QString &materialId) const
{
    for (const FieldPicture &p : m_fieldPictures) {
        if (p.ref == materialId)
            return p.data;
    }
    for (const Row &r : m_rows) {
        if (r.material->id == materialId)
            return r.data;
    }
    return {};
}

int MaterialsStep::missingCount() const
{
    return static_cast<int>(std::count_if(m_rows.cbegin(), m_rows.cend(),
                                          [](const Row &r) { return r.state == QLatin1String("missing"); }));
}

int MaterialsStep::capturedCount() const
{
    int n = 0;
    for (const Row &r : m_rows)
        n += r.data.isEmpty() ? 0 : 1;
    return n;
}

} // namespace ow
