import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceToken(models.Model):
    """A key a tablet or phone uses for the API; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="device_tokens")
    device = models.CharField(_("устройство"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown in lists so a person recognises the key without seeing it.
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ключ устройства")
        verbose_name_plural = _("ключи устройств")
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
        return self.revoked_at is None
