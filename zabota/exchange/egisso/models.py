"""The log of what left for ЕГИССО: each fact once exported, each package, each record.

A fact keeps its uuid for ever and the picture ЕГИССО was last given of it (`sent`); the next
export compares that picture with the records of today and sends the difference as change
records (zabota.exchange.egisso.changes). Imported by zabota.exchange.models.
"""

from django.db import models

from zabota.core.dates import when_text
from zabota.rules.egisso_changes import (
    DISCHARGE_CAUSE_LABELS,
    DISCHARGE_CAUSES,
    EVENT_RECORDS,
    RECORD_ORDER,
    RECORD_TITLES,
)

RECORD_KINDS = [(kind, RECORD_TITLES[kind]) for kind in RECORD_ORDER]
CAUSES = [(line.cause, line.event) for line in EVENT_RECORDS]


class FactStatus(models.TextChoices):
    EXPORTED = "exported", "выгружен"
    CHANGED = "changed", "изменён"
    TERMINATED = "terminated", "прекращён"
    INVALIDATED = "invalidated", "удалён"
    LOAD_ERROR = "load_error", "ошибка загрузки"
    # Its package was not accepted by ЕГИССО at all: the fact goes out as new again.
    RETURNED = "returned", "пакет не принят, уйдёт снова"


# Facts whose changes are still followed (the others are over in ЕГИССО).
FOLLOWED = (FactStatus.EXPORTED, FactStatus.CHANGED, FactStatus.LOAD_ERROR)


class PackageState(models.TextChoices):
    FORMED = "formed", "сформирован, результат не отмечен"
    LOADED = "loaded", "загружен в ЕГИССО"
    LOADED_WITH_ERRORS = "errors", "загружен, есть ошибки"
    REJECTED = "rejected", "не принят ЕГИССО"


class RecordStatus(models.TextChoices):
    QUEUED = "queued", "ждёт выгрузки"
    SENT = "sent", "выгружена"
    LOADED = "loaded", "загружена"
    ERROR = "error", "ошибка загрузки"
    WITHDRAWN = "withdrawn", "отозвана"


class EgissoPackage(models.Model):
    """One file of message 10.06.S as it left: its packageId, bytes and ЕГИССО's answer."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="egisso_packages"
    )
    package_id = models.UUIDField("идентификатор пакета", unique=True)
    # The packages formed by one export share it (a group above 1000 records splits them).
    run = models.UUIDField("выгрузка", db_index=True)
    number = models.PositiveSmallIntegerField("номер в выгрузке", default=1)
    date_from = models.DateField("период с")
    date_to = models.DateField("период по")
    file_name = models.CharField("файл", max_length=100)
    # The file exactly as validated and offered: a download later gives the same bytes.
    content = models.BinaryField("содержимое")
    # {record kind: count}, in the schema's order.
    counts = models.JSONField("записи", default=dict)
    state = models.CharField(
        "результат загрузки",
        max_length=20,
        choices=PackageState.choices,
        default=PackageState.FORMED,
    )
    created_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name="сформировал"
    )
    created_at = models.DateTimeField("сформирован", auto_now_add=True)
    receipt_by = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="отметил результат",
    )
    receipt_at = models.DateTimeField("результат отмечен", null=True, blank=True)
    receipt_note = models.TextField("примечание к результату", blank=True)

    class Meta:
        verbose_name = "пакет ЕГИССО"
        verbose_name_plural = "пакеты ЕГИССО"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({when_text(self.created_at)})"

    @property
    def record_count(self) -> int:
        return sum(self.counts.values())


class EgissoFact(models.Model):
    """A fact of assignment (an ИППСУ) once exported: its uuid for ever, and what ЕГИССО was
    last told of it."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="egisso_facts"
    )
    program = models.ForeignKey("programs.Program", models.PROTECT, related_name="+")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="+")
    uuid = models.UUIDField("идентификатор факта", unique=True)
    status = models.CharField(
        "состояние", max_length=20, choices=FactStatus.choices, default=FactStatus.EXPORTED
    )
    # The fact as last sent (zabota.exchange.egisso.snapshots): the next export compares it
    # with today's records.
    sent = models.JSONField("выгружено", default=dict)
    first_package = models.ForeignKey(
        EgissoPackage, models.PROTECT, related_name="+", verbose_name="первый пакет"
    )
    # The last error ЕГИССО reported, until a record about the fact goes out again.
    error = models.TextField("ошибка загрузки", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "факт ЕГИССО"
        verbose_name_plural = "факты ЕГИССО"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The facts still followed, read at every export of an institution.
            models.Index(fields=["institution", "status"], name="egisso_fact_status"),
        ]

    def __str__(self) -> str:
        return f"Факт {self.uuid}"


class EgissoRecord(models.Model):
    """One record about a fact in a package: the new fact itself or an event of its life.
    An invalidation waits here (no package) until the next export."""

    fact = models.ForeignKey(EgissoFact, models.PROTECT, related_name="records")
    package = models.ForeignKey(
        EgissoPackage, models.PROTECT, null=True, blank=True, related_name="records"
    )
    # The event's uuid; a new fact's record carries the fact's own.
    uuid = models.UUIDField("идентификатор записи", db_index=True)
    kind = models.CharField("вид записи", max_length=60, choices=RECORD_KINDS)
    cause = models.CharField("событие", max_length=30, choices=CAUSES)
    # Why, in words («снят с обслуживания 05.02.2026: Выздоровление»).
    reason = models.TextField("основание")
    # The values written: dateFinish, amount, quantity (JSON strings).
    data = models.JSONField("значения", default=dict, blank=True)
    # The fact's {status, sent} before this record: restored when ЕГИССО did not take it.
    previous = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        "состояние", max_length=20, choices=RecordStatus.choices, default=RecordStatus.SENT
    )
    error = models.TextField("ошибка загрузки", blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name="кто"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "запись ЕГИССО"
        verbose_name_plural = "записи ЕГИССО"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{RECORD_TITLES.get(self.kind, self.kind)} {self.uuid}"


class EgissoDischargeCause(models.Model):
    """What a discharge reason of the centre's list means for ЕГИССО (death, moving, refusal,
    loss of the right); a reason without a line is read from its words."""

    settings = models.ForeignKey(
        "exchange.EgissoSettings", models.CASCADE, related_name="discharge_causes"
    )
    discharge_reason = models.ForeignKey(
        "recipients.DischargeReason", models.PROTECT, related_name="+"
    )
    cause = models.CharField(
        "для ЕГИССО",
        max_length=20,
        choices=[(cause, DISCHARGE_CAUSE_LABELS[cause]) for cause in DISCHARGE_CAUSES],
    )

    class Meta:
        verbose_name = "причина снятия для ЕГИССО"
        verbose_name_plural = "причины снятия для ЕГИССО"
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "discharge_reason"], name="egisso_discharge_cause_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.discharge_reason_id}: {self.cause}"
