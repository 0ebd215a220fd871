"""Each person's alerts: the list behind the header's counter, opening one, reading them all."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param
from zabota.quality import services
from zabota.quality.lists import ALERT_STATES, ALERTS
from zabota.quality.selectors import get_alert_for, unread_count
from zabota.quality.views.common import safe_path


@allow("staff")
def alert_list(request):
    staff = request.staff
    return render(
        request,
        "quality/alert_list.html",
        {
            "page": paginate(request, ALERTS.rows(staff, request.GET, timezone.localdate())),
            "query": querystring_without_page(request),
            "show": choice_param(request, "show", dict(ALERT_STATES)),
            "states": ALERT_STATES,
            "breadcrumbs": [("Оповещения", None)],
        },
    )


@allow("staff")
def alerts_badge(request):
    """The header's number of unread alerts, fetched by htmx after the page has loaded."""
    count = unread_count(request.staff)
    if not count:
        return HttpResponse("<span></span>")
    return HttpResponse(
        format_html(
            '<span class="badge bad" title="Непрочитанных оповещений: {0}">{0}</span>', count
        )
    )


@allow("staff")
def alert_open(request, pk: int):
    """Marks the person's alert read and leads to its object (whose page checks access)."""
    alert = get_alert_for(request.staff, pk)
    services.alert_mark_read(actor=request.staff, alert=alert)
    return redirect(safe_path(request, alert.url, reverse("quality:alerts")))


@allow("staff")
@require_POST
def alerts_read(request):
    marked = services.alerts_mark_all_read(actor=request.staff)
    messages.success(
        request, f"Отмечено прочитанными: {marked}." if marked else "Новых оповещений нет."
    )
    return redirect("quality:alerts")
