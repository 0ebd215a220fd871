"""The printed words never contradict the payment decision, and read as Russian: clause 11 of
the contract (partial, free by category, free by income), the act of a recipient free by
category or by income, the card's payment block before any ИППСУ."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.acts.documents import act_context
from zabota.delivery.services import service_log
from zabota.documents.kinds import IssueRequest, get_kind
from zabota.documents.rendering import render_docx
from zabota.documents.selectors import default_template
from zabota.documents.services import document_context
from zabota.documents.tests.conftest import text_of
from zabota.payments.models import PaymentDecision
from zabota.programs.printing import build_contract_context
from zabota.programs.services import contract_conclude
from zabota.programs.tests.factories import Catalog, in_force
from zabota.programs.tests.test_contracts import with_income

pytestmark = pytest.mark.django_db
D = Decimal
LAW = "Федерального закона от 28.12.2013 № 442-ФЗ"


def printed(kind: str, actor, recipient, own: dict, on: datetime.date) -> str:
    context = document_context(
        actor=actor,
        kind=get_kind(kind),
        recipient=recipient,
        own=own,
        number="1",
        issued_on=on,
        template_version=0,
    )
    return text_of(render_docx(default_template(kind).content, context))


# --- the contract -------------------------------------------------------------------------


@pytest.fixture
def contract_of(personas):
    """A contract of worker 1's recipient on a program of 1 640 ₽ a month, concluded on
    20.01.2026 with the income given (threshold 22 500 ₽), or with none."""

    def conclude(income: str | None) -> str:
        with time_machine.travel(datetime.date(2026, 1, 20)):
            recipient = personas.recipient_of_worker1
            if income is not None:
                with_income(personas, recipient, income)
            program = in_force(personas.head1, recipient, Catalog(personas))
            contract = contract_conclude(
                actor=personas.head1,
                program=program,
                concluded_on=datetime.date(2026, 1, 20),
                valid_from=datetime.date(2026, 1, 20),
                valid_until=program.valid_until,
            )
            own = build_contract_context(
                IssueRequest(actor=personas.head1, recipient=recipient, obj=contract)
            )
            return printed("contract", personas.head1, recipient, own, contract.concluded_on)

    return conclude


def test_a_partial_fee_clause_ends_with_one_period_and_gives_the_reason(contract_of):
    text = contract_of("25000")  # cap ½ × (25 000 − 22 500) = 1 250 < 1 640
    assert (
        "составляет 1 250,00 ₽ (одна тысяча двести пятьдесят рублей 00 копеек) в месяц "
        "(частичная оплата)." in text
    )
    assert (
        "50 процентов разницы между ними — 1 250,00 ₽; стоимость Услуг по тарифам (1 640,00 ₽) "
        "больше этой величины, поэтому плата равна 50 процентам разницы." in text
    )
    assert ".." not in text and "₽.." not in text


def test_a_full_fee_clause_says_the_services_are_paid_in_full(contract_of):
    text = contract_of("26000")  # cap 1 750 ≥ 1 640
    assert (
        "стоимость Услуг по тарифам (1 640,00 ₽) не превышает эту величину, поэтому Услуги "
        "оплачиваются полностью." in text
    )
    assert ".." not in text


def test_a_contract_free_by_category_names_the_category_once(personas, contract_of):
    personas.recipient_of_worker1.benefit_categories.add(personas.free_category)
    text = contract_of(None)
    assert (
        "11. Услуги предоставляются Заказчику бесплатно: Заказчик относится к категории "
        f"«Участник ВОВ», которой социальные услуги предоставляются бесплатно (часть 1 статьи "
        f"31 {LAW})." in text
    )
    assert ": бесплатно.)" not in text and "(Льготная категория" not in text
    assert "обслуживание бесплатно.)." not in text


def test_a_contract_free_by_income_states_the_income_and_the_threshold(contract_of):
    text = contract_of("20000")
    assert (
        "11. Услуги предоставляются Заказчику бесплатно: среднедушевой доход Заказчика "
        "(20 000,00 ₽) не превышает предельную величину среднедушевого дохода, равную "
        f"22 500,00 ₽ (часть 2 статьи 31 {LAW})." in text
    )
    assert "(Среднедушевой доход" not in text and ": бесплатно.)" not in text


# --- the act ------------------------------------------------------------------------------


@pytest.fixture
def october_act(personas, catalog, settings):
    """October 2026 of worker 1's recipient (8 purchases) with a decision of the income given
    against the threshold 22 500 ₽; returns the printed act."""
    settings.ZABOTA_JOBS_INLINE = True
    recipient = personas.recipient_of_worker1

    def act(income: str) -> str:
        with time_machine.travel(datetime.date(2026, 11, 24)):
            for day in (1, 5, 8, 12, 15, 19, 22, 26):
                service_log(
                    actor=personas.worker1,
                    recipient=recipient,
                    service=catalog.shopping,
                    performed_on=datetime.date(2026, 10, day),
                    quantity=D(1),
                )
            PaymentDecision.objects.create(
                recipient=recipient,
                application_date=datetime.date(2025, 1, 10),
                period_start=datetime.date(2023, 12, 1),
                period_end=datetime.date(2024, 11, 30),
                family_size=1,
                income_total=D(income) * 12,
                income_per_capita=D(income),
                subsistence_minimum=D("15000.00"),
                coefficient=D("1.50"),
                threshold=D("22500.00"),
            )
            own = act_context(
                IssueRequest(actor=personas.head1, recipient=recipient, period="2026-10")
            )
            return printed("act", personas.head1, recipient, own, datetime.date(2026, 11, 24))

    return act


def test_an_act_free_by_category_says_the_category_and_prints_no_income_cap(personas, october_act):
    personas.recipient_of_worker1.benefit_categories.add(personas.free_category)
    text = october_act("25000")  # the income is above the threshold, but the category decides
    assert f"Условие оплаты: бесплатно (категория «Участник ВОВ», ч. 1 ст. 31 {LAW})." in text
    assert "50 % разницы" not in text and "Среднедушевой доход" not in text
    assert "Размер оплаты: 0,00 ₽ (ноль рублей 00 копеек)." in text


def test_an_act_free_by_income_prints_the_income_but_no_half_difference(october_act):
    text = october_act("20000")
    assert (
        "Условие оплаты: бесплатно (среднедушевой доход не превышает предельную величину, "
        f"ч. 2 ст. 31 {LAW})." in text
    )
    assert "Среднедушевой доход Заказчика: 20 000,00 ₽." in text
    assert "50 % разницы" not in text


def test_an_act_with_a_fee_prints_the_income_lines_and_the_cap(october_act):
    text = october_act("25000")  # cap 1 250 ≥ 8 × 55 = 440: full
    assert "Условие оплаты: полная оплата." in text
    assert "среднедушевого дохода: 1 250,00 ₽." in text
    assert "Размер оплаты: 440,00 ₽" in text
    assert "Услуги по уходу в рамках социального пакета" not in text  # no care services


# --- the card -----------------------------------------------------------------------------


def test_the_card_says_the_fee_waits_for_the_program_before_any_ippsu(personas):
    recipient = personas.recipient_of_worker1
    with time_machine.travel(datetime.date(2026, 1, 20)):
        with_income(personas, recipient, "26000")  # cap ½ × (26 000 − 22 500) = 1 750
        page = personas.client_for(personas.head1).get(f"/recipients/{recipient.pk}/")
    text = page.content.decode().replace("\xa0", " ")
    assert "Размер оплаты будет рассчитан после составления ИППСУ" in text
    assert "плата составит не более 50 % разницы — 1 750,00 ₽ в месяц" in text
    assert "Полная оплата: 0,00" not in text and "оплата полная: 0,00" not in text
