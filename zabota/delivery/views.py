import datetime
import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from zabota.audit.downloads import wants_xlsx
from zabota.audit.services import audit_read
from zabota.catalog.models import Service
from zabota.core.access import allow
from zabota.core.lists import paginate, querystring_without_page
from zabota.core.params import flag_param, month_param
from zabota.delivery import selectors
from zabota.delivery.entitlements import Entitlements
from zabota.delivery.exports import RECORDS_EXPORT, record_filters
from zabota.delivery.forms import (
    CancelForm,
    ReviewForm,
    VisitHeaderForm,
    parse_quantity,
)
from zabota.delivery.lists import VISITS_TO_REVIEW
from zabota.delivery.models import Basis
from zabota.delivery.services import RecordLine, service_record_cancel, visit_record, visit_review
from zabota.delivery.services.recording import VisitAlreadyRecorded
from zabota.jobs.exports import export_download
from zabota.organisation.access import own_work_only
from zabota.organisation.selectors import departments_for, field_staff_for
from zabota.programs.selectors import program_in_force
from zabota.recipients.selectors import get_recipient_for, search_recipients

CRUMB = ("Журнал оказанных услуг", reverse_lazy("delivery:records"))


@allow("recipients.view")
def record_list(request):
    staff = request.staff
    period, filters = record_filters(request.GET)
    records = selectors.search_records(staff, **filters)
    if wants_xlsx(request):
        return export_download(request, RECORDS_EXPORT, records)
    page = paginate(request, records)
    page.object_list = list(page.object_list)  # read once for the rows and the links
    return render(
        request,
        "delivery/records.html",
        {
            "page": page,
            "changeable": selectors.changeable(staff, page.object_list)
            if staff.can("services.record")
            else set(),
            "query": querystring_without_page(request),
            "period": period,
            "filters": filters,
            "departments": departments_for(staff),
            "workers": field_staff_for(staff),
            "can_record": staff.can("services.record"),
            "breadcrumbs": [("Журнал оказанных услуг", None)],
        },
    )


@allow("services.record")
def choose_recipient(request):
    staff = request.staff
    recipients = search_recipients(staff, text=request.GET.get("q", ""), status="active")
    return render(
        request,
        "delivery/choose_recipient.html",
        {
            "page": paginate(request, recipients),
            "query": querystring_without_page(request),
            "text": request.GET.get("q", ""),
            "breadcrumbs": [CRUMB, ("Запись посещения", None)],
        },
    )


def _visit_rows(recipient, on_date) -> list[dict]:
    """One row per service and basis the recipient may receive that day (the ИППСУ, the care
    plan, whatever zabota.delivery.entitlements answers), then the additional paid services.
    A row's key names its basis: the same service may be in the ИППСУ and in the care plan."""
    rows = [
        {
            "key": f"{e.basis}-{e.service.pk}",
            "service": e.service,
            "basis": e.basis,
            "free": e.free,
            "document": e.document,
            "planned": e.per_month,
            "periodicity": e.periodicity,
        }
        for e in Entitlements([recipient.pk], [on_date]).on(recipient.pk, on_date)
    ]
    rows.sort(key=lambda row: (row["basis"] != Basis.PROGRAM, row["service"].code))
    extra = Service.objects.filter(
        institution_id=recipient.institution_id, is_additional=True, is_active=True
    ).order_by("code")
    rows += [
        {"key": f"{Basis.ADDITIONAL}-{s.pk}", "service": s, "basis": Basis.ADDITIONAL}
        for s in extra
    ]
    return rows


def _form_uuid(raw) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None


@allow("services.record")
def visit_new(request, recipient_pk: int):
    staff = request.staff
    recipient = get_recipient_for(staff, recipient_pk)
    workers = (
        None
        if own_work_only(staff)
        else field_staff_for(staff).filter(department_id=recipient.department_id)
    )
    header = VisitHeaderForm(
        request.POST or None, workers=workers, initial={"worker": recipient.social_worker_id}
    )
    on_date = timezone.localdate()
    if header.is_bound and header.is_valid():
        on_date = header.cleaned_data["performed_on"]
    rows = _visit_rows(recipient, on_date)
    # The form's own id, made when it is shown: sent twice, it records the visit once.
    form_uuid = _form_uuid(request.POST.get("visit_uuid")) if request.POST else uuid.uuid4()
    chosen, line_errors, problems = {}, {}, []
    repeat = (
        {
            r.service_id: r.quantity
            for r in selectors.last_visit_lines(recipient, staff if own_work_only(staff) else None)
        }
        if flag_param(request, "repeat")
        else {}
    )
    if request.method == "POST":
        lines = []
        for row in rows:
            key = row["key"]
            if request.POST.get(f"do_{key}") != "on":
                continue
            quantity = parse_quantity(request.POST.get(f"qty_{key}", "1"))
            reason = request.POST.get(f"reason_{key}", "")
            chosen[key] = {"quantity": request.POST.get(f"qty_{key}", "1"), "reason": reason}
            if quantity is None:
                line_errors[key] = "Количество — число больше нуля."
                continue
            lines.append(
                RecordLine(
                    service=row["service"],
                    quantity=quantity,
                    note=request.POST.get("note", "")[:500],
                    over_volume_reason=reason,
                    basis=row["basis"],
                )
            )
        if form_uuid is None:
            problems.append("Форма устарела: проверьте отмеченное и отправьте её ещё раз.")
            form_uuid = uuid.uuid4()
        elif header.is_valid() and not line_errors:
            try:
                visit, records = visit_record(
                    actor=staff,
                    recipient=recipient,
                    performed_on=header.cleaned_data["performed_on"],
                    lines=lines,
                    worker=header.cleaned_data.get("worker"),
                    arrived_at=header.moment("arrived"),
                    left_at=header.moment("left"),
                    uuid=form_uuid,
                )
            except VisitAlreadyRecorded as already:
                messages.info(
                    request,
                    f"Это посещение уже записано ({already.visit.visited_on:%d.%m.%Y}): "
                    "форма была отправлена повторно, второй раз ничего не записано.",
                )
                return redirect("delivery:visit_done", recipient_pk=recipient.pk)
            except ValidationError as error:
                problems, line_errors = _split_errors(error, lines)
            else:
                messages.success(
                    request,
                    f"Записано услуг: {len(records)} — {recipient.short_name}, "
                    f"{visit.visited_on:%d.%m.%Y}.",
                )
                return redirect("delivery:visit_done", recipient_pk=recipient.pk)
    for row in rows:
        key, service_id = row["key"], row["service"].pk
        row["checked"] = key in chosen or service_id in repeat
        row["quantity"] = chosen.get(key, {}).get("quantity") or repeat.get(service_id) or 1
        row["reason"] = chosen.get(key, {}).get("reason", "")
        row["error"] = line_errors.get(key)
    audit_read(actor=staff, recipient=recipient, what="запись посещения (адрес, план услуг)")
    return render(
        request,
        "delivery/visit_form.html",
        {
            "recipient": recipient,
            "program": program_in_force(recipient, on_date),
            "header": header,
            "program_rows": [r for r in rows if r["basis"] == Basis.PROGRAM],
            "care_rows": [r for r in rows if r["basis"] == Basis.CARE_PLAN],
            "extra_rows": [r for r in rows if r["basis"] == Basis.ADDITIONAL],
            "visit_uuid": form_uuid,
            "problems": problems,
            "note": request.POST.get("note", ""),
            "plan": selectors.plan_vs_fact(recipient, on_date),
            "breadcrumbs": [
                CRUMB,
                (recipient.short_name, reverse("recipients:card", args=[recipient.pk])),
                ("Посещение", None),
            ],
        },
    )


