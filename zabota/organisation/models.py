from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from zabota.core.validators import validate_inn
from zabota.organisation.roles import INSTALLATION_ROLES, Role, role_can
from zabota.rules.rota import DEFAULT_WORKING_DAYS


class Institution(models.Model):
    """A КЦСОН: the provider of social services; one database may hold several of a region."""

    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("сокращённое наименование", max_length=200)
    inn = models.CharField("ИНН", max_length=12, validators=[validate_inn])
    kpp = models.CharField("КПП", max_length=9, blank=True)
    ogrn = models.CharField("ОГРН", max_length=15, blank=True)
    address = models.CharField("адрес", max_length=500)
    phone = models.CharField("телефон", max_length=100, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    city = models.CharField("город (для документов)", max_length=100, blank=True)
    director_name = models.CharField("ФИО директора", max_length=200)
    director_name_gent = models.CharField(
        "ФИО директора в родительном падеже", max_length=200, blank=True
    )
    director_name_datv = models.CharField(
        "ФИО директора в дательном падеже", max_length=200, blank=True
    )
    director_position = models.CharField(
        "должность руководителя", max_length=200, default="директор"
    )
    acts_on_basis_of = models.CharField("действует на основании", max_length=200, default="Устава")
    bank_details = models.TextField("банковские реквизиты", blank=True)

    class Meta:
        verbose_name = "учреждение"
        verbose_name_plural = "учреждения"

    def __str__(self) -> str:
        return self.short_name or self.name


class Department(models.Model):
    """An отделение социального обслуживания на дому of an institution."""

    institution = models.ForeignKey(Institution, models.PROTECT, related_name="departments")
    number = models.PositiveSmallIntegerField("номер")
    name = models.CharField("наименование", max_length=300)
    address = models.CharField("адрес", max_length=500, blank=True)
    # Where the workers' routes start (zabota.field.routes); empty: from the first visit.
    latitude = models.DecimalField("широта", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        "долгота", max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "отделение"
        verbose_name_plural = "отделения"
        ordering = ["institution", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"], name="department_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A member of staff: the person behind a login, with one role in one institution (or, for a
    supervisor and the installation administrator, above every institution: none)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT, related_name="staff")
    # Empty exactly for INSTALLATION_ROLES (the constraint below). Every scope compares a row's
    # institution with this one, and NULL equals nothing: a check forgotten somewhere shows a
    # supervisor nothing rather than someone's card (docs/architecture.md).
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="staff", null=True, blank=True
    )
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="staff", null=True, blank=True
    )
    role = models.CharField("роль", max_length=20, choices=Role.choices)
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=200, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    # The head's weekly rota (zabota.rota) reads the load against these: 40 h is the usual
    # full-time week (ТК РФ, ст. 91), a part-time worker has fewer.
    hours_per_week = models.PositiveSmallIntegerField(
        "рабочее время, часов в неделю", default=40, validators=[MaxValueValidator(60)]
    )
    working_days = models.CharField(
        "рабочие дни недели",
        max_length=30,
        default=DEFAULT_WORKING_DAYS,
        help_text="Коды дней через запятую: mon,tue,wed,thu,fri,sat,sun.",
    )
    # "Log out everywhere": sessions opened before this moment are ended on their next request.
    sessions_revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "сотрудник"
        verbose_name_plural = "сотрудники"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(institution__isnull=True, role__in=sorted(INSTALLATION_ROLES))
                    | (
                        models.Q(institution__isnull=False)
                        & ~models.Q(role__in=sorted(INSTALLATION_ROLES))
                    )
                ),
                name="staff_institution_by_role",
                violation_error_message="Учреждение указывается у сотрудников учреждения и "
                "не указывается у куратора и администратора установки.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}. " for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()

    def can(self, capability: str) -> bool:
        return self.user.is_active and role_can(self.role, capability)


class Supervision(models.Model):
    """An institution a supervisor (УСЗН, ministry) oversees: they read its aggregates only."""

    supervisor = models.ForeignKey(Staff, models.PROTECT, related_name="supervisions")
    institution = models.ForeignKey(Institution, models.PROTECT, related_name="supervisions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "курируемое учреждение"
        verbose_name_plural = "курируемые учреждения"
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "institution"], name="supervision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} → {self.institution}"
