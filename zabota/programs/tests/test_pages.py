"""Pages of programs and contracts: who sees and edits what, the forms, lists and exports."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from zabota.payments.services import payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.programs.models import Contract, ContractStatus, Program, ProgramStatus
from zabota.programs.services import contract_conclude
from zabota.programs.tests.factories import (
    draft,
    in_force,
    stored_contract,
    stored_program,
)
from zabota.testing import make_recipient, xlsx_rows

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def catalog(catalog, personas):
    """The programs' catalog (conftest), with the subsistence minimum the fees need."""
    set_minimum(personas.institution)
    return catalog


def decided(personas, recipient, income="26000"):
    add_income(recipient, income, datetime.date(2024, 12, 1), datetime.date(2025, 11, 1))
    payment_decision_compute(actor=personas.director, recipient=recipient, application_date=TODAY)


@pytest.fixture
def contract(personas, catalog):
    recipient = personas.recipient_of_worker1
    decided(personas, recipient)
    program = in_force(personas.head1, recipient, catalog)
    return contract_conclude(
        actor=personas.head1,
        program=program,
        concluded_on=TODAY,
        valid_from=TODAY,
        valid_until=program.valid_until,
    )


# (persona, view status, edit status) for a program and a contract of recipient_of_worker1.
ACCESS = [
    ("worker1", 200, 403),
    ("caregiver1", 200, 403),
    ("worker2", 404, 403),
    ("head1", 200, 200),
    ("head2", 404, 404),
    ("director", 200, 200),
    ("specialist", 200, 200),
    ("accountant", 403, 403),
    ("outsider_director", 404, 404),
]


@pytest.mark.parametrize(("persona", "view", "edit"), ACCESS)
def test_who_sees_and_who_edits_a_program_and_a_contract(personas, contract, persona, view, edit):
    client = personas.client_for(getattr(personas, persona))
    program = contract.program
    assert client.get(f"/programs/{program.pk}/").status_code == view
    assert client.get(f"/programs/contracts/{contract.pk}/").status_code == view
    assert client.get(f"/programs/contracts/{contract.pk}/amend/").status_code == edit
    assert client.get(f"/programs/contracts/{contract.pk}/terminate/").status_code == edit
    recipient = personas.recipient_of_worker1.pk
    assert client.get(f"/programs/new/{recipient}/").status_code == edit


@pytest.mark.parametrize(("persona", "status"), [("head1", 302), ("head2", 404), ("worker1", 403)])
def test_only_a_manager_in_scope_approves(personas, catalog, persona, status):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    client = personas.client_for(getattr(personas, persona))
    response = client.post(f"/programs/{program.pk}/approve/", {"version": program.version})
    assert response.status_code == status
    program.refresh_from_db()
    assert (program.status == ProgramStatus.IN_FORCE) == (status == 302)


