"""The month's receipts in bulk as a job (zabota.jobs), like the acts: started from the billing
page when the month is too large to print at once, run by the worker, resumable. Each receipt
is archived with a ReceiptRunItem in the transaction that stores it, so a run that goes on
after a restart skips those charges; the ZIP and the PDF are made at the end."""

import datetime
import logging

from zabota.billing.models import ReceiptRunItem
from zabota.billing.receipts import receipts_bulk
from zabota.jobs.kinds import JobKind
from zabota.jobs.models import Job
from zabota.jobs.runner import JobContext, JobStopped
from zabota.jobs.services import job_start
from zabota.organisation.models import Department, Staff

KIND = "receipts"

logger = logging.getLogger(__name__)


def receipts_run_start(
    *, actor: Staff, month: datetime.date, department: Department | None, with_pdf: bool = True
) -> tuple[Job, bool]:
    """One run per ledger month and department (or the whole institution) at a time."""
    where = department.name if department else "всё учреждение"
    return job_start(
        actor=actor,
        kind=KIND,
        scope=f"{month:%Y-%m}/{department.pk if department else 'all'}",
        title=f"Квитанции за {month:%m.%Y}: {where}",
        params={"month": f"{month:%Y-%m}", "pdf": with_pdf},
        department=department,
    )


def run_receipts(job: Job, context: JobContext) -> None:
    month = datetime.date.fromisoformat(job.params["month"] + "-01")
    done = {
        item.charge_id: item.document
        for item in ReceiptRunItem.objects.filter(job=job).select_related("document__recipient")
    }
    run = receipts_bulk(
        actor=job.started_by,
        month=month,
        department=job.department,
        with_pdf=job.params.get("pdf", True),
        on_progress=context.progress,
        done=done,
        on_stored=lambda charge, document: ReceiptRunItem.objects.create(
            job=job, charge=charge, document=document
        ),
        should_stop=context.should_stop,
    )
    if run.stopped:
        raise JobStopped
    context.attach(f"Квитанции {month:%Y-%m}.zip", run.zip_bytes(), "application/zip")
    if run.pdf:
        context.attach(f"Квитанции {month:%Y-%m}.pdf", run.pdf, "application/pdf")
    total = len(run.documents) + len(run.skipped)
    context.progress(total, total)
    job.message = f"Квитанций: {len(run.documents)}; не выписано: {len(run.skipped)}."
    job.details = {
        "title": "Не выписаны",
        "lines": [f"{name}: {reason}" for name, reason in run.skipped],
    }


RECEIPTS_JOB = JobKind(
    code=KIND, label="Квитанции за месяц", capability="billing.manage", run=run_receipts
)
