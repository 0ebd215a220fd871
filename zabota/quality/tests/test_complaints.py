import datetime
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from zabota.audit.locking import StaleEditError
from zabota.audit.models import SecurityEvent
from zabota.documents.models import IssuedDocument
from zabota.quality import services
from zabota.quality.models import Complaint, ComplaintAnswer
from zabota.quality.tests.conftest import TODAY, close, complaint

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_appeal_is_numbered_in_its_year_and_due_thirty_days_after_registration(personas):
    first = complaint(personas.head1, personas.recipient_of_worker1, worker=personas.worker1)
    second = complaint(personas.director, None, department=personas.department2)
    assert (first.number, second.number) == ("О-1/2026", "О-2/2026")
    assert first.due_on == D(2026, 12, 24)
    assert first.department == personas.department1
    assert SecurityEvent.objects.filter(
        object_type="quality.complaint", object_id=str(first.pk), kind="create"
    ).exists()


def test_the_deadline_is_a_setting(personas, settings):
    settings.ZABOTA_COMPLAINT_DAYS = 15
    appeal = complaint(personas.head1, personas.recipient_of_worker1)
    assert appeal.due_on == D(2026, 12, 9)


def test_the_worker_concerned_never_reads_the_appeal_about_them(personas):
    """A complaint against the head of department 1: the director answers it; the head finds
    it neither in the list nor by its address, nor its answer."""
    appeal = complaint(
        personas.director,
        personas.recipient_of_worker1,
        worker=personas.head1,
        responsible=personas.director,
    )
    appeal = close(personas.director, appeal)
    answer = services.complaint_answer_issue(actor=personas.director, complaint=appeal)
    head = personas.client_for(personas.head1)
    assert head.get(f"/quality/complaints/{appeal.pk}/").status_code == 404
    assert head.get(f"/quality/complaints/{appeal.pk}/close/").status_code == 404
    assert head.get(f"/quality/complaints/answers/{answer.pk}/docx/").status_code == 404
    assert head.get("/quality/complaints/").context["page"].paginator.count == 0
    card = head.get(f"/recipients/{personas.recipient_of_worker1.pk}/").content.decode()
    assert appeal.number not in card
    director = personas.client_for(personas.director)
    assert director.get(f"/quality/complaints/{appeal.pk}/").status_code == 200


def test_an_appeal_of_another_department_is_invisible_to_its_head(personas):
    appeal = complaint(personas.head2, personas.recipient_in_department2)
    head1 = personas.client_for(personas.head1)
    assert head1.get(f"/quality/complaints/{appeal.pk}/").status_code == 404
    assert head1.get("/quality/complaints/").context["page"].paginator.count == 0


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"responsible": "worker1"}, "responsible", "не может отвечать на обращения"),
        ({"responsible": "head2"}, "responsible", "не может отвечать на обращения"),
        ({"worker": "head1", "responsible": "head1"}, "responsible", "на которого жалоба"),
    ],
)
def test_it_refuses_a_responsible_who_cannot_or_must_not_answer(personas, changes, field, says):
    people = {k: getattr(personas, v) for k, v in changes.items()}
    with pytest.raises(ValidationError) as refused:
        complaint(personas.head1, personas.recipient_of_worker1, **people)
    assert says in " ".join(refused.value.message_dict[field])
    assert not Complaint.objects.exists()


def test_an_extension_is_recorded_and_limited_to_thirty_days_in_all(personas):
    appeal = complaint(personas.head1, personas.recipient_of_worker1)
    extended = services.complaint_extend(
        actor=personas.head1,
        complaint=appeal,
        expected_version=appeal.version,
        new_due_on=D(2027, 1, 10),
        reason="Запрошены сведения в поликлинике",
        notified_on=TODAY,
        today=TODAY,
    )
    assert extended.due_on == D(2027, 1, 10) and extended.version == 2
    assert [(e.old_due_on, e.new_due_on) for e in extended.extensions.all()] == [
        (D(2026, 12, 24), D(2027, 1, 10))
    ]
    with pytest.raises(ValidationError, match="не позже 23.01.2027"):
        services.complaint_extend(
            actor=personas.head1,
            complaint=extended,
            expected_version=extended.version,
            new_due_on=D(2027, 1, 24),
            reason="Ещё раз",
            notified_on=TODAY,
            today=TODAY,
        )
    with pytest.raises(StaleEditError):
        services.complaint_extend(
            actor=personas.head1,
            complaint=extended,
            expected_version=1,
            new_due_on=D(2027, 1, 20),
            reason="Старая форма",
            notified_on=TODAY,
            today=TODAY,
        )


