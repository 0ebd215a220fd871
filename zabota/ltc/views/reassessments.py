"""Who is due for a reassessment: the heads' working list, always computed from the dates."""

import datetime

from django.shortcuts import render
from django.utils import timezone

from zabota.core.access import allow
from zabota.core.downloads import wants_xlsx, xlsx_export
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param, int_param
from zabota.ltc.exports import reassessments_table
from zabota.ltc.selectors import reassessment_counts, reassessments_due
from zabota.ltc.views.common import REASSESSMENTS_CRUMB
from zabota.organisation.selectors import departments_for

DEFAULT_DAYS = 30
MAX_DAYS = 366


def days_from(request) -> int:
    days = int_param(request, "days", minimum=0, maximum=MAX_DAYS)
    return DEFAULT_DAYS if days is None else days


@allow("assessments.edit")
def reassessment_list(request):
    staff = request.staff
    today = timezone.localdate()
    days = days_from(request)
    department_id = int_param(request, "department")
    overdue_only = choice_param(request, "state", ("overdue",)) == "overdue"
    text = request.GET.get("q", "")
    due = reassessments_due(staff, today, days, department_id, text=text, overdue_only=overdue_only)
    subtitle = (
        f"просроченные на {today:%d.%m.%Y}"
        if overdue_only
        else f"просроченные и назначенные в ближайшие {days} дн. (по "
        f"{today + datetime.timedelta(days=days):%d.%m.%Y})"
    )
    if wants_xlsx(request):
        return xlsx_export(
            request,
            "Повторные оценки.xlsx",
            reassessments_table(due, today=today, subtitle=subtitle),
        )
    return render(
        request,
        "ltc/reassessment_list.html",
        {
            "page": paginate(request, due),
            "query": querystring_without_page(request),
            "counts": reassessment_counts(staff, today, days, department_id),
            "days": days,
            "today": today,
            "text": text,
            "overdue_only": overdue_only,
            "subtitle": subtitle,
            "departments": departments_for(staff),
            "department_id": department_id,
            "breadcrumbs": [(REASSESSMENTS_CRUMB[0], None)],
        },
    )
