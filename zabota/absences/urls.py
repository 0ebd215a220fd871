from django.urls import path

from zabota.absences import views

app_name = "absences"
urlpatterns = [
    path("", views.absence_list, name="list"),
    path("<int:pk>/", views.absence_detail, name="detail"),
    path("<int:pk>/cancel/", views.absence_cancel, name="cancel"),
]
