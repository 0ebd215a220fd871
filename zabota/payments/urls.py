from django.urls import path

from zabota.payments import views

app_name = "payments"
urlpatterns = [
    path("parameters/", views.parameters, name="parameters"),
    path("parameters/minimum/new/", views.minimum_add, name="minimum_add"),
    path("parameters/coefficient/new/", views.coefficient_add, name="coefficient_add"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:recipient_pk>/incomes/", views.incomes, name="incomes"),
    path("<int:recipient_pk>/decide/", views.decide, name="decide"),
    path("<int:recipient_pk>/family/new/", views.family_member_edit, name="family_add"),
    path("<int:recipient_pk>/family/<int:pk>/", views.family_member_edit, name="family_edit"),
]
