"""The archive: the card's section, downloads, the list, and issuing from the card or a link."""

import pytest

from zabota.audit.models import EventKind, SecurityEvent
from zabota.documents import kinds
from zabota.documents.models import IssuedDocument
from zabota.documents.services import (
    document_issue,
    document_prepare,
    document_render,
    document_store,
)
from zabota.documents.tests.conftest import pdf_text, text_of
from zabota.testing import xlsx_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def consent(personas, frozen):
    return document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("worker1", 200),
        ("caregiver1", 200),
        ("head1", 200),
        ("director", 200),
        ("worker2", 404),
        ("head2", 404),
        ("worker_other_department", 404),
        ("outsider_director", 404),
        ("accountant", 403),
    ],
)
def test_a_document_downloads_only_for_those_who_see_the_recipient(
    personas, consent, persona, status
):
    client = personas.client_for(getattr(personas, persona))
    assert client.get(f"/documents/issued/{consent.pk}/docx/").status_code == status


def test_the_docx_download_is_the_archived_file_and_is_journalled(personas, consent):
    response = personas.client_for(personas.worker1).get(f"/documents/issued/{consent.pk}/docx/")
    assert response.content == bytes(consent.content)
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    event = SecurityEvent.objects.filter(kind=EventKind.PRINT, user=personas.worker1.user).get()
    assert (event.object_id, event.recipient_id) == (
        str(consent.pk),
        personas.recipient_of_worker1.pk,
    )


def test_a_downloaded_file_is_named_without_slashes(personas):
    from types import SimpleNamespace

    from zabota.documents.views import file_name

    recipient = personas.recipient_of_worker1
    contract = SimpleNamespace(
        recipient_id=recipient.pk,
        recipient=recipient,
        title="Договор № 1/2026 от 16.11.2026",
        number="Д-1/2026",
    )
    assert (
        file_name(contract, "docx")
        == "Договор № 1-2026 от 16.11.2026 Иванова М. П. № Д-1-2026.docx"
    )


