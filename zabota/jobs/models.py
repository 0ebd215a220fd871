"""Long work a person starts from a page and finds later in «Мои задания»: its record (what,
for whom, how far, the outcome), the files it made, and the worker processes that run it."""

from django.db import models
from django.db.models import Q

from zabota.core.dates import when_text


class JobStatus(models.TextChoices):
    QUEUED = "queued", "в очереди"
    RUNNING = "running", "выполняется"
    DONE = "done", "готово"
    FAILED = "failed", "ошибка"
    INTERRUPTED = "interrupted", "прервано"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.INTERRUPTED)
INTERRUPTED_TEXT = "Прервано перезапуском"


class Job(models.Model):
    """One long piece of work (a month's acts, a large import, an export) run by the worker."""

    # Empty for a supervisor's job: they belong to no institution and report over several.
    institution = models.ForeignKey(
        "organisation.Institution", models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "organisation.Department", models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A code of zabota.jobs.kinds: what the job does and who may see it.
    kind = models.CharField("вид", max_length=40)
    # What makes two requests the same job («2026-10/3»: the month and the department): while
    # one is queued or running, the other joins it (the constraint below).
    scope = models.CharField(max_length=100)
    title = models.CharField("задание", max_length=300)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        "состояние", max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField("итог", blank=True)
    # What the page shows under the outcome: {"title": "Не составлены", "lines": [...]}.
    details = models.JSONField(default=dict, blank=True)
    # The page of the object the job worked on (an import's batch), when there is one.
    link = models.CharField(max_length=300, blank=True)
    # Empty for a job the server's timer queued (the day's alerts): «по расписанию».
    started_by = models.ForeignKey(
        "organisation.Staff",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="запустил",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)
    # The files are kept until then (ZABOTA_JOB_RESULT_DAYS); the record itself stays.
    expires_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The worker running it and its entry in the task queue: a worker that starts finds the
    # jobs of a dead one by these and marks them interrupted.
    worker_id = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "задание"
        verbose_name_plural = "задания"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["institution", "created_at"], name="job_institution_time"),
            models.Index(fields=["started_by", "created_at"], name="job_starter_time"),
            models.Index(fields=["status"], name="job_status"),
        ]
        constraints = [
            # Two parallel requests for the same month cannot both start: the second insert
            # fails in the database and the request joins the first job.
            models.UniqueConstraint(
                fields=["institution", "kind", "scope"],
                condition=Q(status__in=["queued", "running"]),
                name="job_one_active_per_scope",
            ),
            # The same for jobs of no institution (a NULL is unique to itself above): a
            # supervisor's scope names the supervisor.
            models.UniqueConstraint(
                fields=["kind", "scope"],
                condition=Q(status__in=["queued", "running"], institution__isnull=True),
                name="job_one_active_per_scope_above",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({when_text(self.created_at)})" if self.created_at else self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


class JobFile(models.Model):
    """A file a job made (a ZIP of acts, a PDF, an XML): kept until the job's results expire."""

    job = models.ForeignKey(Job, models.PROTECT, related_name="files")
    name = models.CharField("файл", max_length=255)
    content_type = models.CharField(max_length=100)
    # Emptied when the results expire (purge_job_results); the entry stays to say so.
    content = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "файл задания"
        verbose_name_plural = "файлы заданий"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A worker process and when it was last seen alive (written every few seconds)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "обработчик заданий"
        verbose_name_plural = "обработчики заданий"

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"
