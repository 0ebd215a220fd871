"""The care plan as a document (дополнение к ИППСУ): its data for the "care_plan" template."""

from django.urls import NoReverseMatch, reverse

from zabota.ltc.models import CarePlan, CarePlanStatus
from zabota.ltc.plan_sheet import DAY_TITLES, WEEK_TITLES, hours, plan_sheet
from zabota.ltc.selectors import care_plan_lines

EXAMPLE_NOTE = (
    "Уровень нуждаемости определён по примерной методике, поставляемой с программой; "
    "её необходимо заменить методикой из акта субъекта Российской Федерации."
)


def care_plan_document_context(plan: CarePlan) -> dict:
    """The "care_plan" part of the template context (see docs/long-term-care.md)."""
    lines = care_plan_lines(plan)
    sheet = plan_sheet(plan, lines)
    month = sheet.layout
    assessment = plan.assessment
    methodology = assessment.methodology
    earlier = (
        type(assessment)
        .objects.filter(recipient_id=plan.recipient_id, status="submitted")
        .exclude(pk=assessment.pk)
        .filter(assessed_on__lte=assessment.assessed_on)
        .exists()
    )
    return {
        "care_plan": {
            "status_text": "повторная" if earlier else "первичная",
            "is_approved": plan.status == CarePlanStatus.APPROVED,
            "level": {
                "code": assessment.outcome_code,
                "title": assessment.outcome_title,
                "hours_per_week": plan.hours_per_week,
            },
            "methodology": {
                "title": methodology.title,
                "version": methodology.version,
                "source": methodology.source,
            },
            "is_example": methodology.is_example,
            "example_note": EXAMPLE_NOTE if methodology.is_example else "",
            "assessment": {
                "date": assessment.assessed_on,
                "total": assessment.total,
                "next_date": assessment.next_assessment_on,
            },
            "weekly_minutes": month.weekly_minutes,
            "weekly_hours": hours(month.weekly_minutes),
            "limit_minutes": sheet.limit_minutes,
            "fits": sheet.fits,
            "overload_minutes": sheet.overload_minutes,
            "days_per_week": month.days_per_week,
            "visits_by_day": [
                {"day": title, "times": times}
                for title, times in zip(DAY_TITLES, month.visits_by_day, strict=True)
            ],
            "grid": [
                {"times": times, "days": ["X" if marked else "" for marked in marks]}
                for times, marks in sheet.grid
            ],
            "day_titles": list(DAY_TITLES),
            "week_titles": list(WEEK_TITLES),
            "per_week_minutes": list(month.per_week_minutes),
            "services": [
                {
                    "number": number,
                    "name": row.name,
                    "code": row.code,
                    "periodicity": row.periodicity_title,
                    "days": row.days,
                    "minutes": row.minutes,
                    "per_week": list(row.per_week),
                    "times_a_week": row.times_a_week,
                    "week_minutes": row.week_minutes,
                    "month_count": row.month_count,
                    "month_minutes": row.month_minutes,
                }
                for number, row in enumerate(sheet.rows, start=1)
            ],
            "month_minutes": month.month_minutes,
            "month_hours": month.month_hours,
            "month_services": month.month_services,
            "relatives": [dict(entry) for entry in plan.relatives_services],
            "not_needed": list(plan.not_needed_services),
            "starts_on": plan.starts_on,
            "ends_on": plan.ends_on,
            "approved_on": plan.approved_on,
            "approved_by": plan.approved_by.full_name if plan.approved_by else "",
            "approved_by_position": plan.approved_by.position if plan.approved_by else "",
        }
    }


def care_plan_issue_url(plan: CarePlan) -> str | None:
    """The documents app's page issuing this plan as a document, or None while it has none."""
    try:
        return reverse("documents:issue", args=["care_plan"]) + (
            f"?recipient={plan.recipient_id}&object_type=ltc.careplan&object_id={plan.pk}"
        )
    except NoReverseMatch:
        return None
