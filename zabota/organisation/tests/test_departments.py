"""The administrator sets up the departments of the institution; each save is in the journal."""

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.organisation.models import Department
from zabota.organisation.roles import Role
from zabota.testing import make_staff

pytestmark = pytest.mark.django_db


def test_the_administrator_opens_a_department_and_the_journal_has_it(personas):
    client = personas.client_for(personas.admin)
    response = client.post(
        "/organisation/departments/new/",
        {"number": "3", "name": "Отделение срочного социального обслуживания", "is_active": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisation/"
    department = Department.objects.get(institution=personas.institution, number=3)
    assert department.name == "Отделение срочного социального обслуживания"
    event = SecurityEvent.objects.get(kind=EventKind.CREATE, object_type="organisation.department")
    assert (event.user, event.object_id) == (personas.admin.user, str(department.pk))
    assert event.changes["number"] == [None, 3]
    assert "Отделение сохранено." in client.get("/organisation/").content.decode()


def test_a_renamed_department_keeps_before_and_after_in_the_journal(personas):
    department = personas.department2
    client = personas.client_for(personas.admin)
    response = client.post(
        f"/organisation/departments/{department.pk}/",
        {"number": "2", "name": "Отделение № 2 (Заречный район)", "is_active": "on"},
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "Отделение № 2 (Заречный район)"
    event = SecurityEvent.objects.get(kind=EventKind.UPDATE, object_type="organisation.department")
    assert event.changes == {
        "name": [
            "Отделение социального обслуживания на дому № 2",
            "Отделение № 2 (Заречный район)",
        ]
    }


def test_a_number_already_taken_is_refused_and_nothing_is_saved(personas):
    client = personas.client_for(personas.admin)
    response = client.post(
        "/organisation/departments/new/", {"number": "1", "name": "Ещё одно", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Отделение с таким номером уже есть." in response.content.decode()
    assert not Department.objects.filter(name="Ещё одно").exists()
    assert not SecurityEvent.objects.filter(object_type="organisation.department").exists()


def test_a_director_may_not_edit_departments(personas):
    department = personas.department1
    client = personas.client_for(personas.director)
    response = client.post(
        f"/organisation/departments/{department.pk}/",
        {"number": "1", "name": "Переименовано", "is_active": "on"},
    )
    assert response.status_code == 403
    department.refresh_from_db()
    assert department.name != "Переименовано"


def test_an_administrator_of_another_institution_does_not_find_the_department(personas):
    stranger = make_staff(personas.outsider_director.institution, Role.ADMIN, "other_admin")
    client = personas.client_for(stranger)
    response = client.post(
        f"/organisation/departments/{personas.department1.pk}/",
        {"number": "1", "name": "Чужое", "is_active": "on"},
    )
    assert response.status_code == 404
