from django.urls import path

from zabota.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.intake_list, name="list"),
    path("new/", views.intake_start, name="start"),
    path("<int:pk>/step/<str:step>/", views.intake_step, name="step"),
    path("<int:pk>/cancel/", views.intake_cancel, name="cancel"),
    path("<int:pk>/done/", views.intake_done, name="done"),
    path("<int:pk>/documents.pdf", views.intake_pdf, name="pdf"),
]
