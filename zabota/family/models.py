"""Relatives let in to read one recipient's service, and the one-time links that let them in."""

from django.conf import settings
from django.db import models


class Relative(models.Model):
    """A recipient's relative or legal representative who reads the family view, on the
    recipient's written consent to tell them of the service (152-ФЗ ст. 6, 9: a disclosure to a
    third party needs the subject's consent, revocable at any time)."""

    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="relatives", verbose_name="получатель"
    )
    # Set when the invitee is the recipient's recorded representative (a guardian, a trustee).
    representative = models.ForeignKey(
        "recipients.Representative",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="представитель",
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    relation = models.CharField("кем приходится", max_length=100)
    consent_given_on = models.DateField("дата письменного согласия")
    consent_signed_by_representative = models.BooleanField(
        "согласие подписано представителем", default=False
    )
    consent_withdrawn_on = models.DateField("дата отзыва согласия", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="relative",
        verbose_name="учётная запись",
    )
    # Access ended by the head (or by the consent's withdrawal): checked on every request.
    revoked_at = models.DateTimeField("доступ закрыт", null=True, blank=True)
    revoked_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "родственник с доступом"
        verbose_name_plural = "родственники с доступом"
        ordering = ["recipient", "last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.consent_withdrawn_on is None

    @property
    def state(self) -> str:
        if self.consent_withdrawn_on is not None:
            return f"согласие отозвано {self.consent_withdrawn_on:%d.%m.%Y}"
        if self.revoked_at is not None:
            return "доступ закрыт"
        if self.user_id is None:
            return "приглашён, ссылка не использована"
        return "доступ открыт"


class Invitation(models.Model):
    """A one-time link: only its SHA-256 is kept, so the journal or a copy of the database does
    not let anyone in; used once, or past its time, or revoked, it lets nobody in."""

    relative = models.ForeignKey(Relative, models.PROTECT, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField("действует до")
    used_at = models.DateTimeField("использовано", null=True, blank=True)
    revoked_at = models.DateTimeField("отозвано", null=True, blank=True)
    created_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "приглашение родственника"
        verbose_name_plural = "приглашения родственников"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Приглашение {self.relative} от {self.created_at:%d.%m.%Y}"
