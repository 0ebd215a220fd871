"""Demo data of long-term care: the shipped methodologies (Barthel in force), assessments of about
a third of the active recipients, some reassessments overdue and some due within a month, and an
approved care plan for each assessed person who needs care (when the catalog has care services).
"""

import calendar
import datetime
from decimal import Decimal

from django.utils import timezone

from zabota.catalog.models import Service
from zabota.core.demo import DemoContext
from zabota.core.demo_people import random_person
from zabota.ltc.models import (
    Assessment,
    AssessmentStatus,
    CarePlan,
    CarePlanService,
    CarePlanStatus,
    Methodology,
)
from zabota.ltc.selectors import care_frequency, care_services_of, suggested_periodicity
from zabota.ltc.services import ensure_shipped_methodologies
from zabota.rules import careplan
from zabota.rules import ltc as rules

SHARE_ASSESSED = 3  # every third active recipient
PACKAGES = 12
REASONS = [
    "Выписка из стационара после перелома шейки бедра",
    "Перенесённый инсульт, со слов дочери ухудшилось передвижение",
    "Заявление родственников об изменении состояния",
]


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    ensure_shipped_methodologies(
        institution=ctx.institution, effective_from=ctx.today - datetime.timedelta(days=3 * 365)
    )
    methodology = Methodology.objects.get(
        institution=ctx.institution, code="barthel", is_active=True
    )
    checked = methodology.rules
    recipients = ctx.extra.get("recipients", [])[::SHARE_ASSESSED]
    fallback = next(iter(ctx.heads.values()), None) or ctx.staff.get("director")
    now = timezone.now()
    assessments = []
    for recipient in recipients:
        assessor = ctx.heads.get(recipient.department_id, fallback)
        dependency = rng.random()
        answers = _answers(checked, dependency, rng)
        result = rules.score(checked, answers)
        # A spread of next dates: about 15 % overdue, 20 % due within a month, the rest later.
        roll = rng.random()
        if roll < 0.15:
            next_on = ctx.today - datetime.timedelta(days=rng.randint(1, 90))
        elif roll < 0.35:
            next_on = ctx.today + datetime.timedelta(days=rng.randint(0, 30))
        else:
            next_on = ctx.today + datetime.timedelta(
                days=rng.randint(31, result.reassess_months * 30 - 5)
            )
        assessed_on = _months_before(next_on, result.reassess_months)
        if rng.random() < 0.25:
            # An earlier assessment, for the history on the card.
            earlier_on = _months_before(assessed_on, result.reassess_months)
            earlier = rules.score(checked, _answers(checked, max(0.0, dependency - 0.2), rng))
            assessments.append(
                _assessment(recipient, methodology, assessor, earlier, earlier_on, now)
            )
        assessment = _assessment(recipient, methodology, assessor, result, assessed_on, now)
        if roll >= 0.35 and rng.random() < 0.03:
            assessment.next_assessment_on = ctx.today + datetime.timedelta(days=rng.randint(3, 20))
            assessment.next_reason = rng.choice(REASONS)
        assessments.append(assessment)
    Assessment.objects.bulk_create(assessments, batch_size=1000)
    latest = {a.recipient_id: a for a in sorted(assessments, key=lambda a: a.assessed_on)}
    _drafts(ctx, methodology, recipients)
    _plans(ctx, list(latest.values()))


def _answers(checked: rules.Methodology, dependency: float, rng) -> dict[str, str]:
    """Answers of a person `dependency` (0 independent … 1 fully dependent) would give."""
    answers = {}
    for question in checked.questions:
        ordered = sorted(question.options, key=lambda option: option.points)  # Barthel: 0 worst
        position = (1 - dependency) * (len(ordered) - 1) + rng.uniform(-0.8, 0.8)
        index = min(len(ordered) - 1, max(0, round(position)))
        answers[question.code] = ordered[index].code
    return answers


