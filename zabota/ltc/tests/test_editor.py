"""The methodology editor's services: every edit under a revision, audited, never of a published
methodology; problems named in Russian; publishing once; the preview stores nothing."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.audit.models import EventKind, SecurityEvent
from zabota.ltc import services
from zabota.ltc.drafts import draft_problems, editable, preview
from zabota.ltc.models import Assessment, Methodology
from zabota.ltc.selectors import methodology_in_force
from zabota.ltc.services import editor
from zabota.ltc.tests.conftest import json_file, small_methodology
from zabota.rules.ltc import kept_answers, load_methodology, score

pytestmark = pytest.mark.django_db


def new_draft(actor, **changes) -> Methodology:
    fields = {
        "code": "region",
        "title": "Анкета региона",
        "version": "2027.1",
        "source": "Приказ министерства № 7",
    } | changes
    return editor.draft_create(actor=actor, **fields)


def fresh(methodology: Methodology) -> Methodology:
    return Methodology.objects.get(pk=methodology.pk)


def built(actor) -> Methodology:
    """A draft of three questions (0–1, 0–1, 0–0,5) and two outcomes covering 0–2,5."""
    draft = new_draft(actor, reassess_months="12")

    def edit(function, **fields):
        nonlocal draft
        draft = function(actor=actor, methodology=draft, expected_revision=draft.revision, **fields)

    for text in ("Передвижение", "Приём пищи", "Одевание"):
        edit(editor.question_save, block=0, index=None, text=text)
    for question, high in ((0, "1"), (1, "1"), (2, "0,5")):
        edit(editor.option_save, block=0, question=question, index=None, text="сам", points="0")
        edit(editor.option_save, block=0, question=question, index=None, text="нет", points=high)
    edit(
        editor.outcome_save,
        index=None,
        title="Первый уровень",
        value="1",
        min="0",
        max="1",
        hours_per_week="7",
    )
    edit(
        editor.outcome_save,
        index=None,
        title="Второй уровень",
        value="2",
        min="1,5",
        max="2.5",
        hours_per_week="14",
        reassess_months="6",
    )
    return draft


def test_a_new_methodology_is_an_empty_draft_with_its_heading(personas):
    draft = new_draft(personas.admin, outcome_kind="group", scoring="expert", reassess_months="6")
    assert draft.published_at is None and draft.revision == 0
    assert draft.data["outcome_kind"] == "group" and draft.data["scoring"] == "expert"
    assert draft.data["reassess_months"] == 6
    assert draft.data["questions"] == [] and "blocks" not in draft.data
    assert SecurityEvent.objects.filter(kind=EventKind.CREATE, object_id=str(draft.pk)).exists()
    assert "Нет ни одного вопроса." in draft_problems(draft.data)


def test_a_built_draft_has_no_problems_and_numbers_typed_with_a_comma(personas):
    draft = built(personas.admin)
    assert draft_problems(draft.data) == []
    options = draft.data["questions"][2]["options"]
    assert [o["points"] for o in options] == [0, 0.5]
    assert draft.data["outcomes"][1] | {} == {
        "code": "2",
        "title": "Второй уровень",
        "value": 2,
        "min": 1.5,
        "max": 2.5,
        "hours_per_week": 14,
        "reassess_months": 6,
    }


def test_every_edit_bumps_the_revision_and_writes_an_audit_entry(personas):
    draft = new_draft(personas.admin)
    before = SecurityEvent.objects.filter(kind=EventKind.UPDATE).count()
    draft = editor.question_save(
        actor=personas.admin, methodology=draft, expected_revision=0, block=0, index=None, text="А"
    )
    draft = editor.block_save(
        actor=personas.admin, methodology=draft, expected_revision=1, index=None, title="Быт"
    )
    draft = editor.element_move(
        actor=personas.admin,
        methodology=draft,
        expected_revision=2,
        element="block",
        path=(1,),
        step=-1,
    )
    draft = editor.element_delete(
        actor=personas.admin, methodology=draft, expected_revision=3, element="block", path=(0,)
    )
    assert fresh(draft).revision == 4
    assert [b["title"] for b in editable(fresh(draft).data)["blocks"]] == [""]
    events = SecurityEvent.objects.filter(kind=EventKind.UPDATE).order_by("pk")
    assert events.count() == before + 4
    assert events.last().details == "черновик методики: удалён блок «Быт»"


def test_a_stale_revision_is_refused_and_nothing_changes(personas):
    draft = built(personas.admin)
    data, revision = draft.data, draft.revision
    with pytest.raises(ValidationError, match="Черновик уже изменён"):
        editor.question_save(
            actor=personas.admin,
            methodology=draft,
            expected_revision=revision - 1,
            block=0,
            index=0,
            text="Другой текст",
        )
    assert (fresh(draft).data, fresh(draft).revision) == (data, revision)


EDITS = {
    "header": lambda: editor.draft_header_save,
    "block": lambda: editor.block_save,
    "question": lambda: editor.question_save,
    "option": lambda: editor.option_save,
    "outcome": lambda: editor.outcome_save,
    "delete": lambda: editor.element_delete,
    "move": lambda: editor.element_move,
}
EDIT_FIELDS = {
    "header": {
        "code": "region",
        "title": "Новое",
        "version": "2027.1",
        "source": "Приказ № 7",
        "outcome_kind": "level",
        "scoring": "points",
        "reassess_months": "",
    },
    "block": {"index": 0, "title": "Блок"},
    "question": {"block": 0, "index": 0, "text": "Новый текст"},
    "option": {"block": 0, "question": 0, "index": 0, "text": "да", "points": "3"},
    "outcome": {"index": 0, "title": "Уровень", "min": "0", "max": "9", "hours_per_week": "1"},
    "delete": {"element": "outcome", "path": (0,)},
    "move": {"element": "outcome", "path": (0,), "step": 1},
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_published_methodology_is_never_edited(personas, edit):
    draft = built(personas.admin)
    published = editor.draft_publish(
        actor=personas.admin, methodology=draft, expected_revision=draft.revision
    )
    data = fresh(published).data
    with pytest.raises(ValidationError, match="опубликована и больше не изменяется"):
        EDITS[edit]()(
            actor=personas.admin,
            methodology=published,
            expected_revision=published.revision,
            **EDIT_FIELDS[edit],
        )
    assert fresh(published).data == data


def test_publishing_twice_publishes_once(personas):
    draft = built(personas.admin)
    published = editor.draft_publish(
        actor=personas.admin, methodology=draft, expected_revision=draft.revision
    )
    with pytest.raises(ValidationError, match="опубликована"):
        editor.draft_publish(
            actor=personas.admin, methodology=draft, expected_revision=draft.revision
        )
    assert fresh(published).published_at == published.published_at
    published_events = SecurityEvent.objects.filter(
        object_id=str(draft.pk), details="методика опубликована"
    )
    assert published_events.count() == 1
    # The stored data is the canonical form the rules read back unchanged.
    assert load_methodology(fresh(published).data).outcomes[1].value == 2


def test_a_draft_with_problems_is_not_published(personas):
    draft = new_draft(personas.admin)
    with pytest.raises(ValidationError) as refused:
        editor.draft_publish(actor=personas.admin, methodology=draft, expected_revision=0)
    assert "Нет ни одного вопроса." in refused.value.messages
    assert fresh(draft).published_at is None


def test_problems_name_overlaps_gaps_options_without_points_and_outcomes_without_hours(
    personas,
):
    draft = built(personas.admin)
    data = editable(draft.data)
    data["outcomes"][1]["min"] = 1  # overlaps the first one's 0–1
    del data["outcomes"][0]["hours_per_week"]
    del data["blocks"][0]["questions"][0]["options"][1]["points"]
    problems = draft_problems(data)
    assert "Исход «Первый уровень»: не указаны часы ухода в неделю." in problems
    assert "Вопрос «Передвижение», вариант «нет»: не указаны баллы." in problems
    assert (
        "Диапазоны исходов «Первый уровень» (0–1) и «Второй уровень» (1–2,5) пересекаются."
        in problems
    )
    gap = editable(draft.data)
    gap["outcomes"][1]["min"] = 2
    assert draft_problems(gap) == [
        "Сумма баллов 1,5 не попадает ни в один исход: диапазоны должны покрывать каждую "
        "возможную сумму."
    ]


def test_a_draft_is_never_put_in_force_nor_offered_for_an_interview(personas, regional):
    draft = built(personas.admin)
    with pytest.raises(ValidationError, match="Черновик нельзя ввести в действие"):
        services.methodology_activate(
            actor=personas.admin, methodology=draft, effective_from=datetime.date(2025, 6, 1)
        )
    # Even a row marked active by hand is not the one in force.
    Methodology.objects.filter(pk=draft.pk).update(
        is_active=True, effective_from=datetime.date(2025, 6, 1)
    )
    assert methodology_in_force(personas.institution, datetime.date(2026, 1, 1)) == regional


def test_a_published_draft_is_put_in_force_and_scores(personas):
    draft = built(personas.admin)
    published = editor.draft_publish(
        actor=personas.admin, methodology=draft, expected_revision=draft.revision
    )
    services.methodology_activate(
        actor=personas.admin, methodology=published, effective_from=datetime.date(2025, 1, 1)
    )
    assert methodology_in_force(personas.institution, datetime.date(2026, 1, 1)) == published


def test_a_condition_names_an_earlier_question_and_follows_its_renames(personas):
    draft = built(personas.admin)
    edit = {"actor": personas.admin, "block": 0}
    with pytest.raises(ValidationError, match="только на один из предыдущих"):
        editor.question_save(
            **edit,
            methodology=draft,
            expected_revision=draft.revision,
            index=0,
            text="Передвижение",
            show_if_question="q2",
        )
    draft = editor.question_save(
        **edit,
        methodology=draft,
        expected_revision=draft.revision,
        index=2,
        text="Одевание",
        show_if_question="q1",
        show_if_options=["b"],
    )
    draft = editor.question_save(
        **edit,
        methodology=draft,
        expected_revision=draft.revision,
        index=0,
        text="Передвижение",
        code="walk",
    )
    draft = editor.option_save(
        **edit,
        methodology=draft,
        expected_revision=draft.revision,
        question=0,
        index=1,
        text="нет",
        points="1",
        code="no",
    )
    condition = draft.data["questions"][2]["show_if"]
    assert condition == {"question": "walk", "options": ["no"]}
    with pytest.raises(ValidationError, match="ссылается условие вопроса «Одевание»"):
        editor.element_delete(
            actor=personas.admin,
            methodology=draft,
            expected_revision=draft.revision,
            element="question",
            path=(0, 0),
        )
    assert draft_problems(draft.data) == []


HOSTILE = [
    pytest.param("\x07звонок", r"недопустимый управляющий символ U\+0007", id="control"),
    pytest.param("я" * 10_000, "больше", id="10000-chars"),
    pytest.param("   ", "Заполните поле", id="empty"),
]


@pytest.mark.parametrize(("value", "message"), HOSTILE)
@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ("header", "title"),
        ("header", "code"),
        ("header", "version"),
        ("header", "source"),
        ("block", "title"),
        ("question", "text"),
        ("option", "text"),
        ("outcome", "title"),
    ],
)
def test_hostile_text_in_every_field_is_refused_with_a_message(
    personas, edit, field, value, message
):
    draft = built(personas.admin)
    if edit == "block" and message == "Заполните поле":
        message = None  # a block's title may be empty
    fields = EDIT_FIELDS[edit] | {field: value}
    call = EDITS[edit]()
    if message is None:
        call(actor=personas.admin, methodology=draft, expected_revision=draft.revision, **fields)
        return
    with pytest.raises(ValidationError, match=message):
        call(actor=personas.admin, methodology=draft, expected_revision=draft.revision, **fields)
    assert fresh(draft).revision == draft.revision


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("points", "много", "введите число"),
        ("points", "0,125", "не больше 2 знаков"),
        ("points", "1e400", "не больше"),
        ("points", "NaN", "введите число"),
    ],
)
def test_a_number_that_is_not_one_is_refused(personas, field, value, message):
    draft = built(personas.admin)
    with pytest.raises(ValidationError, match=message):
        editor.option_save(
            actor=personas.admin,
            methodology=draft,
            expected_revision=draft.revision,
            **EDIT_FIELDS["option"] | {field: value},
        )


def test_a_formula_is_kept_as_text(personas):
    draft = built(personas.admin)
    draft = editor.question_save(
        actor=personas.admin,
        methodology=draft,
        expected_revision=draft.revision,
        block=0,
        index=0,
        text='=HYPERLINK("http://x")',
    )
    assert draft.data["questions"][0]["text"] == '=HYPERLINK("http://x")'


def test_an_outcome_range_from_above_to_is_refused(personas):
    draft = built(personas.admin)
    with pytest.raises(ValidationError, match="«от» больше, чем «до»"):
        editor.outcome_save(
            actor=personas.admin,
            methodology=draft,
            expected_revision=draft.revision,
            **EDIT_FIELDS["outcome"] | {"min": "5", "max": "4"},
        )


def test_a_new_version_copies_a_published_methodology_into_a_draft(personas, regional):
    draft = editor.draft_new_version(actor=personas.admin, methodology=regional, version="2027.1")
    assert draft.is_draft and draft.version == "2027.1"
    assert load_methodology(draft.data).questions == regional.rules.questions
    with pytest.raises(ValidationError, match="уже есть"):
        editor.draft_new_version(actor=personas.admin, methodology=regional, version="2027.1")


def test_an_import_keeps_a_broken_file_as_a_draft_with_its_problems(personas):
    data = small_methodology()
    del data["outcomes"][0]["hours_per_week"]
    draft = editor.draft_import(actor=personas.admin, file=json_file(data))
    assert draft.is_draft
    assert "Исход «Не нуждается»: не указаны часы ухода в неделю." in draft_problems(draft.data)
    with pytest.raises(ValidationError, match="уже есть"):
        editor.draft_import(actor=personas.admin, file=json_file(data))


def test_an_import_refuses_what_the_upload_refuses(personas):
    with pytest.raises(ValidationError, match="в формате .json"):
        editor.draft_import(actor=personas.admin, file=json_file({}, name="region.xlsx"))
    with pytest.raises(ValidationError, match="Код методики"):
        editor.draft_import(actor=personas.admin, file=json_file({"title": "Без кода"}))


def full_v2() -> dict:
    """A methodology with every field of format version 2."""
    return {
        "code": "full",
        "title": "Анкета со всеми полями",
        "source": "Приказ № 5",
        "version": "2026.2",
        "is_example": False,
        "outcome_kind": "group",
        "scoring": "points",
        "reassess_months": 12,
        "blocks": [
            {
                "code": "A",
                "title": "Самообслуживание",
                "questions": [
                    {
                        "code": "walk",
                        "text": "Ходит",
                        "options": [
                            {"code": "a", "text": "сам", "points": 0},
                            {"code": "b", "text": "с помощью", "points": 0.5},
                        ],
                    }
                ],
            },
            {
                "code": "B",
                "title": "Быт",
                "questions": [
                    {
                        "code": "stairs",
                        "text": "Лестница",
                        "options": [
                            {"code": "a", "text": "да", "points": 0},
                            {"code": "b", "text": "нет", "points": 1},
                        ],
                        "show_if": {"question": "walk", "options": ["b"]},
                    }
                ],
            },
        ],
        "outcomes": [
            {"code": "0", "title": "Группа 0", "value": 0, "min": 0, "max": 0, "hours_per_week": 0},
            {"code": "3", "title": "Группа 3", "value": 3, "min": 0.5, "max": 1.5,
             "hours_per_week": 10.5, "reassess_months": 6},
        ],
    }  # fmt: skip


def test_an_exported_methodology_imported_again_is_the_same(personas, client):
    original = services.methodology_upload(actor=personas.admin, file=json_file(full_v2()))
    client.force_login(personas.admin.user)
    exported = client.get(reverse("ltc:methodology_download", args=[original.pk])).content
    draft = editor.draft_import(
        actor=personas.admin, file=json_file(json.loads(exported)), version="2026.3"
    )
    assert draft_problems(draft.data) == []
    published = editor.draft_publish(
        actor=personas.admin, methodology=draft, expected_revision=draft.revision
    )
    assert fresh(published).data == original.data | {"version": "2026.3"}
    assert fresh(published).data["blocks"][1]["questions"][0]["show_if"] == {
        "question": "walk",
        "options": ["b"],
    }


def test_the_preview_applies_conditions_and_stores_nothing(personas):
    data = full_v2()
    today = datetime.date(2026, 8, 31)
    skipped = preview(editable(data), {"walk": "a", "stairs": "b"}, today)
    assert skipped.asked == {"walk"} and skipped.total == 0 and skipped.outcome == "Группа 0"
    asked = preview(editable(data), {"walk": "b", "stairs": "b"}, today)
    assert (asked.total, asked.outcome, asked.hours_per_week) == (
        Decimal("1.5"),
        "Группа 3",
        Decimal("10.5"),
    )
    assert asked.next_date == datetime.date(2027, 2, 28)
    unanswered = preview(editable(data), {"walk": "b"}, today)
    assert unanswered.missing == ("Лестница",) and unanswered.total is None
    assert not Assessment.objects.exists()


def test_the_preview_scores_every_set_of_answers_as_an_interview_would():
    data = full_v2()
    checked = load_methodology(data)
    for walk in ("a", "b"):
        for stairs in ("a", "b"):
            answers = {"walk": walk, "stairs": stairs}
            shown = preview(editable(data), answers, datetime.date(2026, 1, 1))
            scored = score(checked, kept_answers(checked, answers))
            assert (shown.total, shown.outcome, shown.hours_per_week) == (
                scored.total,
                scored.title,
                scored.hours_per_week,
            )


def test_an_expert_methodology_needs_no_points_but_a_group_within_0_to_5(personas):
    draft = new_draft(personas.admin, outcome_kind="group", scoring="expert", reassess_months="12")
    draft = editor.question_save(
        actor=personas.admin, methodology=draft, expected_revision=0, block=0, index=None, text="А"
    )
    draft = editor.option_save(
        actor=personas.admin,
        methodology=draft,
        expected_revision=1,
        block=0,
        question=0,
        index=None,
        text="сам",
    )
    draft = editor.outcome_save(
        actor=personas.admin,
        methodology=draft,
        expected_revision=2,
        index=None,
        title="Группа 5",
        value="5",
        hours_per_week="28",
    )
    assert draft_problems(draft.data) == []
    with pytest.raises(ValidationError, match="не больше 5"):
        editor.outcome_save(
            actor=personas.admin,
            methodology=draft,
            expected_revision=3,
            index=0,
            title="Группа 6",
            value="6",
            hours_per_week="28",
        )
    level = editable(draft.data) | {"outcome_kind": "level"}
    assert "Исход «Группа 5»: уровень нуждаемости бывает от 1 до 3." in draft_problems(level)


def test_a_line_break_is_kept_in_a_question_and_refused_in_a_title(personas):
    draft = built(personas.admin)
    draft = editor.question_save(
        actor=personas.admin,
        methodology=draft,
        expected_revision=draft.revision,
        block=0,
        index=0,
        text="Передвижение\nпо квартире",
    )
    assert draft.data["questions"][0]["text"] == "Передвижение\nпо квартире"
    with pytest.raises(ValidationError, match="перевод строки"):
        editor.outcome_save(
            actor=personas.admin,
            methodology=draft,
            expected_revision=draft.revision,
            **EDIT_FIELDS["outcome"] | {"title": "Первый\nуровень"},
        )


def test_the_number_of_outcomes_and_options_is_limited_by_settings(personas, settings):
    settings.ZABOTA_METHODOLOGY_MAX_OUTCOMES = 2
    settings.ZABOTA_METHODOLOGY_MAX_OPTIONS = 2
    draft = built(personas.admin)
    edit = {"actor": personas.admin, "methodology": draft, "expected_revision": draft.revision}
    with pytest.raises(ValidationError, match="больше 2 исходов"):
        editor.outcome_save(**edit, **EDIT_FIELDS["outcome"] | {"index": None})
    with pytest.raises(ValidationError, match="больше 2 вариантов"):
        editor.option_save(**edit, **EDIT_FIELDS["option"] | {"index": None})
