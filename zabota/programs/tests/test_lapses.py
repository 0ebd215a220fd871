"""«Истекли» means the person is left without one: a program or contract counts as expired only
when it has ended and its recipient, still on service, has none in force today; «истекают»
means ending soon with no approved or signed successor yet."""

import datetime

import pytest
import time_machine

from zabota.programs.models import ContractStatus, ProgramStatus
from zabota.programs.selectors import (
    contracts_expired,
    contracts_expiring,
    programs_expired,
    programs_expiring,
)
from zabota.programs.tests.factories import stored_contract, stored_program
from zabota.recipients.models import Recipient, RecipientStatus

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 20)
D = datetime.date


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def person(personas):
    return personas.recipient_of_worker1


def discharge(recipient) -> None:
    Recipient.objects.filter(pk=recipient.pk).update(status=RecipientStatus.DISCHARGED)


def expired_programs(personas) -> list:
    return list(programs_expired(personas.director, TODAY))


def expired_contracts(personas) -> list:
    return list(contracts_expired(personas.director, TODAY))


# --- programs ----------------------------------------------------------------------------------


def test_a_replaced_program_whose_successor_is_in_force_is_not_expired(personas, person):
    old = stored_program(
        person,
        valid_from=D(2025, 1, 1),
        valid_until=D(2025, 12, 31),
        status=ProgramStatus.REPLACED,
        ended_on=D(2025, 6, 30),
    )
    stored_program(person, valid_from=D(2025, 7, 1), valid_until=D(2026, 6, 30), replaces=old)
    assert expired_programs(personas) == []


def test_an_expired_program_followed_by_one_in_force_is_history(personas, person):
    stored_program(
        person, valid_from=D(2025, 1, 1), valid_until=D(2026, 1, 10), status=ProgramStatus.EXPIRED
    )
    stored_program(person, valid_from=D(2026, 1, 11), valid_until=D(2027, 1, 10))
    assert expired_programs(personas) == []


def test_a_program_that_ended_without_a_successor_is_expired(personas, person):
    lapsed = stored_program(
        person, valid_from=D(2025, 1, 1), valid_until=D(2026, 1, 10), status=ProgramStatus.EXPIRED
    )
    assert expired_programs(personas) == [lapsed]
    # A draft is no program: the person still has none.
    stored_program(
        person, valid_from=D(2026, 2, 1), valid_until=D(2027, 1, 31), status=ProgramStatus.DRAFT
    )
    assert expired_programs(personas) == [lapsed]
    # Nor is one approved that begins only next month: today there is a gap.
    stored_program(person, valid_from=D(2026, 2, 1), valid_until=D(2027, 1, 31), number="П-2")
    assert expired_programs(personas) == [lapsed]
    assert list(programs_expired(personas.head2, TODAY)) == []


def test_a_program_replaced_by_one_that_has_not_begun_leaves_a_gap(personas, person):
    replaced = stored_program(
        person,
        valid_from=D(2025, 1, 1),
        valid_until=D(2026, 1, 10),
        status=ProgramStatus.REPLACED,
        ended_on=D(2026, 1, 10),
    )
    stored_program(person, valid_from=D(2026, 3, 1), valid_until=D(2027, 2, 28), replaces=replaced)
    assert expired_programs(personas) == [replaced]


def test_each_person_is_counted_once_by_their_latest_lapsed_program(personas, person):
    for year in (2024, 2025):
        stored_program(
            person,
            valid_from=D(year, 1, 1),
            valid_until=D(year, 12, 31),
            status=ProgramStatus.EXPIRED,
        )
    assert [p.valid_until for p in expired_programs(personas)] == [D(2025, 12, 31)]


def test_a_discharged_recipients_lapsed_program_is_not_counted(personas, person):
    stored_program(person, valid_from=D(2025, 1, 1), valid_until=D(2026, 1, 10))
    stored_program(person, valid_from=D(2025, 2, 1), valid_until=D(2026, 2, 10), number="П-2")
    discharge(person)
    assert expired_programs(personas) == []
    assert list(programs_expiring(personas.director, TODAY, 30)) == []


