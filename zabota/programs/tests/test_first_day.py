"""The head's first day with a new person: register, incomes, the program, the contract —
a few screens, and the card explains the fee (the issue's definition of done)."""

import datetime
import re

import pytest
import time_machine

from zabota.payments.tests.factories import set_minimum
from zabota.programs.models import Contract, Program, ProgramStatus
from zabota.programs.tests.factories import Catalog
from zabota.recipients.models import Recipient

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.date(2026, 11, 24))
def test_a_head_registers_a_recipient_draws_up_the_program_and_the_contract(personas):
    catalog = Catalog(personas)
    set_minimum(personas.institution, "15000", datetime.date(2026, 1, 1))
    client = personas.client_for(personas.head1)

    # 1. The card.
    response = client.post(
        "/recipients/new/",
        {
            "enrolled_on": "2026-11-24",
            "basis": "Заявление от 20.11.2026",
            "last_name": "Долгих",
            "first_name": "Никита",
            "middle_name": "Ильич",
            "gender": "male",
            "birth_date": "1941-03-02",
            "snils": "112-233-445 95",
            "document_type": "Паспорт гражданина РФ",
            "registration_address": "г. Кемерово, ул. Весенняя, д. 1",
            "department": personas.department1.pk,
            "social_worker": personas.worker1.pk,
        },
    )
    recipient = Recipient.objects.get(snils="11223344595")
    assert response["Location"] == f"/recipients/{recipient.pk}/"

    # 2. The pension for the 12 months of the period, in one entry, then the decision.
    incomes = client.get(f"/payments/{recipient.pk}/incomes/")
    form = incomes.context["form"]
    assert (form.initial["month_from"], form.initial["month_to"]) == (
        datetime.date(2025, 10, 1),
        datetime.date(2026, 9, 30),
    )
    client.post(
        f"/payments/{recipient.pk}/incomes/",
        {"kind": "пенсия", "month_from": "2025-10", "month_to": "2026-09", "amount": "30000"},
    )
    client.post(
        f"/payments/{recipient.pk}/decide/",
        {"application_date": "2026-11-20", "group": "pensioners"},
    )

    # 3. The program: the form comes pre-filled; the head picks two services.
    form = client.get(f"/programs/new/{recipient.pk}/").context["form"]
    data = {
        name: form.initial[name]
        for name in ("number", "drawn_up_on", "valid_from", "valid_until", "form", "provider")
    }
    data |= {
        "services-TOTAL_FORMS": "5",
        "services-INITIAL_FORMS": "0",
        "services-0-service": catalog.shopping.pk,
        "services-0-quantity_per_month": "9",
        "services-0-periodicity": "2 раза в неделю",
        "services-0-weekdays": ["tue", "fri"],
        "services-1-service": catalog.floor.pk,
        "services-1-quantity_per_month": "400",
        "services-1-weekdays": ["tue"],
    }
    response = client.post(f"/programs/new/{recipient.pk}/", data)
    program = Program.objects.get(recipient=recipient)
    assert response["Location"] == f"/programs/{program.pk}/"
    client.post(f"/programs/{program.pk}/approve/", {"version": program.version})
    program.refresh_from_db()
    assert program.status == ProgramStatus.IN_FORCE

    # 4. The contract: accept the suggestions.
    form = client.get(f"/programs/contracts/new/{recipient.pk}/").context["form"]
    client.post(
        f"/programs/contracts/new/{recipient.pk}/",
        {
            "program": program.pk,
            "concluded_on": form.initial["concluded_on"],
            "valid_from": form.initial["valid_from"],
            "valid_until": form.initial["valid_until"],
        },
    )
    contract = Contract.objects.get(recipient=recipient)
    assert contract.number == "1/2026"

    # 5. The card: 9 × 55 + 400 × 10 = 4 495 ₽ against a cap of ½ (30 000 − 22 500) = 3 750 ₽.
    card = client.get(f"/recipients/{recipient.pk}/").content.decode()
    text = re.sub(r"\s+", " ", card)
    assert "Частичная оплата: 3750,00 ₽ в месяц" in text.replace("\xa0", "").replace(
        "3 750", "3750"
    )
    assert (
        "Среднедушевой доход 30 000,00 ₽ выше предельной величины 22 500,00 ₽; "
        "50 % разницы — 3 750,00 ₽; стоимость услуг 4 495,00 ₽ больше, "
        "поэтому оплата частичная: 3 750,00 ₽."
    ) in text
    assert (contract.fee_kind, str(contract.monthly_fee)) == ("partial", "3750.00")
