"""The head's inspections (контрольные посещения): a checklist as data, the quarter's plan, the
findings per item, violations with a deadline and their correction."""

from django.db import models


class Checklist(models.Model):
    """The items an inspection checks; a new version replaces the one in use."""

    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, related_name="checklists"
    )
    version = models.PositiveIntegerField("версия")
    title = models.CharField("наименование", max_length=300)
    items = models.JSONField("пункты")  # [{"code": "i1", "text": "…"}]
    is_active = models.BooleanField("используется", default=True)
    created_by = models.ForeignKey(
        "organisation.Staff", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "перечень проверки"
        verbose_name_plural = "перечни проверки"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "version"], name="checklist_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, версия {self.version}"


class Finding(models.TextChoices):
    OK = "ok", "соответствует"
    VIOLATION = "violation", "нарушение"
    NOT_CHECKED = "na", "не проверялось"


class Inspection(models.Model):
    """A visit of the head to a recipient's home to check a worker's work."""

    form_uuid = models.UUIDField(unique=True, editable=False)
    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "organisation.Department", models.PROTECT, related_name="+", verbose_name="отделение"
    )
    worker = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        related_name="inspections_of",
        verbose_name="проверяемый сотрудник",
    )
    recipient = models.ForeignKey(
        "recipients.Recipient",
        models.PROTECT,
        related_name="inspections",
        verbose_name="получатель",
    )
    inspector = models.ForeignKey(
        "organisation.Staff", models.PROTECT, related_name="+", verbose_name="проверил"
    )
    inspected_on = models.DateField("дата посещения")
    checklist = models.ForeignKey(Checklist, models.PROTECT, related_name="inspections")
    # [{"code", "text", "result": ok|violation|na, "comment"}], in the order of the checklist.
    findings = models.JSONField("результаты по пунктам")
    remarks = models.TextField("замечания получателя", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "контрольное посещение"
        verbose_name_plural = "контрольные посещения"
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            models.Index(fields=["institution", "inspected_on"], name="inspection_day"),
            models.Index(fields=["worker", "inspected_on"], name="inspection_worker_day"),
        ]

    def __str__(self) -> str:
        return f"Контрольное посещение от {self.inspected_on:%d.%m.%Y}"


class PlannedInspection(models.Model):
    """A line of a department's quarterly plan: a worker to inspect, by a date; done when an
    inspection of that worker in the quarter is linked to it."""

    institution = models.ForeignKey("organisation.Institution", models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "organisation.Department", models.CASCADE, related_name="+", verbose_name="отделение"
    )
    quarter = models.DateField("квартал")
    worker = models.ForeignKey(
        "organisation.Staff", models.CASCADE, related_name="+", verbose_name="сотрудник"
    )
    # The n-th visit to the worker in the quarter (1 by default; more when the setting asks).
    number = models.PositiveSmallIntegerField(default=1)
    planned_on = models.DateField("запланировано на")
    inspection = models.OneToOneField(
        Inspection, models.SET_NULL, null=True, blank=True, related_name="plan_line"
    )

    class Meta:
        verbose_name = "плановое контрольное посещение"
        verbose_name_plural = "план контрольных посещений"
        ordering = ["quarter", "planned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarter", "worker", "number"], name="planned_inspection_once"
            )
        ]
        indexes = [models.Index(fields=["department", "quarter"], name="plan_department_quarter")]

    def __str__(self) -> str:
        return f"{self.planned_on:%d.%m.%Y} {self.worker_id}"

    @property
    def done(self) -> bool:
        return self.inspection_id is not None


class Violation(models.Model):
    """A breach of the rules of home service found by an inspection, to be corrected by a date."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="violations")
    item = models.CharField("пункт проверки", max_length=300)
    description = models.TextField("нарушение")
    correct_by = models.DateField("устранить до")
    corrected_on = models.DateField("устранено", null=True, blank=True)
    correction = models.TextField("что сделано", blank=True)
    corrected_by = models.ForeignKey(
        "organisation.Staff", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "нарушение"
        verbose_name_plural = "нарушения"
        ordering = ["correct_by", "pk"]

    def __str__(self) -> str:
        return self.item
