"""Quality's jobs (zabota.jobs).

The day's alerts as a job of the server's timer: one per institution and day, queued by
`generate_alerts --queue` and run by the worker; a failed one is on the «Ошибки» page and the
next firing of the timer runs it anew. The alerts' own unique key keeps a rerun from writing
any alert twice.

«Показатели качества» of a long period or a large centre: built by the worker from the page's
query (zabota.jobs.reports), under the person's scope as the page does."""

import datetime

from django.core.exceptions import ValidationError
from django.http import QueryDict

from zabota.core.params import int_param
from zabota.core.tables import Table
from zabota.jobs.kinds import JobKind
from zabota.jobs.models import Job
from zabota.jobs.reports import Progress, ReportJob
from zabota.jobs.runner import JobContext
from zabota.jobs.services import job_schedule
from zabota.organisation.models import Institution, Staff
from zabota.organisation.selectors import get_department_for
from zabota.quality.forms import QualityPeriodForm
from zabota.quality.report import quality_report
from zabota.quality.services.alerts import alerts_generate_for
from zabota.quality.services.quarter import quarter_prepare_for
from zabota.reports.selectors import report_scope

KIND = "alerts"


def alerts_queue(*, today: datetime.date) -> list[tuple[Job, bool]]:
    """Queue (or join, or find done) the day's alerts of every institution."""
    return [
        job_schedule(
            institution=institution,
            kind=KIND,
            scope=today.isoformat(),
            title=f"Оповещения на {today:%d.%m.%Y}",
            params={"date": today.isoformat()},
        )
        for institution in Institution.objects.order_by("pk")
    ]


def run_alerts(job: Job, context: JobContext) -> None:
    today = datetime.date.fromisoformat(job.params["date"])
    context.progress(0, 2)
    proposed, planned = quarter_prepare_for(institution=job.institution, today=today)
    context.progress(1, 2)
    added = alerts_generate_for(institution=job.institution, today=today)
    context.progress(2, 2)
    job.message = (
        f"Оповещений добавлено: {added}. Предложено для опроса: {proposed}, "
        f"запланировано контрольных посещений: {planned}."
    )


# Seen by the director and the administrator (the timer's runs are nobody's own).
ALERTS_JOB = JobKind(
    code=KIND, label="Оповещения на день", capability="quality.manage", run=run_alerts
)


def build_quality_report(
    staff: Staff, query: QueryDict, progress: Progress
) -> tuple[str, list[Table]]:
    form = QualityPeriodForm(query)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    chosen = int_param(query, "department")
    department = get_department_for(staff, chosen) if chosen else None
    report, _ = quality_report(
        institution=staff.institution,
        scope=report_scope(staff, department=department),
        period=form.period,
        today=form.today,
    )
    progress(1, 1)
    return report.filename, report.tables


QUALITY_REPORT = ReportJob(
    code="report.quality",
    label="Показатели качества",
    capability="quality.report",
    build=build_quality_report,
)
