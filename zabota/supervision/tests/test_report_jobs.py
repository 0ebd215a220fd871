"""Issue 16: a supervisor's long report is built by the worker (zabota.jobs.reports) and waits in
their «Мои задания»: the file is the one the page would have sent, the job is theirs alone, a
second click joins the first, and a short report is shown at once as before."""

import io

import pytest
from openpyxl import load_workbook

from zabota.jobs.models import Job, JobStatus
from zabota.organisation.roles import Role
from zabota.supervision.sections import sections
from zabota.testing import make_supervisor, xlsx_rows

pytestmark = pytest.mark.django_db
PERIOD = "date_from=2026-01-01&date_to=2026-10-31"


def job_rows(client, job: Job) -> list[tuple]:
    file = job.files.get()
    response = client.get(f"/jobs/{job.pk}/files/{file.pk}/")
    assert response.status_code == 200
    return xlsx_rows(response.content)


def sheets_of(content: bytes) -> list[str]:
    return load_workbook(io.BytesIO(content), read_only=True).sheetnames


def long_reports(settings) -> None:
    settings.ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS = 0
    settings.ZABOTA_JOBS_INLINE = True


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/supervision/services/", "report.supervision.section"),
        ("/supervision/6-sobes/", "report.supervision.sobes"),
    ],
)
def test_a_long_report_is_not_computed_on_the_page_and_its_file_comes_from_the_worker(
    two, frozen, settings, path, kind
):
    personas, institutions = two
    client = personas.client_for(personas.supervisor)
    at_once = xlsx_rows(client.get(f"{path}?{PERIOD}&format=xlsx").content)
    assert len(at_once) > 5

    long_reports(settings)
    page = client.get(f"{path}?{PERIOD}")
    assert page.status_code == 200
    assert page.context["long"] is True and page.context.get("table") is None
    assert page.context.get("report") is None
    assert "составляется в фоне" in page.content.decode()
    response = client.get(f"{path}?{PERIOD}&format=xlsx")
    job = Job.objects.get(kind=kind)
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE, job.message
    assert job.institution is None and job.started_by == personas.supervisor
    assert job_rows(client, job) == at_once
    assert job.title in client.get("/jobs/").content.decode()


def test_a_section_one_level_down_is_built_by_the_worker_for_that_institution(
    two, frozen, settings
):
    personas, institutions = two
    client = personas.client_for(personas.supervisor)
    url = f"/supervision/services/?{PERIOD}&institution={institutions[1].pk}&format=xlsx"
    at_once = xlsx_rows(client.get(url).content)
    long_reports(settings)
    client.get(url)
    job = Job.objects.get(kind="report.supervision.section")
    assert job.params["query"].endswith("&section=services")
    assert job_rows(client, job) == at_once


def test_every_section_in_one_file_a_sheet_each_the_same_at_once_and_by_the_worker(
    two, frozen, settings
):
    personas, _ = two
    client = personas.client_for(personas.supervisor)
    at_once = client.get(f"/supervision/all/?{PERIOD}")
    assert at_once.status_code == 200
    titles = [s.title[:31] for s in sections()]
    assert sheets_of(at_once.content) == titles

    long_reports(settings)
    response = client.get(f"/supervision/all/?{PERIOD}")
    job = Job.objects.get(kind="report.supervision.all")
    assert response.url == f"/jobs/{job.pk}/"
    assert (job.done, job.total) == (len(titles), len(titles))
    file = job.files.get()
    assert sheets_of(bytes(file.content)) == titles
    assert xlsx_rows(bytes(file.content)) == xlsx_rows(at_once.content)


def test_a_supervisors_job_is_theirs_alone(two, frozen, settings):
    personas, institutions = two
    long_reports(settings)
    personas.client_for(personas.supervisor).get(f"/supervision/all/?{PERIOD}")
    job = Job.objects.get(kind="report.supervision.all")
    colleague = make_supervisor("supervisor2", institutions)
    for other in (colleague, personas.director, personas.admin):
        client = personas.client_for(other)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404, other
        assert job.title not in client.get("/jobs/").content.decode()
    file = job.files.get()
    client = personas.client_for(colleague)
    assert client.get(f"/jobs/{job.pk}/files/{file.pk}/").status_code == 404
    assert colleague.role == Role.SUPERVISOR


def test_a_second_click_joins_the_report_under_way(two, frozen, settings):
    personas, institutions = two
    settings.ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS = 0
    client = personas.client_for(personas.supervisor)
    first = client.get(f"/supervision/all/?{PERIOD}")
    second = client.get(f"/supervision/all/?{PERIOD}")
    assert first.url == second.url
    assert Job.objects.filter(kind="report.supervision.all", status=JobStatus.QUEUED).count() == 1
    assert "уже составляется" in client.get(second.url).content.decode()
    # Another supervisor's identical report is a run of their own.
    colleague = make_supervisor("supervisor2", institutions)
    personas.client_for(colleague).get(f"/supervision/all/?{PERIOD}")
    assert Job.objects.filter(kind="report.supervision.all").count() == 2


@pytest.mark.parametrize(
    "query",
    ["date_from=garbage", "date_from=2026-10-01&date_to=2026-01-01", "date_from=%00"],
)
def test_a_bad_period_starts_no_job(two, frozen, settings, query):
    personas, _ = two
    long_reports(settings)
    client = personas.client_for(personas.supervisor)
    response = client.get(f"/supervision/all/?{query}")
    assert response.status_code == 400
    assert response.context["form"].errors
    assert client.get(f"/supervision/services/?{query}&format=xlsx").status_code == 200
    assert not Job.objects.exists()


def test_another_supervisors_institution_is_refused_before_any_job(two, frozen, settings):
    personas, institutions = two
    long_reports(settings)
    stranger = make_supervisor("supervisor2", [])
    client = personas.client_for(stranger)
    url = f"/supervision/services/?{PERIOD}&institution={institutions[0].pk}&format=xlsx"
    assert client.get(url).status_code == 404
    assert not Job.objects.exists()


def test_the_index_offers_every_section_in_one_file_once_and_keeps_its_title(two, frozen):
    personas, _ = two
    page = personas.client_for(personas.supervisor).get("/supervision/").content.decode()
    title = page[page.index("<title>") : page.index("</title>")]
    assert "Свод по учреждениям" in title and "<form" not in title and "Excel" not in title
    assert page.count('action="/supervision/all/"') == 1
