from django.db import models


class ActRunItem(models.Model):
    """An act a bulk run (a job of kind «acts») has issued and archived: a run that goes on
    after an interruption skips these people and packs these acts as they are."""

    job = models.ForeignKey("jobs.Job", models.PROTECT, related_name="act_items")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.IssuedDocument", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "акт выпуска"
        verbose_name_plural = "акты выпуска"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "recipient"], name="act_run_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.recipient_id}"
