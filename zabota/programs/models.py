from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

WEEKDAYS = [
    ("mon", "пн"),
    ("tue", "вт"),
    ("wed", "ср"),
    ("thu", "чт"),
    ("fri", "пт"),
    ("sat", "сб"),
    ("sun", "вс"),
]
WEEKDAY_CODES = [code for code, _label in WEEKDAYS]


class ServiceForm(models.TextChoices):
    """Форма социального обслуживания (442-ФЗ ст. 19)."""

    HOME = "home", "в форме социального обслуживания на дому"
    SEMI_STATIONARY = "semi_stationary", "в полустационарной форме"
    STATIONARY = "stationary", "в стационарной форме"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "проект"
    IN_FORCE = "in_force", "действует"
    EXPIRED = "expired", "истёк срок"
    REPLACED = "replaced", "заменена новой"


class Program(models.Model):
    """An ИППСУ (form of Приказ Минтруда России от 10.11.2014 № 874н, прил. 2) of a recipient.

    Versions: a new version `replaces` the old one, which becomes «заменена» on approval.
    """

    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="programs")
    number = models.CharField("номер", max_length=50)
    drawn_up_on = models.DateField("дата составления")
    is_repeat = models.BooleanField(
        "разработана повторно",
        default=False,
        # The form ticks it itself when the person had an ИППСУ before (suggested_program).
        help_text="Отмечается само, если у получателя уже была ИППСУ; первая — без отметки.",
    )
    valid_from = models.DateField("действует с")
    valid_until = models.DateField("действует по")
    form = models.CharField(
        "форма социального обслуживания",
        max_length=20,
        choices=ServiceForm.choices,
        default=ServiceForm.HOME,
    )
    provider = models.CharField("рекомендуемый поставщик", max_length=500)
    status = models.CharField(
        "состояние", max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    replaces = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="заменяет программу",
    )
    # The last day a replaced program governed services (the day before its successor starts);
    # its printed term (valid_until) stays as signed.
    ended_on = models.DateField("действовала по", null=True, blank=True)
    notes = models.TextField("примечание", blank=True)
    # Optimistic locking (zabota.audit.locking).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField("утверждена", null=True, blank=True)

    class Meta:
        verbose_name = "индивидуальная программа (ИППСУ)"
        verbose_name_plural = "индивидуальные программы (ИППСУ)"
        ordering = ["-valid_from", "-pk"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="program_status_until"),
            models.Index(fields=["recipient", "status"], name="program_recipient_status"),
        ]

    def __str__(self) -> str:
        return f"ИППСУ № {self.number} от {self.drawn_up_on:%d.%m.%Y}"


