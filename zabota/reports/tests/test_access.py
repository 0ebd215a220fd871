"""Who may read which report: by capability, and within it by department and by person."""

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.reports.tests.conftest import direct

pytestmark = pytest.mark.django_db
OCTOBER = "date_from=2026-10-01&date_to=2026-10-31"


def test_a_head_cannot_open_the_report_of_another_department(personas, log, frozen):
    client = personas.client_for(personas.head2)
    assert (
        client.get(
            f"/reports/department/?department={personas.department1.pk}&{OCTOBER}"
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/reports/department/?department={personas.department2.pk}&{OCTOBER}"
        ).status_code
        == 200
    )


def test_a_head_cannot_open_the_report_of_a_worker_of_another_department(personas, log, frozen):
    client = personas.client_for(personas.head2)
    assert client.get(f"/reports/worker/?worker={personas.worker1.pk}&{OCTOBER}").status_code == 404
    response = client.get(
        f"/reports/worker/?worker={personas.worker_other_department.pk}&{OCTOBER}"
    )
    assert response.status_code == 200


def test_a_head_opens_their_own_department_without_choosing_it(personas, log, frozen):
    response = personas.client_for(personas.head2).get(f"/reports/department/?{OCTOBER}")
    assert response.context["report"].subtitle.startswith(personas.department2.name)


def test_a_heads_institution_report_and_form_hold_only_their_department(personas, log, frozen):
    client = personas.client_for(personas.head2)
    response = client.get(f"/reports/institution/?{OCTOBER}")
    [row] = response.context["report"].tables[0].rows
    assert row[0] == personas.department2.name
    expected = direct(None, *_october(), department=personas.department2)[None]
    assert row[2] == expected["services"]
    assert "только отделения" in response.content.decode()
    sobes = client.get(f"/reports/6-sobes/?{OCTOBER}")
    row2 = next(r for r in sobes.context["report"].tables[0].rows if r[1] == "2")
    assert row2[2] == expected["services"]
    assert "Только по доступным вам отделениям" in sobes.content.decode()


def test_the_accountant_reads_reports_but_not_the_registry(personas, log, frozen):
    client = personas.client_for(personas.accountant)
    assert client.get(f"/reports/institution/?{OCTOBER}").status_code == 200
    assert (
        client.get(
            f"/reports/department/?department={personas.department1.pk}&{OCTOBER}"
        ).status_code
        == 200
    )
    assert client.get(f"/reports/worker/?worker={personas.worker1.pk}&{OCTOBER}").status_code == 200
    assert client.get("/recipients/").status_code == 403
    assert client.get(f"/reports/analytics/?{OCTOBER}").status_code == 403


def test_a_social_worker_sees_only_their_own_report(personas, log, frozen):
    client = personas.client_for(personas.worker1)
    assert client.get("/reports/").status_code == 403
    assert client.get(f"/reports/worker/?worker={personas.worker2.pk}&{OCTOBER}").status_code == 403
    assert (
        client.get(f"/reports/department/?department={personas.department1.pk}").status_code == 403
    )
    response = client.get(f"/reports/mine/?{OCTOBER}")
    summary = response.context["report"].tables[0].rows[0]
    expected = direct(None, *_october(), worker=personas.worker1)[None]
    assert summary[:2] == [expected["recipients"], expected["services"]]
    assert "Мой отчёт" in response.content.decode()
    assert (
        SecurityEvent.objects.filter(
            kind=EventKind.ACCESS_DENIED, user=personas.worker1.user
        ).count()
        == 3
    )


def test_a_caregiver_has_their_own_report_and_a_head_has_none_of_their_own(personas, log, frozen):
    response = personas.client_for(personas.caregiver1).get(f"/reports/mine/?{OCTOBER}")
    expected = direct(None, *_october(), worker=personas.caregiver1)[None]
    assert response.context["report"].tables[0].rows[0][1] == expected["services"]
    assert personas.client_for(personas.head1).get("/reports/mine/").status_code == 403


def test_the_director_of_another_institution_sees_none_of_this_one(personas, log, frozen):
    client = personas.client_for(personas.outsider_director)
    assert client.get(f"/reports/worker/?worker={personas.worker1.pk}&{OCTOBER}").status_code == 404
    assert (
        client.get(
            f"/reports/department/?department={personas.department1.pk}&{OCTOBER}"
        ).status_code
        == 404
    )
    response = client.get(f"/reports/institution/?{OCTOBER}")
    assert response.context["report"].tables[0].totals[2] == 0


def _october():
    import datetime

    return datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
