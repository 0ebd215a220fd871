"""The ЕГИССО check and export, and the settings that feed them.

Every fact is validated against the XSD on its own (so an error names its recipient) and then
every file as a whole; a file is produced only when nothing is wrong. The export is a journal
entry «Выгрузка персональных данных» (152-ФЗ): it carries СНИЛС, names and documents.
"""

import datetime
import io
import logging
import uuid
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event, diff, snapshot
from zabota.exchange.egisso.facts import FactDraft, fact_drafts
from zabota.exchange.egisso.schema import SchemaProblem, validate
from zabota.exchange.egisso.writer import (
    CHECK_PACKAGE_ID,
    FACTS_PER_PACKAGE,
    Fact,
    package_document,
    to_bytes,
)
from zabota.exchange.models import EgissoCategory, EgissoSettings
from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient

logger = logging.getLogger(__name__)

FORMAT = "10.06.S"
CARD_LABEL = "Карточка получателя"


@dataclass
class RecipientProblems:
    """What stands in the way of one recipient's facts: (which ИППСУ, what is wrong)."""

    recipient: Recipient
    items: list[tuple[str, SchemaProblem]] = field(default_factory=list)
    # {label of an ИППСУ: its id}, for the link from the problem to the program.
    programs: dict[str, int] = field(default_factory=dict)


@dataclass
class EgissoCheck:
    date_from: datetime.date
    date_to: datetime.date
    facts: list[Fact] = field(default_factory=list)
    # Problems of the export as a whole (no settings, nothing in the period, a file refused).
    general: list[str] = field(default_factory=list)
    recipients: list[RecipientProblems] = field(default_factory=list)
    programs: int = 0

    @property
    def is_valid(self) -> bool:
        return bool(self.facts) and not self.general and not self.recipients

    @property
    def problem_count(self) -> int:
        return len(self.general) + sum(len(r.items) for r in self.recipients)


@dataclass
class EgissoExport:
    files: list[tuple[str, bytes]]
    facts: int
    package_ids: list[uuid.UUID]


class EgissoInvalid(Exception):
    """The check found problems: no file is made."""

    def __init__(self, check: EgissoCheck):
        self.check = check
        super().__init__(f"{check.problem_count} problems")


def settings_of(institution) -> EgissoSettings | None:
    return (
        EgissoSettings.objects.filter(institution=institution)
        .prefetch_related("categories")
        .first()
    )


def egisso_check(*, actor: Staff, date_from: datetime.date, date_to: datetime.date) -> EgissoCheck:
    """Build every fact of the period and validate each against the XSD; change nothing."""
    if date_from > date_to:
        raise ValidationError("Начало периода позже его конца.")
    check = EgissoCheck(date_from, date_to)
    settings = settings_of(actor.institution)
    if settings is None:
        check.general.append(
            "Не заполнены настройки выгрузки в ЕГИССО (код ОНМСЗ, идентификаторы ЛМСЗ и "
            "категории получателей): их заполняет администратор или директор."
        )
        return check
    drafts = fact_drafts(staff=actor, settings=settings, date_from=date_from, date_to=date_to)
    check.programs = len(drafts)
    if not drafts:
        check.general.append(
            f"В периоде {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y} не действовала ни одна ИППСУ: "
            "выгружать нечего."
        )
        return check
    for draft in drafts:
        if draft.fact is not None:
            draft.problems += validate(package_document([draft.fact], CHECK_PACKAGE_ID))
    check.general += _missing_tariffs(drafts)
    check.recipients = _by_recipient(drafts)
    check.facts = [d.fact for d in drafts if d.fact is not None and not d.problems]
    return check


def _missing_tariffs(drafts: list[FactDraft]) -> list[str]:
    first_day: dict[str, datetime.date] = {}
    programs: dict[str, int] = {}
    for draft in drafts:
        for service, day in draft.missing_tariffs.items():
            first_day[service] = min(day, first_day.get(service, day))
            programs[service] = programs.get(service, 0) + 1
    return [
        (
            f"У услуги «{service}» нет тарифа на {day:%d.%m.%Y} (её нет в ИППСУ "
            f"{programs[service]} получателей — сумму-эквивалент не рассчитать): введите тариф "
            "в каталоге услуг."
        )
        for service, day in sorted(first_day.items())
    ]


