from django.urls import path

from zabota.recipients import references, views

app_name = "recipients"
urlpatterns = [
    path("", views.recipient_list, name="list"),
    path("new/", views.recipient_register, name="register"),
    path("journal/", views.journal_view, name="journal"),
    path("categories/", views.by_category, name="by_category"),
    path("certificates/", views.certificates, name="certificates"),
    path("references/", references.references, name="references"),
    path("references/<str:kind>/new/", references.reference_edit, name="reference_new"),
    path("references/<str:kind>/<int:pk>/", references.reference_edit, name="reference_edit"),
    path("<int:pk>/", views.recipient_card, name="card"),
    path("<int:pk>/edit/", views.recipient_edit, name="edit"),
    path("<int:pk>/history/", views.recipient_history, name="history"),
    path("<int:pk>/discharge/", views.recipient_discharge, name="discharge"),
    path("<int:pk>/enrol/", views.recipient_enrol, name="enrol"),
    path("<int:pk>/consents/new/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/certificates/new/", views.certificate_add, name="certificate_add"),
    path("<int:pk>/representatives/new/", views.representative_edit, name="representative_add"),
    path(
        "<int:pk>/representatives/<int:representative_pk>/",
        views.representative_edit,
        name="representative_edit",
    ),
]
