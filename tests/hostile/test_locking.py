"""Optimistic locking is not optional (issue 15, item 4).

A form of a recipient, a program or a contract once saved without comparing anything when its
`version` was missing or empty: the stale save won and silently reverted the other person's
change. Every such form now needs the version it was opened with; without it, with garbage, with
an old one or sent twice, nothing is saved.
"""

import datetime
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django import forms
from django.apps import apps
from django.contrib.messages import get_messages

from zabota.audit.locking import StaleEditError, lock_for_update
from zabota.audit.models import EventKind, SecurityEvent
from zabota.core.forms import VersionField
from zabota.payments.services import payment_decision_compute
from zabota.payments.tests.factories import add_income, set_minimum
from zabota.programs import services as program_services
from zabota.programs.models import Contract, Program
from zabota.programs.services import contract_amend, contract_conclude
from zabota.programs.tests.factories import Catalog, draft, in_force
from zabota.recipients import services as recipient_services
from zabota.recipients.forms import CARD_FIELDS
from zabota.recipients.models import Recipient

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 20)
STALE_FORM = "Форма устарела, откройте её снова."
GARBAGE = {"missing": None, "empty": "", "letters": "abc", "zero": "0", "negative": "-1"}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def catalog(personas):
    set_minimum(personas.institution)
    return Catalog(personas)


def card_form(recipient: Recipient, **overrides) -> dict:
    """The card's edit form as the page sends it, without the version."""
    data = {}
    for name in CARD_FIELDS:
        related = name in ("department", "social_worker", "caregiver")
        value = getattr(recipient, f"{name}_id" if related else name)
        if name == "benefit_categories":
            value = [c.pk for c in recipient.benefit_categories.all()]
        data[name] = "" if value is None else value
    return data | overrides


def program_form(program: Program, catalog: Catalog, **overrides) -> dict:
    data = {
        "number": program.number,
        "drawn_up_on": program.drawn_up_on.isoformat(),
        "valid_from": program.valid_from.isoformat(),
        "valid_until": program.valid_until.isoformat(),
        "form": program.form,
        "provider": program.provider,
        "services-TOTAL_FORMS": "1",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "60",
        "services-0-service": str(catalog.shopping.pk),
        "services-0-quantity_per_month": "8",
    }
    return data | overrides


def contract_of(personas, catalog, *, signed: bool) -> Contract:
    recipient = personas.recipient_of_worker1
    add_income(recipient, "26000", datetime.date(2024, 12, 1), datetime.date(2025, 11, 1))
    payment_decision_compute(actor=personas.director, recipient=recipient, application_date=TODAY)
    program = in_force(personas.head1, recipient, catalog)
    return contract_conclude(
        actor=personas.head1,
        program=program,
        concluded_on=TODAY,
        valid_from=TODAY,
        valid_until=program.valid_until,
        draft=not signed,
    )


@dataclass
class Locked:
    """A form on a lockable object: how to open it (the object, its address, its fields
    without the version) and whether its answer is a page (a form) or a redirect (a button)."""

    name: str
    open: Callable
    button: bool = False


def _card(personas, catalog):
    recipient = personas.recipient_of_worker1
    return recipient, f"/recipients/{recipient.pk}/edit/", card_form(recipient, phone="+7 900 1")


def _discharge(personas, catalog):
    recipient = personas.recipient_of_worker1
    data = {"discharged_on": TODAY.isoformat(), "reason": personas.reason.pk}
    return recipient, f"/recipients/{recipient.pk}/discharge/", data


def _enrol(personas, catalog):
    recipient = personas.recipient_of_worker1
    recipient_services.recipient_discharge(
        actor=personas.head1,
        recipient=recipient,
        expected_version=recipient.version,
        discharged_on=datetime.date(2026, 1, 10),
        reason=personas.reason,
    )
    recipient.refresh_from_db()
    data = {
        "enrolled_on": TODAY.isoformat(),
        "department": personas.department1.pk,
        "basis": "Новое заявление",
    }
    return recipient, f"/recipients/{recipient.pk}/enrol/", data


