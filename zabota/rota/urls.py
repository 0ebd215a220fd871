from django.urls import path

from zabota.rota import views

app_name = "rota"
urlpatterns = [
    path("", views.week, name="week"),
    path("move/", views.move, name="move"),
]
