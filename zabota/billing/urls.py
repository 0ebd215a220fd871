from django.urls import path

from zabota.billing import statement_views, views

app_name = "billing"
urlpatterns = [
    path("", views.index, name="index"),
    path("charge/", views.charge_run, name="charge_run"),
    path("close/", views.close, name="close"),
    path("reopen/", views.reopen, name="reopen"),
    path("receipts/", views.receipts_month, name="receipts"),
    path("turnover/", views.turnover_view, name="turnover"),
    path("arrears/", views.arrears_view, name="arrears"),
    path("recipients/<int:recipient_pk>/", views.ledger, name="ledger"),
    path("recipients/<int:recipient_pk>/payment/", views.payment_new, name="payment_new"),
    path("recipients/<int:recipient_pk>/adjustment/", views.adjustment_new, name="adjustment_new"),
    path("payments/<int:pk>/cancel/", views.payment_cancel_view, name="payment_cancel"),
    path("charges/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("statements/", statement_views.statements, name="statements"),
    path("statements/<int:pk>/", statement_views.statement, name="statement"),
    path("review/", statement_views.review, name="review"),
    path("review/<int:pk>/", statement_views.line_resolve, name="line"),
    path("files/", statement_views.files, name="files"),
    path("details/", statement_views.details, name="details"),
]
