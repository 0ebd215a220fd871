"""The built-in sections: the project's reports, per institution, department and worker.

Every figure is computed by the selectors the institutions' own reports use
(zabota.reports.queries, fees, conditions; zabota.ltc.selectors), called once per institution
with the whole institution's scope, so a supervisor's total is the sum of what each
institution's director sees (zabota/supervision/tests/test_sums.py).
"""

from decimal import Decimal

from django.db.models import Count

from zabota.core.tables import Column
from zabota.ltc.selectors import reassessment_counts_by_department
from zabota.organisation.models import Department, Institution
from zabota.payments.statistics import CONDITIONS
from zabota.recipients.models import Recipient
from zabota.reports.conditions import condition_counts
from zabota.reports.fees import fee_totals
from zabota.reports.periods import Period
from zabota.reports.queries import (
    HOURS,
    RECIPIENTS,
    RUBLES,
    SERVICES,
    Scope,
    aggregate,
    movements,
    on_service_filter,
    total,
)
from zabota.supervision.sections import Section

ZERO = Decimal("0.00")
MAIN = (RECIPIENTS, SERVICES, HOURS, RUBLES)
# Reassessments «due» within this many days, as the start page of a centre counts them.
REASSESSMENT_DAYS = 30


def _whole(institution: Institution) -> Scope:
    return Scope(institution_id=institution.pk)


def _main(row: dict) -> list:
    return [
        row.get(RECIPIENTS, 0),
        row.get(SERVICES, 0),
        row.get(HOURS, ZERO),
        row.get(RUBLES, ZERO),
    ]


# --- services and sums ---------------------------------------------------------------------


def services_of_institution(institution: Institution, period: Period, today) -> list:
    scope = _whole(institution)
    fees = sum(fee_totals(scope, period).values(), ZERO)
    return [*_main(total(scope, period, MAIN)), fees]


def services_by_department(institution: Institution, period: Period, today) -> dict[int, list]:
    scope = _whole(institution)
    fees = fee_totals(scope, period)
    found = {r["department"]: r for r in aggregate(scope, period, ["department"], MAIN)}
    return {pk: [*_main(found.get(pk, {})), fees.get(pk, ZERO)] for pk in set(found) | set(fees)}


def services_by_worker(department: Department, period: Period, today) -> dict[int, list]:
    scope = Scope(institution_id=department.institution_id, department_ids=(department.pk,))
    # The fee is a recipient's, not a worker's: no column of it per worker.
    return {r["worker"]: [*_main(r), None] for r in aggregate(scope, period, ["worker"], MAIN)}


SERVICES_SECTION = Section(
    key="services",
    title="Услуги и суммы",
    order=10,
    columns=(
        Column("Получателей обслужено, чел.", 16, "int"),
        Column("Услуг оказано, ед.", 14, "int"),
        Column("Время по нормам, ч", 14, "number"),
        Column("Сумма по тарифам, ₽", 16, "money"),
        Column("Плата получателей к начислению, ₽", 18, "money"),
    ),
    people=frozenset({0}),
    of_institution=services_of_institution,
    by_department=services_by_department,
    by_worker=services_by_worker,
    notes=(
        "Получатель, которого обслуживали несколько сотрудников или отделений, в итоге "
        "учитывается один раз, поэтому итог по получателям может быть меньше суммы строк.",
    ),
)


# --- recipients on service -----------------------------------------------------------------


def _on_service(institution_id: int, period: Period, today):
    return Recipient.objects.filter(
        on_service_filter(period.as_of(today)), institution_id=institution_id
    )


def on_service_of_institution(institution: Institution, period: Period, today) -> list:
    return [_on_service(institution.pk, period, today).count()]


