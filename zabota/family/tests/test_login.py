"""The relative logs in on the one login page and lands on their own page; a closed access
cannot log in; staff still land on their start page."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zabota.family.services import relative_revoke
from zabota.family.tests.conftest import NOW
from zabota.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_relative_logs_in_on_the_login_page_and_lands_on_their_page(relative):
    client = Client()
    response = client.post(
        reverse("accounts:login") + "?next=/recipients/",
        {"username": "relative1", "password": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("family:home")
    assert client.get(reverse("family:home")).status_code == 200
    assert client.get(reverse("dashboard:home")).status_code == 403


def test_a_closed_relative_cannot_log_in(personas, relative):
    relative_revoke(actor=personas.head1, relative=relative)
    response = Client().post(
        reverse("accounts:login"), {"username": "relative1", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Неверное имя пользователя или пароль" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_staff_logging_in_still_land_on_the_start_page(personas):
    response = Client().post(reverse("accounts:login"), {"username": "head1", "password": PASSWORD})
    assert response["Location"] == reverse("dashboard:home")


def test_an_idle_relatives_session_ends_and_the_login_page_takes_them_back(relative):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "relative1", "password": PASSWORD})
    assert client.get(reverse("family:home")).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(minutes=31), tick=False):
        response = client.get(reverse("family:home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        again = client.post(response["Location"], {"username": "relative1", "password": PASSWORD})
        assert again["Location"] == reverse("family:home")
