"""The month's receipts as a job: run by the worker with their files kept on the job's page,
and an interrupted run goes on without issuing a receipt twice."""

import io
import zipfile

import pytest
from django.urls import reverse

from zabota.billing.jobs import receipts_run_start, run_receipts
from zabota.billing.models import Charge, ReceiptRunItem
from zabota.billing.services.charges import charges_for_month
from zabota.billing.tests.conftest import OCTOBER
from zabota.documents.models import IssuedDocument
from zabota.jobs.models import Job, JobFile
from zabota.jobs.runner import JobContext, JobStopped

pytestmark = pytest.mark.django_db


@pytest.fixture
def charged(personas, october, bank, settings):
    settings.ZABOTA_PDF_ENGINE = "html"
    charges_for_month(actor=personas.accountant, month=october)
    return Charge.objects.filter(month=october)


class StopAfter(JobContext):
    """The worker is asked to stop once `stored` receipts are archived."""

    def __init__(self, job: Job, stored: int):
        super().__init__(job)
        self.stored = stored

    def should_stop(self) -> bool:
        return ReceiptRunItem.objects.filter(job=self.job).count() >= self.stored


def test_a_large_month_runs_as_a_job_and_its_page_gives_the_zip_and_the_pdf(
    personas, charged, settings
):
    settings.ZABOTA_JOBS_INLINE = True
    settings.ZABOTA_RECEIPTS_INLINE_MAX = 1
    client = personas.client_for(personas.accountant)
    response = client.post(reverse("billing:receipts"), {"month": "2026-10", "format": "pdf"})
    job = Job.objects.get(kind="receipts")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.message) == ("done", "Квитанций: 2; не выписано: 0.")
    assert (job.done, job.total) == (2, 2)
    files = {f.name: bytes(f.content) for f in JobFile.objects.filter(job=job)}
    assert set(files) == {"Квитанции 2026-10.zip", "Квитанции 2026-10.pdf"}
    with zipfile.ZipFile(io.BytesIO(files["Квитанции 2026-10.zip"])) as archive:
        assert len(archive.namelist()) == 2
    assert files["Квитанции 2026-10.pdf"].startswith(b"%PDF")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Квитанции 2026-10.zip" in page


def test_an_interrupted_run_goes_on_without_issuing_a_receipt_twice(personas, charged):
    job, started = receipts_run_start(
        actor=personas.accountant, month=OCTOBER, department=None, with_pdf=False
    )
    assert started
    with pytest.raises(JobStopped):
        run_receipts(job, StopAfter(job, stored=1))
    assert ReceiptRunItem.objects.filter(job=job).count() == 1

    run_receipts(job, JobContext(job))

    issued = IssuedDocument.objects.filter(kind="receipt")
    assert issued.count() == 2 == ReceiptRunItem.objects.filter(job=job).count()
    assert {d.object_id for d in issued} == {str(c.pk) for c in charged}
    (archive,) = JobFile.objects.filter(job=job)
    with zipfile.ZipFile(io.BytesIO(bytes(archive.content))) as packed:
        assert len(packed.namelist()) == 2


def test_neither_a_worker_nor_a_head_opens_the_accountants_receipts_job(personas, charged):
    job, _ = receipts_run_start(
        actor=personas.accountant, month=OCTOBER, department=None, with_pdf=False
    )
    for staff in (personas.worker1, personas.head1):
        response = personas.client_for(staff).get(reverse("jobs:detail", args=[job.pk]))
        assert response.status_code in (403, 404)
