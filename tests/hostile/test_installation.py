"""The installation administrator's form of a new institution, attacked: control characters,
formulas, empty and huge values, the same form sent twice, a login already taken."""

import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from zabota.organisation import services
from zabota.organisation.models import Institution, Staff
from zabota.organisation.tests.test_installation import new_institution
from zabota.testing import make_supervisor

pytestmark = pytest.mark.django_db
URL = "organisation:installation_institution_new"
FORMULA = '=HYPERLINK("http://evil.example/?","Клик")'


def post(personas, data):
    client = personas.client_for(personas.installation_admin)
    return client.post(reverse(URL), data)


@pytest.mark.parametrize(
    "field",
    ["name", "short_name", "address", "director_name", "admin_username", "admin_last_name"],
)
def test_a_control_character_in_any_field_is_refused_and_nothing_is_created(personas, field):
    response = post(personas, new_institution(**{field: "КЦСОН\x07 Заречный"}))
    assert response.status_code == 200
    assert any("U+0007" in m for m in response.context["form"].errors[field])
    assert not Institution.objects.filter(inn="4205001203").exists()
    assert not Staff.objects.filter(user__username="admin_zarechny").exists()


@pytest.mark.parametrize(
    "field", ["name", "short_name", "inn", "address", "director_name", "admin_username"]
)
def test_an_empty_required_value_is_named_beside_its_field(personas, field):
    response = post(personas, new_institution(**{field: "   "}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Institution.objects.count() == 2


@pytest.mark.parametrize(
    ("field", "size"), [("name", 501), ("short_name", 201), ("admin_username", 151)]
)
def test_a_huge_value_is_refused_with_the_limit_named(personas, field, size):
    response = post(personas, new_institution(**{field: "я" * size}))
    assert response.status_code == 200
    assert any(str(size - 1) in m for m in response.context["form"].errors[field])
    assert Institution.objects.count() == 2


def test_a_formula_as_a_name_is_kept_as_text_and_never_runs_in_the_supervisors_file(personas):
    response = post(personas, new_institution(short_name=FORMULA))
    assert response.status_code == 302
    institution = Institution.objects.get(inn="4205001203")
    assert institution.short_name == FORMULA
    installation = personas.client_for(personas.installation_admin)
    page = installation.get(reverse("organisation:installation")).content.decode()
    assert "=HYPERLINK(&quot;http://evil.example" in page
    watcher = make_supervisor("formula_watcher", [institution])
    xlsx = personas.client_for(watcher).get(
        reverse("supervision:section", args=["on-service"]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == FORMULA]
    assert cells, "the name is in the file as it was typed"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells), "written as text"


def test_the_same_form_sent_twice_creates_one_institution_and_says_why_the_second_failed(
    personas,
):
    first = post(personas, new_institution())
    second = post(personas, new_institution())
    assert first.status_code == 302
    assert second.status_code == 200
    assert Institution.objects.filter(inn="4205001203").count() == 1
    errors = second.context["form"].errors
    assert "admin_username" in errors and "inn" in errors
    assert "уже есть" in " ".join(errors["inn"])


def test_a_login_taken_at_the_same_moment_keeps_nothing_of_the_institution(personas):
    """Two submissions at once both pass the form's check; the second's administrator then
    fails on the login's uniqueness, and its institution goes with it."""
    data = new_institution()
    institution = Institution(
        name=data["name"], short_name="Вторая", inn="4205001203", kpp="", address="г. Кемерово"
    )
    institution.director_name = "Петрова Анна Сергеевна"
    admin = {"username": personas.director.user.username, "last_name": "А", "first_name": "Б"}
    with pytest.raises(IntegrityError):
        services.institution_create(
            actor=personas.installation_admin,
            institution=institution,
            admin=admin,
            password=data["password1"],
        )
    assert not Institution.objects.filter(inn="4205001203").exists()


def test_a_supervisor_from_garbage_or_another_role_is_refused(personas):
    client = personas.client_for(personas.installation_admin)
    url = reverse("organisation:installation_institution", args=[personas.institution.pk])
    for value in ("abc", "-1", "' OR 1=1 --", str(personas.admin.pk), "9" * 30):
        response = client.post(url, {"supervisor": value, "action": "attach"})
        assert response.status_code == 200, value
        assert "supervisor" in response.context["form"].errors
    response = client.post(url, {"supervisor": personas.supervisor.pk, "action": "drop"})
    assert "action" in response.context["form"].errors
