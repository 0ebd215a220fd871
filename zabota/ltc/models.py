"""Long-term care (СДУ): methodologies as data, assessments scored with them, care plans."""

from decimal import Decimal
from functools import cached_property

from django.db import models

from zabota.rules import ltc as rules


class Methodology(models.Model):
    """A questionnaire with points and outcomes, loaded from a file; versioned, never edited."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="methodologies"
    )
    code = models.CharField("код", max_length=50)
    version = models.CharField("версия", max_length=50)
    title = models.CharField("наименование", max_length=300)
    source = models.TextField("источник (акт региона)", blank=True)
    # A shipped instrument mapped to levels only as an illustration: shown with a warning.
    is_example = models.BooleanField("пример, подлежит замене актом региона", default=False)
    # The checked file contents in canonical form (see services.methodology_data).
    data = models.JSONField("содержание")
    file_name = models.CharField("файл", max_length=255, blank=True)
    # In force from this date while active; the active one with the latest date wins.
    effective_from = models.DateField("действует с", null=True, blank=True)
    is_active = models.BooleanField("введена в действие", default=False)
    uploaded_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружена", auto_now_add=True)
    # A draft (None) is edited in the methodology editor and scores nothing; a published version
    # is never edited again: a change of the region's act is a new version (issue 23).
    published_at = models.DateTimeField("опубликована", null=True, blank=True)
    # Bumped on every edit of a draft: an edit form built from an older state is refused, so two
    # administrators editing one draft never overwrite each other's work unseen.
    revision = models.PositiveIntegerField("редакция черновика", default=0)

    class Meta:
        verbose_name = "методика оценки"
        verbose_name_plural = "методики оценки"
        ordering = ["code", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code", "version"], name="methodology_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, версия {self.version}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @cached_property
    def rules(self) -> rules.Methodology:
        """The checked questionnaire; the data was validated on upload, so this cannot fail."""
        return rules.load_methodology(self.data)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "завершена"


class Assessment(models.Model):
    """An interview (анкета-опросник) of a recipient, scored into a level of need."""

    recipient = models.ForeignKey(
        "recipients.Recipient", models.PROTECT, related_name="assessments"
    )
    # The version scored with stays attached: a later methodology never rescores the past.
    methodology = models.ForeignKey(Methodology, models.PROTECT, related_name="assessments")
    status = models.CharField(
        "состояние",
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    answers = models.JSONField("ответы", default=dict, blank=True)  # {question: option}
    total = models.DecimalField(
        "сумма баллов", max_digits=9, decimal_places=2, null=True, blank=True
    )
    outcome_code = models.CharField("уровень нуждаемости (код)", max_length=50, blank=True)
    outcome_title = models.CharField("уровень нуждаемости", max_length=300, blank=True)
    # The number of the level of need (1–3) or of the care group (0–5), as the methodology's
    # outcome kind says; None for an outcome without one («не нуждается»).
    outcome_value = models.PositiveSmallIntegerField("уровень или группа", null=True, blank=True)
    # Where the region's points are unknown the expert chooses the outcome and says why.
    outcome_by_expert = models.BooleanField("исход установлен экспертом", default=False)
    expert_justification = models.TextField("обоснование эксперта", blank=True)
    hours_per_week = models.DecimalField(
        "часов ухода в неделю", max_digits=5, decimal_places=2, null=True, blank=True
    )
    reassess_months = models.PositiveSmallIntegerField(
        "месяцев до повторной оценки", null=True, blank=True
    )
    # [{question, question_text, option, option_text, points}]: the explanation of the total.
    points = models.JSONField("баллы по вопросам", default=list, blank=True)
    assessed_on = models.DateField("дата оценки", null=True, blank=True)
    assessor = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        related_name="assessments",
        verbose_name="провёл оценку",
    )
    # Indexed: the lists of due reassessments filter on it for every department.
    next_assessment_on = models.DateField("повторная оценка", null=True, blank=True, db_index=True)
    next_reason = models.TextField("причина переноса повторной оценки", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "оценка нуждаемости"
        verbose_name_plural = "оценки нуждаемости"
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            # "The latest submitted assessment of a recipient", asked once per list row.
            models.Index(fields=["recipient", "status", "assessed_on"], name="assessment_latest"),
        ]

    def __str__(self) -> str:
        if self.status == AssessmentStatus.DRAFT:
            return f"Черновик оценки от {self.created_at:%d.%m.%Y}"
        return f"Оценка от {self.assessed_on:%d.%m.%Y}: {self.outcome_title}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def outcome_label(self) -> str:
        """«Уровень нуждаемости 2» or «Группа ухода 4», as the methodology's kind says."""
        kind = (self.methodology.data or {}).get("outcome_kind", rules.LEVEL)
        return rules.outcome_label(kind, self.outcome_value)

    @property
    def needs_care(self) -> bool:
        return bool(self.hours_per_week and self.hours_per_week > Decimal(0))


class CarePlanStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    APPROVED = "approved", "утверждён"
    REPLACED = "replaced", "заменён новым"


class CarePlan(models.Model):
    """An individual care plan (дополнение к ИППСУ): the weekly care services of a level."""

    recipient = models.ForeignKey("recipients.Recipient", models.PROTECT, related_name="care_plans")
    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="care_plans")
    status = models.CharField(
        "состояние", max_length=20, choices=CarePlanStatus.choices, default=CarePlanStatus.DRAFT
    )
    # Copied from the assessment: item 2 of the form, the weekly volume of the level.
    hours_per_week = models.DecimalField("часов ухода в неделю", max_digits=5, decimal_places=2)
    # Item 5: [{"service": name, "who": ФИО, "status": кем приходится}].
    relatives_services = models.JSONField(
        "услуги, которые обеспечивают родственники", default=list, blank=True
    )
    # Item 6: [name, …].
    not_needed_services = models.JSONField(
        "услуги, в которых нет потребности", default=list, blank=True
    )
    # Items 3, 4.1 and 4.5, computed by zabota.rules.careplan.layout on every save.
    weekly_minutes = models.PositiveIntegerField("минут в неделю", default=0)
    month_minutes = models.PositiveIntegerField("минут в месяц", default=0)
    month_services = models.PositiveIntegerField("услуг в месяц", default=0)
    days_per_week = models.PositiveSmallIntegerField("дней в неделю", default=0)
    # Item 7: the terms of provision.
    starts_on = models.DateField("предоставляется с", null=True, blank=True)
    ends_on = models.DateField("предоставляется по", null=True, blank=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name="составил"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="утвердил",
    )
    approved_on = models.DateField("дата утверждения", null=True, blank=True)

    class Meta:
        verbose_name = "индивидуальный план ухода"
        verbose_name_plural = "индивидуальные планы ухода"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        when = self.approved_on or self.created_at.date()
        return f"План ухода от {when:%d.%m.%Y} ({self.get_status_display()})"

    @property
    def weekly_hours(self) -> Decimal:
        return (Decimal(self.weekly_minutes) / 60).quantize(Decimal("0.01"))

    @property
    def fits(self) -> bool:
        return self.weekly_minutes <= self.hours_per_week * 60


class Periodicity(models.TextChoices):
    WEEKLY = "weekly", "по дням недели"
    TWICE_MONTHLY = "twice_monthly", "2 раза в месяц"
    MONTHLY = "monthly", "1 раз в месяц"


class CarePlanService(models.Model):
    """A care service in the plan with its days (Пн–Вс, 0–3 times) and the time norm then."""

    plan = models.ForeignKey(CarePlan, models.CASCADE, related_name="services")
    service = models.ForeignKey("catalog.Service", models.PROTECT, related_name="+")
    periodicity = models.CharField(
        "периодичность", max_length=20, choices=Periodicity.choices, default=Periodicity.WEEKLY
    )
    times_by_day = models.JSONField("раз в день, Пн–Вс", default=list, blank=True)
    # Copied at planning time: a later change of the catalog norm does not alter the plan.
    minutes = models.PositiveIntegerField("норма времени, мин")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "услуга плана ухода"
        verbose_name_plural = "услуги плана ухода"
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "service"], name="care_plan_service_unique")
        ]

    def __str__(self) -> str:
        return self.service.name
