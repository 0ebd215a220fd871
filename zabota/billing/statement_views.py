"""Bank statements and the review list, the files for accounting, the payee's details."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.billing import exports
from zabota.billing.forms import (
    LineBookForm,
    LineRejectForm,
    PayeeDetailsForm,
    StatementUploadForm,
)
from zabota.billing.models import BankStatement, LineStatus, StatementLine
from zabota.billing.selectors import month_charges, month_payments, payee_details
from zabota.billing.services.details import FIELDS, payee_details_save
from zabota.billing.services.statements import line_book, line_reject, statement_import
from zabota.billing.views import CRUMB, month_filters
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import page_number
from zabota.core.params import choice_param
from zabota.core.tables import Table
from zabota.core.xlsx import XLSX_CONTENT_TYPE, download_response, table_to_xlsx
from zabota.recipients.models import Recipient

STATEMENTS_CRUMB = ("Выписки банка", reverse_lazy("billing:statements"))


def _statement_for(request, pk: int) -> BankStatement:
    return get_object_or_404(BankStatement, pk=pk, institution_id=request.staff.institution_id)


def _line_for(request, pk: int) -> StatementLine:
    return get_object_or_404(
        StatementLine.objects.select_related("statement", "recipient", "charge"),
        pk=pk,
        institution_id=request.staff.institution_id,
    )


@allow("billing.manage")
def statements(request):
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = statement_import(
                actor=request.staff, file_name=upload.name, content=upload.read()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Выписка загружена: зачислено {statement.booked}, на проверку "
                f"{statement.queued}, загружено ранее {statement.known}.",
            )
            return redirect("billing:statement", pk=statement.pk)
    listing = BankStatement.objects.filter(institution_id=request.staff.institution_id)
    return render(
        request,
        "billing/statements.html",
        {
            "form": form,
            "page": Paginator(listing.select_related("imported_by"), 25).get_page(
                page_number(request)
            ),
            "review_count": StatementLine.objects.filter(
                institution_id=request.staff.institution_id, status=LineStatus.REVIEW
            ).count(),
            "breadcrumbs": [CRUMB, ("Выписки банка", None)],
        },
    )


@allow("billing.manage")
def statement(request, pk: int):
    record = _statement_for(request, pk)
    return render(
        request,
        "billing/statement.html",
        {
            "statement": record,
            "lines": record.lines.select_related("recipient", "charge").order_by("line"),
            "breadcrumbs": [CRUMB, STATEMENTS_CRUMB, (str(record), None)],
        },
    )


@allow("billing.manage")
def review(request):
    status = choice_param(request, "status", [s.value for s in LineStatus]) or LineStatus.REVIEW
    lines = (
        StatementLine.objects.filter(institution_id=request.staff.institution_id, status=status)
        .select_related("statement", "recipient")
        .order_by("received_on", "document_date", "pk")
    )
    return render(
        request,
        "billing/review.html",
        {
            "page": Paginator(lines, 50).get_page(page_number(request)),
            "status": status,
            "statuses": LineStatus.choices,
            "breadcrumbs": [CRUMB, STATEMENTS_CRUMB, ("Разбор поступлений", None)],
        },
    )


@allow("billing.manage")
def line_resolve(request, pk: int):
    line = _line_for(request, pk)
    if line.status != LineStatus.REVIEW:
        messages.info(request, "Эта строка уже разобрана.")
        return redirect("billing:review")
    action = request.POST.get("action") if request.method == "POST" else None
    book = LineBookForm(
        request.POST if action == "book" else None,
        initial={"amount": line.amount, "recipient": line.recipient_id},
    )
    reject = LineRejectForm(request.POST if action == "reject" else None)
    if action == "book" and book.is_valid():
        recipient = Recipient.objects.filter(
            pk=book.cleaned_data["recipient"], institution_id=request.staff.institution_id
        ).first()
        if recipient is None:
            book.add_error("recipient", "Получателя с таким лицевым счётом в учреждении нет.")
        else:
            try:
                line_book(
                    actor=request.staff,
                    line=line,
                    recipient=recipient,
                    amount=book.cleaned_data["amount"],
                )
            except ValidationError as error:
                add_errors(book, error)
            else:
                messages.success(request, f"Зачислено: {recipient.full_name}.")
                return redirect("billing:review")
    if action == "reject" and reject.is_valid():
        try:
            line_reject(actor=request.staff, line=line, reason=reject.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(reject, error)
        else:
            messages.success(request, "Строка отмечена как не зачисляемая.")
            return redirect("billing:review")
    return render(
        request,
        "billing/line.html",
        {
            "line": line,
            "book": book,
            "reject": reject,
            "breadcrumbs": [
                CRUMB,
                STATEMENTS_CRUMB,
                ("Разбор поступлений", reverse("billing:review")),
                (str(line), None),
            ],
        },
    )


FILES = {
    "charges": "Начисления",
    "payments": "Платежи",
    "summary": "Сводка для проводки",
}


@allow("billing.manage")
def files(request):
    filters = month_filters(request)
    month = filters["month"]
    wanted = choice_param(request, "file", list(FILES))
    file_format = choice_param(request, "format", ["xlsx", "csv"]) or "xlsx"
    if not wanted:
        return render(
            request,
            "billing/files.html",
            filters | {"files": FILES, "breadcrumbs": [CRUMB, ("Файлы для бухгалтерии", None)]},
        )
    staff = request.staff
    charges = month_charges(staff, month, department_id=filters["department_id"])
    payments = month_payments(staff, month, department_id=filters["department_id"])
    table: Table
    if wanted == "charges":
        table = exports.charges_table(charges, month)
    elif wanted == "payments":
        table = exports.payments_table(payments, month)
    else:
        table = exports.summary_table(charges, payments, month)
    filename = f"{FILES[wanted]} {month:%Y-%m}.{file_format}"
    audit_event(
        kind=EventKind.EXPORT,
        actor=staff,
        object_type=file_format,
        object_repr=filename,
        details=f"{request.path}?{request.GET.urlencode()}",
    )
    if file_format == "csv":
        return download_response(exports.table_to_csv(table), filename, "text/csv")
    return download_response(table_to_xlsx(table), filename, XLSX_CONTENT_TYPE)


@allow("billing.manage")
def details(request):
    current = payee_details(request.staff.institution_id)
    initial = {}
    if current is None:
        institution = request.staff.institution
        initial = {"name": institution.name[:160], "inn": institution.inn, "kpp": institution.kpp}
    form = PayeeDetailsForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            payee_details_save(
                actor=request.staff, **{name: form.cleaned_data[name] for name in FIELDS}
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Реквизиты сохранены.")
            return redirect("billing:details")
    return render(
        request,
        "billing/form.html",
        {
            "form": form,
            "title": "Реквизиты получателя платежа",
            "intro": "Печатаются в квитанциях и записываются в QR-код для оплаты в приложении "
            "банка (ГОСТ Р 56042-2014). Счета проверяются по контрольному ключу вместе с БИК.",
            "submit": "Сохранить",
            "breadcrumbs": [CRUMB, ("Реквизиты", None)],
        },
    )
