from django.urls import path

from zabota.field import route_views, views

app_name = "field"
urlpatterns = [
    path("", views.app, name="app"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("visits/", views.visit_list, name="visits"),
    path("signatures/<int:pk>.png", views.signature_image, name="signature"),
    path("route/", route_views.route, name="route"),
    path("route/sheet/", route_views.route_sheet_file, name="route_sheet"),
    path("addresses/", route_views.unplaced, name="unplaced"),
]
