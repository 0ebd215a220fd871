"""Demo data of quality of care: a year of satisfaction surveys (about 97 % satisfied), a few
appeals (one justified, one past its deadline), inspections of each department with a violation
or two, this quarter's sample and plan, yesterday's hitches (a caregiver's tablet record refused,
the accountant's run of acts interrupted by a restart), and the day's alerts of every role. All
through the services, as the pages make them (but the restart, which no service makes), so the
journal and the numbers agree."""

import datetime
import uuid
from decimal import Decimal

from django.db.models import Min
from django.utils import timezone

from zabota.catalog.models import Service
from zabota.core.demo import DemoContext
from zabota.field.services import TabletRecord, tablet_records_sync
from zabota.jobs.models import INTERRUPTED_TEXT, Job, JobStatus
from zabota.organisation.models import Staff
from zabota.organisation.roles import Role
from zabota.quality import services
from zabota.quality.models import Finding
from zabota.quality.services.quarter import quarter_prepare
from zabota.recipients.models import Enrolment, Recipient
from zabota.rules import quality as rules

QUARTERS = 4
# Surveys per department and quarter in the small demo; a large one stays as small (the
# benchmark measures services, not this).
SURVEYS_PER_QUARTER = 6
SATISFIED_SHARE = 0.97
APPEALS = [
    ("phone", "Социальный работник опоздал на два часа и не предупредил.", "justified", 70),
    ("letter", "Прошу заменить социального работника: не убирает в квартире.", "unjustified", 50),
    ("ministry", "Жалоба родственников на грубость при посещении.", "partly", 100),
    ("in_person", "Не привезли лекарства по рецепту в срок.", None, 40),  # past its deadline
    ("email", "Прошу увеличить число посещений в неделю.", None, 6),  # still being considered
]


def populate(ctx: DemoContext) -> None:
    if ctx.institution is None or not ctx.heads:
        return
    recipients = _served(ctx)
    if not recipients:
        return
    _surveys(ctx, recipients)
    _appeals(ctx, recipients)
    _inspections(ctx, recipients)
    _hitches(ctx, recipients)
    quarter_prepare(today=ctx.today)
    services.alerts_generate(today=ctx.today)


def _served(ctx: DemoContext) -> list[Recipient]:
    """Active recipients with a worker, each with the day their service began."""
    ids = [r.pk for r in ctx.extra.get("recipients", [])]
    first = dict(
        Enrolment.objects.filter(recipient_id__in=ids)
        .values("recipient_id")
        .annotate(first=Min("enrolled_on"))
        .values_list("recipient_id", "first")
    )
    found = (
        Recipient.objects.filter(pk__in=ids, social_worker__isnull=False)
        .select_related("department")
        .order_by("pk")
    )
    served = []
    for recipient in found:
        recipient.demo_since = first.get(recipient.pk, ctx.today)
        served.append(recipient)
    return served


def _day_in(ctx: DemoContext, start: datetime.date, end: datetime.date, since) -> datetime.date:
    start = max(start, since)
    end = min(end, ctx.today)
    if end <= start:
        return end
    return start + datetime.timedelta(days=ctx.rng.randint(0, (end - start).days))


def _grades(ctx: DemoContext, questions: list[dict]) -> dict[str, int]:
    rng = ctx.rng
    return {
        q["code"]: (
            rng.choice((5, 5, 5, 4)) if rng.random() < SATISFIED_SHARE else rng.choice((3, 2))
        )
        for q in questions
    }


def _surveys(ctx: DemoContext, recipients: list[Recipient]) -> None:
    rng = ctx.rng
    questions = services.questionnaire_in_use(ctx.institution.pk).questions
    by_department: dict[int, list[Recipient]] = {}
    for recipient in recipients:
        by_department.setdefault(recipient.department_id, []).append(recipient)
    for start in rules.quarters_back(ctx.today, QUARTERS):
        end = rules.quarter_end(start)
        for department_id, people in by_department.items():
            head = ctx.heads.get(department_id)
            if head is None:
                continue
            eligible = [r for r in people if r.demo_since <= min(end, ctx.today)]
            for recipient in rng.sample(eligible, min(SURVEYS_PER_QUARTER, len(eligible))):
                refused = rng.random() < 0.05
                services.survey_record(
                    actor=head,
                    recipient=recipient,
                    form_uuid=uuid.uuid4(),
                    taken_on=_day_in(ctx, start, end, recipient.demo_since),
                    channel=rng.choice(("visit", "visit", "phone")),
                    refused=refused,
                    answers={} if refused else _grades(ctx, questions),
                    anonymous=not refused and rng.random() < 0.1,
                    note="",
                    today=ctx.today,
                )