def test_approval_is_a_post_only(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    response = personas.client_for(personas.head1).get(f"/programs/{program.pk}/approve/")
    assert response.status_code == 405


def test_opening_a_program_is_journaled(personas, contract):
    from zabota.audit.models import EventKind, SecurityEvent

    personas.client_for(personas.worker1).get(f"/programs/{contract.program_id}/")
    assert SecurityEvent.objects.filter(
        kind=EventKind.VIEW, user=personas.worker1.user, object_type="programs.program"
    ).exists()


# --- drawing up a program ------------------------------------------------------------------


def program_post(catalog, **overrides) -> dict:
    data = {
        "number": "7/2026",
        "drawn_up_on": "2026-01-20",
        "valid_from": "2026-01-21",
        "valid_until": "2027-01-20",
        "form": "home",
        "provider": "ГБУ «КЦСОН Тестовый»",
        "services-TOTAL_FORMS": "3",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "60",
        "services-0-service": str(catalog.shopping.pk),
        "services-0-quantity_per_month": "8",
        "services-0-periodicity": "2 раза в неделю",
        "services-0-weekdays": ["mon", "thu"],
        "services-1-service": str(catalog.floor.pk),
        "services-1-quantity_per_month": "120,5",
        "services-2-service": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_new_program_form_is_prefilled_from_what_is_known(personas, catalog):
    recipient = personas.recipient_of_worker1
    stored_program(
        recipient,
        valid_from=datetime.date(2025, 3, 1),
        valid_until=datetime.date(2026, 2, 28),
        service=catalog.pressure,
    )
    response = personas.client_for(personas.head1).get(f"/programs/new/{recipient.pk}/")
    initial = response.context["form"].initial
    assert initial["number"] == "1/2026"
    assert initial["is_repeat"] is True
    assert (initial["valid_from"], initial["valid_until"]) == (
        datetime.date(2026, 3, 1),
        datetime.date(2027, 2, 28),
    )
    assert initial["provider"] == personas.institution.name
    lines = [f.initial for f in response.context["formset"] if f.initial]
    assert [line["service"] for line in lines] == [catalog.pressure.pk]


def test_a_head_draws_up_a_program_on_one_page(personas, catalog):
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    response = client.post(f"/programs/new/{recipient.pk}/", program_post(catalog))
    program = Program.objects.get(recipient=recipient)
    assert response["Location"] == f"/programs/{program.pk}/"
    assert program.number == "7/2026"
    assert [(s.service.code, s.quantity_per_month, s.weekdays) for s in program.services.all()] == [
        ("1.01", D("8"), "mon,thu"),
        ("1.11", D("120.5"), ""),
    ]
    page = client.get(f"/programs/{program.pk}/")
    assert page.context["cost"] == D("1645.00")  # 8 × 55 + 120,5 × 10


def test_a_periodicity_left_empty_comes_from_the_days_or_the_catalog(personas, catalog):
    catalog.floor.periodicity_hint = "1 раз в неделю"
    catalog.floor.save()
    recipient = personas.recipient_of_worker1
    client = personas.client_for(personas.head1)
    client.post(
        f"/programs/new/{recipient.pk}/",
        program_post(
            catalog,
            **{
                "services-0-periodicity": "",
                "services-0-weekdays": ["mon", "wed", "fri"],
                "services-2-service": str(catalog.pressure.pk),
                "services-2-quantity_per_month": "4",
                "services-2-periodicity": "по мере необходимости",
            },
        ),
    )
    program = Program.objects.get(recipient=recipient)
    assert [(s.service.code, s.periodicity) for s in program.services.all()] == [
        ("1.01", "3 раза в неделю"),  # from the days chosen
        ("1.11", "1 раз в неделю"),  # from the catalog
        ("2.01", "по мере необходимости"),  # typed: kept
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_until": "2026-01-01"}, "заканчивается раньше, чем начинается"),
        ({"drawn_up_on": "2026-02-01"}, "не может быть в будущем"),
        ({"services-0-quantity_per_month": "0"}, "больше нуля"),
        ({"services-0-quantity_per_month": "", "services-0-weekdays": []}, "Укажите объём"),
        ({"services-0-service": "FOREIGN"}, "Выберите корректный вариант"),
        ({"services-0-service": "PAID"}, "Выберите корректный вариант"),
        ({"services-1-service": "SHOPPING"}, "указана дважды"),
        ({"services-0-service": "", "services-1-service": ""}, "хотя бы одну услугу"),
        ({"services-2-weekdays": ["mon"]}, "Выберите услугу или очистите строку"),
        ({"valid_from": "1700-01-01"}, "Слишком ранняя дата"),
    ],
)
def test_a_bad_program_form_says_what_is_wrong_and_saves_nothing(
    personas, catalog, overrides, message
):
    ids = {"FOREIGN": catalog.foreign.pk, "PAID": catalog.paid.pk, "SHOPPING": catalog.shopping.pk}
    overrides = {k: str(ids.get(v, v)) if isinstance(v, str) else v for k, v in overrides.items()}
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).post(
        f"/programs/new/{recipient.pk}/", program_post(catalog, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Program.objects.exists()


def test_a_second_new_program_continues_the_draft(personas, catalog):
    recipient = personas.recipient_of_worker1
    program = draft(personas.head1, recipient, catalog)
    response = personas.client_for(personas.head1).get(f"/programs/new/{recipient.pk}/")
    assert response["Location"] == f"/programs/{program.pk}/edit/"


def test_a_draft_is_edited_and_a_stale_form_shows_what_changed(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    client = personas.client_for(personas.head1)
    data = program_post(catalog, version=str(program.version), number="8/2026")
    assert client.post(f"/programs/{program.pk}/edit/", data).status_code == 302
    stale = client.post(f"/programs/{program.pk}/edit/", data | {"number": "9/2026"})
    text = stale.content.decode()
    assert "уже изменил другой сотрудник" in text
    assert "1/2026 → 8/2026" in text
    program.refresh_from_db()
    assert program.number == "8/2026"


def test_a_new_version_button_makes_a_draft_and_opens_it(personas, catalog):
    program = in_force(personas.head1, personas.recipient_of_worker1, catalog)
    client = personas.client_for(personas.head1)
    response = client.post(f"/programs/{program.pk}/new-version/", {"renew": "1"})
    new = Program.objects.get(replaces=program)
    assert response["Location"] == f"/programs/{new.pk}/edit/"
    assert new.valid_from == datetime.date(2027, 1, 12)


# --- contracts ----------------------------------------------------------------------------


def test_the_contract_form_suggests_the_program_dates_and_shows_the_fee(personas, catalog):
    recipient = personas.recipient_of_worker1
    decided(personas, recipient)
    program = in_force(personas.head1, recipient, catalog)
    response = personas.client_for(personas.head1).get(f"/programs/contracts/new/{recipient.pk}/")
    initial = response.context["form"].initial
    assert (initial["program"], initial["valid_from"], initial["valid_until"]) == (
        program,
        TODAY,
        program.valid_until,
    )
    assert response.context["fee"].amount == D("1640.00")
    assert "оплата полная: 1 640,00 ₽" in response.content.decode()


def test_a_head_concludes_a_contract_and_the_number_is_given(personas, catalog):
    recipient = personas.recipient_of_worker1
    decided(personas, recipient)
    program = in_force(personas.head1, recipient, catalog)
    response = personas.client_for(personas.head1).post(
        f"/programs/contracts/new/{recipient.pk}/",
        {
            "program": program.pk,
            "concluded_on": "2026-01-20",
            "valid_from": "2026-01-20",
            "valid_until": "2027-01-11",
        },
    )
    contract = Contract.objects.get()
    assert response["Location"] == f"/programs/contracts/{contract.pk}/"
    assert (contract.number, contract.fee_kind) == ("1/2026", "full")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"valid_until": "2026-01-01"}, "заканчивается раньше"),
        ({"valid_until": "2028-01-01"}, "не дольше срока ИППСУ"),
        ({"concluded_on": "2026-02-01"}, "не может быть в будущем"),
        ({"program": "0"}, "Выберите корректный вариант"),
        ({"representative": "0"}, "Выберите корректный вариант"),
    ],
)
def test_a_bad_contract_form_is_refused(personas, catalog, overrides, message):
    recipient = personas.recipient_of_worker1
    decided(personas, recipient)
    program = in_force(personas.head1, recipient, catalog)
    data = {
        "program": program.pk,
        "concluded_on": "2026-01-20",
        "valid_from": "2026-01-20",
        "valid_until": "2027-01-11",
    } | overrides
    response = personas.client_for(personas.head1).post(
        f"/programs/contracts/new/{recipient.pk}/", data
    )
    assert message in response.content.decode()
    assert not Contract.objects.exists()


