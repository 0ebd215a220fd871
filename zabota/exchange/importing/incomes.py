"""The import of monthly incomes (pensions and others) by СНИЛС, for the payment calculation.

A row is «СНИЛС, месяц, сумма[, вид дохода][, ФИО]»: the recipient's own income of that kind in
that month (ПП РФ от 23.12.2024 № 1873 counts every income of the 12 months). `plan_incomes`
reads the sheet and, in a fixed number of queries, the recipients and incomes already there;
it changes nothing. An existing amount is replaced («изменение»), an equal one left alone.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from zabota.core.validators import validate_snils
from zabota.exchange.importing import values
from zabota.exchange.importing.columns import (
    ImportField,
    Plan,
    RowError,
    header_spellings,
    match_columns,
    refused_cells,
    same_column_problems,
)
from zabota.exchange.importing.reading import Sheet, SheetRow
from zabota.exchange.importing.recipients import SNILS_CHUNK, _existing_by_snils
from zabota.exchange.importing.values import CellError
from zabota.organisation.models import Staff
from zabota.payments.models import MonthlyIncome
from zabota.recipients.models import Recipient
from zabota.rules.identifiers import snils_digits, snils_format
from zabota.rules.payment import format_rubles

DEFAULT_KIND = "пенсия"
# MonthlyIncome.amount: 12 digits, two of them after the comma.
MAX_AMOUNT = Decimal("9999999999.99")
EARLIEST_MONTH = datetime.date(2000, 1, 1)
KIND_MAX_LENGTH = MonthlyIncome._meta.get_field("kind").max_length
# Short names of incomes in the lists of the pension fund and of accountants.
KIND_ALIASES = {
    "едв": "ежемесячная денежная выплата",
    "зарплата": "заработная плата",
    "зп": "заработная плата",
    "пенсия по старости": "пенсия",
    "страховая пенсия": "пенсия",
    "страховая пенсия по старости": "пенсия",
}
MONTHS = {
    "январь": 1, "янв": 1, "февраль": 2, "фев": 2, "март": 3, "мар": 3, "апрель": 4, "апр": 4,
    "май": 5, "июнь": 6, "июн": 6, "июль": 7, "июл": 7, "август": 8, "авг": 8,
    "сентябрь": 9, "сен": 9, "сент": 9, "октябрь": 10, "окт": 10, "ноябрь": 11, "ноя": 11,
    "декабрь": 12, "дек": 12,
}  # fmt: skip
_MONTH_YEAR = re.compile(r"^(\d{1,2})[./-](\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[./-](\d{1,2})$")
_NAMED_MONTH = re.compile(r"^([а-яё]+)\.?\s+(\d{4})(?:\s*г\.?)?$")
_MONEY_NOISE = re.compile(r"(руб\.?|р\.|₽|\s)", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

FIELDS: list[ImportField] = [
    ImportField(
        "snils",
        "СНИЛС",
        ("снилс получателя", "страховой номер", "страховой номер ИЛС", "номер снилс"),
    ),
    ImportField(
        "month",
        "Месяц",
        ("период", "месяц начисления", "за месяц", "расчетный месяц", "месяц год", "дата"),
        "ММ.ГГГГ (например 01.2026) или дата",
    ),
    ImportField(
        "amount",
        "Сумма",
        (
            "сумма дохода",
            "сумма руб",
            "размер",
            "размер пенсии",
            "сумма пенсии",
            "начислено",
            "доход",
        ),
        "рубли, копейки через запятую",
    ),
    ImportField(
        "kind",
        "Вид дохода",
        ("вид", "вид выплаты", "наименование выплаты", "вид дохода выплаты"),
        "необязательно; если пусто — «пенсия»",
    ),
    ImportField(
        "full_name",
        "ФИО",
        ("ф и о", "фамилия имя отчество", "получатель", "фио получателя"),
        "необязательно: для сверки с карточкой",
    ),
]
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
TEMPLATE_KEYS = ["snils", "full_name", "month", "amount", "kind"]


def known_headers() -> set[str]:
    return header_spellings(FIELDS)


def auto_mapping(sheet: Sheet, remembered: dict[str, str] | None = None) -> dict[str, int]:
    return match_columns(sheet, FIELDS, remembered)


def mapping_problems(mapping: dict[str, int]) -> list[str]:
    problems = [
        f"Не найден столбец «{FIELDS_BY_KEY[key].label}»."
        for key in ("snils", "month", "amount")
        if key not in mapping
    ]
    return problems + same_column_problems(mapping, FIELDS)


@dataclass
class IncomeRow:
    number: int
    # "create", "update", "unchanged" or "error"
    action: str = "error"
    name: str = ""
    snils: str = ""
    file_name: str = ""
    month: datetime.date | None = None
    amount: Decimal | None = None
    kind: str = DEFAULT_KIND
    errors: list[RowError] = field(default_factory=list)
    existing: Recipient | None = None
    # The amount entered before for this recipient, month and kind (None: none).
    current: Decimal | None = None

    def change_lines(self) -> list[tuple[str, str, str]]:
        if self.action not in ("create", "update") or self.month is None:
            return []
        label = f"{self.kind[:1].upper()}{self.kind[1:]} за {self.month:%m.%Y}"
        before = format_rubles(self.current) if self.current is not None else "—"
        return [(label, before, format_rubles(self.amount))]


@dataclass
class IncomePlan(Plan):
    rows: list[IncomeRow]

    @property
    def affected(self) -> list[int]:
        """The recipients whose incomes the commit changes."""
        return sorted({r.existing.pk for r in self.rows if r.action in ("create", "update")})

    @property
    def digest(self) -> str:
        """A fingerprint of what the commit would do, including the amounts entered before."""
        data = [
            (
                r.number,
                r.action,
                r.existing.pk if r.existing else None,
                r.month.isoformat() if r.month else None,
                r.kind,
                str(r.amount),
                str(r.current),
            )
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def plan_incomes(
    sheet: Sheet,
    mapping: dict[str, int],
    *,
    actor: Staff,
    today: datetime.date | None = None,
) -> IncomePlan:
    """What every row would do: add an income, change one, leave it, or fail."""
    today = today or timezone.localdate()
    parsed = [_parse_row(row, mapping, today) for row in sheet.rows]
    found, out_of_scope = _existing_by_snils(actor, {r.snils for r in parsed if r.snils})
    first_seen: dict[tuple, int] = {}
    for row in parsed:
        if not row.snils:
            continue
        if row.snils in out_of_scope:
            row.errors.append(
                _error(row, "snils", "Получатель с этим СНИЛС есть в реестре вне вашего доступа.")
            )
        elif row.snils not in found:
            row.errors.append(
                _error(
                    row,
                    "snils",
                    f"Получателя с СНИЛС {snils_format(row.snils)} нет в реестре учреждения.",
                )
            )
        else:
            row.existing = found[row.snils]
            row.name = row.existing.full_name
            if row.file_name and not names_agree(row.file_name, row.existing):
                row.errors.append(
                    _error(
                        row,
                        "full_name",
                        f"ФИО «{row.file_name}» не совпадает с карточкой: "
                        f"{row.existing.full_name}. Проверьте СНИЛС.",
                    )
                )
        if row.month is not None:
            key = (row.snils, row.month, row.kind)
            if key in first_seen:
                row.errors.append(
                    _error(
                        row,
                        "",
                        f"Строка повторяет строку {first_seen[key]}: "
                        "тот же СНИЛС, месяц и вид дохода.",
                    )
                )
            else:
                first_seen[key] = row.number
    current = _current_amounts([r for r in parsed if r.existing and r.month])
    order = {f.label: index for index, f in enumerate(FIELDS)}
    for row in parsed:
        if row.errors:
            # In the order of the columns; a mistake of the row as a whole comes last.
            row.errors.sort(key=lambda e: order.get(e.column, len(order)))
            row.action = "error"
            continue
        row.current = current.get((row.existing.pk, row.month, row.kind))
        if row.current is None:
            row.action = "create"
        elif row.current != row.amount:
            row.action = "update"
        else:
            row.action = "unchanged"
    return IncomePlan(parsed)


def _parse_row(row: SheetRow, mapping: dict[str, int], today: datetime.date) -> IncomeRow:
    planned = IncomeRow(number=row.number)

    def cell(key: str) -> Any:
        return row.cell(mapping[key]) if key in mapping else None

    for key, message in refused_cells(row, mapping).items():
        planned.errors.append(_error(planned, key, message))

    planned.file_name = values.text(cell("full_name"))
    planned.name = planned.file_name
    raw_snils = values.digits_text(cell("snils"), 11)
    if not raw_snils:
        planned.errors.append(_error(planned, "snils", "Не заполнен СНИЛС."))
    else:
        try:
            values.run_validator(validate_snils, raw_snils)
            planned.snils = snils_digits(raw_snils)
        except CellError as error:
            planned.errors.append(_error(planned, "snils", str(error)))
    try:
        planned.month = parse_month(cell("month"), today)
    except CellError as error:
        planned.errors.append(_error(planned, "month", str(error)))
    try:
        planned.amount = parse_amount(cell("amount"))
    except CellError as error:
        planned.errors.append(_error(planned, "amount", str(error)))
    kind = " ".join(values.text(cell("kind")).lower().split())
    kind = KIND_ALIASES.get(kind, kind) or DEFAULT_KIND
    if len(kind) > KIND_MAX_LENGTH:
        planned.errors.append(
            _error(
                planned,
                "kind",
                f"Слишком длинное значение: не больше {KIND_MAX_LENGTH} знаков.",
            )
        )
    planned.kind = kind
    return planned


def parse_month(value: Any, today: datetime.date) -> datetime.date:
    """The first day of the month of «01.2026», «2026-01», «январь 2026» or any date in it."""
    if value is None or value == "":
        raise CellError("Не заполнен месяц.")
    if isinstance(value, float) and 1 <= value < 13:
        # «01.2026» typed in Excel becomes the number 1.2026 (and 1.2020 shows as 1.202).
        value = f"{value:.4f}"
    month = None
    if isinstance(value, str):
        raw = values.text(value).lower()
        if match := _MONTH_YEAR.match(raw):
            month = _month(int(match.group(2)), int(match.group(1)), raw)
        elif match := _YEAR_MONTH.match(raw):
            month = _month(int(match.group(1)), int(match.group(2)), raw)
        elif (match := _NAMED_MONTH.match(raw)) and match.group(1) in MONTHS:
            month = _month(int(match.group(2)), MONTHS[match.group(1)], raw)
    if month is None:
        try:
            day = values.date(value)
        except CellError:
            raise CellError(
                f"Не удалось прочитать месяц «{values.text(value)}»: "
                "пишите ММ.ГГГГ, например 01.2026."
            ) from None
        month = day.replace(day=1)
    if month > today.replace(day=1):
        raise CellError(
            f"Месяц {month:%m.%Y} ещё не наступил: доход будущего месяца не загружается."
        )
    if month < EARLIEST_MONTH:
        raise CellError(f"Слишком ранний месяц: {month:%m.%Y}.")
    return month


def _month(year: int, month: int, raw: str) -> datetime.date:
    if not 1 <= month <= 12:
        raise CellError(f"Нет такого месяца: «{raw}».")
    return datetime.date(year, month, 1)


def parse_amount(value: Any) -> Decimal:
    """Rubles as typed: «21 345,67», «21345.67 руб.», a number cell; not negative, kopecks only."""
    if value is None or value == "":
        raise CellError("Не заполнена сумма.")
    if isinstance(value, bool):
        raise CellError("Сумма должна быть числом.")
    if isinstance(value, int | float | Decimal):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = _MONEY_NOISE.sub("", str(value)).replace(",", ".")
    if not _NUMBER.match(text):
        raise CellError(
            f"Сумма «{values.text(value)}» — не число: пишите рубли и копейки, например 21345,67."
        )
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError("Сумма должна быть числом.") from None
    if amount < 0:
        raise CellError("Сумма не может быть отрицательной.")
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError("В сумме больше двух знаков после запятой: укажите рубли и копейки.")
    if amount > MAX_AMOUNT:
        raise CellError("Слишком большая сумма.")
    return amount.quantize(Decimal("0.01"))


def names_agree(text: str, recipient: Recipient) -> bool:
    """«Иванова Мария Петровна», «Иванова М. П.» and «ИВАНОВА М.П.» agree with the card."""

    def plain(value: str) -> str:
        return value.lower().replace("ё", "е")

    words = [plain(w) for w in re.split(r"[\s.]+", text) if w]
    if not words or words[0] != plain(recipient.last_name):
        return False
    # A patronymic of several words («Ахмед оглы») is compared word by word.
    names = [plain(recipient.first_name), *plain(recipient.middle_name).split()]
    given = words[1:]
    if len(given) > len(names):
        return False
    return all(
        word == name or (len(word) == 1 and name.startswith(word))
        for word, name in zip(given, names, strict=False)
    )


def _current_amounts(rows: list[IncomeRow]) -> dict[tuple, Decimal]:
    """{(recipient id, month, kind): amount} of the recipients' own incomes already entered."""
    amounts: dict[tuple, Decimal] = {}
    recipient_ids = sorted({r.existing.pk for r in rows})
    months = {r.month for r in rows}
    kinds = {r.kind for r in rows}
    for start in range(0, len(recipient_ids), SNILS_CHUNK):
        chunk = recipient_ids[start : start + SNILS_CHUNK]
        found = MonthlyIncome.objects.filter(
            recipient_id__in=chunk,
            family_member__isnull=True,
            month__in=months,
            kind__in=kinds,
        ).values_list("recipient_id", "month", "kind", "amount")
        for recipient_id, month, kind, amount in found:
            amounts[(recipient_id, month, kind)] = amount
    return amounts


def _error(row: IncomeRow, key: str, message: str) -> RowError:
    label = FIELDS_BY_KEY[key].label if key in FIELDS_BY_KEY else ""
    return RowError(row.number, label, message)


def snils_shown(row: IncomeRow) -> str:
    return snils_format(row.snils) if row.snils else ""
