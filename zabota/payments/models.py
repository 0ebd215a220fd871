from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from zabota.rules.payment import MIN_THRESHOLD_COEFFICIENT


class PopulationGroup(models.TextChoices):
    """Socio-demographic groups for which a region sets its прожиточный минимум."""

    PER_CAPITA = "per_capita", "на душу населения"
    WORKING_AGE = "working_age", "трудоспособное население"
    PENSIONERS = "pensioners", "пенсионеры"
    CHILDREN = "children", "дети"


class SubsistenceMinimum(models.Model):
    """The region's прожиточный минимум for one group, in force from a date."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="subsistence_minimums"
    )
    group = models.CharField("группа населения", max_length=20, choices=PopulationGroup.choices)
    effective_from = models.DateField("действует с")
    amount = models.DecimalField(
        "прожиточный минимум, ₽",
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "прожиточный минимум"
        verbose_name_plural = "прожиточные минимумы"
        ordering = ["group", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "group", "effective_from"],
                name="subsistence_minimum_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.amount} ₽ с {self.effective_from:%d.%m.%Y}"


class ThresholdCoefficient(models.Model):
    """The regional coefficient of the предельная величина (× ПМ), in force from a date.

    442-ФЗ ст. 31 ч. 5: not lower than 1.5.
    """

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="threshold_coefficients"
    )
    effective_from = models.DateField("действует с")
    coefficient = models.DecimalField(
        "коэффициент",
        max_digits=4,
        decimal_places=2,
        default=MIN_THRESHOLD_COEFFICIENT,
        validators=[MinValueValidator(MIN_THRESHOLD_COEFFICIENT)],
    )
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "коэффициент предельной величины"
        verbose_name_plural = "коэффициенты предельной величины"
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "effective_from"], name="threshold_coefficient_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.coefficient} × ПМ с {self.effective_from:%d.%m.%Y}"


class FamilyMember(models.Model):
    """A member of the recipient's family whose income counts (ПП РФ от 23.12.2024 № 1873)."""

    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="family_members"
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    relation = models.CharField(
        "степень родства", max_length=100, help_text="Например: супруг, сын."
    )
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    is_active = models.BooleanField(
        "входит в состав семьи",
        default=True,
        help_text="Снимите отметку, если человек больше не входит в семью.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "член семьи"
        verbose_name_plural = "члены семьи"
        ordering = ["-is_active", "last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.relation})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


INCOME_KINDS = [
    "пенсия",
    "заработная плата",
    "ежемесячная денежная выплата",
    "пособие",
    "стипендия",
    "алименты",
    "иной доход",
]


class MonthlyIncome(models.Model):
    """One kind of income of the recipient (family_member empty) or a family member in a month."""

    class Source(models.TextChoices):
        MANUAL = "вручную", "вручную"
        IMPORT = "импорт", "импорт"

    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="incomes")
    family_member = models.ForeignKey(
        FamilyMember,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="incomes",
        verbose_name="член семьи",
    )
    # Always the first day of the month.
    month = models.DateField("месяц")
    amount = models.DecimalField(
        "сумма, ₽", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    kind = models.CharField("вид дохода", max_length=100, default="пенсия")
    source = models.CharField(
        "источник сведений", max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "доход за месяц"
        verbose_name_plural = "доходы по месяцам"
        ordering = ["month", "family_member_id", "kind"]
        # Two partial constraints because NULLs are distinct in a plain unique index: the
        # recipient's own income (no family member) must be unique per month and kind too.
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "family_member", "month", "kind"],
                condition=Q(family_member__isnull=False),
                name="income_member_month_kind_unique",
            ),
            models.UniqueConstraint(
                fields=["recipient", "month", "kind"],
                condition=Q(family_member__isnull=True),
                name="income_own_month_kind_unique",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "month"], name="income_recipient_month")]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y} {self.kind}: {self.amount} ₽"


class PaymentDecision(models.Model):
    """A расчёт среднедушевого дохода and the payment condition it gives (442-ФЗ ст. 31–32)."""

    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="payment_decisions"
    )
    application_date = models.DateField("дата заявления")
    period_start = models.DateField("расчётный период с")
    period_end = models.DateField("расчётный период по")
    group = models.CharField(
        "группа населения для ПМ",
        max_length=20,
        choices=PopulationGroup.choices,
        default=PopulationGroup.PENSIONERS,
    )
    family_size = models.PositiveSmallIntegerField("состав семьи, чел.")
    income_total = models.DecimalField("доходы семьи за период, ₽", max_digits=14, decimal_places=2)
    income_per_capita = models.DecimalField(
        "среднедушевой доход, ₽", max_digits=12, decimal_places=2
    )
    subsistence_minimum = models.DecimalField(
        "прожиточный минимум, ₽", max_digits=10, decimal_places=2
    )
    coefficient = models.DecimalField("коэффициент", max_digits=4, decimal_places=2)
    threshold = models.DecimalField("предельная величина, ₽", max_digits=12, decimal_places=2)
    free_category = models.BooleanField("льготная категория (бесплатно)", default=False)
    computed_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField("рассчитано", auto_now_add=True)
    is_current = models.BooleanField("действующий расчёт", default=True)

    class Meta:
        verbose_name = "расчёт условия оплаты"
        verbose_name_plural = "расчёты условия оплаты"
        ordering = ["-application_date", "-computed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient"],
                condition=Q(is_current=True),
                name="payment_decision_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"Расчёт по заявлению от {self.application_date:%d.%m.%Y}"

    @property
    def free_by_income(self) -> bool:
        return self.income_per_capita <= self.threshold
