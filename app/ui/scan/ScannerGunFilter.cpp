#include "ui/scan/ScannerGunFilter.h"

#include "scan/ScanLogging.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QKeyEvent>

namespace ow::scan {

struct ScannerGunFilter::Held
{
    QPointer<QObject> target;
    std::unique_ptr<QKeyEvent> event;
};

namespace {

bool isModifierKey(int key)
{
    return key == Qt::Key_Shift || key == Qt::Key_Control || key == Qt::Key_Alt || key == Qt::Key_Meta ||
           key == Qt::Key_AltGr || key == Qt::Key_CapsLock || key == Qt::Key_NumLock;
}

bool typesText(const QKeyEvent *e)
{
    if (e->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return false;
    const QString t = e->text();
    if (t.isEmpty())
        return false;
    for (QChar c : t) {
        if (!c.isPrint())
            return false;
    }
    return true;
}

ScannerGunFilter::MonotonicMs steadyClock()
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    return [timer] { return timer->elapsed(); };
}

} // namespace

ScannerGunFilter::ScannerGunFilter(QObject *parent)
    : ScannerGunFilter(WedgeBurstClassifier::Config{}, steadyClock(), parent)
{}

ScannerGunFilter::ScannerGunFilter(WedgeBurstClassifier::Config config, MonotonicMs clock, QObject *parent)
    : QObject(parent)
    , m_classifier(config)
    , m_clock(std::move(clock))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ScannerGunFilter::checkTimeout);
}

ScannerGunFilter::~ScannerGunFilter() = default;

void ScannerGunFilter::setEnabled(bool enabled)
{
    if (!enabled)
        releaseHeld();
    m_enabled = enabled;
}

void ScannerGunFilter::hold(QObject *target, const QKeyEvent *event)
{
    auto h = std::make_shared<Held>();
    h->target = target;
    h->event.reset(event->clone());
    m_held.append(std::move(h));
}

void ScannerGunFilter::releaseHeld()
{
    const auto held = std::exchange(m_held, {});
    m_replaying = true;
    for (const auto &h : held) {
        if (h->target)
            QCoreApplication::sendEvent(h->target, h->event.get());
    }
    m_replaying = false;
}

void ScannerGunFilter::apply(const WedgeBurstClassifier::Output &out)
{
    if (out.releaseHeld)
        releaseHeld();
    if (out.dropHeld) {
        for (const auto &h : std::as_const(m_held)) {
            if (h->event->type() == QEvent::KeyPress)
                m_swallowReleases.append(h->event->key());
            else
                m_swallowReleases.removeOne(h->event->key());
        }
        m_held.clear();
    }
    if (out.scanned) {
        qCInfo(lcScan) << "scanner gun burst of" << out.scanned->size() << "characters";
        Q_EMIT scanned(out.scanned->toUtf8());
    }
}

void ScannerGunFilter::armTimer()
{
    if (const auto d = m_classifier.deadline())
        m_timer.start(int(qMax<qint64>(1, *d - m_clock())));
    else
        m_timer.stop();
}

void ScannerGunFilter::checkTimeout()
{
    apply(m_classifier.tick(m_clock()));
    armTimer();
}

bool ScannerGunFilter::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_enabled || m_replaying || !watched->isWindowType() ||
        (event->type() != QEvent::KeyPress && event->type() != QEvent::KeyRelease))
        return QObject::eventFilter(watched, event);
    auto *key = static_cast<QKeyEvent *>(event);
    const qint64 now = m_clock();

    if (event->type() == QEvent::KeyRelease) {
        if (m_swallowReleases.removeOne(key->key()))
            return true;
        if (!m_held.isEmpty() || m_classifier.inScan()) {
            hold(watched, key);
            return true;
        }
        return false;
    }

    if (isModifierKey(key->key())) {
        // Guns press Shift for capitals; modifiers neither start nor end a run.
        if (!m_held.isEmpty() || m_classifier.inScan()) {
            hold(watched, key);
            return true;
        }
        return false;
    }

    WedgeBurstClassifier::Output out;
    if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter || key->key() == Qt::Key_Tab)
        out = m_classifier.terminator(now);
    else if (typesText(key))
        out = m_classifier.text(key->text(), now);
    else
        out = m_classifier.otherKey(now);

    apply(out);
    if (out.hold) {
        if (m_classifier.undecided() || m_classifier.inScan())
            hold(watched, key);
        else
            m_swallowReleases.append(key->key()); // the Enter or Tab that ended a scan
    }
    armTimer();
    return out.hold;
}

} // namespace ow::scan
