from django.urls import path

from zabota.delivery import closing_views, views

app_name = "delivery"
urlpatterns = [
    path("", views.record_list, name="records"),
    path("visit/", views.choose_recipient, name="choose_recipient"),
    path("visit/<int:recipient_pk>/", views.visit_new, name="visit_new"),
    path("visit/<int:recipient_pk>/done/", views.visit_done, name="visit_done"),
    path("records/<int:pk>/cancel/", views.record_cancel, name="record_cancel"),
    path("plan/<int:recipient_pk>/", views.plan_fact, name="plan_fact"),
    path("months/", closing_views.months, name="months"),
    path("months/<int:department_pk>/close/", closing_views.close, name="month_close"),
    path("months/<int:department_pk>/reopen/", closing_views.reopen, name="month_reopen"),
    path("visits/review/", views.visit_review_list, name="visit_review"),
    path("visits/review/<int:pk>/", views.visit_review_one, name="visit_review_one"),
]
