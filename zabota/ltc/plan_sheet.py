"""The care plan laid out as the form shows it (items 3–4.5), for the page and the document."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zabota.ltc.models import CarePlan, CarePlanService, Periodicity
from zabota.ltc.selectors import planned_services
from zabota.rules import careplan
from zabota.rules.words import count_text

DAY_TITLES = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")
WEEK_TITLES = tuple(
    f"{n}-я ({days} дн.)" for n, days in enumerate(careplan.CALCULATION_WEEKS, start=1)
)


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class ServiceRow:
    """One line of items 4.3 and 4.4."""

    name: str
    code: str
    periodicity: str
    periodicity_title: str
    days: str  # "Пн, Ср ×2, Пт" or "2-я и 4-я недели"
    times_by_day: tuple[int, ...]
    minutes: int  # time norm of one performance
    per_week: tuple[int, ...]  # performances in each of the 5 calculation weeks
    times_a_week: int  # in the busiest full week
    week_minutes: int
    month_count: int
    month_minutes: int
    # As the standards of §1.3 count it: «14 раз в неделю» / «2 раза в месяц», and the minutes.
    standard_times: str
    standard_week_minutes: Decimal
    standard_month_minutes: Decimal


@dataclass(frozen=True)
class PlanSheet:
    layout: careplan.CarePlanLayout
    rows: tuple[ServiceRow, ...]
    grid: tuple[tuple[int, tuple[bool, ...]], ...]  # (times a day, [Пн..Вс marked])
    fits: bool
    overload_minutes: int
    limit_minutes: int
    # The week and month as the template of the 50 care services counts them (item 3).
    standard: careplan.StandardVolume
    standard_fits: bool


def _days_text(service: careplan.PlannedService) -> str:
    if service.periodicity == careplan.TWICE_MONTHLY:
        return "2-я и 4-я расчётные недели"
    if service.periodicity == careplan.MONTHLY:
        return "3-я расчётная неделя"
    return ", ".join(
        title if times == 1 else f"{title} ×{times}"
        for title, times in zip(DAY_TITLES, service.times_by_day, strict=True)
        if times
    )


def plan_sheet(plan: CarePlan, lines: list[CarePlanService]) -> PlanSheet:
    planned = planned_services(lines)
    month = careplan.layout(planned)
    standard = careplan.standard_volume(planned)
    titles = dict(Periodicity.choices)
    rows = []
    for service_month, line in zip(month.services, standard.lines, strict=True):
        service = service_month.service
        busiest = max(service_month.per_week[week] for week in careplan.FULL_WEEKS)
        rows.append(
            ServiceRow(
                name=service.name,
                code=service.code,
                periodicity=service.periodicity,
                periodicity_title=str(titles[service.periodicity]),
                days=_days_text(service),
                times_by_day=service.times_by_day,
                minutes=service.minutes,
                per_week=service_month.per_week,
                times_a_week=busiest,
                week_minutes=busiest * service.minutes,
                month_count=service_month.count,
                month_minutes=service_month.minutes,
                standard_times=_times_text(line),
                standard_week_minutes=line.weekly_minutes,
                standard_month_minutes=line.monthly_minutes,
            )
        )
    grid = tuple(
        (times, tuple(visits == times for visits in month.visits_by_day))
        for times in range(1, careplan.MAX_TIMES_A_DAY + 1)
    )
    return PlanSheet(
        layout=month,
        rows=tuple(rows),
        grid=grid,
        fits=careplan.fits(month, plan.hours_per_week),
        overload_minutes=careplan.overload_minutes(month, plan.hours_per_week),
        limit_minutes=int(plan.hours_per_week * 60),
        standard=standard,
        standard_fits=careplan.standard_fits(standard, plan.hours_per_week),
    )


def _times_text(line: careplan.StandardLine) -> str:
    unit = "в неделю" if line.per == careplan.WEEK else "в месяц"
    return f"{count_text(line.times, ('раз', 'раза', 'раз'))} {unit}"
