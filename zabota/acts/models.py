from django.db import models


class ActRun(models.Model):
    """A bulk run of a month's acts for a department or the whole institution, with its progress
    and its results (a ZIP of DOCX files and one merged PDF)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    institution = models.ForeignKey("organisation.Institution", models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "organisation.Department", models.PROTECT, null=True, blank=True, related_name="+"
    )
    month = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # People whose act could not be made (no fee computed, …) with the reason.
    skipped = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    started_by = models.ForeignKey("organisation.Staff", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    zip_content = models.BinaryField(null=True, blank=True)
    pdf_content = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = "выпуск актов"
        verbose_name_plural = "выпуски актов"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Акты за {self.month:%m.%Y}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
