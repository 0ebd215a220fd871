from django.urls import path

from zabota.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("import/<int:pk>/columns/", views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/check/", views.import_check, name="import_check"),
    path("import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("import/<int:pk>/cancel/", views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/file/", views.import_file, name="import_file"),
    path("export/", views.export, name="export"),
    path("export/layouts/new/", views.export_mapping_edit, name="export_mapping_new"),
    path("export/layouts/<int:pk>/", views.export_mapping_edit, name="export_mapping_edit"),
]
