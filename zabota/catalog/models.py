from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# Units a regional list uses; the field is free text so a region's own unit fits too.
UNITS = ["услуга", "посещение", "м²", "кг", "час", "комплект", "поездка"]


class ServiceType(models.Model):
    """A вид социальных услуг of 442-ФЗ ст. 20 (eight, in the law's order); rows 3–10 of 6-собес."""

    code = models.PositiveSmallIntegerField(
        "код", unique=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    name = models.CharField("наименование", max_length=300)
    # Row of form 6-собес, раздел 1, that counts services of this type (regulations.md §5).
    sobes_row = models.PositiveSmallIntegerField(
        "строка формы 6-собес", validators=[MinValueValidator(3), MaxValueValidator(10)]
    )

    class Meta:
        verbose_name = "вид социальных услуг"
        verbose_name_plural = "виды социальных услуг"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A социальная услуга of the institution's catalog (guaranteed by ИППСУ or additional paid)."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="services"
    )
    service_type = models.ForeignKey(
        ServiceType, models.PROTECT, related_name="services", verbose_name="вид услуги"
    )
    code = models.CharField("код", max_length=30)
    name = models.CharField("наименование", max_length=500)
    unit = models.CharField("единица", max_length=30, default="услуга")
    time_norm_minutes = models.PositiveIntegerField(
        "норма времени, мин", validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    is_additional = models.BooleanField(
        "дополнительная платная услуга",
        default=False,
        help_text="Не входит в ИППСУ, оплачивается по прейскуранту полностью.",
    )
    is_care = models.BooleanField(
        "услуга по уходу (СДУ)",
        default=False,
        help_text="Входит в социальный пакет долговременного ухода.",
    )
    periodicity_hint = models.CharField("рекомендуемая периодичность", max_length=100, blank=True)
    # One of the 50 care services of the social package (приложения № 6 и 7 к типовой модели СДУ,
    # catalog/data/sdu_care_services.json), set by care_services_load: its number in the list
    # and its slot — services of one slot are alternatives, a care plan holds one of them.
    care_number = models.PositiveSmallIntegerField(
        "номер в перечне услуг по уходу",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    care_slot = models.PositiveSmallIntegerField(
        "слот (взаимозаменяемые услуги)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(33)],
    )
    care_source = models.CharField("источник стандарта услуги по уходу", max_length=300, blank=True)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "социальная услуга"
        verbose_name_plural = "социальные услуги"
        ordering = ["service_type__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "code"], name="service_code_unique"),
            models.UniqueConstraint(
                fields=["institution", "care_number"],
                condition=models.Q(care_number__isnull=False),
                name="service_care_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Tariff(models.Model):
    """The price of one unit of a service from a date on; earlier prices stay for past months."""

    service = models.ForeignKey(Service, models.PROTECT, related_name="tariffs")
    effective_from = models.DateField("действует с")
    price = models.DecimalField(
        "тариф, ₽", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "тариф"
        verbose_name_plural = "тарифы"
        ordering = ["service", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "effective_from"], name="tariff_service_date_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.price} ₽ с {self.effective_from:%d.%m.%Y}"
