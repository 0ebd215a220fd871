from django.urls import include, path

urlpatterns = [
    path("", include("zabota.dashboard.urls")),
    path("accounts/", include("zabota.accounts.urls")),
    path("organisation/", include("zabota.organisation.urls")),
    path("recipients/", include("zabota.recipients.urls")),
    path("absences/", include("zabota.absences.urls")),
    path("catalog/", include("zabota.catalog.urls")),
    path("programs/", include("zabota.programs.urls")),
    path("payments/", include("zabota.payments.urls")),
    path("delivery/", include("zabota.delivery.urls")),
    path("documents/", include("zabota.documents.urls")),
    path("acts/", include("zabota.acts.urls")),
    path("billing/", include("zabota.billing.urls")),
    path("care/", include("zabota.ltc.urls")),
    path("reports/", include("zabota.reports.urls")),
    path("quality/", include("zabota.quality.urls")),
    path("supervision/", include("zabota.supervision.urls")),
    path("exchange/", include("zabota.exchange.urls")),
    path("field/", include("zabota.field.urls")),
    path("rota/", include("zabota.rota.urls")),
    path("family/", include("zabota.family.urls")),
    path("intake/", include("zabota.intake.urls")),
    path("api/", include("zabota.api.urls")),
    path("audit/", include("zabota.audit.urls")),
    # /health/ and /operations/errors/.
    path("", include("zabota.operations.urls")),
    path("jobs/", include("zabota.jobs.urls")),
]

handler400 = "zabota.core.errors.bad_request"
handler403 = "zabota.core.errors.forbidden"
handler404 = "zabota.core.errors.not_found"
handler500 = "zabota.core.errors.server_error"
