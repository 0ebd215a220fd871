from django.db import models


class ActSignature(models.Model):
    """The recipient's signature of a month's act, drawn on the tablet's screen (a PNG).

    Signed again, a new row is added: the newest one goes into the act, the older ones stay."""

    # Made by the tablet: a signature sent twice is stored once.
    uuid = models.UUIDField(unique=True)
    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="act_signatures"
    )
    month = models.DateField("месяц")  # the first day
    image = models.BinaryField("подпись (PNG)")
    signed_at = models.DateTimeField("подписано")
    captured_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "подпись акта"
        verbose_name_plural = "подписи актов"
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "month"], name="act_signature_month")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.month:%m.%Y}"
