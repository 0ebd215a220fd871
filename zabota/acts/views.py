import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.acts.jobs import KIND, acts_run_start
from zabota.acts.lists import ACTS, act_filters, default_month
from zabota.acts.selectors import act_data, get_recipient_for_billing, totals_of
from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.lists import page_number, querystring_without_page
from zabota.core.params import parse_month
from zabota.core.tables import Column, Table
from zabota.core.xlsx import download_response
from zabota.delivery.selectors import closed_months
from zabota.documents.models import IssuedDocument
from zabota.documents.pdf import docx_to_pdf
from zabota.documents.services import document_issue
from zabota.jobs.selectors import own_recent
from zabota.organisation.access import own_department
from zabota.organisation.selectors import billing_departments
from zabota.programs.models import FeeKind

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CRUMB = ("Акты", reverse_lazy("acts:list"))


@allow("acts.view")
def act_list(request):
    staff = request.staff
    today = timezone.localdate()
    filters = act_filters(staff, request.GET, today)
    month, departments, department_id = (
        filters["month"],
        filters["departments"],
        filters["department_id"],
    )
    future = month > today.replace(day=1)
    summaries = ACTS.rows(staff, request.GET, today)
    if wants_xlsx(request) and not future:
        return xlsx_export(
            request, f"Акты и плата {month:%Y-%m}.xlsx", _fees_table(summaries, month)
        )
    closed = closed_months(d.pk for d in departments)
    open_departments = [
        d
        for d in departments
        if (d.pk, month) not in closed and (department_id is None or d.pk == department_id)
    ]
    return render(
        request,
        "acts/list.html",
        {
            "month": month,
            "future": future,
            "departments": departments,
            "department_id": department_id,
            "page": Paginator(summaries, 25).get_page(page_number(request)),
            "query": querystring_without_page(request),
            "text": request.GET.get("q", ""),
            "totals": totals_of(summaries),
            "open_departments": open_departments,
            "runs": own_recent(staff, KIND),
            "breadcrumbs": [("Акты", None)],
        },
    )


def _fees_table(summaries, month) -> Table:
    return Table(
        title=f"Акты и плата за {month:%m.%Y}",
        sheet_name="Плата",
        columns=[
            Column("ФИО", 36),
            Column("Отделение", 28),
            Column("По ИППСУ, ₽", 14, "money"),
            Column("Платные, ₽", 14, "money"),
            Column("Всего, ₽", 14, "money"),
            Column("Условие", 18),
            Column("К оплате, ₽", 14, "money"),
        ],
        rows=(
            [
                s.recipient.full_name,
                s.recipient.department.name,
                s.guaranteed,
                s.additional,
                s.total,
                _kind_label(s.fee.kind) if s.fee else "не рассчитано",
                s.to_pay,
            ]
            for s in summaries
        ),
    )


def _kind_label(kind: str) -> str:
    return str(FeeKind(kind).label)


@allow("acts.view")
def act_detail(request, recipient_pk: int, period: str):
    recipient = get_recipient_for_billing(request.staff, recipient_pk)
    try:
        month = datetime.datetime.strptime(period, "%Y-%m").date()
    except ValueError:
        raise Http404 from None
    if f"{month:%Y-%m}" != period:
        raise Http404
    data = act_data(recipient, month)
    audit_read(actor=request.staff, recipient=recipient, what=f"акт за {month:%m.%Y}")

    issued = IssuedDocument.objects.filter(
        recipient=recipient, kind="act", period=period
    ).select_related("issued_by")
    return render(
        request,
        "acts/detail.html",
        {
            "recipient": recipient,
            "month": month,
            "data": data,
            "issued": issued,
            "fee_label": _kind_label(data.fee.kind) if data.fee else "",
            "breadcrumbs": [CRUMB, (f"{recipient.short_name}, {month:%m.%Y}", None)],
        },
    )


@allow("acts.view")
@require_POST
def act_issue(request, recipient_pk: int, period: str):
    recipient = get_recipient_for_billing(request.staff, recipient_pk)
    try:
        document = document_issue(
            actor=request.staff, kind="act", recipient=recipient, params={"period": period}
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("acts:detail", recipient_pk=recipient.pk, period=period)
    # The number as in the archive; a short name ends with a dot, so it comes before it.
    name = f"Акт {period} {recipient.short_name} № {document.number.replace('/', '-')}"
    if request.POST.get("format") == "pdf":
        return download_response(
            docx_to_pdf(bytes(document.content)), f"{name}.pdf", "application/pdf"
        )
    return download_response(bytes(document.content), f"{name}.docx", DOCX)


@allow("acts.view")
@require_POST
def run_start(request):
    staff = request.staff
    month = parse_month(request.POST.get("month"), "month") or default_month(timezone.localdate())
    if month > timezone.localdate().replace(day=1):
        messages.error(request, f"Месяц {month:%m.%Y} ещё не начался: актов за него нет.")
        return redirect("acts:list")
    department = None
    if request.POST.get("department"):
        department = next(
            (d for d in billing_departments(staff) if str(d.pk) == request.POST["department"]), None
        )
        if department is None:
            raise Http404
    else:
        department = own_department(staff)
    job, started = acts_run_start(
        actor=staff,
        month=month,
        department=department,
        with_pdf=request.POST.get("no_pdf") != "1",
    )
    if not started:
        messages.info(
            request, f"Акты за {month:%m.%Y} уже составляются: показываем начатый выпуск."
        )
    return redirect("jobs:detail", pk=job.pk)
