from django.shortcuts import render
from django.views.decorators.http import require_GET

from zabota.audit.models import EventKind
from zabota.audit.selectors import events_for
from zabota.core.access import allow
from zabota.core.downloads import wants_xlsx, xlsx_export
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param, int_param
from zabota.core.tables import Column, Table
from zabota.recipients.forms import PeriodForm


def _filters(request) -> dict:
    # An unreadable filter is refused (400): the export for the person responsible for personal
    # data must hold exactly what was asked, not the whole journal with the filter dropped.
    period = PeriodForm(request.GET or None)
    date_from, date_to = period.chosen()
    success = choice_param(request, "success", ("1", "0"))
    return {
        "kind": choice_param(request, "kind", EventKind.values),
        "username": request.GET.get("username", "").strip(),
        "date_from": date_from,
        "date_to": date_to,
        "recipient_id": int_param(request, "recipient"),
        "success": {"1": True, "0": False}.get(success),
        "text": request.GET.get("q", "").strip(),
    }, period


@allow("audit.view")
@require_GET
def event_list(request):
    filters, period = _filters(request)
    events = events_for(request.staff, **filters)
    if wants_xlsx(request):
        table = Table(
            title="Журнал событий безопасности",
            sheet_name="Журнал",
            columns=[
                Column("Время", 18),
                Column("Событие", 30),
                Column("Результат", 10),
                Column("Учётная запись", 18),
                Column("Адрес", 16),
                Column("Объект", 40),
                Column("Изменения", 60),
                Column("Подробности", 40),
            ],
            rows=(
                [
                    f"{e.occurred_at:%d.%m.%Y %H:%M:%S}",
                    e.get_kind_display(),
                    "успех" if e.success else "отказ",
                    e.username,
                    e.ip_address or "",
                    e.object_repr,
                    _changes_text(e.changes),
                    e.details,
                ]
                for e in events.iterator(chunk_size=2000)
            ),
        )
        return xlsx_export(request, "Журнал событий.xlsx", table)
    return render(
        request,
        "audit/events.html",
        {
            "page": paginate(request, events, per_page=50),
            "query": querystring_without_page(request),
            "filters": filters,
            "period": period,
            "kinds": EventKind.choices,
            "breadcrumbs": [("Журнал событий", None)],
        },
    )


def _changes_text(changes: dict) -> str:
    return "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in changes.items() if k != "version")
