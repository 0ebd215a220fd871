"""A field worker's absence (leave, sick leave) and who covers each of their recipients for it.

Nothing here is deleted: an absence entered by mistake is cancelled (its covers end with it),
and a changed cover is replaced by a new line, the old one cancelled."""

from django.db import models
from django.db.models import Q


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", "отпуск"
    SICK = "sick", "больничный"
    OTHER = "other", "другое"


class Absence(models.Model):
    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="absences", verbose_name="сотрудник"
    )
    kind = models.CharField("причина", max_length=10, choices=AbsenceKind.choices)
    starts_on = models.DateField("с")
    ends_on = models.DateField("по")
    note = models.CharField("примечание", max_length=300, blank=True)
    created_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "отсутствие сотрудника"
        verbose_name_plural = "отсутствия сотрудников"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["worker", "starts_on"], name="absence_worker_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        dates = f"с {self.starts_on:%d.%m.%Y} по {self.ends_on:%d.%m.%Y}"
        return f"{self.worker}: {self.get_kind_display()} {dates}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Cover(models.Model):
    """One recipient of the absent worker served by a substitute for the absence's dates."""

    absence = models.ForeignKey(Absence, models.PROTECT, related_name="covers")
    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="covers", verbose_name="получатель"
    )
    substitute = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="covering", verbose_name="заменяет"
    )
    created_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "замена"
        verbose_name_plural = "замены"
        ordering = ["pk"]
        constraints = [
            # One live cover per recipient and absence: a second confirmation replaces it.
            models.UniqueConstraint(
                fields=["absence", "recipient"],
                condition=Q(cancelled_at__isnull=True),
                name="cover_one_live_per_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.substitute}"
