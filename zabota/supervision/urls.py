from django.urls import path

from zabota.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("6-sobes/", views.sobes, name="sobes"),
    path("all/", views.everything, name="everything"),
    path("<slug:key>/", views.section, name="section"),
]