def _months_before(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 - months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _assessment(recipient, methodology, assessor, result, assessed_on, now) -> Assessment:
    explanation = []
    for question_code, option_code, points in result.points:
        question = methodology.rules.question(question_code)
        explanation.append(
            {
                "question": question_code,
                "question_text": question.text,
                "option": option_code,
                "option_text": question.option(option_code).text,
                "points": str(points),
            }
        )
    return Assessment(
        recipient=recipient,
        methodology=methodology,
        status=AssessmentStatus.SUBMITTED,
        answers={code: option for code, option, _ in result.points},
        total=result.total,
        outcome_code=result.outcome,
        outcome_title=result.title,
        hours_per_week=result.hours_per_week,
        reassess_months=result.reassess_months,
        points=explanation,
        assessed_on=assessed_on,
        assessor=assessor,
        next_assessment_on=rules.reassessment_date(assessed_on, result.reassess_months),
        submitted_at=now,
    )


def _drafts(ctx: DemoContext, methodology: Methodology, assessed) -> None:
    """Two interviews left half-way, to show a draft being resumed."""
    done = {recipient.pk for recipient in assessed}
    waiting = [r for r in ctx.extra.get("recipients", []) if r.pk not in done][:2]
    first = methodology.rules.questions[0]
    Assessment.objects.bulk_create(
        Assessment(
            recipient=recipient,
            methodology=methodology,
            answers={first.code: first.options[-1].code},
            assessor=ctx.heads.get(recipient.department_id) or ctx.staff["director"],
        )
        for recipient in waiting
    )


def _plans(ctx: DemoContext, latest: list[Assessment]) -> None:
    catalog = list(care_services_of(ctx.institution))
    if not catalog:
        ctx.log("    в каталоге нет услуг по уходу: планы ухода не созданы")
        return
    rng = ctx.rng
    # The services by slot of the list of 50: a plan holds one service of a slot (a service
    # not among the 50 is a slot of its own).
    slots: dict[object, list[Service]] = {}
    for service in catalog:
        slots.setdefault(service.care_slot or f"own-{service.pk}", []).append(service)
    alternatives = list(slots.values())
    # A dozen typical packages of care services, each scheduled once per level's hours: the
    # schedule is the same for everyone with the same package and hours, and 10 000 recipients
    # need no more than a few dozen runs of the proposal.
    packages = [
        sorted(
            (
                rng.choice(group)
                for group in rng.sample(alternatives, k=min(len(alternatives), rng.randint(3, 6)))
            ),
            key=lambda s: (s.care_number or 0, s.code),
        )
        for _ in range(PACKAGES)
    ]
    schedules: dict[tuple[int, Decimal], tuple[list, careplan.CarePlanLayout]] = {}
    plans, chosen_by_plan = [], []
    for assessment in latest:
        hours = assessment.hours_per_week or Decimal(0)
        if hours <= 0:
            continue
        number = rng.randrange(len(packages))
        chosen = packages[number]
        if (number, hours) not in schedules:
            proposal = careplan.propose(
                [
                    (
                        s.code,
                        s.name,
                        s.time_norm_minutes,
                        suggested_periodicity(s),
                        care_frequency(s),
                    )
                    for s in chosen
                ],
                hours,
            )
            schedules[number, hours] = (proposal, careplan.layout(proposal))
        proposal, month = schedules[number, hours]
        if not careplan.fits(month, hours):
            continue
        approved_on = min(ctx.today, assessment.assessed_on + datetime.timedelta(days=3))
        left = [s for s in catalog if s not in chosen]
        relatives = []
        if left and rng.random() < 0.3:
            person = random_person(rng, "female")
            relatives.append(
                {
                    "service": left[0].name,
                    "who": f"{person.last_name} {person.first_name} {person.middle_name}",
                    "status": "дочь",
                }
            )
        plans.append(
            CarePlan(
                recipient_id=assessment.recipient_id,
                assessment=assessment,
                status=CarePlanStatus.APPROVED,
                hours_per_week=hours,
                relatives_services=relatives,
                not_needed_services=[s.name for s in left[len(relatives) :][:2]],
                weekly_minutes=month.weekly_minutes,
                month_minutes=month.month_minutes,
                month_services=month.month_services,
                days_per_week=month.days_per_week,
                starts_on=approved_on,
                # As care_plan_create does: an overdue reassessment leaves the term open.
                ends_on=assessment.next_assessment_on
                if assessment.next_assessment_on >= ctx.today
                else None,
                created_by=assessment.assessor,
                approved_by=assessment.assessor,
                approved_on=approved_on,
            )
        )
        chosen_by_plan.append((chosen, proposal))
    CarePlan.objects.bulk_create(plans, batch_size=1000)
    lines = []
    for plan, (chosen, proposal) in zip(plans, chosen_by_plan, strict=True):
        by_code = {s.code: s for s in chosen}
        for position, planned in enumerate(proposal):
            lines.append(
                CarePlanService(
                    plan=plan,
                    service=by_code[planned.code],
                    periodicity=planned.periodicity,
                    times_by_day=list(planned.times_by_day),
                    minutes=planned.minutes,
                    position=position,
                )
            )
    CarePlanService.objects.bulk_create(lines, batch_size=2000)
    # For the service log's demo (it runs next): the care services it should find done.
    ctx.extra["care_lines"] = [
        (
            line.plan.recipient_id,
            line.service_id,
            line.periodicity,
            tuple(line.times_by_day),
            line.minutes,
            line.plan.starts_on,
            line.plan.ends_on,
        )
        for line in lines
    ]
