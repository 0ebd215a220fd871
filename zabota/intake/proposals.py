"""What the intake proposes so the head types less: the department and the worker, and the
decision on payment as soon as the figures allow it."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from zabota.catalog.models import Service
from zabota.catalog.selectors import tariffs_on
from zabota.organisation.models import Department, Staff
from zabota.organisation.roles import Role
from zabota.organisation.selectors import departments_for
from zabota.payments.models import PopulationGroup
from zabota.payments.selectors import ParametersMissing, threshold_parts
from zabota.recipients.models import BenefitCategory, RecipientStatus
from zabota.rules.payment import Fee, format_rubles, monthly_fee, per_capita_income

_HOUSE = re.compile(r",\s*(д\.|дом\b|д\s)", re.IGNORECASE)


def street_of(address: str) -> str:
    """«г. Кемерово, ул. Весенняя» of «г. Кемерово, ул. Весенняя, д. 7, кв. 3»: the address up
    to the house number, or "" when the address names no house."""
    match = _HOUSE.search(address or "")
    return address[: match.start()].strip() if match else ""


def propose_department(actor: Staff, address: str) -> Department | None:
    """The department that should serve a person living at `address`.

    A head takes people on for their own department. Anyone else (the director, a specialist)
    gets the department that already serves the most people of the institution on the same
    street (the address up to the house number: a worker's round stays short); with nobody on
    that street, the department serving the fewest people now. Only active departments the
    person may choose are proposed."""
    departments = departments_for(actor).filter(is_active=True)
    if actor.role == Role.HEAD and actor.department_id:
        return departments.filter(pk=actor.department_id).first()
    served = Count(
        "recipients",
        filter=Q(recipients__status=RecipientStatus.ACTIVE),
    )
    street = street_of(address)
    if street:
        neighbours = Count(
            "recipients",
            filter=Q(
                recipients__status=RecipientStatus.ACTIVE,
                recipients__registration_address__icontains=street,
            ),
        )
        best = (
            departments.annotate(neighbours=neighbours)
            .filter(neighbours__gt=0)
            .order_by("-neighbours", "number")
            .first()
        )
        if best is not None:
            return best
    return departments.annotate(served=served).order_by("served", "number").first()


def propose_worker(department: Department | None) -> Staff | None:
    """The department's social worker with the fewest people in their care now (active
    recipients whose card names them), the first by name among equals: the new person goes
    to whoever has room. None when the department has no active social worker."""
    if department is None:
        return None
    return (
        Staff.objects.filter(department=department, role=Role.SOCIAL_WORKER, user__is_active=True)
        .annotate(
            load=Count(
                "assigned_recipients",
                filter=Q(assigned_recipients__status=RecipientStatus.ACTIVE),
            )
        )
        .order_by("load", "last_name", "first_name", "pk")
        .first()
    )


@dataclass(frozen=True)
class Decision:
    """The decision on payment computed from the figures of the household step."""

    income_per_capita: Decimal
    family_size: int
    minimum: Decimal
    coefficient: Decimal
    threshold: Decimal

    @property
    def is_free(self) -> bool:
        return self.income_per_capita <= self.threshold

    def text(self) -> str:
        income, threshold = format_rubles(self.income_per_capita), format_rubles(self.threshold)
        coefficient = str(self.coefficient).replace(".", ",")
        head = (
            f"Среднедушевой доход {income} (семья из {self.family_size} чел.), предельная "
            f"величина {threshold} ({coefficient} × прожиточный минимум "
            f"{format_rubles(self.minimum)})"
        )
        if self.is_free:
            return f"{head}: доход не выше предельной величины — услуги бесплатно."
        cap = (self.income_per_capita - self.threshold) / 2
        return (
            f"{head}: доход выше — плата не больше 50 % разницы, {format_rubles(cap)} в месяц; "
            "сумма станет известна с услугами ИППСУ."
        )

    def fee(self, services_cost: Decimal, free_category: bool) -> Fee:
        return monthly_fee(
            income_per_capita=self.income_per_capita,
            threshold=self.threshold,
            services_cost=services_cost,
            free_category=free_category,
        )


def decision_from(institution, household: dict, on_date: datetime.date) -> Decision | None:
    """The decision the figures give (ПП РФ от 23.12.2024 № 1873: the same monthly income in
    each of the 12 months, so the per-capita income is the month's total ÷ family size); None
    while the household step has no figures or the region's ПМ is not entered."""
    if not household or household.get("skipped") or household.get("income") in (None, ""):
        return None
    incomes = [Decimal(household["income"])]
    family_size = 1
    if household.get("member_last_name"):
        incomes.append(Decimal(household.get("member_income") or "0"))
        family_size = 2
    try:
        minimum, coefficient, threshold = threshold_parts(
            institution, on_date, household.get("group") or PopulationGroup.PENSIONERS
        )
    except (ParametersMissing, ValueError):
        return None
    # 12 equal months of each income: the year's sum ÷ 12 ÷ size is the month's sum ÷ size.
    months = [sum(incomes, start=Decimal("0"))] * 12
    return Decision(
        per_capita_income(months, family_size), family_size, minimum, coefficient, threshold
    )


def planned_cost(lines: list[dict], on_date: datetime.date) -> Decimal:
    """Σ volume a month × tariff on the date of the draft's ИППСУ lines."""
    ids = [int(line["service"]) for line in lines if line.get("service")]
    prices = tariffs_on(set(ids), on_date)
    total = Decimal("0")
    for line in lines:
        price = prices.get(int(line["service"])) if line.get("service") else None
        if price is not None:
            total += Decimal(str(line["quantity_per_month"])) * price
    return total.quantize(Decimal("0.01"))


def services_named(lines: list[dict]) -> dict[int, Service]:
    ids = [int(line["service"]) for line in lines if line.get("service")]
    return Service.objects.in_bulk(ids)


def free_category(benefit_ids: list) -> bool:
    """442-ФЗ ст. 31 ч. 1: one of the categories ticked on the person step is served free."""
    return BenefitCategory.objects.filter(pk__in=benefit_ids or [], free_of_charge=True).exists()
