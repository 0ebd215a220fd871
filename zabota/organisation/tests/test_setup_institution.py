import io

import pytest
from django.core.management import CommandError, call_command

from zabota.organisation.models import Department, Institution, Staff

pytestmark = pytest.mark.django_db


def setup(monkeypatch, password="Надёжный-пароль-2026", **overrides):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    options = {
        "name": "ГБУ «КЦСОН Тестовый»",
        "short_name": "КЦСОН",
        "inn": "4205001274",
        "address": "г. Кемерово",
        "director": "Осипова Галина Николаевна",
        "departments": 2,
        "password_stdin": True,
    } | overrides
    call_command("setup_institution", stdout=io.StringIO(), **options)


def test_a_new_installation_gets_its_institution_departments_and_administrator(monkeypatch, client):
    setup(monkeypatch)
    institution = Institution.objects.get()
    assert Department.objects.filter(institution=institution).count() == 2
    admin = Staff.objects.get(user__username="admin")
    assert admin.role == "admin"
    assert (
        client.post(
            "/accounts/login/", {"username": "admin", "password": "Надёжный-пароль-2026"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"inn": "4205001275"}, "ИНН"),
        ({"departments": 0}, "хотя бы одно"),
    ],
)
def test_bad_input_creates_nothing(monkeypatch, overrides, message):
    with pytest.raises(CommandError, match=message):
        setup(monkeypatch, **overrides)
    assert not Institution.objects.exists()


def test_a_short_password_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="10"):
        setup(monkeypatch, password="короткий")
    assert not Institution.objects.exists()
