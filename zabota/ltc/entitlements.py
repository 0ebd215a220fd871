"""The care plan as a basis of the service log: what a recipient with an approved plan may
receive on a day, free of charge (the social package of long-term care, ltc.md).

Registered in zabota.ltc.extensions with zabota.delivery.entitlements, which every recorder asks
(the visit form, the tablet, the sync, the acts); delivery never imports this app.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from zabota.delivery.entitlements import Entitlement
from zabota.delivery.models import Basis
from zabota.ltc.models import CarePlan, CarePlanStatus, Periodicity
from zabota.ltc.selectors import planned_services
from zabota.rules import careplan
from zabota.rules.schedule import CareSchedule

# A plan replaced by a newer one still governs the days before the newer one began: a record
# made late for last month rests on the plan of last month.
GOVERNING = (CarePlanStatus.APPROVED, CarePlanStatus.REPLACED)


def _holds(plan: CarePlan, day: datetime.date) -> bool:
    return (plan.starts_on is None or plan.starts_on <= day) and (
        plan.ends_on is None or plan.ends_on >= day
    )


def care_plan_entitlements(recipient_ids: list[int], days: list[datetime.date]) -> dict:
    """{(recipient id, day): [entitlements]} from the newest approved plan holding each day."""
    first, last = min(days), max(days)
    plans = (
        CarePlan.objects.filter(recipient_id__in=recipient_ids, status__in=GOVERNING)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .prefetch_related("services__service")
        .order_by("recipient_id", "-approved_on", "-pk")
    )
    by_recipient = defaultdict(list)
    for plan in plans:
        by_recipient[plan.recipient_id].append(plan)
    result = defaultdict(list)
    for recipient_id, candidates in by_recipient.items():
        lines_of = {}
        for day in days:
            plan = next((p for p in candidates if _holds(p, day)), None)
            if plan is None:
                continue
            if plan.pk not in lines_of:
                lines_of[plan.pk] = _entitlements_of(plan)
            result[(recipient_id, day)].extend(lines_of[plan.pk])
    return result


_DAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")


def _periodicity_text(line) -> str:
    """«Пн ×2, Ср» for a weekly service, the label otherwise («2 раза в месяц»)."""
    if line.periodicity != careplan.WEEKLY:
        return str(Periodicity(line.periodicity).label)
    times = line.times_by_day or careplan.NO_DAYS
    return ", ".join(
        day + (f" ×{count}" if count > 1 else "")
        for day, count in zip(_DAYS, times, strict=False)
        if count
    )


def _entitlements_of(plan: CarePlan) -> list[Entitlement]:
    lines = sorted(plan.services.all(), key=lambda line: (line.position, line.pk))
    month = careplan.layout(planned_services(lines))
    document = f"план ухода от {plan.approved_on:%d.%m.%Y}" if plan.approved_on else "план ухода"
    return [
        Entitlement(
            basis=Basis.CARE_PLAN,
            service=line.service,
            # The plan's month by its 5 + 7 + 7 + 7 + 4 calendar (rules.careplan.layout).
            per_month=Decimal(counted.count),
            document=document,
            schedule=CareSchedule(line.periodicity, tuple(line.times_by_day or careplan.NO_DAYS)),
            is_care=True,
            periodicity=_periodicity_text(line),
        )
        for line, counted in zip(lines, month.services, strict=True)
    ]
