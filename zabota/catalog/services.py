"""Writes to the catalog: services, tariffs and the import of a region's list from XLSX."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.catalog.care_list import SOURCE_TEXT, CareStandard, care_standards
from zabota.catalog.models import Service, ServiceType, Tariff
from zabota.catalog.transfer import CatalogRow, ImportReport, RowError, parse_catalog
from zabota.organisation.models import Institution, Staff

logger = logging.getLogger(__name__)

SERVICE_FIELDS = (
    "service_type",
    "code",
    "name",
    "unit",
    "time_norm_minutes",
    "is_additional",
    "is_care",
    "periodicity_hint",
    "is_active",
)


def _check_code_free(service: Service) -> None:
    duplicates = Service.objects.filter(institution_id=service.institution_id, code=service.code)
    if service.pk:
        duplicates = duplicates.exclude(pk=service.pk)
    other = duplicates.first()
    if other is not None:
        raise ValidationError({"code": f"Код {service.code} уже занят услугой «{other.name}»."})


@transaction.atomic
def service_create(
    *,
    actor: Staff,
    price: Decimal | None = None,
    effective_from: datetime.date | None = None,
    **fields,
) -> Service:
    """A new catalog entry, with its first tariff when a price is given."""
    service = Service(institution=actor.institution, **fields)
    _check_code_free(service)
    service.full_clean()
    service.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=service,
        changes={k: [None, v] for k, v in snapshot(service).items() if v not in (None, "")},
    )
    if price is not None:
        tariff_set(
            actor=actor,
            service=service,
            price=price,
            effective_from=effective_from or timezone.localdate(),
        )
    return service


@transaction.atomic
def service_update(*, actor: Staff, service: Service, **fields) -> Service:
    current = Service.objects.select_for_update().get(pk=service.pk)
    before = snapshot(current)
    for name, value in fields.items():
        if name not in SERVICE_FIELDS:
            raise TypeError(f"service_update: unknown field {name}")
        setattr(current, name, value)
    _check_code_free(current)
    current.full_clean()
    current.save()
    changes = diff(before, snapshot(current))
    if changes:
        audit_event(kind=EventKind.UPDATE, actor=actor, obj=current, changes=changes)
    return current


@transaction.atomic
def tariff_set(
    *, actor: Staff | None, service: Service, effective_from: datetime.date, price: Decimal
) -> Tariff:
    """Enter the price from a date. A tariff that has already taken effect priced past months,
    so it is never changed: a new price needs a new date. A future one may be corrected."""
    existing = Tariff.objects.select_for_update().filter(
        service=service, effective_from=effective_from
    )
    tariff = existing.first()
    if tariff is not None:
        if tariff.price == price:
            return tariff
        if effective_from <= timezone.localdate():
            raise ValidationError(
                {
                    "effective_from": f"Тариф с {effective_from:%d.%m.%Y} уже действует "
                    f"({tariff.price} ₽) и мог использоваться в расчётах. Чтобы изменить цену, "
                    "введите новый тариф с более поздней даты."
                }
            )
        before = snapshot(tariff)
        tariff.price = price
        tariff.full_clean()
        tariff.save(update_fields=["price"])
        audit_event(
            kind=EventKind.UPDATE,
            actor=actor,
            obj=tariff,
            changes=diff(before, snapshot(tariff)),
            details=str(service),
        )
        return tariff
    tariff = Tariff(service=service, effective_from=effective_from, price=price, created_by=actor)
    tariff.full_clean()
    tariff.save()
    audit_event(
        kind=EventKind.CREATE,
        actor=actor,
        obj=tariff,
        changes={"price": [None, str(price)], "effective_from": [None, effective_from.isoformat()]},
        details=str(service),
    )
    return tariff


def catalog_import(*, actor: Staff, content: bytes, filename: str = "") -> ImportReport:
    """Load a catalog from XLSX: every row is checked first; one bad row and nothing is saved.

    Services are matched by code: a known code updates the entry, a new one creates it. A row
    with a price adds the tariff from its date (the same date and price is no change).
    """
    report = _catalog_import(actor, content, filename)
    if report.errors:
        logger.warning(
            "catalog import refused (institution %s, staff %s): %d rows with errors",
            actor.institution_id,
            actor.pk,
            len(report.errors),
        )
    else:
        logger.info(
            "catalog import committed (institution %s, staff %s): "
            "%d created, %d updated, %d tariffs added",
            actor.institution_id,
            actor.pk,
            report.created,
            report.updated,
            report.tariffs_added,
        )
    return report


def _catalog_import(actor: Staff, content: bytes, filename: str) -> ImportReport:
    rows, report = parse_catalog(content)
    if report.errors:
        return report
    known = {s.code: s for s in Service.objects.filter(institution=actor.institution)}
    tariffs = {
        (t.service_id, t.effective_from): t
        for t in Tariff.objects.filter(service__institution=actor.institution)
    }
    today = timezone.localdate()
    _check_rows(rows, known, tariffs, today, report)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for row in rows:
                _save_row(actor, row, known, tariffs, report)
            audit_event(
                kind=EventKind.IMPORT,
                actor=actor,
                object_type="catalog.service",
                object_repr=filename or "каталог услуг",
                details=report.summary(),
            )
    except ValidationError as error:
        # A check the rows passed but the database refused: report it, nothing was saved.
        report.created = report.updated = report.tariffs_added = 0
        report.errors.append(RowError(0, _messages(error)))
    return report


def _check_rows(rows, known, tariffs, today, report: ImportReport) -> None:
    for row in rows:
        messages = []
        service = known.get(row.code)
        candidate = Service(
            institution_id=0,
            service_type=row.service_type,
            code=row.code,
            name=row.name,
            unit=row.unit,
            time_norm_minutes=row.time_norm_minutes,
            is_additional=row.is_additional,
            is_care=row.is_care,
            periodicity_hint=row.periodicity_hint,
            is_active=row.is_active,
        )
        try:
            candidate.full_clean(exclude=["institution"], validate_unique=False)
        except ValidationError as error:
            messages.extend(_messages(error))
        if service is not None and row.price is not None:
            existing = tariffs.get((service.pk, row.effective_from))
            if existing and existing.price != row.price and row.effective_from <= today:
                messages.append(
                    f"тариф с {row.effective_from:%d.%m.%Y} уже действует по цене "
                    f"{existing.price} ₽; новую цену введите с более поздней даты"
                )
        if messages:
            report.errors.append(RowError(row.row_number, messages))


def _save_row(actor, row: CatalogRow, known, tariffs, report: ImportReport) -> None:
    fields = {
        "service_type": row.service_type,
        "code": row.code,
        "name": row.name,
        "unit": row.unit,
        "time_norm_minutes": row.time_norm_minutes,
        "is_additional": row.is_additional,
        "is_care": row.is_care,
        "periodicity_hint": row.periodicity_hint,
        "is_active": row.is_active,
    }
    service = known.get(row.code)
    if service is None:
        service = service_create(actor=actor, **fields)
        known[row.code] = service
        report.created += 1
    else:
        unchanged = all(
            getattr(service, name) == value
            for name, value in fields.items()
            if name != "service_type"
        ) and (service.service_type_id == row.service_type.pk)
        if not unchanged:
            service = service_update(actor=actor, service=service, **fields)
            report.updated += 1
    if row.price is not None:
        existing = tariffs.get((service.pk, row.effective_from))
        if existing is None or existing.price != row.price:
            tariff_set(
                actor=actor, service=service, effective_from=row.effective_from, price=row.price
            )
            report.tariffs_added += 1


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        labels = {f.name: str(f.verbose_name) for f in Service._meta.fields}
        return [
            f"{labels.get(field, field)}: {message}"
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return list(error.messages)


# --- the 50 care services of the social package ------------------------------------------------

CARE_CODE = "СДУ.{:02d}"
# The source does not say the type of social services (442-ФЗ ст. 20) of each care service. Our
# reading: the four about health and medicines are социально-медицинские, the rest
# социально-бытовые. A centre may change the type in its catalog; a reload keeps it.
MEDICAL_CARE = frozenset({41, 42, 43, 44})
# What a reload sets back to the standard; the code, unit, type, activity and tariffs a centre
# set stay as they are.
CARE_FIELDS = (
    "name",
    "time_norm_minutes",
    "periodicity_hint",
    "is_care",
    "care_slot",
    "care_source",
)


@dataclass
class CareLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"услуги по уходу (50 по перечню): добавлено {self.created}, "
            f"обновлено {self.updated}, без изменений {self.unchanged}"
        )


def _care_fields(standard: CareStandard) -> dict:
    return {
        "name": standard.name,
        "time_norm_minutes": standard.minutes,
        "periodicity_hint": standard.periodicity,
        "is_care": True,
        "care_slot": standard.slot,
        "care_source": SOURCE_TEXT,
    }


@transaction.atomic
def care_services_load(*, actor: Staff | None, institution: Institution) -> CareLoadReport:
    """Put the 50 care services into an institution's catalog, or bring them back to the
    standard: matched by their number in the list, created as «СДУ.01»…«СДУ.50» of their type.
    Never deletes and never touches a tariff; running it twice changes nothing. `actor`: None
    from the command line."""
    if actor is not None and actor.institution_id != institution.pk:
        raise ValidationError("Загружать услуги можно только в каталог своего учреждения.")
    known = {
        s.care_number: s
        for s in Service.objects.select_for_update().filter(
            institution=institution, care_number__isnull=False
        )
    }
    types = {t.code: t for t in ServiceType.objects.filter(code__in=(1, 2))}
    report = CareLoadReport()
    for standard in care_standards():
        fields = _care_fields(standard)
        service = known.get(standard.number)
        if service is None:
            code = CARE_CODE.format(standard.number)
            service = Service(
                institution=institution,
                service_type=types[2 if standard.number in MEDICAL_CARE else 1],
                code=code,
                care_number=standard.number,
                **fields,
            )
            _check_code_free(service)
            service.full_clean()
            service.save()
            audit_event(
                kind=EventKind.CREATE,
                actor=actor,
                institution=institution,
                obj=service,
                changes={k: [None, v] for k, v in snapshot(service).items() if v not in (None, "")},
                details="услуга по уходу из перечня СДУ",
            )
            report.created += 1
            continue
        if all(getattr(service, name) == value for name, value in fields.items()):
            report.unchanged += 1
            continue
        before = snapshot(service)
        for name, value in fields.items():
            setattr(service, name, value)
        service.full_clean()
        service.save(update_fields=list(CARE_FIELDS))
        audit_event(
            kind=EventKind.UPDATE,
            actor=actor,
            institution=institution,
            obj=service,
            changes=diff(before, snapshot(service)),
            details="приведена к стандарту перечня услуг по уходу СДУ",
        )
        report.updated += 1
    audit_event(
        kind=EventKind.IMPORT,
        actor=actor,
        institution=institution,
        object_type="catalog.service",
        object_repr="перечень услуг по уходу СДУ",
        details=report.summary(),
    )
    logger.info("care services loaded (institution %s): %s", institution.pk, report.summary())
    return report
