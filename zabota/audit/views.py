from collections.abc import Iterator
from itertools import islice

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.lists import EVENTS, event_filters
from zabota.audit.models import EventKind
from zabota.audit.presentation import changes_text, present, related_names
from zabota.core.access import allow
from zabota.core.dates import when_text
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
            rows=_journal_rows(events),
        )
        return xlsx_export(request, "Журнал событий.xlsx", table)
    page = paginate(request, events, per_page=50)
    page.object_list = present(page.object_list)
    return render(
        request,
        "audit/events.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "filters": filters,
            "period": period,
            "kinds": EventKind.choices,
            "breadcrumbs": [("Журнал событий", None)],
        },
    )


def _journal_rows(events) -> Iterator[list]:
    entries = events.iterator(chunk_size=2000)
    # The names of related rows are read per chunk: one query per model, not one per entry.
    while chunk := list(islice(entries, 2000)):
        names = related_names(chunk)
        for e in chunk:
            yield [
                when_text(e.occurred_at, seconds=True),
                e.get_kind_display(),
                "успех" if e.success else "отказ",
                e.username,
                e.ip_address or "",
                e.object_repr,
                changes_text(e, names),
                e.details,
            ]
