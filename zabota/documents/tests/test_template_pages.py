"""The administrator's template pages: upload with checks, versions, activation, preview, help."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from zabota.audit.models import EventKind, SecurityEvent
from zabota.documents.models import DocumentTemplate
from zabota.documents.selectors import active_template, default_template
from zabota.documents.services import MAX_TEMPLATE_BYTES, document_issue
from zabota.documents.tests.conftest import pdf_text, text_of

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_file(*paragraphs: str, name: str = "согласие.docx") -> SimpleUploadedFile:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=DOCX)


def upload(client, file, kind="consent", note=""):
    return client.post(f"/documents/templates/{kind}/", {"file": file, "note": note})


def test_an_administrator_uploads_a_version_that_is_used_at_once(personas, frozen):
    client = personas.client_for(personas.admin)
    response = upload(
        client, docx_file("Согласие {{ recipient.full_name }}, версия центра"), note="новый текст"
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.version, template.is_active, template.uploaded_by) == (1, True, personas.admin)
    document = document_issue(
        actor=personas.specialist, kind="consent", recipient=personas.recipient_of_worker1
    )
    assert document.template_version == 1
    assert (
        text_of(bytes(document.content)).strip() == "Согласие Иванова Мария Петровна, версия центра"
    )
    assert SecurityEvent.objects.filter(
        kind=EventKind.SETTINGS, object_id=str(template.pk)
    ).exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("договор.pdf", b"%PDF-1.4 ...", content_type="application/pdf"),
            "не является документом DOCX",
        ),
        (
            SimpleUploadedFile("договор.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
            "старом формате DOC",
        ),
        (docx_file("Договор № {{ contract.number }"), "Строка 1: лишний знак «}»"),
        (docx_file("{% if recipient %}без конца"), "не закрыт"),
        (docx_file("Получатель {{ recipient.fio }}"), "у поля нет части «fio»"),
        (docx_file("{{ nonsense }}"), "поле «nonsense» не существует"),
        (docx_file("{{ recipient.__class__.__mro__ }}"), "запрещено"),
        (
            SimpleUploadedFile(
                "большой.docx", b"PK" + b"0" * MAX_TEMPLATE_BYTES, content_type=DOCX
            ),
            "Файл больше 5 МБ",
        ),
    ],
    ids=["pdf", "doc", "syntax", "unclosed", "misspelt", "unknown", "internals", "oversized"],
)
def test_a_bad_template_is_refused_with_a_russian_reason_and_nothing_saved(personas, file, message):
    client = personas.client_for(personas.admin)
    response = upload(client, file)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert message in errors
    assert not DocumentTemplate.objects.exists()
    assert active_template(personas.institution.pk, "consent").version == 0


def test_a_syntax_error_names_the_line_and_quotes_its_text(personas):
    response = upload(
        personas.client_for(personas.admin), docx_file("Первый абзац", "Второй {{ a } абзац")
    )
    errors = " ".join(response.context["form"].errors["file"])
    assert "Строка 2:" in errors and "Второй" in errors


def test_older_versions_are_kept_and_any_can_be_put_back(personas, frozen):
    client = personas.client_for(personas.admin)
    upload(client, docx_file("Первая {{ recipient.full_name }}"))
    upload(client, docx_file("Вторая {{ recipient.full_name }}"))
    assert list(
        DocumentTemplate.objects.order_by("version").values_list("version", "is_active")
    ) == [(1, False), (2, True)]
    client.post("/documents/templates/consent/activate/", {"version": 1})
    assert active_template(personas.institution.pk, "consent").version == 1
    client.post("/documents/templates/consent/activate/", {"version": 0})
    assert (
        active_template(personas.institution.pk, "consent").content
        == default_template("consent").content
    )
    assert not DocumentTemplate.objects.filter(is_active=True).exists()


def test_activating_a_version_that_does_not_exist_says_so(personas):
    response = personas.client_for(personas.admin).post(
        "/documents/templates/consent/activate/", {"version": 7}, follow=True
    )
    assert "Версии 7 нет." in response.content.decode()


def test_another_institution_has_its_own_versions(personas):
    upload(personas.client_for(personas.admin), docx_file("Своё {{ recipient.full_name }}"))
    assert active_template(personas.outsider_director.institution_id, "consent").version == 0


@pytest.mark.parametrize("persona", ["director", "specialist", "head1", "worker1", "accountant"])
def test_only_the_administrator_manages_templates(personas, persona):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/documents/templates/").status_code == 403
    assert upload(client, docx_file("x")).status_code == 403
    assert not DocumentTemplate.objects.exists()


def test_the_template_list_shows_every_kind_and_which_are_connected(
    personas, django_assert_max_num_queries, unconnected_kind
):
    client = personas.client_for(personas.admin)
    with django_assert_max_num_queries(12):
        response = client.get("/documents/templates/")
    page = response.content.decode()
    for title in (
        "Договор о предоставлении социальных услуг",
        "Дополнительное соглашение к договору",
        "Согласие на обработку персональных данных",
        "Дополнение к ИППСУ",
    ):
        assert title in page
    assert "только образец" in page and "подключены" in page


def test_the_default_and_uploaded_versions_can_be_downloaded(personas):
    client = personas.client_for(personas.admin)
    response = client.get("/documents/templates/contract/0/download/")
    assert response.status_code == 200
    assert response.content == default_template("contract").content
    assert client.get("/documents/templates/contract/3/download/").status_code == 404


def test_the_preview_for_a_recipient_checks_fields_and_gives_the_pdf(personas, frozen, html_engine):
    client = personas.client_for(personas.admin)
    recipient = personas.recipient_of_worker2
    search = client.get("/documents/templates/application/preview/", {"q": "Сидоров"})
    assert [r.pk for r in search.context["found"]] == [recipient.pk]
    page = client.get("/documents/templates/application/preview/", {"recipient": recipient.pk})
    assert page.context["problem"] is None
    pdf = client.get(
        "/documents/templates/application/preview/file/",
        {"recipient": recipient.pk, "format": "pdf"},
    )
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "от Сидорова Петра Ильича" in text
    assert "б/н (предпросмотр)" in text
    assert SecurityEvent.objects.filter(kind=EventKind.PRINT, recipient_id=recipient.pk).exists()


def test_the_preview_names_the_empty_fields_of_a_card(personas, frozen):
    client = personas.client_for(personas.admin)
    recipient = personas.recipient_of_worker1  # no identity document on this card
    page = client.get("/documents/templates/consent/preview/", {"recipient": recipient.pk})
    assert page.context["empty"] == []
    upload(client, docx_file("Паспорт: серия {{ recipient.document_series }}"))
    page = client.get("/documents/templates/consent/preview/", {"recipient": recipient.pk})
    assert page.context["empty"] == ["Паспорт: серия ⟦пусто⟧"]


def test_a_kind_without_data_is_previewed_on_its_sample(personas, frozen):
    client = personas.client_for(personas.admin)
    response = client.get(
        "/documents/templates/contract/preview/file/",
        {"recipient": personas.recipient_of_worker1.pk, "format": "docx"},
    )
    text = text_of(response.content)
    assert "Иванова Мария Петровна" in text  # the real recipient
    assert "ДОГОВОР № 145" in text  # the sample contract


def test_the_preview_cannot_reach_a_recipient_of_another_institution(personas):
    client = personas.client_for(personas.admin)
    response = client.get(
        "/documents/templates/consent/preview/", {"recipient": personas.outsider_recipient.pk}
    )
    assert response.status_code == 404


def test_the_help_page_lists_every_field_with_its_sample(personas):
    response = personas.client_for(personas.admin).get("/documents/templates/fields/")
    page = response.content.decode()
    for name, sample in [
        ("recipient.name_gent", "Ивановой Марии Петровны"),
        ("fee.amount_words", "одна тысяча четыреста двенадцать рублей 56 копеек"),
        ("care_plan.grid[].mon", "—"),
        ("rows[].sum", "440,00"),
        ("discharge.reason", "Переезд в другой населённый пункт"),
        ("changes[].quantity_before", "объём в месяц до"),
        ("fee.before_amount", "1 412,56"),
        ("care_rows[].name", "Помощь при одевании и раздевании"),
        ("act.fee_basis", "основание бесплатного обслуживания"),
    ]:
        assert name in page and sample in page
    assert "Дополнительное соглашение к договору" in page
    assert "rubles_words" in page
