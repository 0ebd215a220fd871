"""The month's charges, a recipient's ledger with payments and corrections, receipts, the
turnover statement and arrears (statements, the review list, files and settings are in
statement_views)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.acts.lists import default_month
from zabota.acts.selectors import get_recipient_for_billing
from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read
from zabota.billing import exports
from zabota.billing.forms import AdjustmentForm, CancelForm, PaymentForm, ReopenForm
from zabota.billing.jobs import receipts_run_start
from zabota.billing.models import Charge, LedgerClosing
from zabota.billing.receipts import KIND as RECEIPT
from zabota.billing.receipts import receipts_bulk
from zabota.billing.selectors import (
    AGE_BUCKETS,
    arrears,
    arrears_totals,
    balance_of,
    closed_ledger_months,
    get_charge_for,
    get_payment_for,
    ledger_rows,
    month_charges,
    month_sum,
    payee_details,
    personal_account,
    turnover,
)
from zabota.billing.services.charges import charge_adjust, charges_for_month
from zabota.billing.services.closing import ledger_close, ledger_reopen
from zabota.billing.services.payments import payment_cancel, payment_record
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import page_number, querystring_without_page
from zabota.core.params import int_param, parse_month
from zabota.core.xlsx import download_response
from zabota.documents.pdf import docx_to_pdf
from zabota.documents.services import document_issue
from zabota.organisation.selectors import billing_departments

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CRUMB = ("Оплата услуг", reverse_lazy("billing:index"))


def month_filters(request) -> dict:
    """The month and department asked for (GET): garbage is a 400, another institution's
    department a 404."""
    staff = request.staff
    departments = list(billing_departments(staff))
    department_id = int_param(request, "department")
    if department_id is not None and department_id not in {d.pk for d in departments}:
        raise Http404
    month = parse_month(request.GET.get("month"), "month") or default_month(timezone.localdate())
    return {"month": month, "departments": departments, "department_id": department_id}


def _posted_month(request) -> datetime.date:
    month = parse_month(request.POST.get("month"), "month")
    if month is None:
        raise ValidationError("Не указан месяц.")
    return month


def _posted_department(request):
    value = int_param(request.POST, "department")
    if value is None:
        return None
    department = next((d for d in billing_departments(request.staff) if d.pk == value), None)
    if department is None:
        raise Http404
    return department


def _back_to_month(month: datetime.date, department=None) -> str:
    url = f"{reverse('billing:index')}?month={month:%Y-%m}"
    return url + (f"&department={department.pk}" if department else "")


@allow("billing.view")
def index(request):
    staff = request.staff
    filters = month_filters(request)
    month = filters["month"]
    text = request.GET.get("q", "")
    charges = month_charges(staff, month, department_id=filters["department_id"], text=text)
    if wants_xlsx(request):
        return xlsx_export(
            request, f"Начисления {month:%Y-%m}.xlsx", exports.charges_table(charges, month)
        )
    closed = closed_ledger_months(staff.institution_id)
    return render(
        request,
        "billing/index.html",
        filters
        | {
            "page": Paginator(charges, 50).get_page(page_number(request)),
            "query": querystring_without_page(request),
            "text": text,
            "total": month_sum(charges),
            "is_closed": month in closed,
            "future": month > timezone.localdate().replace(day=1),
            "has_details": payee_details(staff.institution_id) is not None,
            "can_manage": staff.can("billing.manage"),
            "inline_max": settings.ZABOTA_RECEIPTS_INLINE_MAX,
            "closings": LedgerClosing.objects.filter(
                institution_id=staff.institution_id, reopened_at__isnull=True
            ).order_by("-month")[:6],
            "breadcrumbs": [("Оплата услуг", None)],
        },
    )


@allow("billing.manage")
@require_POST
def charge_run(request):
    try:
        month = _posted_month(request)
        department = _posted_department(request)
        if month > timezone.localdate().replace(day=1):
            raise ValidationError(f"Месяц {month:%m.%Y} ещё не начался: начислять нечего.")
        run = charges_for_month(actor=request.staff, month=month, department=department)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("billing:index")
    messages.success(request, run.message)
    for name, reason in run.skipped[:10]:
        messages.warning(request, f"{name}: {reason}")
    return redirect(_back_to_month(month, department))


@allow("billing.manage")
@require_POST
def close(request):
    try:
        month = _posted_month(request)
        ledger_close(actor=request.staff, month=month)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("billing:index")
    messages.success(request, f"Месяц {month:%m.%Y} закрыт в учёте оплаты.")
    return redirect(_back_to_month(month))


@allow("billing.manage")
def reopen(request):
    month = parse_month(request.GET.get("month") or request.POST.get("month"), "month")
    if month is None:
        raise Http404
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger_reopen(actor=request.staff, month=month, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Месяц {month:%m.%Y} открыт.")
            return redirect(_back_to_month(month))
    return render(
        request,
        "billing/form.html",
        {
            "form": form,
            "title": f"Открыть месяц {month:%m.%Y} в учёте оплаты",
            "hidden": {"month": f"{month:%Y-%m}"},
            "submit": "Открыть месяц",
            "breadcrumbs": [CRUMB, (f"Открыть {month:%m.%Y}", None)],
        },
    )


# ---- a recipient's ledger ---------------------------------------------------------------------


def _ledger_crumbs(recipient, *tail):
    return [CRUMB, (recipient.full_name, reverse("billing:ledger", args=[recipient.pk])), *tail]


@allow("billing.view")
def ledger(request, recipient_pk: int):
    recipient = get_recipient_for_billing(request.staff, recipient_pk)
    audit_read(actor=request.staff, recipient=recipient, what="расчёты по оплате услуг")
    balance = balance_of(recipient)
    return render(
        request,
        "billing/ledger.html",
        {
            "recipient": recipient,
            "rows": ledger_rows(recipient),
            "balance": balance,
            "debt": max(balance, 0),
            "advance": max(-balance, 0),
            "personal_account": personal_account(recipient.pk),
            "can_manage": request.staff.can("billing.manage"),
            "breadcrumbs": [CRUMB, (recipient.full_name, None)],
        },
    )


@allow("billing.manage")
def payment_new(request, recipient_pk: int):
    recipient = get_recipient_for_billing(request.staff, recipient_pk)
    charges = list(Charge.objects.filter(recipient=recipient).order_by("-month", "-pk")[:24])
    form = PaymentForm(request.POST or None, recipient=recipient, charges=charges)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment_record(
                actor=request.staff,
                recipient=recipient,
                amount=data["amount"],
                paid_on=data["paid_on"],
                channel=data["channel"],
                kind=data["kind"],
                charge=data["charge"],
                worker=data["worker"],
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Платёж записан.")
            return redirect("billing:ledger", recipient_pk=recipient.pk)
    return render(
        request,
        "billing/form.html",
        {
            "form": form,
            "title": f"Платёж или возврат: {recipient.full_name}",
            "submit": "Записать",
            "breadcrumbs": _ledger_crumbs(recipient, ("Платёж", None)),
        },
    )


@allow("billing.manage")
def adjustment_new(request, recipient_pk: int):
    recipient = get_recipient_for_billing(request.staff, recipient_pk)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            charge = charge_adjust(
                actor=request.staff,
                recipient=recipient,
                service_month=data["service_month"],
                amount=data["amount"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Корректировка № {charge.number} записана.")
            return redirect("billing:ledger", recipient_pk=recipient.pk)
    return render(
        request,
        "billing/form.html",
        {
            "form": form,
            "title": f"Корректировка начисления: {recipient.full_name}",
            "submit": "Записать корректировку",
            "breadcrumbs": _ledger_crumbs(recipient, ("Корректировка", None)),
        },
    )


@allow("billing.manage")
def payment_cancel_view(request, pk: int):
    payment = get_payment_for(request.staff, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            payment_cancel(actor=request.staff, payment=payment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Платёж отменён.")
            return redirect("billing:ledger", recipient_pk=payment.recipient_id)
    return render(
        request,
        "billing/form.html",
        {
            "form": form,
            "title": f"Отменить: {payment}",
            "submit": "Отменить платёж",
            "breadcrumbs": _ledger_crumbs(payment.recipient, ("Отмена платежа", None)),
        },
    )


# ---- receipts -------------------------------------------------------------------------------


@allow("billing.view")
@require_POST
def receipt(request, pk: int):
    charge = get_charge_for(request.staff, pk)
    try:
        document = document_issue(
            actor=request.staff,
            kind=RECEIPT,
            recipient=charge.recipient,
            related=charge,
            params={"period": f"{charge.service_month:%Y-%m}"},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("billing:ledger", recipient_pk=charge.recipient_id)
    name = f"Квитанция {charge.number} {charge.recipient.short_name}"
    if request.POST.get("format") == "pdf":
        return download_response(
            docx_to_pdf(bytes(document.content)), f"{name}.pdf", "application/pdf"
        )
    return download_response(bytes(document.content), f"{name}.docx", DOCX)


@allow("billing.manage")
@require_POST
def receipts_month(request):
    """Every receipt of a ledger month in one file: here and now while the month is small
    enough (ZABOTA_RECEIPTS_INLINE_MAX), else as a job whose page gives the files when done."""
    as_pdf = request.POST.get("format") == "pdf"
    try:
        month = _posted_month(request)
        department = _posted_department(request)
        count = month_charges(
            request.staff, month, department_id=department.pk if department else None
        ).count()
        if count > settings.ZABOTA_RECEIPTS_INLINE_MAX:
            job, started = receipts_run_start(
                actor=request.staff, month=month, department=department, with_pdf=as_pdf
            )
            if not started:
                messages.info(
                    request,
                    f"Квитанции за {month:%m.%Y} уже выписываются: показываем начатый выпуск.",
                )
            return redirect("jobs:detail", pk=job.pk)
        run = receipts_bulk(
            actor=request.staff, month=month, department=department, with_pdf=as_pdf
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("billing:index")
    for name, reason in run.skipped[:10]:
        messages.warning(request, f"{name}: {reason}")
    if as_pdf:
        return download_response(run.pdf, f"Квитанции {month:%Y-%m}.pdf", "application/pdf")
    return download_response(run.zip_bytes(), f"Квитанции {month:%Y-%m}.zip", "application/zip")


# ---- reports ----------------------------------------------------------------------------------


@allow("billing.view")
def turnover_view(request):
    filters = month_filters(request)
    statement = turnover(request.staff, filters["month"], department_id=filters["department_id"])
    if wants_xlsx(request):
        return xlsx_export(
            request,
            f"Оборотная ведомость {filters['month']:%Y-%m}.xlsx",
            exports.turnover_table(statement),
        )
    return render(
        request,
        "billing/turnover.html",
        filters
        | {
            "statement": statement,
            "groups": statement.by_department(),
            "totals": statement.totals(),
            "query": querystring_without_page(request),
            "can_manage": request.staff.can("billing.manage"),
            "breadcrumbs": [CRUMB, ("Оборотная ведомость", None)],
        },
    )


@allow("billing.view")
def arrears_view(request):
    filters = month_filters(request)
    rows = arrears(request.staff, filters["month"], department_id=filters["department_id"])
    if wants_xlsx(request):
        return xlsx_export(
            request,
            f"Задолженность {filters['month']:%Y-%m}.xlsx",
            exports.arrears_table(rows, filters["month"]),
        )
    return render(
        request,
        "billing/arrears.html",
        filters
        | {
            "page": Paginator(rows, 50).get_page(page_number(request)),
            "totals": arrears_totals(rows),
            "buckets": AGE_BUCKETS,
            "query": querystring_without_page(request),
            "can_manage": request.staff.can("billing.manage"),
            "breadcrumbs": [CRUMB, ("Задолженность", None)],
        },
    )
