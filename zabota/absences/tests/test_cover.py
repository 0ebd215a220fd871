"""Issue 22, item 2: a worker's absence moves their recipients to colleagues for its dates — the
substitute sees them (card, tablet plan) only within the dates, their records stay theirs, the
card says who serves today; overlapping absences, a substitute of another department or
another institution's ids are refused with nothing changed."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.absences import services
from zabota.absences.models import Absence, AbsenceKind, Cover
from zabota.absences.proposals import proposal
from zabota.audit.models import SecurityEvent
from zabota.delivery.services import service_log
from zabota.field.selectors import field_recipients, plan_for
from zabota.organisation.access import recipient_scope
from zabota.recipients.models import Recipient

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 16)
D = datetime.timedelta
WEDNESDAY = MONDAY + D(days=2)


def absence_of(personas, worker=None, start=MONDAY, end=WEDNESDAY, actor=None):
    return services.absence_create(
        actor=actor or personas.head1,
        worker=worker or personas.worker1,
        kind=AbsenceKind.SICK,
        starts_on=start,
        ends_on=end,
    )


def covered(personas):
    """worker1 away Monday to Wednesday; worker2 covers recipient_of_worker1."""
    absence = absence_of(personas)
    services.covers_confirm(
        actor=personas.head1,
        absence=absence,
        chosen={personas.recipient_of_worker1.pk: personas.worker2.pk},
    )
    return absence


def sees(staff, recipient) -> bool:
    return Recipient.objects.filter(recipient_scope(staff), pk=recipient.pk).exists()


def test_the_substitute_sees_the_recipient_only_within_the_dates(world):
    personas = world.personas
    covered(personas)
    person, substitute = personas.recipient_of_worker1, personas.worker2
    client = personas.client_for(substitute)
    for day, expected in [
        (MONDAY - D(days=1), False),
        (MONDAY, True),
        (MONDAY + D(days=2), True),
        (MONDAY + D(days=3), False),
    ]:
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False):
            assert sees(substitute, person) is expected, day
            assert (person in field_recipients(substitute)) is expected, day
            status = client.get(f"/recipients/{person.pk}/").status_code
            assert status == (200 if expected else 404), day
    # The absent worker keeps their recipient; the colleague of the other department never.
    assert sees(personas.worker1, person)
    with time_machine.travel(datetime.datetime.combine(MONDAY, datetime.time(10)), tick=False):
        assert not sees(personas.worker_other_department, person)


def test_the_tablet_plan_of_the_days_of_cover_moves_to_the_substitute(world):
    personas = world.personas
    covered(personas)
    person = personas.recipient_of_worker1
    with time_machine.travel(datetime.datetime.combine(MONDAY, datetime.time(8)), tick=False):
        substitute_week = plan_for(personas.worker2, MONDAY, 4)
        absent_week = plan_for(personas.worker1, MONDAY, 4)
    by_day = {
        day.date: {v.recipient_id for v in day.visits if v.services} for day in substitute_week
    }
    for n in range(3):
        assert person.pk in by_day[MONDAY + D(days=n)], n
    assert person.pk not in by_day[MONDAY + D(days=3)]  # Thursday: worker1 is back
    absent = {day.date: [v for v in day.visits if v.services] for day in absent_week}
    assert absent[MONDAY] == [] and absent[MONDAY + D(days=2)] == []
    assert absent[MONDAY + D(days=3)]


def test_what_the_substitute_logs_is_attributed_to_them(world):
    personas = world.personas
    covered(personas)
    with time_machine.travel(datetime.datetime.combine(MONDAY, datetime.time(11)), tick=False):
        record = service_log(
            actor=personas.worker2,
            recipient=personas.recipient_of_worker1,
            service=world.shopping,
            performed_on=MONDAY,
            quantity=Decimal(1),
        )
    assert record.worker == personas.worker2
    assert record.department == personas.recipient_of_worker1.department


def test_the_card_says_who_serves_today(world):
    personas = world.personas
    covered(personas)
    client = personas.client_for(personas.head1)
    person = personas.recipient_of_worker1
    with time_machine.travel(datetime.datetime.combine(MONDAY, datetime.time(10)), tick=False):
        page = client.get(f"/recipients/{person.pk}/").content.decode()
    assert "Кто обслуживает сегодня" in page
    assert personas.worker2.full_name in page and "замена на время отсутствия" in page
    with time_machine.travel(datetime.datetime.combine(MONDAY + D(days=5), datetime.time(10))):
        page = client.get(f"/recipients/{person.pk}/").content.decode()
    assert "замена на время отсутствия" not in page


def test_cancelling_the_absence_ends_the_cover_at_once(world):
    personas = world.personas
    absence = covered(personas)
    with time_machine.travel(datetime.datetime.combine(MONDAY, datetime.time(10)), tick=False):
        assert sees(personas.worker2, personas.recipient_of_worker1)
        services.absence_cancel(actor=personas.head1, absence=absence)
        assert not sees(personas.worker2, personas.recipient_of_worker1)
    assert Absence.objects.filter(pk=absence.pk, cancelled_at__isnull=False).exists()


def test_overlapping_absences_of_one_worker_are_refused(personas):
    absence_of(personas)
    with pytest.raises(ValidationError, match="пересекается"):
        absence_of(personas, start=MONDAY + D(days=2), end=MONDAY + D(days=9))
    assert Absence.objects.count() == 1
    # After cancelling the first, the dates are free again.
    services.absence_cancel(actor=personas.head1, absence=Absence.objects.get())
    absence_of(personas, start=MONDAY + D(days=2), end=MONDAY + D(days=9))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (MONDAY, MONDAY - D(days=1), "раньше"),
        (MONDAY, MONDAY + D(days=400), "длиннее"),
    ],
)
def test_impossible_dates_are_refused(personas, start, end, message):
    with pytest.raises(ValidationError, match=message):
        absence_of(personas, start=start, end=end)
    assert not Absence.objects.exists()


def test_a_substitute_of_another_department_or_away_themselves_is_refused(personas):
    absence = absence_of(personas)
    person = personas.recipient_of_worker1
    for substitute in (personas.worker_other_department, personas.caregiver1, personas.worker1):
        with pytest.raises(ValidationError, match="того же отделения"):
            services.covers_confirm(
                actor=personas.head1, absence=absence, chosen={person.pk: substitute.pk}
            )
    absence_of(personas, worker=personas.worker2, start=MONDAY + D(days=1), end=MONDAY + D(days=1))
    with pytest.raises(ValidationError, match="работающий в эти"):
        services.covers_confirm(
            actor=personas.head1, absence=absence, chosen={person.pk: personas.worker2.pk}
        )
    with pytest.raises(ValidationError, match="не обслуживает"):
        services.covers_confirm(
            actor=personas.head1,
            absence=absence,
            chosen={personas.recipient_in_department2.pk: personas.worker2.pk},
        )
    assert not Cover.objects.exists()


def test_confirming_twice_keeps_one_cover_and_a_change_replaces_it(world):
    personas = world.personas
    absence = covered(personas)
    person = personas.recipient_of_worker1
    assert (
        services.covers_confirm(
            actor=personas.head1, absence=absence, chosen={person.pk: personas.worker2.pk}
        )
        == 0
    )
    assert Cover.objects.filter(cancelled_at__isnull=True).count() == 1
    services.covers_confirm(actor=personas.head1, absence=absence, chosen={person.pk: None})
    assert not Cover.objects.filter(cancelled_at__isnull=True).exists()
    assert Cover.objects.count() == 1  # kept, cancelled
    assert SecurityEvent.objects.filter(object_type="absences.absence").count() >= 2


def test_the_proposal_offers_the_colleague_of_the_same_role_and_department(world):
    personas = world.personas
    absence = absence_of(personas)
    recipients, candidates, proposed = proposal(absence)
    assert recipients == [personas.recipient_of_worker1]
    assert candidates == [personas.worker2]
    assert proposed == {personas.recipient_of_worker1.pk: personas.worker2.pk}


def test_the_heads_pages_enter_an_absence_and_confirm_the_proposed_cover(world):
    personas = world.personas
    client = personas.client_for(personas.head1)
    form = {
        "worker": personas.worker1.pk,
        "kind": "leave",
        "starts_on": "2026-11-16",
        "ends_on": "2026-11-18",
        "note": "",
    }
    response = client.post("/absences/", form)
    absence = Absence.objects.get()
    assert response.status_code == 302 and response.url == f"/absences/{absence.pk}/"
    page = client.get(response.url)
    field = f"r{personas.recipient_of_worker1.pk}"
    assert page.context["form"][field].initial == str(personas.worker2.pk)
    client.post(response.url, {field: str(personas.worker2.pk)})
    client.post(response.url, {field: str(personas.worker2.pk)})  # a double click
    assert Cover.objects.filter(cancelled_at__isnull=True).count() == 1
    # The same absence entered again is refused, the form kept with a Russian message.
    again = client.post("/absences/", form)
    assert again.status_code == 200 and "пересекается" in again.content.decode()
    assert Absence.objects.count() == 1


@pytest.mark.parametrize(
    "form",
    [
        {"note": '=HYPERLINK("x")\x07'},
        {"note": "я" * 301},
        {"starts_on": "garbage"},
        {"ends_on": "2026-11-01"},
        {"kind": "holiday"},
        {"worker": ""},
    ],
)
def test_careless_or_hostile_input_saves_nothing(world, form):
    personas = world.personas
    data = {
        "worker": personas.worker1.pk,
        "kind": "leave",
        "starts_on": "2026-11-16",
        "ends_on": "2026-11-18",
        "note": "",
    } | form
    response = personas.client_for(personas.head1).post("/absences/", data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Absence.objects.exists()


def test_another_departments_or_institutions_worker_and_absence_are_not_reachable(world):
    personas = world.personas
    head2 = personas.client_for(personas.head2)
    response = head2.post(
        "/absences/",
        {
            "worker": personas.worker1.pk,
            "kind": "leave",
            "starts_on": "2026-11-16",
            "ends_on": "2026-11-18",
        },
    )
    assert response.status_code == 200 and "worker" in response.context["form"].errors
    absence = absence_of(personas)
    assert head2.get(f"/absences/{absence.pk}/").status_code == 404
    assert head2.post(f"/absences/{absence.pk}/cancel/").status_code == 404
    outsider = personas.client_for(personas.outsider_director)
    assert outsider.get(f"/absences/{absence.pk}/").status_code == 404
    assert personas.client_for(personas.worker1).get("/absences/").status_code == 403
    assert not Absence.objects.filter(cancelled_at__isnull=False).exists()


def test_a_substitute_s_tablet_sends_the_days_of_cover_after_they_ended_and_no_other_day(world):
    """The tablet was offline on Wednesday, the last day of cover, and syncs on Thursday: the
    visit of Wednesday is the substitute's and is kept; one dated Thursday is not."""
    import uuid

    from zabota.delivery.models import ServiceRecord
    from zabota.field.services import TabletRecord, tablet_records_sync

    personas = world.personas
    covered(personas)
    person = personas.recipient_of_worker1

    def sent(day):
        return TabletRecord(
            uuid=uuid.uuid4(),
            recipient_id=person.pk,
            service_id=world.shopping.pk,
            date=day,
            quantity=Decimal(1),
        )

    wednesday, thursday, sunday = sent(WEDNESDAY), sent(WEDNESDAY + D(days=1)), sent(MONDAY - D(1))
    with time_machine.travel(
        datetime.datetime.combine(WEDNESDAY + D(days=1), datetime.time(9)), tick=False
    ):
        assert not sees(personas.worker2, person)  # the cover has ended
        result = tablet_records_sync(actor=personas.worker2, records=[wednesday, thursday, sunday])
    assert result.accepted == [wednesday.uuid], result.rejected
    assert {uuid for uuid, _ in result.rejected} == {thursday.uuid, sunday.uuid}
    assert all("не закреплён" in reason for _, reason in result.rejected)
    stored = ServiceRecord.objects.get(uuid=wednesday.uuid)
    assert stored.worker == personas.worker2 and stored.performed_on == WEDNESDAY
    # A colleague of the other department who never covered her gets nothing in.
    with time_machine.travel(
        datetime.datetime.combine(WEDNESDAY + D(days=1), datetime.time(9)), tick=False
    ):
        other = tablet_records_sync(
            actor=personas.worker_other_department, records=[sent(WEDNESDAY)]
        )
    assert other.accepted == []
