"""The quarterly indicators: every figure of every row against a direct count of the objects."""

import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from docx import Document

from zabota.delivery.models import ServiceRecord, Visit
from zabota.delivery.services import service_log
from zabota.jobs.models import Job, JobStatus
from zabota.programs.models import ProgramService
from zabota.quality import services
from zabota.quality.models import (
    Complaint,
    PlannedInspection,
    Survey,
    Violation,
)
from zabota.quality.report import COLUMNS, quality_report
from zabota.quality.tests.conftest import TODAY, close, complaint, inspect, survey
from zabota.reports.periods import Period
from zabota.reports.queries import Scope
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db
D = datetime.date
Q4 = Period(D(2026, 10, 1), D(2026, 12, 31))
HOUR = Decimal("0.1")


@pytest.fixture
def year(personas, catalog):
    """Two quarters of work of both departments; the third quarter must stay out of the fourth."""
    p = personas
    r1, r2, r3 = p.recipient_of_worker1, p.recipient_of_worker2, p.recipient_in_department2
    survey(p.head1, r1, 5, 5, 5, 5, 5, 5, 4, 3, on=D(2026, 10, 20))
    survey(p.head1, r2, 5, on=D(2026, 11, 3), anonymous=True)
    survey(p.head1, r2, 5, on=D(2026, 11, 10), refused=True)
    survey(p.head2, r3, 2, 4, on=D(2026, 11, 12))
    survey(p.head1, r1, 1, on=D(2026, 8, 10))
    close(p.head1, complaint(p.head1, r1, worker=p.worker1, on=D(2026, 10, 2)), "justified")
    close(p.head1, complaint(p.head1, r2, worker=p.worker2, on=D(2026, 10, 9)), "partly")
    close(
        p.director,
        complaint(p.director, None, department=p.department1, on=D(2026, 11, 1)),
        "unjustified",
    )
    complaint(p.head2, r3, worker=p.worker_other_department, on=D(2026, 11, 20))
    close(p.head1, complaint(p.head1, r1, worker=p.worker1, on=D(2026, 9, 1)), "justified")
    for department in (p.department1, p.department2):
        services.inspection_plan_build(actor=p.head1, department=department, quarter=TODAY)
    done = inspect(p.head1, r1, p.worker1, on=D(2026, 11, 5), violations=2)
    services.violation_correct(
        actor=p.head1,
        violation=done.violations.order_by("pk").first(),
        corrected_on=D(2026, 11, 10),
        correction="Исправлено",
        today=TODAY,
    )
    inspect(p.head2, r3, p.worker_other_department, on=D(2026, 11, 6), violations=1)
    inspect(p.head1, r2, p.worker2, on=D(2026, 9, 10), violations=1)
    for day in (D(2026, 10, 5), D(2026, 11, 2), D(2026, 9, 1)):
        service_log(
            actor=p.worker1,
            recipient=r1,
            service=catalog.shopping,
            performed_on=day,
            quantity=Decimal(1),
        )
    service_log(
        actor=p.worker2,
        recipient=r2,
        service=catalog.cleaning,
        performed_on=D(2026, 10, 8),
        quantity=Decimal(30),
    )
    for worker, recipient, day, distance, review in [
        (p.worker1, r1, D(2026, 10, 5), 100, False),
        (p.worker1, r1, D(2026, 11, 2), 900, True),
        (p.worker2, r2, D(2026, 10, 8), None, False),
        (p.worker_other_department, r3, D(2026, 11, 6), 50, False),
    ]:
        Visit.objects.create(
            institution=p.institution,
            recipient=recipient,
            worker=worker,
            visited_on=day,
            distance_m=distance,
            needs_review=review,
        )
    return p


def pct(part, whole):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(HOUR, ROUND_HALF_UP)