def test_without_a_program_in_force_the_contract_form_sends_back_to_the_card(personas, catalog):
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).get(f"/programs/contracts/new/{recipient.pk}/")
    assert response["Location"] == f"/recipients/{recipient.pk}/"


def test_a_contract_is_amended_and_terminated_through_its_pages(personas, contract):
    client = personas.client_for(personas.head1)
    response = client.post(
        f"/programs/contracts/{contract.pk}/amend/",
        {
            "version": contract.version,
            "concluded_on": "2026-01-20",
            "description": "Изменена плата",
            "new_fee_kind": "partial",
            "new_monthly_fee": "1 500,00",
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.fee_kind, contract.monthly_fee) == ("partial", D("1500.00"))
    client.post(
        f"/programs/contracts/{contract.pk}/terminate/",
        {"version": contract.version, "terminated_on": "2026-01-20", "reason": "Переезд"},
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.TERMINATED


def test_an_amendment_with_a_fee_but_no_condition_is_refused(personas, contract):
    response = personas.client_for(personas.head1).post(
        f"/programs/contracts/{contract.pk}/amend/",
        {
            "version": contract.version,
            "concluded_on": "2026-01-20",
            "description": "Плата",
            "new_monthly_fee": "100",
        },
    )
    assert "Укажите вместе новое условие оплаты и новую плату" in response.content.decode()
    assert not contract.amendments.exists()


def test_a_stale_termination_says_so_and_changes_nothing(personas, contract):
    client = personas.client_for(personas.head1)
    client.post(
        f"/programs/contracts/{contract.pk}/amend/",
        {"version": contract.version, "concluded_on": "2026-01-20", "description": "Адрес"},
    )
    response = client.post(
        f"/programs/contracts/{contract.pk}/terminate/",
        {"version": contract.version, "terminated_on": "2026-01-20", "reason": "Переезд"},
    )
    assert "уже изменил другой сотрудник" in response.content.decode()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.ACTIVE


# --- lists ---------------------------------------------------------------------------------


def many_programs(personas, catalog, count=30):
    for n in range(count):
        recipient = make_recipient(
            personas.institution, personas.department1, last_name=f"Получатель{n:02d}"
        )
        stored_program(
            recipient,
            number=f"{n}/2025",
            valid_from=datetime.date(2025, 2, 1),
            valid_until=datetime.date(2026, 1, 31) if n % 2 else datetime.date(2026, 6, 30),
            service=catalog.shopping,
        )


@pytest.mark.parametrize(
    "query", ["", "?status=expiring&days=30", "?status=expired", "?q=Получатель1"]
)
def test_the_program_list_asks_a_fixed_number_of_queries(
    personas, catalog, django_assert_max_num_queries, query
):
    many_programs(personas, catalog)
    client = personas.client_for(personas.head1)
    with django_assert_max_num_queries(10):
        response = client.get(f"/programs/{query}")
    assert response.status_code == 200


def test_the_program_list_filters_by_status_and_search(personas, catalog):
    many_programs(personas, catalog, count=4)
    client = personas.client_for(personas.head1)

    def numbers(query):
        return sorted(
            p.number for p in client.get(f"/programs/?{query}").context["page"].object_list
        )

    assert numbers("status=expiring&days=30") == ["1/2025", "3/2025"]
    assert numbers("status=expiring&days=5") == []
    assert numbers("status=in_force") == ["0/2025", "1/2025", "2/2025", "3/2025"]
    assert numbers("q=Получатель02") == ["2/2025"]
    assert numbers("q=3/2025") == ["3/2025"]
    assert (
        list(personas.client_for(personas.head2).get("/programs/").context["page"].object_list)
        == []
    )


def test_the_program_list_exports_what_the_person_may_see(personas, catalog):
    many_programs(personas, catalog, count=3)
    response = personas.client_for(personas.head1).get("/programs/?format=xlsx")
    rows = xlsx_rows(response.content)
    header = next(i for i, r in enumerate(rows) if r[0] == "Номер")
    assert sorted(r[0] for r in rows[header + 1 :]) == ["0/2025", "1/2025", "2/2025"]
    assert personas.client_for(personas.head2).get("/programs/?format=xlsx").status_code == 200


def test_the_contract_list_is_searchable_exportable_and_cheap(
    personas, contract, django_assert_max_num_queries
):
    client = personas.client_for(personas.head1)
    with django_assert_max_num_queries(10):
        page = client.get("/programs/contracts/?q=Иванова").context["page"]
    assert [c.number for c in page.object_list] == ["1/2026"]
    assert (
        list(client.get("/programs/contracts/?status=terminated").context["page"].object_list) == []
    )
    rows = xlsx_rows(client.get("/programs/contracts/?format=xlsx").content)
    assert rows[-1][0] == "1/2026"
    other = personas.client_for(personas.head2).get("/programs/contracts/")
    assert list(other.context["page"].object_list) == []


def many_contracts(personas, catalog, count=30):
    """Odd people's contracts end on 31.01.2026 (soon); even people's ran out on 31.12.2025,
    and every fourth of those has a new one in force."""
    many_programs(personas, catalog, count)
    for program in Program.objects.filter(number__endswith="/2025").order_by("pk"):
        n = int(program.number.split("/")[0])
        until = datetime.date(2026, 1, 31) if n % 2 else datetime.date(2025, 12, 31)
        stored_contract(program, valid_from=datetime.date(2025, 2, 1), valid_until=until)
        if n % 4 == 0:
            stored_contract(
                program,
                valid_from=datetime.date(2026, 1, 1),
                valid_until=datetime.date(2026, 6, 30),
            )


@pytest.mark.parametrize("query", ["", "?status=expiring&days=30", "?status=expired", "?q=Пол"])
def test_the_contract_list_asks_a_fixed_number_of_queries(
    personas, catalog, django_assert_max_num_queries, query
):
    many_contracts(personas, catalog)
    client = personas.client_for(personas.head1)
    with django_assert_max_num_queries(10):
        response = client.get(f"/programs/contracts/{query}")
    assert response.status_code == 200


def test_the_contract_list_has_the_expiring_and_expired_filters(personas, catalog):
    many_contracts(personas, catalog, count=8)
    client = personas.client_for(personas.head1)

    def people(query):
        page = client.get(f"/programs/contracts/?{query}").context["page"]
        return sorted(c.recipient.last_name for c in page.object_list)

    assert people("status=expiring&days=30") == [f"Получатель0{n}" for n in (1, 3, 5, 7)]
    assert people("status=expiring&days=5") == []
    # 0 and 4 have a new contract in force: their old one is history, not a lapse.
    assert people("status=expired") == ["Получатель02", "Получатель06"]
    assert people("status=expired&q=Получатель06") == ["Получатель06"]
    assert people(f"status=expired&department={personas.department2.pk}") == []
    page = client.get("/programs/contracts/?status=expiring&days=30").content.decode()
    assert '<option value="expiring" selected>истекают в ближайшие дни</option>' in page
    assert 'name="days"' in page and 'value="expired"' in page
    assert "Договоры, истекающие в ближайшие 30 дн." in page
    rows = xlsx_rows(client.get("/programs/contracts/?status=expired&format=xlsx").content)
    assert "Договоры с истёкшим сроком, нового нет на 20.01.2026" in rows[0][0]
    header = next(i for i, r in enumerate(rows) if r[0] == "Номер")
    assert sorted(r[2].split()[0] for r in rows[header + 1 :]) == people("status=expired")
    assert people("status=expired") == people("status=expired&page=1")
    other = personas.client_for(personas.head2).get("/programs/contracts/?status=expired")
    assert list(other.context["page"].object_list) == []


def test_the_contract_list_pages_through_the_expired(personas, catalog):
    # 52 even people, half of them with a new contract: 26 lapses, a page of 25 and one more.
    many_contracts(personas, catalog, count=104)
    client = personas.client_for(personas.head1)
    first = client.get("/programs/contracts/?status=expired").context["page"]
    second = client.get("/programs/contracts/?status=expired&page=2").context["page"]
    assert (first.paginator.count, len(first.object_list), len(second.object_list)) == (26, 25, 1)
    assert not set(first.object_list) & set(second.object_list)


# --- the card and the start page ------------------------------------------------------------


def test_the_card_shows_the_program_the_contract_and_their_buttons(personas, contract):
    recipient = personas.recipient_of_worker1
    text = personas.client_for(personas.head1).get(f"/recipients/{recipient.pk}/").content.decode()
    assert f"/programs/{contract.program_id}/" in text
    assert f"/programs/contracts/{contract.pk}/" in text
    assert "Составить новую программу" in text
    worker = personas.client_for(personas.worker1).get(f"/recipients/{recipient.pk}/").content
    assert "Составить новую программу" not in worker.decode()


def test_the_start_page_counts_expired_and_expiring_programs_and_certificates(personas, catalog):
    from zabota.recipients.models import MedicalCertificate

    many_programs(personas, catalog, count=4)
    MedicalCertificate.objects.create(
        recipient=personas.recipient_of_worker1,
        number="1",
        issued_on=datetime.date(2025, 2, 1),
        valid_until=datetime.date(2026, 2, 1),
    )
    response = personas.client_for(personas.head1).get("/")
    widget = next(
        c for t, c in response.context["widgets"] if t == "programs/widgets/deadlines.html"
    )
    counts = {tile.label: tile.count for tile in widget["tiles"]}
    assert counts["ИППСУ истекают в 30 дн."] == 2
    assert counts["ИППСУ истекли, новой нет"] == 0
    assert counts["Медицинские заключения истекают в 30 дн."] == 1
    # The other department's four new people and recipient_of_worker2 have no certificate.
    assert counts["Медицинские заключения истекли или нет"] == 5
    text = response.content.decode()
    assert "/programs/?status=expiring&amp;days=30" in text
    assert personas.client_for(personas.worker1).get("/").status_code == 200
    worker_widgets = personas.client_for(personas.worker1).get("/").context["widgets"]
    assert "programs/widgets/deadlines.html" not in [t for t, _c in worker_widgets]


def test_choosing_the_dash_in_a_prefilled_line_removes_the_service(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    client = personas.client_for(personas.head1)
    page = client.get(f"/programs/{program.pk}/edit/")
    assert page.context["formset"].initial_form_count() == 2
    data = program_post(
        catalog,
        version=str(program.version),
        **{"services-INITIAL_FORMS": "2", "services-0-service": ""},
    )
    assert client.post(f"/programs/{program.pk}/edit/", data).status_code == 302
    assert [s.service for s in program.services.all()] == [catalog.floor]
