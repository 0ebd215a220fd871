"""What a regional export can contain: sources of rows and the fields of each, as a registry.

A *source* says what one row of the file is (a recipient served in the period; later a logged
service) and how to fetch the rows for a person and a period. A *field* is one value of a row,
named by a path such as `snils` or `enrolment.enrolled_on`. A saved `ExportMapping` is an ordered
list of (header, path). Other apps extend the catalogue from their `extensions` module:

    from zabota.exchange.catalogue import ExportField, register_fields
    register_fields("recipients", [ExportField("payment.fee", "Размер платы", get_fee, "Оплата",
                                               prepare=load_fees)])

or add a source of their own with `register_source` (rows of logged services, each with the
recipient fields under the prefix `recipient.` through `recipient_fields(prefix, of)`).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q

from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Staff
from zabota.recipients.models import BenefitCategory, Enrolment, Recipient
from zabota.rules.identifiers import snils_format


@dataclass(frozen=True)
class ExportField:
    path: str
    label: Any
    # row -> value (str, date, number or None)
    get: Callable[[Any], Any]
    group: str = ""
    # rows -> None: loads what `get` needs for all rows at once (one query, not one per row).
    prepare: Callable[[list], None] | None = None


@dataclass
class ExportSource:
    key: str
    label: Any
    # (staff, date_from, date_to) -> rows, already limited to what the person may see
    rows: Callable[[Staff, datetime.date, datetime.date], list]
    default_columns: list[tuple[str, str]]
    fields: dict[str, ExportField] = field(default_factory=dict)

    def field_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(group, [(path, label), …]), …] for a select with option groups."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for item in self.fields.values():
            groups.setdefault(str(item.group), []).append((item.path, str(item.label)))
        return list(groups.items())


SOURCES: dict[str, ExportSource] = {}


def register_source(source: ExportSource) -> None:
    SOURCES.setdefault(source.key, source)


def register_fields(source_key: str, fields: Iterable[ExportField]) -> None:
    source = SOURCES[source_key]
    for item in fields:
        source.fields.setdefault(item.path, item)


def get_source(key: str) -> ExportSource:
    return SOURCES[key]


@dataclass
class RecipientRow:
    """One recipient served in the period, with the period of service that overlaps it."""

    recipient: Recipient
    enrolment: Enrolment
    # What `prepare` hooks of other apps load for this row.
    extra: dict = field(default_factory=dict)


def recipient_rows(staff: Staff, date_from: datetime.date, date_to: datetime.date) -> list:
    """Recipients on service at any day of the period (their latest overlapping enrolment)."""
    enrolments = (
        Enrolment.objects.filter(recipient_scope(staff, "recipient__"))
        .filter(enrolled_on__lte=date_to)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=date_from))
        .select_related(
            "recipient__department",
            "recipient__institution",
            "recipient__social_worker",
            "recipient__caregiver",
            "discharge_reason",
        )
        .prefetch_related(
            Prefetch(
                "recipient__benefit_categories",
                queryset=BenefitCategory.objects.order_by("name"),
            )
        )
        .order_by("recipient_id", "-enrolled_on", "-pk")
    )
    latest: dict[int, RecipientRow] = {}
    for enrolment in enrolments:
        latest.setdefault(enrolment.recipient_id, RecipientRow(enrolment.recipient, enrolment))
    rows = list(latest.values())
    rows.sort(key=lambda r: (r.recipient.last_name, r.recipient.first_name, r.recipient.pk))
    return rows


def _join(values: Iterable[str]) -> str:
    return "; ".join(v for v in values if v)


def recipient_fields(prefix: str = "", of: Callable[[Any], Recipient] = lambda row: row.recipient):
    """The fields of a recipient's card, for any source whose rows reach a recipient."""

    def on(get: Callable[[Recipient], Any]) -> Callable[[Any], Any]:
        return lambda row: get(of(row))

    group = "Карточка получателя"
    documents = "Документ, удостоверяющий личность"
    service = "Обслуживание"
    items = [
        ("last_name", "Фамилия", lambda r: r.last_name, group),
        ("first_name", "Имя", lambda r: r.first_name, group),
        ("middle_name", "Отчество", lambda r: r.middle_name, group),
        ("full_name", "ФИО", lambda r: r.full_name, group),
        ("gender", "Пол (мужской/женский)", lambda r: r.get_gender_display(), group),
        ("gender_letter", "Пол (М/Ж)", lambda r: "М" if r.gender == "male" else "Ж", group),
        ("birth_date", "Дата рождения", lambda r: r.birth_date, group),
        ("birth_place", "Место рождения", lambda r: r.birth_place, group),
        ("snils", "СНИЛС (112-233-445 95)", lambda r: snils_format(r.snils), group),
        ("snils_digits", "СНИЛС (11 цифр)", lambda r: r.snils, group),
        ("registration_address", "Адрес регистрации", lambda r: r.registration_address, group),
        ("actual_address", "Адрес проживания", lambda r: r.actual_address, group),
        ("address", "Адрес обслуживания", lambda r: r.address, group),
        ("phone", "Телефон", lambda r: r.phone, group),
        ("document_type", "Вид документа", lambda r: r.document_type, documents),
        ("document_series", "Серия документа", lambda r: r.document_series, documents),
        ("document_number", "Номер документа", lambda r: r.document_number, documents),
        ("document_issued_on", "Дата выдачи", lambda r: r.document_issued_on, documents),
        ("document_issued_by", "Кем выдан", lambda r: r.document_issued_by, documents),
        (
            "document_issuer_code",
            "Код подразделения",
            lambda r: r.document_issuer_code,
            documents,
        ),
        (
            "benefit_categories",
            "Льготные категории",
            lambda r: _join(c.name for c in r.benefit_categories.all()),
            group,
        ),
        (
            "benefit_categories.egisso_code",
            "Коды льготных категорий ЕГИССО",
            lambda r: _join(c.egisso_code for c in r.benefit_categories.all()),
            group,
        ),
        (
            "disability_group",
            "Группа инвалидности",
            lambda r: r.get_disability_group_display() if r.disability_group else "",
            group,
        ),
        ("disability_until", "Инвалидность до", lambda r: r.disability_until, group),
        ("status", "Состояние", lambda r: r.get_status_display(), service),
        ("department.number", "Номер отделения", lambda r: r.department.number, service),
        ("department.name", "Отделение", lambda r: r.department.name, service),
        (
            "social_worker",
            "Социальный работник",
            lambda r: r.social_worker.full_name if r.social_worker else "",
            service,
        ),
        (
            "caregiver",
            "Сиделка (помощник по уходу)",
            lambda r: r.caregiver.full_name if r.caregiver else "",
            service,
        ),
        ("institution.name", "Учреждение", lambda r: r.institution.name, service),
        ("institution.inn", "ИНН учреждения", lambda r: r.institution.inn, service),
    ]
    return [
        ExportField(f"{prefix}{path}", label, on(get), group) for path, label, get, group in items
    ]


