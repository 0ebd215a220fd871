import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zabota.jobs.models import Job, JobStatus
from zabota.operations import failures
from zabota.operations.failures import FailureRow
from zabota.operations.models import ErrorReport
from zabota.organisation.roles import Role
from zabota.testing import make_staff, xlsx_rows

pytestmark = pytest.mark.django_db


def report(code: str, staff=None, **fields) -> ErrorReport:
    return ErrorReport.objects.create(
        code=code,
        method="GET",
        path="/recipients/",
        user_id=staff.user_id if staff else None,
        username=staff.user.username if staff else "",
        institution=staff.institution if staff else None,
        exception_type="RuntimeError",
        message=fields.pop("message", "сбой"),
        traceback="Traceback (most recent call last):\n  File …\nRuntimeError: сбой",
        **fields,
    )


@pytest.fixture
def reports(personas):
    other_admin = make_staff(personas.outsider_recipient.institution, Role.ADMIN, "other_admin")
    return {
        "ours": report("AAAA0001", personas.worker1),
        "anonymous": report("AAAA0002"),
        "theirs": report("BBBB0001", other_admin, message="чужой сбой"),
        "other_admin": other_admin,
    }


def codes(response) -> set[str]:
    return {r.code for r in response.context["page"].object_list}


def test_the_administrator_sees_the_errors_of_own_staff_and_without_a_user(personas, reports):
    client = personas.client_for(personas.admin)
    response = client.get("/operations/errors/")
    assert response.status_code == 200
    assert codes(response) == {"AAAA0001", "AAAA0002"}
    assert "чужой сбой" not in response.content.decode()


def test_another_institutions_administrator_sees_neither_the_list_entry_nor_the_page(
    personas, reports
):
    client = personas.client_for(reports["other_admin"])
    assert codes(client.get("/operations/errors/")) == {"BBBB0001", "AAAA0002"}
    assert client.get(f"/operations/errors/{reports['ours'].pk}/").status_code == 404


def test_a_superuser_sees_every_report(personas, reports):
    root = make_staff(personas.institution, Role.ADMIN, "root")
    root.user.is_superuser = True
    root.user.save()
    response = personas.client_for(root).get("/operations/errors/")
    assert codes(response) == {"AAAA0001", "AAAA0002", "BBBB0001"}


@pytest.mark.parametrize("role", ["director", "head1", "worker1", "accountant", "specialist"])
def test_nobody_else_opens_the_page(personas, reports, role):
    client = personas.client_for(getattr(personas, role))
    assert client.get("/operations/errors/").status_code == 403
    assert client.get(f"/operations/errors/{reports['ours'].pk}/").status_code == 403


def test_the_detail_page_shows_the_traceback(personas, reports):
    response = personas.client_for(personas.admin).get(f"/operations/errors/{reports['ours'].pk}/")
    text = response.content.decode()
    assert "Traceback (most recent call last)" in text and "AAAA0001" in text
    assert f"id {personas.worker1.user_id}" in text


def test_the_list_finds_a_report_by_its_code_or_login(personas, reports):
    client = personas.client_for(personas.admin)
    assert codes(client.get("/operations/errors/", {"q": "aaaa0001"})) == {"AAAA0001"}
    assert codes(client.get("/operations/errors/", {"q": "worker1"})) == {"AAAA0001"}
    assert codes(client.get("/operations/errors/", {"q": "BBBB0001"})) == set()


def test_the_list_is_filtered_by_date(personas, reports):
    ErrorReport.objects.filter(code="AAAA0002").update(
        occurred_at=datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)
    )
    client = personas.client_for(personas.admin)
    response = client.get("/operations/errors/", {"date_to": "2026-01-31"})
    assert codes(response) == {"AAAA0002"}


def test_the_list_is_exported_as_it_is_filtered(personas, reports):
    client = personas.client_for(personas.admin)
    response = client.get("/operations/errors/", {"format": "xlsx", "q": "AAAA0001"})
    assert response.status_code == 200
    cells = [str(c) for row in xlsx_rows(response.content) for c in row if c]
    assert "AAAA0001" in cells and "AAAA0002" not in cells


def test_the_list_takes_a_fixed_number_of_queries(personas, reports, django_assert_max_num_queries):
    for n in range(30):
        report(f"CCCC{n:04d}", personas.worker2)
    client = personas.client_for(personas.admin)
    with django_assert_max_num_queries(6):
        response = client.get("/operations/errors/")
    assert len(response.context["page"].object_list) == 32


def test_failed_and_interrupted_jobs_of_the_institution_are_listed(personas):
    def job(institution, status, message, pk_scope):
        return Job.objects.create(
            institution=institution,
            kind="acts",
            scope=pk_scope,
            title="Акты за 10.2026: Отделение социального обслуживания на дому № 1",
            status=status,
            message=message,
            started_by=personas.director,
            department=personas.department1,
        )

    failed = job(personas.institution, JobStatus.FAILED, "Шаблон акта не найден.", "a")
    job(personas.institution, JobStatus.DONE, "Актов: 5", "b")
    job(personas.outsider_recipient.institution, JobStatus.FAILED, "Чужой сбой выпуска.", "c")
    response = personas.client_for(personas.admin).get("/operations/errors/")
    rows = [f for f in response.context["failures"] if f.kind == "Акты за месяц"]
    assert [f.message for f in rows] == ["Шаблон акта не найден."]
    assert "Акты за 10.2026: Отделение социального обслуживания на дому № 1" in rows[0].title
    # The administrator may not open an acts job: the row names it without a link to a 404.
    assert rows[0].url == "" and f"/jobs/{failed.pk}/" not in response.content.decode()
    assert "Шаблон акта не найден." in response.content.decode()


def test_a_broken_failure_source_is_a_row_not_a_broken_page(personas, monkeypatch):
    def broken(staff):
        raise RuntimeError("no table")

    monkeypatch.setitem(failures._SOURCES, "jobs", broken)
    monkeypatch.setitem(
        failures._SOURCES,
        "imports",
        lambda staff: [
            FailureRow(
                when=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
                kind="Загрузка",
                title="Загрузка № 7",
                message="Файл не читается.",
                url="/exchange/",
            )
        ],
    )
    response = personas.client_for(personas.admin).get("/operations/errors/")
    assert response.status_code == 200
    kinds = [f.kind for f in response.context["failures"]]
    assert "jobs" in kinds and "Загрузка" in kinds
    assert '<a href="/exchange/">Загрузка № 7</a>' in response.content.decode()


def test_the_menu_shows_the_page_to_the_administrator_only(personas):
    assert "/operations/errors/" in personas.client_for(personas.admin).get("/").content.decode()
    assert "/operations/errors/" not in (
        personas.client_for(personas.director).get("/").content.decode()
    )


def test_old_reports_are_purged_and_the_purge_says_how_many(settings, capsys, collected):
    settings.ZABOTA_ERROR_REPORT_DAYS = 30
    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)):
        report("OLD00001")
    with time_machine.travel(datetime.datetime(2026, 11, 10, tzinfo=datetime.UTC)):
        report("NEW00001")
    with time_machine.travel(datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)):
        call_command("purge_error_reports")
    assert set(ErrorReport.objects.values_list("code", flat=True)) == {"NEW00001"}
    assert "старше 30 дн.: 1" in capsys.readouterr().out
    assert any("removed: 1" in r.getMessage() for r in collected)


def test_a_retention_of_zero_days_is_refused(db):
    with pytest.raises(CommandError):
        call_command("purge_error_reports", "--days", "0")
