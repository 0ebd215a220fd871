"""Form № 6-собес, раздел 1 «Сведения об организациях, осуществляющих социальное обслуживание в
форме социального обслуживания на дому» (Приказ Росстата от 06.10.2017 № 662; the order
that replaced it is not confirmed, see docs/reports.md and regulations.md §5).

Row 2 is the number of services rendered, the sum of rows 3–10, one row per type of social
services of 442-ФЗ ст. 20 (catalog.ServiceType.sobes_row). A service counts once per record of
the service log, whatever its quantity (32.5 м² of floor washed is one service rendered).
The number of people served is printed as an extra row: its row number in the form is cut
off in every copy found.
"""

import datetime

from zabota.catalog.models import ServiceType
from zabota.core.tables import Column, Table
from zabota.organisation.models import Institution
from zabota.reports.builders import KIND_SOBES, Report, _title_subtitle
from zabota.reports.periods import Period
from zabota.reports.queries import RECIPIENTS, SERVICES, Scope, aggregate, total

# Columns 3–7 of раздел 1: all home-service organisations and the kinds of them.
ORGANISATION_COLUMNS = {
    4: "специализированные службы социально-медицинского обслуживания",
    6: "центры социальной помощи",
    7: "иные организации, предоставляющие услуги на дому",
}
DEFAULT_COLUMN = 7
EXTRA_ROW = "доп."


def sobes_table(
    *,
    institution: Institution,
    scope: Scope,
    period: Period,
    column: int = DEFAULT_COLUMN,
    partial_scope: str = "",
) -> tuple[Table, dict]:
    """The table and its numbers by row ({1: …, 2: …, …, "доп.": people served})."""
    by_type = {
        r["service_type"]: r[SERVICES]
        for r in aggregate(scope, period, ["service_type"], [SERVICES])
    }
    values: dict = {1: 1}
    labels = {1: "Число организаций, единиц", 2: "Число оказанных услуг (всего), единиц"}
    for service_type in ServiceType.objects.order_by("sobes_row", "code"):
        row = service_type.sobes_row
        values[row] = values.get(row, 0) + by_type.get(service_type.pk, 0)
        name = service_type.name[:1].lower() + service_type.name[1:]
        labels.setdefault(row, f"в том числе: {name}" if row == 3 else name)
    # Row 2 = Σ rows 3–10 (the form's own control).
    values[2] = sum(values.get(row, 0) for row in range(3, 11))
    values[EXTRA_ROW] = total(scope, period, [RECIPIENTS])[RECIPIENTS]
    labels[EXTRA_ROW] = (
        "Численность граждан, получивших услуги на дому, человек "
        "(дополнительная строка: номер строки в форме не подтверждён)"
    )
    rows = []
    for row in [1, 2, *range(3, 11), EXTRA_ROW]:
        value = values.get(row, 0)
        cells = [labels.get(row, ""), str(row), value]
        # The other kinds of organisation stay empty, as on the paper form.
        cells += [value if column == number else "" for number in (4, 5, 6, 7)]
        rows.append(cells)
    notes = [
        "Раздел 1 формы № 6-собес (Приказ Росстата от 06.10.2017 № 662; действующая редакция "
        "формы не подтверждена — сверьте номера строк и граф с указаниями по заполнению).",
        f"Учреждение отнесено к графе {column} «{ORGANISATION_COLUMNS[column]}»; "
        "графа 3 = графа 4 + графа 6 + графа 7.",
        "Строка 2 = сумма строк 3–10; услуга считается один раз на запись журнала, "
        "независимо от количества (м², кг).",
    ]
    if partial_scope:
        notes.append(partial_scope)
    table = Table(
        title="Раздел 1. Сведения об организациях, осуществляющих социальное обслуживание "
        "в форме социального обслуживания на дому",
        sheet_name="6-собес раздел 1",
        columns=[
            Column("Наименование показателя", 60),
            Column("№ строки", 8),
            Column("Всего организаций на дому (гр. 3)", 14, "int"),
            Column(f"{ORGANISATION_COLUMNS[4]} (гр. 4)", 16, "int"),
            Column("в том числе (гр. 5)", 12, "int"),
            Column(f"{ORGANISATION_COLUMNS[6]} (гр. 6)", 14, "int"),
            Column(f"{ORGANISATION_COLUMNS[7]} (гр. 7)", 16, "int"),
        ],
        rows=rows,
        notes=notes,
    )
    return table, values


