"""The individual care plan: chosen care services, their days, the month and the hours check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zabota.audit.services import audit_read
from zabota.core.access import allow
from zabota.core.forms import add_errors
from zabota.ltc import services
from zabota.ltc.documents import care_plan_issue_url, issued_for_plan
from zabota.ltc.forms import DAY_TITLES, CarePlanForm
from zabota.ltc.models import CarePlanStatus
from zabota.ltc.plan_sheet import WEEK_TITLES, plan_sheet
from zabota.ltc.selectors import (
    care_plan_lines,
    care_plan_warnings,
    care_services_of,
    get_assessment_for,
    get_care_plan_for,
)
from zabota.ltc.views.common import recipient_crumbs


def _crumbs(plan, label: str | None = None) -> list:
    crumbs = [
        *recipient_crumbs(plan.recipient),
        (str(plan.assessment), reverse("ltc:assessment", args=[plan.assessment_id])),
    ]
    if label:
        return [*crumbs, (str(plan), reverse("ltc:care_plan", args=[plan.pk])), (label, None)]
    return [*crumbs, (str(plan), None)]


@allow("assessments.edit")
@require_POST
def care_plan_new(request, pk: int):
    """Open (or create) the draft plan of an assessment and go to its editor."""
    assessment = get_assessment_for(request.staff, pk)
    try:
        plan = services.care_plan_create(actor=request.staff, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("ltc:assessment", pk=pk)
    return redirect("ltc:care_plan_edit", pk=plan.pk)


@allow("recipients.view")
def care_plan_detail(request, pk: int):
    staff = request.staff
    plan = get_care_plan_for(staff, pk)
    lines = care_plan_lines(plan)
    is_draft = plan.status == CarePlanStatus.DRAFT
    can_edit = is_draft and staff.can("assessments.edit")
    audit_read(actor=staff, recipient=plan.recipient, obj=plan, what="план ухода")
    return render(
        request,
        "ltc/care_plan_detail.html",
        {
            "plan": plan,
            "recipient": plan.recipient,
            "assessment": plan.assessment,
            "methodology": plan.assessment.methodology,
            "sheet": plan_sheet(plan, lines),
            "day_titles": DAY_TITLES,
            "week_titles": WEEK_TITLES,
            "can_edit": can_edit,
            "warnings": care_plan_warnings(plan, lines) if is_draft else [],
            "print_url": care_plan_issue_url(plan) if staff.can("recipients.edit") else None,
            "issued": issued_for_plan(staff, plan),
            "breadcrumbs": _crumbs(plan),
        },
    )


@allow("assessments.edit")
def care_plan_edit(request, pk: int):
    staff = request.staff
    plan = get_care_plan_for(staff, pk)
    if plan.status != CarePlanStatus.DRAFT:
        messages.info(request, "План утверждён: изменить его нельзя.")
        return redirect("ltc:care_plan", pk=pk)
    lines = care_plan_lines(plan)
    catalog = list(care_services_of(plan.recipient.institution_id))
    known = {service.pk for service in catalog}
    catalog += [line.service for line in lines if line.service_id not in known]
    proposing = request.POST.get("action") == "propose"
    form = CarePlanForm(
        request.POST or None, plan=plan, services=catalog, lines=lines, proposing=proposing
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if proposing:
                services.care_plan_propose(
                    actor=staff,
                    assessment=plan.assessment,
                    services=[(line.service, line.periodicity) for line in data["lines"]],
                    relatives=data["relatives"],
                    not_needed=data["not_needed"],
                )
            else:
                services.care_plan_save(
                    actor=staff,
                    plan=plan,
                    lines=data["lines"],
                    relatives=data["relatives"],
                    not_needed=data["not_needed"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Расписание предложено в пределах часов уровня: проверьте его."
                if proposing
                else "План сохранён.",
            )
            return redirect("ltc:care_plan", pk=pk)
    audit_read(actor=staff, recipient=plan.recipient, obj=plan, what="план ухода: изменение")
    return render(
        request,
        "ltc/care_plan_edit.html",
        {
            "plan": plan,
            "recipient": plan.recipient,
            "form": form,
            "sheet": plan_sheet(plan, lines),
            "day_titles": DAY_TITLES,
            "breadcrumbs": _crumbs(plan, "Изменение"),
        },
    )


@allow("assessments.edit")
@require_POST
def care_plan_approve(request, pk: int):
    plan = get_care_plan_for(request.staff, pk)
    warnings = care_plan_warnings(plan, care_plan_lines(plan))
    try:
        services.care_plan_approve(actor=request.staff, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "План ухода утверждён.")
        for warning in warnings:
            messages.warning(request, warning)
    return redirect("ltc:care_plan", pk=pk)
