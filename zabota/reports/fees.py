"""The fee due from each recipient for each month of a report, for all of them at once.

442-ФЗ ст. 31–32 via zabota.payments (fee_from_decision → rules.payment.monthly_fee): the fee
of a month is computed on the cost of the month's services of the ИППСУ (guaranteed) and is
free, partial (the cap: 50 % of income above the threshold) or full; additional paid services
are paid in full on top. The decision that applies is the one payments.selectors.decision_on
picks: the latest one made on an application not after the date, else the current one. Here the
decisions and free categories of every recipient are read in one query each, not per person.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Min, Q, Sum

from zabota.core.tables import Column, Table
from zabota.payments.models import PaymentDecision
from zabota.payments.selectors import fee_from_decision
from zabota.payments.statistics import CONDITIONS, FREE_CATEGORY, FREE_INCOME, NOT_COMPUTED
from zabota.recipients.models import BenefitCategory, Recipient
from zabota.reports.periods import Period, month_end, month_label
from zabota.reports.queries import (
    HUNDREDTH,
    PER_RECIPIENT,
    RECORDS,
    Scope,
    _base,
    _parts,
    recipient_months,
)
from zabota.rules.payment import FEE_FREE

ZERO = Decimal("0.00")
FEE_NOTE = (
    "Плата за месяц считается по стоимости услуг ИППСУ за месяц всеми сотрудниками "
    "(ст. 31–32 442-ФЗ, по расчёту условия оплаты, действовавшему в конце месяца); "
    "дополнительные платные услуги оплачиваются полностью. Для неполного месяца — по услугам "
    "выбранных дней, справочно: окончательная плата — в акте за месяц."
)


@dataclass(frozen=True)
class FeeLine:
    month: datetime.date
    recipient_id: int
    name: str
    department_id: int
    guaranteed: Decimal
    additional: Decimal
    condition: str  # payments.statistics: free_category | free_income | partial | full | …
    fee: Decimal | None  # None: no payment decision yet

    @property
    def to_pay(self) -> Decimal:
        return (self.fee or ZERO) + self.additional


def fee_lines(scope: Scope, period: Period) -> list[FeeLine]:
    """One line per recipient served in scope and month of the period (four queries), in the
    order of months and recipient ids."""
    months = recipient_months(scope, period)
    if not months:
        return []
    people = _people(scope, {row["recipient"] for row in months})
    names = {
        pk: " ".join(p for p in (last, first, middle) if p)
        for pk, last, first, middle in people.values_list(
            "pk", "last_name", "first_name", "middle_name"
        )
    }
    free = set(
        Recipient.benefit_categories.through.objects.filter(
            recipient_id__in=people.values("pk"), benefitcategory__free_of_charge=True
        ).values_list("recipient_id", flat=True)
    )
    decisions: dict[int, list[PaymentDecision]] = defaultdict(list)
    current: dict[int, PaymentDecision] = {}
    for decision in PaymentDecision.objects.filter(recipient_id__in=people.values("pk")).order_by(
        "recipient_id", "-application_date", "-computed_at", "-pk"
    ):
        decisions[decision.recipient_id].append(decision)
        if decision.is_current:
            current[decision.recipient_id] = decision
    lines = []
    # The decision in force at the end of the month (or of the period, if it ends sooner).
    ends = {month: min(month_end(month), period.end) for month in period.months()}
    for row in months:
        rid = row["recipient"]
        on_date = ends[row["month"]]
        if rid in free:
            condition, fee = _fee(None, row["guaranteed"], free_category=True)
        else:
            decision = _decision_on(decisions.get(rid, ()), on_date) or current.get(rid)
            condition, fee = _fee(decision, row["guaranteed"], free_category=False)
        lines.append(
            FeeLine(
                month=row["month"],
                recipient_id=rid,
                name=names.get(rid, ""),
                department_id=row["department"],
                guaranteed=row["guaranteed"],
                additional=row["additional"],
                condition=condition,
                fee=fee,
            )
        )
    return lines


def _people(scope: Scope, ids: set[int]):
    """The recipients of the lines: by id for a few (a worker's), else everyone of the scope's
    departments (a superset read by index, instead of a list of thousands of ids)."""
    if len(ids) <= 1000:
        return Recipient.objects.filter(pk__in=ids)
    people = Recipient.objects.filter(institution_id=scope.institution_id)
    if scope.department_ids is not None:
        people = people.filter(department_id__in=scope.department_ids)
    return people


def _decision_on(decisions, on_date: datetime.date) -> PaymentDecision | None:
    """payments.selectors.decision_on over a person's decisions, newest first: the latest made
    on an application not after the date (the caller falls back to the current one)."""
    for decision in decisions:
        if decision.application_date <= on_date:
            return decision
    return None


def _fee(decision, cost: Decimal, *, free_category: bool) -> tuple[str, Decimal | None]:
    # 442-ФЗ ст. 31 ч. 1: a free category pays nothing, with or without a decision.
    if free_category:
        return FREE_CATEGORY, ZERO
    if decision is None:
        return NOT_COMPUTED, None
    fee = fee_from_decision(decision, cost, free_category=False)
    return (FREE_INCOME if fee.kind == FEE_FREE else fee.kind), fee.amount


def fee_totals(scope: Scope, period: Period) -> dict[int, Decimal]:
    """{department id: Σ to pay} — what `fees_by_department(fee_lines(...))` gives, computed by
    the database in one query: a report that shows only the sums (the institution's) need not
    bring 60 000 recipient-months of a large centre into Python (3 s of its 3.1).

    The same rule as `_fee`, in integer kopecks so that no rounding differs: a free category
    pays nothing; without a decision only the additional services; otherwise the guaranteed
    cost up to the cap, half the income over the threshold rounded half up (442-ФЗ ст. 32).
    The decision is the one `_decision_on` picks at the end of the month (or of the period)."""
    if scope.worker_id is not None:
        return fees_by_department(fee_lines(scope, period))
    parts, part_params = [], []
    for source, first, last in _parts(period, PER_RECIPIENT, split=True):
        if source == RECORDS:
            guaranteed = Sum("amount", filter=Q(is_additional=False), default=ZERO)
            additional = Sum("amount", filter=Q(is_additional=True), default=ZERO)
        else:
            guaranteed, additional = Sum("amount_guaranteed"), Sum("amount_additional")
        rows = (
            _base(source, scope, first, last)
            .values("recipient_id", "month")
            .annotate(g=guaranteed, a=additional, d=Min("department_id"))
            .values_list("recipient_id", "month", "d", "g", "a")
            .order_by()
        )
        sql, params = rows.query.sql_with_params()
        parts.append(sql)
        part_params += params
    # The decision is the one in force at the end of each month (or of the period).
    ends = [(month, min(month_end(month), period.end)) for month in period.months()]
    on_date = "CASE rm.month " + " ".join(["WHEN %s THEN %s"] * len(ends)) + " END"
    decisions = PaymentDecision._meta.db_table
    categories = BenefitCategory._meta.db_table
    through = Recipient.benefit_categories.through._meta.db_table
    sql = f"""
        WITH rm(recipient_id, month, department_id, g, a) AS ({" UNION ALL ".join(parts)}),
        dated AS (SELECT rm.*, {on_date} AS on_date FROM rm),
        people AS MATERIALIZED (
            SELECT p.recipient_id,
                EXISTS (
                    SELECT 1 FROM {through} rc JOIN {categories} bc ON bc.id = rc.benefitcategory_id
                    WHERE rc.recipient_id = p.recipient_id AND bc.free_of_charge
                ) AS free,
                (SELECT pd.id FROM {decisions} pd
                 WHERE pd.recipient_id = p.recipient_id AND pd.is_current) AS current_id
            FROM (SELECT DISTINCT recipient_id FROM rm) p
        ),
        spans AS MATERIALIZED (
            -- Each decision governs from its application date to the next decision's (one of
            -- several on the same date: only the last computed), as _decision_on picks.
            SELECT pd.id, pd.recipient_id, pd.application_date AS valid_from,
                LEAD(pd.application_date, 1, %s) OVER (
                    PARTITION BY pd.recipient_id
                    ORDER BY pd.application_date, pd.computed_at, pd.id
                ) AS valid_until
            FROM {decisions} pd WHERE pd.recipient_id IN (SELECT recipient_id FROM people)
        ),
        priced AS ({PRICED[connection.vendor == "postgresql"]}),
        kopecks AS (
            SELECT priced.department_id, priced.a, priced.free, pd.id AS decision_id,
                CAST(ROUND(priced.g * 100) AS BIGINT) AS cost,
                CAST(ROUND(pd.income_per_capita * 100) AS BIGINT)
                    - CAST(ROUND(pd.threshold * 100) AS BIGINT) AS excess
            FROM priced LEFT JOIN {decisions} pd ON pd.id = priced.decision_id
        )
        SELECT department_id, SUM(a),
            SUM(CASE WHEN free OR decision_id IS NULL OR excess <= 0 THEN 0
                     WHEN cost <= (excess + 1) / 2 THEN cost
                     ELSE (excess + 1) / 2 END)
        FROM kopecks GROUP BY department_id
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, part_params + [value for pair in ends for value in pair] + [FOREVER])
        rows = cursor.fetchall()
    return {
        department_id: _money(additional) + Decimal(fee or 0) / 100
        for department_id, additional, fee in rows
    }


