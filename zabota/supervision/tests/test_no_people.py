"""A supervisor reads figures, never a person: every route that shows one answers 403 or 404,
and the supervisor's own pages and files name nobody and mask groups of one or two."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from openpyxl import load_workbook

from zabota.core.tests.access_world import build_world
from zabota.core.tests.test_access_matrix import ROUTES, request
from zabota.organisation.access import recipient_scope
from zabota.recipients.models import Recipient
from zabota.testing import Catalog

pytestmark = pytest.mark.django_db
# What a supervisor opens: their own pages, the start page and their profile. Every other route
# of the access matrix — each card, list, journal, act, report of an institution — is refused.
OWN = {"public", "staff", "supervision.view"}
# «Мои задания» lists the supervisor's own reports only; each job of an institution stays
# refused (jobs:detail and jobs:file are checked below).
OWN_PAGES = {"jobs:list"}
PAGES = ["services", "on-service", "movement", "conditions", "reassessments"]


def test_the_supervisor_gets_403_or_404_on_every_route_that_shows_a_person(personas):
    world = build_world(personas, Catalog(personas))
    client = personas.client_for(personas.supervisor)
    assert not Recipient.objects.filter(recipient_scope(personas.supervisor)).exists()
    personal = [
        name
        for name, spec in ROUTES.items()
        if spec["capability"] not in OWN and name not in OWN_PAGES
    ]
    assert len(personal) > 120 and "recipients:card" in personal
    for name in personal:
        for owner in ("ours", "theirs", "outsider"):
            with transaction.atomic():
                status = request(client, name, ROUTES[name], world[owner]).status_code
                transaction.set_rollback(True)
            assert status in (403, 404), f"{name} ({owner}): {status}"


def test_the_supervisors_pages_and_files_name_no_recipient(two, frozen):
    personas, institutions = two
    client = personas.client_for(personas.supervisor)
    names = list(Recipient.objects.values_list("last_name", "snils", "registration_address"))
    period = "date_from=2026-10-01&date_to=2026-10-31"
    department = personas.department1.pk
    urls = ["/", "/supervision/", f"/supervision/6-sobes/?{period}"]
    for key in PAGES:
        urls += [
            f"/supervision/{key}/?{period}",
            f"/supervision/{key}/?{period}&institution={institutions[1].pk}",
        ]
    urls += [
        f"/supervision/services/?{period}&institution={institutions[0].pk}&department={department}"
    ]
    for url in urls:
        for suffix in ("", "&format=xlsx"):
            if suffix and "?" not in url:
                continue
            response = client.get(url + suffix)
            assert response.status_code == 200, url
            text = response.content.decode() if not suffix else _xlsx_text(response)
            for last_name, snils, address in names:
                assert last_name not in text and snils not in text and address not in text, url


def _xlsx_text(response) -> str:
    book = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )
    return " ".join(
        str(v) for s in book.worksheets for row in s.iter_rows(values_only=True) for v in row if v
    )


def test_a_department_of_a_few_people_shows_less_than_three(two, frozen):
    personas, institutions = two
    client = personas.client_for(personas.supervisor)
    # The other institution: five people in October, one of them discharged.
    response = client.get(
        "/supervision/movement/?date_from=2026-10-01&date_to=2026-10-31"
        f"&institution={institutions[1].pk}"
    )
    rows = response.context["table"].rows
    assert rows[0][1:] == ["< 3", "< 3"]


def test_another_institution_and_a_department_outside_it_are_404(two, frozen):
    personas, institutions = two
    client = personas.client_for(personas.supervisor)
    personas.supervisor.supervisions.filter(institution=institutions[1]).delete()
    assert client.get(f"/supervision/services/?institution={institutions[1].pk}").status_code == 404
    other_department = personas.outsider_recipient.department_id
    url = f"/supervision/services/?institution={institutions[0].pk}&department={other_department}"
    assert client.get(url).status_code == 404
    assert client.get("/supervision/nothing-such/").status_code == 404


def test_the_command_sums_6_sobes_over_the_supervisors_institutions(two, frozen, tmp_path):
    path = tmp_path / "свод.xlsx"
    call_command(
        "report",
        "--kind",
        "6-sobes",
        "--supervisor",
        "supervisor",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
        "--out",
        str(path),
        stdout=io.StringIO(),
    )
    book = load_workbook(path)
    assert [s.title for s in book.worksheets] == ["6-собес раздел 1", "По учреждениям"]
    rows = [r for r in book.worksheets[1].iter_rows(values_only=True) if r[1] == "2"]
    assert rows and rows[0][2] == rows[0][3] + rows[0][4] > 0
