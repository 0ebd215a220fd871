from django.urls import path

from zabota.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/files/<int:file_pk>/", views.job_file, name="file"),
    path("<int:pk>/resume/", views.job_resume, name="resume"),
]
