"""The month of an individual care plan (дополнение к ИППСУ, СДУ).

Why it is a rule of its own: the plan's form (the «Дополнение к ИППСУ» built on the federal
model of long-term care, Приказ Минтруда России от 27.12.2023 № 895 and its predecessors) fixes
how a month is counted, and the weekly volume it yields is checked against the hours of the
person's level of need (7, 14, 21 hours a week at least for levels 1–3; Новосибирская обл.,
приказ от 11.08.2022 № 1031). The same arithmetic fills the printed form (items 4.1–4.5) and
the check, so both must come from one place.

The form lays the month out as 5 calculation weeks and 30 calculation days, 5 + 7 + 7 + 7 + 4
(item 4.3). The form does not say which days of the week the short weeks hold; we read each
calculation week as starting on Monday: week 1 covers Monday–Friday, weeks 2–4 Monday–Sunday,
week 5 Monday–Thursday. A service done every weekday thus counts 5 + 5 + 5 + 5 + 4 times.
As in the public generator of the form, services done twice a month fall in weeks 2 and 4 and
monthly ones in week 3. The weekly volume compared with the level's hours is that of the
busiest full week (2–4), twice- and monthly services included, because the short weeks would
understate it.

Beside that calendar the plan shows the volume as the regional tool for the 50 care services
counts it (../shared/reference/ltc-care-services.md §1.3, the formulas of the template
«Таблица СДУ.xltx» that prints the «Дополнение к ИППСУ»): the weekly volume is the minutes of
one performance × the times a week, summed over the services; the monthly volume is the weekly
× 4; a service done «2 раза в месяц» or «1 раз в месяц» is entered per month and counts a
quarter of its month in the weekly volume (`standard_volume`). The two figures answer different
questions and both stay: the calendar lays out the 30 calculation days (a daily service is 30
performances, the twice-monthly ones fall whole into weeks 2 and 4), so its month is longer than
the template's four weeks and its busiest full week is never lighter than the template's week
(which spreads the monthly services over four weeks). Item 3 of the form («объём назначенного
пакета в неделю») and the comparison with the level's hours use the template's week; approval
also refuses a plan whose busiest calendar week exceeds the hours.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CALCULATION_WEEKS = (5, 7, 7, 7, 4)
# Each calculation week starts on Monday and covers its first n days (see the docstring).
WEEK_DAYS: tuple[tuple[int, ...], ...] = tuple(tuple(range(n)) for n in CALCULATION_WEEKS)
FULL_WEEKS = (1, 2, 3)  # indices of weeks 2–4, the ones that hold all seven days

WEEKLY = "weekly"
TWICE_MONTHLY = "twice_monthly"
MONTHLY = "monthly"
PERIODICITIES = (WEEKLY, TWICE_MONTHLY, MONTHLY)
# The form's generator puts twice-monthly services in weeks 2 and 4, monthly ones in week 3.
FIXED_WEEKS: dict[str, tuple[int, int, int, int, int]] = {
    TWICE_MONTHLY: (0, 1, 0, 1, 0),
    MONTHLY: (0, 0, 1, 0, 0),
}

MAX_TIMES_A_DAY = 3  # the form's grid offers 1, 2 or 3 visits a day (item 4.2)
NO_DAYS = (0,) * 7
WORKDAYS = frozenset(range(5))

DAY, WEEK, MONTH = "day", "week", "month"
_FREQUENCY = re.compile(
    r"(?:до\s+)?(\d+)\s*раз[а]?\s+(?:в\s+)?(день|сутки|неделю|месяц)", re.IGNORECASE
)
_UNITS = {"день": DAY, "сутки": DAY, "неделю": WEEK, "месяц": MONTH}


@dataclass(frozen=True)
class Frequency:
    """How often a care service may be done at most: `times` per day, week or month.

    The standards of the 50 care services give it as «не более»: «До 3 раз в день», «1 раз в
    неделю», «2 раза в месяц» (../shared/reference/ltc-care-services.md §1.3, приложение № 7 к
    типовой модели). `workdays`: on Monday to Friday only («ежедневно (рабочие дни)»)."""

    times: int
    per: str
    workdays: bool = False

    @property
    def per_day(self) -> int:
        """At most this many times on one day."""
        return min(self.times, MAX_TIMES_A_DAY) if self.per == DAY else 1

    @property
    def per_week(self) -> int | None:
        """At most this many times a week as a weekly service; None: not a weekly service."""
        if self.per == DAY:
            return self.per_day * (5 if self.workdays else 7)
        if self.per == WEEK:
            return self.times
        return self.times // 4 or None  # «4 раза в месяц» is once a week; fewer is not weekly

    def describe(self) -> str:
        unit = {DAY: "в день", WEEK: "в неделю", MONTH: "в месяц"}[self.per]
        # «не чаще» takes the genitive: 1 раза, 21 раза; 2, 3, 5, 11 раз.
        word = "раза" if self.times % 10 == 1 and self.times % 100 != 11 else "раз"
        text = f"не чаще {self.times} {word} {unit}"
        return text + " (по рабочим дням)" if self.workdays else text


def parse_frequency(text: str) -> Frequency | None:
    """The catalog's periodicity as a cap: «До 3 раз день» → 3 a day, «1 раз в неделю» → 1 a
    week, «ежедневно (рабочие дни)» → once a day Monday to Friday; None when the text sets
    no cap we can read («по мере необходимости», «2 раза в год», empty)."""
    text = (text or "").strip().lower()
    workdays = "рабоч" in text
    match = _FREQUENCY.search(text)
    if match:
        times = int(match.group(1))
        return Frequency(times, _UNITS[match.group(2)], workdays) if times > 0 else None
    if text.startswith("ежедневно"):
        return Frequency(1, DAY, workdays)
    return None


def periodicity_within(periodicity: str, frequency: Frequency | None) -> str:
    """The periodicity asked for, or the most frequent one the cap allows: a service «1 раз в
    месяц» cannot be weekly nor twice a month."""
    if frequency is None or frequency.per != MONTH or frequency.per_week is not None:
        return periodicity
    if periodicity == MONTHLY or frequency.times < 2:
        return MONTHLY
    return TWICE_MONTHLY


def frequency_problem(service: PlannedService, frequency: Frequency | None) -> str | None:
    """Why the service's schedule breaks its cap, in Russian; None when it keeps it."""
    if frequency is None:
        return None
    cap = frequency.describe()
    if service.periodicity == TWICE_MONTHLY and frequency.per == MONTH and frequency.times < 2:
        return f"«{service.name}»: {cap}, а выбрано «2 раза в месяц»."
    if service.periodicity != WEEKLY:
        return None
    if frequency.per_week is None:
        return (
            f"«{service.name}»: {cap} — выберите «2 раза в месяц» или «1 раз в месяц» "
            "вместо дней недели."
        )
    if max(service.times_by_day) > frequency.per_day:
        return f"«{service.name}»: {cap}, а в плане до {max(service.times_by_day)} раз в день."
    if frequency.workdays and any(service.times_by_day[day] for day in (5, 6)):
        return f"«{service.name}»: {cap} — суббота и воскресенье не входят."
    if sum(service.times_by_day) > frequency.per_week:
        return f"«{service.name}»: {cap}, а в плане {sum(service.times_by_day)} раз в неделю."
    return None


