"""What ЕГИССО answered about a package (loaded, loaded with errors, not taken), and the
administrator's invalidations of facts. Each is one transaction with its journal entry.

The protocol of errors is read as lines naming an identifier (a record's uuid, or a fact's
assignmentFactUuid) followed by the error's text: pasted from the ЕГИССО personal account, or a
text, CSV or XLSX file. Its exact layout is not published where we could read it, so nothing
more is assumed of it (docs/egisso.md, «Результат загрузки»).
"""

import logging
import uuid
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.exchange.egisso.models import (
    EgissoFact,
    EgissoPackage,
    EgissoRecord,
    FactStatus,
    PackageState,
    RecordStatus,
)
from zabota.exchange.importing.reading import FileProblem, _decode, xlsx_cells
from zabota.organisation.models import Staff
from zabota.rules.egisso_changes import (
    DUPLICATE,
    DUPLICATES_INVALIDATION,
    ERRORS_INVALIDATION,
    FACT,
    LOADED_BY_MISTAKE,
    RECORD_TITLES,
    conflicts,
    protocol_lines,
)

logger = logging.getLogger(__name__)

INVALIDATION_CAUSES = {ERRORS_INVALIDATION: LOADED_BY_MISTAKE, DUPLICATES_INVALIDATION: DUPLICATE}
# A protocol names each record of a package at most once or twice: more lines are not one.
MAX_PROTOCOL_LINES = 30_000
_SHOWN = 5


def protocol_text(content: bytes, file_name: str) -> str:
    """The text of an uploaded protocol: an XLSX sheet as tab-separated lines, or a text/CSV
    file in UTF-8 or Windows-1251; anything else refused in Russian."""
    limit = settings.ZABOTA_EGISSO_PROTOCOL_MAX_BYTES
    if len(content) > limit:
        raise ValidationError(
            f"Файл протокола больше {limit // 1024} КБ: это не протокол одного пакета."
        )
    if not content:
        raise ValidationError("Файл протокола пуст.")
    try:
        if content.startswith(b"PK\x03\x04"):
            rows = xlsx_cells(content, max_rows=MAX_PROTOCOL_LINES)
            return "\n".join(
                "\t".join(str(cell) for cell in row if cell not in (None, "")) for row in rows
            )
        if b"\x00" in content[:8192]:
            raise ValidationError(
                "Файл протокола не текстовый: вставьте строки протокола в поле или "
                "загрузите текстовый файл, CSV или XLSX."
            )
        return _decode(content)
    except FileProblem as problem:
        raise ValidationError(str(problem)) from None


def _locked(package: EgissoPackage) -> EgissoPackage:
    return EgissoPackage.objects.select_for_update().get(pk=package.pk)


