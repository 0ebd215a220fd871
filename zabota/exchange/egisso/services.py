"""The ЕГИССО export and the settings that feed it.

The export of a period holds the new facts of the period and the changes of facts exported
before (zabota.exchange.egisso.changes), as the check found them (zabota.exchange.egisso.check):
packages are made only when nothing is wrong, each validated whole, stored as it left, and the
facts they carry are followed from then on. The export is a journal entry «Выгрузка
персональных данных» (152-ФЗ): it carries СНИЛС, names and documents.
"""

import datetime
import logging
import uuid
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.exchange.egisso.changes import Planned
from zabota.exchange.egisso.check import (  # noqa: F401 (the pages and the command read them here)
    FORMAT,
    NOTHING_MESSAGE,
    EgissoCheck,
    EgissoInvalid,
    NothingToExport,
    RecipientProblems,
    egisso_check,
    settings_of,
)
from zabota.exchange.egisso.models import (
    EgissoDischargeCause,
    EgissoFact,
    EgissoPackage,
    EgissoRecord,
    FactStatus,
    RecordStatus,
)
from zabota.exchange.egisso.schema import validate
from zabota.exchange.egisso.snapshots import fact_snapshot
from zabota.exchange.egisso.writer import package_document, to_bytes
from zabota.exchange.models import EgissoCategory, EgissoSettings
from zabota.organisation.models import Staff
from zabota.rules.egisso_changes import (
    ENDINGS,
    FACT,
    GROUP_CAP,
    INVALIDATIONS,
    RECORD_ORDER,
    into_packages,
)

logger = logging.getLogger(__name__)


@dataclass
class EgissoExport:
    packages: list[EgissoPackage]
    facts: int
    changes: int

    @property
    def package_ids(self) -> list[uuid.UUID]:
        return [p.package_id for p in self.packages]


# A stronger state wins when a package says two things of one fact.
_RANK = [FactStatus.EXPORTED, FactStatus.CHANGED, FactStatus.TERMINATED, FactStatus.INVALIDATED]


def _status_after(kind: str) -> str:
    if kind == FACT:
        return FactStatus.EXPORTED
    if kind in INVALIDATIONS:
        return FactStatus.INVALIDATED
    if kind in ENDINGS:
        return FactStatus.TERMINATED
    return FactStatus.CHANGED


@transaction.atomic
def egisso_export(
    *, actor: Staff, date_from: datetime.date, date_to: datetime.date
) -> EgissoExport:
    """Form the packages of the period: new facts and changes, at most GROUP_CAP records of a
    group per package, each validated whole and stored; the facts are followed from now on.
    Raises EgissoInvalid with the check when anything is wrong, NothingToExport when there is
    nothing to send. Written to the journal."""
    # Two exports of one institution at once would both send the same facts as new.
    EgissoSettings.objects.select_for_update().filter(institution=actor.institution).first()
    check = egisso_check(actor=actor, date_from=date_from, date_to=date_to)
    if check.nothing_new:
        logger.info("EGISSO export by staff %s: nothing new since the last package", actor.pk)
        raise NothingToExport(check)
    if not check.is_valid:
        logger.warning(
            "EGISSO export refused for staff %s (%s–%s): %d recipients with problems",
            actor.pk,
            date_from.isoformat(),
            date_to.isoformat(),
            len(check.recipients),
        )
        raise EgissoInvalid(check)
    chunks = into_packages(
        check.records, fact_of=lambda p: p.fact_uuid, kind_of=lambda p: p.kind, cap=GROUP_CAP
    )
    run = uuid.uuid4()
    stem = file_stem(date_from, date_to)
    packages: list[EgissoPackage] = []
    before: dict[int, dict] = {}
    for index, chunk in enumerate(chunks, start=1):
        events = [(p, p.fact_uuid if p.kind == FACT else uuid.uuid4()) for p in chunk]
        package_id = uuid.uuid4()
        document = package_document([p.record(event) for p, event in events], package_id)
        problems = validate(document)
        if problems:
            check.general += [f"{p.field}: {p.message} ({p.technical})" for p in problems]
            logger.warning(
                "EGISSO export refused for staff %s: package %d of %d fails the XSD (%d problems)",
                actor.pk,
                index,
                len(chunks),
                len(problems),
            )
            raise EgissoInvalid(check)
        counted = Counter(p.kind for p in chunk)
        package = EgissoPackage.objects.create(
            institution=actor.institution,
            package_id=package_id,
            run=run,
            number=index,
            date_from=date_from,
            date_to=date_to,
            file_name=f"{stem}.xml" if len(chunks) == 1 else f"{stem}-{index:02d}.xml",
            content=to_bytes(document),
            counts={kind: counted[kind] for kind in RECORD_ORDER if counted[kind]},
            created_by=actor,
        )
        packages.append(package)
        for planned, event in events:
            _store(planned, event, package, actor, before)
    facts = len(check.facts)
    audit_event(
        kind=EventKind.EXPORT,
        actor=actor,
        object_type="egisso_export",
        object_repr=packages[0].file_name if len(packages) == 1 else f"{stem}.zip",
        details=(
            f"Выгрузка в ЕГИССО (формат {FORMAT}) за {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y}: "
            f"фактов назначения {facts}, изменений {len(check.records) - facts}, "
            f"файлов {len(packages)}, пакеты: {', '.join(str(p.package_id) for p in packages)}."
        ),
    )
    logger.info(
        "EGISSO export written for staff %s (%s–%s): %d facts, %d changes in %d packages",
        actor.pk,
        date_from.isoformat(),
        date_to.isoformat(),
        facts,
        len(check.records) - facts,
        len(packages),
    )
    return EgissoExport(packages=packages, facts=facts, changes=len(check.records) - facts)