@dataclass(frozen=True)
class PlannedService:
    """A care service in the plan with its time norm and, if weekly, its days."""

    code: str
    name: str
    minutes: int  # time norm for one performance
    periodicity: str  # WEEKLY | TWICE_MONTHLY | MONTHLY
    times_by_day: tuple[int, ...] = NO_DAYS  # Mon..Sun, 0..3; used only for WEEKLY

    def __post_init__(self) -> None:
        object.__setattr__(self, "times_by_day", tuple(self.times_by_day))
        if self.periodicity not in PERIODICITIES:
            raise ValueError(
                f"Услуга «{self.name}»: неизвестная периодичность {self.periodicity!r}, "
                f"допустимы {', '.join(PERIODICITIES)}"
            )
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or self.minutes < 1:
            raise ValueError(f"Услуга «{self.name}»: норма времени — целое число минут от 1")
        if len(self.times_by_day) != len(DAYS):
            raise ValueError(f"Услуга «{self.name}»: нужно 7 значений по дням недели")
        for times in self.times_by_day:
            if isinstance(times, bool) or not isinstance(times, int):
                raise ValueError(f"Услуга «{self.name}»: число раз в день должно быть целым")
            if not 0 <= times <= MAX_TIMES_A_DAY:
                raise ValueError(f"Услуга «{self.name}»: от 0 до 3 раз в день, указано {times}")
        if self.periodicity == WEEKLY and not any(self.times_by_day):
            raise ValueError(f"Услуга «{self.name}»: не выбран ни один день недели")


