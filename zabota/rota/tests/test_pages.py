import datetime

import pytest
from django.urls import reverse

from zabota.audit.models import EventKind, SecurityEvent
from zabota.programs.models import Program, ProgramService
from zabota.rota.models import RotaMove
from zabota.rota.tests.conftest import MONDAY
from zabota.testing import make_recipient, make_staff, xlsx_rows

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + datetime.timedelta(days=1)


def week_url(**query) -> str:
    query.setdefault("week", f"{MONDAY:%Y-%m-%d}")
    return reverse("rota:week") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def move_data(world, **changes) -> dict:
    personas = world.personas
    data = {
        "recipient": personas.recipient_of_worker1.pk,
        "planned_worker": personas.worker1.pk,
        "planned_on": f"{MONDAY:%Y-%m-%d}",
        "move": "",
        "new_worker": personas.worker1.pk,
        "new_on": f"{TUESDAY:%Y-%m-%d}",
    }
    return data | changes


def test_the_head_sees_the_rota_of_their_department(world):
    client = world.personas.client_for(world.personas.head1)

    page = client.get(week_url()).content.decode()

    assert "График отделения на неделю 16.11–22.11.2026" in page
    assert world.personas.worker1.short_name in page
    assert world.personas.recipient_of_worker1.short_name in page
    assert world.personas.recipient_in_department2.short_name not in page
    assert "rota-grid" in page  # the grid scrolls in its own box (rota.css)


def test_another_departments_head_gets_404_and_the_director_any_department(world):
    personas = world.personas
    department2 = personas.department2.pk

    assert (
        personas.client_for(personas.head1).get(week_url(department=department2)).status_code == 404
    )
    page = personas.client_for(personas.director).get(week_url(department=department2))
    assert page.status_code == 200
    assert personas.recipient_in_department2.short_name in page.content.decode()


@pytest.mark.parametrize("week", ["2026-13-01", "abc", "0001-01-01", "9999-12-31", "2026-11"])
def test_a_garbage_week_is_refused_in_russian(world, week):
    client = world.personas.client_for(world.personas.head1)

    response = client.get(week_url(week=week))

    assert response.status_code == 400
    assert "Параметр «week»" in response.content.decode()


def test_the_grid_is_exported_to_xlsx(world):
    client = world.personas.client_for(world.personas.head1)

    response = client.get(week_url(format="xlsx"))

    rows = xlsx_rows(response.content)
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in rows)
    assert world.personas.worker1.short_name in text
    assert "120 мин" in text
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT).exists()


def test_the_head_moves_a_visit_and_the_page_shows_it(world):
    client = world.personas.client_for(world.personas.head1)

    response = client.post(reverse("rota:move"), move_data(world), follow=True)

    move = RotaMove.objects.get()
    assert (move.new_on, move.created_by) == (TUESDAY, world.personas.head1)
    page = response.content.decode()
    assert "перенесено на 17.11.2026" in page
    assert "перенесено с 16.11" in page
    assert SecurityEvent.objects.filter(kind=EventKind.CREATE, object_type="rota.rotamove")


def test_a_double_submission_moves_once_and_says_why_in_russian(world):
    client = world.personas.client_for(world.personas.head1)
    client.post(reverse("rota:move"), move_data(world))

    response = client.post(reverse("rota:move"), move_data(world), follow=True)

    assert response.status_code == 200
    assert "График изменился" in response.content.decode()
    assert RotaMove.objects.count() == 1


def test_a_move_to_saturday_is_refused_in_russian_on_the_page(world):
    client = world.personas.client_for(world.personas.head1)
    saturday = MONDAY + datetime.timedelta(days=5)

    response = client.post(
        reverse("rota:move"), move_data(world, new_on=f"{saturday:%Y-%m-%d}"), follow=True
    )

    assert "выходной день работника" in response.content.decode()
    assert not RotaMove.objects.exists()


def test_moving_to_a_worker_of_another_department_or_institution_is_not_found(world):
    personas = world.personas
    outsider = make_staff(
        personas.outsider_recipient.institution,
        "social_worker",
        "outsider_worker",
        personas.outsider_recipient.department,
    )
    client = personas.client_for(personas.head1)
    for worker in (personas.worker_other_department, outsider):
        response = client.post(reverse("rota:move"), move_data(world, new_worker=worker.pk))
        assert response.status_code == 404
    assert not RotaMove.objects.exists()


def test_another_departments_head_cannot_move_our_visits(world):
    client = world.personas.client_for(world.personas.head2)

    response = client.post(reverse("rota:move"), move_data(world))

    assert response.status_code == 404
    assert not RotaMove.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"planned_on": "16.11.2026\x00"},
        {"new_on": "\x1b[2J"},
        {"recipient": "1\x07"},
        {"move": "abc"},
        {"new_worker": "99999999999999999999999"},
        {"planned_worker": ""},
    ],
)
def test_garbage_in_the_move_form_is_refused_not_a_server_error(world, changes):
    client = world.personas.client_for(world.personas.head1)

    response = client.post(reverse("rota:move"), move_data(world, **changes), follow=True)

    assert response.status_code == 200
    assert "Перенос не сделан" in response.content.decode()
    assert not RotaMove.objects.exists()


def test_the_staff_card_keeps_the_working_time(world):
    personas = world.personas
    admin = personas.client_for(personas.admin)
    worker = personas.worker2
    data = {
        "last_name": worker.last_name,
        "first_name": worker.first_name,
        "middle_name": worker.middle_name,
        "role": worker.role,
        "department": personas.department1.pk,
        "username": worker.user.username,
        "is_active": "on",
        "hours_per_week": "20",
        "working_days": ["mon", "wed", "fri"],
    }

    response = admin.post(reverse("organisation:staff_edit", args=[worker.pk]), data)

    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.hours_per_week, worker.working_days) == (20, "mon,wed,fri")
    data.pop("hours_per_week"), data.pop("working_days")
    admin.post(reverse("organisation:staff_edit", args=[worker.pk]), data)
    worker.refresh_from_db()
    assert (worker.hours_per_week, worker.working_days) == (40, "mon,tue,wed,thu,fri")


def test_the_rota_page_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    personas = world.personas
    client = personas.client_for(personas.head1)
    client.get(week_url())  # the session and the caches warm up
    with django_assert_max_num_queries(40) as few:
        client.get(week_url())
    program = world.programs[personas.recipient_of_worker2.pk]
    lines = list(program.services.all())
    for _ in range(5):
        person = make_recipient(
            personas.institution, personas.department1, social_worker=personas.worker2
        )
        copy = Program.objects.get(pk=program.pk)
        copy.pk, copy.recipient, copy.number = None, person, f"П-{person.pk}"
        copy.save()
        for line in lines:
            ProgramService.objects.create(
                program=copy,
                service=line.service,
                quantity_per_month=line.quantity_per_month,
                weekdays=line.weekdays,
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(week_url()).content.decode()
    assert page.count("rota-visit") > 12
