"""The catalog as an XLSX file: the columns, the export and the parsing of an import.

The file a centre loads is the one the catalog page exports: a title, then a header row
starting with «Код», then one service a row. Columns are found by their headers, so their order
may change; see docs/catalog-programs-payment.md for the list.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zabota.catalog.models import ServiceType
from zabota.core.spreadsheets import (
    ReadLimits,
    SpreadsheetTooBig,
    bounded_rows,
    too_many_rows,
    xlsx_rows,
)
from zabota.core.tables import Column, Table
from zabota.core.text import cell_refusal

MAX_FILE_BYTES = 5 * 1024 * 1024
# Services of a catalog; the file is read under the import limits (docs/security.md) with
# this row limit instead of ZABOTA_IMPORT_MAX_ROWS.
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 20

# (key, header as printed, width, kind for the export)
COLUMNS = [
    ("code", "Код", 10, "text"),
    ("type", "Вид услуги (1–8)", 10, "int"),
    ("name", "Наименование", 60, "text"),
    ("unit", "Единица", 12, "text"),
    ("minutes", "Норма времени, мин", 12, "int"),
    ("price", "Тариф, ₽", 12, "money"),
    ("effective_from", "Тариф действует с", 14, "date"),
    ("additional", "Дополнительная платная", 14, "text"),
    ("care", "Уход (СДУ)", 10, "text"),
    ("periodicity", "Периодичность", 24, "text"),
    ("active", "Используется", 12, "text"),
]
HEADERS = {key: header for key, header, _width, _kind in COLUMNS}
REQUIRED = ("code", "type", "name", "minutes")
YES = {"да", "д", "yes", "y", "1", "+", "true", "истина", "x", "х", "v"}
NO = {"нет", "н", "no", "n", "0", "-", "false", "ложь", ""}


@dataclass
class CatalogRow:
    row_number: int
    code: str
    service_type: ServiceType
    name: str
    unit: str
    time_norm_minutes: int
    price: Decimal | None
    effective_from: datetime.date | None
    is_additional: bool
    is_care: bool
    periodicity_hint: str
    is_active: bool


@dataclass
class RowError:
    row: int  # the row number as Excel shows it; 0 for the file as a whole
    messages: list[str]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    tariffs_added: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (
            f"строк: {self.rows}; новых услуг: {self.created}; изменено: {self.updated}; "
            f"тарифов добавлено: {self.tariffs_added}"
        )


def catalog_table(services, prices: dict[int, tuple[Decimal, datetime.date]], title: str) -> Table:
    """The catalog as a Table; the same columns the import reads back."""
    return Table(
        title=title,
        sheet_name="Каталог услуг",
        columns=[Column(header, width, kind) for _key, header, width, kind in COLUMNS],
        rows=(
            [
                s.code,
                s.service_type.code,
                s.name,
                s.unit,
                s.time_norm_minutes,
                prices.get(s.pk, (None, None))[0],
                prices.get(s.pk, (None, None))[1],
                "да" if s.is_additional else "нет",
                "да" if s.is_care else "нет",
                s.periodicity_hint,
                "да" if s.is_active else "нет",
            ]
            for s in services
        ),
        notes=[
            "",
            "Вид услуги — номер вида по ст. 20 442-ФЗ: 1 социально-бытовые, 2 социально-"
            "медицинские, 3 социально-психологические, 4 социально-педагогические, "
            "5 социально-трудовые, 6 социально-правовые, 7 коммуникативный потенциал, 8 срочные.",
        ],
    )


def parse_catalog(content: bytes) -> tuple[list[CatalogRow], ImportReport]:
    """Read and check every row; the report lists each bad row with its reasons."""
    report = ImportReport()
    if len(content) > MAX_FILE_BYTES:
        report.errors.append(RowError(0, ["Файл больше 5 МБ: это не похоже на каталог услуг."]))
        return [], report
    try:
        limits = ReadLimits.from_settings(max_rows=MAX_ROWS)
        _title, sheet_rows = xlsx_rows(content, limits)
        # (row number as Excel shows it, cells) of the filled rows
        values = list(_limited(bounded_rows(sheet_rows, limits), MAX_ROWS))
    except SpreadsheetTooBig as error:
        report.errors.append(RowError(0, [str(error)]))
        return [], report
    except Exception:  # openpyxl raises many kinds of errors on a file that is not XLSX
        report.errors.append(
            RowError(
                0,
                [
                    "Файл не читается как таблица Excel (.xlsx). Сохраните его в формате "
                    "«Книга Excel (.xlsx)» и загрузите снова."
                ],
            )
        )
        return [], report
    header_index, positions = _find_header(values)
    if header_index is None:
        report.errors.append(
            RowError(
                0,
                [
                    "Не найдена строка заголовков: первая колонка должна называться «Код», "
                    "нужны колонки «Вид услуги», «Наименование», «Норма времени, мин». "
                    "Возьмите за образец выгрузку каталога."
                ],
            )
        )
        return [], report
    types = {t.code: t for t in ServiceType.objects.all()}
    types_by_name = {t.name.lower(): t for t in types.values()}
    rows: list[CatalogRow] = []
    seen: dict[str, int] = {}
    header_number = values[header_index][0]
    for row_number, raw in values[header_index + 1 :]:
        if row_number - header_number > MAX_ROWS:
            report.errors.append(RowError(0, [str(too_many_rows(MAX_ROWS))]))
            return [], report
        cells = {key: _cell(raw, index) for key, index in positions.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        # The notes under the table of an exported file: text in the first cell only.
        if cells.get("code") and all(
            cells.get(k) in (None, "") for k in ("type", "name", "minutes")
        ):
            text = str(cells["code"])
            if len(text) > 30 and " " in text:
                continue
        report.rows += 1
        row, messages = _parse_row(row_number, cells, types, types_by_name)
        if row is not None and row.code in seen:
            messages.append(f"код {row.code} уже встречался в строке {seen[row.code]}")
        if messages:
            report.errors.append(RowError(row_number, messages))
        elif row is not None:
            seen[row.code] = row_number
            rows.append(row)
    if not report.rows and not report.errors:
        report.errors.append(RowError(0, ["В файле нет ни одной услуги под заголовками."]))
    return rows, report


def _limited(rows, limit: int):
    """Rows as read, the reading stopped once more rows than a catalog may have are past (the
    check under the header says so)."""
    for count, row in enumerate(rows):
        yield row
        if count > limit + HEADER_SEARCH_ROWS:
            return


def _find_header(values) -> tuple[int | None, dict[str, int]]:
    for index, (_number, raw) in enumerate(values[:HEADER_SEARCH_ROWS]):
        texts = [_norm(v) for v in raw]
        if not texts or texts[0] != "код":
            continue
        positions: dict[str, int] = {}
        # Exact headers first, then a header that starts the same way («Вид услуги» alone).
        for exact in (True, False):
            for key, header, _width, _kind in COLUMNS:
                if key in positions:
                    continue
                wanted = _norm(header)
                short = wanted.split(" (")[0].split(",")[0]
                for column, text in enumerate(texts):
                    if column in positions.values() or not text:
                        continue
                    if text == wanted or (not exact and text.startswith(short)):
                        positions[key] = column
                        break
        if all(key in positions for key in REQUIRED):
            return index, positions
    return None, {}


def _norm(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower()


def _cell(raw, index: int):
    value = raw[index] if index < len(raw) else None
    if isinstance(value, str):
        value = value.strip()
    return value


def _parse_row(row_number, cells, types, types_by_name) -> tuple[CatalogRow | None, list[str]]:
    messages: list[str] = [
        f"«{HEADERS[key]}»: {refusal}"
        for key, value in cells.items()
        if isinstance(value, str) and (refusal := cell_refusal(value))
    ]
    code = _text(cells.get("code"))
    if not code:
        messages.append("не указан код услуги")
    elif len(code) > 30:
        messages.append("код длиннее 30 знаков")
    name = _text(cells.get("name"))
    if not name:
        messages.append("не указано наименование")
    elif len(name) > 500:
        messages.append("наименование длиннее 500 знаков")
    service_type = _service_type(cells.get("type"), types, types_by_name)
    if service_type is None:
        messages.append(
            f"вид услуги «{_text(cells.get('type'))}» не найден: укажите номер от 1 до 8"
        )
    minutes = _integer(cells.get("minutes"))
    if minutes is None or not 1 <= minutes <= 24 * 60:
        messages.append(
            f"норма времени «{_text(cells.get('minutes'))}» — нужно целое число минут от 1 до 1440"
        )
    unit = _text(cells.get("unit")) or "услуга"
    if len(unit) > 30:
        messages.append("единица длиннее 30 знаков")
    price = None
    raw_price = cells.get("price")
    if raw_price not in (None, ""):
        price = _money(raw_price)
        if price is None:
            messages.append(f"тариф «{_text(raw_price)}» — нужна сумма в рублях, например 55,00")
    effective_from = _date(cells.get("effective_from"))
    if price is not None and effective_from is None:
        if cells.get("effective_from") in (None, ""):
            messages.append("для тарифа не указана дата, с которой он действует")
        else:
            messages.append(
                f"дата «{_text(cells.get('effective_from'))}» не читается: пишите ДД.ММ.ГГГГ"
            )
    flags = {}
    for key, label, default in (
        ("additional", "дополнительная платная", False),
        ("care", "уход (СДУ)", False),
        ("active", "используется", True),
    ):
        flags[key] = _flag(cells.get(key), default)
        if flags[key] is None:
            messages.append(f"«{label}»: напишите «да» или «нет»")
    periodicity = _text(cells.get("periodicity"))
    if len(periodicity) > 100:
        messages.append("периодичность длиннее 100 знаков")
    if messages:
        return None, messages
    return (
        CatalogRow(
            row_number=row_number,
            code=code,
            service_type=service_type,
            name=name,
            unit=unit,
            time_norm_minutes=minutes,
            price=price,
            effective_from=effective_from,
            is_additional=flags["additional"],
            is_care=flags["care"],
            periodicity_hint=periodicity,
            is_active=flags["active"],
        ),
        [],
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def _service_type(value, types, types_by_name):
    number = _integer(value)
    if number is not None:
        return types.get(number)
    text = _text(value).lower()
    if not text:
        return None
    match = re.match(r"^(\d)[.)\s]", text)
    if match:
        return types.get(int(match.group(1)))
    return types_by_name.get(text)


def _integer(value) -> int | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip().replace(" ", "").replace("\xa0", "")
    return int(text) if text.isdigit() else None


def _money(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        # A spreadsheet stores 38.43 as a binary float: read it back as the shortest decimal.
        text = repr(value)
    else:
        text = str(value).strip().replace("\xa0", "").replace(" ", "").replace("₽", "")
        text = text.replace("руб.", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000"):
        return None
    if amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _flag(value, default: bool) -> bool | None:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None