def _split_errors(error: ValidationError, lines: list[RecordLine]):
    problems, per_line = [], {}
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            messages_ = [m for e in errors for m in e.messages]
            if key.isdigit() and int(key) < len(lines):
                line = lines[int(key)]
                per_line[f"{line.basis}-{line.service.pk}"] = " ".join(messages_)
            else:
                problems.extend(messages_)
    else:
        problems.extend(error.messages)
    return problems, per_line


@allow("services.record")
def visit_done(request, recipient_pk: int):
    recipient = get_recipient_for(request.staff, recipient_pk)
    audit_read(actor=request.staff, recipient=recipient, what="план и факт месяца")
    return render(
        request,
        "delivery/visit_done.html",
        {
            "recipient": recipient,
            "plan": selectors.plan_vs_fact(recipient, timezone.localdate()),
            "breadcrumbs": [CRUMB, (recipient.short_name, None)],
        },
    )


@allow("services.record")
def record_cancel(request, pk: int):
    record = selectors.get_record_for(request.staff, pk)
    if record.pk not in selectors.changeable(request.staff, [record]):
        messages.error(
            request,
            "Эту запись отменить нельзя: она отменена, её месяц закрыт или её сделал другой "
            "сотрудник.",
        )
        return redirect("delivery:records")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service_record_cancel(
                actor=request.staff, record=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Запись отменена.")
            return redirect("delivery:records")
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": f"Отмена записи: {record}",
            "recipient": record.recipient,
            "submit": "Отменить запись",
            "back_url": reverse("delivery:records"),
            "breadcrumbs": [CRUMB, ("Отмена записи", None)],
        },
    )


@allow("recipients.view")
def plan_fact(request, recipient_pk: int):
    recipient = get_recipient_for(request.staff, recipient_pk)
    month = month_param(request) or timezone.localdate().replace(day=1)
    lines = selectors.plan_vs_fact(recipient, month)
    audit_read(actor=request.staff, recipient=recipient, what=f"план и факт за {month:%m.%Y}")
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "delivery/plan_fact.html",
        {
            "recipient": recipient,
            "month": month,
            "lines": lines,
            "previous": previous,
            "following": following,
            "planned_total": sum((line.planned for line in lines), Decimal(0)),
            "done_total": sum((line.done for line in lines), Decimal(0)),
            "breadcrumbs": [
                ("Получатели", reverse("recipients:list")),
                (recipient.short_name, reverse("recipients:card", args=[recipient.pk])),
                ("План и факт", None),
            ],
        },
    )


@allow("visits.review")
def visit_review_list(request):
    visits = VISITS_TO_REVIEW.rows(request.staff, request.GET, timezone.localdate())
    return render(
        request,
        "delivery/visit_review.html",
        {
            "page": paginate(request, visits),
            "query": querystring_without_page(request),
            "breadcrumbs": [("Проверка посещений", None)],
        },
    )


@allow("visits.review")
def visit_review_one(request, pk: int):
    visit = get_object_or_404(selectors.visits_to_review(request.staff), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        visit_review(actor=request.staff, visit=visit, note=form.cleaned_data["note"])
        messages.success(request, "Посещение проверено.")
        return redirect("delivery:visit_review")
    return render(
        request,
        "recipients/simple_form.html",
        {
            "form": form,
            "title": f"Проверка посещения: {visit.recipient.short_name}, "
            f"{visit.visited_on:%d.%m.%Y}",
            "submit": "Подтвердить",
            "back_url": reverse("delivery:visit_review"),
            "breadcrumbs": [
                ("Проверка посещений", reverse("delivery:visit_review")),
                ("Посещение", None),
            ],
        },
    )
