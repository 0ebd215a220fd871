import uuid

from django.db import models


class RecordSource(models.TextChoices):
    WEB = "web", "веб-форма"
    TABLET = "tablet", "планшет"
    IMPORT = "import", "загрузка"
    DEMO = "demo", "демо"


class Basis(models.TextChoices):
    """On what a recorded service rests: it decides the price and the act's section."""

    PROGRAM = "program", "по ИППСУ"
    # The care plan is the ИППСУ's supplement (социальный пакет долговременного ухода): free.
    CARE_PLAN = "care_plan", "по плану ухода (бесплатно)"
    ADDITIONAL = "additional", "дополнительная платная"


class Visit(models.Model):
    """A посещение: one worker at one recipient's home on one day, with arrival and departure.

    A worker may come twice a day: each visit is its own row. The form or the tablet that
    makes a visit gives it a uuid, so a form sent twice or a tablet's resend finds it again."""

    uuid = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="visits")
    worker = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="visits")
    visited_on = models.DateField("дата")
    arrived_at = models.DateTimeField("прибытие", null=True, blank=True)
    left_at = models.DateTimeField("уход", null=True, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Metres from the recipient's home, when both positions are known.
    distance_m = models.PositiveIntegerField("расстояние от адреса, м", null=True, blank=True)
    needs_review = models.BooleanField("требует проверки", default=False, db_index=True)
    reviewed_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField("заключение проверки", max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=RecordSource.choices, default=RecordSource.WEB)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "посещение"
        verbose_name_plural = "посещения"
        ordering = ["-visited_on", "-arrived_at", "-pk"]
        indexes = [models.Index(fields=["worker", "visited_on"], name="visit_worker_day")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.visited_on:%d.%m.%Y}"


class ServiceRecord(models.Model):
    """One line of the журнал оказанных услуг: a service done for a recipient on a day.

    Price, time by norm and department are copied at the moment of recording, so a month's
    acts and reports stay as they were even when tariffs or assignments change later; the
    monthly totals below are kept equal to these rows in the same transaction.
    """

    # Made by the tablet for offline records: a record sent twice is stored once.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="service_records"
    )
    service = models.ForeignKey("catalog.Service", models.PROTECT, related_name="records")
    worker = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="service_records")
    visit = models.ForeignKey(Visit, models.SET_NULL, null=True, blank=True, related_name="records")
    performed_on = models.DateField("дата оказания")
    quantity = models.DecimalField("количество", max_digits=10, decimal_places=2)
    minutes_spent = models.PositiveIntegerField("затрачено, мин", null=True, blank=True)
    note = models.CharField("примечание", max_length=500, blank=True)
    # Copied at recording: the tariff in force on performed_on, quantity × price, norm × quantity.
    price = models.DecimalField("тариф", max_digits=10, decimal_places=2)
    amount = models.DecimalField("сумма", max_digits=12, decimal_places=2)
    norm_minutes = models.DecimalField("время по норме, мин", max_digits=10, decimal_places=2)
    is_additional = models.BooleanField("дополнительная платная", default=False)
    basis = models.CharField(
        "основание", max_length=20, choices=Basis.choices, default=Basis.PROGRAM
    )
    over_volume_reason = models.CharField("причина превышения объёма", max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=RecordSource.choices, default=RecordSource.WEB)
    # A wrong record is cancelled, never deleted; cancelled ones leave the totals.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField("причина отмены", max_length=300, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "оказанная услуга"
        verbose_name_plural = "журнал оказанных услуг"
        ordering = ["-performed_on", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "performed_on"], name="record_recipient_day"),
            models.Index(fields=["worker", "performed_on"], name="record_worker_day"),
            models.Index(fields=["department", "performed_on"], name="record_department_day"),
            models.Index(fields=["institution", "performed_on"], name="record_institution_day"),
        ]

    def __str__(self) -> str:
        return f"{self.performed_on:%d.%m.%Y} {self.service} × {self.quantity}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class MonthlyTotal(models.Model):
    """Σ of the service log per month, department, worker and service, kept in step with every
    write, so a year's report of a large centre reads thousands of rows instead of millions."""

    institution = models.ForeignKey("organisation.Institution", models.CASCADE, related_name="+")
    month = models.DateField()  # the first day
    department = models.ForeignKey("organisation.Department", models.CASCADE, related_name="+")
    worker = models.ForeignKey("organisation.Staff", models.CASCADE, related_name="+")
    service = models.ForeignKey("catalog.Service", models.CASCADE, related_name="+")
    records = models.IntegerField(default=0)
    quantity = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    norm_minutes = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "итог месяца по услуге"
        verbose_name_plural = "итоги месяцев по услугам"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "department", "worker", "service"], name="monthly_total_key"
            )
        ]
        indexes = [
            # Covers the institution's reports by service and type: SQLite reads the sums from
            # the index alone (by type for a year of 10 000 recipients: 99 ms → 42 ms).
            models.Index(
                fields=[
                    "institution",
                    "month",
                    "service",
                    "records",
                    "quantity",
                    "norm_minutes",
                    "amount",
                ],
                name="monthly_total_month_cover",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y} {self.worker_id}/{self.service_id}: {self.records}"


class RecipientMonth(models.Model):
    """Σ of the service log per month, recipient and worker: people served, acts, fees due."""

    institution = models.ForeignKey("organisation.Institution", models.CASCADE, related_name="+")
    month = models.DateField()
    recipient = models.ForeignKey("recipients.Recipient", models.CASCADE, related_name="+")
    department = models.ForeignKey("organisation.Department", models.CASCADE, related_name="+")
    worker = models.ForeignKey("organisation.Staff", models.CASCADE, related_name="+")
    records = models.IntegerField(default=0)
    norm_minutes = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    # Services of the ИППСУ (the fee is capped on them) and additional paid ones (paid in full).
    amount_guaranteed = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    amount_additional = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = "итог месяца по получателю"
        verbose_name_plural = "итоги месяцев по получателям"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "recipient", "worker"], name="recipient_month_key"
            )
        ]
        indexes = [
            # Covers the institution's people, sums and fees by recipient and month.
            models.Index(
                fields=[
                    "institution",
                    "month",
                    "recipient",
                    "department",
                    "records",
                    "norm_minutes",
                    "amount_guaranteed",
                    "amount_additional",
                ],
                name="recipient_month_cover",
            ),
            models.Index(fields=["department", "month"], name="recipient_month_department"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y} {self.recipient_id}: {self.records}"


class MonthClosing(models.Model):
    """A month of a department closed by its head: no record of it may be added or changed.

    Reopening keeps the row (reopened_at) and the audit journal says who and why."""

    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    month = models.DateField()
    closed_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    reopened_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.CharField("причина открытия", max_length=300, blank=True)

    class Meta:
        verbose_name = "закрытие месяца"
        verbose_name_plural = "закрытия месяцев"
        ordering = ["-month", "department"]
        constraints = [
            # At most one closing in force per department and month.
            models.UniqueConstraint(
                fields=["department", "month"],
                condition=models.Q(reopened_at__isnull=True),
                name="month_closed_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.month:%m.%Y}"


class RejectedRecord(models.Model):
    """A tablet record the sync refused, with its reason. The tablet keeps the record for the
    worker to correct; this row lets the worker's head hear of it (quality's alerts). Sent and
    refused again it stays one row; accepted later, it is marked resolved."""

    uuid = models.UUIDField(unique=True)
    institution = models.ForeignKey("organisation.Institution", models.CASCADE, related_name="+")
    worker = models.ForeignKey("organisation.Staff", models.CASCADE, related_name="+")
    # Only a recipient the worker may record for; a record naming anyone else keeps none.
    recipient = models.ForeignKey(
        "recipients.Recipient", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    performed_on = models.DateField("дата оказания")
    reason = models.CharField("причина", max_length=500)
    rejected_at = models.DateTimeField("отклонена")
    resolved_at = models.DateTimeField("принята позже", null=True, blank=True)

    class Meta:
        verbose_name = "отклонённая запись планшета"
        verbose_name_plural = "отклонённые записи планшетов"
        ordering = ["-rejected_at", "-pk"]
        indexes = [
            models.Index(fields=["institution", "resolved_at"], name="rejected_record_open"),
        ]

    def __str__(self) -> str:
        return f"{self.performed_on:%d.%m.%Y}: {self.reason}"
