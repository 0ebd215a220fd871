from django.urls import path

from zabota.quality.views import alerts, complaints, inspections, report, setup, surveys

app_name = "quality"
urlpatterns = [
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path("recipients/<int:recipient_pk>/survey/", surveys.survey_new, name="survey_new"),
    path("samples/", surveys.sample_list, name="samples"),
    path("samples/build/", surveys.sample_build, name="sample_build"),
    path("complaints/", complaints.complaint_list, name="complaints"),
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/extend/", complaints.complaint_extend, name="complaint_extend"),
    path("complaints/<int:pk>/close/", complaints.complaint_close, name="complaint_close"),
    path("complaints/<int:pk>/answer/", complaints.complaint_answer, name="complaint_answer"),
    path(
        "complaints/answers/<int:pk>/docx/",
        complaints.complaint_answer_file,
        name="complaint_answer_file",
    ),
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path(
        "recipients/<int:recipient_pk>/inspection/",
        inspections.inspection_new,
        name="inspection_new",
    ),
    path("inspections/plan/", inspections.plan, name="plan"),
    path("inspections/plan/build/", inspections.plan_build, name="plan_build"),
    path("violations/", inspections.violation_list, name="violations"),
    path("violations/<int:pk>/correct/", inspections.violation_correct, name="violation_correct"),
    path("report/", report.report, name="report"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_open, name="alert"),
    path("alerts/read/", alerts.alerts_read, name="alerts_read"),
    path("alerts/badge/", alerts.alerts_badge, name="alerts_badge"),
    path("questionnaire/", setup.questionnaire_edit, name="questionnaire"),
    path("checklist/", setup.checklist_edit, name="checklist"),
]
