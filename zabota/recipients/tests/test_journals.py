"""Journals of enrolment and discharge, lists by category and by certificate, with their exports."""

import datetime

import pytest
import time_machine

from zabota.recipients.models import MedicalCertificate
from zabota.recipients.services import recipient_discharge
from zabota.testing import make_recipient, xlsx_rows

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def movements(personas):
    """Two enrolments in October in different departments and one discharge in November."""
    october1 = make_recipient(
        personas.institution,
        personas.department1,
        last_name="Октябрева",
        social_worker=personas.worker1,
        enrolled_on=datetime.date(2026, 10, 5),
    )
    october2 = make_recipient(
        personas.institution,
        personas.department2,
        last_name="Второва",
        enrolled_on=datetime.date(2026, 10, 20),
    )
    with time_machine.travel(TODAY):
        recipient_discharge(
            actor=personas.head1,
            recipient=personas.recipient_of_worker2,
            expected_version=personas.recipient_of_worker2.version,
            discharged_on=datetime.date(2026, 11, 3),
            reason=personas.reason,
        )
    return october1, october2


@time_machine.travel(TODAY)
def test_the_enrolment_journal_lists_the_period_for_the_whole_institution(personas, movements):
    client = personas.client_for(personas.director)
    response = client.get(
        "/recipients/journal/?kind=enrolled&date_from=2026-10-01&date_to=2026-10-31"
    )
    names = [e.recipient.last_name for e in response.context["page"].object_list]
    assert names == ["Октябрева", "Второва"]


@time_machine.travel(TODAY)
def test_a_head_sees_only_the_journal_of_their_department(personas, movements):
    client = personas.client_for(personas.head1)
    response = client.get(
        "/recipients/journal/?kind=enrolled&date_from=2026-10-01&date_to=2026-10-31"
    )
    assert [e.recipient.last_name for e in response.context["page"].object_list] == ["Октябрева"]


@time_machine.travel(TODAY)
def test_the_director_filters_the_journal_by_department(personas, movements):
    client = personas.client_for(personas.director)
    url = f"/recipients/journal/?date_from=2026-10-01&date_to=2026-10-31&department={personas.department2.pk}"
    assert [e.recipient.last_name for e in client.get(url).context["page"].object_list] == [
        "Второва"
    ]


@time_machine.travel(TODAY)
def test_the_discharge_journal_exports_reason_and_date(personas, movements):
    client = personas.client_for(personas.head1)
    response = client.get(
        "/recipients/journal/?kind=discharged&date_from=2026-11-01&date_to=2026-11-30&format=xlsx"
    )
    rows = xlsx_rows(response.content)
    assert rows[0][0] == "Журнал снятых с обслуживания"
    data = [r for r in rows if r[0] == 1]
    assert data[0][2] == "Сидоров Пётр Ильич"
    assert data[0][6] == "Переезд"


@time_machine.travel(TODAY)
def test_a_period_in_the_wrong_order_is_reported(personas):
    client = personas.client_for(personas.director)
    response = client.get("/recipients/journal/?date_from=2026-11-30&date_to=2026-11-01")
    assert "Начало периода позже его конца" in response.content.decode()


def test_workers_have_no_journals(personas):
    assert personas.client_for(personas.worker1).get("/recipients/journal/").status_code == 403


@time_machine.travel(TODAY)
def test_lists_by_benefit_category_count_and_list_the_active_people(personas):
    personas.recipient_of_worker1.benefit_categories.add(personas.category)
    personas.recipient_in_department2.benefit_categories.add(personas.category)
    client = personas.client_for(personas.head1)
    counts = {c.name: c.active for c in client.get("/recipients/categories/").context["counts"]}
    assert counts == {"Ветеран труда": 1, "Участник ВОВ": 0}
    response = client.get(f"/recipients/categories/?category={personas.category.pk}")
    assert [r.last_name for r in response.context["page"].object_list] == ["Иванова"]
    export = client.get(f"/recipients/categories/?category={personas.category.pk}&format=xlsx")
    assert any(r[0] == "Иванова Мария Петровна" for r in xlsx_rows(export.content))


@time_machine.travel(TODAY)
def test_certificates_expiring_and_expired_are_listed_soonest_first(personas):
    MedicalCertificate.objects.create(
        recipient=personas.recipient_of_worker1,
        number="1",
        issued_on=datetime.date(2025, 12, 1),
        valid_until=datetime.date(2026, 12, 1),
    )
    MedicalCertificate.objects.create(
        recipient=personas.recipient_of_worker2,
        number="2",
        issued_on=datetime.date(2025, 11, 1),
        valid_until=datetime.date(2026, 11, 1),
    )
    MedicalCertificate.objects.create(
        recipient=personas.recipient_in_department2,
        number="3",
        issued_on=datetime.date(2026, 11, 1),
        valid_until=datetime.date(2027, 11, 1),
    )
    client = personas.client_for(personas.director)
    rows = client.get("/recipients/certificates/?days=30").context["page"].object_list
    assert [(r.last_name, r.certificate_valid_until) for r in rows] == [
        ("Сидоров", datetime.date(2026, 11, 1)),
        ("Иванова", datetime.date(2026, 12, 1)),
    ]
    # Six days ahead (to 30.11): only the expired one.
    rows = client.get("/recipients/certificates/?days=6").context["page"].object_list
    assert [r.last_name for r in rows] == ["Сидоров"]


def test_list_pages_do_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    for n in range(30):
        make_recipient(
            personas.institution,
            personas.department1,
            social_worker=personas.worker1,
            last_name=f"Пробная{n}",
        )
    client = personas.client_for(personas.head1)
    client.get("/")  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get("/recipients/")
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(12):
        client.get("/recipients/journal/?date_from=2020-01-01&date_to=2030-01-01")
    with django_assert_max_num_queries(12):
        client.get("/recipients/certificates/")
    # The card gathers sections of several areas; its count is fixed, whatever the data (37:
    # one more for the relatives' access of zabota.family, one for «Кто обслуживает сегодня»
    # of zabota.absences).
    with django_assert_max_num_queries(37):
        client.get(f"/recipients/{personas.recipient_of_worker1.pk}/")


def test_search_finds_by_surname_and_by_part_of_snils(personas):
    client = personas.client_for(personas.director)
    by_name = client.get("/recipients/?q=иванова мар").context["page"].object_list
    assert [r.last_name for r in by_name] == ["Иванова"]
    snils = personas.recipient_in_department2.snils
    by_snils = client.get(f"/recipients/?q={snils[:3]}-{snils[3:6]}").context["page"].object_list
    assert personas.recipient_in_department2 in list(by_snils)


def test_a_page_number_out_of_range_shows_the_last_page(personas):
    response = personas.client_for(personas.director).get("/recipients/?page=999")
    assert response.status_code == 200
    assert response.context["page"].number == 1
