#pragma once

#include "common/Result.h"
#include "domain/Case.h"

#include <QByteArray>
#include <QDir>
#include <QImage>
#include <QList>
#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace ow {

class CatalogService;
class Clock;
class FormState;
class Store;
struct Material;

namespace scan {
class TrustStore;
}

// The materials step between the form and the review: every material the chosen item asks for
// now (forms/items/*.json: required ones, conditional ones whose condition holds, optional ones),
// and how each is given at the kiosk: a picture from the camera (a document camera is a camera;
// on demonstration kiosks a folder of images stands in, --camera-dir), an e-licence code
// (OWL1, verified against the trust store) that replaces the material (免证办), the ID card read
// on the reader for the applicant's card, or, for an optional one, nothing.
//
// Pictures are held in memory only; wipe() overwrites them. At submit attachTo() writes them
// into the encrypted store inside the case's own transaction (AttachmentRepository); the session
// wipes them once the case is saved, and keeps them when it is not.
//
// A form field of type attachment (the applicant's photo, a signed authorisation) is a picture
// too at the kiosk, taken with the same camera and held, checked, wiped and attached the same
// way. It is held under a reference, "kiosk-capture:<fieldId>" ("kiosk-capture:<fieldId>#<row>"
// in a repeatable group), which is the field's answer in the form (never the image itself) and
// which capture() and acceptImage() take in place of a material's id; the case's attachment is
// named after the part behind "kiosk-capture:".
class MaterialsStep : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by KioskSession")
    // [{id, name, notes, required, state, issuer, source}] in the item's order. state: "missing",
    // "captured", "eLicence", "cardRead", "skipped", "formPicture" (the form's field of the same
    // id holds its picture, taken on the form).
    Q_PROPERTY(QVariantList rows READ rows NOTIFY changed FINAL)
    // What went wrong last (translated, names the material); empty otherwise.
    Q_PROPERTY(QString problem READ problem NOTIFY changed FINAL)
    Q_PROPERTY(bool canCapture READ canCapture NOTIFY changed FINAL)
    Q_PROPERTY(bool demoCamera READ demoCamera NOTIFY changed FINAL)

public:
    static constexpr qsizetype MaxImageBytes = 12 * 1024 * 1024;
    static constexpr qint64 MaxImagePixels = 40'000'000; // a 40 MP still; a page at 600 dpi is ~35 MP
    static inline const QString ELicenceMime = QStringLiteral("application/x-onewindow-elicence");
    static inline const QString FieldPicturePrefix = QStringLiteral("kiosk-capture:");

    // The reference a form field's picture is held under and answered with.
    static QString fieldPictureRef(const QString &fieldId, int row = -1);

    // Names follow the catalog's language.
    explicit MaterialsStep(CatalogService *catalog, QObject *parent = nullptr);
    ~MaterialsStep() override;

    void setClock(const Clock *clock) { m_clock = clock; }
    void setTrust(const scan::TrustStore *trust) { m_trust = trust; }
    // Demonstration: the "camera" takes the images of this folder in turn (a Qt resource path
    // such as ":/demo-materials" works too). Empty: the real camera.
    void setCameraDir(const QString &dir);
    // A real camera is there to take pictures (QML's capture session says so).
    Q_INVOKABLE void setCameraAvailable(bool available);

    // What the form needs now. `idCardRead`: the applicant's ID card was read on the reader, so
    // the applicant's ID card material is given. `holderId`: whose e-licences are accepted.
    // Pictures already taken of materials still needed are kept, and so are the pictures of form
    // fields the form still answers with; the others are overwritten.
    void setForm(const FormState *form, bool idCardRead, const QString &holderId);

    QVariantList rows() const;
    QString problem() const { return m_problem; }
    bool canCapture() const { return m_cameraAvailable || !m_cameraDir.isEmpty(); }
    bool demoCamera() const { return !m_cameraDir.isEmpty(); }
    bool isEmpty() const { return m_rows.isEmpty(); }
    // Materials the citizen has neither given nor left out yet.
    int missingCount() const;

    // A picture is asked for a form field (`label` names it in messages; `accept` is the field's
    // "image"/"pdf"). False with problem() set when the field does not take pictures. A picture
    // already held for it stays until a new one is taken.
    bool expectFieldPicture(const QString &fieldId, int row, const QString &label, const QStringList &accept);
    // The citizen removed a form field's picture: its bytes are overwritten.
    void removeFieldPicture(const QString &ref);
    // Every form field's picture overwritten (the form was started afresh).
    void wipeFieldPictures();
    // Number of form field pictures held.
    int fieldPictureCount() const;

    // Takes a picture of the material (or form field): the next image of the demonstration folder.
    Q_INVOKABLE void capture(const QString &materialId);
    // A still from the camera (QML's image capture).
    Q_INVOKABLE void acceptImage(const QString &materialId, const QImage &image);
    // The camera went away in the middle of taking a picture; the pictures taken are kept.
    Q_INVOKABLE void cameraLost(const QString &detail);
    // Encoded image bytes (PNG or JPEG) for the material; false with problem() set when they are
    // not an image or too large.
    bool acceptImageData(const QString &materialId, const QByteArray &encoded);
    // A scanned code: an e-licence of a type some material accepts replaces that material.
    // False with problem() set otherwise.
    Q_INVOKABLE bool acceptCode(const QByteArray &payload);
    // An optional material the citizen does not give.
    Q_INVOKABLE void skip(const QString &materialId);
    // Undoes a picture, a code or a skip.
    Q_INVOKABLE void remove(const QString &materialId);

    // True when every required material is given; otherwise problem() names the first missing.
    bool checkComplete();

    // Writes the pictures and e-licence codes into the store as the case's attachments (each
    // encrypted with the store). The first failure is logged and returned; the caller's
    // transaction then takes back what was written. The pictures stay here until wipe().
    Status attachTo(Store &store, const QString &caseNumber, const Actor &actor);

    // The end of a visit: every picture's bytes overwritten, nothing held.
    void wipe();
    // The problem shown belongs to a screen the citizen left.
    void clearProblem();

    // Tests: the bytes held for a material (shared, so a copy shows the wipe).
    QByteArray heldBytes(const QString &materialId) const;
    int capturedCount() const;

Q_SIGNALS:
    void changed();
    // A picture was taken and kept for the form field: the form answers it with `ref`.
    void fieldPictureTaken(const QString &fieldId, int row, const QString &ref);

private:
    struct Row
    {
        const Material *material = nullptr;
        bool required = false;
        QString state = QStringLiteral("missing");
        QByteArray data; // the picture (encoded) or the e-licence code
        QString mime;
        QString issuer; // e-licence: the issuer's name from the trust store
    };
    struct FieldPicture
    {
        QString ref;
        QString fieldId;
        int row = -1;
        QString label;
        QByteArray data; // the picture (encoded); empty until one is taken
        QString mime;
    };
    Row *row(const QString &materialId);
    FieldPicture *fieldPicture(const QString &ref);
    // The name of what a picture is taken of (a material or a form field); empty when neither.
    QString pictureName(const QString &id);
    void setProblem(const QString &problem);
    void wipeRow(Row &row);

    CatalogService *m_catalog;
    const Clock *m_clock;
    const scan::TrustStore *m_trust = nullptr;
    QString m_cameraDir;
    int m_nextImage = 0;
    bool m_cameraAvailable = false;
    QString m_holderId;
    QList<Row> m_rows;
    QList<FieldPicture> m_fieldPictures;
    QString m_problem;
};

} // namespace ow
