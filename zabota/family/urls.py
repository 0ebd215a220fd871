from django.urls import path

from zabota.family import views

app_name = "family"
urlpatterns = [
    path("", views.home, name="home"),
    path("message/", views.message, name="message"),
    path("acts/<int:pk>/", views.act_file, name="act_file"),
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("recipient/<int:recipient_pk>/", views.manage, name="manage"),
    path("recipient/<int:recipient_pk>/invite/", views.invite, name="invite"),
    path("relatives/<int:pk>/link/", views.link, name="link"),
    path("relatives/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("relatives/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
