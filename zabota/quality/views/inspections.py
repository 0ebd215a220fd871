"""The head's inspections: the list, the quarter's plan, an inspection at a recipient's home,
the violations and their correction."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zabota.audit.downloads import wants_xlsx, xlsx_export
from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.core.lists import paginate, querystring_without_page
from zabota.organisation.models import Staff
from zabota.organisation.selectors import departments_for
from zabota.quality import services
from zabota.quality.exports import inspections_table, violations_table
from zabota.quality.forms import CorrectionForm, InspectionForm, QuarterForm, fresh_id
from zabota.quality.lists import (
    INSPECTIONS,
    PLAN,
    PLAN_STATES,
    VIOLATION_STATES,
    VIOLATIONS,
    inspection_filters,
    plan_filters,
    violation_filters,
)
from zabota.quality.selectors import get_inspection_for, get_violation_for
from zabota.quality.views.common import INSPECTIONS_CRUMB
from zabota.recipients.selectors import get_recipient_for
from zabota.reports.selectors import workers_for
from zabota.rules import quality as rules

DAY = datetime.timedelta(days=1)


@allow("quality.inspect")
def inspection_list(request):
    staff, today = request.staff, timezone.localdate()
    rows = INSPECTIONS.rows(staff, request.GET, today)
    if wants_xlsx(request):
        return xlsx_export(request, "Контрольные посещения.xlsx", inspections_table(rows))
    return render(
        request,
        "quality/inspection_list.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "filters": inspection_filters(request.GET),
            "departments": departments_for(staff),
            "workers": workers_for(staff).filter(user__is_active=True),
            "breadcrumbs": [(INSPECTIONS_CRUMB[0], None)],
        },
    )


@allow("quality.inspect")
def inspection_detail(request, pk: int):
    inspection = get_inspection_for(request.staff, pk)
    audit_read(
        actor=request.staff,
        recipient=inspection.recipient,
        obj=inspection,
        what="контрольное посещение",
    )
    return render(
        request,
        "quality/inspection_detail.html",
        {
            "inspection": inspection,
            "violations": list(inspection.violations.all()),
            "breadcrumbs": [INSPECTIONS_CRUMB, (str(inspection), None)],
        },
    )


@allow("quality.inspect")
def inspection_new(request, recipient_pk: int):
    """The checklist at the recipient's home, about one of the workers serving them."""
    staff, today = request.staff, timezone.localdate()
    recipient = get_recipient_for(staff, recipient_pk)
    checklist = services.checklist_in_use(staff.institution_id)
    workers = Staff.objects.filter(
        pk__in=[w for w in (recipient.social_worker_id, recipient.caregiver_id) if w]
    ).order_by("last_name", "pk")
    form = InspectionForm(
        request.POST or None,
        workers=workers,
        items=checklist.items,
        today=today,
        initial={
            **fresh_id(),
            "inspected_on": today,
            "worker": recipient.social_worker_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_record(
                actor=staff,
                form_uuid=data["form_uuid"],
                recipient=recipient,
                worker=data["worker"],
                inspected_on=data["inspected_on"],
                findings=form.findings(),
                remarks=data["remarks"],
                correct_by=data.get("correct_by"),
                today=today,
            )
        except services.InspectionAlreadyRecorded as done:
            messages.info(request, "Это посещение уже записано: повтор не сохранён.")
            return redirect("quality:inspection", pk=done.inspection.pk)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Контрольное посещение записано.")
            return redirect("quality:inspection", pk=inspection.pk)
    return render(
        request,
        "quality/inspection_form.html",
        {
            "form": form,
            "recipient": recipient,
            "checklist": checklist,
            "no_workers": not workers,
            "breadcrumbs": [
                INSPECTIONS_CRUMB,
                (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
                ("Контрольное посещение", None),
            ],
        },
    )


@allow("quality.inspect")
def plan(request):
    """The quarter's plan of inspections per department, with done / not done."""
    staff, today = request.staff, timezone.localdate()
    filters = plan_filters(request.GET, today)
    rows = PLAN.rows(staff, request.GET, today)
    departments = departments_for(staff)
    return render(
        request,
        "quality/plan.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "filters": filters,
            "states": PLAN_STATES,
            "quarter_label": rules.quarter_label(filters["quarter"]),
            # The last four quarters and the next one (a plan is made before its quarter).
            "quarters": [*rules.quarters_back(today, 4), rules.quarter_end(today) + DAY],
            "departments": departments,
            "build_form": QuarterForm(
                departments=departments,
                initial={"quarter": filters["quarter"], "department": filters["department_id"]},
            ),
            "breadcrumbs": [INSPECTIONS_CRUMB, ("План контрольных посещений", None)],
        },
    )


@allow("quality.inspect")
@require_POST
def plan_build(request):
    form = QuarterForm(request.POST, departments=departments_for(request.staff))
    if not form.is_valid():
        messages.error(request, "Укажите квартал и отделение.")
        return redirect("quality:plan")
    quarter, department = form.cleaned_data["quarter"], form.cleaned_data["department"]
    added = services.inspection_plan_build(
        actor=request.staff, department=department, quarter=quarter
    )
    messages.success(
        request,
        f"В план на {rules.quarter_label(quarter)} добавлено посещений: {added}."
        if added
        else "План на этот квартал уже составлен для всех сотрудников отделения.",
    )
    return redirect(
        f"{reverse('quality:plan')}?quarter={quarter.isoformat()}&department={department.pk}"
    )


@allow("quality.inspect")
def violation_list(request):
    staff, today = request.staff, timezone.localdate()
    rows = VIOLATIONS.rows(staff, request.GET, today)
    if wants_xlsx(request):
        return xlsx_export(request, "Нарушения.xlsx", violations_table(rows))
    return render(
        request,
        "quality/violation_list.html",
        {
            "page": paginate(request, rows),
            "query": querystring_without_page(request),
            "filters": violation_filters(request.GET),
            "states": VIOLATION_STATES,
            "departments": departments_for(staff),
            "today": today,
            "breadcrumbs": [INSPECTIONS_CRUMB, ("Нарушения", None)],
        },
    )


@allow("quality.inspect")
def violation_correct(request, pk: int):
    staff, today = request.staff, timezone.localdate()
    violation = get_violation_for(staff, pk)
    back = reverse("quality:inspection", args=[violation.inspection_id])
    if violation.corrected_on is not None:
        messages.info(request, "Устранение этого нарушения уже записано.")
        return redirect(back)
    form = CorrectionForm(request.POST or None, initial={"corrected_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.violation_correct(
                actor=staff,
                violation=violation,
                corrected_on=form.cleaned_data["corrected_on"],
                correction=form.cleaned_data["correction"],
                today=today,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Устранение нарушения записано.")
            return redirect(back)
    return render(
        request,
        "quality/simple_form.html",
        {
            "form": form,
            "title": "Устранение нарушения",
            "intro": f"{violation.item}: {violation.description} (устранить до "
            f"{violation.correct_by:%d.%m.%Y}).",
            "back_url": back,
            "breadcrumbs": [
                INSPECTIONS_CRUMB,
                (str(violation.inspection), back),
                ("Устранение нарушения", None),
            ],
        },
    )
