"""Reports as `zabota.core.tables.Table` objects, one per sheet: the page shows them, the XLSX
writer writes them, so the screen and the file cannot disagree.

Every number comes from `zabota.reports.queries` (see there for the sources); this module only
names, orders and totals the rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from zabota.catalog.models import Service, ServiceType
from zabota.core.alongside import alongside
from zabota.core.tables import Column, Table
from zabota.organisation.models import Department, Institution, Staff
from zabota.organisation.roles import FIELD_ROLES
from zabota.payments.statistics import CONDITIONS
from zabota.recipients.models import Recipient
from zabota.reports import fees as fees_module
from zabota.reports.conditions import condition_counts
from zabota.reports.fees import FEE_NOTE, fee_table
from zabota.reports.periods import Period
from zabota.reports.queries import (
    HOURS,
    QUANTITY,
    RECIPIENTS,
    RUBLES,
    SERVICES,
    Scope,
    aggregate,
    movements,
    on_service_filter,
    total,
)

ZERO = Decimal("0.00")
MAIN = (RECIPIENTS, SERVICES, HOURS, RUBLES)
CONDITION_LABELS = dict(CONDITIONS)

KIND_WORKER = "worker"
KIND_DEPARTMENT = "department"
KIND_INSTITUTION = "institution"
KIND_SOBES = "6-sobes"
KINDS = {
    KIND_WORKER: "Отчёт сотрудника",
    KIND_DEPARTMENT: "Отчёт отделения",
    KIND_INSTITUTION: "Отчёт учреждения",
    KIND_SOBES: "Форма 6-собес, раздел 1",
}

RECIPIENTS_NOTE = (
    "Получатель, которого обслуживали несколько сотрудников, в итоге учитывается один раз, "
    "поэтому итог по получателям может быть меньше суммы строк."
)


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    tables: list[Table]
    filename: str
    warnings: list[str] = field(default_factory=list)
    # Names of recipients appear only in the fee lines; an export of them is journalled.
    personal_data: bool = False


def _summary_columns(extra: list[Column] | None = None) -> list[Column]:
    return [
        Column("Получателей обслужено, чел.", 16, "int"),
        Column("Услуг оказано, ед.", 14, "int"),
        Column("Время по нормам, ч", 14, "number"),
        Column("Сумма по тарифам, ₽", 16, "money"),
        *(extra or []),
    ]


def _main_values(row: dict) -> list:
    return [
        row.get(RECIPIENTS, 0),
        row.get(SERVICES, 0),
        row.get(HOURS, ZERO),
        row.get(RUBLES, ZERO),
    ]


def by_type_table(scope: Scope, period: Period, summary: dict) -> Table:
    """The eight types of ст. 20 442-ФЗ, each with its services, time and sum (zeros shown)."""
    found = {
        r["service_type"]: r
        for r in aggregate(scope, period, ["service_type"], [SERVICES, HOURS, RUBLES])
    }
    rows = []
    for service_type in ServiceType.objects.order_by("code"):
        r = found.get(service_type.pk, {})
        rows.append(
            [
                f"{service_type.code}. {service_type.name}",
                r.get(SERVICES, 0),
                r.get(HOURS, ZERO),
                r.get(RUBLES, ZERO),
            ]
        )
    return Table(
        title="Услуги по видам (ст. 20 442-ФЗ)",
        sheet_name="По видам услуг",
        columns=[
            Column("Вид социальных услуг", 50),
            Column("Услуг, ед.", 12, "int"),
            Column("Время по нормам, ч", 14, "number"),
            Column("Сумма по тарифам, ₽", 16, "money"),
        ],
        rows=rows,
        # Totals from the same query as the summary: hours rounded once, not row by row.
        totals=["Итого", summary[SERVICES], summary[HOURS], summary[RUBLES]],
    )


def by_service_table(scope: Scope, period: Period, summary: dict) -> Table:
    found = aggregate(scope, period, ["service"], [SERVICES, QUANTITY, HOURS, RUBLES])
    services = {
        s["pk"]: s
        for s in Service.objects.filter(pk__in=[r["service"] for r in found]).values(
            "pk", "code", "name", "unit", "service_type__code"
        )
    }
    found.sort(
        key=lambda r: (services[r["service"]]["service_type__code"], services[r["service"]]["code"])
    )
    rows = [
        [
            services[r["service"]]["code"],
            services[r["service"]]["name"],
            services[r["service"]]["unit"],
            r[SERVICES],
            r[QUANTITY],
            r[HOURS],
            r[RUBLES],
        ]
        for r in found
    ]
    totals = ["Итого", "", "", summary[SERVICES], "", summary[HOURS], summary[RUBLES]]
    return Table(
        title="Услуги по перечню",
        sheet_name="По услугам",
        columns=[
            Column("Код", 8),
            Column("Услуга", 50),
            Column("Единица", 10),
            Column("Услуг, ед.", 10, "int"),
            Column("Объём в единицах", 12, "number"),
            Column("Время по нормам, ч", 14, "number"),
            Column("Сумма по тарифам, ₽", 16, "money"),
        ],
        rows=rows,
        totals=totals,
    )


def _sums(rows: list[list], first: int, stop: int) -> list:
    """Column sums of rows[first:stop]; None counts as zero."""
    sums = []
    for index in range(first, stop):
        values = [r[index] for r in rows if r[index] is not None]
        sums.append(sum(values, Decimal(0) if any(isinstance(v, Decimal) for v in values) else 0))
    return sums


def _title_subtitle(kind: str, who: str, period: Period, today: datetime.date) -> tuple[str, str]:
    subtitle = f"{who}, {period.label}"
    if period.end > today:
        subtitle += f" (по состоянию на {today:%d.%m.%Y})"
    return KINDS[kind], subtitle


def _dates(period: Period) -> str:
    return f"{period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}"


def _empty_warning(summary: dict, whom: str, period: Period) -> list[str]:
    if summary.get(SERVICES):
        return []
    return [f"{whom} {period.label} не записано ни одной оказанной услуги: в отчёте нули."]


def worker_report(*, worker: Staff, scope: Scope, period: Period, today: datetime.date) -> Report:
    """Per social worker: people served, services by type and by service, time, sums, fees."""
    lines = fees_module.fee_lines(scope, period)
    summary = total(scope, period, MAIN)
    fee_total = sum((line.to_pay for line in lines), ZERO)
    title, subtitle = _title_subtitle(
        KIND_WORKER, f"{worker.full_name} ({worker.get_role_display().lower()})", period, today
    )
    tables = [
        Table(
            title="Итоги",
            sheet_name="Итоги",
            columns=_summary_columns([Column("Плата получателей к начислению, ₽", 18, "money")]),
            rows=[[*_main_values(summary), fee_total]],
        ),
        by_type_table(scope, period, summary),
        by_service_table(scope, period, summary),
        fee_table(lines),
    ]
    for table in tables:
        table.subtitle = f"{title}: {subtitle}"
    return Report(
        kind=KIND_WORKER,
        title=title,
        subtitle=subtitle,
        tables=tables,
        filename=f"Отчёт сотрудника {worker.last_name} {_dates(period)}.xlsx",
        warnings=_empty_warning(summary, f"Сотрудником {worker.short_name}", period),
        personal_data=bool(lines),
    )


def department_report(
    *, department: Department, scope: Scope, period: Period, today: datetime.date
) -> Report:
    """Per department: each worker with totals, services by type, movement, payment
    conditions and the fees of its recipients."""
    summary = total(scope, period, MAIN)
    lines = fees_module.fee_lines(scope, period)
    moved = movements(scope, period).get(department.pk, {"enrolled": 0, "discharged": 0})
    title, subtitle = _title_subtitle(KIND_DEPARTMENT, department.name, period, today)
    tables = [
        Table(
            title="Итоги",
            sheet_name="Итоги",
            columns=_summary_columns(
                [
                    Column("Плата получателей к начислению, ₽", 18, "money"),
                    Column("Поставлено на обслуживание, чел.", 16, "int"),
                    Column("Снято с обслуживания, чел.", 16, "int"),
                ]
            ),
            rows=[
                [
                    *_main_values(summary),
                    sum((line.to_pay for line in lines), ZERO),
                    moved["enrolled"],
                    moved["discharged"],
                ]
            ],
        ),
        by_worker_table(scope, period, department, summary),
        by_type_table(scope, period, summary),
        conditions_table(scope, period, today),
        fee_table(lines),
    ]
    for table in tables:
        table.subtitle = f"{title}: {subtitle}"
    return Report(
        kind=KIND_DEPARTMENT,
        title=title,
        subtitle=subtitle,
        tables=tables,
        filename=f"Отчёт отделения {department.number} {_dates(period)}.xlsx",
        warnings=_empty_warning(summary, f"В отделении «{department.name}»", period),
        personal_data=bool(lines),
    )


def by_worker_table(scope: Scope, period: Period, department: Department, summary: dict) -> Table:
    """Every field worker of the department (those without records show zeros) and anyone
    else whose records fall in it."""
    found = {r["worker"]: r for r in aggregate(scope, period, ["worker"], MAIN)}
    staff = Staff.objects.filter(
        department=department, role__in=FIELD_ROLES, user__is_active=True
    ) | Staff.objects.filter(pk__in=list(found))
    rows = [
        [person.full_name, person.get_role_display(), *_main_values(found.get(person.pk, {}))]
        for person in staff.order_by("last_name", "first_name", "middle_name", "pk")
    ]
    return Table(
        title="По сотрудникам",
        sheet_name="По сотрудникам",
        columns=[Column("Сотрудник", 36), Column("Должность", 24), *_summary_columns()],
        rows=rows,
        totals=["Итого по отделению", "", *_main_values(summary)],
        notes=[RECIPIENTS_NOTE],
    )


def conditions_table(scope: Scope, period: Period, today: datetime.date) -> Table:
    """Recipients on service at the end of the period by payment condition, per department
    (payments.statistics: the current decision against the program's planned cost)."""
    on_date = period.as_of(today)
    departments = Department.objects.filter(institution_id=scope.institution_id)
    if scope.department_ids is not None:
        departments = departments.filter(pk__in=scope.department_ids)
    departments = list(departments.order_by("number"))
    people = Recipient.objects.filter(
        on_service_filter(on_date),
        institution_id=scope.institution_id,
        department_id__in=[d.pk for d in departments],
    )
    counts = {d.pk: dict.fromkeys(CONDITION_LABELS, 0) for d in departments}
    for department_id, found in condition_counts(people, on_date, scope.institution_id).items():
        counts[department_id].update(found)
    rows = [[d.name, *counts[d.pk].values(), sum(counts[d.pk].values())] for d in departments]
    return Table(
        title=f"Условия оплаты получателей на {on_date:%d.%m.%Y}",
        sheet_name="Условия оплаты",
        columns=[
            Column("Отделение", 36),
            *[Column(label, 16, "int") for label in CONDITION_LABELS.values()],
            Column("Всего, чел.", 12, "int"),
        ],
        rows=rows,
        totals=["Итого", *_sums(rows, 1, len(CONDITION_LABELS) + 2)] if len(rows) > 1 else None,
        notes=[
            "Получатели, состоявшие на обслуживании в этот день; условие — по действующему "
            "расчёту и плановой стоимости ИППСУ (как в разделе «Плата»)."
        ],
    )


def institution_report(
    *, institution: Institution, scope: Scope, period: Period, today: datetime.date
) -> Report:
    """Per institution: each department with totals, payment conditions, services by type."""
    # The fees are the longest query and the database's work alone: on the second core
    # while this thread builds the other tables.
    fees_job = alongside(fees_module.fee_totals, scope, period)
    found = {r["department"]: r for r in aggregate(scope, period, ["department"], MAIN)}
    moved = movements(scope, period)
    departments = Department.objects.filter(institution=institution)
    if scope.department_ids is not None:
        departments = departments.filter(pk__in=scope.department_ids)
    summary = total(scope, period, MAIN)
    title, subtitle = _title_subtitle(KIND_INSTITUTION, str(institution), period, today)
    conditions = conditions_table(scope, period, today)
    by_type = by_type_table(scope, period, summary)
    fees = fees_job.result()
    rows = []
    for d in departments.order_by("number"):
        m = moved.get(d.pk, {"enrolled": 0, "discharged": 0})
        rows.append(
            [
                d.name,
                *_main_values(found.get(d.pk, {})),
                fees.get(d.pk, ZERO),
                m["enrolled"],
                m["discharged"],
            ]
        )
    tables = [
        Table(
            title="По отделениям",
            sheet_name="По отделениям",
            columns=[
                Column("Отделение", 36),
                *_summary_columns(
                    [
                        Column("Плата получателей к начислению, ₽", 18, "money"),
                        Column("Поставлено на обслуживание, чел.", 16, "int"),
                        Column("Снято с обслуживания, чел.", 16, "int"),
                    ]
                ),
            ],
            rows=rows,
            totals=["Итого по учреждению", *_main_values(summary), *_sums(rows, 5, 8)],
            notes=[RECIPIENTS_NOTE, FEE_NOTE],
        ),
        conditions,
        by_type,
    ]
    for table in tables:
        table.subtitle = f"{title}: {subtitle}"
    return Report(
        kind=KIND_INSTITUTION,
        title=title,
        subtitle=subtitle,
        tables=tables,
        filename=f"Отчёт учреждения {_dates(period)}.xlsx",
        warnings=_empty_warning(summary, "В учреждении", period),
    )