def sobes_report(
    *,
    institution: Institution,
    scope: Scope,
    period: Period,
    today: datetime.date,
    column: int = DEFAULT_COLUMN,
    partial_scope: str = "",
) -> Report:
    table, values = sobes_table(
        institution=institution,
        scope=scope,
        period=period,
        column=column,
        partial_scope=partial_scope,
    )
    title, subtitle = _title_subtitle(KIND_SOBES, str(institution), period, today)
    table.subtitle = f"{institution.name}, {period.label}"
    warnings = []
    if not values[2]:
        warnings.append(f"{period.label.capitalize()} не записано ни одной оказанной услуги.")
    return Report(
        kind=KIND_SOBES,
        title=title,
        subtitle=subtitle,
        tables=[table],
        filename=f"6-собес {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.xlsx",
        warnings=warnings,
    )


ROWS = [1, 2, *range(3, 11), EXTRA_ROW]


def sobes_consolidated(
    *,
    institutions: list[Institution],
    period: Period,
    today: datetime.date,
    column: int = DEFAULT_COLUMN,
    title_of: str = "Свод по учреждениям",
) -> Report:
    """6-собес of several institutions (a supervisor's, `report --supervisor`): each
    institution's table built as its own report builds it, the rows summed on the first sheet
    and one column per institution on the second, so the sum can be checked against each.
    Row 1 (the number of organisations) sums to their count, as the form's total does."""
    if not institutions:
        raise ValueError("a consolidated 6-собес needs at least one institution")
    built = [
        (
            institution,
            *sobes_table(
                institution=institution,
                scope=Scope(institution_id=institution.pk),
                period=period,
                column=column,
            ),
        )
        for institution in institutions
    ]
    summed = sobes_sum([values for _, _, values in built])
    # The first sheet: the form's own table (labels, columns, notes) with the summed numbers.
    table = built[0][1]
    table.rows = [
        [
            cells[0],
            cells[1],
            summed[row],
            *[summed[row] if column == n else "" for n in (4, 5, 6, 7)],
        ]
        for cells, row in zip(table.rows, ROWS, strict=True)
    ]
    table.subtitle = f"{title_of}, {period.label}"
    table.notes = [
        *table.notes,
        f"Сумма по учреждениям ({len(built)}); по каждому — на листе «По учреждениям».",
    ]
    by_institution = Table(
        title="6-собес, раздел 1, по учреждениям",
        sheet_name="По учреждениям",
        columns=[
            Column("Наименование показателя", 60),
            Column("№ строки", 8),
            Column("Итого", 12, "int"),
            *[Column(str(institution), 18, "int") for institution, _, _ in built],
        ],
        rows=[
            [cells[0], cells[1], summed[row], *[values.get(row, 0) for _, _, values in built]]
            for cells, row in zip(table.rows, ROWS, strict=True)
        ],
        subtitle=table.subtitle,
    )
    title, subtitle = _title_subtitle(KIND_SOBES, title_of, period, today)
    warnings = [] if summed[2] else [f"{period.label.capitalize()} не записано ни одной услуги."]
    return Report(
        kind=KIND_SOBES,
        title=title,
        subtitle=subtitle,
        tables=[table, by_institution],
        filename=f"6-собес свод {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.xlsx",
        warnings=warnings,
    )


def sobes_sum(values_of: list[dict]) -> dict:
    """The rows of several institutions' tables added up, every row present."""
    return {row: sum(values.get(row, 0) for values in values_of) for row in ROWS}
