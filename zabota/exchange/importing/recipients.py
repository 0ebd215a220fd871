"""The import of recipients: which columns mean what, and what each row would do to the registry.

`plan_recipients` reads nothing but the sheet, the mapping and (in a fixed number of queries)
the recipients and departments already there; it changes nothing. The services apply a plan.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from zabota.core.validators import validate_not_future, validate_plausible_date, validate_snils
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
from zabota.exchange.importing.reading import Sheet, SheetRow, normalise_header
from zabota.exchange.importing.values import CellError
from zabota.organisation.models import Department, Staff
from zabota.organisation.selectors import departments_for
from zabota.recipients.models import Gender, Recipient
from zabota.recipients.selectors import recipients_for
from zabota.rules.identifiers import snils_digits, snils_format
from zabota.rules.names import infer_gender

# Lookups of existing recipients go in chunks: SQLite allows 32 766 parameters per query.
SNILS_CHUNK = 5000
MAX_LENGTHS = {
    name: Recipient._meta.get_field(name).max_length
    for name in ("last_name", "first_name", "middle_name", "registration_address", "phone")
}
_MALE = {"м", "муж", "мужской", "m", "male"}
_FEMALE = {"ж", "жен", "женский", "f", "female"}
_NUMBER_SIGN = re.compile(r"№\s*(\d+)")


FIELDS: list[ImportField] = [
    ImportField("last_name", "Фамилия"),
    ImportField("first_name", "Имя"),
    ImportField("middle_name", "Отчество"),
    ImportField(
        "birth_date", "Дата рождения", ("д р", "др", "дата рожд", "дата рождения получателя")
    ),
    ImportField("gender", "Пол", (), "м или ж; если пусто — определяется по отчеству"),
    ImportField(
        "snils",
        "СНИЛС",
        ("снилс получателя", "страховой номер", "страховой номер ИЛС", "номер снилс"),
    ),
    ImportField(
        "address",
        "Адрес",
        (
            "адрес регистрации",
            "адрес проживания",
            "адрес места жительства",
            "место жительства",
            "адрес получателя",
        ),
        "адрес регистрации",
    ),
    ImportField("phone", "Телефон", ("тел", "контактный телефон", "номер телефона")),
    ImportField("department", "Отделение", ("номер отделения", "отделения"), "номер или название"),
    ImportField(
        "enrolled_on",
        "Дата постановки",
        ("дата постановки на обслуживание", "дата зачисления", "дата приема"),
        "необязательно; если пусто — дата загрузки",
    ),
    ImportField(
        "full_name",
        "ФИО",
        ("ф и о", "фамилия имя отчество", "фамилия, имя, отчество", "фио получателя"),
        "вместо трёх столбцов Фамилия, Имя, Отчество",
    ),
]
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
# The columns of the default template, in its order.
TEMPLATE_KEYS = [
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "gender",
    "snils",
    "address",
    "phone",
    "department",
]
# What a row changes on an existing card: import field -> model field.
MODEL_FIELDS = {
    "last_name": "last_name",
    "first_name": "first_name",
    "middle_name": "middle_name",
    "birth_date": "birth_date",
    "gender": "gender",
    "address": "registration_address",
    "phone": "phone",
    "department": "department",
}


def known_headers() -> set[str]:
    """Every spelling of every field, for finding the header row of a sheet."""
    return header_spellings(FIELDS)


def auto_mapping(sheet: Sheet, remembered: dict[str, str] | None = None) -> dict[str, int]:
    """{field key: column index}: the remembered header first, then the known spellings."""
    mapping = match_columns(sheet, FIELDS, remembered)
    if "last_name" in mapping and "full_name" in mapping:
        mapping.pop("full_name")
    return mapping


def mapping_problems(mapping: dict[str, int]) -> list[str]:
    """What the mapping lacks to be used at all (a wrong header), in Russian."""
    problems = []
    has_names = "last_name" in mapping and "first_name" in mapping
    if not has_names and "full_name" not in mapping:
        problems.append("Не найдены столбцы «Фамилия» и «Имя» (или один столбец «ФИО»).")
    for key in ("birth_date", "snils", "address"):
        if key not in mapping:
            problems.append(f"Не найден столбец «{FIELDS_BY_KEY[key].label}».")
    problems += same_column_problems(mapping, FIELDS)
    return problems


@dataclass
class PlannedRow:
    number: int
    # "create", "update", "unchanged" or "error"
    action: str = "error"
    name: str = ""
    snils: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    # {model field: (value now, value from the file)} for an update
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    existing: Recipient | None = None
    enrolled_on: datetime.date | None = None

    def change_lines(self) -> list[tuple[str, str, str]]:
        """[(label, before, after)] as text for the preview."""
        lines = []
        for name, (before, after) in self.changes.items():
            label = str(Recipient._meta.get_field(name).verbose_name)
            if name == "gender":
                before, after = _gender_label(before), _gender_label(after)
            lines.append((label[:1].upper() + label[1:], _shown(before), _shown(after)))
        return lines


@dataclass
class ImportPlan(Plan):
    rows: list[PlannedRow]

    @property
    def digest(self) -> str:
        """A fingerprint of what the commit would do, including the versions of updated cards."""
        data = [
            (
                r.number,
                r.action,
                r.existing.pk if r.existing else None,
                r.existing.version if r.existing else None,
                sorted((k, _plain(v)) for k, v in r.values.items()),
            )
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def plan_recipients(
    sheet: Sheet,
    mapping: dict[str, int],
    *,
    actor: Staff,
    today: datetime.date | None = None,
) -> ImportPlan:
    """What every row would do: create a card, update one matched by СНИЛС, or fail."""
    today = today or timezone.localdate()
    departments = list(departments_for(actor).filter(is_active=True))
    parsed = [_parse_row(row, mapping, departments) for row in sheet.rows]
    existing, out_of_scope = _existing_by_snils(actor, {r.snils for r in parsed if r.snils})
    first_seen: dict[str, int] = {}
    for row in parsed:
        if not row.snils:
            _plan_create(row, departments, today)
            continue
        if row.snils in first_seen:
            row.errors.append(
                _error(
                    row,
                    "snils",
                    f"Этот СНИЛС уже встречается в строке {first_seen[row.snils]} файла.",
                )
            )
            # The row's other mistakes are listed too: one round of corrections, not two.
            _plan_create(row, departments, today)
            continue
        first_seen[row.snils] = row.number
        if row.snils in out_of_scope:
            row.errors.append(
                _error(row, "snils", "Получатель с этим СНИЛС есть в реестре вне вашего доступа.")
            )
        elif row.snils in existing:
            _plan_update(row, existing[row.snils])
        else:
            _plan_create(row, departments, today)
    for row in parsed:
        if row.errors:
            row.action = "error"
    return ImportPlan(parsed)


def _parse_row(row: SheetRow, mapping: dict[str, int], departments) -> PlannedRow:
    planned = PlannedRow(number=row.number)

    def cell(key: str) -> Any:
        return row.cell(mapping[key]) if key in mapping else None

    for key, message in refused_cells(row, mapping).items():
        planned.errors.append(_error(planned, key, message))

    names = _names(row, mapping, planned)
    for key, value in names.items():
        planned.values[key] = value
    planned.name = " ".join(v for v in names.values() if v)

    raw_snils = values.digits_text(cell("snils"), 11)
    if not raw_snils:
        planned.errors.append(_error(planned, "snils", "Не заполнен СНИЛС."))
    else:
        try:
            values.run_validator(validate_snils, raw_snils)
            planned.snils = snils_digits(raw_snils)
        except CellError as error:
            planned.errors.append(_error(planned, "snils", str(error)))

    birth_date = _date(planned, "birth_date", cell("birth_date"), required=True)
    if birth_date:
        planned.values["birth_date"] = birth_date
    enrolled_on = _date(planned, "enrolled_on", cell("enrolled_on"))
    if enrolled_on and birth_date and enrolled_on < birth_date:
        planned.errors.append(
            _error(planned, "enrolled_on", "Дата постановки раньше даты рождения.")
        )
    planned.enrolled_on = enrolled_on

    gender_text = values.text(cell("gender")).lower().rstrip(".")
    if gender_text in _MALE:
        planned.values["gender"] = Gender.MALE
    elif gender_text in _FEMALE:
        planned.values["gender"] = Gender.FEMALE
    elif gender_text:
        planned.errors.append(
            _error(
                planned,
                "gender",
                f"Пол «{values.text(cell('gender'))}» не понятен: пишите «м» или «ж».",
            )
        )

    for key, model_field in (("address", "registration_address"), ("phone", "phone")):
        value = values.text(cell(key))
        if len(value) > MAX_LENGTHS[model_field]:
            planned.errors.append(_too_long(planned, key, MAX_LENGTHS[model_field]))
        elif value:
            planned.values[key] = value

    department_text = values.text(cell("department"))
    if department_text:
        department = _department(department_text, departments)
        if department is None:
            listed = "; ".join(f"{d.number} — {d.name}" for d in departments)
            planned.errors.append(
                _error(
                    planned,
                    "department",
                    f"Нет такого отделения: «{department_text}». "
                    f"Отделения учреждения: {listed or 'нет ни одного'}.",
                )
            )
        else:
            planned.values["department"] = department
    return planned


def _names(row: SheetRow, mapping: dict[str, int], planned: PlannedRow) -> dict[str, str]:
    if "last_name" not in mapping and "full_name" in mapping:
        # One column «ФИО»: surname, name, and the rest as the patronymic («Оглы» included).
        parts = [p for p in values.text(row.cell(mapping["full_name"])).split(" ") if p]
        if len(parts) < 2:
            planned.errors.append(
                _error(planned, "full_name", "В ФИО нужны хотя бы фамилия и имя.")
            )
        names = {
            "last_name": parts[0] if parts else "",
            "first_name": parts[1] if len(parts) > 1 else "",
            "middle_name": " ".join(parts[2:]),
        }
        columns = dict.fromkeys(names, "full_name")
    else:
        names = {
            key: values.text(row.cell(mapping[key])) if key in mapping else ""
            for key in ("last_name", "first_name", "middle_name")
        }
        columns = {key: key for key in names}
        for key in ("last_name", "first_name"):
            if not names[key]:
                planned.errors.append(
                    _error(
                        planned,
                        key,
                        f"Не заполнено обязательное поле «{FIELDS_BY_KEY[key].label}».",
                    )
                )
    for key, value in names.items():
        if len(value) > MAX_LENGTHS[key]:
            planned.errors.append(_too_long(planned, columns[key], MAX_LENGTHS[key]))
    return {key: proper_case(value) for key, value in names.items()}


def proper_case(name: str) -> str:
    """«ИВАНОВА-ПЕТРОВА» → «Иванова-Петрова»: lists typed in capitals would otherwise print
    capitals in every contract. A name written in mixed case is left as written (Мак-Грегор)."""
    if not (name.isupper() or name.islower()):
        return name
    return " ".join(
        "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
        for word in name.split(" ")
    )


def _date(planned: PlannedRow, key: str, raw: Any, *, required: bool = False):
    try:
        value = values.date(raw)
        if value is None:
            if required:
                raise CellError(f"Не заполнено обязательное поле «{FIELDS_BY_KEY[key].label}».")
            return None
        values.run_validator(validate_not_future, value)
        values.run_validator(validate_plausible_date, value)
        return value
    except CellError as error:
        planned.errors.append(_error(planned, key, str(error)))
        return None


def _department(text: str, departments: list[Department]) -> Department | None:
    wanted = normalise_header(text)
    for department in departments:
        if normalise_header(department.name) == wanted:
            return department
    match = _NUMBER_SIGN.search(text)
    number = match.group(1) if match else (text if text.isdigit() else None)
    if number is not None:
        for department in departments:
            if department.number == int(number):
                return department
    return None


def _existing_by_snils(actor: Staff, snils: set[str]) -> tuple[dict[str, Recipient], set[str]]:
    """The institution's recipients with these СНИЛС, in a fixed number of queries: the ones the
    person may see, and the numbers that belong to someone outside their scope."""
    found: dict[str, Recipient] = {}
    everyone: set[str] = set()
    numbers = sorted(snils)
    for start in range(0, len(numbers), SNILS_CHUNK):
        chunk = numbers[start : start + SNILS_CHUNK]
        found.update(
            (r.snils, r)
            for r in recipients_for(actor).filter(snils__in=chunk).select_related("department")
        )
        everyone.update(
            Recipient.objects.filter(
                institution_id=actor.institution_id, snils__in=chunk
            ).values_list("snils", flat=True)
        )
    return found, everyone - found.keys()


def _plan_update(row: PlannedRow, recipient: Recipient) -> None:
    row.existing = recipient
    birth_date = row.values.get("birth_date")
    if (
        birth_date
        and birth_date != recipient.birth_date
        and row.values.get("last_name")
        and row.values["last_name"].lower() != recipient.last_name.lower()
    ):
        # A different surname and a different birth date under one СНИЛС is a mistyped number
        # far more often than a real change of both.
        row.errors.append(
            _error(
                row,
                "snils",
                f"СНИЛС принадлежит другому получателю: {recipient.full_name}, "
                f"{recipient.birth_date:%d.%m.%Y}. Проверьте номер.",
            )
        )
        return
    for key, value in row.values.items():
        # An empty cell keeps what the card says: a file never erases data.
        if value in ("", None):
            continue
        model_field = MODEL_FIELDS[key]
        current = getattr(recipient, model_field)
        if key in ("last_name", "first_name", "middle_name") and current.lower() == value.lower():
            continue
        if current != value:
            row.changes[model_field] = (current, value)
    row.action = "update" if row.changes else "unchanged"


def _plan_create(row: PlannedRow, departments: list[Department], today: datetime.date) -> None:
    if "gender" not in row.values and row.values.get("last_name"):
        inferred = infer_gender(row.name)
        if inferred is None:
            row.errors.append(
                _error(
                    row,
                    "gender",
                    "Пол не указан и не определяется по ФИО: укажите «м» или «ж».",
                )
            )
        else:
            row.values["gender"] = inferred
    if "address" not in row.values:
        row.errors.append(_error(row, "address", "Не заполнен адрес."))
    department_label = FIELDS_BY_KEY["department"].label
    if "department" not in row.values and not any(e.column == department_label for e in row.errors):
        if len(departments) == 1:
            row.values["department"] = departments[0]
        else:
            row.errors.append(_error(row, "department", "Не указано отделение."))
    if row.enrolled_on is None:
        row.enrolled_on = today
    if not row.errors:
        _model_check(row)
    row.action = "create"


def _model_check(row: PlannedRow) -> None:
    """The card's own validators on the new card (without queries: no foreign keys checked)."""
    recipient = Recipient(snils=row.snils, **{MODEL_FIELDS[k]: v for k, v in row.values.items()})
    try:
        recipient.full_clean(
            exclude=["institution", "department", "social_worker", "caregiver"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        reverse = {v: k for k, v in MODEL_FIELDS.items()} | {"snils": "snils"}
        for name, messages in error.message_dict.items():
            for message in messages:
                row.errors.append(_error(row, reverse.get(name, ""), message))


def model_values(row: PlannedRow) -> dict[str, Any]:
    """The keyword arguments of recipient_register for a new card."""
    return {MODEL_FIELDS[k]: v for k, v in row.values.items()} | {"snils": row.snils}


def _error(row: PlannedRow, key: str, message: str) -> RowError:
    label = FIELDS_BY_KEY[key].label if key in FIELDS_BY_KEY else ""
    return RowError(row.number, label, message)


def _too_long(row: PlannedRow, key: str, limit: int) -> RowError:
    return _error(row, key, f"Слишком длинное значение: не больше {limit} знаков.")


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _gender_label(value: str) -> str:
    return str(Gender(value).label) if value in Gender.values else value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Department):
        return value.pk
    return value


def snils_shown(row: PlannedRow) -> str:
    return snils_format(row.snils) if row.snils else ""