def _program(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    return program, f"/programs/{program.pk}/edit/", program_form(program, catalog, notes="x")


def _approve(personas, catalog):
    program = draft(personas.head1, personas.recipient_of_worker1, catalog)
    return program, f"/programs/{program.pk}/approve/", {}


def _sign(personas, catalog):
    contract = contract_of(personas, catalog, signed=False)
    data = {"concluded_on": TODAY.isoformat()}
    return contract, f"/programs/contracts/{contract.pk}/sign/", data


def _amend(personas, catalog):
    contract = contract_of(personas, catalog, signed=True)
    data = {"concluded_on": TODAY.isoformat(), "description": "Уточнён график посещений"}
    return contract, f"/programs/contracts/{contract.pk}/amend/", data


def _terminate(personas, catalog):
    contract = contract_of(personas, catalog, signed=True)
    data = {"terminated_on": TODAY.isoformat(), "reason": "Отказ от обслуживания"}
    return contract, f"/programs/contracts/{contract.pk}/terminate/", data


FORMS = [
    Locked("карточка получателя", _card),
    Locked("снятие с обслуживания", _discharge),
    Locked("повторная постановка", _enrol),
    Locked("проект ИППСУ", _program),
    Locked("утверждение ИППСУ", _approve, button=True),
    Locked("подписание договора", _sign),
    Locked("дополнительное соглашение", _amend),
    Locked("расторжение договора", _terminate),
]
IDS = [form.name for form in FORMS]


def updates_of(obj) -> int:
    return SecurityEvent.objects.filter(
        kind=EventKind.UPDATE, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()


def said(response) -> str:
    """What the person sees: the page, or the message after the redirect of a button."""
    if response.status_code == 302:
        return " ".join(str(m) for m in get_messages(response.wsgi_request))
    return response.content.decode()


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
@pytest.mark.parametrize("locked", FORMS, ids=IDS)
def test_a_form_without_a_valid_version_saves_nothing(personas, catalog, locked, garbage):
    obj, url, data = locked.open(personas, catalog)
    version, updates = obj.version, updates_of(obj)
    if garbage is not None:
        data = data | {"version": garbage}

    response = personas.client_for(personas.head1).post(url, data)

    assert response.status_code == (302 if locked.button else 200)
    assert STALE_FORM in said(response)
    obj.refresh_from_db()
    assert obj.version == version
    assert updates_of(obj) == updates


@pytest.mark.parametrize("locked", FORMS, ids=IDS)
def test_the_version_the_form_was_opened_with_saves_once_and_a_second_send_is_refused(
    personas, catalog, locked
):
    obj, url, data = locked.open(personas, catalog)
    data = data | {"version": obj.version}
    client = personas.client_for(personas.head1)

    first = client.post(url, data)
    obj.refresh_from_db()
    saved_version, updates = obj.version, updates_of(obj)
    second = client.post(url, data)

    assert first.status_code == 302 and STALE_FORM not in said(first)
    assert "другой сотрудник" not in said(first)
    assert saved_version == data["version"] + 1 and updates >= 1
    assert second.status_code == (302 if locked.button else 200)
    assert "изменил другой сотрудник" in said(second)
    obj.refresh_from_db()
    assert obj.version == saved_version
    assert updates_of(obj) == updates
    if locked.name == "дополнительное соглашение":
        assert obj.amendments.count() == 1


def test_a_stale_card_is_refused_with_what_the_other_person_changed(personas):
    recipient = personas.recipient_of_worker1
    opened = recipient.version
    first = personas.client_for(personas.head1)
    second = personas.client_for(personas.director)
    first.post(
        f"/recipients/{recipient.pk}/edit/",
        card_form(recipient, phone="+7 (900) 000-00-01") | {"version": opened},
    )

    response = second.post(
        f"/recipients/{recipient.pk}/edit/",
        card_form(recipient, notes="Нужна помощь с лекарствами") | {"version": opened},
    )

    assert response.status_code == 200
    assert "уже изменил другой сотрудник" in response.content.decode()
    assert any("+7 (900) 000-00-01" in line for line in response.context["stale"])
    recipient.refresh_from_db()
    # The first person's change stays; the stale form did not revert it.
    assert (recipient.phone, recipient.notes) == ("+7 (900) 000-00-01", "")


def test_a_stale_termination_names_the_amendment_made_meanwhile(personas, catalog):
    contract = contract_of(personas, catalog, signed=True)
    opened = contract.version
    contract_amend(
        actor=personas.director,
        contract=contract,
        expected_version=opened,
        concluded_on=TODAY,
        description="Новый срок",
        new_valid_until=datetime.date(2026, 6, 30),
    )

    response = personas.client_for(personas.head1).post(
        f"/programs/contracts/{contract.pk}/terminate/",
        {"version": opened, "terminated_on": TODAY.isoformat(), "reason": "Отказ"},
    )

    assert "изменил другой сотрудник" in response.content.decode()
    assert any("30.06.2026" in line or "2026-06-30" in line for line in response.context["stale"])
    contract.refresh_from_db()
    assert contract.status == "active"


def test_a_discharge_from_a_stale_page_names_the_edit_made_meanwhile(personas):
    recipient = personas.recipient_of_worker1
    opened = recipient.version
    recipient_services.recipient_update(
        actor=personas.director, recipient=recipient, expected_version=opened, phone="+7 900 5"
    )

    response = personas.client_for(personas.head1).post(
        f"/recipients/{recipient.pk}/discharge/",
        {"version": opened, "discharged_on": TODAY.isoformat(), "reason": personas.reason.pk},
    )

    page = response.content.decode()
    assert "уже изменил другой сотрудник" in page and "+7 900 5" in page
    recipient.refresh_from_db()
    assert recipient.is_active


LOCKING_SERVICES = [
    recipient_services.recipient_update,
    recipient_services.recipient_discharge,
    recipient_services.recipient_enrol,
    program_services.program_update,
    program_services.program_approve,
    program_services.contract_sign,
    program_services.contract_amend,
    program_services.contract_terminate,
]


@pytest.mark.parametrize("service", LOCKING_SERVICES, ids=lambda s: s.__name__)
def test_every_editing_service_demands_the_version_as_a_keyword(service):
    parameter = inspect.signature(inspect.unwrap(service)).parameters["expected_version"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty
    assert parameter.annotation in (int, "int")


@pytest.mark.parametrize("expected", [None, "", "3", 2.0, True])
def test_the_lock_refuses_to_run_without_a_version_to_compare(personas, expected):
    recipient = personas.recipient_of_worker1
    with pytest.raises(TypeError, match="expected_version"):
        lock_for_update(Recipient, recipient.pk, expected)


def test_the_lock_names_what_changed_since_the_version_given(personas):
    recipient = personas.recipient_of_worker1
    recipient_services.recipient_update(
        actor=personas.head1, recipient=recipient, expected_version=1, phone="+7 900 7"
    )
    with pytest.raises(StaleEditError) as refused:
        lock_for_update(Recipient, recipient.pk, 1)
    assert refused.value.changes["phone"] == ["", "+7 900 7"]


def _form_classes():
    for config in apps.get_app_configs():
        if not config.name.startswith("zabota."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_every_form_that_carries_a_version_requires_it():
    versioned = [cls for cls in _form_classes() if "version" in cls.base_fields]
    assert {cls.__name__ for cls in versioned} >= {
        "RecipientForm",
        "DischargeForm",
        "EnrolForm",
        "ProgramForm",
        "VersionForm",
        "SignForm",
        "AmendmentForm",
        "TerminateForm",
    }
    for cls in versioned:
        assert isinstance(cls.base_fields["version"], VersionField), cls.__name__
