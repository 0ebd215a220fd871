from django.urls import path

from zabota.exchange import income_views, views
from zabota.exchange.depersonalised import views as depersonalised_views
from zabota.exchange.egisso import log_views as egisso_log
from zabota.exchange.egisso import views as egisso_views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/incomes/", income_views.incomes_upload, name="incomes_upload"),
    path("import/incomes/template.xlsx", income_views.incomes_template, name="incomes_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("import/<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/check/", views.import_check, name="import_check"),
    path("import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/file/", views.import_file, name="import_file"),
    path(
        "import/<int:pk>/recalculate/",
        income_views.import_recalculate,
        name="import_recalculate",
    ),
    path(
        "import/<int:pk>/recalculation/",
        income_views.import_recalculation,
        name="import_recalculation",
    ),
    path("export/", views.export, name="export"),
    path("export/layouts/new/", views.export_mapping_edit, name="export_mapping_new"),
    path("export/layouts/<int:pk>/", views.export_mapping_edit, name="export_mapping_edit"),
    path("egisso/", egisso_views.egisso, name="egisso"),
    path("egisso/export/", egisso_views.egisso_export, name="egisso_export"),
    path("egisso/packages/", egisso_log.packages, name="egisso_packages"),
    path("egisso/packages/<int:pk>/", egisso_log.package, name="egisso_package"),
    path("egisso/packages/<int:pk>/file/", egisso_log.package_file, name="egisso_package_file"),
    path(
        "egisso/packages/<int:pk>/receipt/",
        egisso_log.package_receipt,
        name="egisso_package_receipt",
    ),
    path("egisso/facts/", egisso_log.facts, name="egisso_facts"),
    path("egisso/facts/<int:pk>/", egisso_log.fact, name="egisso_fact"),
    path(
        "egisso/facts/<int:pk>/invalidate/",
        egisso_log.fact_invalidate,
        name="egisso_fact_invalidate",
    ),
    path(
        "egisso/records/<int:pk>/withdraw/",
        egisso_log.record_withdraw,
        name="egisso_record_withdraw",
    ),
    path("egisso/job/", egisso_views.egisso_job, name="egisso_job"),
    path("egisso/settings/", egisso_views.egisso_settings, name="egisso_settings"),
    path("depersonalised/", depersonalised_views.depersonalised, name="depersonalised"),
]
