from django.db import models


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