def _receipt(package: EgissoPackage, actor: Staff, state: str, note: str) -> None:
    before = package.state
    package.state = state
    package.receipt_by = actor
    package.receipt_at = timezone.now()
    package.receipt_note = note.strip()
    package.save(update_fields=["state", "receipt_by", "receipt_at", "receipt_note"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=package,
        object_type="egisso_package",
        changes={"state": [before, state]},
        details=(
            f"Результат загрузки пакета ЕГИССО {package.package_id}: "
            f"{package.get_state_display()}. {note}"
        ),
    )


@transaction.atomic
def egisso_package_loaded(*, actor: Staff, package: EgissoPackage, note: str = "") -> None:
    """ЕГИССО took every record of the package."""
    current = _locked(package)
    if current.state != PackageState.FORMED:
        raise ValidationError("Результат загрузки этого пакета уже отмечен.")
    current.records.filter(status=RecordStatus.SENT).update(status=RecordStatus.LOADED)
    _receipt(current, actor, PackageState.LOADED, note)
    logger.info("EGISSO package %s marked loaded by staff %s", current.pk, actor.pk)


@transaction.atomic
def egisso_package_errors(
    *, actor: Staff, package: EgissoPackage, protocol: str, note: str = ""
) -> int:
    """The records ЕГИССО returned with errors: listed for correction, the others loaded.
    Returns how many records have errors. Every line of the protocol must name a record or a
    fact of this package and say what is wrong, or nothing is marked."""
    current = _locked(package)
    if current.state not in (PackageState.FORMED, PackageState.LOADED):
        raise ValidationError("Ошибки отмечают у пакета, загруженного в ЕГИССО.")
    lines = protocol_lines(protocol)
    if not lines:
        raise ValidationError(
            "В протоколе нет ни одного идентификатора записи или факта (вида "
            "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f): вставьте строки с ошибками."
        )
    if len(lines) > MAX_PROTOCOL_LINES:
        raise ValidationError("В протоколе слишком много строк для одного пакета.")
    records = list(current.records.select_related("fact").exclude(status=RecordStatus.WITHDRAWN))
    by_event = {record.uuid: [record] for record in records}
    by_fact: dict[uuid.UUID, list[EgissoRecord]] = defaultdict(list)
    for record in records:
        by_fact[record.fact.uuid].append(record)
    messages: dict[int, list[str]] = defaultdict(list)
    found: dict[int, EgissoRecord] = {}
    unknown, empty = [], []
    for line in lines:
        named = next(
            (
                by_event.get(u) or by_fact.get(u)
                for u in line.uuids
                if u in by_event or u in by_fact
            ),
            None,
        )
        if named is None:
            unknown.append(f"строка {line.number}: {line.uuids[0]}")
            continue
        if not line.message:
            empty.append(str(line.number))
            continue
        for record in named:
            found[record.pk] = record
            if line.message not in messages[record.pk]:
                messages[record.pk].append(line.message)
    if unknown:
        raise ValidationError(
            f"Этих идентификаторов нет в пакете {current.package_id} — проверьте, что "
            f"загружаете протокол этого пакета: {_shortened(unknown)}."
        )
    if empty:
        raise ValidationError(
            f"Нет текста ошибки после идентификатора: строки {_shortened(empty)}."
        )
    for record in found.values():
        _mark_error(record, "; ".join(messages[record.pk]))
    current.records.filter(status=RecordStatus.SENT).update(status=RecordStatus.LOADED)
    _receipt(current, actor, PackageState.LOADED_WITH_ERRORS, note)
    logger.info(
        "EGISSO package %s: %d records with errors marked by staff %s",
        current.pk,
        len(found),
        actor.pk,
    )
    return len(found)


def _shortened(items: list[str]) -> str:
    shown = ", ".join(items[:_SHOWN])
    if len(items) > _SHOWN:
        shown += f" и ещё {len(items) - _SHOWN}"
    return shown


def _mark_error(record: EgissoRecord, message: str) -> None:
    """A new fact returned with an error stays as sent and is corrected by the next package
    (alterationBasedOnPreviousErrors); a change returned is undone, so it goes out again once
    its data are put right."""
    record.status = RecordStatus.ERROR
    record.error = message
    record.save(update_fields=["status", "error"])
    fact = EgissoFact.objects.select_for_update().get(pk=record.fact_id)
    latest = (
        not fact.records.filter(pk__gt=record.pk).exclude(status=RecordStatus.WITHDRAWN).exists()
    )
    if record.kind != FACT and latest and record.previous.get("status"):
        fact.sent = record.previous.get("sent", fact.sent)
    fact.status = FactStatus.LOAD_ERROR
    fact.error = message
    fact.save(update_fields=["sent", "status", "error", "updated_at"])


@transaction.atomic
def egisso_package_rejected(*, actor: Staff, package: EgissoPackage, note: str) -> int:
    """ЕГИССО did not take the package at all: its records are undone, so that the next export
    sends them again (new facts as new, changes as found then). Returns how many."""
    current = _locked(package)
    if current.state != PackageState.FORMED:
        raise ValidationError("Отметить «не принят» можно только пакет без результата.")
    if not note.strip():
        raise ValidationError({"note": "Напишите, что ответила ЕГИССО."})
    records = list(current.records.select_related("fact").order_by("-pk"))
    later = (
        EgissoRecord.objects.filter(
            fact__in=[r.fact_id for r in records], package__pk__gt=current.pk
        )
        .exclude(package__state=PackageState.REJECTED)
        .exists()
    )
    if later:
        raise ValidationError(
            "После этого пакета сформированы другие с записями тех же фактов: сначала "
            "отметьте результат более поздних пакетов."
        )
    for record in records:
        fact = record.fact
        previous = record.previous or {}
        if previous.get("status"):
            fact.status = previous["status"]
            fact.sent = previous.get("sent", {})
        else:
            fact.status = FactStatus.RETURNED
            fact.sent = {}
        fact.save(update_fields=["status", "sent", "updated_at"])
        if record.cause in (LOADED_BY_MISTAKE, DUPLICATE):
            # The administrator's decision stands: it waits for the next package.
            record.package = None
            record.status = RecordStatus.QUEUED
            record.save(update_fields=["package", "status"])
        else:
            record.status = RecordStatus.WITHDRAWN
            record.save(update_fields=["status"])
    _receipt(current, actor, PackageState.REJECTED, note)
    logger.warning(
        "EGISSO package %s marked rejected by staff %s: %d records undone",
        current.pk,
        actor.pk,
        len(records),
    )
    return len(records)


@transaction.atomic
def egisso_invalidation_queue(
    *, actor: Staff, fact: EgissoFact, kind: str, reason: str
) -> EgissoRecord:
    """An administrator's decision to delete a fact from ЕГИССО (loaded by mistake or twice):
    it goes out with the next package."""
    if not actor.can("egisso.invalidate"):
        raise ValidationError("Удалять факты из ЕГИССО может только администратор.")
    if kind not in INVALIDATION_CAUSES:
        raise ValidationError({"kind": "Выберите, почему факт удаляется."})
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину удаления."})
    current = EgissoFact.objects.select_for_update().get(pk=fact.pk)
    if current.status in (FactStatus.INVALIDATED, FactStatus.RETURNED):
        raise ValidationError("Факт уже удалён из ЕГИССО или не был загружен: удалять нечего.")
    waiting = current.records.filter(status=RecordStatus.QUEUED).first()
    if waiting is not None:
        reasons = conflicts([waiting.kind, kind])
        raise ValidationError(
            f"Для факта уже ждёт выгрузки запись «{RECORD_TITLES[waiting.kind]}»: "
            f"{'; '.join(reasons)}."
        )
    record = EgissoRecord.objects.create(
        fact=current,
        uuid=uuid.uuid4(),
        kind=kind,
        cause=INVALIDATION_CAUSES[kind],
        reason=reason.strip(),
        status=RecordStatus.QUEUED,
        created_by=actor,
    )
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current,
        object_type="egisso_fact",
        recipient_id=current.recipient_id,
        details=(
            f"{RECORD_TITLES[kind]}: ждёт следующей выгрузки в ЕГИССО. Причина: {record.reason}"
        ),
    )
    logger.info("EGISSO fact %s: %s queued by staff %s", current.pk, kind, actor.pk)
    return record


@transaction.atomic
def egisso_invalidation_withdraw(*, actor: Staff, record: EgissoRecord) -> None:
    """A waiting invalidation taken back before it went out."""
    current = EgissoRecord.objects.select_for_update().get(pk=record.pk)
    if current.status != RecordStatus.QUEUED:
        raise ValidationError("Запись уже выгружена: отозвать её нельзя.")
    current.status = RecordStatus.WITHDRAWN
    current.save(update_fields=["status"])
    audit_event(
        kind=EventKind.UPDATE,
        actor=actor,
        obj=current.fact,
        object_type="egisso_fact",
        recipient_id=current.fact.recipient_id,
        details=f"Отозвано до выгрузки: {RECORD_TITLES[current.kind]}",
    )
