import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from zabota.audit.models import SecurityEvent
from zabota.quality import services
from zabota.quality.models import SampleState, Survey, SurveySample
from zabota.quality.tests.conftest import TODAY, answers, survey
from zabota.testing import make_recipient

pytestmark = pytest.mark.django_db


def test_a_survey_counts_the_answers_at_the_top_of_the_scale_and_names_the_serving_workers(
    personas,
):
    taken = survey(personas.head1, personas.recipient_of_worker1, 5, 4, 3, 2, 5)
    assert (taken.answer_count, taken.satisfied_count, taken.grade_total) == (8, 6, 34)
    assert set(taken.workers.all()) == {personas.worker1, personas.caregiver1}
    assert taken.department == personas.department1
    entry = SecurityEvent.objects.get(object_type="quality.survey", object_id=str(taken.pk))
    assert entry.recipient_id == personas.recipient_of_worker1.pk


def test_an_anonymous_survey_keeps_no_link_to_the_recipient_not_even_in_the_journal(personas):
    recipient = personas.recipient_of_worker2
    taken = survey(personas.head1, recipient, 5, anonymous=True)
    taken.refresh_from_db()
    assert taken.recipient_id is None and taken.anonymous
    assert list(taken.workers.all()) == [personas.worker2]
    entry = SecurityEvent.objects.get(object_type="quality.survey", object_id=str(taken.pk))
    assert entry.recipient_id is None
    assert recipient.last_name not in entry.object_repr + entry.details
    assert not Survey.objects.filter(recipient=recipient).exists()


def test_a_refusal_is_recorded_without_answers_and_never_anonymously(personas):
    refused = survey(personas.head1, personas.recipient_of_worker1, 5, refused=True)
    assert (refused.status, refused.answers, refused.answer_count) == ("refused", {}, 0)
    with pytest.raises(ValidationError, match="без анонимности"):
        survey(personas.head1, personas.recipient_of_worker1, 5, refused=True, anonymous=True)


def test_it_refuses_a_survey_with_an_unanswered_question_or_a_grade_off_the_scale(personas):
    given = answers(personas.institution, 5)
    del given["q3"]
    with pytest.raises(ValidationError, match="Нет ответа на вопросы № 1, № 3"):
        services.survey_record(
            actor=personas.head1,
            recipient=personas.recipient_of_worker1,
            form_uuid=uuid.uuid4(),
            taken_on=TODAY,
            channel="phone",
            refused=False,
            answers={**given, "q1": 7},
            anonymous=False,
            note="",
            today=TODAY,
        )
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (TODAY + datetime.timedelta(days=1), "позже сегодняшнего"),
        (datetime.date(2024, 12, 1), "поставлен на обслуживание 15.01.2025"),
    ],
)
def test_it_refuses_a_day_in_the_future_or_before_the_recipient_was_enrolled(personas, day, says):
    with pytest.raises(ValidationError, match=says):
        survey(personas.head1, personas.recipient_of_worker1, 5, on=day)


def form_data(personas, form_uuid: str, **changes) -> dict:
    data = {"form_uuid": form_uuid, "taken_on": "2026-11-24", "channel": "visit"}
    data |= {f"q_{k}": str(v) for k, v in answers(personas.institution, 5, 4).items()}
    return data | changes


def test_the_same_form_sent_twice_records_one_survey(personas):
    client = personas.client_for(personas.head1)
    url = f"/quality/recipients/{personas.recipient_of_worker1.pk}/survey/"
    form_uuid = client.get(url).context["form"]["form_uuid"].value()
    first = client.post(url, form_data(personas, str(form_uuid)))
    second = client.post(url, form_data(personas, str(form_uuid)), follow=True)
    assert first.status_code == 302
    assert Survey.objects.count() == 1
    assert "уже сохранена" in second.content.decode()


def test_the_page_says_in_russian_what_is_missing_and_saves_nothing(personas):
    client = personas.client_for(personas.head1)
    url = f"/quality/recipients/{personas.recipient_of_worker1.pk}/survey/"
    data = form_data(personas, str(uuid.uuid4()), q_q2="", taken_on="2026-12-01")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["q_q2"] == ["Нет ответа на вопрос 2."]
    assert errors["taken_on"] == ["Дата не может быть позже сегодняшнего дня."]
    stale = client.post(url, form_data(personas, "not-an-id"))
    assert "Форма устарела, откройте её снова." in stale.content.decode()
    assert not Survey.objects.exists()


def test_a_survey_of_a_recipient_out_of_scope_is_not_found(personas):
    client = personas.client_for(personas.head1)
    assert (
        client.get(
            f"/quality/recipients/{personas.recipient_in_department2.pk}/survey/"
        ).status_code
        == 404
    )
    theirs = survey(personas.head2, personas.recipient_in_department2, 5)
    assert client.get(f"/quality/surveys/{theirs.pk}/").status_code == 404
    anonymous = survey(personas.head2, personas.recipient_in_department2, 5, anonymous=True)
    assert client.get(f"/quality/surveys/{anonymous.pk}/").status_code == 404
    # The head of department 2 reads the anonymous survey of the department.
    head2 = personas.client_for(personas.head2)
    assert head2.get(f"/quality/surveys/{anonymous.pk}/").status_code == 200
    listed = client.get("/quality/surveys/").context["page"].paginator.count
    assert listed == 0


def test_the_quarters_sample_is_a_share_of_each_workers_people_at_least_two_and_kept(
    personas, settings
):
    settings.ZABOTA_SURVEY_SAMPLE_PERCENT, settings.ZABOTA_SURVEY_SAMPLE_MIN = 10, 2
    for n in range(24):
        make_recipient(
            personas.institution,
            personas.department1,
            social_worker=personas.worker2,
            last_name=f"Выборкина{n}",
        )
    quarter = datetime.date(2026, 10, 1)
    added = services.survey_sample_build(
        actor=personas.head1, institution=personas.institution, quarter=TODAY
    )
    by_worker = {
        w: SurveySample.objects.filter(quarter=quarter, worker=w).count()
        for w in (personas.worker1, personas.worker2, personas.caregiver1)
    }
    # worker2 serves 25 people: 10 % is 3 (rounded up); the others serve one person each.
    assert by_worker == {personas.worker1: 1, personas.worker2: 3, personas.caregiver1: 1}
    assert added == SurveySample.objects.filter(institution=personas.institution).count()
    again = services.survey_sample_build(
        actor=None, institution=personas.institution, quarter=TODAY
    )
    assert again == 0


def test_a_survey_marks_the_recipient_asked_in_the_quarters_sample(personas):
    services.survey_sample_build(
        actor=personas.head1, institution=personas.institution, quarter=TODAY
    )
    recipient = personas.recipient_of_worker2
    survey(personas.head1, recipient, 5, anonymous=True)
    states = set(SurveySample.objects.filter(recipient=recipient).values_list("state", flat=True))
    assert states == {SampleState.ANSWERED}
    page = personas.client_for(personas.head1).get("/quality/samples/?state=planned")
    assert recipient not in [s.recipient for s in page.context["page"].object_list]
