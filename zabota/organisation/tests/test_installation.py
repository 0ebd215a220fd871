"""The installation administrator: the institutions, a new one with its first administrator,
supervisors attached and detached; nobody else reaches these pages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.audit.models import EventKind, SecurityEvent
from zabota.core.navigation import menu_for
from zabota.organisation import services
from zabota.organisation.models import Institution, Staff, Supervision
from zabota.organisation.roles import Role
from zabota.testing import make_supervisor

pytestmark = pytest.mark.django_db
PASSWORD = "Kolokolchik-2026"


def new_institution(**changes) -> dict:
    data = {
        "name": "Государственное бюджетное учреждение «Комплексный центр Заречного района»",
        "short_name": "КЦСОН Заречного района",
        "inn": "4205001203",
        "kpp": "420501001",
        "ogrn": "",
        "address": "г. Кемерово, ул. Речная, д. 1",
        "city": "Кемерово",
        "phone": "+7 (3842) 00-00-00",
        "email": "",
        "director_name": "Петрова Анна Сергеевна",
        "admin_username": "admin_zarechny",
        "admin_last_name": "Сидоров",
        "admin_first_name": "Олег",
        "admin_middle_name": "",
        "admin_email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | changes


def test_the_installation_administrator_creates_an_institution_with_its_administrator(personas):
    client = personas.client_for(personas.installation_admin)
    response = client.post(reverse("organisation:installation_institution_new"), new_institution())
    institution = Institution.objects.get(inn="4205001203")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "organisation:installation_institution", args=[institution.pk]
    )
    admin = Staff.objects.get(user__username="admin_zarechny")
    assert admin.institution == institution and admin.role == Role.ADMIN
    assert admin.user.check_password(PASSWORD)
    assert institution.director_name_gent == "Петровой Анны Сергеевны"
    events = SecurityEvent.objects.filter(institution=institution, kind=EventKind.CREATE)
    assert {e.object_type for e in events} == {"organisation.institution", "organisation.staff"}
    assert all(e.username == "installation_admin" for e in events)


def test_the_new_institutions_administrator_sees_their_institution_and_nothing_of_the_others(
    personas,
):
    client = personas.client_for(personas.installation_admin)
    client.post(reverse("organisation:installation_institution_new"), new_institution())
    admin = Staff.objects.get(user__username="admin_zarechny")
    theirs = personas.client_for(admin)
    assert "Заречного" in theirs.get(reverse("organisation:institution")).content.decode()
    staff_page = theirs.get(reverse("organisation:staff_list")).content.decode()
    assert personas.director.last_name not in staff_page
    assert theirs.get(reverse("organisation:installation")).status_code == 403


def test_the_list_shows_every_institution_with_its_counts(personas):
    client = personas.client_for(personas.installation_admin)
    page = client.get(reverse("organisation:installation")).content.decode()
    assert str(personas.institution) in page
    assert str(personas.outsider_recipient.institution) in page
    assert reverse("organisation:installation_institution_new") in page


@pytest.mark.parametrize("role", ["admin", "director", "head1", "worker1", "supervisor"])
def test_everyone_but_the_installation_administrator_is_refused(personas, role):
    client = personas.client_for(getattr(personas, role))
    for name, args in (
        ("organisation:installation", []),
        ("organisation:installation_institution_new", []),
        ("organisation:installation_institution", [personas.institution.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403
    created = client.post(reverse("organisation:installation_institution_new"), new_institution())
    assert created.status_code == 403
    assert not Institution.objects.filter(inn="4205001203").exists()


def test_a_supervisor_is_attached_and_detached_each_written_to_the_journal(personas):
    other = personas.outsider_recipient.institution
    supervisor = personas.supervisor
    client = personas.client_for(personas.installation_admin)
    url = reverse("organisation:installation_institution", args=[other.pk])
    client.post(url, {"supervisor": supervisor.pk, "action": "attach"})
    assert Supervision.objects.filter(supervisor=supervisor, institution=other).exists()
    page = client.get(url).content.decode()
    assert supervisor.full_name in page
    client.post(url, {"supervisor": supervisor.pk, "action": "attach"})
    assert Supervision.objects.filter(supervisor=supervisor, institution=other).count() == 1
    client.post(url, {"supervisor": supervisor.pk, "action": "detach"})
    assert not Supervision.objects.filter(supervisor=supervisor, institution=other).exists()
    details = list(
        SecurityEvent.objects.filter(institution=other, kind=EventKind.SETTINGS)
        .order_by("pk")
        .values_list("details", flat=True)
    )
    assert details == [
        "куратор supervisor закреплён за учреждением",
        "куратор supervisor откреплён от учреждения",
    ]


def test_only_a_supervisor_can_be_attached(personas):
    client = personas.client_for(personas.installation_admin)
    url = reverse("organisation:installation_institution", args=[personas.institution.pk])
    response = client.post(url, {"supervisor": personas.director.pk, "action": "attach"})
    assert response.status_code == 200
    assert "supervisor" in response.context["form"].errors
    assert not Supervision.objects.filter(supervisor=personas.director).exists()


def test_a_supervisor_attached_reads_the_new_institution_and_detached_no_longer(personas):
    other = personas.outsider_recipient.institution
    lone = make_supervisor("lone_supervisor", [])
    admin = personas.installation_admin
    services.supervision_attach(actor=admin, supervisor=lone, institution=other)
    client = personas.client_for(lone)
    section = reverse("supervision:section", args=["on-service"])
    assert client.get(section, {"institution": other.pk}).status_code == 200
    services.supervision_detach(actor=admin, supervisor=lone, institution=other)
    assert client.get(section, {"institution": other.pk}).status_code == 404


def test_the_menu_of_the_installation_administrator_has_the_installation_and_its_journal(
    personas,
):
    menu = dict(menu_for(personas.installation_admin))
    labels = [label for label, _ in menu["Установка"]]
    assert labels == ["Учреждения", "Новое учреждение", "Кураторы", "Журнал событий установки"]
    urls = [url for items in menu.values() for _, url in items]
    assert urls.count(reverse("audit:events")) == 1
    assert "Установка" not in dict(menu_for(personas.admin))


# --- supervisors' accounts ---------------------------------------------------------------------

SUPERVISORS_URL = "/organisation/installation/supervisors/"


def new_supervisor(**changes) -> dict:
    data = {
        "username": "kurator_kemerovo",
        "last_name": "Кураторова",
        "first_name": "Вера",
        "middle_name": "Павловна",
        "position": "главный специалист управления социальной защиты населения",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return data | changes


def test_the_installation_administrator_creates_a_supervisor_who_then_logs_in(personas):
    client = personas.client_for(personas.installation_admin)
    response = client.post(SUPERVISORS_URL + "new/", new_supervisor())
    assert response.status_code == 302 and response["Location"] == SUPERVISORS_URL
    supervisor = Staff.objects.get(user__username="kurator_kemerovo")
    assert supervisor.role == Role.SUPERVISOR and supervisor.institution is None
    assert supervisor.user.check_password(PASSWORD)
    event = SecurityEvent.objects.get(kind=EventKind.CREATE, object_id=str(supervisor.pk))
    assert event.institution is None and event.username == "installation_admin"
    page = client.get(SUPERVISORS_URL + "?q=кураторова вера").content.decode()
    assert "kurator_kemerovo" in page and "работает" in page
    # The new login reaches the supervisor's pages, and is offered on an institution's page.
    assert client.post("/accounts/logout/").status_code in (200, 302)
    entered = client.post(
        "/accounts/login/", {"username": "kurator_kemerovo", "password": PASSWORD}
    )
    assert entered.status_code == 302
    assert client.get(reverse("supervision:index")).status_code == 200
    detail = personas.client_for(personas.installation_admin).get(
        reverse("organisation:installation_institution", args=[personas.institution.pk])
    )
    assert "Кураторова Вера Павловна" in detail.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "worker1"}, "username", "Такое имя пользователя уже занято."),
        ({"username": "WORKER1"}, "username", "Такое имя пользователя уже занято."),
        ({"last_name": "Кураторова\x07"}, "last_name", "управляющий символ"),
        ({"last_name": ""}, "last_name", "Обязательное поле."),
        ({"last_name": "К" * 101}, "last_name", "не более 100"),
        ({"password2": "другой"}, None, "не совпадают"),
    ],
    ids=["taken", "taken-other-case", "control-character", "empty", "too-long", "passwords"],
)
def test_a_wrong_supervisor_form_says_why_and_creates_nothing(personas, changes, field, message):
    client = personas.client_for(personas.installation_admin)
    before = Staff.objects.count()
    response = client.post(SUPERVISORS_URL + "new/", new_supervisor(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Staff.objects.count() == before


def test_a_supervisor_form_sent_twice_creates_one_account(personas):
    client = personas.client_for(personas.installation_admin)
    client.post(SUPERVISORS_URL + "new/", new_supervisor())
    again = client.post(SUPERVISORS_URL + "new/", new_supervisor())
    assert "Такое имя пользователя уже занято." in again.content.decode()
    assert Staff.objects.filter(user__username="kurator_kemerovo").count() == 1
    with pytest.raises(ValidationError):
        services.supervisor_create(
            actor=personas.installation_admin,
            username="Kurator_Kemerovo",
            password=PASSWORD,
            last_name="Другая",
            first_name="Вера",
        )


def test_switching_a_supervisor_off_ends_the_login_and_a_second_click_changes_nothing(personas):
    supervisor = personas.supervisor
    url = f"{SUPERVISORS_URL}{supervisor.pk}/active/"
    admin = personas.client_for(personas.installation_admin)
    assert admin.post(url, {"active": "0"}).status_code == 302
    supervisor.user.refresh_from_db()
    assert not supervisor.user.is_active
    assert "Уже сделано." in admin.post(url, {"active": "0"}, follow=True).content.decode()
    assert (
        SecurityEvent.objects.filter(kind=EventKind.UPDATE, object_id=str(supervisor.pk)).count()
        == 1
    )
    assert "отключён" in admin.get(SUPERVISORS_URL).content.decode()
    admin.post(url, {"active": "1"})
    supervisor.user.refresh_from_db()
    assert supervisor.user.is_active


def test_only_supervisors_are_switched_from_this_page(personas):
    admin = personas.client_for(personas.installation_admin)
    url = f"{SUPERVISORS_URL}{personas.worker1.pk}/active/"
    assert admin.post(url, {"active": "0"}).status_code == 404
    personas.worker1.user.refresh_from_db()
    assert personas.worker1.user.is_active
    assert admin.get(url).status_code == 405


@pytest.mark.parametrize("who", ["admin", "director", "supervisor", "worker1"])
def test_nobody_but_the_installation_administrator_reaches_the_supervisors(personas, who):
    client = personas.client_for(getattr(personas, who))
    assert client.get(SUPERVISORS_URL).status_code in (403, 404)
    assert client.post(SUPERVISORS_URL + "new/", new_supervisor()).status_code in (403, 404)
    url = f"{SUPERVISORS_URL}{personas.supervisor.pk}/active/"
    assert client.post(url, {"active": "0"}).status_code in (403, 404)
    assert not Staff.objects.filter(user__username="kurator_kemerovo").exists()
    personas.supervisor.user.refresh_from_db()
    assert personas.supervisor.user.is_active


def test_the_supervisors_list_exports_to_excel(personas):
    from zabota.testing import xlsx_rows

    client = personas.client_for(personas.installation_admin)
    rows = xlsx_rows(client.get(SUPERVISORS_URL + "?format=xlsx").content)
    assert any(personas.supervisor.full_name in row for row in rows)