def _appeals(ctx: DemoContext, recipients: list[Recipient]) -> None:
    """Registered in the order received, so numbers follow dates; the appeal past its deadline
    is the director's (their alerts and start page show it), the others the heads'."""
    rng = ctx.rng
    director = ctx.staff.get("director")
    for channel, content, outcome, days_ago in sorted(APPEALS, key=lambda a: -a[3]):
        received_on = ctx.today - datetime.timedelta(days=days_ago)
        eligible = [r for r in recipients if r.demo_since <= received_on]
        if not eligible:
            continue
        recipient = rng.choice(eligible)
        head = ctx.heads.get(recipient.department_id)
        if head is None:
            continue
        overdue = outcome is None and days_ago > 30
        appeal = services.complaint_register(
            actor=head,
            form_uuid=uuid.uuid4(),
            received_on=received_on,
            channel=channel,
            applicant=recipient.full_name,
            applicant_address="",
            recipient=recipient,
            department=None,
            worker=_worker(recipient),
            content=content,
            responsible=director if overdue and director else head,
            today=ctx.today,
        )
        if outcome is None:
            continue
        services.complaint_close(
            actor=head,
            complaint=appeal,
            expected_version=appeal.version,
            outcome=outcome,
            measures="" if outcome == "unjustified" else "Беседа с работником, график пересмотрен.",
            answer_text="Ваше обращение рассмотрено, о принятых мерах сообщаем ниже.",
            answered_on=min(appeal.due_on, ctx.today),
            today=ctx.today,
        )


def _worker(recipient: Recipient) -> Staff | None:
    return Staff.objects.filter(pk=recipient.social_worker_id).first()


def _inspections(ctx: DemoContext, recipients: list[Recipient]) -> None:
    """Last quarter and this one: a few inspections in each department; about one in five
    finds a violation, corrected when its deadline has passed."""
    rng = ctx.rng
    items = services.checklist_in_use(ctx.institution.pk).items
    for start in rules.quarters_back(ctx.today, 2):
        end = rules.quarter_end(start)
        for department_id, head in ctx.heads.items():
            if head.role != Role.HEAD:
                continue
            # Only people already on service by the quarter's end can have been inspected in it.
            people = [
                r
                for r in recipients
                if r.department_id == department_id and r.demo_since <= min(end, ctx.today)
            ]
            for recipient in rng.sample(people, min(3, len(people))):
                day = _day_in(ctx, start, end, recipient.demo_since)
                breached = rng.random() < 0.2
                findings = {item["code"]: (Finding.OK, "") for item in items}
                if breached:
                    findings[items[0]["code"]] = (
                        Finding.VIOLATION,
                        "Услуга в журнале, но не оказана",
                    )
                inspection = services.inspection_record(
                    actor=head,
                    form_uuid=uuid.uuid4(),
                    recipient=recipient,
                    worker=_worker(recipient),
                    inspected_on=day,
                    findings=findings,
                    remarks="",
                    correct_by=day + datetime.timedelta(days=10) if breached else None,
                    today=ctx.today,
                )
                for violation in inspection.violations.all():
                    if violation.correct_by < ctx.today:
                        services.violation_correct(
                            actor=head,
                            violation=violation,
                            corrected_on=violation.correct_by,
                            correction="Услуга оказана повторно, работник предупреждён.",
                            today=ctx.today,
                        )


def _hitches(ctx: DemoContext, recipients: list[Recipient]) -> None:
    """What goes wrong on an ordinary day, so that every role has an alert: each field worker's
    tablet sends yesterday a record of someone handed over to another worker (refused by the
    sync, as it would be; a missed visit is left to chance, so it cannot be relied on), and the
    accountant's run of last month's acts was interrupted by a restart last evening (its page
    offers «Продолжить»)."""
    yesterday = ctx.today - datetime.timedelta(days=1)
    service = Service.objects.filter(institution=ctx.institution).order_by("pk").first()
    for worker in (w for w in ctx.workers if w.role in (Role.CAREGIVER, Role.SOCIAL_WORKER)):
        other = next(
            (r for r in recipients if worker.pk not in (r.social_worker_id, r.caregiver_id)),
            None,
        )
        if other is None or service is None:
            continue
        record = TabletRecord(
            uuid=uuid.UUID(int=ctx.rng.getrandbits(128), version=4),
            recipient_id=other.pk,
            service_id=service.pk,
            date=yesterday,
            quantity=Decimal(1),
        )
        tablet_records_sync(actor=worker, records=[record])
    accountant = ctx.staff.get("accountant1")
    if accountant is None:
        return
    month = (ctx.today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    evening = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(18, 40)))
    run = Job.objects.create(
        institution=ctx.institution,
        kind="acts",
        scope=f"{month:%Y-%m}/all",
        title=f"Акты за {month:%m.%Y}: всё учреждение",
        params={"month": f"{month:%Y-%m}", "pdf": True},
        started_by=accountant,
        status=JobStatus.INTERRUPTED,
        message=INTERRUPTED_TEXT,
        started_at=evening - datetime.timedelta(minutes=12),
        finished_at=evening,
        attempts=1,
    )
    Job.objects.filter(pk=run.pk).update(created_at=run.started_at)
