"""Pages of the payment area: parameters, incomes, the decision, the card and the statistics."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.catalog.tests.factories import make_service
from zabota.payments.models import (
    FamilyMember,
    MonthlyIncome,
    PaymentDecision,
    SubsistenceMinimum,
    ThresholdCoefficient,
)
from zabota.payments.services import payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.programs.models import Program, ProgramService, ProgramStatus
from zabota.testing import make_recipient, xlsx_rows

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.mark.parametrize(
    ("persona", "view", "add"),
    [
        ("director", 200, 200),
        ("admin", 200, 200),
        ("head1", 200, 403),
        ("specialist", 200, 403),
        ("accountant", 200, 403),
        ("worker1", 403, 403),
        ("caregiver1", 403, 403),
    ],
)
def test_who_reads_and_who_sets_the_regional_parameters(personas, persona, view, add):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/payments/parameters/").status_code == view
    assert client.get("/payments/parameters/minimum/new/").status_code == add
    assert client.get("/payments/parameters/coefficient/new/").status_code == add


def test_the_parameters_page_shows_the_threshold_and_the_free_categories_with_a_link(personas):
    set_minimum(personas.institution)
    set_minimum(personas.outsider_director.institution, "99999")
    response = personas.client_for(personas.director).get("/payments/parameters/")
    text = response.content.decode()
    assert "22500,00" in text.replace("\xa0", "")
    assert "99999" not in text
    assert personas.free_category.name in text
    assert personas.category.name not in text.split("бесплатно независимо от дохода")[1]
    assert 'href="/recipients/references/"' in text


def test_a_subsistence_minimum_is_entered_with_a_decimal_comma(personas):
    client = personas.client_for(personas.director)
    response = client.post(
        "/payments/parameters/minimum/new/",
        {"group": "pensioners", "effective_from": "2026-01-01", "amount": "14 861,50"},
    )
    assert response.status_code == 302
    minimum = SubsistenceMinimum.objects.get(institution=personas.institution)
    assert minimum.amount == D("14861.50")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"group": "pensioners", "effective_from": "2026-01-01", "amount": "0"},
            "больше либо равно 0.01",
        ),
        (
            {"group": "pensioners", "effective_from": "2026-01-01", "amount": ""},
            "Обязательное поле",
        ),
        (
            {"group": "aliens", "effective_from": "2026-01-01", "amount": "100"},
            "Выберите корректный вариант",
        ),
        ({"group": "pensioners", "effective_from": "2025-01-01", "amount": "100"}, "уже введён"),
    ],
)
def test_a_bad_subsistence_minimum_is_refused(personas, data, message):
    set_minimum(personas.institution)
    response = personas.client_for(personas.director).post(
        "/payments/parameters/minimum/new/", data
    )
    assert message in response.content.decode()
    assert SubsistenceMinimum.objects.count() == 1


@pytest.mark.parametrize(
    ("coefficient", "saved"), [("1,49", False), ("1,5", True), ("2", True), ("abc", False)]
)
def test_the_coefficient_may_not_be_below_one_and_a_half(personas, coefficient, saved):
    response = personas.client_for(personas.director).post(
        "/payments/parameters/coefficient/new/",
        {"effective_from": "2026-01-01", "coefficient": coefficient},
    )
    assert ThresholdCoefficient.objects.exists() == saved
    if not saved:
        assert response.status_code == 200


INCOME_ACCESS = [
    ("head1", "recipient_of_worker1", 200),
    ("head1", "recipient_in_department2", 404),
    ("director", "recipient_in_department2", 200),
    ("director", "outsider_recipient", 404),
    ("worker1", "recipient_of_worker1", 403),
    ("accountant", "recipient_of_worker1", 403),
]


@pytest.mark.parametrize(("persona", "recipient", "status"), INCOME_ACCESS)
def test_incomes_and_the_decision_open_only_for_managers_within_their_scope(
    personas, persona, recipient, status
):
    client = personas.client_for(getattr(personas, persona))
    pk = getattr(personas, recipient).pk
    assert client.get(f"/payments/{pk}/incomes/").status_code == status
    assert client.get(f"/payments/{pk}/decide/").status_code == status
    assert client.get(f"/payments/{pk}/family/new/").status_code == status


def test_a_head_enters_a_pension_for_twelve_months_in_one_go(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/payments/{recipient.pk}/incomes/",
        {
            "person": "",
            "kind": "пенсия",
            "month_from": "2025-02",
            "month_to": "2026-01",
            "amount": "23 456,78",
        },
    )
    assert response.status_code == 302
    assert recipient.incomes.count() == 12
    assert set(recipient.incomes.values_list("amount", flat=True)) == {D("23456.78")}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"month_from": "2026-01", "month_to": "2025-02"}, "Конец периода раньше начала"),
        ({"month_to": "2026-04"}, "Доход будущего месяца ещё не известен"),
        ({"amount": "-5"}, "больше либо равно 0"),
        ({"month_from": "1980-01"}, "Слишком ранний месяц"),
        ({"person": "999999"}, "Выберите корректный вариант"),
    ],
)
def test_a_bad_income_entry_is_refused_and_nothing_saved(personas, overrides, message):
    recipient = personas.recipient_of_worker1
    data = {"person": "", "kind": "пенсия", "month_from": "2025-02", "month_to": "2026-01"}
    data |= {"amount": "20000"} | overrides
    response = personas.client_for(personas.head1).post(f"/payments/{recipient.pk}/incomes/", data)
    assert message in response.content.decode()
    assert not MonthlyIncome.objects.exists()


def test_a_family_member_is_added_and_offered_in_the_income_form(personas):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    alone = client.get(f"/payments/{recipient.pk}/incomes/").content.decode()
    assert "Получатель без членов семьи." in alone
    client.post(
        f"/payments/{recipient.pk}/family/new/",
        {"last_name": "Иванов", "first_name": "Пётр", "relation": "супруг", "is_active": "on"},
    )
    member = FamilyMember.objects.get(recipient=recipient)
    page = client.get(f"/payments/{recipient.pk}/incomes/")
    assert (str(member.pk), "Иванов Пётр (супруг)") in page.context["form"].fields["person"].choices
    assert "Получатель и 1 член семьи." in page.content.decode()


def test_a_family_member_born_in_the_future_is_refused(personas):
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).post(
        f"/payments/{recipient.pk}/family/new/",
        {
            "last_name": "Иванов",
            "first_name": "Пётр",
            "relation": "сын",
            "birth_date": "2030-01-01",
        },
    )
    assert "не может быть в будущем" in response.content.decode()
    assert not FamilyMember.objects.exists()


def test_the_decide_page_computes_and_the_card_explains_the_fee(personas):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    add_income(recipient, "30000", datetime.date(2025, 2, 1), datetime.date(2026, 1, 1))
    program = Program.objects.create(
        recipient=recipient,
        number="1/2026",
        drawn_up_on=datetime.date(2026, 1, 10),
        valid_from=datetime.date(2026, 1, 10),
        valid_until=datetime.date(2026, 12, 31),
        provider="КЦСОН",
        status=ProgramStatus.IN_FORCE,
    )
    service = make_service(personas.institution, "1.01", prices={datetime.date(2025, 1, 1): "500"})
    ProgramService.objects.create(program=program, service=service, quantity_per_month=10)
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/payments/{recipient.pk}/decide/",
        {"application_date": "2026-03-10", "group": "pensioners"},
    )
    assert response["Location"] == f"/recipients/{recipient.pk}/#payment"
    card = client.get(f"/recipients/{recipient.pk}/").content.decode()
    assert "Среднедушевой доход 30 000,00 ₽ рассчитан (семья 1 чел.)." in card
    assert (
        "Среднедушевой доход 30 000,00 ₽ выше предельной величины 22 500,00 ₽; "
        "50 % разницы — 3 750,00 ₽; стоимость услуг 5 000,00 ₽ больше, "
        "поэтому оплата частичная: 3 750,00 ₽."
    ) in card
    # The social worker sees the condition too, but no buttons to change it.
    worker_card = personas.client_for(personas.worker1).get(f"/recipients/{recipient.pk}/")
    assert "оплата частичная" in worker_card.content.decode()
    assert f"/payments/{recipient.pk}/decide/" not in worker_card.content.decode()


def test_the_decide_page_says_when_the_regional_parameters_are_missing(personas):
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).post(
        f"/payments/{recipient.pk}/decide/",
        {"application_date": "2026-03-10", "group": "pensioners"},
    )
    assert "Не задан прожиточный минимум" in response.content.decode()
    assert not PaymentDecision.objects.exists()


def test_an_application_in_the_future_is_refused(personas):
    set_minimum(personas.institution)
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).post(
        f"/payments/{recipient.pk}/decide/",
        {"application_date": "2026-04-10", "group": "pensioners"},
    )
    assert "не может быть в будущем" in response.content.decode()
    assert not PaymentDecision.objects.exists()


def test_the_card_says_when_the_condition_was_never_computed(personas):
    card = personas.client_for(personas.head1).get(
        f"/recipients/{personas.recipient_of_worker1.pk}/"
    )
    assert "Не рассчитано" in card.content.decode()


def _decided(personas, income: str = "30000"):
    recipient = personas.recipient_of_worker1
    set_minimum(personas.institution)
    add_income(recipient, income, datetime.date(2025, 2, 1), datetime.date(2026, 1, 1))
    payment_decision_compute(
        actor=personas.head1, recipient=recipient, application_date=datetime.date(2026, 3, 10)
    )
    return recipient


def test_the_card_without_an_ippsu_says_what_is_missing_and_never_shows_a_zero_fee(personas):
    recipient = _decided(personas)
    card = personas.client_for(personas.head1).get(f"/recipients/{recipient.pk}/")
    page = card.content.decode()
    assert "Нет действующей ИППСУ: сумму платы считать не из чего." in page
    assert f'href="/programs/new/{recipient.pk}/">Составить ИППСУ</a>' in page
    assert " 0,00 ₽" not in page and "Полная оплата" not in page


def test_the_card_with_an_ippsu_priced_to_zero_says_so_instead_of_a_zero_fee(personas):
    recipient = _decided(personas)
    program = Program.objects.create(
        recipient=recipient,
        number="1/2026",
        drawn_up_on=datetime.date(2026, 1, 10),
        valid_from=datetime.date(2026, 1, 10),
        valid_until=datetime.date(2026, 12, 31),
        provider="КЦСОН",
        status=ProgramStatus.IN_FORCE,
    )
    service = make_service(personas.institution, "1.01", prices={datetime.date(2027, 1, 1): "5"})
    ProgramService.objects.create(program=program, service=service, quantity_per_month=10)
    page = personas.client_for(personas.head1).get(f"/recipients/{recipient.pk}/").content.decode()
    assert "Стоимость услуг по ИППСУ — 0 ₽: у её услуг нет тарифа на сегодня." in page
    assert "Полная оплата: 0,00" not in page


def test_the_card_without_a_decision_says_what_to_do_next(personas):
    recipient = personas.recipient_of_worker1
    page = personas.client_for(personas.head1).get(f"/recipients/{recipient.pk}/").content.decode()
    assert "Что сделать: внесите доходы получателя и членов семьи" in page
    assert "Плата станет известна, когда будет и действующая ИППСУ." in page


# --- statistics ----------------------------------------------------------------------------


def decide(personas, recipient, income: str):
    add_income(recipient, income, datetime.date(2025, 2, 1), datetime.date(2026, 1, 1))
    payment_decision_compute(
        actor=personas.director, recipient=recipient, application_date=datetime.date(2026, 3, 1)
    )


def test_the_statistics_count_recipients_by_condition_per_department(personas):
    set_minimum(personas.institution)
    decide(personas, personas.recipient_of_worker1, "20000")  # free by income
    decide(personas, personas.recipient_of_worker2, "30000")  # pays; no program: cost 0 → full
    personas.recipient_in_department2.benefit_categories.add(personas.free_category)
    response = personas.client_for(personas.director).get("/payments/statistics/")
    rows = {r.name: r.counts for r in response.context["rows"]}
    assert rows[personas.department1.name] == {
        "free_category": 0,
        "free_income": 1,
        "partial": 0,
        "full": 1,
        "not_computed": 0,
    }
    assert rows[personas.department2.name]["free_category"] == 1
    assert response.context["total"].total == 3


def test_a_head_sees_the_statistics_of_their_department_only(personas):
    response = personas.client_for(personas.head2).get("/payments/statistics/")
    assert [r.name for r in response.context["rows"]] == [personas.department2.name]
    assert response.context["total"].counts["not_computed"] == 1


def test_the_accountant_reads_the_statistics_and_a_worker_does_not(personas):
    assert personas.client_for(personas.accountant).get("/payments/statistics/").status_code == 200
    assert personas.client_for(personas.worker1).get("/payments/statistics/").status_code == 403


def test_the_statistics_export_to_excel_with_the_total(personas):
    response = personas.client_for(personas.director).get("/payments/statistics/?format=xlsx")
    rows = xlsx_rows(response.content)
    assert rows[-1][0] == "Итого по учреждению"
    assert rows[-1][-2] == 3


def test_the_statistics_ask_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    set_minimum(personas.institution)
    for n in range(20):
        recipient = make_recipient(personas.institution, personas.department1, last_name=f"Н{n}")
        decide(personas, recipient, "30000")
    client = personas.client_for(personas.director)
    with django_assert_max_num_queries(14):
        response = client.get("/payments/statistics/")
    assert response.context["total"].total == 23
