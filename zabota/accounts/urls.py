from django.urls import path

from zabota.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("profile/", views.profile, name="profile"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
]