def test_the_pdf_is_made_from_the_archived_docx(personas, consent, html_engine):
    response = personas.client_for(personas.worker1).get(f"/documents/issued/{consent.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Иванова Мария Петровна" in text
    assert "С-1/2026" in text
    assert "Федерального закона от 27.07.2006 № 152-ФЗ" in text


def test_the_card_lists_the_documents_and_offers_the_recipient_documents(personas, consent):
    page = (
        personas.client_for(personas.specialist)
        .get(f"/recipients/{personas.recipient_of_worker1.pk}/")
        .content.decode()
    )
    assert "С-1/2026" in page and consent.checksum[:12] in page
    for title in (
        "Согласие на обработку персональных данных",
        "Заявление о предоставлении социального обслуживания",
        "Уведомление о снятии с социального обслуживания",
    ):
        assert title in page


def test_a_social_worker_sees_the_documents_but_no_issue_buttons(personas, consent):
    page = personas.client_for(personas.worker1).get(
        f"/recipients/{personas.recipient_of_worker1.pk}/"
    )
    section = next(
        context
        for template, context in page.context["sections"]
        if template == "documents/_card_section.html"
    )
    assert [d.pk for d in section["documents"]] == [consent.pk]
    assert section["kinds"] == []


def test_a_consent_is_issued_from_the_card_with_one_press(personas, frozen):
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).post(
        f"/documents/issue/consent/?recipient={recipient.pk}"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/recipients/{recipient.pk}/#documents"
    document = IssuedDocument.objects.get()
    assert (document.kind, document.recipient, document.issued_by) == (
        "consent",
        recipient,
        personas.head1,
    )


def test_issuing_needs_the_right_to_edit_and_a_recipient_in_scope(personas, frozen):
    recipient = personas.recipient_of_worker1
    assert (
        personas.client_for(personas.worker1)
        .post(f"/documents/issue/consent/?recipient={recipient.pk}")
        .status_code
        == 403
    )
    assert (
        personas.client_for(personas.head2)
        .post(f"/documents/issue/consent/?recipient={recipient.pk}")
        .status_code
        == 404
    )
    assert personas.client_for(personas.head1).post("/documents/issue/consent/").status_code == 404
    assert (
        personas.client_for(personas.head1)
        .post(f"/documents/issue/letter/?recipient={recipient.pk}")
        .status_code
        == 404
    )
    assert not IssuedDocument.objects.exists()


def test_the_discharge_notice_asks_for_a_date_and_a_reason(personas, frozen):
    client = personas.client_for(personas.head1)
    recipient = personas.recipient_of_worker1
    url = f"/documents/issue/discharge_notice/?recipient={recipient.pk}"
    form_page = client.get(url)
    assert form_page.status_code == 200 and "Причина снятия" in form_page.content.decode()
    refused = client.post(url, {"date": "2026-10-20"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"] == ["Выберите причину снятия."]
    assert not IssuedDocument.objects.exists()
    done = client.post(
        url, {"date": "2026-10-20", "reason": personas.reason.pk, "note": "к дочери"}
    )
    assert done.status_code == 302
    text = text_of(bytes(IssuedDocument.objects.get().content))
    assert "Основание: Переезд (к дочери)." in text


def test_the_application_page_takes_the_circumstances(personas, frozen):
    client = personas.client_for(personas.specialist)
    recipient = personas.recipient_of_worker2
    response = client.post(
        f"/documents/issue/application/?recipient={recipient.pk}",
        {
            "date": "2026-09-30",
            "service_types": "социально-бытовые",
            "circumstances": "утрата способности к самообслуживанию",
            "living_conditions": "частный дом с печным отоплением",
        },
    )
    assert response.status_code == 302
    text = text_of(bytes(IssuedDocument.objects.get().content))
    assert "Условия проживания: частный дом с печным отоплением" in text
    assert "«30» сентября 2026 г." in text


def test_the_generic_link_passes_the_object_and_the_period_and_returns_to_next(personas, frozen):
    declared = kinds.get_kind("act")
    seen = []
    kinds.provide_context("act", lambda request: seen.append(request) or declared.sample_context())
    try:
        recipient = personas.recipient_of_worker1
        response = personas.client_for(personas.head1).post(
            f"/documents/issue/act/?recipient={recipient.pk}&object=delivery.monthclosing:7&period=2026-09&next=/acts/"
        )
    finally:
        kinds.register(declared)
    assert response.status_code == 302 and response["Location"] == "/acts/"
    assert (seen[0].object_type, seen[0].object_id, seen[0].period) == (
        "delivery.monthclosing",
        "7",
        "2026-09",
    )
    document = IssuedDocument.objects.get()
    assert (document.kind, document.period, document.object_id) == ("act", "2026-09", "7")


def draft_care_plan(recipient, head):
    import datetime

    from zabota.ltc.models import Assessment, CarePlan, Methodology
    from zabota.ltc.services.methodologies import ensure_shipped_methodologies

    ensure_shipped_methodologies(institution=recipient.institution)
    assessment = Assessment.objects.create(
        recipient=recipient,
        methodology=Methodology.objects.filter(institution=recipient.institution).first(),
        status="submitted",
        answers={},
        total=30,
        outcome_code="3",
        outcome_title="Третий",
        hours_per_week=21,
        reassess_months=6,
        points=[],
        assessed_on=datetime.date(2026, 10, 1),
        assessor=head,
    )
    return CarePlan.objects.create(
        recipient=recipient,
        assessment=assessment,
        status="draft",
        hours_per_week=21,
        created_by=head,
    )


def test_the_link_of_the_care_plan_page_with_object_type_and_id_works_too(personas, frozen):
    recipient = personas.recipient_of_worker1
    plan = draft_care_plan(recipient, personas.head1)
    declared = kinds.get_kind("care_plan")
    seen = []
    kinds.provide_context(
        "care_plan", lambda request: seen.append(request) or declared.sample_context()
    )
    try:
        personas.client_for(personas.head1).post(
            f"/documents/issue/care_plan/?recipient={recipient.pk}"
            f"&object_type=ltc.careplan&object_id={plan.pk}"
        )
    finally:
        kinds.register(declared)
    assert seen[0].obj == plan
    document = IssuedDocument.objects.get()
    assert (document.object_type, document.object_id) == ("ltc.careplan", str(plan.pk))


def test_a_builder_refusal_is_shown_and_nothing_is_issued(personas, frozen):
    from django.core.exceptions import ValidationError

    declared = kinds.get_kind("consent")

    def refuse(request):
        raise ValidationError("У получателя нет действующего согласия.")

    kinds.provide_context("consent", refuse)
    try:
        response = personas.client_for(personas.head1).post(
            f"/documents/issue/consent/?recipient={personas.recipient_of_worker1.pk}"
        )
    finally:
        kinds.register(declared)
    assert response.status_code == 200
    assert "У получателя нет действующего согласия." in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_an_unsafe_next_is_ignored(personas, frozen):
    recipient = personas.recipient_of_worker1
    response = personas.client_for(personas.head1).post(
        f"/documents/issue/consent/?recipient={recipient.pk}&next=https://example.com/"
    )
    assert response["Location"] == f"/recipients/{recipient.pk}/#documents"


def test_the_archive_lists_only_what_the_person_may_see(personas, frozen):
    for recipient in (
        personas.recipient_of_worker1,
        personas.recipient_of_worker2,
        personas.recipient_in_department2,
    ):
        document_issue(actor=personas.specialist, kind="consent", recipient=recipient)
    document_issue(
        actor=personas.outsider_director, kind="consent", recipient=personas.outsider_recipient
    )

    def shown(persona):
        response = personas.client_for(getattr(personas, persona)).get("/documents/issued/")
        return {d.recipient.last_name for d in response.context["page"].object_list}

    assert shown("worker1") == {"Иванова"}
    assert shown("head1") == {"Иванова", "Сидоров"}
    assert shown("director") == {"Иванова", "Сидоров", "Кузнецова"}


def test_the_archive_is_searched_by_name_number_kind_and_dates(personas, frozen):
    document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )
    document_issue(
        actor=personas.specialist, kind="application", recipient=personas.recipient_of_worker2
    )
    client = personas.client_for(personas.director)

    def numbers(**query):
        return [
            d.number for d in client.get("/documents/issued/", query).context["page"].object_list
        ]

    assert numbers(q="Сидоров") == ["З-1/2026"]
    assert numbers(q="С-1/2026") == ["С-1/2026"]
    assert numbers(kind="consent") == ["С-1/2026"]
    assert numbers(date_from="2026-10-02") == []
    assert numbers(date_to="2026-10-01") == ["З-1/2026", "С-1/2026"]
    assert numbers(recipient=personas.recipient_of_worker1.pk) == ["С-1/2026"]


def test_the_archive_list_keeps_its_queries_few(personas, frozen, django_assert_max_num_queries):
    for _ in range(5):
        for recipient in (personas.recipient_of_worker1, personas.recipient_of_worker2):
            # Ten entries: document_issue would give back the first of each person's five.
            prepared = document_prepare(
                actor=personas.specialist, kind="consent", recipient=recipient
            )
            document_store(prepared, document_render(prepared))
    client = personas.client_for(personas.director)
    with django_assert_max_num_queries(10):
        response = client.get("/documents/issued/")
    assert len(response.context["page"].object_list) == 10


def test_the_archive_exports_to_excel_and_journals_it(personas, frozen):
    document = document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )
    response = personas.client_for(personas.worker1).get("/documents/issued/?format=xlsx")
    rows = xlsx_rows(response.content)
    header = rows.index(next(r for r in rows if r[0] == "Номер"))
    assert rows[header + 1][0] == "С-1/2026"
    assert rows[header + 1][3] == "Иванова Мария Петровна"
    assert rows[header + 1][8] == document.checksum
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT, user=personas.worker1.user).exists()


def test_the_menu_leads_to_the_archive(personas):
    page = personas.client_for(personas.worker1).get("/").content.decode()
    assert 'href="/documents/issued/"' in page