@dataclass(frozen=True)
class ServiceMonth:
    """One service laid out over the five calculation weeks."""

    service: PlannedService
    per_week: tuple[int, int, int, int, int]
    count: int
    minutes: int


@dataclass(frozen=True)
class CarePlanLayout:
    """Items 4.1–4.5 of the form: days, visits per day, weekly and monthly volume."""

    services: tuple[ServiceMonth, ...]
    visits_by_day: tuple[int, ...]
    days_per_week: int
    weekly_minutes: int
    month_minutes: int
    month_hours: Decimal
    month_services: int
    per_week_minutes: tuple[int, ...]


def _service_month(service: PlannedService) -> ServiceMonth:
    if service.periodicity == WEEKLY:
        first, second, third, fourth, fifth = (
            sum(service.times_by_day[day] for day in days) for days in WEEK_DAYS
        )
        per_week = (first, second, third, fourth, fifth)
    else:
        per_week = FIXED_WEEKS[service.periodicity]
    count = sum(per_week)
    return ServiceMonth(service, per_week, count, count * service.minutes)


def layout(services: list[PlannedService]) -> CarePlanLayout:
    """Lay the services out over the calculation month."""
    months = tuple(_service_month(service) for service in services)
    weekly = [month.service for month in months if month.service.periodicity == WEEKLY]
    visits_by_day = tuple(
        max((service.times_by_day[day] for service in weekly), default=0) for day in range(7)
    )
    per_week_minutes = tuple(
        sum(month.per_week[week] * month.service.minutes for month in months)
        for week in range(len(CALCULATION_WEEKS))
    )
    month_minutes = sum(per_week_minutes)
    return CarePlanLayout(
        services=months,
        visits_by_day=visits_by_day,
        days_per_week=sum(1 for visits in visits_by_day if visits),
        weekly_minutes=max(per_week_minutes[week] for week in FULL_WEEKS),
        month_minutes=month_minutes,
        month_hours=(Decimal(month_minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP),
        month_services=sum(month.count for month in months),
        per_week_minutes=per_week_minutes,
    )


def _limit_minutes(hours_per_week: Decimal | int) -> Decimal:
    if isinstance(hours_per_week, bool) or not isinstance(hours_per_week, Decimal | int):
        raise TypeError("hours_per_week: ожидается Decimal или int")
    hours = Decimal(hours_per_week)
    if not hours.is_finite() or hours < 0:
        raise ValueError(f"Часы в неделю не могут быть отрицательными: {hours_per_week}")
    return hours * 60


def fits(layout: CarePlanLayout, hours_per_week: Decimal | int) -> bool:
    """Whether the busiest full week stays within the weekly hours of the care level."""
    return layout.weekly_minutes <= _limit_minutes(hours_per_week)


def overload_minutes(layout: CarePlanLayout, hours_per_week: Decimal | int) -> int:
    """Whole minutes by which the busiest full week exceeds the hours; 0 when it fits."""
    return max(0, math.ceil(layout.weekly_minutes - _limit_minutes(hours_per_week)))


# Order in which propose() adds performances of a service done up to several times a day: first
# the remaining days, then a second and a third time on each day, Monday first. Each step is
# (day index, times that day after it).
_START_DAYS = (0, 2, 4)  # Mon, Wed, Fri
_PROPOSAL_STEPS = tuple((day, 1) for day in (1, 3, 5, 6)) + tuple(
    (day, times) for times in (2, 3) for day in range(7)
)
# Days of a service done a few times a week, spread over the week: twice → Mon and Thu.
_SPREAD = {
    1: (2,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def _allows(frequency: Frequency | None, day: int, times: int) -> bool:
    """Whether doing a daily-capped service `times` times on `day` keeps its cap."""
    if frequency is None:
        return times <= MAX_TIMES_A_DAY
    if frequency.workdays and day not in WORKDAYS:
        return False
    return times <= frequency.per_day


def _weekly_cap(frequency: Frequency | None) -> int | None:
    """Times a week for a service capped per week or month (spread over days); None for one
    capped per day (or not at all), which grows day by day."""
    if frequency is None or frequency.per == DAY:
        return None
    return min(frequency.per_week or 1, 5 if frequency.workdays else 7)


def propose(services: list[tuple], hours_per_week: Decimal | int) -> list[PlannedService]:
    """A first schedule for chosen care services: (code, name, minutes, periodicity) and,
    optionally, a fifth item, the service's `Frequency` cap (None: up to 3 times every day).

    Deterministic greedy. A service capped per day (or not capped) starts once on Mon, Wed and
    Fri (the days its cap allows); one capped per week starts on the first of its spread days
    (once a week: Wednesday; twice: Monday and Thursday …). Then, step by step (Tue, Thu, Sat,
    Sun; then a second time Mon..Sun; then a third), each weekly service in the given order
    gets one more performance — the step's day for a daily one, its next spread day for a
    weekly-capped one — if its cap allows and the busiest full week still fits the hours.
    Twice-monthly and monthly services are kept as they are and count against the same week.
    If even the minimum does not fit, the minimum is returned and fits()/overload_minutes()
    report the excess. Because each full week contains every day, one more performance of a
    service always costs the same minutes, so a service skipped once never fits later and the
    result is as full as this order allows.
    """
    limit = _limit_minutes(hours_per_week)
    plan: list[PlannedService] = []
    caps: list[Frequency | None] = []
    for code, name, minutes, periodicity, *rest in services:
        frequency = rest[0] if rest else None
        periodicity = periodicity_within(periodicity, frequency)
        days = NO_DAYS
        if periodicity == WEEKLY:
            weekly_cap = _weekly_cap(frequency)
            if weekly_cap is None:
                days = tuple(
                    1 if day in _START_DAYS and _allows(frequency, day, 1) else 0
                    for day in range(7)
                )
                if not any(days):  # no start day allowed (cannot happen with Mon–Fri ones)
                    days = tuple(1 if day == 0 else 0 for day in range(7))
            else:
                first = _SPREAD[weekly_cap][0]
                days = tuple(1 if day == first else 0 for day in range(7))
        plan.append(PlannedService(code, name, minutes, periodicity, days))
        caps.append(frequency)
    if layout(plan).weekly_minutes > limit:
        return plan
    for step_day, times in _PROPOSAL_STEPS:
        for index, service in enumerate(plan):
            if service.periodicity != WEEKLY:
                continue
            frequency = caps[index]
            days = list(service.times_by_day)
            weekly_cap = _weekly_cap(frequency)
            if weekly_cap is None:
                if days[step_day] != times - 1 or not _allows(frequency, step_day, times):
                    continue
                days[step_day] = times
            else:
                spread = _SPREAD[weekly_cap]
                done = sum(days)
                if done >= weekly_cap:
                    continue
                days[spread[done]] = 1
            trial = [*plan[:index], replace(service, times_by_day=tuple(days)), *plan[index + 1 :]]
            if layout(trial).weekly_minutes <= limit:
                plan = trial
    return plan


# --- The volume as §1.3 counts it ------------------------------------------------------------

WEEKS_IN_MONTH = 4  # the template: monthly = weekly × 4, a monthly service / 4 for the week


@dataclass(frozen=True)
class StandardLine:
    """One service of the plan in the template's terms: `times` a week, or a month for the
    services entered per month («2 раза в месяц», «1 раз в месяц»)."""

    service: PlannedService
    times: int
    per: str  # WEEK | MONTH
    weekly_minutes: Decimal
    monthly_minutes: Decimal


@dataclass(frozen=True)
class StandardVolume:
    """The weekly and monthly volume of a plan as the template of §1.3 counts them."""

    lines: tuple[StandardLine, ...]
    weekly_minutes: Decimal
    monthly_minutes: Decimal

    @property
    def weekly_text(self) -> str:
        return f"{minutes_text(self.weekly_minutes)} ({hours_minutes_text(self.weekly_minutes)})"

    @property
    def monthly_text(self) -> str:
        return f"{minutes_text(self.monthly_minutes)} ({hours_minutes_text(self.monthly_minutes)})"


def standard_line(service: PlannedService) -> StandardLine:
    minutes = Decimal(service.minutes)
    if service.periodicity == WEEKLY:
        times = sum(service.times_by_day)
        weekly = minutes * times
        return StandardLine(service, times, WEEK, weekly, weekly * WEEKS_IN_MONTH)
    times = 2 if service.periodicity == TWICE_MONTHLY else 1
    monthly = minutes * times
    return StandardLine(service, times, MONTH, monthly / WEEKS_IN_MONTH, monthly)


def standard_volume(services: list[PlannedService]) -> StandardVolume:
    """Weekly = Σ minutes × times a week, the month services a quarter of their month; monthly =
    the weekly services × 4 plus the month services as entered (§1.3). Exact: a monthly service
    of 27 minutes adds 6,75 minutes to the week."""
    lines = tuple(standard_line(service) for service in services)
    return StandardVolume(
        lines=lines,
        weekly_minutes=sum((line.weekly_minutes for line in lines), Decimal(0)),
        monthly_minutes=sum((line.monthly_minutes for line in lines), Decimal(0)),
    )


def standard_fits(volume: StandardVolume, hours_per_week: Decimal | int) -> bool:
    """Whether the template's weekly volume stays within the weekly hours of the level."""
    return volume.weekly_minutes <= _limit_minutes(hours_per_week)


def standard_excess_minutes(volume: StandardVolume, hours_per_week: Decimal | int) -> Decimal:
    """Minutes by which the template's week exceeds the hours; 0 when it fits."""
    return max(Decimal(0), volume.weekly_minutes - _limit_minutes(hours_per_week))


def minutes_text(minutes: Decimal | int) -> str:
    """Whole minutes as the tool prints them («1003 мин» for 1002,75): rounded half to even,
    as .NET's Math.Round of the add-in does."""
    whole = Decimal(minutes).quantize(Decimal(1), ROUND_HALF_EVEN)
    return f"{whole} мин"


def hours_minutes_text(minutes: Decimal | int) -> str:
    """«16 ч 42 мин» for 1002,75 minutes: whole hours and whole minutes, the part of a minute
    dropped, as the add-in does when it prints a TimeSpan (so its «1003 минут / 16 часов 42
    минут» is a week of 1002,75 minutes; an exact 1003 is «16 ч 43 мин»)."""
    whole = int(Decimal(minutes).quantize(Decimal(1), ROUND_DOWN))
    hours, rest = divmod(whole, 60)
    if not hours:
        return f"{rest} мин"
    return f"{hours} ч {rest} мин" if rest else f"{hours} ч"


def slot_problem(services: list[tuple[int | None, str]]) -> str | None:
    """Why a plan cannot hold these services, in Russian, when two share a slot of the template
    (alternatives: «Кормление» or «Помощь при приеме пищи», §1.3); None otherwise. `services`:
    (slot, name); a service without a slot (not one of the 50) clashes with nothing."""
    taken: dict[int, str] = {}
    for slot, name in services:
        if slot is None:
            continue
        if slot in taken:
            return (
                f"«{taken[slot]}» и «{name}» — взаимозаменяемые услуги одного слота перечня "
                f"(слот {slot}): в план входит только одна из них."
            )
        taken[slot] = name
    return None
