import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class LoginLock(models.Model):
    """Failed logins counted per login, per login and address, and per address (Приказ ФСТЭК
    № 21, УПД.6); zabota/accounts/lockout.py keeps the counts."""

    # "user:<login>", "pair:<login>|<address>" or "ip:<address>"
    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    # Attempts whose password is being checked right now: they hold a place under the limit, so
    # parallel guesses cannot all pass the check before any of them is counted.
    pending = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    # Locked until (login, login and address); for an address, when its next attempt may come.
    locked_until = models.DateTimeField(null=True, blank=True)
    # A login that once succeeded from this address is not slowed down by the address's failures.
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "блокировка входа"
        verbose_name_plural = "блокировки входа"

    def __str__(self) -> str:
        return self.key


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
        # Made by the api app, where the model was first; the table kept its name.
        db_table = "api_devicetoken"
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
