"""Demo programs and contracts: an ИППСУ in force for every active recipient (4–8 services with
days of visits), the previous one where the person was served before it, some expiring within
30 days (a third of them with a renewal already drafted), a few expired with no new one, and a
contract for each program. Bulk inserts only: 10 000 recipients take seconds."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from zabota.catalog.selectors import tariff_book
from zabota.core.demo import DemoContext
from zabota.programs.models import (
    WEEKDAY_CODES,
    Contract,
    ContractStatus,
    NumberSequence,
    Program,
    ProgramService,
    ProgramStatus,
    TypicalSet,
    TypicalSetLine,
)
from zabota.programs.services import add_months
from zabota.recipients.models import Enrolment, Representative
from zabota.rules.payment import monthly_fee
from zabota.rules.volumes import monthly_volume
from zabota.rules.words import count_text

D = Decimal
TERM = "на срок действия ИППСУ"
# Visit patterns of a social worker (working days only).
VISITS = [("mon", "thu"), ("tue", "fri"), ("mon", "wed", "fri"), ("wed", "fri"), ("tue", "thu")]
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
# (code, how it is planned) — "visits": every visit day; "first": the first visit day a week;
# "month": once a month, no fixed day; "twice": twice a month; "area": m² on the first day.
HOUSEHOLD = [
    ("1.04", "visits"),
    ("1.11", "area"),
    ("1.12", "area"),
    ("1.13", "area"),
    ("1.14", "visits"),
    ("1.16", "visits"),
    ("1.17", "month"),
    ("1.19", "month"),
    ("1.03", "first"),
    ("2.01", "visits"),
    ("2.06", "first"),
    ("3.02", "first"),
]
STOVE = [("1.07", "visits"), ("1.08", "visits"), ("1.09", "visits")]
# The care a caregiver gives under the ИППСУ: services of the federal list of 50 care services
# (zabota/catalog/data/sdu_care_services.json), one per slot, within their standard's periodicity.
CARE = [
    ("СДУ.09", "daily"),  # помощь при умывании, 1 раз в день
    ("СДУ.06", "daily"),  # помощь при приёме пищи, до 3 раз в день
    ("СДУ.44", "daily"),  # помощь в приёме лекарственных препаратов, до 3 раз в день
    ("СДУ.37", "daily"),  # помощь при позиционировании, до 3 раз в день
    ("СДУ.26", "daily"),  # помощь при смене одежды (обуви), до 2 раз в день
    ("СДУ.18", "twice"),  # помощь при обработке ногтей на руках, 2 раза в месяц
    ("СДУ.22", "month"),  # помощь при обработке ногтей на ногах, 1 раз в месяц
    ("СДУ.48", "first"),  # помощь в физической активности, до 2 раз в неделю
]
PERIODICITY = {
    "visits": lambda n: f"{count_text(n, ('раз', 'раза', 'раз'))} в неделю",
    "first": lambda n: "1 раз в неделю",
    "area": lambda n: "1 раз в неделю",
    "month": lambda n: "1 раз в месяц",
    "twice": lambda n: "2 раза в месяц",
    "daily": lambda n: "ежедневно по рабочим дням",
}


def _per_month(times_a_week: int) -> D:
    return monthly_volume(times_a_week)


def _plan(rng, recipient, services) -> list[ProgramService]:
    days = rng.choice(VISITS)
    chosen = [("1.01", "visits"), ("1.02", "month")]
    chosen += rng.sample(HOUSEHOLD, k=rng.randint(2, 5))
    if rng.random() < 0.2:
        chosen += rng.sample(STOVE, k=2)
    if recipient.caregiver_id:
        chosen += rng.sample(CARE, k=rng.randint(3, 5))
    area = rng.choice([28, 33, 36, 42, 45, 54])
    lines = []
    for code, how in chosen:
        service = services[code]
        if how == "visits":
            weekdays, quantity = days, _per_month(len(days))
        elif how == "daily":
            weekdays, quantity = WORKDAYS, _per_month(len(WORKDAYS))
        elif how in ("first",):
            weekdays, quantity = days[:1], _per_month(1)
        elif how == "area":
            weekdays, quantity = days[:1], D(area) * _per_month(1)
        elif how == "twice":
            weekdays, quantity = (), D(2)
        else:
            weekdays, quantity = (), D(1)
        lines.append(
            ProgramService(
                service=service,
                quantity_per_month=quantity,
                periodicity=PERIODICITY[how](len(days)),
                weekdays=",".join(d for d in WEEKDAY_CODES if d in weekdays),
                term=TERM,
            )
        )
    return lines


def _copy(lines: list[ProgramService]) -> list[ProgramService]:
    return [
        ProgramService(
            service=line.service,
            quantity_per_month=line.quantity_per_month,
            periodicity=line.periodicity,
            weekdays=line.weekdays,
            term=line.term,
        )
        for line in lines
    ]


# The director's typical sets (docs/catalog-programs-payment.md): (name, note, lines), a line
# being (code, volume a month or None, times a week or None).
TYPICAL_SETS = [
    (
        "Уровень 1: базовый набор",
        "Самостоятельно передвигается, нужна помощь по дому и с покупками.",
        [
            ("1.01", None, 2),
            ("1.02", D(1), None),
            ("1.16", None, 2),
            ("1.19", D(1), None),
            ("2.01", None, 2),
        ],
    ),
    (
        "Покупка продуктов и лекарств",
        "Для тех, кто не выходит из дома: продукты дважды в неделю, лекарства по назначению.",
        [("1.01", None, 2), ("1.02", D(1), None), ("2.04", D(2), None)],
    ),
    (
        "Уборка квартиры (до 40 м²)",
        "Еженедельная уборка: 40 м² × 5 раз в месяц.",
        [("1.11", D(200), None), ("1.13", D(200), None), ("1.16", None, 2)],
    ),
]


def _typical_sets(ctx: DemoContext, services: dict) -> None:
    for name, note, lines in TYPICAL_SETS:
        typical_set = TypicalSet.objects.create(institution=ctx.institution, name=name, note=note)
        TypicalSetLine.objects.bulk_create(
            TypicalSetLine(
                typical_set=typical_set,
                service=services[code],
                quantity_per_month=quantity,
                times_per_week=times,
            )
            for code, quantity, times in lines
            if code in services
        )


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    today = ctx.today
    services = ctx.extra.get("services") or {}
    recipients = ctx.extra.get("recipients", [])
    if services:
        _typical_sets(ctx, services)
    if not services or not recipients:
        return
    enrolled = dict(
        Enrolment.objects.filter(
            recipient__institution=ctx.institution, discharged_on__isnull=True
        ).values_list("recipient_id", "enrolled_on")
    )
    provider = ctx.institution.name
    numbers: dict[int, int] = {}

    def number(day: datetime.date) -> str:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        return f"{numbers[day.year]}/{day.year}"

    programs: list[Program] = []
    plans: list[list[ProgramService]] = []
    for recipient in recipients:
        start = enrolled.get(recipient.pk, today - datetime.timedelta(days=400))
        roll = rng.random()
        if roll < 0.08:
            until = today + datetime.timedelta(days=rng.randint(1, 30))
        elif roll < 0.11:
            until = today - datetime.timedelta(days=rng.randint(1, 40))
        else:
            until = today + datetime.timedelta(days=rng.randint(31, 364))
        valid_from = add_months(until + datetime.timedelta(days=1), -12)
        if valid_from < start:
            valid_from = start
            until = max(until, add_months(valid_from, 12) - datetime.timedelta(days=1))
        lines = _plan(rng, recipient, services)
        previous = None
        if (valid_from - start).days > 30:
            # Served before this program: the previous one, now expired, is kept as history.
            prev_from = max(start, add_months(valid_from, -12))
            previous = Program(
                recipient=recipient,
                number="",
                drawn_up_on=prev_from,
                is_repeat=prev_from > start,
                valid_from=prev_from,
                valid_until=valid_from - datetime.timedelta(days=1),
                provider=provider,
                status=ProgramStatus.EXPIRED,
                created_by=ctx.heads.get(recipient.department_id),
            )
            programs.append(previous)
            plans.append(_copy(lines))
        programs.append(
            Program(
                recipient=recipient,
                number="",
                drawn_up_on=valid_from - datetime.timedelta(days=rng.randint(0, 5)),
                is_repeat=previous is not None,
                valid_from=valid_from,
                valid_until=until,
                provider=provider,
                status=ProgramStatus.IN_FORCE if until >= today else ProgramStatus.EXPIRED,
                created_by=ctx.heads.get(recipient.department_id),
            )
        )
        plans.append(lines)
        # A third of the expiring programs already have their renewal drafted.
        if today <= until <= today + datetime.timedelta(days=30) and rng.random() < 0.33:
            programs.append(
                Program(
                    recipient=recipient,
                    number="",
                    drawn_up_on=today,
                    is_repeat=True,
                    valid_from=until + datetime.timedelta(days=1),
                    valid_until=add_months(until + datetime.timedelta(days=1), 12)
                    - datetime.timedelta(days=1),
                    provider=provider,
                    status=ProgramStatus.DRAFT,
                    created_by=ctx.heads.get(recipient.department_id),
                )
            )
            plans.append(_copy(lines))
    order = sorted(range(len(programs)), key=lambda i: (programs[i].drawn_up_on, i))
    for index in order:
        programs[index].number = number(programs[index].drawn_up_on)
    programs = Program.objects.bulk_create(programs, batch_size=2000)
    # A draft renewal points at the program it replaces (the one just before it).
    drafts = []
    for index, program in enumerate(programs):
        if program.status == ProgramStatus.DRAFT:
            program.replaces = programs[index - 1]
            drafts.append(program)
    Program.objects.bulk_update(drafts, ["replaces"], batch_size=2000)
    lines = []
    for program, plan in zip(programs, plans, strict=True):
        for line in plan:
            line.program = program
            lines.append(line)
    ProgramService.objects.bulk_create(lines, batch_size=5000)
    _contracts(ctx, programs, plans)


def _contracts(ctx: DemoContext, programs: list[Program], plans) -> None:
    """A contract for every program that was approved, with the fee it gives."""
    book = tariff_book(ctx.extra["services"].values())
    decisions = ctx.extra.get("decisions", {})
    free_ids = ctx.extra.get("free_recipient_ids", set())
    guardians = {
        r.recipient_id: r
        for r in Representative.objects.filter(
            recipient__institution=ctx.institution, is_active=True
        ).exclude(kind=Representative.Kind.PROXY)
    }
    sequences: dict[int, int] = {}
    contracts = []
    for program, plan in sorted(
        zip(programs, plans, strict=True), key=lambda pair: (pair[0].valid_from, pair[0].pk)
    ):
        if program.status == ProgramStatus.DRAFT:
            continue
        concluded_on = program.valid_from
        cost = sum(
            (
                line.quantity_per_month * (book.price(line.service.pk, concluded_on) or D(0))
                for line in plan
            ),
            start=D(0),
        ).quantize(D("0.01"), rounding=ROUND_HALF_UP)
        decision = decisions.get(program.recipient_id)
        fee = monthly_fee(
            income_per_capita=decision.income_per_capita if decision else D(0),
            threshold=decision.threshold if decision else D(0),
            services_cost=cost,
            free_category=program.recipient_id in free_ids,
        )
        year = concluded_on.year
        sequences[year] = sequences.get(year, 0) + 1
        contracts.append(
            Contract(
                institution=ctx.institution,
                recipient_id=program.recipient_id,
                program=program,
                year=year,
                sequence=sequences[year],
                number=f"{sequences[year]}/{year}",
                concluded_on=concluded_on,
                representative=guardians.get(program.recipient_id),
                valid_from=program.valid_from,
                valid_until=program.valid_until,
                fee_kind=fee.kind,
                monthly_fee=fee.amount,
                fee_explanation=fee.explanation(),
                status=ContractStatus.ACTIVE
                if program.status == ProgramStatus.IN_FORCE
                else ContractStatus.EXPIRED,
                created_by=program.created_by,
            )
        )
    Contract.objects.bulk_create(contracts, batch_size=2000)
    NumberSequence.objects.bulk_create(
        NumberSequence(institution=ctx.institution, kind="contract", year=year, last=last)
        for year, last in sequences.items()
    )
