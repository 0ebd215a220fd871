import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class RevokeReason(models.TextChoices):
    MANUAL = "manual", "отозван вручную"
    DEVICE = "device", "выход на устройстве"
    LOGOUT_EVERYWHERE = "everywhere", "выход на всех устройствах"
    PASSWORD = "password", "смена пароля"
    DEACTIVATED = "deactivated", "учётная запись отключена"
    IDLE = "idle", "долго не использовался"


class DeviceToken(models.Model):
    """A key a tablet or phone uses for the API; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="device_tokens")
    device = models.CharField("устройство", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown in lists so a person recognises the key without seeing it.
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Told to the device in its 401 answer, so the tablet can say why it asks for the password.
    revoked_reason = models.CharField(max_length=20, choices=RevokeReason.choices, blank=True)

    class Meta:
        verbose_name = "ключ устройства"
        verbose_name_plural = "ключи устройств"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.device} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_idle()

    def is_idle(self, now: datetime.datetime | None = None) -> bool:
        """Unused for longer than ZABOTA_TOKEN_IDLE_DAYS (0: keys never run out)."""
        days = settings.ZABOTA_TOKEN_IDLE_DAYS
        if days <= 0:
            return False
        seen = self.last_used_at or self.created_at
        return seen is not None and (now or timezone.now()) - seen > datetime.timedelta(days=days)
