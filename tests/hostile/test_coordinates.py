"""Issue 22 (routes): the coordinates of a recipient's home and of a department's start point are
refused with a Russian message when they are not a number in range — text, a formula, a number
too large, NaN or infinity, a control character — and nothing is saved."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from zabota.organisation.models import Department
from zabota.recipients.models import Recipient
from zabota.recipients.tests.test_registration import valid_form

pytestmark = pytest.mark.django_db

CYRILLIC_MESSAGE = ("Введите", "Вставьте", "Широта", "Долгота", "Убедитесь", "Укажите", "символ")
HOSTILE = [
    ("abc", "86.1"),
    ("=1+1", "86.1"),
    ("55.3", '=HYPERLINK("x")'),
    ("1e400", "86.1"),
    ("99999999999999999999", "86.1"),
    ("95", "86.1"),
    ("55.3", "181"),
    ("-90.000001", "86.1"),
    ("NaN", "86.1"),
    ("55.3", "inf"),
    ("-Infinity", "86.1"),
    ("55.3\x00", "86.1"),
    ("55.3", "86\x07.1"),
    ("55,3; DROP TABLE x", "86.1"),
    ("55.3", ""),
]


def errors_of(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@time_machine.travel(datetime.date(2026, 11, 24))
@pytest.mark.parametrize(("latitude", "longitude"), HOSTILE)
def test_a_hostile_coordinate_of_a_home_is_refused_and_nothing_saved(personas, latitude, longitude):
    client = personas.client_for(personas.head1)
    before = Recipient.objects.count()
    data = valid_form(personas, latitude=latitude, longitude=longitude)
    response = client.post(reverse("recipients:register"), data)
    assert response.status_code == 200
    assert any(word in errors_of(response) for word in CYRILLIC_MESSAGE), errors_of(response)
    assert Recipient.objects.count() == before


@pytest.mark.parametrize(("latitude", "longitude"), HOSTILE)
def test_a_hostile_start_point_of_a_department_is_refused_and_nothing_saved(
    personas, latitude, longitude
):
    department = personas.department1
    client = personas.client_for(personas.admin)
    response = client.post(
        reverse("organisation:department_edit", kwargs={"pk": department.pk}),
        {
            "number": department.number,
            "name": department.name,
            "address": "г. Кемерово, пр-т Советский, д. 60",
            "latitude": latitude,
            "longitude": longitude,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert any(word in errors_of(response) for word in CYRILLIC_MESSAGE), errors_of(response)
    stored = Department.objects.get(pk=department.pk)
    assert (stored.latitude, stored.longitude, stored.address) == (None, None, "")


def test_a_department_keeps_a_good_start_point(personas):
    department = personas.department1
    client = personas.client_for(personas.admin)
    response = client.post(
        reverse("organisation:department_edit", kwargs={"pk": department.pk}),
        {
            "number": department.number,
            "name": department.name,
            "latitude": "55.354727",
            "longitude": "86.087314",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert (str(department.latitude), str(department.longitude)) == ("55.354727", "86.087314")


@time_machine.travel(datetime.date(2026, 11, 24))
@pytest.mark.parametrize(
    "pasted", ["abc", "=1+1", "55.3", "95, 86", "55.3, 200", "NaN, inf", "55.3\x00, 86.1", "9" * 70]
)
def test_hostile_pasted_coordinates_are_refused_and_nothing_saved(personas, pasted):
    client = personas.client_for(personas.head1)
    before = Recipient.objects.count()
    response = client.post(reverse("recipients:register"), valid_form(personas, coordinates=pasted))
    assert response.status_code == 200
    assert any(word in errors_of(response) for word in CYRILLIC_MESSAGE), errors_of(response)
    assert Recipient.objects.count() == before


@time_machine.travel(datetime.date(2026, 11, 24))
def test_coordinates_pasted_from_a_map_fill_the_home(personas):
    client = personas.client_for(personas.head1)
    data = valid_form(personas, coordinates="55,3547271; 86,0873149")
    assert client.post(reverse("recipients:register"), data).status_code == 302
    recipient = Recipient.objects.get(last_name="Долгих")
    assert (str(recipient.latitude), str(recipient.longitude)) == ("55.354727", "86.087315")
