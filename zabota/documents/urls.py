from django.urls import path

from zabota.documents import template_views, views

app_name = "documents"
urlpatterns = [
    path("issued/", views.issued_list, name="issued"),
    path("issued/<int:pk>/<str:fmt>/", views.issued_file, name="issued_file"),
    path("issue/<str:kind>/", views.issue, name="issue"),
    path("templates/", template_views.template_list, name="templates"),
    path("templates/fields/", template_views.fields_help, name="fields"),
    path("templates/<str:kind>/", template_views.template_kind, name="template_kind"),
    path(
        "templates/<str:kind>/activate/",
        template_views.template_activate,
        name="template_activate",
    ),
    path(
        "templates/<str:kind>/preview/",
        template_views.template_preview,
        name="template_preview",
    ),
    path(
        "templates/<str:kind>/preview/file/",
        template_views.template_preview_file,
        name="template_preview_file",
    ),
    path(
        "templates/<str:kind>/<int:version>/download/",
        template_views.template_download,
        name="template_download",
    ),
]
