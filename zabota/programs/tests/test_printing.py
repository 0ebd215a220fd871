"""Printing the ИППСУ and the contract from the editable templates of the documents app."""

import io

import pytest
from docx import Document

from zabota.documents.checks import context_problems
from zabota.documents.kinds import IssueRequest
from zabota.documents.models import IssuedDocument
from zabota.organisation.models import Staff
from zabota.programs.models import Contract, Program
from zabota.programs.printing import build_contract_context, build_program_context
from zabota.testing import demo_rolled_back

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_rolled_back(django_db_blocker, "--recipients", "20", "--months", "1"):
        yield


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_every_demo_program_and_contract_gives_every_field_of_its_template(demo):
    director = Staff.objects.get(user__username="director")
    for program in Program.objects.exclude(status="draft")[:10]:
        own = build_program_context(
            IssueRequest(actor=director, recipient=program.recipient, obj=program)
        )
        assert context_problems("program", own) == []
    for contract in Contract.objects.all()[:10]:
        own = build_contract_context(
            IssueRequest(actor=director, recipient=contract.recipient, obj=contract)
        )
        assert context_problems("contract", own) == []


def test_a_head_prints_the_contract_from_its_page_and_it_is_archived(demo, client):
    contract = (
        Contract.objects.select_related("recipient").filter(recipient__department__number=1).first()
    )
    client.post("/accounts/login/", {"username": "head1", "password": "demo12345"})
    page = client.get(f"/programs/contracts/{contract.pk}/")
    url = page.context["print_url"]
    response = client.post(url)
    assert response.status_code == 302
    document = IssuedDocument.objects.get(kind="contract", object_id=str(contract.pk))
    text = _text(bytes(document.content))
    assert contract.number in text
    assert contract.recipient.last_name in text
    assert f"{contract.monthly_fee:.2f}".replace(".", ",") in text.replace("\xa0", " ").replace(
        " ", ""
    )


def test_the_program_prints_all_eight_types_of_services(demo, client):
    program = Program.objects.filter(status="in_force", recipient__department__number=1).first()
    client.post("/accounts/login/", {"username": "head1", "password": "demo12345"})
    client.post(client.get(f"/programs/{program.pk}/").context["print_url"])
    text = _text(bytes(IssuedDocument.objects.get(kind="program").content))
    assert program.number in text
    assert "Срочные социальные услуги" in text and "Социально-бытовые услуги" in text
    assert program.services.first().service.name in text


def test_someone_who_may_not_see_the_contract_cannot_print_it(demo, client):
    contract = Contract.objects.filter(recipient__department__number=2).first()
    client.post("/accounts/login/", {"username": "head1", "password": "demo12345"})
    response = client.post(
        f"/documents/issue/contract/?recipient={contract.recipient_id}"
        f"&object=programs.contract:{contract.pk}"
    )
    assert response.status_code == 404
    assert not IssuedDocument.objects.filter(kind="contract").exists()
