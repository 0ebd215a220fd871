"""Contracts follow programs: a new ИППСУ version leaves the contract behind with a warning and a
proposed дополнительное соглашение; concluding it moves the contract, records what changed, and
the agreement prints from its own template into the archive."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from docx import Document

from zabota.audit.models import SecurityEvent
from zabota.documents.models import IssuedDocument
from zabota.programs.agreements import agreement_proposal, contracts_behind
from zabota.programs.models import ContractAmendment, ProgramStatus
from zabota.programs.services import program_approve, program_new_version, program_update
from zabota.programs.services.programs import Line
from zabota.programs.tests.factories import in_force
from zabota.programs.tests.test_contracts import conclude, with_income
from zabota.rules.program_changes import ADDED, CHANGED, REMOVED

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 1, 20)
WARNING = (
    "Договор № 1/2026 заключён по ИППСУ № 1/2026 от 10.01.2026, которая заменена ИППСУ № 2/2026 "
    "от 20.01.2026: оформите дополнительное соглашение."
)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY):
        yield


@pytest.fixture
def versions(personas, catalog):
    """A contract on program 1/2026 (8 purchases, 120 м² of floor: 1 640 ₽, full payment under
    the cap of 1 750 ₽), then version 2/2026 approved: 12 purchases, 4 pressure checks, no floor
    (12 × 55 + 4 × 55 = 880 ₽)."""
    recipient = personas.recipient_of_worker1
    with_income(personas, recipient, "26000")
    old = in_force(personas.head1, recipient, catalog)
    contract = conclude(personas, old)
    new = program_new_version(actor=personas.head1, program=old)
    new = program_update(
        actor=personas.head1,
        program=new,
        expected_version=new.version,
        services=[
            Line(service=catalog.shopping, quantity_per_month=D("12")),
            Line(service=catalog.pressure, quantity_per_month=D("4")),
        ],
    )
    new = program_approve(actor=personas.head1, program=new, expected_version=new.version)
    contract.refresh_from_db()
    old.refresh_from_db()
    return contract, old, new


def test_a_new_program_version_leaves_the_contract_behind_with_a_proposal(personas, versions):
    contract, old, new = versions
    assert (old.status, contract.program_id) == (ProgramStatus.REPLACED, old.pk)
    [behind] = contracts_behind(personas.recipient_of_worker1, TODAY)
    assert behind.warning == WARNING
    proposal = agreement_proposal(contract, TODAY)
    assert [(c.code, c.change) for c in proposal.changes.lines] == [
        ("1.01", CHANGED),
        ("2.01", ADDED),
        ("1.11", REMOVED),
    ]
    assert (proposal.changes.cost_before, proposal.changes.cost_after) == (
        D("1640.00"),
        D("880.00"),
    )
    assert (proposal.fee_after.kind, proposal.fee_after.amount) == ("full", D("880.00"))
    assert proposal.fee_changes

    client = personas.client_for(personas.head1)
    for url in (
        f"/programs/contracts/{contract.pk}/",
        f"/programs/{old.pk}/",
        f"/programs/{new.pk}/",
    ):
        page = client.get(url).content.decode()
        assert WARNING in page, url
    page = client.get(f"/programs/contracts/{contract.pk}/").content.decode().replace("\xa0", " ")
    assert "Оформить дополнительное соглашение" in page
    assert "1 640,00 ₽ → <strong>880,00 ₽</strong>" in page
    card = client.get(f"/recipients/{contract.recipient_id}/").content.decode()
    assert "ИППСУ заменена: нужно дополнительное соглашение" in card


def test_the_agreement_form_starts_from_the_proposal(personas, versions):
    contract, old, new = versions
    response = personas.client_for(personas.head1).get(f"/programs/contracts/{contract.pk}/amend/")
    form = response.context["form"]
    assert form.initial["new_program"] == new
    assert form.initial["recompute_fee"] is True
    assert form.initial["description"] == (
        "переход на ИППСУ № 2/2026 от 20.01.2026 взамен ИППСУ № 1/2026 от 10.01.2026: "
        "изменён объём услуги «Покупка продуктов» (было 8 услуг, стало 12 услуг в месяц); "
        "добавлена услуга «Измерение давления» (4 услуги в месяц); "
        "исключена услуга «Мытьё пола» (было 120 м² в месяц)."
    )
    assert WARNING in response.content.decode()


def test_concluding_the_agreement_moves_the_contract_and_records_the_differences(
    personas, versions
):
    contract, old, new = versions
    client = personas.client_for(personas.head1)
    form = client.get(f"/programs/contracts/{contract.pk}/amend/").context["form"]
    response = client.post(
        f"/programs/contracts/{contract.pk}/amend/",
        {
            "version": contract.version,
            "concluded_on": "2026-01-20",
            "description": form.initial["description"],
            "new_program": new.pk,
            "recompute_fee": "on",
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.program_id, contract.fee_kind, contract.monthly_fee) == (
        new.pk,
        "full",
        D("880.00"),
    )
    assert "оплата полная: 880,00 ₽" in contract.fee_explanation
    agreement = ContractAmendment.objects.get(contract=contract)
    assert (agreement.old_program_id, agreement.new_program_id) == (old.pk, new.pk)
    assert (agreement.old_fee_kind, agreement.old_monthly_fee) == ("full", D("1640.00"))
    assert (agreement.cost_before, agreement.cost_after) == (D("1640.00"), D("880.00"))
    assert [
        (c["code"], c["change"], c["quantity_before"], c["quantity_after"])
        for c in agreement.service_changes
    ] == [
        ("1.01", "changed", "8.00", "12.00"),
        ("2.01", "added", None, "4.00"),
        ("1.11", "removed", "120.00", None),
    ]
    # The old program stays in the history, replaced, and the contract is no longer behind.
    old.refresh_from_db()
    assert old.status == ProgramStatus.REPLACED and old.contracts.count() == 0
    assert contracts_behind(personas.recipient_of_worker1, TODAY) == []
    page = client.get(f"/programs/contracts/{contract.pk}/").content.decode()
    assert WARNING not in page and "Печать соглашения" in page
    event = SecurityEvent.objects.filter(object_type="programs.contract", kind="update").latest(
        "pk"
    )
    assert event.changes["program"] == [old.pk, new.pk]
    assert [c["code"] for c in event.changes["services"][1]] == ["1.01", "2.01", "1.11"]


def test_the_agreement_prints_from_its_template_into_the_archive(personas, versions):
    contract, old, new = versions
    client = personas.client_for(personas.head1)
    client.post(
        f"/programs/contracts/{contract.pk}/amend/",
        {
            "version": contract.version,
            "concluded_on": "2026-01-20",
            "description": "Новая версия ИППСУ.",
            "new_program": new.pk,
            "recompute_fee": "on",
        },
    )
    page = client.get(f"/programs/contracts/{contract.pk}/")
    [(agreement, _changes, print_url)] = page.context["amendments"]
    assert client.post(print_url).status_code == 302
    document = IssuedDocument.objects.get(kind="contract_agreement")
    assert (document.object_type, document.object_id) == (
        "programs.contractamendment",
        str(agreement.pk),
    )
    assert document.recipient_id == contract.recipient_id
    word = Document(io.BytesIO(bytes(document.content)))
    text = "\n".join(
        [p.text for p in word.paragraphs]
        + [c.text for t in word.tables for r in t.rows for c in r.cells]
    )
    assert "ДОПОЛНИТЕЛЬНОЕ СОГЛАШЕНИЕ № 1" in text
    assert "к договору о предоставлении социальных услуг № 1/2026 от 20.01.2026" in text
    assert "№ 2/2026 от 20.01.2026" in text and "взамен индивидуальной программы № 1/2026" in text
    assert "Мытьё пола" in text and "исключена" in text and "Измерение давления" in text
    assert "1 640,00" in text and "880,00" in text
    assert "составляет 880,00 ₽" in text and "ранее — 1 640,00 ₽, полная оплата" in text
    assert "Содержание изменений: Новая версия ИППСУ." in text and ".." not in text
    # The contract page lists the printed agreement with the contract's own prints.
    page = client.get(f"/programs/contracts/{contract.pk}/").content.decode()
    assert document.number in page


def test_someone_who_may_not_see_the_contract_cannot_print_its_agreement(personas, versions):
    contract, old, new = versions
    from zabota.programs.services import contract_amend

    agreement = contract_amend(
        actor=personas.head1,
        contract=contract,
        expected_version=contract.version,
        concluded_on=TODAY,
        description="Новая версия ИППСУ",
        new_program=new,
        recompute_fee=True,
    )
    outsider = personas.client_for(personas.head2)
    response = outsider.post(
        f"/documents/issue/contract_agreement/?recipient={contract.recipient_id}"
        f"&object=programs.contractamendment:{agreement.pk}"
    )
    assert response.status_code == 404
    assert not IssuedDocument.objects.filter(kind="contract_agreement").exists()