class ProgramService(models.Model):
    """A line of the ИППСУ: a service with its monthly volume, periodicity and term."""

    program = models.ForeignKey(Program, models.CASCADE, related_name="services")
    service = models.ForeignKey(
        "catalog.Service", models.PROTECT, related_name="program_lines", verbose_name="услуга"
    )
    # The monthly volume limit the service log checks against.
    quantity_per_month = models.DecimalField(
        "объём в месяц",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    periodicity = models.CharField("периодичность", max_length=100, blank=True)
    # Planned days of visits, "mon,wed,fri": the tablet lists the day's visits from these.
    weekdays = models.CharField("дни посещений", max_length=27, blank=True)
    term = models.CharField(
        "срок предоставления", max_length=200, blank=True, default="на срок действия ИППСУ"
    )

    class Meta:
        verbose_name = "услуга программы"
        verbose_name_plural = "услуги программы"
        ordering = ["service__service_type__code", "service__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "service"], name="program_service_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.quantity_per_month} в месяц"

    @property
    def weekday_list(self) -> list[str]:
        return [d for d in self.weekdays.split(",") if d]

    @property
    def weekdays_display(self) -> str:
        labels = dict(WEEKDAYS)
        return ", ".join(str(labels[d]) for d in self.weekday_list if d in labels)


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "проект"
    ACTIVE = "active", "действует"
    TERMINATED = "terminated", "расторгнут"
    EXPIRED = "expired", "истёк срок"


class FeeKind(models.TextChoices):
    """Условие оплаты (442-ФЗ ст. 31–32)."""

    FREE = "free", "бесплатно"
    PARTIAL = "partial", "частичная оплата"
    FULL = "full", "полная оплата"


class Contract(models.Model):
    """A договор о предоставлении социальных услуг (примерная форма, прил. 1 к Приказу № 874н)."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="contracts"
    )
    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="contracts")
    program = models.ForeignKey(
        Program, models.PROTECT, related_name="contracts", verbose_name="ИППСУ"
    )
    # The number is "<sequence>/<year>", counted per institution and year (see NumberSequence).
    year = models.PositiveSmallIntegerField("год")
    sequence = models.PositiveIntegerField("порядковый номер")
    number = models.CharField("номер", max_length=30)
    concluded_on = models.DateField("дата заключения")
    # Заказчик: the recipient themself when empty, otherwise their representative.
    representative = models.ForeignKey(
        "recipients.Representative",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name="заказчик — представитель",
    )
    valid_from = models.DateField("действует с")
    valid_until = models.DateField("действует по")
    fee_kind = models.CharField("условие оплаты", max_length=10, choices=FeeKind.choices)
    monthly_fee = models.DecimalField(
        "плата в месяц, ₽", max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    # The explanation of the fee as it stood at conclusion (income, threshold, cap, cost).
    fee_explanation = models.TextField("расчёт платы", blank=True)
    status = models.CharField(
        "состояние", max_length=20, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    terminated_on = models.DateField("дата расторжения", null=True, blank=True)
    termination_reason = models.CharField("причина расторжения", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "договор"
        verbose_name_plural = "договоры"
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"], name="contract_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "status"], name="contract_recipient_status"),
        ]

    def __str__(self) -> str:
        return f"Договор № {self.number} от {self.concluded_on:%d.%m.%Y}"

    @property
    def customer_name(self) -> str:
        return self.representative.full_name if self.representative_id else str(self.recipient)


class ContractAmendment(models.Model):
    """A дополнительное соглашение to a contract (numbered 1, 2, … within the contract)."""

    contract = models.ForeignKey(Contract, models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField("номер")
    concluded_on = models.DateField("дата заключения")
    description = models.TextField("содержание изменений")
    new_program = models.ForeignKey(
        Program,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="новая ИППСУ",
    )
    new_fee_kind = models.CharField(
        "новое условие оплаты", max_length=10, choices=FeeKind.choices, blank=True
    )
    new_monthly_fee = models.DecimalField(
        "новая плата в месяц, ₽", max_digits=10, decimal_places=2, null=True, blank=True
    )
    new_valid_until = models.DateField("новый срок действия по", null=True, blank=True)
    # What the contract stood on before, and what a new program changed (zabota.rules.
    # program_changes, at the tariffs on the day of the agreement): the printed agreement and
    # the page show these as signed, whatever happens to the programs and tariffs later.
    old_program = models.ForeignKey(
        Program,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="прежняя ИППСУ",
    )
    old_fee_kind = models.CharField(
        "прежнее условие оплаты", max_length=10, choices=FeeKind.choices, blank=True
    )
    old_monthly_fee = models.DecimalField(
        "прежняя плата в месяц, ₽", max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost_before = models.DecimalField(
        "стоимость услуг в месяц до, ₽", max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_after = models.DecimalField(
        "стоимость услуг в месяц после, ₽",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # [{change, code, name, unit, quantity_before, quantity_after, amount_before, amount_after}]
    # with numbers as strings; empty when the program did not change.
    service_changes = models.JSONField("изменения услуг", default=list, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "дополнительное соглашение"
        verbose_name_plural = "дополнительные соглашения"
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="amendment_number_unique")
        ]

    def __str__(self) -> str:
        return f"Дополнительное соглашение № {self.number} от {self.concluded_on:%d.%m.%Y}"


class NumberSequence(models.Model):
    """The last number given to a document kind in an institution's year.

    Numbers come from this row, updated under a row lock, so two contracts saved at the same
    moment never get the same number (the unique constraint on Contract is the last guard).
    """

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind", "year"], name="number_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class TypicalSet(models.Model):
    """A typical set: a named package of services with their usual volumes that the centre puts
    into many ИППСУ (by level of need, by category), defined by the director."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="typical_sets"
    )
    name = models.CharField("название", max_length=200)
    note = models.TextField("для кого и когда", blank=True)
    # Nothing is deleted: a set no longer offered is switched off and stays in the journal.
    is_active = models.BooleanField("предлагается", default=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "типовой набор услуг"
        verbose_name_plural = "типовые наборы услуг"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="typical_set_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TypicalSetLine(models.Model):
    """A service of a typical set: a volume a month, or «N раз в неделю» to compute it from."""

    typical_set = models.ForeignKey(TypicalSet, models.CASCADE, related_name="lines")
    service = models.ForeignKey(
        "catalog.Service", models.PROTECT, related_name="+", verbose_name="услуга"
    )
    quantity_per_month = models.DecimalField(
        "объём в месяц",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    times_per_week = models.PositiveSmallIntegerField(
        "раз в неделю",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )

    class Meta:
        verbose_name = "услуга типового набора"
        verbose_name_plural = "услуги типового набора"
        ordering = ["service__service_type__code", "service__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["typical_set", "service"], name="typical_set_service_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_per_month__isnull=False)
                | models.Q(times_per_week__isnull=False),
                name="typical_set_line_has_volume",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.typical_set}: {self.service}"
