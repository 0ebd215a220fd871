"""Satisfaction surveys: questionnaires as data, answers per recipient, the quarter's sample."""

from django.db import models

from zabota.rules import quality as rules


class Questionnaire(models.Model):
    """A questionnaire of satisfaction (questions and a scale) of an institution; a new version
    replaces the one in use, old surveys keep the version they were taken with."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="questionnaires"
    )
    version = models.PositiveIntegerField("версия")
    title = models.CharField("наименование", max_length=300)
    # [{"code": "q1", "text": "…"}]: the codes stay when a question's wording is corrected.
    questions = models.JSONField("вопросы")
    # [{"value": 5, "label": "полностью удовлетворён"}, …], the highest first.
    scale = models.JSONField("шкала")
    # An answer at or above this grade counts as «удовлетворён» (the top of the scale).
    satisfied_from = models.PositiveSmallIntegerField("удовлетворён — от балла")
    is_active = models.BooleanField("используется", default=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "анкета удовлетворённости"
        verbose_name_plural = "анкеты удовлетворённости"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "version"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, версия {self.version}"

    @property
    def grades(self) -> list[rules.Grade]:
        return [rules.Grade(g["value"], g["label"]) for g in self.scale]


class SurveyChannel(models.TextChoices):
    VISIT = "visit", "на дому при посещении"
    PHONE = "phone", "по телефону"


class SurveyStatus(models.TextChoices):
    ANSWERED = "answered", "ответы получены"
    REFUSED = "refused", "получатель отказался"


class Survey(models.Model):
    """A survey of a recipient's satisfaction taken on a day by the head or a specialist, or
    the recipient's refusal. Anonymous at the recipient's request: no link to them is kept,
    only their department and the workers who served them."""

    # Made when the form is shown: the same form sent twice is stored once.
    form_uuid = models.UUIDField(unique=True, editable=False)
    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "organisation.Department", models.PROTECT, related_name="+", verbose_name="отделение"
    )
    questionnaire = models.ForeignKey(Questionnaire, models.PROTECT, related_name="surveys")
    recipient = models.ForeignKey(
        "recipients.Recipient",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name="получатель",
    )
    anonymous = models.BooleanField("анонимно", default=False)
    workers = models.ManyToManyField(
        "organisation.Staff", related_name="surveys_about", verbose_name="сотрудники"
    )
    taken_on = models.DateField("дата опроса")
    channel = models.CharField("как проведён", max_length=10, choices=SurveyChannel.choices)
    status = models.CharField("результат", max_length=10, choices=SurveyStatus.choices)
    answers = models.JSONField("ответы", default=dict, blank=True)  # {code: grade}
    # Kept with the answers for the indicators: the number of answers, of those at the top of
    # the scale, and the sum of the grades.
    answer_count = models.PositiveSmallIntegerField(default=0)
    satisfied_count = models.PositiveSmallIntegerField(default=0)
    grade_total = models.PositiveIntegerField(default=0)
    note = models.TextField("замечания и пожелания", blank=True)
    taken_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name="провёл опрос"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "опрос удовлетворённости"
        verbose_name_plural = "опросы удовлетворённости"
        ordering = ["-taken_on", "-pk"]
        indexes = [
            models.Index(fields=["institution", "taken_on"], name="survey_institution_day"),
            models.Index(fields=["department", "taken_on"], name="survey_department_day"),
        ]

    def __str__(self) -> str:
        return f"Опрос от {self.taken_on:%d.%m.%Y}"

    @property
    def tally(self) -> rules.Tally:
        return rules.Tally(self.answer_count, self.satisfied_count, self.grade_total)


class SampleState(models.TextChoices):
    PLANNED = "planned", "запланирован"
    ANSWERED = "answered", "опрошен"
    REFUSED = "refused", "отказался"


class SurveySample(models.Model):
    """A recipient proposed for a survey in a quarter, for one of the workers serving them."""

    institution = models.ForeignKey("organisation.Institution", models.CASCADE, related_name="+")
    quarter = models.DateField("квартал")  # its first day
    worker = models.ForeignKey(
        "organisation.Staff", models.CASCADE, related_name="+", verbose_name="сотрудник"
    )
    recipient = models.ForeignKey(
        "recipients.Recipient", models.CASCADE, related_name="+", verbose_name="получатель"
    )
    # Set when a survey or a refusal of the recipient is recorded in the quarter; an anonymous
    # survey marks it too, without saying which survey it was.
    state = models.CharField(
        "состояние", max_length=10, choices=SampleState.choices, default=SampleState.PLANNED
    )

    class Meta:
        verbose_name = "выборка для опроса"
        verbose_name_plural = "выборки для опроса"
        ordering = ["quarter", "worker", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "worker", "recipient"], name="survey_sample_once"
            )
        ]
        indexes = [models.Index(fields=["institution", "quarter"], name="sample_quarter")]

    def __str__(self) -> str:
        return f"{self.quarter:%m.%Y} {self.worker_id}/{self.recipient_id}"
