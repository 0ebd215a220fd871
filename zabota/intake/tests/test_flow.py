"""The guided intake from the application to the issued documents, as the head goes through it."""

import pytest
from django.urls import reverse

from zabota.documents.models import IssuedDocument
from zabota.intake.models import IntakeStatus
from zabota.intake.tests.conftest import Walk
from zabota.payments.models import MonthlyIncome, PaymentDecision
from zabota.programs.models import Contract, Program, ProgramStatus
from zabota.recipients.models import Consent, Recipient

pytestmark = pytest.mark.django_db


def test_a_head_takes_a_new_person_on_and_nothing_is_final_before_the_last_step(centre, catalog):
    client = centre.client_for(centre.head1)
    walk = Walk(client).through_contract(catalog)
    assert not Recipient.objects.filter(snils="11223344595").exists()

    page = client.get(walk.url("documents"))
    assert page.status_code == 200
    text = page.content.decode()
    for title in ("Заявление", "Согласие", "Индивидуальная программа", "Договор"):
        assert title in text
    assert not Recipient.objects.filter(snils="11223344595").exists()
    assert not IssuedDocument.objects.exists()

    response = walk.confirm()
    assert response.status_code == 302
    assert response.url == reverse("intake:done", args=[walk.intake.pk])
    recipient = Recipient.objects.get(snils="11223344595")
    assert recipient.department == centre.department1
    program = Program.objects.get(recipient=recipient)
    assert program.status == ProgramStatus.IN_FORCE
    contract = Contract.objects.get(recipient=recipient)
    assert contract.program == program
    assert Consent.objects.filter(recipient=recipient).count() == 1
    assert MonthlyIncome.objects.filter(recipient=recipient).count() == 12
    assert PaymentDecision.objects.filter(recipient=recipient, is_current=True).count() == 1
    kinds = sorted(
        IssuedDocument.objects.filter(recipient=recipient).values_list("kind", flat=True)
    )
    assert kinds == ["application", "consent", "contract", "program"]
    walk.intake.refresh_from_db()
    assert walk.intake.status == IntakeStatus.DONE

    done = client.get(reverse("intake:done", args=[walk.intake.pk]))
    assert contract.number.split("/")[0] in done.content.decode() or done.status_code == 200
    pdf = client.get(reverse("intake:pdf", args=[walk.intake.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"


def test_a_cancelled_draft_keeps_nothing_and_changes_nothing(centre):
    client = centre.client_for(centre.head1)
    walk = Walk(client)
    walk.application()
    walk.person()
    cancel = reverse("intake:cancel", args=[walk.intake.pk])
    assert client.post(cancel, {"intake_version": walk.version}).status_code == 302
    walk.intake.refresh_from_db()
    assert (walk.intake.status, walk.intake.data) == (IntakeStatus.CANCELLED, {})
    assert not Recipient.objects.filter(snils="11223344595").exists()
    assert client.get(walk.url("person")).status_code == 302  # to the list: nothing to resume


def test_a_draft_is_resumed_where_it_was_left_with_what_was_typed(centre):
    client = centre.client_for(centre.head1)
    walk = Walk(client)
    walk.application()
    walk.person()
    listed = client.get(reverse("intake:list")).content.decode()
    assert "Смирнова Антонина Васильевна" in listed
    assert reverse("intake:step", args=[walk.intake.pk, "household"]) in listed
    page = client.get(walk.url("person")).content.decode()
    assert 'value="512947"' in page and 'value="Смирнова"' in page


def test_the_list_of_unfinished_intakes_takes_a_fixed_number_of_queries(
    centre, django_assert_max_num_queries
):
    client = centre.client_for(centre.head1)
    for _ in range(3):
        Walk(client).application()
    with django_assert_max_num_queries(12):
        few = client.get(reverse("intake:list"))
    for _ in range(6):
        Walk(client).application()
    with django_assert_max_num_queries(12):
        many = client.get(reverse("intake:list"))
    assert few.context["page"].paginator.count == 3
    assert many.context["page"].paginator.count == 9
