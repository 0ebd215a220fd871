from django.urls import path

from zabota.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.service_list, name="services"),
    path("new/", views.service_new, name="service_new"),
    path("import/", views.catalog_import, name="import"),
    path("<int:pk>/", views.service_detail, name="service"),
    path("<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("<int:pk>/tariffs/new/", views.tariff_add, name="tariff_add"),
]
