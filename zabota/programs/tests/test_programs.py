"""ИППСУ: drafting, checks of bad input, approval and replacement, versions, expiry lists."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from zabota.audit.locking import StaleEditError
from zabota.audit.models import EventKind, SecurityEvent
from zabota.programs.models import Program, ProgramStatus
from zabota.programs.selectors import (
    planned_monthly_cost,
    priced_lines,
    program_in_force,
    programs_expired,
    programs_expiring,
)
from zabota.programs.services import (
    Line,
    add_months,
    program_approve,
    program_new_version,
    program_update,
    programs_expire,
    term_months,
)
from zabota.programs.tests.factories import draft, in_force, lines, stored_program

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


def test_a_draft_keeps_its_services_days_in_week_order_and_is_journaled(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    assert program.status == ProgramStatus.DRAFT
    assert program.provider == personas.institution.name
    shopping, floor = program.services.order_by("service__code")
    assert (shopping.weekdays, shopping.weekday_list, shopping.weekdays_display) == (
        "mon,thu",
        ["mon", "thu"],
        "пн, чт",
    )
    assert (floor.quantity_per_month, floor.term) == (D("120"), "на срок действия ИППСУ")
    event = SecurityEvent.objects.get(kind=EventKind.CREATE, object_type="programs.program")
    assert event.recipient_id == personas.recipient_of_worker1.pk
    assert len(event.changes["services"][1]) == 2


def bad(catalog, personas, **overrides):
    return draft(personas.head1, personas.recipient_of_worker1, catalog, **overrides)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"valid_from": datetime.date(2026, 5, 1), "valid_until": datetime.date(2026, 4, 30)},
            "заканчивается раньше, чем начинается",
        ),
        ({"drawn_up_on": datetime.date(2026, 2, 1)}, "не может быть в будущем"),
        (
            {"drawn_up_on": datetime.date(2026, 1, 15), "valid_until": datetime.date(2026, 1, 14)},
            "после окончания срока",
        ),
        ({"services": []}, "хотя бы одну услугу"),
    ],
)
def test_bad_dates_or_no_services_are_refused_and_nothing_saved(
    personas, catalog, overrides, message
):
    with pytest.raises(ValidationError) as error:
        bad(catalog, personas, **overrides)
    assert message in str(error.value)
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("service", "quantity", "message"),
    [
        ("shopping", "0", "должен быть больше нуля"),
        ("shopping", "-1", "должен быть больше нуля"),
        ("foreign", "4", "не из каталога вашего учреждения"),
        ("paid", "1", "дополнительная платная услуга"),
        ("retired", "1", "больше не используется"),
        ("floor", "4", "указана в программе дважды"),
    ],
)
def test_a_bad_line_is_refused_with_the_service_named(
    personas, catalog, service, quantity, message
):
    services = [
        *lines(catalog),
        Line(service=getattr(catalog, service), quantity_per_month=D(quantity)),
    ]
    with pytest.raises(ValidationError) as error:
        bad(catalog, personas, services=services)
    assert message in str(error.value)
    assert getattr(catalog, service).name in str(error.value)
    assert not Program.objects.exists()


def test_an_unknown_weekday_is_refused(personas, catalog):
    services = [Line(service=catalog.shopping, quantity_per_month=D(4), weekdays="mon,funday")]
    with pytest.raises(ValidationError, match="неизвестные дни недели funday"):
        bad(catalog, personas, services=services)


def test_a_discharged_recipient_gets_no_program(personas, catalog):
    recipient = personas.recipient_of_worker1
    recipient.status = "discharged"
    recipient.save()
    with pytest.raises(ValidationError, match="снят с обслуживания"):
        draft(personas.head1, recipient, catalog)


def test_a_draft_is_edited_with_its_version_and_a_stale_form_is_refused(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    opened = program.version
    program_update(
        actor=personas.head1,
        program=program,
        expected_version=opened,
        number="2/2026",
        services=[Line(service=catalog.pressure, quantity_per_month=D(8))],
    )
    program.refresh_from_db()
    assert (program.number, program.version) == ("2/2026", opened + 1)
    assert [s.service for s in program.services.all()] == [catalog.pressure]
    with pytest.raises(StaleEditError) as stale:
        program_update(actor=personas.head2, program=program, expected_version=opened, number="3")
    assert stale.value.changes["number"] == ["1/2026", "2/2026"]


def test_a_program_in_force_is_not_edited_but_versioned(personas, catalog):
    program = in_force(personas.head1, personas.recipient_of_worker1, catalog)
    with pytest.raises(ValidationError, match="составьте новую версию"):
        program_update(
            actor=personas.head1, program=program, expected_version=program.version, number="9"
        )


def test_approval_puts_the_program_in_force(personas, catalog):
    program = in_force(personas.head1, personas.recipient_of_worker1, catalog)
    assert program.status == ProgramStatus.IN_FORCE and program.approved_at
    assert program_in_force(personas.recipient_of_worker1, TODAY) == program
    assert program_in_force(personas.recipient_of_worker1, datetime.date(2026, 1, 11)) is None


def test_only_a_draft_is_approved_and_an_approval_from_a_stale_page_is_refused(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    opened = program.version
    program_update(actor=personas.head1, program=program, expected_version=opened, notes="x")
    with pytest.raises(StaleEditError):
        program_approve(actor=personas.head1, program=program, expected_version=opened)
    approved = program_approve(actor=personas.head1, program=program, expected_version=opened + 1)
    with pytest.raises(ValidationError, match="только проект"):
        program_approve(actor=personas.head1, program=program, expected_version=approved.version)


def test_a_new_version_replaces_the_old_which_governs_up_to_the_day_before(personas, catalog):
    recipient = personas.recipient_of_worker1
    old = in_force(personas.head1, recipient, catalog)
    new = program_new_version(actor=personas.head1, program=old)
    assert (new.status, new.replaces, new.is_repeat) == (ProgramStatus.DRAFT, old, True)
    assert (new.valid_from, new.valid_until) == (TODAY, old.valid_until)
    assert new.services.count() == 2
    with pytest.raises(ValidationError, match="уже есть"):
        program_new_version(actor=personas.head1, program=old)
    program_approve(actor=personas.head1, program=new, expected_version=new.version)
    old.refresh_from_db()
    assert (old.status, old.ended_on) == (ProgramStatus.REPLACED, datetime.date(2026, 1, 19))
    # Past days are checked against the program that governed them.
    assert program_in_force(recipient, datetime.date(2026, 1, 15)) == old
    assert program_in_force(recipient, TODAY) == new


def test_a_renewal_starts_after_the_old_term_for_the_same_length(personas, catalog):
    old = in_force(
        personas.head1,
        personas.recipient_of_worker1,
        catalog,
        valid_from=datetime.date(2025, 2, 1),
        valid_until=datetime.date(2026, 1, 31),
        drawn_up_on=datetime.date(2025, 1, 30),
    )
    renewal = program_new_version(actor=personas.head1, program=old, renew=True)
    assert (renewal.valid_from, renewal.valid_until) == (
        datetime.date(2026, 2, 1),
        datetime.date(2027, 1, 31),
    )
    program_approve(actor=personas.head1, program=renewal, expected_version=renewal.version)
    old.refresh_from_db()
    # The old one still runs to its end: the renewal starts the day after.
    assert (old.status, old.ended_on) == (ProgramStatus.REPLACED, datetime.date(2026, 1, 31))
    assert program_in_force(personas.recipient_of_worker1, TODAY) == old
    assert program_in_force(personas.recipient_of_worker1, datetime.date(2026, 2, 1)) == renewal


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2026, 1, 12), datetime.date(2027, 1, 11), 12),
        (datetime.date(2025, 3, 1), datetime.date(2026, 2, 28), 12),
        (datetime.date(2026, 1, 1), datetime.date(2028, 12, 31), 36),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), 1),
    ],
)
def test_the_term_of_a_program_counts_in_whole_months(start, end, months):
    assert term_months(start, end) == months


def test_adding_months_keeps_the_end_of_a_short_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    assert add_months(datetime.date(2026, 3, 1), -12) == datetime.date(2025, 3, 1)


def test_a_program_is_priced_at_the_tariffs_of_the_month_asked(personas, catalog):
    program = in_force(
        personas.head1,
        personas.recipient_of_worker1,
        catalog,
        drawn_up_on=datetime.date(2025, 12, 1),
        valid_from=datetime.date(2025, 12, 1),
        valid_until=datetime.date(2026, 11, 30),
    )
    assert planned_monthly_cost(program, datetime.date(2025, 12, 1)) == D("1480.00")  # 8×50+120×9
    assert planned_monthly_cost(program, datetime.date(2026, 1, 1)) == D("1640.00")  # 8×55+120×10
    priced = priced_lines(program, datetime.date(2025, 12, 31))
    assert [(p.line.service.code, p.price, p.amount) for p in priced] == [
        ("1.01", D("50.00"), D("400.00")),
        ("1.11", D("9.00"), D("1080.00")),
    ]


# --- lists on frozen dates -------------------------------------------------------------------


def test_the_expiring_list_holds_programs_ending_within_the_days_asked(personas, catalog):
    r1, r2, r3 = (
        personas.recipient_of_worker1,
        personas.recipient_of_worker2,
        personas.recipient_in_department2,
    )
    ends_today = stored_program(r1, valid_from=datetime.date(2025, 1, 21), valid_until=TODAY)
    in_30 = stored_program(
        r2, valid_from=datetime.date(2025, 2, 20), valid_until=datetime.date(2026, 2, 19)
    )
    stored_program(
        r3, valid_from=datetime.date(2025, 2, 21), valid_until=datetime.date(2026, 2, 20)
    )
    assert list(programs_expiring(personas.director, TODAY, 30)) == [ends_today, in_30]
    assert list(programs_expiring(personas.director, TODAY, 0)) == [ends_today]
    assert list(programs_expiring(personas.head2, TODAY, 31)) != []
    assert list(programs_expiring(personas.head2, TODAY, 30)) == []


def test_a_program_leaves_the_expiring_list_when_its_successor_is_approved(personas, catalog):
    recipient = personas.recipient_of_worker1
    old = stored_program(
        recipient, valid_from=datetime.date(2025, 2, 1), valid_until=datetime.date(2026, 1, 31)
    )
    assert list(programs_expiring(personas.head1, TODAY, 30)) == [old]
    # A draft is work in progress: the recipient still has nothing from 1 February.
    successor = stored_program(
        recipient,
        valid_from=datetime.date(2026, 2, 1),
        valid_until=datetime.date(2027, 1, 31),
        status=ProgramStatus.DRAFT,
        replaces=old,
    )
    assert list(programs_expiring(personas.head1, TODAY, 30)) == [old]
    Program.objects.filter(pk=successor.pk).update(status=ProgramStatus.IN_FORCE)
    assert list(programs_expiring(personas.head1, TODAY, 30)) == []


def test_the_expired_list_counts_lapsed_programs_even_before_the_nightly_command(personas, catalog):
    recipient = personas.recipient_of_worker1
    lapsed = stored_program(
        recipient, valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2026, 1, 19)
    )
    listed = programs_expired(personas.head1, TODAY)
    assert list(listed) == [lapsed]
    assert listed[0].effective_status == ProgramStatus.EXPIRED
    assert list(programs_expired(personas.head2, TODAY)) == []
    assert list(programs_expired(personas.worker2, TODAY)) == []
    # The day after the command the stored status agrees, and the list is the same.
    assert programs_expire(TODAY) == (1, 0)
    lapsed.refresh_from_db()
    assert lapsed.status == ProgramStatus.EXPIRED
    assert list(programs_expired(personas.head1, TODAY)) == [lapsed]


def test_an_expired_program_followed_by_a_new_one_is_not_listed(personas, catalog):
    recipient = personas.recipient_of_worker1
    stored_program(
        recipient,
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
        status=ProgramStatus.EXPIRED,
    )
    stored_program(
        recipient,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2025, 12, 31),
        status=ProgramStatus.EXPIRED,
    )
    newest = programs_expired(personas.head1, TODAY)
    assert [p.valid_until for p in newest] == [datetime.date(2025, 12, 31)]
    stored_program(
        recipient, valid_from=datetime.date(2026, 1, 15), valid_until=datetime.date(2027, 1, 14)
    )
    assert list(programs_expired(personas.head1, TODAY)) == []


def test_the_expire_command_marks_programs_and_contracts(personas, catalog, capsys):
    stored_program(
        personas.recipient_of_worker1,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=datetime.date(2026, 1, 19),
    )
    call_command("expire_programs")
    assert "программ: 1" in capsys.readouterr().out
    assert Program.objects.get().status == ProgramStatus.EXPIRED