def _store(
    planned: Planned, event: uuid.UUID, package: EgissoPackage, actor: Staff, before: dict
) -> None:
    """The record as it left, and the fact's new state (what it was before is kept with the
    record: a package ЕГИССО did not take is undone from it)."""
    fact = planned.followed
    if planned.kind == FACT:
        fact = EgissoFact.objects.filter(uuid=planned.fact_uuid).first()
        previous = {"status": fact.status if fact else None, "sent": {}}
        if fact is None:
            fact = EgissoFact(
                institution=actor.institution,
                program=planned.draft.program,
                recipient=planned.draft.recipient,
                uuid=planned.fact_uuid,
            )
        fact.first_package = package
    else:
        previous = before.setdefault(fact.pk, {"status": fact.status, "sent": fact.sent})
    after = _status_after(planned.kind)
    if fact.pk is None or planned.kind == FACT or _RANK.index(after) > _rank(fact.status):
        fact.status = after
    if planned.kind not in INVALIDATIONS and planned.draft is not None:
        fact.sent = fact_snapshot(planned.draft.fact)
    fact.error = ""
    fact.save()
    if planned.queued is not None:
        record = planned.queued
        record.package = package
        record.uuid = event
        record.status = RecordStatus.SENT
        record.previous = previous
        record.save(update_fields=["package", "uuid", "status", "previous"])
        return
    EgissoRecord.objects.create(
        fact=fact,
        package=package,
        uuid=event,
        kind=planned.kind,
        cause=planned.cause,
        reason=planned.reason,
        data=planned.data(),
        previous=previous,
        created_by=actor,
    )


def _rank(status: str) -> int:
    # A fact returned with an error ranks lowest: any record about it goes out and says more.
    return _RANK.index(status) if status in _RANK else -1


def file_stem(date_from: datetime.date, date_to: datetime.date) -> str:
    # Latin letters only: the ЕГИССО upload form and mail programs mangle other file names.
    return f"egisso-{FORMAT}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"


def package_download(*, actor: Staff, package: EgissoPackage) -> tuple[str, bytes, str]:
    """(file name, bytes, content type) of a stored package; the personal data leaving is
    written to the journal each time."""
    audit_event(
        kind=EventKind.EXPORT,
        actor=actor,
        obj=package,
        object_type="egisso_package",
        details=f"Скачан пакет ЕГИССО {package.package_id} (записей {package.record_count}).",
    )
    return package.file_name, bytes(package.content), "application/xml"


@transaction.atomic
def egisso_settings_save(
    *,
    actor: Staff,
    settings: EgissoSettings,
    category_ids: dict[int, uuid.UUID | None],
    discharge_causes: dict[int, str] | None = None,
) -> EgissoSettings:
    """Save the institution's identifiers, the per-category ids (an empty id removes one) and
    what each discharge reason means for ЕГИССО."""
    is_new = settings.pk is None
    before = {} if is_new else _settings_snapshot(EgissoSettings.objects.get(pk=settings.pk))
    settings.institution = actor.institution
    settings.updated_by = actor
    settings.full_clean()
    settings.save()
    own = set(actor.institution.benefit_categories.values_list("pk", flat=True))
    for category_pk, category_id in category_ids.items():
        if category_pk not in own:
            raise ValidationError("Льготная категория другого учреждения.")
        if category_id is None:
            settings.categories.filter(benefit_category_id=category_pk).delete()
        else:
            EgissoCategory.objects.update_or_create(
                settings=settings,
                benefit_category_id=category_pk,
                defaults={"category_id": category_id},
            )
    reasons = set(actor.institution.discharge_reasons.values_list("pk", flat=True))
    for reason_pk, cause in (discharge_causes or {}).items():
        if reason_pk not in reasons:
            raise ValidationError("Причина снятия другого учреждения.")
        line = EgissoDischargeCause(settings=settings, discharge_reason_id=reason_pk, cause=cause)
        line.full_clean(exclude=["settings", "discharge_reason"], validate_unique=False)
        EgissoDischargeCause.objects.update_or_create(
            settings=settings, discharge_reason_id=reason_pk, defaults={"cause": cause}
        )
    audit_event(
        kind=EventKind.SETTINGS,
        actor=actor,
        obj=settings,
        changes=diff(before, _settings_snapshot(settings)),
        details="Настройки выгрузки в ЕГИССО",
    )
    return settings


def _settings_snapshot(settings: EgissoSettings) -> dict:
    data = snapshot(settings, ["onmsz_code", "lmsz_id", "category_id", "decision_date_rule"])
    data |= snapshot(settings, ["okei_code", "require_identity_document"])
    categories = settings.categories.select_related("benefit_category").order_by(
        "benefit_category__name"
    )
    data["categories"] = {c.benefit_category.name: str(c.category_id) for c in categories}
    causes = settings.discharge_causes.select_related("discharge_reason").order_by(
        "discharge_reason__name"
    )
    data["discharge_causes"] = {c.discharge_reason.name: c.cause for c in causes}
    return data
