from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zabota.operations.models import ErrorReport


def visible_error_reports(staff) -> QuerySet[ErrorReport]:
    """The reports a person may read: the one place of that rule. An administrator of an
    institution sees the errors of requests by its own staff and of requests with no user (the
    login page, a tablet without a key) — these name nobody. A superuser administers the whole
    installation and reads every report."""
    reports = ErrorReport.objects.all()
    if staff.user.is_superuser:
        return reports
    return reports.filter(Q(institution_id=staff.institution_id) | Q(user_id__isnull=True))


def error_reports_for(
    staff, *, text: str = "", date_from=None, date_to=None
) -> QuerySet[ErrorReport]:
    """The «Ошибки» page's list: `visible_error_reports` narrowed by its filters; `text` finds
    the code, the path, the login or the exception."""
    reports = visible_error_reports(staff).defer("traceback")
    if date_from:
        reports = reports.filter(occurred_at__date__gte=date_from)
    if date_to:
        reports = reports.filter(occurred_at__date__lte=date_to)
    for word in text.split()[:6]:
        reports = reports.filter(
            Q(code__icontains=word)
            | Q(path__icontains=word)
            | Q(username__icontains=word)
            | Q(exception_type__icontains=word)
            | Q(message__icontains=word)
        )
    return reports


def get_error_report_for(staff, pk: int) -> ErrorReport:
    return get_object_or_404(visible_error_reports(staff), pk=pk)
