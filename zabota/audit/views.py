from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zabota.audit.lists import EVENTS, event_filters
from zabota.audit.models import EventKind
from zabota.core.access import allow
from zabota.core.downloads import wants_xlsx, xlsx_export
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.tables import Column, Table


@allow("audit.view")
@require_GET
def event_list(request):
    filters, period = event_filters(request.GET)
    events = EVENTS.rows(request.staff, request.GET, timezone.localdate())
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
