"""Pages of the income import beyond the shared import steps: the upload, its template, and the
recalculation of payment decisions once the file is loaded."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import choice_param
from zabota.core.tables import Column, Table
from zabota.core.xlsx import XLSX_CONTENT_TYPE, download_response
from zabota.exchange.importing.template import incomes_template_xlsx
from zabota.exchange.models import ImportKind
from zabota.exchange.recalculation import payment_decisions_recalculate, recalculation_rows
from zabota.exchange.selectors import get_batch_for
from zabota.exchange.views import INDEX_CRUMB, upload_page


@allow("exchange.run")
def incomes_upload(request):
    return upload_page(request, ImportKind.INCOMES)


@allow("exchange.run")
def incomes_template(request):
    return download_response(
        incomes_template_xlsx(), "Шаблон загрузки доходов.xlsx", XLSX_CONTENT_TYPE
    )


@allow("payments.recalculate")
@require_POST
def import_recalculate(request, pk: int):
    """One click: the current payment decision of each affected recipient computed again."""
    batch = get_batch_for(request.staff, pk)
    try:
        rows = payment_decisions_recalculate(actor=request.staff, batch=batch)
    except ValidationError as error:
        messages.error(request, "Ничего не пересчитано. " + " ".join(error.messages))
        return redirect("exchange:import_batch", pk=pk)
    changed = sum(1 for row in rows if row["changed"])
    computed = sum(1 for row in rows if row["computed"])
    messages.success(
        request,
        f"Пересчитано расчётов: {computed}; условие оплаты изменилось у {changed} чел.",
    )
    return redirect("exchange:import_recalculation", pk=pk)


@allow("exchange.run")
def import_recalculation(request, pk: int):
    """Who changed condition of payment after the recalculation, and who had no decision."""
    batch = get_batch_for(request.staff, pk)
    rows = recalculation_rows(batch.report)
    if not rows:
        return redirect("exchange:import_batch", pk=pk)
    default = "changed" if any(r["changed"] for r in rows) else "all"
    show = choice_param(request, "show", ("changed", "missing", "all"), default)
    shown = {
        "changed": [r for r in rows if r["changed"]],
        "missing": [r for r in rows if not r["computed"]],
    }.get(show, rows)
    text = request.GET.get("q", "").strip().lower()
    if text:
        shown = [r for r in shown if all(w in r["name"].lower() for w in text.split())]
    if wants_xlsx(request):
        return xlsx_export(request, f"Пересчёт {batch.file_name}.xlsx", _table(batch, shown))
    info = batch.report["recalculation"]
    return render(
        request,
        "exchange/recalculation.html",
        {
            "batch": batch,
            "info": info,
            "on_date": datetime.date.fromisoformat(info["on"]),
            "show": show,
            "text": request.GET.get("q", ""),
            "tabs": [
                ("changed", "условие изменилось", sum(1 for r in rows if r["changed"])),
                ("missing", "расчёта не было", sum(1 for r in rows if not r["computed"])),
                ("all", "все", len(rows)),
            ],
            "page": paginate(request, shown),
            "query": querystring_without_page(request),
            "breadcrumbs": [
                INDEX_CRUMB,
                (batch.file_name, reverse("exchange:import_batch", args=[batch.pk])),
                ("Пересчёт условий оплаты", None),
            ],
        },
    )


def _table(batch, rows) -> Table:
    return Table(
        title=f"Пересчёт условий оплаты после загрузки «{batch.file_name}»",
        subtitle=f"пересчитал(а) {batch.report['recalculation']['by']}",
        sheet_name="Пересчёт",
        columns=[
            Column("Получатель", 36),
            Column("СДД было, ₽", 14, "money"),
            Column("СДД стало, ₽", 14, "money"),
            Column("Условие оплаты было", 40),
            Column("Условие оплаты стало", 40),
            Column("Плата было, ₽", 14, "money"),
            Column("Плата стало, ₽", 14, "money"),
            Column("Изменилось", 12),
        ],
        rows=(
            [
                r["name"],
                _number(r["income_before"]),
                _number(r["income_after"]),
                r["condition_before"],
                r["condition_after"],
                _number(r["fee_before"]),
                _number(r["fee_after"]),
                r["changed"],
            ]
            for r in rows
        ),
    )


def _number(value):
    return Decimal(value) if value is not None else None
