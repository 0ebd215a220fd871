from django.db import models

from zabota.core.validators import validate_not_future, validate_plausible_date, validate_snils
from zabota.rules.identifiers import snils_format


class Gender(models.TextChoices):
    MALE = "male", "мужской"
    FEMALE = "female", "женский"


class DisabilityGroup(models.TextChoices):
    NONE = "", "нет"
    FIRST = "1", "I группа"
    SECOND = "2", "II группа"
    THIRD = "3", "III группа"
    CHILD = "child", "ребёнок-инвалид"


class RecipientStatus(models.TextChoices):
    ACTIVE = "active", "на обслуживании"
    DISCHARGED = "discharged", "снят с обслуживания"


class BenefitCategory(models.Model):
    """A льготная категория from the institution's editable reference list."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="benefit_categories"
    )
    name = models.CharField("наименование", max_length=300)
    # 442-ФЗ ст. 31 ч. 1: categories served free whatever their income.
    free_of_charge = models.BooleanField(
        "обслуживается бесплатно (ст. 31 ч. 1 442-ФЗ)", default=False
    )
    egisso_code = models.CharField("код категории ЕГИССО", max_length=64, blank=True)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "льготная категория"
        verbose_name_plural = "льготные категории"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="benefit_category_unique")
        ]

    def __str__(self) -> str:
        return self.name


class DischargeReason(models.Model):
    """A причина снятия с обслуживания from the institution's editable reference list."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="discharge_reasons"
    )
    name = models.CharField("наименование", max_length=300)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "причина снятия с обслуживания"
        verbose_name_plural = "причины снятия с обслуживания"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="discharge_reason_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """A получатель социальных услуг: the личная карточка of the registry."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="recipients"
    )
    department = models.ForeignKey(
        "organisation.Department",
        models.PROTECT,
        related_name="recipients",
        verbose_name="отделение",
    )
    social_worker = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_recipients",
        verbose_name="социальный работник",
    )
    caregiver = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cared_recipients",
        verbose_name="сиделка (помощник по уходу)",
    )
    status = models.CharField(
        "состояние",
        max_length=20,
        choices=RecipientStatus.choices,
        default=RecipientStatus.ACTIVE,
    )

    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    gender = models.CharField("пол", max_length=6, choices=Gender.choices)
    # ФИО in the cases documents need; filled by zabota.rules.names and corrected by staff.
    name_gent = models.CharField("ФИО в родительном падеже (кого?)", max_length=300, blank=True)
    name_datv = models.CharField("ФИО в дательном падеже (кому?)", max_length=300, blank=True)
    name_accs = models.CharField("ФИО в винительном падеже (кого?)", max_length=300, blank=True)
    name_ablt = models.CharField("ФИО в творительном падеже (кем?)", max_length=300, blank=True)
    name_loct = models.CharField("ФИО в предложном падеже (о ком?)", max_length=300, blank=True)

    birth_date = models.DateField(
        "дата рождения", validators=[validate_not_future, validate_plausible_date]
    )
    birth_place = models.CharField("место рождения", max_length=300, blank=True)
    # Stored as eleven digits; printed as 112-233-445 95.
    snils = models.CharField("СНИЛС", max_length=11, validators=[validate_snils])

    document_type = models.CharField(
        "документ, удостоверяющий личность", max_length=100, default="Паспорт гражданина РФ"
    )
    document_series = models.CharField("серия", max_length=10, blank=True)
    document_number = models.CharField("номер", max_length=20, blank=True)
    document_issued_by = models.CharField("кем выдан", max_length=300, blank=True)
    document_issued_on = models.DateField("дата выдачи", null=True, blank=True)
    document_issuer_code = models.CharField("код подразделения", max_length=7, blank=True)

    registration_address = models.CharField("адрес регистрации", max_length=500)
    actual_address = models.CharField(
        "адрес фактического проживания",
        max_length=500,
        blank=True,
        help_text="Если пусто — совпадает с адресом регистрации.",
    )
    phone = models.CharField("телефон", max_length=50, blank=True)
    # Position of the home, for the distance check of visits (field app).
    latitude = models.DecimalField("широта", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        "долгота", max_digits=9, decimal_places=6, null=True, blank=True
    )

    benefit_categories = models.ManyToManyField(
        BenefitCategory, blank=True, related_name="recipients", verbose_name="льготные категории"
    )
    disability_group = models.CharField(
        "группа инвалидности",
        max_length=5,
        choices=DisabilityGroup.choices,
        blank=True,
        default="",
    )
    disability_until = models.DateField(
        "инвалидность установлена до", null=True, blank=True, help_text="Пусто — бессрочно."
    )
    notes = models.TextField("примечания", blank=True)

    # Optimistic locking: a save made from a stale form is refused (see services).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "получатель социальных услуг"
        verbose_name_plural = "получатели социальных услуг"
        ordering = ["last_name", "first_name", "middle_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "snils"], name="recipient_snils_unique")
        ]
        indexes = [
            models.Index(fields=["institution", "last_name"], name="recipient_name_idx"),
            models.Index(fields=["department", "status"], name="recipient_department_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        initials = " ".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()

    @property
    def snils_display(self) -> str:
        return snils_format(self.snils)

    @property
    def address(self) -> str:
        """Where the person lives and is visited."""
        return self.actual_address or self.registration_address

    @property
    def is_active(self) -> bool:
        return self.status == RecipientStatus.ACTIVE


class Representative(models.Model):
    """A законный представитель (or a person acting under a power of attorney) of a recipient."""

    class Kind(models.TextChoices):
        GUARDIAN = "guardian", "опекун"
        TRUSTEE = "trustee", "попечитель"
        PARENT = "parent", "родитель"
        PROXY = "proxy", "представитель по доверенности"

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="representatives")
    kind = models.CharField("кем приходится", max_length=20, choices=Kind.choices)
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    name_gent = models.CharField("ФИО в родительном падеже", max_length=300, blank=True)
    basis = models.CharField(
        "документ, подтверждающий полномочия",
        max_length=300,
        help_text="Например: доверенность от 01.02.2026 № 12, распоряжение об опеке.",
    )
    document = models.CharField(
        "паспорт (серия, номер, кем и когда выдан)", max_length=300, blank=True
    )
    address = models.CharField("адрес", max_length=500, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    valid_from = models.DateField("полномочия с", null=True, blank=True)
    valid_until = models.DateField("полномочия до", null=True, blank=True)
    is_active = models.BooleanField("действует", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "законный представитель"
        verbose_name_plural = "законные представители"
        ordering = ["-is_active", "-created_at"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class Consent(models.Model):
    """A согласие на обработку персональных данных (152-ФЗ ст. 9), with its text version."""

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="consents")
    given_on = models.DateField("дата согласия")
    text_version = models.CharField("редакция текста согласия", max_length=50)
    signed_by_representative = models.BooleanField("подписано представителем", default=False)
    withdrawn_on = models.DateField("дата отзыва", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "согласие на обработку персональных данных"
        verbose_name_plural = "согласия на обработку персональных данных"
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Согласие от {self.given_on:%d.%m.%Y} (ред. {self.text_version})"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_on is None


class MedicalCertificate(models.Model):
    """A медицинское заключение (no contraindications to home service) with its validity."""

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="medical_certificates")
    number = models.CharField("номер", max_length=50)
    issued_on = models.DateField("дата выдачи")
    valid_until = models.DateField("действует до", db_index=True)
    issued_by = models.CharField("медицинская организация", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "медицинское заключение"
        verbose_name_plural = "медицинские заключения"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.issued_on:%d.%m.%Y}"


class Enrolment(models.Model):
    """One period of service: постановка на обслуживание and, later, снятие с обслуживания."""

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="enrolments")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    enrolled_on = models.DateField("дата постановки на обслуживание", db_index=True)
    basis = models.CharField("основание", max_length=300)
    discharged_on = models.DateField(
        "дата снятия с обслуживания", null=True, blank=True, db_index=True
    )
    discharge_reason = models.ForeignKey(
        DischargeReason, models.PROTECT, null=True, blank=True, verbose_name="причина снятия"
    )
    discharge_note = models.CharField("примечание к снятию", max_length=300, blank=True)
    enrolled_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "период обслуживания"
        verbose_name_plural = "периоды обслуживания"
        ordering = ["-enrolled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient} с {self.enrolled_on:%d.%m.%Y}"
