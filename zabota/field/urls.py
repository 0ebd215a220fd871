from django.urls import path

from zabota.field import views

app_name = "field"
urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("visits/", views.visit_list, name="visits"),
    path("signatures/<int:pk>.png", views.signature_image, name="signature"),
]
