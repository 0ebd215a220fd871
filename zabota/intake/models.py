"""The guided intake (issue 24): one draft per new recipient, from the application to the
issued contract. Nothing in the registry changes until the last step confirms; the draft keeps
what was typed at every step (`data`, one key per step) so the head may leave and resume."""

from django.db import models

from zabota.organisation.models import Department, Institution, Staff
from zabota.recipients.models import Recipient


class Step(models.TextChoices):
    APPLICATION = "application", "Заявление"
    PERSON = "person", "Получатель"
    HOUSEHOLD = "household", "Семья и доходы"
    PROGRAM = "program", "ИППСУ"
    CONTRACT = "contract", "Договор"
    DOCUMENTS = "documents", "Документы"


STEPS = list(Step)


class IntakeStatus(models.TextChoices):
    DRAFT = "draft", "не завершено"
    DONE = "done", "завершено"
    CANCELLED = "cancelled", "отменено"


class Intake(models.Model):
    """A draft of the постановка на обслуживание, step by step (zabota.intake.services)."""

    institution = models.ForeignKey(Institution, models.PROTECT, related_name="+")
    # The department that will serve the person: proposed on the person step, it also decides
    # who besides the author may open the draft (zabota.intake.selectors).
    department = models.ForeignKey(
        Department, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Staff, models.PROTECT, related_name="+")
    created_at = models.DateTimeField("начато", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    step = models.CharField("шаг", max_length=20, choices=Step.choices, default=Step.APPLICATION)
    status = models.CharField(
        "состояние", max_length=20, choices=IntakeStatus.choices, default=IntakeStatus.DRAFT
    )
    # {step: {field: value}} as typed and cleaned, in JSON terms (dates ISO, objects by pk).
    data = models.JSONField("данные шагов", default=dict, blank=True)
    # Shown in the list of unfinished intakes and compared between drafts of the same person.
    full_name = models.CharField("ФИО", max_length=300, blank=True)
    snils = models.CharField("СНИЛС", max_length=11, blank=True, db_index=True)
    # A discharged person taken on again; after completion, the person taken on.
    recipient = models.ForeignKey(
        Recipient, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What the completion made: {"program": id, "contract": id, "documents": [ids]}.
    result = models.JSONField("итог", default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "оформление на обслуживание"
        verbose_name_plural = "оформления на обслуживание"
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"Оформление № {self.pk}: {self.full_name or 'без имени'}"

    @property
    def is_draft(self) -> bool:
        return self.status == IntakeStatus.DRAFT

    def step_data(self, step: str) -> dict:
        return dict(self.data.get(step) or {})
