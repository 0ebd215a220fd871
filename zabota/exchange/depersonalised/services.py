"""Building the depersonalised table (one row per recipient and month) and the file.

Nothing identifying leaves: no name, СНИЛС, document, phone, street, house or exact date. Rows are
ordered by pseudonym, never by name, so their order says nothing either. The secret of the
pseudonyms (PseudonymKey) is created on the first export and stays in the database.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.catalog.models import ServiceType
from zabota.delivery.models import RecipientMonth, ServiceRecord
from zabota.exchange.exporting import ExportSettings, write_file
from zabota.exchange.models import ExportFormat, PseudonymKey
from zabota.organisation.access import recipient_scope
from zabota.organisation.models import Institution, Staff
from zabota.recipients.models import Gender, Recipient
from zabota.rules.depersonalise import locality, pseudonym

logger = logging.getLogger(__name__)

MINUTES_IN_HOUR = Decimal(60)
HOURS_STEP = Decimal("0.01")


@dataclass(frozen=True)
class Period:
    """Whole months: the monthly totals the table reads are kept per month."""

    first: datetime.date  # the first day of the first month
    last: datetime.date  # the last day of the last month

    @classmethod
    def of(cls, date_from: datetime.date, date_to: datetime.date) -> "Period":
        after = (date_to.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        return cls(date_from.replace(day=1), after - datetime.timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.first:%m.%Y}–{self.last:%m.%Y}"


def pseudonym_secret(institution: Institution) -> bytes:
    """The institution's secret, made once (two first exports at the same moment share it)."""
    key = PseudonymKey.objects.filter(institution=institution).first()
    if key is None:
        try:
            with transaction.atomic():
                key = PseudonymKey.objects.create(institution=institution)
        except IntegrityError:
            key = PseudonymKey.objects.get(institution=institution)
    return key.secret.encode()


def headers(types: list[ServiceType]) -> list[str]:
    return [
        "Псевдоним",
        "Год рождения",
        "Пол",
        "Населённый пункт, район",
        "Отделение",
        "Группа инвалидности",
        "Бесплатно по льготной категории",
        "Месяц",
        "Оказано услуг",
        "Время по норме, ч",
        "Стоимость услуг ИППСУ, ₽",
        "Стоимость дополнительных платных услуг, ₽",
        *[f"{t.code}. {t.name}: услуг" for t in types],
    ]


def depersonalised_table(*, actor: Staff, period: Period) -> tuple[list[str], list[list], int]:
    """(headers, rows, number of people): a row per recipient and month with any service."""
    months = (
        RecipientMonth.objects.filter(recipient_scope(actor, "recipient__"))
        .filter(month__range=(period.first, period.last))
        .values("recipient_id", "month")
        .annotate(
            records=Sum("records"),
            minutes=Sum("norm_minutes"),
            guaranteed=Sum("amount_guaranteed"),
            additional=Sum("amount_additional"),
        )
    )
    by_type: dict[tuple, dict[int, int]] = defaultdict(dict)
    counted = (
        ServiceRecord.objects.filter(recipient_scope(actor, "recipient__"))
        .filter(performed_on__range=(period.first, period.last), cancelled_at__isnull=True)
        .annotate(month=TruncMonth("performed_on"))
        .values("recipient_id", "month", "service__service_type__code")
        .annotate(count=Count("pk"))
    )
    for row in counted:
        month = _as_date(row["month"])
        by_type[(row["recipient_id"], month)][row["service__service_type__code"]] = row["count"]
    served = RecipientMonth.objects.filter(month__range=(period.first, period.last)).values(
        "recipient_id"
    )
    people = {
        r["pk"]: r
        for r in Recipient.objects.filter(recipient_scope(actor), pk__in=served).values(
            "pk",
            "birth_date",
            "gender",
            "actual_address",
            "registration_address",
            "department__number",
            "disability_group",
        )
    }
    free = set(
        Recipient.benefit_categories.through.objects.filter(
            recipient_id__in=served, benefitcategory__free_of_charge=True
        ).values_list("recipient_id", flat=True)
    )
    types = list(ServiceType.objects.order_by("code"))
    secret = pseudonym_secret(actor.institution)
    rows = []
    for month_row in months:
        person = people.get(month_row["recipient_id"])
        if person is None:
            continue
        month = _as_date(month_row["month"])
        counts = by_type.get((person["pk"], month), {})
        rows.append(
            [
                pseudonym(secret, person["pk"]),
                person["birth_date"].year,
                "М" if person["gender"] == Gender.MALE else "Ж",
                locality(person["actual_address"] or person["registration_address"]),
                person["department__number"],
                person["disability_group"] or "",
                person["pk"] in free,
                f"{month:%Y-%m}",
                month_row["records"],
                (Decimal(month_row["minutes"]) / MINUTES_IN_HOUR).quantize(HOURS_STEP),
                Decimal(month_row["guaranteed"]),
                Decimal(month_row["additional"]),
                *[counts.get(t.code, 0) for t in types],
            ]
        )
    rows.sort(key=lambda row: (row[0], row[7]))
    return headers(types), rows, len({row[0] for row in rows})


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def depersonalised_export(
    *, actor: Staff, date_from: datetime.date, date_to: datetime.date, file_format: str
) -> tuple[str, bytes, int]:
    """The file (name, bytes, rows); the export is written to the journal as «обезличенная»."""
    period = Period.of(date_from, date_to)
    header, rows, people = depersonalised_table(actor=actor, period=period)
    settings = ExportSettings(
        name="Обезличенная выгрузка",
        source="",
        columns=[],
        file_format=file_format,
        encoding="utf-8-sig",
        delimiter=";",
    )
    content = write_file(settings, header, rows)
    extension = "xlsx" if file_format == ExportFormat.XLSX else "csv"
    name = f"Обезличенная выгрузка {period.first:%Y-%m}_{period.last:%Y-%m}.{extension}"
    audit_event(
        kind=EventKind.EXPORT,
        actor=actor,
        object_type="depersonalised_export",
        object_repr=name,
        details=(
            f"Обезличенная выгрузка за {period.label}: строк {len(rows)}, получателей {people} "
            "(псевдонимы вместо ФИО, СНИЛС и документов; год рождения; населённый пункт)."
        ),
    )
    logger.info(
        "depersonalised export written for staff %s (%s): %d rows, %d recipients",
        actor.pk,
        period.label,
        len(rows),
        people,
    )
    return name, content, len(rows)
