"""The methodology editor's pages: plain POST forms, refusals shown as messages, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zabota.audit.models import SecurityEvent
from zabota.ltc.drafts import editable
from zabota.ltc.models import Assessment, Methodology
from zabota.ltc.services import editor
from zabota.ltc.tests.conftest import json_file
from zabota.ltc.tests.test_editor import built, full_v2, new_draft
from zabota.testing import make_institution, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(personas):
    return personas.client_for(personas.admin)


def edit_url(draft: Methodology, element: str) -> str:
    return reverse("ltc:methodology_edit", args=[draft.pk, element])


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_an_administrator_creates_a_draft_and_fills_it_through_the_page(personas, admin):
    response = admin.post(
        reverse("ltc:methodology_new"),
        {
            "code": "region",
            "title": "Анкета региона",
            "methodology_version": "2027.1",
            "source": "Приказ № 3",
            "outcome_kind": "level",
            "scoring": "points",
            "reassess_months": "12",
        },
    )
    draft = Methodology.objects.get(code="region")
    assert response.url == reverse("ltc:methodology_editor", args=[draft.pk])
    admin.post(edit_url(draft, "question"), {"revision": 0, "block": 0, "text": "Передвижение"})
    admin.post(
        edit_url(draft, "option"),
        {"revision": 1, "block": 0, "question": 0, "text": "с помощью", "points": "0,5"},
    )
    admin.post(
        edit_url(draft, "outcome"),
        {
            "revision": 2,
            "title": "Первый",
            "value": "1",
            "min": "0",
            "max": "1",
            "hours_per_week": "7",
        },  # noqa: E501
    )
    draft.refresh_from_db()
    assert draft.revision == 3
    assert draft.data["questions"][0]["options"] == [
        {"code": "a", "text": "с помощью", "points": 0.5}
    ]
    page = admin.get(reverse("ltc:methodology_editor", args=[draft.pk]))
    assert page.status_code == 200
    assert page.context["problems"] == []
    assert "Ошибок нет" in page.content.decode()


def test_a_stale_form_is_refused_with_a_message_and_nothing_changes(personas, admin):
    draft = built(personas.admin)
    response = admin.post(
        edit_url(draft, "question"),
        {"revision": draft.revision - 1, "block": 0, "question": 0, "text": "Другое"},
        follow=True,
    )
    assert "Черновик уже изменён" in messages_of(response)
    assert Methodology.objects.get(pk=draft.pk).data == draft.data


def test_a_refused_edit_comes_back_with_what_was_typed_in_its_own_form_once(personas, admin):
    draft = built(personas.admin)
    typed = {"text": "Ходит с палочкой, медленно", "points": "много"}
    admin.post(
        edit_url(draft, "option"),
        {"revision": draft.revision, "block": 0, "question": 0, **typed},
    )
    page = admin.get(reverse("ltc:methodology_editor", args=[draft.pk]))
    assert page.context["typed"] == {"form": "new-option-0-0", "values": typed}
    assert 'id="editor-typed"' in page.content.decode()
    assert 'id="new-option-0-0"' in page.content.decode()  # the form it goes back into
    assert Methodology.objects.get(pk=draft.pk).data == draft.data
    again = admin.get(reverse("ltc:methodology_editor", args=[draft.pk]))
    assert again.context["typed"] is None  # one page load, not for ever


def test_a_refused_edit_of_an_existing_outcome_names_that_outcome_s_form(personas, admin):
    draft = built(personas.admin)
    admin.post(
        edit_url(draft, "outcome"),
        {"revision": draft.revision, "outcome": 0, "title": "Первый", "min": "x"},
    )
    page = admin.get(reverse("ltc:methodology_editor", args=[draft.pk]))
    assert page.context["typed"]["form"] == "outcome-0"
    assert page.context["typed"]["values"]["min"] == "x"
    assert 'id="outcome-0"' in page.content.decode()


GARBAGE = ["\x00", "\x1b[31m", "=1+2", "я" * 10_000, "", "abc", "-1", "1e999", "NaN"]


@pytest.mark.parametrize("element", ["header", "block", "question", "option", "outcome"])
def test_garbage_in_any_field_of_any_form_is_a_message_not_a_server_error(personas, admin, element):
    draft = built(personas.admin)
    fields = [
        "code",
        "title",
        "methodology_version",
        "source",
        "outcome_kind",
        "scoring",
        "text",
        "points",
    ]
    fields += ["value", "min", "max", "hours_per_week", "reassess_months", "show_if_question"]
    fields += ["block", "question", "option", "outcome", "action", "revision"]
    good = {"block": 0, "question": 0, "option": 0, "outcome": 0, "action": "save"}
    for field in fields:
        for value in GARBAGE:
            current = Methodology.objects.get(pk=draft.pk)
            data = good | {"revision": current.revision, field: value}
            response = admin.post(edit_url(draft, element), data)
            assert response.status_code == 302, (element, field, value[:20])
    stored = Methodology.objects.get(pk=draft.pk).data
    assert "\x00" not in str(stored) and "я" * 1001 not in str(stored)


def test_another_institutions_draft_is_not_found(personas, admin):
    other = make_institution("Другой центр")
    foreign = new_draft(make_staff(other, "admin", "other_admin"))
    for name in ("ltc:methodology_editor", "ltc:methodology_preview"):
        assert admin.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert admin.post(edit_url(foreign, "block"), {"revision": 0}).status_code == 404
    publish = reverse("ltc:methodology_publish", args=[foreign.pk])
    assert admin.post(publish, {"revision": 0}).status_code == 404


def test_a_double_press_of_publish_publishes_once(personas, admin):
    draft = built(personas.admin)
    url = reverse("ltc:methodology_publish", args=[draft.pk])
    first = admin.post(url, {"revision": draft.revision})
    second = admin.post(url, {"revision": draft.revision}, follow=True)
    assert first.url == reverse("ltc:methodology", args=[draft.pk])
    assert "Методика уже опубликована" in messages_of(second)
    events = SecurityEvent.objects.filter(object_id=str(draft.pk), details="методика опубликована")
    assert events.count() == 1


def test_a_published_methodology_opens_read_only_and_refuses_edits(personas, admin, regional):
    editor_page = admin.get(reverse("ltc:methodology_editor", args=[regional.pk]))
    assert editor_page.url == reverse("ltc:methodology", args=[regional.pk])
    response = admin.post(
        edit_url(regional, "outcome"),
        {"revision": regional.revision, "outcome": 0, "action": "delete"},
        follow=True,
    )
    assert "опубликована и больше не изменяется" in messages_of(response)
    assert Methodology.objects.get(pk=regional.pk).data == regional.data


def test_a_draft_opens_in_the_editor_and_the_list_shows_it_apart(personas, admin, regional):
    draft = new_draft(personas.admin, title="Черновик анкеты")
    detail = admin.get(reverse("ltc:methodology", args=[draft.pk]))
    assert detail.url == reverse("ltc:methodology_editor", args=[draft.pk])
    listing = admin.get(reverse("ltc:methodologies"))
    assert list(listing.context["drafts"]) == [draft]
    assert draft not in listing.context["page"].object_list
    assert "черновик" in listing.content.decode()
    found = admin.get(reverse("ltc:methodologies"), {"q": "Анкета-опросник"})
    assert list(found.context["drafts"]) == []
    assert list(found.context["page"].object_list) == [regional]


def test_the_preview_page_scores_without_storing_an_assessment(personas, admin):
    draft = built(personas.admin)
    response = admin.post(
        reverse("ltc:methodology_preview", args=[draft.pk]),
        {"answer-q1": "b", "answer-q2": "b", "answer-q3": "a"},
    )
    result = response.context["result"]
    assert (result.total, result.outcome, result.hours_per_week) == (2, "Второй уровень", 14)
    assert "Второй уровень" in response.content.decode()
    assert not Assessment.objects.exists()


def test_new_version_and_import_pages_make_drafts(personas, admin, regional):
    response = admin.post(
        reverse("ltc:methodology_new_version", args=[regional.pk]),
        {"methodology_version": "2027.1"},
    )
    draft = Methodology.objects.get(code=regional.code, version="2027.1")
    assert response.url == reverse("ltc:methodology_editor", args=[draft.pk])
    assert editable(draft.data)["blocks"][0]["questions"][0]["code"] == "walk"
    exported = admin.get(reverse("ltc:methodology_download", args=[regional.pk])).content
    upload = SimpleUploadedFile("region.json", exported)
    imported = admin.post(
        reverse("ltc:methodology_import"), {"file": upload, "methodology_version": "2028.1"}
    )
    copy = Methodology.objects.get(code=regional.code, version="2028.1")
    assert imported.url == reverse("ltc:methodology_editor", args=[copy.pk])
    assert copy.is_draft


def test_the_preview_hides_a_conditional_question_until_its_answer_is_given(personas, admin):
    draft = editor.draft_import(actor=personas.admin, file=json_file(full_v2()))
    url = reverse("ltc:methodology_preview", args=[draft.pk])
    first = admin.get(url)
    assert [q["asked"] for q in first.context["questions"]] == [True, False]
    assert 'data-show-if="walk" data-show-options="b" hidden' in first.content.decode()
    answered = admin.post(url, {"answer-walk": "b"})
    assert [q["asked"] for q in answered.context["questions"]] == [True, True]
    assert answered.context["result"].missing == ("Лестница",)
