"""The report «Показатели качества» as `zabota.core.tables.Table` objects: the page, its XLSX and
DOCX, and `manage.py report --kind quality` write the same tables."""

import datetime

from zabota.core.tables import Column, Table
from zabota.organisation.models import Institution
from zabota.quality.indicators import Figures, compute, departments_of, workers_of
from zabota.reports.builders import Report
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.rules import quality as rules

KIND = "quality"
TITLE = "Показатели качества социального обслуживания"
TREND_QUARTERS = 4

COLUMNS = [
    Column("Опрошено, анкет", 10, "int"),
    Column("Отказов от опроса", 10, "int"),
    Column("Удовлетворённость, %", 12, "number"),
    Column("Средний балл", 10, "number"),
    Column("Обращений поступило", 11, "int"),
    Column("из них обоснованных", 11, "int"),
    Column("частично обоснованных", 11, "int"),
    Column("Контрольных посещений по плану", 12, "int"),
    Column("из них проведено", 11, "int"),
    Column("Нарушений выявлено", 11, "int"),
    Column("из них устранено", 11, "int"),
    Column("План услуг, ч", 11, "number"),
    Column("Факт услуг, ч", 11, "number"),
    Column("Выполнение плана, %", 11, "number"),
    Column("Посещений", 10, "int"),
    Column("Подтверждено на месте, %", 12, "number"),
]
NOTES = [
    "Удовлетворённость — доля ответов в верхней части шкалы анкеты (по умолчанию 4 и 5 "
    "из 5) среди всех ответов опросов периода; средний балл — среднее всех ответов.",
    "Обращения — зарегистрированные в периоде, с результатом рассмотрения на сегодня; "
    "контрольные посещения — плановые с датой в периоде; нарушения — выявленные при "
    "посещениях периода.",
    "План услуг — часы по нормам времени из ИППСУ и планов ухода получателей, состоявших "
    "на обслуживании, пропорционально дням месяца в периоде; у сотрудника — по его нынешним "
    "получателям. Факт — часы по нормам записанных услуг.",
    "Посещение подтверждено на месте, если отметка местоположения сделана рядом с домом "
    "получателя или заведующий принял её при проверке.",
]


def values(f: Figures) -> list:
    return [
        f.surveys,
        f.refusals,
        f.satisfaction,
        f.mean,
        f.complaints,
        f.justified,
        f.partly,
        f.planned_inspections,
        f.done_inspections,
        f.violations,
        f.corrected,
        f.planned_hours,
        f.done_hours,
        f.plan_percent,
        f.visits,
        f.confirmed_percent,
    ]


def trend(scope: Scope, until: datetime.date, today: datetime.date) -> list[dict]:
    """The last quarters up to the one holding `until`: satisfaction and appeals, oldest first."""
    rows = []
    for start in rules.quarters_back(until, TREND_QUARTERS):
        if start > today:
            continue
        found = compute(scope, Period(start, rules.quarter_end(start)), light=True).total
        rows.append(
            {
                "quarter": rules.quarter_label(start),
                "satisfaction": found.satisfaction,
                "surveys": found.surveys,
                "complaints": found.complaints,
                "justified": found.justified,
                "inspections": found.done_inspections,
                "violations": found.violations,
            }
        )
    return rows


def trend_table(rows: list[dict]) -> Table:
    return Table(
        title="По кварталам",
        sheet_name="По кварталам",
        columns=[
            Column("Квартал", 18),
            Column("Удовлетворённость, %", 12, "number"),
            Column("Опрошено, анкет", 10, "int"),
            Column("Обращений", 10, "int"),
            Column("из них обоснованных", 11, "int"),
            Column("Контрольных посещений проведено", 12, "int"),
            Column("Нарушений выявлено", 11, "int"),
        ],
        rows=[
            [
                r["quarter"],
                r["satisfaction"],
                r["surveys"],
                r["complaints"],
                r["justified"],
                r["inspections"],
                r["violations"],
            ]
            for r in rows
        ],
    )


def chart_data(rows: list[dict]) -> dict:
    """For Chart.js (reports' vendored copy): satisfaction as a line, appeals as bars."""
    return {
        "labels": [r["quarter"] for r in rows],
        "satisfaction": [
            float(r["satisfaction"]) if r["satisfaction"] is not None else None for r in rows
        ],  # noqa: E501
        "complaints": [r["complaints"] for r in rows],
        "justified": [r["justified"] for r in rows],
    }


def quality_report(
    *, institution: Institution, scope: Scope, period: Period, today: datetime.date
) -> tuple[Report, list[dict]]:
    """The report and the trend rows behind its chart."""
    found = compute(scope, period)
    departments = departments_of(scope)
    whole = scope.department_ids is None
    subtitle = f"{institution}, {period.label}"
    if period.end > today:
        subtitle += f" (по состоянию на {today:%d.%m.%Y})"
    if not whole:
        subtitle += ": " + ", ".join(d.name for d in departments)
    by_department = Table(
        title="По учреждению и отделениям" if whole else "По отделениям",
        sheet_name="По отделениям",
        columns=[Column("Отделение", 34), *COLUMNS],
        rows=[[d.name, *values(found.departments.get(d.pk, Figures()))] for d in departments],
        totals=["Итого по учреждению" if whole else "Итого", *values(found.total)],
        notes=NOTES,
    )
    by_worker = Table(
        title="По сотрудникам",
        sheet_name="По сотрудникам",
        columns=[Column("Сотрудник", 30), Column("Отделение", 24), *COLUMNS],
        rows=[
            [
                w.full_name,
                w.department.name if w.department else "",
                *values(found.workers.get(w.pk, Figures())),
            ]
            for w in workers_of(scope, found.workers)
        ],
        notes=[
            "Опрос об обслуживании двумя сотрудниками (социальным работником и помощником по "
            "уходу) учитывается у каждого из них и один раз в итоге."
        ],
    )
    trend_rows = trend(scope, period.end, today)
    tables = [by_department, by_worker, trend_table(trend_rows)]
    for table in tables:
        table.subtitle = f"{TITLE}: {subtitle}"
    warnings = []
    if not found.total.surveys and not found.total.complaints:
        warnings.append(f"{period.label.capitalize()} нет ни опросов, ни обращений.")
    report = Report(
        kind=KIND,
        title=TITLE,
        subtitle=subtitle,
        tables=tables,
        filename=f"Показатели качества {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.xlsx",
        warnings=warnings,
    )
    return report, trend_rows


def command_report(institution: Institution, period: Period, today: datetime.date) -> Report:
    """`manage.py report --kind quality`: the whole institution."""
    scope = Scope(institution_id=institution.pk)
    return quality_report(institution=institution, scope=scope, period=period, today=today)[0]
