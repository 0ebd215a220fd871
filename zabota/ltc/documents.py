"""The care plan as a document (дополнение к ИППСУ): its data for the "care_plan" template.

The fields are the documents app's contract for the kind (zabota.documents.contexts.care_plan,
docs/documents.md); items 4.1–4.5 come from its `layout_fields`, fed with the same pure layout
the plan's page shows, so the page and the print cannot disagree.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from zabota.documents.contexts.care_plan import layout_fields
from zabota.documents.selectors import issued_documents_for
from zabota.ltc.models import AssessmentStatus, CarePlan
from zabota.ltc.selectors import care_plan_lines, care_plans_for, planned_services
from zabota.programs.selectors import program_in_force
from zabota.rules import careplan

KIND = "care_plan"
OBJECT_TYPE = "ltc.careplan"


def _program(plan: CarePlan):
    return program_in_force(plan.recipient, plan.starts_on or timezone.localdate())


def care_plan_document_context(plan: CarePlan) -> dict:
    """{"care_plan": {…}}: every field of the kind's contract, from a stored plan."""
    assessment = plan.assessment
    methodology = assessment.methodology
    earlier = (
        type(assessment)
        .objects.filter(
            recipient_id=plan.recipient_id,
            status=AssessmentStatus.SUBMITTED,
            assessed_on__lte=assessment.assessed_on,
        )
        .exclude(pk=assessment.pk)
        .exists()
    )
    program = _program(plan)
    care_plan = {
        "program_number": program.number if program else "",
        "program_date": program.drawn_up_on if program else None,
        "status": "повторная" if earlier else "первичная",
        "level": assessment.outcome_code,
        "level_hours_per_week": plan.hours_per_week.normalize(),
        "by_relatives": [
            {
                "n": n,
                "name": entry.get("service", ""),
                "person": entry.get("who", ""),
                "status": entry.get("status", ""),
            }
            for n, entry in enumerate(plan.relatives_services, start=1)
        ],
        "not_needed": [
            {"n": n, "name": name} for n, name in enumerate(plan.not_needed_services, start=1)
        ],
        "valid_from": plan.starts_on,
        "valid_until": plan.ends_on,
        "methodology_title": f"{methodology.title}, версия {methodology.version}",
        "is_example_methodology": methodology.is_example,
    }
    care_plan.update(layout_fields(careplan.layout(planned_services(care_plan_lines(plan)))))
    return {"care_plan": care_plan}


def build_care_plan_context(request) -> dict:
    """The builder the documents app calls: the plan named by the request, in the actor's scope."""
    plan = request.obj if isinstance(request.obj, CarePlan) else None
    if plan is None:
        if request.object_type != OBJECT_TYPE or not str(request.object_id).isdigit():
            raise ValidationError(f"Не указан план ухода: нужен объект {OBJECT_TYPE}:<номер>.")
        plan = get_object_or_404(
            care_plans_for(request.actor).select_related("assessment__methodology"),
            pk=int(request.object_id),
        )
    if request.recipient is not None and plan.recipient_id != request.recipient.pk:
        raise ValidationError("План ухода относится к другому получателю.")
    return care_plan_document_context(plan)


def care_plan_issue_url(plan: CarePlan) -> str | None:
    """The documents app's page issuing this plan (then back to the plan), or None without it."""
    try:
        url = reverse("documents:issue", args=[KIND])
        back = reverse("ltc:care_plan", args=[plan.pk])
    except NoReverseMatch:
        return None
    return f"{url}?recipient={plan.recipient_id}&object={OBJECT_TYPE}:{plan.pk}&next={back}"


def issued_for_plan(staff, plan: CarePlan) -> list:
    """Documents issued from this plan that the person may open, newest first."""
    return list(
        issued_documents_for(staff).filter(
            kind=KIND, object_type=OBJECT_TYPE, object_id=str(plan.pk)
        )[:10]
    )
