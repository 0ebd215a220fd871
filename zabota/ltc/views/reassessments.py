"""Who is due for a reassessment: the heads' working list, always computed from the dates."""

import datetime

from django.shortcuts import render
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.ltc.exports import reassessments_table
from zabota.ltc.lists import REASSESSMENTS, STATES, reassessment_filters
from zabota.ltc.selectors import OVERDUE, UPCOMING, reassessment_counts
from zabota.ltc.views.common import REASSESSMENTS_CRUMB
from zabota.organisation.selectors import departments_for


@allow("assessments.edit")
def reassessment_list(request):
    staff = request.staff
    today = timezone.localdate()
    filters = reassessment_filters(request.GET)
    days = filters["days"]
    due = REASSESSMENTS.rows(staff, request.GET, today)
    until = f"{today + datetime.timedelta(days=days):%d.%m.%Y}"
    subtitle = {
        OVERDUE: f"просроченные на {today:%d.%m.%Y}",
        UPCOMING: f"назначенные в ближайшие {days} дн. (по {until})",
    }.get(filters["state"], f"просроченные и назначенные в ближайшие {days} дн. (по {until})")
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
            "counts": reassessment_counts(staff, today, days, filters["department_id"]),
            "filters": filters,
            "states": STATES,
            "today": today,
            "subtitle": subtitle,
            "departments": departments_for(staff),
            "breadcrumbs": [(REASSESSMENTS_CRUMB[0], None)],
        },
    )
