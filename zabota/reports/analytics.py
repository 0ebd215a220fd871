"""The analytics builder: any dimensions × measures over a period, as a table and a chart.

To add a dimension: describe where each source keeps it in `queries.DIMENSIONS` (or, for an
attribute of the recipient, look it up in `attributes.py`), name its values in
`labels.dimension_labels`, and offer it here in `CHOICES`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from zabota.core.tables import Column, Table
from zabota.reports.labels import dimension_labels, sort_key
from zabota.reports.periods import Period
from zabota.reports.queries import (
    DIMENSIONS,
    HOURS,
    RECIPIENTS,
    RUBLES,
    SERVICES,
    Scope,
    aggregate,
    total,
)

# What a head may pick, in the order of the form.
CHOICES = [
    "month",
    "department",
    "worker",
    "service_type",
    "service",
    "benefit_category",
    "payment_condition",
    "care_level",
]
MEASURE_CHOICES = {
    RECIPIENTS: ("Получатели, чел.", "int"),
    SERVICES: ("Услуги, ед.", "int"),
    HOURS: ("Часы по нормам", "number"),
    RUBLES: ("Сумма по тарифам, ₽", "money"),
}
MAX_DIMENSIONS = 3
# The chart shows at most this many series; the table has every row.
MAX_SERIES = 10


@dataclass
class Result:
    table: Table
    chart: dict
    rows: list[list]


def run(
    *,
    scope: Scope,
    period: Period,
    dimensions: list[str],
    measures: list[str],
    subtitle: str,
    today: datetime.date,
) -> Result:
    # Attributes of people (payment condition, care level) as they stood at the period's end,
    # or today for a period not yet over.
    rows = aggregate(scope, period, dimensions, measures, as_of=period.as_of(today))
    names = {d: dimension_labels(d, {r[d] for r in rows}, scope.institution_id) for d in dimensions}

    def order(row):
        return tuple(sort_key(names[d].get(row[d], ((2,), ""))[0]) for d in dimensions)

    rows.sort(key=order)
    table_rows = [
        [names[d].get(r[d], (None, str(r[d])))[1] for d in dimensions] + [r[m] for m in measures]
        for r in rows
    ]
    overall = total(scope, period, measures)
    totals = ["Итого"] + [""] * (len(dimensions) - 1) + [overall[m] for m in measures]
    notes = []
    if "benefit_category" in dimensions:
        notes.append(
            "Получатель с несколькими льготными категориями учитывается в каждой из них; "
            "итог — без повторов."
        )
    if RECIPIENTS in measures and dimensions:
        notes.append("Итог по получателям — число разных людей, а не сумма строк.")
    table = Table(
        title="Аналитика",
        subtitle=subtitle,
        sheet_name="Аналитика",
        columns=[Column(DIMENSIONS[d].label, 30) for d in dimensions]
        + [Column(MEASURE_CHOICES[m][0], 16, MEASURE_CHOICES[m][1]) for m in measures],
        rows=table_rows,
        totals=totals if dimensions else None,
        notes=notes,
    )
    return Result(table=table, chart=chart_data(rows, names, dimensions, measures), rows=table_rows)


def chart_data(rows: list[dict], names: dict, dimensions: list[str], measures: list[str]) -> dict:
    """Chart.js data: the first dimension along the axis, the second (if any) as series, the
    first measure as the value (one axis, one unit). With a third dimension the values would
    have to be added up across it, which is wrong for people counted once: no chart then."""
    if not dimensions or not measures or len(dimensions) > 2:
        return {}
    measure = measures[0]
    first = dimensions[0]
    axis = []
    for row in rows:
        if row[first] not in axis:
            axis.append(row[first])
    labels = [names[first].get(k, (None, str(k)))[1] for k in axis]
    series: dict = {}
    if len(dimensions) == 1:
        series[MEASURE_CHOICES[measure][0]] = {row[first]: row[measure] for row in rows}
    else:
        second = dimensions[1]
        totals: dict = {}
        for row in rows:
            totals[row[second]] = totals.get(row[second], 0) + row[measure]
        largest = sorted(totals, key=lambda k: totals[k], reverse=True)[:MAX_SERIES]
        for key in sorted(largest, key=lambda k: sort_key(names[second].get(k, ((2,), ""))[0])):
            label = names[second].get(key, (None, str(key)))[1]
            values: dict = {}
            for row in rows:
                if row[second] == key:
                    values[row[first]] = values.get(row[first], 0) + row[measure]
            series[label] = values
    return {
        "type": "line" if first == "month" and len(axis) > 2 else "bar",
        "labels": labels,
        "measure": MEASURE_CHOICES[measure][0],
        "datasets": [
            {"label": label, "data": [_number(values.get(k, 0)) for k in axis]}
            for label, values in series.items()
        ],
        "truncated": len(dimensions) > 1 and len(series) >= MAX_SERIES,
    }


def _number(value):
    return float(value) if isinstance(value, Decimal) else value
