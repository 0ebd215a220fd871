"""The head's changes to the computed week: a visit moved to another day or worker.

The rota itself is not stored: it is computed from the ИППСУ and the care plan each time
(zabota.rota.plan), so a changed program shows at once; only the head's moves are kept, each
naming the visit as the plan puts it (recipient, worker, day) and where it goes instead.
"""

from django.db import models
from django.db.models import Q

from zabota.organisation.models import Staff
from zabota.recipients.models import Recipient


class RotaMove(models.Model):
    """A planned visit moved by the head to another day and/or another worker."""

    recipient = models.ForeignKey(Recipient, models.CASCADE, related_name="rota_moves")
    planned_worker = models.ForeignKey(
        Staff, models.PROTECT, related_name="+", verbose_name="работник по плану"
    )
    planned_on = models.DateField("день по плану")
    new_worker = models.ForeignKey(Staff, models.PROTECT, related_name="+", verbose_name="работник")
    new_on = models.DateField("новый день")
    created_by = models.ForeignKey(Staff, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Undone moves are kept (who changed the week and back) but no longer apply.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(Staff, models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = "перенос посещения"
        verbose_name_plural = "переносы посещений"
        constraints = [
            # One visit is moved once at a time: a second click of the same move is refused.
            models.UniqueConstraint(
                fields=["recipient", "planned_worker", "planned_on"],
                condition=Q(cancelled_at__isnull=True),
                name="rota_move_one_active_per_visit",
                violation_error_message="Это посещение уже перенесено.",
            )
        ]
        indexes = [models.Index(fields=["new_worker", "new_on"], name="rota_move_destination")]

    def __str__(self) -> str:
        return (
            f"перенос посещения {self.planned_on:%d.%m.%Y} на {self.new_on:%d.%m.%Y}"
            f" ({self.recipient_id})"
        )
