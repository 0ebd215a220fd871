"""Plain rows of the service log for any period, read from the cheapest source that is exact.

Three tables hold the same numbers at different grains (zabota.delivery.models):
- `MonthlyTotal`: month × department × worker × service (sums; no recipients);
- `RecipientMonth`: month × recipient × worker (sums and the people served; no services);
- `ServiceRecord`: every logged service (anything, but millions of rows a year).

`aggregate()` asks the monthly tables for the months a period covers whole and the log only for
the days of a month it covers in part, then adds the parts up. "Recipients served" is a
COUNT(DISTINCT recipient), which cannot be added across parts: it is counted in one source for
the whole period unless the rows are split by month anyway. Everything is grouped in the
database; Python only merges at most three small result sets and, for recipient attributes
(benefit category, payment condition, care level), folds rows grouped by recipient.
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import product

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth

from zabota.delivery.models import MonthlyTotal, RecipientMonth, ServiceRecord
from zabota.recipients.models import Enrolment, Recipient
from zabota.reports import attributes
from zabota.reports.periods import Period

ZERO = Decimal("0.00")
HUNDREDTH = Decimal("0.01")

# Measures: the people served, the number of logged services, their quantity in the service's
# own unit, the time by norms in hours, the sum by tariffs in rubles.
RECIPIENTS = "recipients"
SERVICES = "services"
QUANTITY = "quantity"
HOURS = "hours"
RUBLES = "rubles"
MEASURES = (RECIPIENTS, SERVICES, QUANTITY, HOURS, RUBLES)

# Sources.
TOTALS = "totals"
PER_RECIPIENT = "per_recipient"
RECORDS = "records"


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    # The field that holds the dimension in each source; None when the source lacks it.
    totals: str | None
    per_recipient: str | None
    records: str | None
    # Attributes of the recipient are looked up per person and folded in (see attributes.py).
    of_recipient: bool = False


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in [
        Dimension("month", "Месяц", "month", "month", "month"),
        Dimension("department", "Отделение", "department_id", "department_id", "department_id"),
        Dimension("worker", "Сотрудник", "worker_id", "worker_id", "worker_id"),
        Dimension(
            "service_type",
            "Вид услуг",
            "service__service_type_id",
            None,
            "service__service_type_id",
        ),
        Dimension("service", "Услуга", "service_id", None, "service_id"),
        Dimension("recipient", "Получатель", None, "recipient_id", "recipient_id"),
        Dimension("benefit_category", "Льготная категория", None, None, None, of_recipient=True),
        Dimension("payment_condition", "Условие оплаты", None, None, None, of_recipient=True),
        Dimension("care_level", "Уровень нуждаемости", None, None, None, of_recipient=True),
    ]
}


@dataclass(frozen=True)
class Scope:
    """Whose work a report covers: an institution, some of its departments, one worker."""

    institution_id: int
    department_ids: tuple[int, ...] | None = None  # None: every department
    worker_id: int | None = None

    def q(self) -> Q:
        """A filter over any of the three sources (each has these three columns)."""
        condition = Q(institution_id=self.institution_id)
        if self.department_ids is not None:
            condition &= Q(department_id__in=self.department_ids)
        if self.worker_id is not None:
            condition &= Q(worker_id=self.worker_id)
        return condition

    def without_worker(self) -> "Scope":
        return replace(self, worker_id=None)


def _measure_expressions(source: str, measures: Sequence[str], distinct: bool) -> dict:
    expressions = {}
    for measure in measures:
        if measure == RECIPIENTS:
            if distinct:
                expressions[measure] = Count("recipient_id", distinct=True)
        elif measure == SERVICES:
            expressions[measure] = Count("pk") if source == RECORDS else Sum("records")
        elif measure == QUANTITY:
            expressions[measure] = Sum("quantity")
        elif measure == HOURS:
            expressions[measure] = Sum("norm_minutes")
        elif measure == RUBLES:
            if source == PER_RECIPIENT:
                expressions[measure] = Sum(F("amount_guaranteed") + F("amount_additional"))
            else:
                expressions[measure] = Sum("amount")
    return expressions


def _base(source: str, scope: Scope, first: datetime.date, last: datetime.date) -> QuerySet:
    """Rows of a source in scope: the months first..last of a monthly table, or the days
    first..last of the log (uses the (department|worker|institution, performed_on) indexes)."""
    if source == RECORDS:
        # Days within one month (an edge) carry that month as a constant: truncating every
        # date costs a function call per row on SQLite.
        if first.replace(day=1) == last.replace(day=1):
            month = Value(first.replace(day=1), output_field=DateField())
        else:
            month = TruncMonth("performed_on")
        return ServiceRecord.objects.filter(
            scope.q(), cancelled_at__isnull=True, performed_on__range=(first, last)
        ).annotate(month=month)
    model = MonthlyTotal if source == TOTALS else RecipientMonth
    # Rows whose every record was cancelled stay with zeros; they must not count as served.
    return model.objects.filter(scope.q(), month__range=(first, last), records__gt=0)


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _parts(
    period: Period, whole_source: str, split: bool
) -> list[tuple[str, datetime.date, datetime.date]]:
    """(source, first, last) pieces that cover the period exactly once."""
    months = period.whole_months()
    if months is None or whole_source == RECORDS or (not split and period.edges()):
        return [(RECORDS, period.start, period.end)]
    parts = [(whole_source, months[0], months[1])]
    parts += [(RECORDS, first, last) for first, last in period.edges()]
    return parts


def _source_for(keys: Sequence[str], measures: Sequence[str]) -> str:
    """The monthly table that has every key and measure asked for, or the log."""
    for source in (TOTALS, PER_RECIPIENT):
        has_keys = all(getattr(DIMENSIONS[k], source) for k in keys)
        has_measures = not (
            (source == TOTALS and RECIPIENTS in measures)
            or (source == PER_RECIPIENT and QUANTITY in measures)
        )
        if has_keys and has_measures:
            return source
    return RECORDS


def aggregate(
    scope: Scope,
    period: Period,
    dimensions: Sequence[str],
    measures: Sequence[str],
    *,
    as_of: datetime.date | None = None,
) -> list[dict]:
    """One dict per combination of dimension values: {dimension: key, …, measure: value, …}.

    Keys are ids (department, worker, service type, service, recipient), the first day of a
    month, or the codes of a recipient attribute. Hours come as hours (Decimal, 2 places).
    """
    unknown = [d for d in dimensions if d not in DIMENSIONS] + [
        m for m in measures if m not in MEASURES
    ]
    if unknown:
        raise ValueError(f"unknown dimension or measure: {unknown}")
    of_recipient = [d for d in dimensions if DIMENSIONS[d].of_recipient]
    keys = [d for d in dimensions if not DIMENSIONS[d].of_recipient]
    by_person = bool(of_recipient)
    if RECIPIENTS in measures and "month" not in keys and period.edges():
        # People over whole months and edges cannot be added up; rather than read the whole
        # period from the log, each part gives its distinct people and they are counted as
        # sets (rows: people × groups, never records).
        by_person = by_person or _source_for(keys, measures) != RECORDS
    if by_person and "recipient" not in keys:
        keys.append("recipient")
    distinct = RECIPIENTS in measures and "recipient" not in keys
    split = not distinct or "month" in keys
    whole_source = _source_for(keys, measures)
    merged: dict[tuple, dict] = {}
    for source, first, last in _parts(period, whole_source, split):
        fields = [getattr(DIMENSIONS[k], source) for k in keys]
        expressions = _measure_expressions(source, measures, distinct)
        base = _base(source, scope, first, last)
        if not expressions:
            rows = base.values(*fields).distinct().order_by()
        elif fields:
            rows = base.values(*fields).annotate(**expressions).order_by()
        else:
            # No dimension: one row over everything (values() without fields would group
            # by every column).
            rows = [base.aggregate(**expressions)]
        for row in rows:
            key = tuple(
                _as_date(row[f]) if k == "month" else row[f]
                for k, f in zip(keys, fields, strict=True)
            )
            target = merged.setdefault(key, {})
            for measure in measures:
                if measure in row:
                    target[measure] = target.get(measure, 0) + (row[measure] or 0)
    result = []
    for key, values in merged.items():
        row = dict(zip(keys, key, strict=True))
        row.update(values)
        if "recipient" in keys and RECIPIENTS in measures:
            row[RECIPIENTS] = 1
        result.append(row)
    if by_person and "recipient" not in dimensions:
        result = _fold(result, scope, period, dimensions, measures, of_recipient, as_of)
    for row in result:
        _finish(row, measures)
    return result


def _fold(rows, scope, period, dimensions, measures, of_recipient, as_of) -> list[dict]:
    """Replace the recipient key by the recipient's attributes: benefit categories (a person
    may have several, and then counts in each), payment condition, care level."""
    values = {}
    if of_recipient:
        people = Recipient.objects.filter(served_filter(scope, period, field="pk"))
        values = attributes.lookup(of_recipient, people, as_of or period.end)
    groups: dict[tuple, dict] = {}
    served: dict[tuple, set] = defaultdict(set)
    for row in rows:
        options = [values[d].get(row["recipient"], [attributes.NONE]) for d in of_recipient]
        for combination in product(*options):
            attribute_of = dict(zip(of_recipient, combination, strict=True))
            key = tuple(attribute_of[d] if d in attribute_of else row[d] for d in dimensions)
            target = groups.setdefault(key, {})
            for measure in measures:
                if measure != RECIPIENTS:
                    target[measure] = target.get(measure, 0) + (row.get(measure) or 0)
            served[key].add(row["recipient"])
    result = []
    for key, values_of in groups.items():
        row = dict(zip(dimensions, key, strict=True))
        row.update(values_of)
        if RECIPIENTS in measures:
            row[RECIPIENTS] = len(served[key])
        result.append(row)
    return result


def _finish(row: dict, measures: Sequence[str]) -> None:
    if SERVICES in measures:
        row[SERVICES] = int(row.get(SERVICES) or 0)
    if RECIPIENTS in measures:
        row[RECIPIENTS] = int(row.get(RECIPIENTS) or 0)
    if HOURS in measures:
        row[HOURS] = (Decimal(row.get(HOURS) or 0) / 60).quantize(HUNDREDTH)
    if RUBLES in measures:
        row[RUBLES] = Decimal(row.get(RUBLES) or 0).quantize(HUNDREDTH)
    if QUANTITY in measures:
        row[QUANTITY] = Decimal(row.get(QUANTITY) or 0).quantize(HUNDREDTH)


def total(scope: Scope, period: Period, measures: Sequence[str]) -> dict:
    """The measures over the whole scope and period (people served counted once)."""
    rows = aggregate(scope, period, [], measures)
    if rows:
        return rows[0]
    empty: dict = {}
    _finish(empty, measures)
    return empty


# The money of each recipient and month, for the fee: services of the ИППСУ (the fee is
# computed on them) and additional paid services (paid in full).


def served_filter(scope: Scope, period: Period, field: str = "recipient_id") -> Q:
    """Recipients who had at least one service in scope in the period, as subqueries (never
    as a list of ids, which would not fit a query for a large centre)."""
    parts = _parts(period, PER_RECIPIENT, split=True)
    condition = Q()
    for source, first, last in parts:
        ids = _base(source, scope, first, last).values("recipient_id")
        condition |= Q(**{f"{field}__in": ids})
    return condition


def recipient_months(scope: Scope, period: Period) -> list[dict]:
    """[{recipient, month, department, guaranteed, additional}] for every recipient served in
    scope (by the scope's worker, when it has one), with the amounts of all the workers of the
    scope's departments: the fee of a month is the recipient's, whoever did the work."""
    wider = scope.without_worker()
    result = []
    # The parts hold different months, so no key is in two of them.
    for source, first, last in _parts(period, PER_RECIPIENT, split=True):
        if source == RECORDS:
            guaranteed = Sum("amount", filter=Q(is_additional=False), default=ZERO)
            additional = Sum("amount", filter=Q(is_additional=True), default=ZERO)
        else:
            guaranteed, additional = Sum("amount_guaranteed"), Sum("amount_additional")
        rows = _base(source, wider, first, last)
        if scope.worker_id is not None:
            rows = rows.filter(served_filter(scope, period))
        rows = (
            rows.values("recipient_id", "month")
            .annotate(g=guaranteed, a=additional, d=Min("department_id"))
            .values_list("recipient_id", "month", "d", "g", "a")
            .order_by()
        )
        result += [
            {
                "recipient": recipient_id,
                "month": _as_date(month),
                "department": department_id,
                "guaranteed": g,
                "additional": a,
            }
            for recipient_id, month, department_id, g, a in rows
        ]
    return sorted(result, key=lambda r: (r["month"], r["recipient"]))


def movements(scope: Scope, period: Period) -> dict[int, dict[str, int]]:
    """{department id: {"enrolled": n, "discharged": n}}: постановка и снятие in the period."""
    enrolled = Q(enrolled_on__range=(period.start, period.end))
    discharged = Q(discharged_on__range=(period.start, period.end))
    entries = Enrolment.objects.filter(
        enrolled | discharged, recipient__institution_id=scope.institution_id
    )
    if scope.department_ids is not None:
        entries = entries.filter(department_id__in=scope.department_ids)
    rows = (
        entries.values("department_id")
        .annotate(enrolled=Count("pk", filter=enrolled), discharged=Count("pk", filter=discharged))
        .order_by()
    )
    return {
        r["department_id"]: {"enrolled": r["enrolled"], "discharged": r["discharged"]} for r in rows
    }


def on_service_filter(on_date: datetime.date) -> Exists:
    """Recipients (a filter over Recipient) who were on service on a date."""
    return Exists(
        Enrolment.objects.filter(recipient_id=OuterRef("pk"), enrolled_on__lte=on_date).filter(
            Q(discharged_on__isnull=True) | Q(discharged_on__gt=on_date)
        )
    )