def test_a_justified_appeal_needs_the_measures_taken(personas):
    appeal = complaint(personas.head1, personas.recipient_of_worker1)
    with pytest.raises(ValidationError) as refused:
        services.complaint_close(
            actor=personas.head1,
            complaint=appeal,
            expected_version=appeal.version,
            outcome="justified",
            measures=" ",
            answer_text="",
            answered_on=TODAY + datetime.timedelta(days=1),
            today=TODAY,
        )
    assert set(refused.value.message_dict) == {"measures", "answer_text", "answered_on"}


def test_the_answer_is_issued_from_the_template_and_kept_with_the_appeal_only(personas):
    appeal = complaint(personas.head1, personas.recipient_of_worker1, worker=personas.worker1)
    with pytest.raises(ValidationError, match="Сначала запишите результат"):
        services.complaint_answer_issue(actor=personas.head1, complaint=appeal)
    closed = close(personas.head1, appeal, "partly")
    client = personas.client_for(personas.head1)
    response = client.post(f"/quality/complaints/{closed.pk}/answer/")
    assert response.status_code == 302
    answer = ComplaintAnswer.objects.get(complaint=closed)
    assert answer.number == "ОТВ-1/2026"
    text = "\n".join(p.text for p in Document(io.BytesIO(bytes(answer.content))).paragraphs)
    assert "частично обоснованным" in text and "Ваше обращение рассмотрено." in text
    assert not IssuedDocument.objects.filter(kind="complaint_answer").exists()
    download = client.get(f"/quality/complaints/answers/{answer.pk}/docx/")
    assert download.status_code == 200 and bytes(download.content) == bytes(answer.content)
    # The generic issue page never issues it (it would go to the general archive).
    generic = client.post(
        f"/documents/issue/complaint_answer/?object=quality.complaint:{closed.pk}"
    )
    assert generic.status_code == 404


def test_the_registration_form_refuses_bad_input_in_russian_and_records_once(personas):
    client = personas.client_for(personas.head1)
    url = f"/quality/complaints/new/?recipient={personas.recipient_of_worker1.pk}"
    page = client.get(url)
    form_uuid = str(page.context["form"]["form_uuid"].value())
    data = {
        "form_uuid": form_uuid,
        "received_on": "2026-12-01",
        "channel": "letter",
        "applicant": "",
        "content": "Жалоба",
        "responsible": str(personas.head1.pk),
    }
    refused = client.post(url, data)
    errors = refused.context["form"].errors
    assert errors["received_on"] == ["Дата не может быть позже сегодняшнего дня."]
    assert errors["applicant"] == ["Обязательное поле."]
    data |= {"received_on": "2026-11-20", "applicant": "Иванова Мария Петровна"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert "уже зарегистрировано" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_overdue_appeals_are_listed_and_counted_on_the_start_page(personas):
    late = complaint(personas.head1, personas.recipient_of_worker1, on=D(2026, 10, 1))
    complaint(personas.head1, personas.recipient_of_worker2)
    client = personas.client_for(personas.head1)
    overdue = client.get("/quality/complaints/?state=overdue").context["page"].object_list
    assert [c.pk for c in overdue] == [late.pk]
    start = client.get("/")
    tiles = {
        t.label: t.count
        for template, context in start.context["widgets"]
        if template == "quality/_widget.html"
        for t in context["tiles"]
    }
    assert tiles["Обращения: срок ответа истёк"] == 1
    assert tiles["Обращения на рассмотрении"] == 2


def test_an_appeal_about_no_recipient_is_read_by_those_who_read_its_department(personas):
    appeal = services.complaint_register(
        actor=personas.director,
        form_uuid=uuid.uuid4(),
        received_on=TODAY,
        channel="ministry",
        applicant="Министерство социальной защиты",
        applicant_address="",
        recipient=None,
        department=personas.department2,
        worker=None,
        content="Жалоба жителя на график работы отделения.",
        responsible=personas.director,
        today=TODAY,
    )
    assert (
        personas.client_for(personas.head2).get(f"/quality/complaints/{appeal.pk}/").status_code
        == 200
    )
    assert (
        personas.client_for(personas.head1).get(f"/quality/complaints/{appeal.pk}/").status_code
        == 404
    )
