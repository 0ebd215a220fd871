"""The administrator manages staff accounts and the institution's details."""

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.organisation.models import Staff

pytestmark = pytest.mark.django_db


def new_staff_form(personas, **overrides):
    data = {
        "last_name": "Новикова",
        "first_name": "Ольга",
        "middle_name": "Сергеевна",
        "role": "social_worker",
        "department": personas.department1.pk,
        "position": "Социальный работник",
        "username": "novikova",
        "is_active": "on",
        "password1": "Длинный-пароль-1",
        "password2": "Длинный-пароль-1",
    }
    data.update(overrides)
    return data


def test_the_administrator_adds_a_social_worker_who_can_then_log_in(personas, client):
    admin = personas.client_for(personas.admin)
    response = admin.post("/organisation/staff/new/", new_staff_form(personas))
    staff = Staff.objects.get(user__username="novikova")
    assert response.status_code == 302
    assert (staff.role, staff.department) == ("social_worker", personas.department1)
    assert SecurityEvent.objects.filter(
        kind=EventKind.CREATE, object_type="organisation.staff"
    ).exists()
    assert (
        client.post(
            "/accounts/login/", {"username": "novikova", "password": "Длинный-пароль-1"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "worker1"}, "username", "Такое имя пользователя уже занято."),
        ({"department": ""}, "department", "Для этой роли нужно указать отделение."),
        ({"password2": "другой"}, "password2", "Пароли не совпадают."),
        ({"password1": "12345", "password2": "12345"}, "password1", "10"),
    ],
)
def test_bad_staff_input_is_refused_and_nothing_is_created(personas, overrides, field, message):
    admin = personas.client_for(personas.admin)
    count = Staff.objects.count()
    response = admin.post("/organisation/staff/new/", new_staff_form(personas, **overrides))
    errors = {**response.context["form"].errors, **response.context["password_form"].errors}
    assert any(message in e for e in errors[field])
    assert Staff.objects.count() == count


def test_a_deactivated_account_can_no_longer_log_in(personas, client):
    admin = personas.client_for(personas.admin)
    worker = personas.worker2
    form = {
        "last_name": worker.last_name,
        "first_name": worker.first_name,
        "middle_name": worker.middle_name,
        "role": worker.role,
        "department": worker.department_id,
        "username": "worker2",
    }
    admin.post(f"/organisation/staff/{worker.pk}/", form)
    worker.user.refresh_from_db()
    assert not worker.user.is_active
    assert (
        client.post(
            "/accounts/login/", {"username": "worker2", "password": "test-password-123"}
        ).status_code
        == 200
    )


@pytest.mark.parametrize("persona", ["director", "head1", "worker1", "accountant"])
def test_only_the_administrator_manages_staff(personas, persona):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/organisation/staff/").status_code == 403
    assert client.get("/organisation/").status_code == 403


def test_the_administrator_of_one_institution_cannot_open_staff_of_another(personas):
    admin = personas.client_for(personas.admin)
    assert admin.get(f"/organisation/staff/{personas.outsider_director.pk}/").status_code == 404


def test_a_wrong_inn_of_the_institution_is_refused(personas):
    admin = personas.client_for(personas.admin)
    institution = personas.institution
    form = {
        f: getattr(institution, f)
        for f in [
            "name",
            "short_name",
            "kpp",
            "ogrn",
            "address",
            "city",
            "phone",
            "email",
            "director_name",
            "director_name_gent",
            "director_name_datv",
            "director_position",
            "acts_on_basis_of",
            "bank_details",
        ]
    }
    response = admin.post("/organisation/", {**form, "inn": "7707083894"})
    assert "Контрольные цифры ИНН не сходятся" in str(response.context["form"].errors["inn"])
    response = admin.post("/organisation/", {**form, "inn": "770708389"})
    assert "ИНН состоит из 10 цифр" in str(response.context["form"].errors["inn"])
    institution.refresh_from_db()
    assert institution.inn == "7707083893"
    admin.post("/organisation/", {**form, "inn": "4205001274"})
    institution.refresh_from_db()
    assert institution.inn == "4205001274"


def test_a_new_director_is_declined_for_documents(personas):
    admin = personas.client_for(personas.admin)
    institution = personas.institution
    form = {
        f: getattr(institution, f)
        for f in [
            "name",
            "short_name",
            "inn",
            "kpp",
            "ogrn",
            "address",
            "city",
            "phone",
            "email",
            "director_position",
            "acts_on_basis_of",
            "bank_details",
        ]
    }
    form.update(
        {"director_name": "Кузьмин Лев Ильич", "director_name_gent": "", "director_name_datv": ""}
    )
    assert admin.post("/organisation/", form).status_code == 302
    institution.refresh_from_db()
    assert institution.director_name_gent == "Кузьмина Льва Ильича"
    assert institution.director_name_datv == "Кузьмину Льву Ильичу"
