"""Demo of the payment area: the region's ПМ and coefficient, families, 14 months of incomes
of every active recipient and a payment decision for each (computed by the pure rules, so the
same code builds 10 000 people in seconds)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from zabota.core.demo import DemoContext
from zabota.core.demo_people import random_person
from zabota.payments.models import (
    FamilyMember,
    MonthlyIncome,
    PaymentDecision,
    PopulationGroup,
    SubsistenceMinimum,
    ThresholdCoefficient,
)
from zabota.recipients.models import Recipient
from zabota.rules.payment import income_period, income_threshold, per_capita_income

D = Decimal
# Values of the order of Кузбасс's прожиточный минимум, rounded; demo values, not the region's
# official figures (the regional act was not at hand, regulations.md §2.3).
MINIMUMS_THIS_YEAR = {
    PopulationGroup.PER_CAPITA: D("17280.00"),
    PopulationGroup.WORKING_AGE: D("18836.00"),
    PopulationGroup.PENSIONERS: D("14861.00"),
    PopulationGroup.CHILDREN: D("17973.00"),
}
INDEXATION = D("1.07")
INCOME_MONTHS = 14


def _kopecks(value: Decimal) -> Decimal:
    return value.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def _months_back(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the `count` months before the current one, oldest first."""
    months, current = [], today.replace(day=1)
    for _ in range(count):
        current = (current - datetime.timedelta(days=1)).replace(day=1)
        months.append(current)
    return sorted(months)


def populate(ctx: DemoContext) -> None:
    rng = ctx.rng
    this_year = datetime.date(ctx.today.year, 1, 1)
    first_month = min(ctx.month_starts()[0], _months_back(ctx.today, INCOME_MONTHS)[0])
    last_year = datetime.date(min(ctx.today.year - 1, first_month.year), 1, 1)
    director = ctx.staff.get("director")
    minimums = []
    for group, amount in MINIMUMS_THIS_YEAR.items():
        minimums.append(
            SubsistenceMinimum(
                institution=ctx.institution,
                group=group,
                effective_from=this_year,
                amount=amount,
                created_by=director,
            )
        )
        minimums.append(
            SubsistenceMinimum(
                institution=ctx.institution,
                group=group,
                effective_from=last_year,
                amount=_kopecks(amount / INDEXATION),
                created_by=director,
            )
        )
    SubsistenceMinimum.objects.bulk_create(minimums)
    ThresholdCoefficient.objects.create(
        institution=ctx.institution, effective_from=last_year, created_by=director
    )

    recipients = ctx.extra.get("recipients", [])
    months = _months_back(ctx.today, INCOME_MONTHS)
    members: list[FamilyMember] = []
    for recipient in recipients:
        # About one in six lives with a spouse whose pension counts too.
        if rng.random() < 0.16:
            person = random_person(rng, "male" if recipient.gender == "female" else "female")
            members.append(
                FamilyMember(
                    recipient=recipient,
                    last_name=recipient.last_name
                    if person.gender == recipient.gender
                    else person.last_name,
                    first_name=person.first_name,
                    middle_name=person.middle_name,
                    relation="супруг" if person.gender == "male" else "супруга",
                    birth_date=recipient.birth_date
                    + datetime.timedelta(days=rng.randint(-1500, 1500)),
                )
            )
    members = FamilyMember.objects.bulk_create(members, batch_size=2000)
    member_of = {m.recipient_id: m for m in members}

    incomes: list[MonthlyIncome] = []
    totals: dict[int, list[tuple[datetime.date, Decimal]]] = {}
    for recipient in recipients:
        people = [None] + ([member_of[recipient.pk]] if recipient.pk in member_of else [])
        for member in people:
            pension = D(rng.randrange(13_000, 38_000, 50))
            extra = D(rng.randrange(1_800, 4_500, 10)) if rng.random() < 0.3 else None
            for month in months:
                # Pensions are indexed in January: the months before it were lower.
                amount = pension if month >= this_year else _kopecks(pension / INDEXATION)
                incomes.append(
                    MonthlyIncome(
                        recipient=recipient,
                        family_member=member,
                        month=month,
                        amount=amount,
                        kind="пенсия",
                        source=MonthlyIncome.Source.IMPORT,
                    )
                )
                totals.setdefault(recipient.pk, []).append((month, amount))
                if extra is not None:
                    incomes.append(
                        MonthlyIncome(
                            recipient=recipient,
                            family_member=member,
                            month=month,
                            amount=extra,
                            kind="ежемесячная денежная выплата",
                            source=MonthlyIncome.Source.IMPORT,
                        )
                    )
                    totals[recipient.pk].append((month, extra))
    MonthlyIncome.objects.bulk_create(incomes, batch_size=5000)

    free_ids = set(
        Recipient.benefit_categories.through.objects.filter(
            recipient__institution=ctx.institution, benefitcategory__free_of_charge=True
        ).values_list("recipient_id", flat=True)
    )
    application_date = ctx.today.replace(day=1)
    start, end = income_period(application_date)
    # The application is made this year, so this year's ПМ applies.
    minimum = MINIMUMS_THIS_YEAR[PopulationGroup.PENSIONERS]
    threshold = income_threshold(minimum)
    decisions = []
    for recipient in recipients:
        amounts = [a for month, a in totals.get(recipient.pk, []) if start <= month <= end]
        family_size = 2 if recipient.pk in member_of else 1
        decisions.append(
            PaymentDecision(
                recipient=recipient,
                application_date=application_date,
                period_start=start,
                period_end=end,
                group=PopulationGroup.PENSIONERS,
                family_size=family_size,
                income_total=sum(amounts, start=D("0.00")),
                income_per_capita=per_capita_income(amounts, family_size),
                subsistence_minimum=minimum,
                coefficient=D("1.50"),
                threshold=threshold,
                free_category=recipient.pk in free_ids,
                computed_by=ctx.heads.get(recipient.department_id),
            )
        )
    PaymentDecision.objects.bulk_create(decisions, batch_size=2000)
    ctx.extra["decisions"] = {d.recipient_id: d for d in decisions}
    ctx.extra["free_recipient_ids"] = free_ids
