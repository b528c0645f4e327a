#pragma once

// Generated test images: real symbols from the encoder, then the damage real cameras and paper do.

#include "scan/BarcodeDecoder.h"
#include "ui/scan/ImageCodes.h"

#include <QImage>
#include <QRandomGenerator>

namespace ow::test {

QImage codeImage(scan::CodeFormat format, const QByteArray &payload, int moduleSize);
// The code on a page of the given size (light grey paper), top-left at `at`.
QImage onPage(const QImage &code, QSize page, QPoint at, int paper = 235);
QImage rotated(const QImage &gray, qreal degrees, int paper = 235);
QImage boxBlurred(const QImage &gray, int radius);
QImage withNoise(const QImage &gray, double sigma, QRandomGenerator &rng);
QImage withContrast(const QImage &gray, int black, int white);
QImage inverted(const QImage &gray);
// Perspective: the top edge shrunk by `skew` (0..0.5) of the width, as seen from below.
QImage perspective(const QImage &gray, double skew, int paper = 235);

// The generated test set: every condition over the five formats, seeded, so every run (test or
// benchmark) sees the same images.
struct Sample
{
    scan::CodeFormat format;
    QByteArray payload;
    QImage image;
};
extern const QByteArray kSampleReceipt;
QStringList conditionNames();
QList<Sample> generatedSamples(const QString &condition);

} // namespace ow::test
