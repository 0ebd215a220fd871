"""The lists of reassessments due and overdue, on frozen dates."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from zabota.ltc.models import Assessment
from zabota.ltc.panels import widget_context
from zabota.ltc.selectors import OVERDUE, UPCOMING, reassessment_counts, reassessments_due
from zabota.ltc.tests.conftest import TODAY, assess
from zabota.recipients.models import RecipientStatus
from zabota.testing import make_recipient, xlsx_rows

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def due_on(personas, recipient, next_on: datetime.date) -> Assessment:
    """A submitted assessment of `recipient` whose reassessment falls on `next_on`."""
    assessment = assess(
        personas.head1 if recipient.department == personas.department1 else personas.head2,
        recipient,
        {"walk": "c", "eat": "b"},
        assessed_on=datetime.date(2026, 1, 15),
    )
    Assessment.objects.filter(pk=assessment.pk).update(next_assessment_on=next_on)
    return assessment


@pytest.fixture
def schedule(personas, regional, frozen):
    """Department 1: due yesterday, today, in 30 and 31 days; department 2: overdue long ago."""
    d1, institution = personas.department1, personas.institution
    people = {
        "yesterday": personas.recipient_of_worker1,
        "today": personas.recipient_of_worker2,
        "in30": make_recipient(institution, d1, last_name="Тридцатова"),
        "in31": make_recipient(institution, d1, last_name="Тридцатьодинова"),
        "department2": personas.recipient_in_department2,
    }
    dates = {
        "yesterday": TODAY - DAY,
        "today": TODAY,
        "in30": TODAY + 30 * DAY,
        "in31": TODAY + 31 * DAY,
        "department2": TODAY - 100 * DAY,
    }
    for key, recipient in people.items():
        due_on(personas, recipient, dates[key])
    return people


def names(assessments) -> list[str]:
    return [a.recipient.last_name for a in assessments]


def test_the_list_holds_the_overdue_and_those_due_within_the_days_soonest_first(personas, schedule):
    due = reassessments_due(personas.director, TODAY, 30)
    assert names(due) == ["Кузнецова", "Иванова", "Сидоров", "Тридцатова"]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, ["Иванова", "Сидоров"]),  # overdue and due today
        (29, ["Иванова", "Сидоров"]),
        (30, ["Иванова", "Сидоров", "Тридцатова"]),
        (31, ["Иванова", "Сидоров", "Тридцатова", "Тридцатьодинова"]),
    ],
)
def test_the_boundary_of_n_days_is_inclusive(personas, schedule, days, expected):
    assert names(reassessments_due(personas.head1, TODAY, days)) == expected


def test_overdue_means_a_next_date_before_today(personas, schedule):
    overdue = reassessments_due(personas.director, TODAY, 30, state=OVERDUE)
    assert names(overdue) == ["Кузнецова", "Иванова"]
    upcoming = reassessments_due(personas.director, TODAY, 30, state=UPCOMING)
    assert names(upcoming) == ["Сидоров", "Тридцатова"]
    assert reassessment_counts(personas.director, TODAY, 30) == {"overdue": 2, "due": 2}
    assert reassessment_counts(personas.head1, TODAY, 31) == {"overdue": 1, "due": 3}


def test_the_next_day_yesterdays_due_today_is_overdue(personas, schedule):
    tomorrow = TODAY + DAY
    assert reassessment_counts(personas.head1, tomorrow, 29) == {"overdue": 2, "due": 1}


def test_a_newer_assessment_supersedes_the_due_date(personas, schedule):
    assess(personas.head1, schedule["yesterday"], {"walk": "a", "eat": "b"})  # next in 2027
    assert "Иванова" not in names(reassessments_due(personas.head1, TODAY, 30))


def test_a_brought_forward_date_enters_the_list(personas, schedule):
    from zabota.ltc import services

    latest = Assessment.objects.get(recipient=schedule["in31"])
    services.reassessment_bring_forward(
        actor=personas.head1, assessment=latest, date=TODAY + 5 * DAY, reason="Падение"
    )
    assert "Тридцатьодинова" in names(reassessments_due(personas.head1, TODAY, 30))


def test_discharged_recipients_are_not_listed(personas, schedule):
    recipient = schedule["yesterday"]
    recipient.status = RecipientStatus.DISCHARGED
    recipient.save()
    assert "Иванова" not in names(reassessments_due(personas.head1, TODAY, 30))


def test_drafts_never_count(personas, schedule):
    from zabota.ltc import services

    services.assessment_start(actor=personas.head1, recipient=schedule["in31"])
    assert reassessment_counts(personas.head1, TODAY, 30) == {"overdue": 1, "due": 2}


@pytest.mark.parametrize(
    ("persona", "department", "expected"),
    [
        ("head1", None, ["Иванова", "Сидоров", "Тридцатова"]),
        ("head2", None, ["Кузнецова"]),
        ("director", "department2", ["Кузнецова"]),
        ("director", "department1", ["Иванова", "Сидоров", "Тридцатова"]),
        ("head2", "department1", []),  # a head cannot widen the scope with the filter
        ("outsider_director", None, []),
    ],
)
def test_each_person_sees_the_list_of_their_scope_and_department(
    personas, schedule, persona, department, expected
):
    department_id = getattr(personas, department).pk if department else None
    due = reassessments_due(getattr(personas, persona), TODAY, 30, department_id)
    assert names(due) == expected


def test_the_page_lists_counts_searches_and_exports(personas, schedule):
    client = personas.client_for(personas.head1)
    response = client.get("/care/reassessments/?days=30")
    assert names(response.context["page"].object_list) == ["Иванова", "Сидоров", "Тридцатова"]
    assert response.context["counts"] == {"overdue": 1, "due": 2}
    text = response.content.decode()
    assert "просрочена на 1 дн." in text and "через 30 дн." in text
    response = client.get("/care/reassessments/?days=30&q=тридцатова")
    assert names(response.context["page"].object_list) == ["Тридцатова"]
    rows = xlsx_rows(client.get("/care/reassessments/?days=31&format=xlsx").content)
    header = next(i for i, row in enumerate(rows) if row[0] == "№")
    assert [(row[1].split()[0], row[9]) for row in rows[header + 1 :]] == [
        ("Иванова", "просрочена на 1 дн."),
        ("Сидоров", "сегодня"),
        ("Тридцатова", "через 30 дн."),
        ("Тридцатьодинова", "через 31 дн."),
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("head1", 200), ("director", 200), ("specialist", 200), ("worker1", 403), ("admin", 403)],
)
def test_the_list_is_for_those_who_assess(personas, schedule, persona, status):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/care/reassessments/").status_code == status


def test_the_list_costs_the_same_queries_for_three_rows_or_thirty(
    personas, schedule, django_assert_max_num_queries
):
    client = personas.client_for(personas.director)
    with CaptureQueriesContext(connection) as few:
        client.get("/care/reassessments/?days=30")
    for number in range(27):
        recipient = make_recipient(
            personas.institution, personas.department1, last_name=f"Д{number}"
        )
        due_on(personas, recipient, TODAY - number * DAY)
    with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as many:
        response = client.get("/care/reassessments/?days=30")
    assert response.context["page"].paginator.count == 31
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as export:
        client.get("/care/reassessments/?days=30&format=xlsx")
    assert len(export) <= len(few)


def test_the_start_page_widget_counts_for_heads(personas, schedule, django_assert_num_queries):
    client = personas.client_for(personas.head1)
    response = client.get("/")
    widget = dict(response.context["widgets"])["ltc/_widget.html"]
    assert [t.count for t in widget["tiles"]] == [1, 2]
    assert "/care/reassessments/?state=overdue" in response.content.decode()
    assert "/care/reassessments/?state=upcoming&amp;days=30" in response.content.decode()
    request = RequestFactory().get("/")
    request.staff = personas.director
    # One count per figure: each is the count of its own list.
    with django_assert_num_queries(2):
        tiles = widget_context(request)["tiles"]
    assert [(t.label, t.count) for t in tiles] == [("Просрочены", 2), ("Предстоят в 30 дн.", 2)]


def test_the_start_page_of_a_social_worker_has_no_reassessment_widget(personas, schedule):
    response = personas.client_for(personas.worker1).get("/")
    assert "ltc/_widget.html" not in dict(response.context["widgets"])