def enrolment_fields() -> list[ExportField]:
    group = "Период обслуживания"
    return [
        ExportField(
            "enrolment.enrolled_on",
            "Дата постановки на обслуживание",
            lambda row: row.enrolment.enrolled_on,
            group,
        ),
        ExportField("enrolment.basis", "Основание постановки", lambda r: r.enrolment.basis, group),
        ExportField(
            "enrolment.discharged_on",
            "Дата снятия с обслуживания",
            lambda row: row.enrolment.discharged_on,
            group,
        ),
        ExportField(
            "enrolment.discharge_reason",
            "Причина снятия",
            lambda row: str(row.enrolment.discharge_reason or ""),
            group,
        ),
        ExportField(
            "enrolment.department.number",
            "Отделение периода (номер)",
            _department_number,
            group,
        ),
    ]


def _department_number(row: RecipientRow) -> int:
    # The enrolment's department is the recipient's one unless they moved; avoid a query then.
    if row.enrolment.department_id == row.recipient.department_id:
        return row.recipient.department.number
    return row.enrolment.department.number


DEFAULT_RECIPIENT_COLUMNS = [
    ("Фамилия", "last_name"),
    ("Имя", "first_name"),
    ("Отчество", "middle_name"),
    ("Дата рождения", "birth_date"),
    ("Пол", "gender_letter"),
    ("СНИЛС", "snils"),
    ("Адрес", "address"),
    ("Телефон", "phone"),
    ("Льготные категории", "benefit_categories"),
    ("Отделение", "department.number"),
    ("Дата постановки", "enrolment.enrolled_on"),
    ("Дата снятия", "enrolment.discharged_on"),
    ("Причина снятия", "enrolment.discharge_reason"),
]

register_source(
    ExportSource(
        key="recipients",
        label="Получатели, обслуживавшиеся в периоде",
        rows=recipient_rows,
        default_columns=DEFAULT_RECIPIENT_COLUMNS,
    )
)
register_fields("recipients", recipient_fields())
register_fields("recipients", enrolment_fields())
