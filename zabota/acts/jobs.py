"""The bulk run of a month's acts as a job (zabota.jobs): started from the acts page, run by the
worker, resumable. Each act is archived with an ActRunItem in the transaction that stores it,
so a run that goes on after a restart skips those people; the ZIP and the PDF are made at the
end from every act of the run."""

import datetime
import logging

from zabota.acts.bulk import acts_bulk
from zabota.acts.models import ActRunItem
from zabota.jobs.kinds import JobKind
from zabota.jobs.models import Job
from zabota.jobs.runner import JobContext, JobStopped
from zabota.jobs.services import job_start
from zabota.organisation.models import Department, Staff

KIND = "acts"

logger = logging.getLogger(__name__)


def acts_run_start(
    *, actor: Staff, month: datetime.date, department: Department | None, with_pdf: bool = True
) -> tuple[Job, bool]:
    """One run per month and department (or the whole institution) at a time."""
    where = department.name if department else "всё учреждение"
    return job_start(
        actor=actor,
        kind=KIND,
        scope=f"{month:%Y-%m}/{department.pk if department else 'all'}",
        title=f"Акты за {month:%m.%Y}: {where}",
        params={"month": f"{month:%Y-%m}", "pdf": with_pdf},
        department=department,
    )


def run_acts(job: Job, context: JobContext) -> None:
    month = datetime.date.fromisoformat(job.params["month"] + "-01")
    done = [
        item.document
        for item in ActRunItem.objects.filter(job=job).select_related("document__recipient")
    ]

    def stored(documents: list) -> None:
        ActRunItem.objects.bulk_create(
            ActRunItem(job=job, recipient_id=d.recipient_id, document=d) for d in documents
        )

    result = acts_bulk(
        actor=job.started_by,
        month=month,
        department=job.department,
        with_pdf=job.params.get("pdf", True),
        on_progress=context.progress,
        done=done,
        on_stored=stored,
        should_stop=context.should_stop,
    )
    if result.stopped:
        raise JobStopped
    context.attach(f"Акты {month:%Y-%m}.zip", result.zip_bytes(), "application/zip")
    if result.pdf:
        context.attach(f"Акты {month:%Y-%m}.pdf", result.pdf, "application/pdf")
    total = len(result.documents) + len(result.skipped)
    context.progress(total, total)
    job.message = f"Актов: {len(result.documents)}; не составлено: {len(result.skipped)}."
    job.details = {
        "title": "Не составлены",
        "lines": [f"{name}: {reason}" for name, reason in result.skipped],
    }


ACTS_JOB = JobKind(code=KIND, label="Акты за месяц", capability="acts.view", run=run_acts)
