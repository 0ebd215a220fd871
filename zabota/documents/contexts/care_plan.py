"""The individual care plan (дополнение к ИППСУ, социальный пакет долговременного ухода; items
1–7 of the form described in regulations.md §1.4): the fields its builder must return.

The builder is attached by zabota.ltc (`provide_context("care_plan", …)`). `layout_fields` turns
the pure layout of zabota.rules.careplan into the grid, weeks and service rows of the form, so
the builder and the printed form cannot disagree about the arithmetic.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from zabota.rules import careplan
from zabota.rules.words import plural_form

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MARK = "X"
NO_MARK = "—"
PERIODICITY_LABELS = {
    careplan.TWICE_MONTHLY: "2 раза в месяц",
    careplan.MONTHLY: "1 раз в месяц",
}

FIELDS = [
    (
        "care_plan.program_number",
        "номер ИППСУ, к которой составлено дополнение (пусто, если её нет)",
    ),
    ("care_plan.program_date", "дата ИППСУ (пусто, если её нет)"),
    ("care_plan.status", "первичная / повторная / очередная"),
    ("care_plan.level", "установленный уровень нуждаемости в уходе (п. 1)"),
    (
        "care_plan.level_hours_per_week",
        "объём социального пакета для уровня, часов в неделю (п. 2)",
    ),
    ("care_plan.assigned_minutes_per_week", "назначенный объём, минут в неделю (п. 3)"),
    ("care_plan.assigned_hours_per_week", "назначенный объём, часов в неделю (п. 3)"),
    ("care_plan.days_per_week", "количество дней в неделю (п. 4.1)"),
    ("care_plan.grid", "посещения по дням недели (п. 4.2), три строки: 1, 2, 3 раза в день"),
    ("care_plan.grid[].times", "строка сетки: «1 раз в день», «2 раза в день», «3 раза в день»"),
    *(
        (f"care_plan.grid[].{key}", f"{day}: «X», если в этот день столько посещений, иначе «—»")
        for key, day in zip(DAY_KEYS, ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"), strict=True)
    ),
    ("care_plan.weeks", "пять расчётных недель (п. 4.3): 5 + 7 + 7 + 7 + 4 дня"),
    ("care_plan.weeks[].n", "номер расчётной недели"),
    ("care_plan.weeks[].days", "дней в расчётной неделе"),
    ("care_plan.weeks[].minutes", "минут ухода в этой неделе"),
    ("care_plan.services", "услуги по уходу (п. 4.4): {%tr for s in care_plan.services %}"),
    ("care_plan.services[].n", "номер строки"),
    ("care_plan.services[].name", "наименование услуги по уходу"),
    ("care_plan.services[].periodicity", "периодичность словами"),
    ("care_plan.services[].minutes", "норма времени на одно оказание, минут"),
    *((f"care_plan.services[].w{n}", f"сколько раз в расчётной неделе {n}") for n in range(1, 6)),
    ("care_plan.services[].month_count", "раз в месяц"),
    ("care_plan.services[].month_minutes", "минут в месяц"),
    ("care_plan.month_minutes", "объём в месяц, минут (п. 4.5)"),
    ("care_plan.month_hours", "объём в месяц, часов (п. 4.5)"),
    ("care_plan.month_services", "количество услуг в месяц (п. 4.5)"),
    (
        "care_plan.by_relatives",
        "услуги, которые обеспечивают родственники (п. 5; может быть пустым)",
    ),
    ("care_plan.by_relatives[].n", "номер строки"),
    ("care_plan.by_relatives[].name", "услуга"),
    ("care_plan.by_relatives[].person", "ФИО того, кто её обеспечивает"),
    ("care_plan.by_relatives[].status", "кем приходится (дочь, сын, соседка…)"),
    ("care_plan.not_needed", "услуги, в которых нет потребности (п. 6; может быть пустым)"),
    ("care_plan.not_needed[].n", "номер строки"),
    ("care_plan.not_needed[].name", "услуга"),
    ("care_plan.valid_from", "срок предоставления: с (п. 7)"),
    ("care_plan.valid_until", "срок предоставления: по (п. 7)"),
    ("care_plan.methodology_title", "методика оценки, по которой установлен уровень"),
    ("care_plan.is_example_methodology", "методика — пример, а не утверждённый региональный акт"),
]


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _periodicity(service: careplan.PlannedService) -> str:
    if service.periodicity in PERIODICITY_LABELS:
        return PERIODICITY_LABELS[service.periodicity]
    per_week = sum(service.times_by_day)
    if per_week >= 7 and all(service.times_by_day):
        per_day = max(service.times_by_day)
        return "ежедневно" if per_day == 1 else f"ежедневно, {per_day} {_times(per_day)} в день"
    return f"{per_week} {_times(per_week)} в неделю"


def _times(n: int) -> str:
    return plural_form(n, "раз", "раза", "раз")


def layout_fields(layout: careplan.CarePlanLayout) -> dict:
    """Items 4.1–4.5 of the form from a computed layout: merge it into `care_plan`."""
    grid = []
    for times, label in ((1, "1 раз в день"), (2, "2 раза в день"), (3, "3 раза в день")):
        row = {"times": label}
        for key, visits in zip(DAY_KEYS, layout.visits_by_day, strict=True):
            row[key] = MARK if visits == times else NO_MARK
        grid.append(row)
    weeks = [
        {"n": n, "days": days, "minutes": minutes}
        for n, (days, minutes) in enumerate(
            zip(careplan.CALCULATION_WEEKS, layout.per_week_minutes, strict=True), start=1
        )
    ]
    services = []
    for n, month in enumerate(layout.services, start=1):
        row = {
            "n": n,
            "name": month.service.name,
            "periodicity": _periodicity(month.service),
            "minutes": month.service.minutes,
            "month_count": month.count,
            "month_minutes": month.minutes,
        }
        row.update({f"w{week}": count for week, count in enumerate(month.per_week, start=1)})
        services.append(row)
    return {
        "assigned_minutes_per_week": layout.weekly_minutes,
        "assigned_hours_per_week": _hours(layout.weekly_minutes),
        "days_per_week": layout.days_per_week,
        "grid": grid,
        "weeks": weeks,
        "services": services,
        "month_minutes": layout.month_minutes,
        "month_hours": layout.month_hours,
        "month_services": layout.month_services,
    }


def sample() -> dict:
    every_day = (1, 1, 1, 1, 1, 1, 1)
    weekdays = (1, 1, 1, 1, 1, 0, 0)
    layout = careplan.layout(
        [
            careplan.PlannedService("У01", "Помощь в приёме пищи (кормление)", 20, careplan.WEEKLY, (2, 2, 2, 2, 2, 2, 2)),  # noqa: E501
            careplan.PlannedService("У02", "Утренний туалет: умывание, чистка зубов, причёсывание", 20, careplan.WEEKLY, every_day),  # noqa: E501
            careplan.PlannedService("У05", "Смена абсорбирующего белья", 15, careplan.WEEKLY, weekdays),  # noqa: E501
            careplan.PlannedService("У09", "Гигиеническая обработка рук и ногтей", 20, careplan.TWICE_MONTHLY),  # noqa: E501
            careplan.PlannedService("У10", "Гигиеническая стрижка", 30, careplan.MONTHLY),
        ]
    )  # fmt: skip
    care_plan = {
        "program_number": "312",
        "program_date": datetime.date(2026, 9, 25),
        "status": "первичная",
        "level": "2",
        "level_hours_per_week": 14,
        "by_relatives": [
            {
                "n": 1,
                "name": "Купание в ванне",
                "person": "Иванов Сергей Николаевич",
                "status": "сын",
            }
        ],
        "not_needed": [{"n": 1, "name": "Помощь в передвижении вне дома"}],
        "valid_from": datetime.date(2026, 10, 1),
        "valid_until": datetime.date(2027, 9, 30),
        "methodology_title": "Пример: индекс Бартел и шкала Лоутона (замените актом региона)",
        "is_example_methodology": True,
    }
    care_plan.update(layout_fields(layout))
    return {"care_plan": care_plan}
