"""Appeals (обращения, жалобы) of recipients and others, from registration to the answer."""

from django.db import models


class ComplaintChannel(models.TextChoices):
    IN_PERSON = "in_person", "лично"
    PHONE = "phone", "по телефону"
    LETTER = "letter", "письмом"
    EMAIL = "email", "по электронной почте"
    MINISTRY = "ministry", "из министерства (вышестоящего органа)"
    # Written by a recipient's relative on their page (zabota.family).
    FAMILY = "family", "через кабинет родственника"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "на рассмотрении"
    ANSWERED = "answered", "рассмотрено, дан ответ"


class Outcome(models.TextChoices):
    JUSTIFIED = "justified", "обоснованное"
    PARTLY = "partly", "частично обоснованное"
    UNJUSTIFIED = "unjustified", "необоснованное"


class Complaint(models.Model):
    """An appeal registered with a number and a date, a responsible person and a deadline.

    Nobody reads an appeal about themselves: the selectors hide it from the worker concerned."""

    form_uuid = models.UUIDField(unique=True, editable=False)
    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField("номер", max_length=30)
    received_on = models.DateField("дата регистрации")
    channel = models.CharField("как поступило", max_length=20, choices=ComplaintChannel.choices)
    applicant = models.CharField("заявитель (ФИО)", max_length=200)
    applicant_address = models.CharField("адрес для ответа", max_length=500, blank=True)
    recipient = models.ForeignKey(
        "recipients.Recipient",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="получатель",
    )
    department = models.ForeignKey(
        "organisation.Department", models.PROTECT, related_name="+", verbose_name="отделение"
    )
    worker = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name="сотрудник, на которого жалоба",
    )
    content = models.TextField("содержание")
    responsible = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        related_name="complaints_to_answer",
        verbose_name="ответственный",
    )
    # The deadline in force: received_on + the setting, moved by each extension.
    due_on = models.DateField("срок ответа", db_index=True)
    status = models.CharField(
        "состояние",
        max_length=10,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.OPEN,
    )
    outcome = models.CharField("результат", max_length=15, choices=Outcome.choices, blank=True)
    measures = models.TextField("принятые меры", blank=True)
    answer_text = models.TextField("текст ответа", blank=True)
    answered_on = models.DateField("дата ответа", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "обращение"
        verbose_name_plural = "обращения"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"], name="complaint_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["institution", "received_on"], name="complaint_received"),
        ]

    def __str__(self) -> str:
        return f"Обращение № {self.number} от {self.received_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == ComplaintStatus.OPEN

    @property
    def justified(self) -> bool:
        return self.outcome == Outcome.JUSTIFIED


class ComplaintExtension(models.Model):
    """A deadline moved, with the reason and the day the applicant was told."""

    complaint = models.ForeignKey(Complaint, models.CASCADE, related_name="extensions")
    old_due_on = models.DateField("прежний срок")
    new_due_on = models.DateField("новый срок")
    reason = models.CharField("причина продления", max_length=500)
    notified_on = models.DateField("заявитель уведомлён")
    extended_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "продление срока обращения"
        verbose_name_plural = "продления сроков обращений"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_due_on:%d.%m.%Y} → {self.new_due_on:%d.%m.%Y}"


class ComplaintAnswer(models.Model):
    """The answer as issued from the editable template «complaint_answer», kept with the appeal
    and not in the general archive, so that only those who may read the appeal see it."""

    complaint = models.ForeignKey(Complaint, models.PROTECT, related_name="answers")
    number = models.CharField("номер", max_length=50)
    issued_on = models.DateField("дата")
    template_version = models.PositiveIntegerField("версия шаблона")
    content = models.BinaryField("файл DOCX")
    checksum = models.CharField("контрольная сумма SHA-256", max_length=64)
    issued_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ответ на обращение"
        verbose_name_plural = "ответы на обращения"
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"Ответ № {self.number} от {self.issued_on:%d.%m.%Y}"