def _by_recipient(drafts: list[FactDraft]) -> list[RecipientProblems]:
    """Problems grouped by recipient; those of the card (the person's data) said once even when
    the person has several programs in the period."""
    grouped: dict[int, RecipientProblems] = {}
    for draft in drafts:
        if not draft.problems:
            continue
        entry = grouped.setdefault(draft.recipient.pk, RecipientProblems(draft.recipient))
        for problem in draft.problems:
            of_card = "mszReceiver" in problem.path.split("/")
            item = (CARD_LABEL if of_card else draft.label, problem)
            if not of_card:
                entry.programs[draft.label] = draft.program.pk
            if not of_card or item not in entry.items:
                entry.items.append(item)
    return list(grouped.values())


def egisso_export(
    *, actor: Staff, date_from: datetime.date, date_to: datetime.date
) -> EgissoExport:
    """The files of the period (one per 1000 facts), each validated whole; raises EgissoInvalid
    with the check when anything is wrong. Written to the journal."""
    check = egisso_check(actor=actor, date_from=date_from, date_to=date_to)
    if not check.is_valid:
        logger.warning(
            "EGISSO export refused for staff %s (%s–%s): %d recipients with problems",
            actor.pk,
            date_from.isoformat(),
            date_to.isoformat(),
            len(check.recipients),
        )
        raise EgissoInvalid(check)
    chunks = [
        check.facts[start : start + FACTS_PER_PACKAGE]
        for start in range(0, len(check.facts), FACTS_PER_PACKAGE)
    ]
    stem = file_stem(date_from, date_to)
    files, package_ids = [], []
    for index, chunk in enumerate(chunks, start=1):
        package_id = uuid.uuid4()
        document = package_document(chunk, package_id)
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
        name = f"{stem}.xml" if len(chunks) == 1 else f"{stem}-{index:02d}.xml"
        files.append((name, to_bytes(document)))
        package_ids.append(package_id)
    audit_event(
        kind=EventKind.EXPORT,
        actor=actor,
        object_type="egisso_export",
        object_repr=files[0][0] if len(files) == 1 else f"{stem}.zip",
        details=(
            f"Выгрузка в ЕГИССО (формат {FORMAT}) за {date_from:%d.%m.%Y}–{date_to:%d.%m.%Y}: "
            f"фактов назначения {len(check.facts)}, файлов {len(files)}, "
            f"пакеты: {', '.join(str(p) for p in package_ids)}."
        ),
    )
    logger.info(
        "EGISSO export written for staff %s (%s–%s): %d facts in %d files",
        actor.pk,
        date_from.isoformat(),
        date_to.isoformat(),
        len(check.facts),
        len(files),
    )
    return EgissoExport(files=files, facts=len(check.facts), package_ids=package_ids)


def file_stem(date_from: datetime.date, date_to: datetime.date) -> str:
    # Latin letters only: the ЕГИССО upload form and mail programs mangle other file names.
    return f"egisso-{FORMAT}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"


def download(export: EgissoExport, date_from, date_to) -> tuple[str, bytes, str]:
    """(file name, bytes, content type): the XML itself, or a ZIP of several packages."""
    if len(export.files) == 1:
        name, content = export.files[0]
        return name, content, "application/xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in export.files:
            archive.writestr(name, content)
    return f"{file_stem(date_from, date_to)}.zip", buffer.getvalue(), "application/zip"


@transaction.atomic
def egisso_settings_save(
    *, actor: Staff, settings: EgissoSettings, category_ids: dict[int, uuid.UUID | None]
) -> EgissoSettings:
    """Save the institution's identifiers and the per-category ids (an empty id removes one)."""
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
    return data
