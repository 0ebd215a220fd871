"""Alerts («оперативное информирование»): what a person should act on, once per object and day."""

from django.db import models


class AlertKind(models.TextChoices):
    VISIT_MISSED = "visit_missed", "Посещение не отмечено"
    SYNC_REJECTED = "sync_rejected", "Запись с планшета отклонена"
    COMPLAINT_DUE = "complaint_due", "Срок ответа на обращение"
    CERTIFICATE_DUE = "certificate_due", "Истекает медицинское заключение"
    PROGRAM_DUE = "program_due", "Истекает ИППСУ"
    REASSESSMENT_DUE = "reassessment_due", "Повторная оценка нуждаемости"
    INSPECTION_DUE = "inspection_due", "Контрольное посещение по плану"


class Alert(models.Model):
    """One alert of one person about one object: a day (a visit not recorded) or a deadline (a
    certificate's end). The unique key makes a second run of the timer add nothing."""

    person = models.ForeignKey("organisation.Staff", models.CASCADE, related_name="alerts")
    kind = models.CharField("вид", max_length=20, choices=AlertKind.choices)
    object_type = models.CharField(max_length=100)  # "recipients.recipient"
    object_id = models.PositiveBigIntegerField()
    # The day the alert is about: the day of a missed visit, the deadline of a document.
    period = models.DateField("дата")
    text = models.CharField("текст", max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    # Sent in a daily digest (or left out of it when mail is not configured: never sent).
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "оповещение"
        verbose_name_plural = "оповещения"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "object_type", "object_id", "period"], name="alert_once"
            )
        ]
        indexes = [
            # The header's counter of each page: unread alerts of one person.
            models.Index(fields=["person", "read_at"], name="alert_unread"),
            models.Index(fields=["mailed_at", "person"], name="alert_unmailed"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
