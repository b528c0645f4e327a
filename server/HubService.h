#pragma once

#include "server/HubAdmin.h"
#include "server/HubAuditTrail.h"
#include "server/HubCatalog.h"
#include "server/HubContext.h"
#include "server/HubEnrollment.h"
#include "server/HubEvents.h"
#include "server/HubIngest.h"
#include "server/HubRatings.h"
#include "server/HubReview.h"
#include "server/HubSignIn.h"
#include "server/HubStats.h"
#include "server/HubUploads.h"

namespace ow::hub {

// The hub's behaviour (server/PROTOCOL.md), free of HTTP so `import-packets` and the in-process
// tests share it: one service per job, each answering a ServiceResult that HubServer maps to
// HTTP. Every write is one transaction, committed before the answer is built.
class HubService
{
public:
    HubService(HubDatabase &db, const HubKeys &keys, const HubCatalog *catalog, HubLimits limits,
               const Clock &clock = SystemClock::instance())
        : m_context(db, keys, limits, clock)
        , m_catalog(catalog)
        , m_enrollment(m_context)
        , m_uploads(m_context)
        , m_ingest(m_context, m_uploads, catalog)
        , m_events(m_context)
        , m_signIn(m_context)
        , m_review(m_context, catalog)
        , m_admin(m_context)
        , m_auditTrail(m_context)
        , m_stats(m_context, catalog)
        , m_ratings(m_context, catalog)
    {}
    HubService(const HubService &) = delete;
    HubService &operator=(const HubService &) = delete;

    const HubLimits &limits() const { return m_context.limits(); }
    const HubKeys &keys() const { return m_context.keys(); }
    const HubCatalog *catalog() const { return m_catalog; }

    EnrollmentService &enrollment() { return m_enrollment; }
    UploadService &uploads() { return m_uploads; }
    IngestService &ingest() { return m_ingest; }
    EventService &events() { return m_events; }
    SignInService &signIn() { return m_signIn; }
    ReviewService &review() { return m_review; }
    AdminService &admin() { return m_admin; }
    AuditTrail &auditTrail() { return m_auditTrail; }
    StatsService &stats() { return m_stats; }
    RatingService &ratings() { return m_ratings; }
    const IngestService &ingest() const { return m_ingest; }
    const UploadService &uploads() const { return m_uploads; }

    // The services' database: HubServer opens one transaction around several packets (group commit).
    HubDatabase &database() { return m_context.db(); }
    // The database answers (reconnecting once when the connection was lost).
    bool healthy() { return m_context.db().alive(); }

private:
    HubContext m_context;
    const HubCatalog *m_catalog;
    EnrollmentService m_enrollment;
    UploadService m_uploads;
    IngestService m_ingest;
    EventService m_events;
    SignInService m_signIn;
    ReviewService m_review;
    AdminService m_admin;
    AuditTrail m_auditTrail;
    StatsService m_stats;
    RatingService m_ratings;
};

} // namespace ow::hub
