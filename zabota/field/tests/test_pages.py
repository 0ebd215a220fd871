import datetime
import json
import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.test import Client

from zabota.field.services import TabletRecord, tablet_records_sync
from zabota.rules.words import UNIT_FORMS
from zabota.testing import xlsx_rows

NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_tablet_page_is_public_and_has_no_inline_script(db):
    response = Client().get("/field/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<link rel="manifest" href="/field/manifest.webmanifest">' in html
    assert re.search(r'<script src="/static/field/app\.js(\?[^"]*)?" defer></script>', html)
    # Every script has a src: the site's policy allows no inline script.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'data-api="/api/v1/"' in html


def test_the_service_worker_is_served_with_a_scope_covering_the_page(db):
    response = Client().get("/field/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/field/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert '"/static/field/app.js"' in body and '"/field/"' in body
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', body)


def test_the_manifest_makes_the_page_installable(db):
    response = Client().get("/field/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["start_url"] == "/field/" and data["scope"] == "/field/"
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_the_static_files_of_the_tablet_exist():
    from django.contrib.staticfiles import finders

    for name in ("field/app.js", "field/field.css", "field/icon-192.png", "field/icon-512.png"):
        assert finders.find(name), name


def visit_far_from_home(world):
    far = TabletRecord(
        uuid=uuid.uuid4(),
        recipient_id=world.personas.recipient_of_worker1.pk,
        service_id=world.shopping.pk,
        date=TODAY,
        quantity=Decimal(1),
        arrived_at=datetime.datetime(2026, 11, 18, 9, 5, tzinfo=datetime.UTC),
        left_at=datetime.datetime(2026, 11, 18, 9, 50, tzinfo=datetime.UTC),
        lat=55.36,
        lon=86.08,
    )
    near = TabletRecord(
        uuid=uuid.uuid4(),
        recipient_id=world.personas.recipient_of_worker2.pk,
        service_id=world.cleaning.pk,
        date=TODAY,
        quantity=Decimal(200),  # over the 120 m² of the month
    )
    tablet_records_sync(actor=world.personas.worker1, records=[far])
    tablet_records_sync(actor=world.personas.worker2, records=[near])


def test_the_head_sees_arrival_departure_and_distance_of_the_departments_visits(world):
    visit_far_from_home(world)

    response = world.personas.client_for(world.personas.head1).get("/field/visits/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Иванова М. П." in html and "Сидоров П. И." in html
    assert "12:05 — 12:50" in html  # Moscow time
    assert re.search(r'data-label="Расстояние, м" class="num">22\d\d<', html)
    assert "Проверить" in html and "сверх объёма: 1" in html


def test_the_far_filter_lists_only_visits_beyond_the_radius(world):
    visit_far_from_home(world)

    response = world.personas.client_for(world.personas.head1).get("/field/visits/?far=1")

    html = response.content.decode()
    assert "Иванова М. П." in html and "Сидоров П. И." not in html


def test_another_departments_head_does_not_see_the_visits(world):
    visit_far_from_home(world)

    response = world.personas.client_for(world.personas.head2).get("/field/visits/")

    assert "Иванова" not in response.content.decode()


@pytest.mark.parametrize("who", ["worker1", "caregiver1", "accountant"])
def test_field_workers_and_the_accountant_cannot_open_the_visit_list(world, who):
    client = world.personas.client_for(getattr(world.personas, who))

    assert client.get("/field/visits/").status_code == 403


def test_the_visit_list_is_exported_to_excel(world):
    visit_far_from_home(world)

    response = world.personas.client_for(world.personas.head1).get("/field/visits/?format=xlsx")

    rows = xlsx_rows(response.content)
    header = rows.index(next(r for r in rows if r and r[0] == "Дата"))
    data = rows[header + 1 :]
    assert {r[1] for r in data} == {"Иванова Мария Петровна", "Сидоров Пётр Ильич"}
    far = next(r for r in data if r[1] == "Иванова Мария Петровна")
    assert far[4:6] == ("12:05", "12:50") and 2100 < far[6] < 2300


def test_the_visit_list_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    visit_far_from_home(world)
    for _ in range(5):
        visit_far_from_home(world)
    client = world.personas.client_for(world.personas.director)

    with django_assert_max_num_queries(12):
        response = client.get("/field/visits/")

    assert response.status_code == 200


def test_a_wrong_period_is_explained_and_no_other_period_is_listed(world):
    # Issue 15: a period that cannot be used is refused, not replaced by the current month.
    response = world.personas.client_for(world.personas.head1).get(
        "/field/visits/?date_from=2026-11-20&date_to=2026-11-01"
    )

    assert response.status_code == 400
    assert "Начало периода позже его конца." in response.content.decode()


def test_the_tablet_knows_the_same_units_as_the_server():
    """app.js repeats UNIT_FORMS of zabota/rules/words.py (it works offline): keep them equal."""
    script = (Path(__file__).parents[1] / "static" / "field" / "app.js").read_text()
    table = re.search(r"const UNIT_FORMS = (\{.*?\});", script, re.DOTALL).group(1)
    in_js = json.loads(re.sub(r",\s*\}", "}", table))
    assert in_js == {unit: list(forms) for unit, forms in UNIT_FORMS.items()}