def on_service_by_department(institution: Institution, period: Period, today) -> dict[int, list]:
    rows = (
        _on_service(institution.pk, period, today)
        .values("department_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["department_id"]: [r["n"]] for r in rows}


def on_service_by_worker(department: Department, period: Period, today) -> dict[int, list]:
    rows = (
        _on_service(department.institution_id, period, today)
        .filter(department_id=department.pk, social_worker__isnull=False)
        .values("social_worker_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["social_worker_id"]: [r["n"]] for r in rows}


ON_SERVICE_SECTION = Section(
    key="on-service",
    title="Получатели на обслуживании",
    order=20,
    columns=(Column("На обслуживании на конец периода, чел.", 18, "int"),),
    people=frozenset({0}),
    of_institution=on_service_of_institution,
    by_department=on_service_by_department,
    by_worker=on_service_by_worker,
    notes=("По сотрудникам — по закреплённому социальному работнику.",),
)


# --- registered and discharged -------------------------------------------------------------


def movement_by_department(institution: Institution, period: Period, today) -> dict[int, list]:
    return {
        pk: [m["enrolled"], m["discharged"]]
        for pk, m in movements(_whole(institution), period).items()
    }


def movement_of_institution(institution: Institution, period: Period, today) -> list:
    rows = movement_by_department(institution, period, today).values()
    return [sum(r[0] for r in rows), sum(r[1] for r in rows)]


MOVEMENT_SECTION = Section(
    key="movement",
    title="Постановка и снятие с обслуживания",
    order=30,
    columns=(
        Column("Поставлено на обслуживание, чел.", 16, "int"),
        Column("Снято с обслуживания, чел.", 16, "int"),
    ),
    people=frozenset({0, 1}),
    of_institution=movement_of_institution,
    by_department=movement_by_department,
)


# --- payment conditions --------------------------------------------------------------------


def conditions_by_department(institution: Institution, period: Period, today) -> dict[int, list]:
    people = _on_service(institution.pk, period, today)
    found = condition_counts(people, period.as_of(today), institution.pk)
    result = {}
    for pk, counts in found.items():
        values = [counts.get(key, 0) for key, _ in CONDITIONS]
        result[pk] = [*values, sum(values)]
    return result


def conditions_of_institution(institution: Institution, period: Period, today) -> list:
    rows = list(conditions_by_department(institution, period, today).values())
    return [sum(r[i] for r in rows) for i in range(len(CONDITIONS) + 1)]


CONDITIONS_SECTION = Section(
    key="conditions",
    title="Условия оплаты",
    order=40,
    columns=(
        *[Column(label, 16, "int") for _, label in CONDITIONS],
        Column("Всего, чел.", 12, "int"),
    ),
    people=frozenset(range(len(CONDITIONS) + 1)),
    of_institution=conditions_of_institution,
    by_department=conditions_by_department,
    notes=(
        "Получатели, состоявшие на обслуживании в последний день периода; условие — по "
        "действующему расчёту и плановой стоимости ИППСУ, как в отчёте учреждения.",
    ),
)


# --- reassessments due ---------------------------------------------------------------------


def reassessments_by_department(institution: Institution, period: Period, today) -> dict:
    found = reassessment_counts_by_department(institution.pk, today, REASSESSMENT_DAYS)
    return {pk: [c["overdue"], c["due"]] for pk, c in found.items()}


def reassessments_of_institution(institution: Institution, period: Period, today) -> list:
    rows = list(reassessments_by_department(institution, period, today).values())
    return [sum(r[0] for r in rows), sum(r[1] for r in rows)]


REASSESSMENTS_SECTION = Section(
    key="reassessments",
    title="Переоценка нуждаемости",
    order=50,
    columns=(
        Column("Просрочена, чел.", 14, "int"),
        Column(f"Предстоит в {REASSESSMENT_DAYS} дней, чел.", 16, "int"),
    ),
    people=frozenset({0, 1}),
    of_institution=reassessments_of_institution,
    by_department=reassessments_by_department,
    notes=("На сегодняшний день, независимо от выбранного периода.",),
)

BUILT_IN = (
    SERVICES_SECTION,
    ON_SERVICE_SECTION,
    MOVEMENT_SECTION,
    CONDITIONS_SECTION,
    REASSESSMENTS_SECTION,
)
