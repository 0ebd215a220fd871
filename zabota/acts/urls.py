from django.urls import path

from zabota.acts import views

app_name = "acts"
urlpatterns = [
    path("", views.act_list, name="list"),
    path("runs/new/", views.run_start, name="run_start"),
    path("<int:recipient_pk>/<str:period>/", views.act_detail, name="detail"),
    path("<int:recipient_pk>/<str:period>/issue/", views.act_issue, name="issue"),
]