def direct(*, surveys, complaints, plan, violations, records, visits, programs, months=3):
    """The sixteen figures counted straight from the rows given (no shared code)."""
    answered = [s for s in surveys if s.status == "answered"]
    grades = [g for s in answered for g in s.answers.values()]
    planned = sum(
        (line.quantity_per_month * line.service.time_norm_minutes * months for line in programs),
        Decimal(0),
    )
    done = sum((r.norm_minutes for r in records), Decimal(0)) / 60
    return [
        len(answered),
        len(surveys) - len(answered),
        pct(sum(1 for g in grades if g >= 4), len(grades)),
        (Decimal(sum(grades)) / len(grades)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if grades
        else None,
        len(complaints),
        sum(1 for c in complaints if c.outcome == "justified"),
        sum(1 for c in complaints if c.outcome == "partly"),
        len(plan),
        sum(1 for line in plan if line.inspection_id),
        len(violations),
        sum(1 for v in violations if v.corrected_on),
        (planned / 60).quantize(HOUR),
        done.quantize(Decimal("0.01")),
        (Decimal(100) * done * 60 / planned).quantize(HOUR) if planned else None,
        len(visits),
        pct(sum(1 for v in visits if v.distance_m is not None and not v.needs_review), len(visits)),
    ]


def in_q4(queryset, field):
    return list(queryset.filter(**{f"{field}__range": (Q4.start, Q4.end)}))


def expected_for(p, *, department=None, worker=None):
    surveys = in_q4(Survey.objects.all(), "taken_on")
    complaints = in_q4(Complaint.objects.all(), "received_on")
    plan = in_q4(PlannedInspection.objects.all(), "planned_on")
    violations = [
        v
        for v in Violation.objects.select_related("inspection")
        if Q4.start <= v.inspection.inspected_on <= Q4.end
    ]
    records = [r for r in in_q4(ServiceRecord.objects.all(), "performed_on") if not r.cancelled_at]
    visits = in_q4(Visit.objects.select_related("recipient"), "visited_on")
    programs = list(ProgramService.objects.select_related("program__recipient", "service"))
    if department is not None:
        surveys = [s for s in surveys if s.department_id == department.pk]
        complaints = [c for c in complaints if c.department_id == department.pk]
        plan = [line for line in plan if line.department_id == department.pk]
        violations = [v for v in violations if v.inspection.department_id == department.pk]
        records = [r for r in records if r.department_id == department.pk]
        visits = [v for v in visits if v.recipient.department_id == department.pk]
        programs = [ps for ps in programs if ps.program.recipient.department_id == department.pk]
    if worker is not None:
        surveys = [s for s in surveys if worker in s.workers.all()]
        complaints = [c for c in complaints if c.worker_id == worker.pk]
        plan = [line for line in plan if line.worker_id == worker.pk]
        violations = [v for v in violations if v.inspection.worker_id == worker.pk]
        records = [r for r in records if r.worker_id == worker.pk]
        visits = [v for v in visits if v.worker_id == worker.pk]
        programs = [ps for ps in programs if ps.program.recipient.social_worker_id == worker.pk]
    return direct(
        surveys=surveys,
        complaints=complaints,
        plan=plan,
        violations=violations,
        records=records,
        visits=visits,
        programs=programs,
    )


def test_every_figure_of_the_quarter_equals_a_direct_count(year):
    p = year
    report, trend = quality_report(
        institution=p.institution, scope=Scope(p.institution.pk), period=Q4, today=TODAY
    )
    by_department, by_worker, by_quarter = report.tables
    assert len(COLUMNS) == 16
    rows = {row[0]: row[1:] for row in by_department.rows}
    assert rows[p.department1.name] == expected_for(p, department=p.department1)
    assert rows[p.department2.name] == expected_for(p, department=p.department2)
    assert list(by_department.totals[1:]) == expected_for(p)
    workers = {row[0]: row[2:] for row in by_worker.rows}
    for person in (p.worker1, p.worker2, p.caregiver1, p.worker_other_department):
        assert workers[person.full_name] == expected_for(p, worker=person), person
    # The figures the centres report, spelled out: 22 answers of 24 at the top of the scale.
    total = dict(zip([c.header for c in COLUMNS], by_department.totals[1:], strict=True))
    assert total["Опрошено, анкет"] == 3 and total["Отказов от опроса"] == 1
    assert total["Удовлетворённость, %"] == Decimal("91.7")
    assert total["Средний балл"] == Decimal("4.46")
    assert (total["Обращений поступило"], total["из них обоснованных"]) == (4, 1)
    assert (total["Нарушений выявлено"], total["из них устранено"]) == (3, 1)
    assert (total["Контрольных посещений по плану"], total["из них проведено"]) == (4, 2)
    assert total["Подтверждено на месте, %"] == Decimal("50.0")
    quarters = {row[0]: row[1:] for row in by_quarter.rows}
    assert quarters["IV квартал 2026"][:4] == [Decimal("91.7"), 3, 4, 1]
    assert quarters["III квартал 2026"][:4] == [Decimal("0.0"), 1, 1, 1]
    assert [r["quarter"] for r in trend][-2:] == ["III квартал 2026", "IV квартал 2026"]


def test_a_heads_report_holds_their_department_only(year):
    p = year
    response = p.client_for(p.head1).get("/quality/report/?date_from=2026-10-01&date_to=2026-12-31")
    assert response.status_code == 200
    by_department = response.context["report"].tables[0]
    assert [row[0] for row in by_department.rows] == [p.department1.name]
    assert list(by_department.totals[1:]) == expected_for(p, department=p.department1)
    names = [row[0] for row in response.context["report"].tables[1].rows]
    assert p.worker_other_department.full_name not in names
    assert response.context["chart"]["labels"][-1] == "IV квартал 2026"


def test_the_page_the_files_and_the_command_write_the_same_figures(year, tmp_path):
    p = year
    client = p.client_for(p.director)
    query = "date_from=2026-10-01&date_to=2026-12-31"
    xlsx = client.get(f"/quality/report/?{query}&format=xlsx")
    assert xlsx.status_code == 200
    rows = xlsx_rows(xlsx.content)
    total = next(r for r in rows if r[0] == "Итого по учреждению")
    assert total[1:5] == (3, 1, 91.7, 4.46)
    docx = client.get(f"/quality/report/?{query}&format=docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(docx.content))
    cells = [c.text for c in document.tables[0].rows[-1].cells]
    assert cells[0] == "Итого по учреждению" and cells[3] == "91,7"
    out = tmp_path / "quality.xlsx"
    call_command(
        "report",
        "--kind",
        "quality",
        "--from",
        "2026-10-01",
        "--to",
        "2026-12-31",
        "--out",
        str(out),
        "--institution",
        str(p.institution.pk),
    )
    assert xlsx_rows(out.read_bytes()) == rows


def test_nothing_at_all_gives_zeros_and_dashes_not_an_error(personas):
    report, _trend = quality_report(
        institution=personas.institution,
        scope=Scope(personas.institution.pk),
        period=Q4,
        today=TODAY,
    )
    totals = report.tables[0].totals
    assert totals[1:3] == [0, 0] and totals[3] is None
    assert report.warnings


def test_a_long_report_is_built_by_the_worker_the_same_as_at_once(year, settings):
    """Issue 16: over ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS the page computes nothing and the
    file comes from the worker, under the person's own scope."""
    p = year
    query = "date_from=2026-10-01&date_to=2026-12-31"
    head = p.client_for(p.head1)
    at_once = xlsx_rows(head.get(f"/quality/report/?{query}&format=xlsx").content)
    settings.ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS = 0
    settings.ZABOTA_JOBS_INLINE = True
    page = head.get(f"/quality/report/?{query}")
    assert page.context["long"] is True and page.context["report"] is None
    assert "составляется в фоне" in page.content.decode()
    response = head.get(f"/quality/report/?{query}&format=docx")
    job = Job.objects.get(kind="report.quality")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.DONE, job.message
    assert job.department is None and job.institution == p.institution
    file = job.files.get()
    assert file.name.endswith(".xlsx")
    assert xlsx_rows(head.get(f"/jobs/{job.pk}/files/{file.pk}/").content) == at_once
    # The head's colleague of another department does not see it; the director does.
    assert p.client_for(p.head2).get(f"/jobs/{job.pk}/").status_code == 404
    assert p.client_for(p.director).get(f"/jobs/{job.pk}/").status_code == 200


def test_a_short_report_stays_on_the_page(year, settings):
    settings.ZABOTA_JOBS_INLINE = True
    p = year
    response = p.client_for(p.director).get(
        "/quality/report/?date_from=2026-10-01&date_to=2026-12-31"
    )
    assert response.context["long"] is False and response.context["report"] is not None
    assert not Job.objects.exists()


def test_a_report_of_another_institutions_department_starts_no_job(year, settings):
    settings.ZABOTA_REPORT_INLINE_RECIPIENT_MONTHS = 0
    p = year
    other = p.outsider_recipient.department_id
    response = p.client_for(p.director).get(f"/quality/report/?department={other}&format=xlsx")
    assert response.status_code == 404
    assert not Job.objects.exists()
