from django.urls import path

from zabota.organisation import installation_views, views

app_name = "organisation"
urlpatterns = [
    path("", views.institution, name="institution"),
    path("departments/new/", views.department_edit, name="department_new"),
    path("departments/<int:pk>/", views.department_edit, name="department_edit"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_edit, name="staff_new"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/password/", views.staff_password, name="staff_password"),
    path("installation/", installation_views.institutions, name="installation"),
    path(
        "installation/new/", installation_views.institution_new, name="installation_institution_new"
    ),
    path(
        "installation/supervisors/",
        installation_views.supervisors,
        name="installation_supervisors",
    ),
    path(
        "installation/supervisors/new/",
        installation_views.supervisor_new,
        name="installation_supervisor_new",
    ),
    path(
        "installation/supervisors/<int:pk>/active/",
        installation_views.supervisor_active,
        name="installation_supervisor_active",
    ),
    path(
        "installation/<int:pk>/",
        installation_views.institution_detail,
        name="installation_institution",
    ),
]
