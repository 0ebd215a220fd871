from django.db import models


class LoginLock(models.Model):
    """Failed logins counted per account and per address (Приказ ФСТЭК № 21, УПД.6)."""

    # "user:<login>" or "ip:<address>"
    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "блокировка входа"
        verbose_name_plural = "блокировки входа"

    def __str__(self) -> str:
        return self.key