# The decision of each recipient-month: the span holding the date, else the current decision.
# A person's spans do not overlap, so either form finds at most one. Each database is fast with
# one form and very slow with the other (a year of 10 000 people): PostgreSQL runs the subquery
# as a scan of every span per recipient-month (27 s), SQLite the join likewise (17 s).
PRICED = {
    False: """
            SELECT rm.department_id, rm.g, rm.a, people.free,
                COALESCE(
                    (SELECT spans.id FROM spans WHERE spans.recipient_id = rm.recipient_id
                     AND spans.valid_from <= rm.on_date AND spans.valid_until > rm.on_date),
                    people.current_id
                ) AS decision_id
            FROM dated rm JOIN people ON people.recipient_id = rm.recipient_id""",
    True: """
            SELECT rm.department_id, rm.g, rm.a, people.free,
                COALESCE(spans.id, people.current_id) AS decision_id
            FROM dated rm JOIN people ON people.recipient_id = rm.recipient_id
            LEFT JOIN spans ON spans.recipient_id = rm.recipient_id
                AND spans.valid_from <= rm.on_date AND spans.valid_until > rm.on_date""",
}

# The end of the span of a person's latest decision.
FOREVER = datetime.date(9999, 12, 31)


def _money(value) -> Decimal:
    # SQLite sums decimals as floats: 1326360.6899999999 is 1326360.69.
    return Decimal(str(value or 0)).quantize(HUNDREDTH)


