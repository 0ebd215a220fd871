from django.urls import path

from zabota.operations import views

app_name = "operations"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("operations/errors/", views.error_list, name="errors"),
    path("operations/errors/<int:pk>/", views.error_detail, name="error"),
]
