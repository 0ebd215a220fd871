"""Contracts: numbering, the fee at conclusion, checks, amendments, termination, documents."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zabota.audit.locking import StaleEditError
from zabota.payments.models import SubsistenceMinimum
from zabota.payments.services import payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.programs.documents import contract_document_context, program_document_context
from zabota.programs.models import Contract, ContractStatus, NumberSequence
from zabota.programs.selectors import contract_in_force
from zabota.programs.services import (
    contract_amend,
    contract_conclude,
    contract_sign,
    contract_terminate,
    next_number,
    program_approve,
    program_new_version,
    programs_expire,
)
from zabota.programs.tests.factories import draft, in_force
from zabota.recipients.models import Representative

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


def with_income(personas, recipient, income: str):
    if not SubsistenceMinimum.objects.filter(institution=personas.institution).exists():
        set_minimum(personas.institution)
    add_income(recipient, income, datetime.date(2024, 12, 1), datetime.date(2025, 11, 1))
    payment_decision_compute(actor=personas.head1, recipient=recipient, application_date=TODAY)


def conclude(personas, program, **overrides):
    fields = {
        "concluded_on": TODAY,
        "valid_from": TODAY,
        "valid_until": program.valid_until,
    }
    return contract_conclude(actor=personas.head1, program=program, **(fields | overrides))


@pytest.fixture
def program(personas, catalog):
    recipient = personas.recipient_of_worker1
    with_income(personas, recipient, "26000")  # cap = ½ (26 000 − 22 500) = 1 750
    return in_force(personas.head1, recipient, catalog)


def test_a_contract_takes_its_fee_from_the_decision_and_the_planned_cost(personas, program):
    contract = conclude(personas, program)
    # Planned cost 1 640 ₽ (8 × 55 + 120 × 10) is under the cap 1 750 ₽: full payment.
    assert (contract.fee_kind, contract.monthly_fee) == ("full", D("1640.00"))
    assert "оплата полная: 1 640,00 ₽" in contract.fee_explanation
    assert (contract.number, contract.status) == ("1/2026", ContractStatus.ACTIVE)
    assert contract_in_force(personas.recipient_of_worker1, TODAY) == contract


def test_contracts_are_numbered_one_by_one_per_institution_and_year(personas, catalog):
    numbers = []
    for recipient in (personas.recipient_of_worker1, personas.recipient_of_worker2):
        with_income(personas, recipient, "20000")
        numbers.append(conclude(personas, in_force(personas.head1, recipient, catalog)).number)
    assert numbers == ["1/2026", "2/2026"]
    theirs = NumberSequence.objects.filter(institution=personas.outsider_director.institution)
    assert not theirs.exists()
    assert next_number(personas.outsider_director.institution_id, "contract", 2026) == 1
    assert next_number(personas.institution.pk, "contract", 2027) == 1


def test_a_counter_that_fell_behind_catches_up_instead_of_repeating_a_number(personas, program):
    first = conclude(personas, program)
    NumberSequence.objects.update(last=0)
    first.status = ContractStatus.TERMINATED
    first.save()
    second = conclude(personas, program)
    assert (first.number, second.number) == ("1/2026", "2/2026")


def test_a_second_contract_for_the_same_term_is_refused(personas, program):
    first = conclude(personas, program)
    with pytest.raises(ValidationError, match=f"уже есть договор № {first.number}"):
        conclude(personas, program)
    assert Contract.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_until": datetime.date(2026, 1, 19)}, "заканчивается раньше"),
        ({"concluded_on": datetime.date(2026, 1, 21)}, "не может быть в будущем"),
        ({"valid_from": datetime.date(2026, 1, 1)}, "раньше ИППСУ"),
        ({"valid_until": datetime.date(2027, 6, 1)}, "не дольше срока ИППСУ"),
    ],
)
def test_bad_contract_dates_are_refused(personas, program, overrides, message):
    with pytest.raises(ValidationError) as error:
        conclude(personas, program, **overrides)
    assert message in str(error.value)
    assert not Contract.objects.exists()


def test_a_draft_program_gets_no_contract(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker2, catalog)
    with pytest.raises(ValidationError, match="сначала утвердите"):
        conclude(personas, program)


def test_without_a_payment_decision_the_contract_is_refused(personas, catalog):
    program = in_force(personas.head1, personas.recipient_of_worker2, catalog)
    with pytest.raises(ValidationError, match="Условие оплаты не рассчитано"):
        conclude(personas, program)
    assert not Contract.objects.exists()


def test_a_free_category_concludes_without_a_decision(personas, catalog):
    recipient = personas.recipient_of_worker2
    recipient.benefit_categories.add(personas.free_category)
    contract = conclude(personas, in_force(personas.head1, recipient, catalog))
    assert (contract.fee_kind, contract.monthly_fee) == ("free", D("0.00"))


def test_the_customer_may_be_the_recipient_s_representative_only(personas, program):
    guardian = Representative.objects.create(
        recipient=personas.recipient_of_worker1,
        kind="guardian",
        last_name="Опекунова",
        first_name="Ольга",
        basis="Распоряжение № 1",
    )
    stranger = Representative.objects.create(
        recipient=personas.recipient_of_worker2,
        kind="guardian",
        last_name="Чужой",
        first_name="Иван",
        basis="Распоряжение № 2",
    )
    with pytest.raises(ValidationError, match="не относится к получателю"):
        conclude(personas, program, representative=stranger)
    contract = conclude(personas, program, representative=guardian)
    assert contract.customer_name == "Опекунова Ольга"


def test_a_draft_contract_is_signed_later(personas, program):
    contract = conclude(personas, program, draft=True)
    assert contract.status == ContractStatus.DRAFT
    assert contract_in_force(personas.recipient_of_worker1, TODAY) is None
    contract_sign(actor=personas.head1, contract=contract, expected_version=1, concluded_on=TODAY)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


def test_amendments_are_numbered_and_change_the_contract(personas, program, catalog):
    contract = conclude(personas, program)
    first = contract_amend(
        actor=personas.head1,
        contract=contract,
        expected_version=contract.version,
        concluded_on=TODAY,
        description="Изменён срок",
        new_valid_until=datetime.date(2026, 12, 31),
    )
    # A new program version with more services: the fee is recomputed on the amendment.
    new = program_new_version(actor=personas.head1, program=program)
    program_approve(actor=personas.head1, program=new, expected_version=new.version)
    contract.refresh_from_db()
    second = contract_amend(
        actor=personas.head1,
        contract=contract,
        expected_version=contract.version,
        concluded_on=TODAY,
        description="Новая редакция ИППСУ",
        new_program=new,
        recompute_fee=True,
    )
    contract.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert contract.valid_until == datetime.date(2026, 12, 31)
    assert contract.program == new
    assert (second.new_fee_kind, second.new_monthly_fee) == ("full", D("1640.00"))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"concluded_on": datetime.date(2026, 1, 19)}, "раньше договора"),
        ({"new_valid_until": datetime.date(2030, 1, 1)}, "Не дольше срока ИППСУ"),
        ({"new_valid_until": datetime.date(2025, 1, 1)}, "раньше начала договора"),
        ({"description": "  "}, "Опишите, что изменяется"),
        ({"new_fee_kind": "cheap"}, "Неизвестное условие оплаты"),
    ],
)
def test_a_bad_amendment_is_refused_and_nothing_changes(personas, program, overrides, message):
    contract = conclude(personas, program)
    fields = {"concluded_on": TODAY, "description": "Изменения"} | overrides
    with pytest.raises(ValidationError) as error:
        contract_amend(actor=personas.head1, contract=contract, expected_version=1, **fields)
    assert message in str(error.value)
    assert not contract.amendments.exists()


def test_an_amendment_from_a_stale_page_is_refused(personas, program):
    contract = conclude(personas, program)
    contract_amend(
        actor=personas.head1,
        contract=contract,
        expected_version=1,
        concluded_on=TODAY,
        description="а",
    )
    with pytest.raises(StaleEditError):
        contract_amend(
            actor=personas.head1,
            contract=contract,
            expected_version=1,
            concluded_on=TODAY,
            description="б",
        )


def test_termination_ends_the_contract_from_its_date(personas, program):
    contract = conclude(personas, program)
    contract_terminate(
        actor=personas.head1,
        contract=contract,
        expected_version=1,
        terminated_on=datetime.date(2026, 3, 1),
        reason="Отказ от обслуживания",
    )
    contract.refresh_from_db()
    assert (contract.status, contract.termination_reason) == ("terminated", "Отказ от обслуживания")
    recipient = personas.recipient_of_worker1
    assert contract_in_force(recipient, datetime.date(2026, 2, 28)) == contract
    assert contract_in_force(recipient, datetime.date(2026, 3, 1)) is None
    with pytest.raises(ValidationError, match="уже расторгнут"):
        contract_terminate(
            actor=personas.head1,
            contract=contract,
            expected_version=contract.version,
            terminated_on=TODAY,
            reason="x",
        )


@pytest.mark.parametrize(
    ("terminated_on", "reason", "message"),
    [
        (datetime.date(2026, 1, 1), "Смерть", "раньше даты заключения"),
        (TODAY, " ", "Укажите причину"),
    ],
)
def test_a_bad_termination_is_refused(personas, program, terminated_on, reason, message):
    contract = conclude(personas, program)
    with pytest.raises(ValidationError, match=message):
        contract_terminate(
            actor=personas.head1,
            contract=contract,
            expected_version=1,
            terminated_on=terminated_on,
            reason=reason,
        )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


def test_an_expired_contract_still_covers_its_past_days(personas, program):
    contract = conclude(personas, program, valid_until=datetime.date(2026, 1, 31))
    with time_machine.travel(datetime.date(2026, 2, 5)):
        assert programs_expire(datetime.date(2026, 2, 5)) == (0, 1)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.EXPIRED
    assert contract_in_force(personas.recipient_of_worker1, datetime.date(2026, 1, 25)) == contract


# --- documents -----------------------------------------------------------------------------


def test_the_contract_document_context_holds_what_the_printed_form_needs(personas, program):
    contract = conclude(personas, program)
    context = contract_document_context(contract)
    assert context["institution"]["name"] == personas.institution.name
    assert context["institution"]["director_name_gent"] == "Осиповой Галины Николаевны"
    assert context["recipient"]["full_name"] == "Иванова Мария Петровна"
    assert context["recipient"]["snils"] == personas.recipient_of_worker1.snils_display
    assert context["representative"] is None
    assert context["customer"] == {
        "full_name": "Иванова Мария Петровна",
        "is_representative": False,
    }
    assert context["contract"]["number"] == "1/2026"
    assert context["contract"]["monthly_fee"] == D("1640.00")
    assert context["contract"]["fee_kind_display"] == "полная оплата"
    assert [
        (s["code"], s["quantity_per_month"], s["price"], s["amount"]) for s in context["services"]
    ] == [
        ("1.01", D("8"), D("55.00"), D("440.00")),
        ("1.11", D("120"), D("10.00"), D("1200.00")),
    ]
    assert context["services"][0]["weekdays"] == "пн, чт"
    assert context["total_monthly_cost"] == D("1640.00")
    assert context["program"]["number"] == "1/2026"
    assert context["amendments"] == []
    # The shapes docs/documents.md asks of a contract's builder.
    assert context["services_total"] == D("1640.00")
    assert [(s["n"], s["monthly_cost"]) for s in context["services"]] == [
        (1, D("440.00")),
        (2, D("1200.00")),
    ]
    assert context["fee"] == {
        "kind": "full",
        "kind_label": "полная оплата",
        "amount": D("1640.00"),
        "amount_words": "одна тысяча шестьсот сорок рублей 00 копеек",
        "income_per_capita": D("26000.00"),
        "threshold": D("22500.00"),
        "cap": D("1750.00"),
        "explanation": contract.fee_explanation,
        "free_category": False,
        "basis": "",
    }


def test_the_program_document_context_prints_all_eight_types(personas, program):
    context = program_document_context(program)
    assert [t["code"] for t in context["services_by_type"]] == list(range(1, 9))
    assert [s["code"] for s in context["services_by_type"][0]["services"]] == ["1.01", "1.11"]
    assert context["services_by_type"][1]["services"] == []
    assert context["program"]["developed"] == "впервые"
    assert context["program"]["form"] == "в форме социального обслуживания на дому"
    assert context["program"]["valid_until"] == datetime.date(2027, 1, 11)
    assert context["services"][1]["unit"] == "м²"
    types = context["service_types"]
    assert [t["number"] for t in types] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert types[0]["services"][1] == {
        "n": 2,
        "name": "Мытьё пола",
        "volume": "120 м² в месяц",
        "periodicity": "1 раз в неделю",
        "term": "с 12.01.2026 по 11.01.2027",
    }
    assert context["program"]["repeat"] == "впервые"
