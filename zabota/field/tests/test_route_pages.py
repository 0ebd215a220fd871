import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from zabota.audit.models import EventKind, SecurityEvent
from zabota.delivery.models import Visit
from zabota.field.lists import UNPLACED
from zabota.recipients.models import Recipient
from zabota.testing import make_recipient, xlsx_rows

NOW = datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
DAY = NOW.date()
LAT, LON = Decimal("55.355"), Decimal("86.087")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def day_of_worker1(personas):
    """Three homes of worker1 on one street, given in a zigzag; the persona recipient of
    worker1 (no coordinates) is visited too."""
    worker = personas.worker1
    people = [personas.recipient_of_worker1]
    for name, house in (("Астахова", 0), ("Борисова", 4), ("Васильева", 1)):
        people.append(
            make_recipient(
                personas.institution,
                personas.department1,
                social_worker=worker,
                last_name=name,
                phone="+7 903 000-00-0" + str(house),
                latitude=LAT,
                longitude=LON + Decimal(house) / 100,
            )
        )
    for person in people:
        Visit.objects.create(
            institution=personas.institution, recipient=person, worker=worker, visited_on=DAY
        )
    return people


def in_route_order(text: str) -> bool:
    """Along the street (either way), the home without coordinates after them."""
    street = [text.index(name) for name in ("Астахова", "Васильева", "Борисова")]
    along = street == sorted(street) or street == sorted(street, reverse=True)
    return along and max(street) < text.index("Иванова")


def route_url(**params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("field:route") + (f"?{query}" if query else "")


def test_the_head_sees_a_workers_day_in_route_order_with_the_unplaced_last(
    personas, day_of_worker1
):
    client = personas.client_for(personas.head1)
    response = client.get(route_url(worker=personas.worker1.pk, date=DAY.isoformat()))

    assert response.status_code == 200
    html = response.content.decode()
    assert in_route_order(html)
    assert html.index("Адреса без координат") < html.index("Иванова")
    assert "≈ 2,5 км" in html  # 0,63 + 1,90 km along the street
    journalled = SecurityEvent.objects.filter(kind=EventKind.VIEW, user=personas.head1.user)
    assert {e.recipient_id for e in journalled} == {p.pk for p in day_of_worker1}


def test_a_worker_sees_their_own_route_without_choosing(personas, day_of_worker1):
    response = personas.client_for(personas.worker1).get(route_url(date=DAY.isoformat()))
    assert response.status_code == 200
    assert "Борисова" in response.content.decode()


@pytest.mark.parametrize(
    ("viewer", "worker"),
    [("head2", "worker1"), ("worker2", "worker1"), ("head1", "worker_other_department")],
)
def test_a_route_of_someone_elses_worker_is_not_found(personas, day_of_worker1, viewer, worker):
    client = personas.client_for(getattr(personas, viewer))
    worker_id = getattr(personas, worker).pk
    assert client.get(route_url(worker=worker_id, date=DAY.isoformat())).status_code == 404
    sheet = client.post(reverse("field:route_sheet") + f"?worker={worker_id}&date={DAY}")
    assert sheet.status_code == 404


def test_the_route_refuses_a_date_far_from_today(personas):
    client = personas.client_for(personas.head1)
    response = client.get(route_url(worker=personas.worker1.pk, date="2099-01-01"))
    assert response.status_code == 400


def test_the_route_sheet_is_a_numbered_docx_from_the_template(personas, day_of_worker1):
    client = personas.client_for(personas.head1)
    response = client.post(
        reverse("field:route_sheet") + f"?worker={personas.worker1.pk}&date={DAY.isoformat()}"
    )

    assert response.status_code == 200
    assert "Маршрутный лист МЛ-1-2026" in response["Content-Disposition"] or (
        "filename*=" in response["Content-Disposition"]
    )
    document = Document(io.BytesIO(response.content))
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ) + "\n".join(p.text for p in document.paragraphs)
    assert "МАРШРУТНЫЙ ЛИСТ № МЛ-1/2026" in text
    assert "Соколова Анна Ивановна" in text
    assert "+7 903 000-00-04" in text
    assert in_route_order(text)
    assert text.index("Адреса без координат") < text.index("Иванова Мария Петровна")
    assert SecurityEvent.objects.filter(kind=EventKind.PRINT, user=personas.head1.user).exists()


def test_the_list_of_addresses_without_coordinates_shows_the_heads_people_only(
    personas, day_of_worker1
):
    client = personas.client_for(personas.head1)
    response = client.get(reverse("field:unplaced"))

    assert response.status_code == 200
    listed = list(response.context["page"].object_list)
    assert personas.recipient_of_worker1 in listed
    assert personas.recipient_of_worker2 in listed
    assert personas.recipient_in_department2 not in listed
    assert all(p.latitude is None for p in listed)
    assert UNPLACED.count(personas.head1, {}, DAY) == len(listed) == 2
    rows = xlsx_rows(client.get(reverse("field:unplaced") + "?format=xlsx").content)
    assert any("Иванова Мария Петровна" in str(row) for row in rows)


def test_the_list_is_for_managers_only(personas):
    client = personas.client_for(personas.worker1)
    assert client.get(reverse("field:unplaced")).status_code == 403


def test_the_start_page_tile_goes_away_when_every_home_has_coordinates(personas):
    client = personas.client_for(personas.head1)
    assert "<h2>Маршруты</h2>" in client.get(reverse("dashboard:home")).content.decode()
    Recipient.objects.filter(department=personas.department1).update(latitude=LAT, longitude=LON)
    assert "<h2>Маршруты</h2>" not in client.get(reverse("dashboard:home")).content.decode()
