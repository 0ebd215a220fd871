from django.urls import path

from zabota.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("worker/", views.worker, name="worker"),
    path("mine/", views.mine, name="mine"),
    path("department/", views.department, name="department"),
    path("institution/", views.institution, name="institution"),
    path("6-sobes/", views.sobes, name="sobes"),
    path("analytics/", views.analytics, name="analytics"),
]
