from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow, public
from zabota.core.dates import when_text
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.tables import Column, Table
from zabota.operations.failures import failures_for
from zabota.operations.health import run_checks
from zabota.operations.lists import ERRORS, error_filters
from zabota.operations.selectors import get_error_report_for


@allow("errors.view")
@require_GET
def error_list(request):
    filters, period = error_filters(request.GET)
    reports = ERRORS.rows(request.staff, request.GET, timezone.localdate())
    if wants_xlsx(request):
        table = Table(
            title="Ошибки сервера",
            sheet_name="Ошибки",
            columns=[
                Column("Время", 18),
                Column("Код", 12),
                Column("Запрос", 40),
                Column("Учётная запись", 18),
                Column("Исключение", 30),
                Column("Сообщение", 60),
            ],
            rows=(
                [
                    when_text(r.occurred_at, seconds=True),
                    r.code,
                    f"{r.method} {r.path}",
                    r.username,
                    r.exception_type,
                    r.message,
                ]
                for r in reports.iterator(chunk_size=2000)
            ),
        )
        return xlsx_export(request, "Ошибки сервера.xlsx", table)
    return render(
        request,
        "operations/errors.html",
        {
            "page": paginate(request, reports, per_page=50),
            "query": querystring_without_page(request),
            "filters": filters,
            "period": period,
            "failures": failures_for(request.staff),
            "retention_days": settings.ZABOTA_ERROR_REPORT_DAYS,
            "breadcrumbs": [("Ошибки", None)],
        },
    )


@allow("errors.view")
@require_GET
def error_detail(request, pk: int):
    report = get_error_report_for(request.staff, pk)
    return render(
        request,
        "operations/error.html",
        {
            "report": report,
            "breadcrumbs": [("Ошибки", reverse("operations:errors")), (report.code, None)],
        },
    )


@public
@require_safe
@never_cache
def health(request):
    """For the monitoring: 200 when every check passes, 503 otherwise; no login, nothing
    cached, nothing that helps an attacker (zabota.operations.health)."""
    ok, checks = run_checks()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks},
        status=200 if ok else 503,
        json_dumps_params={"ensure_ascii": False},
    )