def test_a_program_ending_soon_stays_on_the_expiring_list_until_a_successor_is_approved(
    personas, person
):
    ending = stored_program(person, valid_from=D(2025, 2, 1), valid_until=D(2026, 2, 10))
    assert list(programs_expiring(personas.director, TODAY, 30)) == [ending]
    draft = stored_program(
        person, valid_from=D(2026, 2, 11), valid_until=D(2027, 2, 10), status=ProgramStatus.DRAFT
    )
    assert list(programs_expiring(personas.director, TODAY, 30)) == [ending]
    draft.status = ProgramStatus.IN_FORCE
    draft.save(update_fields=["status"])
    assert list(programs_expiring(personas.director, TODAY, 30)) == []


# --- contracts ---------------------------------------------------------------------------------


@pytest.fixture
def program(person):
    return stored_program(person, valid_from=D(2025, 1, 1), valid_until=D(2027, 12, 31))


def test_an_expired_contract_followed_by_one_in_force_is_not_expired(personas, program):
    stored_contract(
        program, valid_from=D(2025, 1, 1), valid_until=D(2025, 12, 31), status="expired"
    )
    assert len(expired_contracts(personas)) == 1
    stored_contract(program, valid_from=D(2026, 1, 1), valid_until=D(2026, 12, 31))
    assert expired_contracts(personas) == []


def test_a_contract_that_ran_out_with_no_new_one_is_expired_once(personas, program):
    stored_contract(program, valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31))
    # Still «действует» in the database: the nightly command has not run; it has expired anyway.
    latest = stored_contract(program, valid_from=D(2025, 1, 1), valid_until=D(2026, 1, 19))
    assert expired_contracts(personas) == [latest]
    assert expired_contracts(personas)[0].effective_status == ContractStatus.EXPIRED
    stored_contract(
        program,
        valid_from=D(2026, 1, 20),
        valid_until=D(2026, 12, 31),
        status=ContractStatus.DRAFT,
    )
    assert expired_contracts(personas) == [latest]
    assert list(contracts_expired(personas.head2, TODAY)) == []


def test_a_terminated_contract_is_not_an_expired_one(personas, program):
    stored_contract(
        program, valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31), status="expired"
    )
    stored_contract(
        program,
        valid_from=D(2025, 1, 1),
        valid_until=D(2025, 12, 31),
        status=ContractStatus.TERMINATED,
        terminated_on=D(2025, 6, 1),
    )
    assert expired_contracts(personas) == []


def test_a_discharged_recipients_contracts_are_not_counted(personas, program, person):
    stored_contract(program, valid_from=D(2025, 1, 1), valid_until=D(2026, 1, 10))
    stored_contract(program, valid_from=D(2026, 1, 11), valid_until=D(2026, 2, 1))
    discharge(person)
    assert expired_contracts(personas) == []
    assert list(contracts_expiring(personas.director, TODAY, 30)) == []


def test_a_contract_ending_soon_stays_on_the_list_until_the_next_one_is_signed(personas, program):
    ending = stored_contract(program, valid_from=D(2025, 2, 20), valid_until=D(2026, 2, 19))
    assert list(contracts_expiring(personas.director, TODAY, 30)) == [ending]
    assert list(contracts_expiring(personas.director, TODAY, 29)) == []
    following = stored_contract(
        program,
        valid_from=D(2026, 2, 20),
        valid_until=D(2027, 2, 19),
        status=ContractStatus.DRAFT,
    )
    assert list(contracts_expiring(personas.director, TODAY, 30)) == [ending]
    following.status = ContractStatus.ACTIVE
    following.save(update_fields=["status"])
    assert list(contracts_expiring(personas.director, TODAY, 30)) == []