def fees_by_department(lines: list[FeeLine]) -> dict[int, Decimal]:
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        totals[line.department_id] += line.to_pay
    return dict(totals)


def fee_table(lines: list[FeeLine]) -> Table:
    lines = sorted(lines, key=lambda line: (line.month, line.name, line.recipient_id))
    rows = [
        [
            month_label(line.month),
            line.name,
            line.guaranteed,
            dict(CONDITIONS).get(line.condition, line.condition),
            line.fee,
            line.additional,
            line.to_pay,
        ]
        for line in lines
    ]
    return Table(
        title="Плата получателей",
        sheet_name="Плата получателей",
        columns=[
            Column("Месяц", 14),
            Column("Получатель", 36),
            Column("Услуги по ИППСУ, ₽", 16, "money"),
            Column("Условие оплаты", 30),
            Column("Плата по ИППСУ, ₽", 14, "money"),
            Column("Дополнительные платные услуги, ₽", 16, "money"),
            Column("Итого к оплате, ₽", 14, "money"),
        ],
        rows=rows,
        totals=[
            "Итого",
            f"строк: {len(rows)}",
            sum((line.guaranteed for line in lines), ZERO),
            "",
            sum((line.fee or ZERO for line in lines), ZERO),
            sum((line.additional for line in lines), ZERO),
            sum((line.to_pay for line in lines), ZERO),
        ],
        notes=[FEE_NOTE],
    )
