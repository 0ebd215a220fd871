"""The quality indicators of issue 18 as a supervisor's section.

Each institution's, department's and worker's figures come from `zabota.quality.indicators`,
the computation behind the institution's own report «Показатели качества». The section carries
the counts behind each share (answers and those at the top of the scale, visits and those
confirmed), so the total line's shares are computed from the summed counts, not by averaging the
institutions' percentages (an institution with 10 answers must not weigh as much as one with
1 000).
"""

import datetime

from zabota.core.tables import Column
from zabota.organisation.models import Department, Institution
from zabota.quality.indicators import Figures, compute
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.rules import quality as rules
from zabota.supervision.sections import Section

ANSWERS, SATISFIED, SATISFACTION = 2, 3, 4
PLANNED_HOURS, DONE_HOURS, PLAN_PERCENT = 12, 13, 14
VISITS, CONFIRMED, CONFIRMED_PERCENT = 15, 16, 17


def values(f: Figures) -> list:
    return [
        f.surveys,
        f.refusals,
        f.tally.answers,
        f.tally.satisfied,
        f.satisfaction,
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
        f.confirmed_visits,
        f.confirmed_percent,
    ]


def derive(line: list) -> list:
    shares = list(line)
    shares[SATISFACTION] = rules.percent(line[SATISFIED] or 0, line[ANSWERS] or 0)
    # From the hours as shown (to 0.1 h); a line's own share is from the planned minutes.
    shares[PLAN_PERCENT] = rules.percent(line[DONE_HOURS] or 0, line[PLANNED_HOURS] or 0)
    shares[CONFIRMED_PERCENT] = rules.percent(line[CONFIRMED] or 0, line[VISITS] or 0)
    return shares


def of_institution(institution: Institution, period: Period, today: datetime.date) -> list:
    return values(compute(Scope(institution_id=institution.pk), period).total)


def by_department(institution: Institution, period: Period, today: datetime.date) -> dict:
    found = compute(Scope(institution_id=institution.pk), period).departments
    return {pk: values(f) for pk, f in found.items() if pk is not None}


def by_worker(department: Department, period: Period, today: datetime.date) -> dict:
    scope = Scope(institution_id=department.institution_id, department_ids=(department.pk,))
    found = compute(scope, period).workers
    return {pk: values(f) for pk, f in found.items() if pk is not None}


QUALITY_SECTION = Section(
    key="quality",
    title="Показатели качества",
    order=60,
    columns=(
        Column("Опрошено, анкет", 10, "int"),
        Column("Отказов от опроса", 10, "int"),
        Column("Ответов в анкетах", 10, "int"),
        Column("из них в верхней части шкалы", 12, "int"),
        Column("Удовлетворённость, %", 12, "number"),
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
        Column("из них подтверждено на месте", 12, "int"),
        Column("Подтверждено на месте, %", 12, "number"),
    ),
    # A survey or an appeal is one person's: counts of them under 3 are masked.
    people=frozenset({0, 1, 5, 6, 7}),
    of_institution=of_institution,
    by_department=by_department,
    by_worker=by_worker,
    derive=derive,
    notes=(
        "Показатели считаются так же, как в отчёте учреждения «Показатели качества». "
        "Доли в итоговой строке вычислены из сложенных чисел (ответов, часов, посещений), "
        "а не как среднее долей учреждений.",
        "Опрос об обслуживании двумя сотрудниками учитывается у каждого из них и один раз "
        "в итоге отделения.",
    ),
)
