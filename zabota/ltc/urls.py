from django.urls import path

from zabota.ltc.views import assessments, careplans, editor, methodologies, reassessments

app_name = "ltc"
urlpatterns = [
    path("reassessments/", reassessments.reassessment_list, name="reassessments"),
    path("methodologies/", methodologies.methodology_list, name="methodologies"),
    path("methodologies/upload/", methodologies.methodology_upload, name="methodology_upload"),
    path("methodologies/new/", editor.methodology_new, name="methodology_new"),
    path("methodologies/import/", editor.methodology_import, name="methodology_import"),
    path("methodologies/<int:pk>/", methodologies.methodology_detail, name="methodology"),
    path(
        "methodologies/<int:pk>/new-version/",
        editor.methodology_new_version,
        name="methodology_new_version",
    ),
    path("methodologies/<int:pk>/editor/", editor.methodology_editor, name="methodology_editor"),
    path(
        "methodologies/<int:pk>/editor/<str:element>/",
        editor.methodology_edit,
        name="methodology_edit",
    ),
    path("methodologies/<int:pk>/publish/", editor.methodology_publish, name="methodology_publish"),
    path("methodologies/<int:pk>/preview/", editor.methodology_preview, name="methodology_preview"),
    path(
        "methodologies/<int:pk>/activate/",
        methodologies.methodology_activate,
        name="methodology_activate",
    ),
    path(
        "methodologies/<int:pk>/deactivate/",
        methodologies.methodology_deactivate,
        name="methodology_deactivate",
    ),
    path(
        "methodologies/<int:pk>/download/",
        methodologies.methodology_download,
        name="methodology_download",
    ),
    path("recipients/<int:pk>/assess/", assessments.assessment_start, name="assessment_start"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment"),
    path(
        "assessments/<int:pk>/questions/<int:number>/",
        assessments.assessment_step,
        name="assessment_step",
    ),
    path("assessments/<int:pk>/review/", assessments.assessment_review, name="assessment_review"),
    path(
        "assessments/<int:pk>/reassessment/",
        assessments.reassessment_bring_forward,
        name="reassessment_bring_forward",
    ),
    path("assessments/<int:pk>/plan/", careplans.care_plan_new, name="care_plan_new"),
    path("plans/<int:pk>/", careplans.care_plan_detail, name="care_plan"),
    path("plans/<int:pk>/edit/", careplans.care_plan_edit, name="care_plan_edit"),
    path("plans/<int:pk>/approve/", careplans.care_plan_approve, name="care_plan_approve"),
]
