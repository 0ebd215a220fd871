import pytest

from zabota.audit.models import SecurityEvent
from zabota.quality import services
from zabota.quality.models import Checklist, Questionnaire
from zabota.quality.tests.conftest import survey

pytestmark = pytest.mark.django_db


def test_the_default_questionnaire_has_eight_questions_on_a_five_point_scale(personas):
    questionnaire = services.questionnaire_in_use(personas.institution)
    assert len(questionnaire.questions) == 8
    assert [g.value for g in questionnaire.grades] == [5, 4, 3, 2, 1]
    assert questionnaire.satisfied_from == 4
    assert len(services.checklist_in_use(personas.institution).items) == 5


def test_the_centre_replaces_the_questionnaire_and_old_surveys_keep_theirs(personas):
    old = survey(personas.head1, personas.recipient_of_worker1, 5)
    first = services.questionnaire_in_use(personas.institution)
    kept = first.questions[0]["text"]
    client = personas.client_for(personas.admin)
    response = client.post(
        "/quality/questionnaire/",
        {
            "title": "Анкета центра",
            "questions": f"{kept}\nДовольны ли Вы чистотой после уборки?",
            "scale": "3 — да\n2 — отчасти\n1 — нет",
            "satisfied_from": "3",
        },
    )
    assert response.status_code == 302
    current = services.questionnaire_in_use(personas.institution)
    assert current.version == 2 and current.satisfied_from == 3
    assert [q["code"] for q in current.questions] == ["q1", "q9"]
    assert Questionnaire.objects.filter(is_active=True).count() == 1
    old.refresh_from_db()
    assert old.questionnaire == first
    assert SecurityEvent.objects.filter(
        object_type="quality.questionnaire", kind="settings"
    ).exists()
    page = personas.client_for(personas.head1).get(
        f"/quality/recipients/{personas.recipient_of_worker1.pk}/survey/"
    )
    assert len(page.context["form"].question_fields()) == 2


def test_a_malformed_questionnaire_or_checklist_is_refused_in_russian(personas):
    client = personas.client_for(personas.director)
    response = client.post(
        "/quality/questionnaire/",
        {"title": "А", "questions": "Один\nОдин", "scale": "отлично", "satisfied_from": "4"},
    )
    errors = response.context["form"].errors
    assert errors["questions"] == ["Одна и та же строка указана дважды."]
    assert "нужен вид «5 — полностью удовлетворён»" in errors["scale"][0]
    response = client.post("/quality/checklist/", {"title": "Перечень", "items": " \n "})
    assert "items" in response.context["form"].errors
    assert Questionnaire.objects.count() == 1 and Checklist.objects.count() == 1


def test_the_recipients_card_links_the_survey_the_appeal_and_the_inspection(personas):
    recipient = personas.recipient_of_worker1
    head = personas.client_for(personas.head1).get(f"/recipients/{recipient.pk}/").content.decode()
    assert f"/quality/recipients/{recipient.pk}/survey/" in head
    assert f"/quality/complaints/new/?recipient={recipient.pk}" in head
    assert f"/quality/recipients/{recipient.pk}/inspection/" in head
    specialist = personas.client_for(personas.specialist).get(f"/recipients/{recipient.pk}/")
    assert f"/quality/recipients/{recipient.pk}/inspection/" not in specialist.content.decode()
    worker = personas.client_for(personas.worker1).get(f"/recipients/{recipient.pk}/")
    assert "Качество обслуживания" not in worker.content.decode()
