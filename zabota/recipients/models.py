from django.db import models
from django.utils.translation import gettext_lazy as _

from zabota.core.validators import validate_not_future, validate_plausible_date, validate_snils
from zabota.rules.identifiers import snils_format


class Gender(models.TextChoices):
    MALE = "male", _("мужской")
    FEMALE = "female", _("женский")


class DisabilityGroup(models.TextChoices):
    NONE = "", _("нет")
    FIRST = "1", _("I группа")
    SECOND = "2", _("II группа")
    THIRD = "3", _("III группа")
    CHILD = "child", _("ребёнок-инвалид")


class RecipientStatus(models.TextChoices):
    ACTIVE = "active", _("на обслуживании")
    DISCHARGED = "discharged", _("снят с обслуживания")


class BenefitCategory(models.Model):
    """A льготная категория from the institution's editable reference list."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="benefit_categories"
    )
    name = models.CharField(_("наименование"), max_length=300)
    # 442-ФЗ ст. 31 ч. 1: categories served free whatever their income.
    free_of_charge = models.BooleanField(
        _("обслуживается бесплатно (ст. 31 ч. 1 442-ФЗ)"), default=False
    )
    egisso_code = models.CharField(_("код категории ЕГИССО"), max_length=64, blank=True)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("льготная категория")
        verbose_name_plural = _("льготные категории")
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
    name = models.CharField(_("наименование"), max_length=300)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("причина снятия с обслуживания")
        verbose_name_plural = _("причины снятия с обслуживания")
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
        verbose_name=_("отделение"),
    )
    social_worker = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_recipients",
        verbose_name=_("социальный работник"),
    )
    caregiver = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cared_recipients",
        verbose_name=_("сиделка (помощник по уходу)"),
    )
    status = models.CharField(
        _("состояние"),
        max_length=20,
        choices=RecipientStatus.choices,
        default=RecipientStatus.ACTIVE,
    )

    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    middle_name = models.CharField(_("отчество"), max_length=100, blank=True)
    gender = models.CharField(_("пол"), max_length=6, choices=Gender.choices)
    # ФИО in the cases documents need; filled by zabota.rules.names and corrected by staff.
    name_gent = models.CharField(_("ФИО в родительном падеже (кого?)"), max_length=300, blank=True)
    name_datv = models.CharField(_("ФИО в дательном падеже (кому?)"), max_length=300, blank=True)
    name_accs = models.CharField(_("ФИО в винительном падеже (кого?)"), max_length=300, blank=True)
    name_ablt = models.CharField(_("ФИО в творительном падеже (кем?)"), max_length=300, blank=True)
    name_loct = models.CharField(_("ФИО в предложном падеже (о ком?)"), max_length=300, blank=True)

    birth_date = models.DateField(
        _("дата рождения"), validators=[validate_not_future, validate_plausible_date]
    )
    birth_place = models.CharField(_("место рождения"), max_length=300, blank=True)
    # Stored as eleven digits; printed as 112-233-445 95.
    snils = models.CharField(_("СНИЛС"), max_length=11, validators=[validate_snils])

    document_type = models.CharField(
        _("документ, удостоверяющий личность"), max_length=100, default="Паспорт гражданина РФ"
    )
    document_series = models.CharField(_("серия"), max_length=10, blank=True)
    document_number = models.CharField(_("номер"), max_length=20, blank=True)
    document_issued_by = models.CharField(_("кем выдан"), max_length=300, blank=True)
    document_issued_on = models.DateField(_("дата выдачи"), null=True, blank=True)
    document_issuer_code = models.CharField(_("код подразделения"), max_length=7, blank=True)

    registration_address = models.CharField(_("адрес регистрации"), max_length=500)
    actual_address = models.CharField(
        _("адрес фактического проживания"),
        max_length=500,
        blank=True,
        help_text=_("Если пусто — совпадает с адресом регистрации."),
    )
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    # Position of the home, for the distance check of visits (field app).
    latitude = models.DecimalField(
        _("широта"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("долгота"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    benefit_categories = models.ManyToManyField(
        BenefitCategory, blank=True, related_name="recipients", verbose_name=_("льготные категории")
    )
    disability_group = models.CharField(
        _("группа инвалидности"),
        max_length=5,
        choices=DisabilityGroup.choices,
        blank=True,
        default="",
    )
    disability_until = models.DateField(
        _("инвалидность установлена до"), null=True, blank=True, help_text=_("Пусто — бессрочно.")
    )
    notes = models.TextField(_("примечания"), blank=True)

    # Optimistic locking: a save made from a stale form is refused (see services).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("получатель социальных услуг")
        verbose_name_plural = _("получатели социальных услуг")
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
        GUARDIAN = "guardian", _("опекун")
        TRUSTEE = "trustee", _("попечитель")
        PARENT = "parent", _("родитель")
        PROXY = "proxy", _("представитель по доверенности")

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="representatives")
    kind = models.CharField(_("кем приходится"), max_length=20, choices=Kind.choices)
    last_name = models.CharField(_("фамилия"), max_length=100)
    first_name = models.CharField(_("имя"), max_length=100)
    middle_name = models.CharField(_("отчество"), max_length=100, blank=True)
    name_gent = models.CharField(_("ФИО в родительном падеже"), max_length=300, blank=True)
    basis = models.CharField(
        _("документ, подтверждающий полномочия"),
        max_length=300,
        help_text=_("Например: доверенность от 01.02.2026 № 12, распоряжение об опеке."),
    )
    document = models.CharField(
        _("паспорт (серия, номер, кем и когда выдан)"), max_length=300, blank=True
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    valid_from = models.DateField(_("полномочия с"), null=True, blank=True)
    valid_until = models.DateField(_("полномочия до"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("законный представитель")
        verbose_name_plural = _("законные представители")
        ordering = ["-is_active", "-created_at"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class Consent(models.Model):
    """A согласие на обработку персональных данных (152-ФЗ ст. 9), with its text version."""

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="consents")
    given_on = models.DateField(_("дата согласия"))
    text_version = models.CharField(_("редакция текста согласия"), max_length=50)
    signed_by_representative = models.BooleanField(_("подписано представителем"), default=False)
    withdrawn_on = models.DateField(_("дата отзыва"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("согласие на обработку персональных данных")
        verbose_name_plural = _("согласия на обработку персональных данных")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Согласие от {self.given_on:%d.%m.%Y} (ред. {self.text_version})"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_on is None


class MedicalCertificate(models.Model):
    """A медицинское заключение (no contraindications to home service) with its validity."""

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="medical_certificates")
    number = models.CharField(_("номер"), max_length=50)
    issued_on = models.DateField(_("дата выдачи"))
    valid_until = models.DateField(_("действует до"), db_index=True)
    issued_by = models.CharField(_("медицинская организация"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("медицинское заключение")
        verbose_name_plural = _("медицинские заключения")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.issued_on:%d.%m.%Y}"


class Enrolment(models.Model):
    """One period of service: постановка на обслуживание and, later, снятие с обслуживания."""

    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="enrolments")
    department = models.ForeignKey("organisation.Department", models.PROTECT, related_name="+")
    enrolled_on = models.DateField(_("дата постановки на обслуживание"), db_index=True)
    basis = models.CharField(_("основание"), max_length=300)
    discharged_on = models.DateField(
        _("дата снятия с обслуживания"), null=True, blank=True, db_index=True
    )
    discharge_reason = models.ForeignKey(
        DischargeReason, models.PROTECT, null=True, blank=True, verbose_name=_("причина снятия")
    )
    discharge_note = models.CharField(_("примечание к снятию"), max_length=300, blank=True)
    enrolled_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    discharged_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("период обслуживания")
        verbose_name_plural = _("периоды обслуживания")
        ordering = ["-enrolled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient} с {self.enrolled_on:%d.%m.%Y}"
