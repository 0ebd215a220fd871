"""What every kind of import shares: its fields with their header spellings, the matching of a
file's columns to them, and an error of a row as the row report shows it."""

from dataclasses import dataclass
from typing import Any

from zabota.core.text import cell_refusal
from zabota.exchange.importing.reading import Sheet, SheetRow, normalise_header


@dataclass(frozen=True)
class ImportField:
    key: str
    # The header of the default template, also shown on the mapping screen.
    label: str
    # Other spellings found in centres' lists (compared after normalise_header).
    aliases: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Строка {self.row}"
        if self.column:
            where += f", «{self.column}»"
        return f"{where}: {self.message}"


def header_spellings(fields: list[ImportField]) -> set[str]:
    """Every spelling of every field, for finding the header row of a sheet."""
    return {normalise_header(h) for f in fields for h in (f.label, *f.aliases)}


def match_columns(
    sheet: Sheet, fields: list[ImportField], remembered: dict[str, str] | None = None
) -> dict[str, int]:
    """{field key: column index}: the remembered header first, then the known spellings."""
    normalised = [normalise_header(h) for h in sheet.headers]
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    for import_field in fields:
        wanted = []
        if remembered and remembered.get(import_field.key):
            wanted.append(normalise_header(remembered[import_field.key]))
        wanted += [normalise_header(h) for h in (import_field.label, *import_field.aliases)]
        for name in wanted:
            index = next(
                (i for i, h in enumerate(normalised) if h == name and i not in taken), None
            )
            if index is not None:
                mapping[import_field.key] = index
                taken.add(index)
                break
    return mapping


def same_column_problems(mapping: dict[str, int], fields: list[ImportField]) -> list[str]:
    labels = {f.key: f.label for f in fields}
    problems = []
    used: dict[int, str] = {}
    for key, index in mapping.items():
        if index in used:
            problems.append(
                f"Один и тот же столбец выбран для «{labels[used[index]]}» и «{labels[key]}»."
            )
        used[index] = key
    return problems


def refused_cells(row: SheetRow, mapping: dict[str, int]) -> dict[str, str]:
    """{field key: message} for the cells of the row's mapped columns that hold a control
    character (zabota.core.text): the row fails, nothing is saved, the person fixes the file."""
    refused = {}
    for key, index in mapping.items():
        value = row.cell(index)
        message = cell_refusal(value) if isinstance(value, str) else None
        if message:
            refused[key] = message
    return refused


@dataclass
class Plan:
    """What an import would do, row by row, before anything is saved: each kind's plan extends
    it (zabota.exchange.importing.recipients.ImportPlan, .incomes.IncomePlan). A row has an
    `action` («create», «update», «unchanged», «error») and its `errors`."""

    rows: list[Any]

    def of(self, action: str) -> list[Any]:
        return [r for r in self.rows if r.action == action]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            counts[row.action] += 1
        counts["rows"] = len(self.rows)
        return counts
