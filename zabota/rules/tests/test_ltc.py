import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from zabota.rules.ltc import (
    Assessment,
    Block,
    Condition,
    Methodology,
    Option,
    Outcome,
    Question,
    asked_questions,
    expert_result,
    kept_answers,
    load_methodology,
    outcome_label,
    reassessment_date,
    score,
)

D = Decimal
METHODOLOGIES = Path(__file__).resolve().parents[2] / "ltc" / "methodologies"


def shipped(name: str) -> Methodology:
    with open(METHODOLOGIES / f"{name}.json", encoding="utf-8") as file:
        return load_methodology(json.load(file))


def small() -> dict[str, Any]:
    """Two questions, totals 0..4, four outcomes with edges to probe."""
    return {
        "code": "small",
        "title": "Малая методика",
        "source": "тест",
        "version": "1",
        "questions": [
            {
                "code": "walk",
                "text": "Передвижение",
                "options": [
                    {"code": "a", "text": "сам", "points": 0},
                    {"code": "b", "text": "с помощью", "points": 1},
                    {"code": "c", "text": "не может", "points": 2},
                ],
            },
            {
                "code": "eat",
                "text": "Приём пищи",
                "options": [
                    {"code": "a", "text": "сам", "points": 0},
                    {"code": "b", "text": "с помощью", "points": 1},
                    {"code": "c", "text": "не может", "points": 2},
                ],
            },
        ],
        "outcomes": [
            {"code": "0", "title": "Нет", "min": 0, "max": 0, "hours_per_week": 0, "reassess_months": 12},  # noqa: E501
            {"code": "1", "title": "Первый", "min": 1, "max": 2, "hours_per_week": 7, "reassess_months": 12},  # noqa: E501
            {"code": "2", "title": "Второй", "min": 3, "max": 3, "hours_per_week": 14, "reassess_months": 6},  # noqa: E501
            {"code": "3", "title": "Третий", "min": 4, "max": 4, "hours_per_week": 21.5, "reassess_months": 6},  # noqa: E501
        ],
    }  # fmt: skip


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(ValueError) as error:
        load_methodology(data)
    return str(error.value)


# --- scoring ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("walk", "eat", "total", "outcome", "hours"),
    [
        ("a", "a", 0, "0", "0"),  # min = max of outcome "0"
        ("b", "a", 1, "1", "7"),  # min of "1"
        ("a", "c", 2, "1", "7"),  # max of "1"
        ("c", "b", 3, "2", "14"),  # min = max of "2"
        ("c", "c", 4, "3", "21.5"),  # the highest total; fractional hours kept exact
    ],
)
def test_it_scores_the_boundary_totals_into_their_outcome(
    walk: str, eat: str, total: int, outcome: str, hours: str
) -> None:
    result = score(load_methodology(small()), {"walk": walk, "eat": eat})
    assert (result.total, result.outcome, result.hours_per_week) == (D(total), outcome, D(hours))


def test_the_assessment_explains_the_points_per_question() -> None:
    result = score(load_methodology(small()), {"eat": "b", "walk": "c"})
    assert result == Assessment(
        total=D(3),
        outcome="2",
        title="Второй",
        hours_per_week=D(14),
        reassess_months=6,
        points=(("walk", "c", D(2)), ("eat", "b", D(1))),
    )


def test_it_refuses_a_missing_answer_naming_the_question() -> None:
    with pytest.raises(ValueError, match='Нет ответа на вопрос "Приём пищи"'):
        score(load_methodology(small()), {"walk": "a"})


def test_it_refuses_an_unknown_option_naming_the_question() -> None:
    with pytest.raises(ValueError, match='Вопрос "Приём пищи": нет варианта "x"'):
        score(load_methodology(small()), {"walk": "a", "eat": "x"})


def test_it_refuses_an_answer_to_an_unknown_question() -> None:
    with pytest.raises(ValueError, match='Неизвестный вопрос "sleep"'):
        score(load_methodology(small()), {"walk": "a", "eat": "a", "sleep": "a"})


def test_it_scores_fractional_points_without_float_artefacts() -> None:
    data = small()
    data["questions"][0]["options"] = [
        {"code": "a", "text": "выходит самостоятельно", "points": 0.0},
        {"code": "b", "text": "только с сопровождающим", "points": 0.5},
        {"code": "c", "text": "не может выходить", "points": 1.0},
    ]
    data["questions"][1]["options"][1]["points"] = 0.1
    data["outcomes"] = [
        {"code": "0", "title": "Нет", "min": 0, "max": 0.5, "hours_per_week": 0, "reassess_months": 12},  # noqa: E501
        {"code": "1", "title": "Есть", "min": 0.6, "max": 3, "hours_per_week": 7, "reassess_months": 12},  # noqa: E501
    ]  # fmt: skip
    methodology = load_methodology(data)
    assert score(methodology, {"walk": "b", "eat": "b"}).total == D("0.6")
    assert score(methodology, {"walk": "b", "eat": "b"}).outcome == "1"
    assert score(methodology, {"walk": "b", "eat": "a"}).outcome == "0"


# --- the methodology as data --------------------------------------------------------------


def test_it_loads_the_fields_and_the_helpers_answer() -> None:
    methodology = load_methodology(small())
    assert (methodology.code, methodology.version, methodology.is_example) == ("small", "1", False)
    assert methodology.question("eat") == Question(
        "eat",
        "Приём пищи",
        (Option("a", "сам", D(0)), Option("b", "с помощью", D(1)), Option("c", "не может", D(2))),
    )
    assert methodology.question("nope") is None
    assert methodology.outcome_for(D(3)) == Outcome("2", "Второй", D(3), D(3), D(14), 6)
    assert methodology.outcome_for(D(5)) is None
    assert (methodology.min_total, methodology.max_total) == (D(0), D(4))
    assert methodology.reachable_totals() == frozenset(D(n) for n in range(5))


def test_a_yaml_file_loads_the_same_way() -> None:
    text = yaml.safe_dump(small(), allow_unicode=True)
    assert load_methodology(yaml.safe_load(text)) == load_methodology(small())


def test_an_unreachable_gap_between_outcomes_is_allowed() -> None:
    data = small()
    for question in data["questions"]:
        question["options"] = [
            {"code": "a", "text": "да", "points": 0},
            {"code": "b", "text": "нет", "points": 5},
        ]
    data["outcomes"] = [
        {"code": "0", "title": "Нет", "min": 0, "max": 0, "hours_per_week": 0, "reassess_months": 12},  # noqa: E501
        {"code": "1", "title": "Да", "min": 5, "max": 10, "hours_per_week": 7, "reassess_months": 6},  # noqa: E501
    ]  # fmt: skip
    assert load_methodology(data).reachable_totals() == {D(0), D(5), D(10)}


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target = changed
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        pytest.param(
            ("outcomes", 2, "min"),
            2,
            'Диапазоны исходов "1" (1–2) и "2" (2–3) пересекаются',
            id="overlap",
        ),
        pytest.param(
            ("outcomes", 1, "max"), 1.5, "Сумма 2 не попадает ни в один исход", id="reachable-gap"
        ),
        pytest.param(
            ("outcomes", 3), _DELETE, "Сумма 4 не попадает ни в один исход", id="top-uncovered"
        ),
        pytest.param(
            ("questions", 0, "options", 1, "points"),
            _DELETE,
            'Вопрос "walk", вариант "b": не указаны баллы',
            id="missing-points",
        ),
        pytest.param(
            ("questions", 0, "options", 1, "points"),
            None,
            'Вопрос "walk", вариант "b": не указаны баллы',
            id="null-points",
        ),
        pytest.param(
            ("questions", 0, "options", 1, "points"),
            "много",
            'Вопрос "walk", вариант "b": баллы должны быть числом, указано "много"',
            id="non-numeric-points",
        ),
        pytest.param(
            ("questions", 0, "options", 1, "points"),
            "0,5",
            "баллы должны быть числом",
            id="points-as-a-string",
        ),
        pytest.param(
            ("questions", 0, "options", 1, "points"),
            True,
            "баллы должны быть числом",
            id="boolean-points",
        ),
        pytest.param(
            ("questions", 0, "options", 1, "points"),
            float("nan"),
            "конечным числом",
            id="nan-points",
        ),
        pytest.param(
            ("questions", 1, "code"), "walk", 'Вопрос "walk" встречается дважды', id="dup-question"
        ),
        pytest.param(
            ("questions", 0, "options", 1, "code"),
            "a",
            'Вопрос "walk": вариант "a" встречается дважды',
            id="dup-option",
        ),
        pytest.param(
            ("outcomes", 1, "code"), "0", 'Исход "0" встречается дважды', id="dup-outcome"
        ),
        pytest.param(
            ("questions", 0, "options"), [], 'Вопрос "walk": нет вариантов ответа', id="no-options"
        ),
        pytest.param(("questions",), [], "Не указаны вопросы", id="no-questions"),
        pytest.param(("outcomes",), _DELETE, "Не указаны исходы", id="missing-outcomes"),
        pytest.param(("outcomes",), [], "Не указаны исходы", id="empty-outcomes"),
        pytest.param(
            ("outcomes", 1, "min"),
            5,
            'Исход "1": нижняя граница 5 больше верхней 2',
            id="min-above-max",
        ),
        pytest.param(
            ("outcomes", 1, "max"), "два", 'Исход "1": поле "max" должно быть числом', id="bad-max"
        ),
        pytest.param(
            ("outcomes", 1, "hours_per_week"),
            _DELETE,
            'Исход "1": не указано поле "hours_per_week"',
            id="no-hours",
        ),
        pytest.param(
            ("outcomes", 1, "reassess_months"),
            0,
            'Исход "1": поле "reassess_months" должно быть целым',
            id="zero-months",
        ),
        pytest.param(("code",), _DELETE, 'Не указано поле "code"', id="no-code"),
        pytest.param(("title",), "  ", 'Не указано поле "title"', id="blank-title"),
        pytest.param(("version",), 2026.1, 'Поле "version" должно быть строкой', id="float-ver"),
        pytest.param(("is_example",), "да", 'Поле "is_example"', id="is-example-not-bool"),
        pytest.param(
            ("questions", 1, "code"), _DELETE, 'Вопрос № 2: не указано поле "code"', id="q-code"
        ),
        pytest.param(
            ("questions", 1, "text"), _DELETE, 'Вопрос "eat": не указано поле "text"', id="q-text"
        ),
        pytest.param(
            ("questions", 1, "options", 2, "text"),
            "",
            'Вопрос "eat", вариант "c": не указано поле "text"',
            id="option-text",
        ),
    ],
)
def test_it_refuses_a_broken_methodology_and_says_where(
    path: tuple[Any, ...], value: Any, fragment: str
) -> None:
    assert fragment in refused(_set(small(), path, value))


def test_it_refuses_something_that_is_not_a_methodology() -> None:
    assert "словарём" in refused(["code"])  # type: ignore[arg-type]


def test_a_numeric_outcome_code_from_yaml_is_read_as_text() -> None:
    data = small()
    data["outcomes"][1]["code"] = 1
    assert load_methodology(data).outcome_for(D(1)).code == "1"  # type: ignore[union-attr]


def test_a_huge_table_falls_back_to_checking_the_ranges_for_gaps() -> None:
    # 18 questions with points 0, 1 and 2^k-scaled thirds make far more than 100 000 totals.
    questions = [
        {
            "code": f"q{k}",
            "text": f"Вопрос {k}",
            "options": [
                {"code": "a", "text": "нет", "points": 0},
                {"code": "b", "text": "да", "points": float(D(2**k) / 1000)},
            ],
        }
        for k in range(18)
    ]
    top = sum(D(2**k) / 1000 for k in range(18))
    data = small() | {"questions": questions}
    data["outcomes"] = [
        {"code": "0", "title": "Мало", "min": 0, "max": 100, "hours_per_week": 0, "reassess_months": 12},  # noqa: E501
        {"code": "1", "title": "Много", "min": 100.001, "max": float(top), "hours_per_week": 7, "reassess_months": 6},  # noqa: E501
    ]  # fmt: skip
    methodology = load_methodology(data)
    assert score(methodology, {f"q{k}": "b" for k in range(18)}).total == top

    data["outcomes"][1]["min"] = 100.002  # now 100.001 is on the lattice and uncovered
    assert "Сумма 100,001 не попадает ни в один исход" in refused(data)

    data["outcomes"][1]["min"] = 100.001
    data["outcomes"][1]["max"] = float(top - D("0.001"))
    assert f"Сумма {str(top).replace('.', ',')} не попадает" in refused(data)


# --- the shipped examples -----------------------------------------------------------------


def test_the_barthel_index_reaches_every_multiple_of_five_from_0_to_100() -> None:
    barthel = shipped("barthel")
    assert barthel.reachable_totals() == frozenset(D(n) for n in range(0, 101, 5))
    assert [q.code for q in barthel.questions] == [
        "feeding",
        "bathing",
        "grooming",
        "dressing",
        "bowels",
        "bladder",
        "toilet",
        "transfers",
        "mobility",
        "stairs",
    ]


def test_the_lawton_scale_reaches_0_to_8() -> None:
    lawton = shipped("lawton")
    assert lawton.reachable_totals() == frozenset(D(n) for n in range(9))
    telephone = lawton.question("telephone")
    assert telephone is not None
    assert [o.points for o in telephone.options] == [D(1), D(1), D(1), D(0)]


@pytest.mark.parametrize("name", ["barthel", "lawton"])
def test_the_shipped_mapping_says_it_is_an_example(name: str) -> None:
    methodology = shipped(name)
    assert methodology.is_example
    assert methodology.version == "2026.1"
    assert "пример" in methodology.source
    assert all("(пример)" in outcome.title for outcome in methodology.outcomes)


def test_barthel_0_is_total_dependence_in_the_example_third_level() -> None:
    barthel = shipped("barthel")
    result = score(barthel, {q.code: q.options[0].code for q in barthel.questions})
    assert (result.total, result.outcome, result.hours_per_week, result.reassess_months) == (
        D(0),
        "3",
        D(21),
        6,
    )


def test_barthel_100_is_independent_and_needs_no_care_in_the_example() -> None:
    barthel = shipped("barthel")
    result = score(barthel, {q.code: q.options[-1].code for q in barthel.questions})
    assert (result.total, result.outcome, result.hours_per_week, result.reassess_months) == (
        D(100),
        "0",
        D(0),
        12,
    )
    assert result.title == "Не нуждается в уходе (пример)"


@pytest.mark.parametrize(
    ("total", "outcome"),
    [(0, "3"), (40, "3"), (45, "2"), (60, "2"), (65, "1"), (90, "1"), (95, "0"), (100, "0")],
)
def test_barthel_example_levels_at_their_edges(total: int, outcome: str) -> None:
    found = shipped("barthel").outcome_for(D(total))
    assert found is not None and found.code == outcome


@pytest.mark.parametrize(
    ("total", "outcome"),
    [(0, "3"), (2, "3"), (3, "2"), (4, "2"), (5, "1"), (6, "1"), (7, "0"), (8, "0")],
)
def test_lawton_example_levels_at_their_edges(total: int, outcome: str) -> None:
    found = shipped("lawton").outcome_for(D(total))
    assert found is not None and found.code == outcome


# --- the date of the next assessment ------------------------------------------------------


@pytest.mark.parametrize(
    ("assessed_on", "months", "expected"),
    [
        (datetime.date(2026, 3, 15), 6, datetime.date(2026, 9, 15)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),  # clamped to February
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2026, 12, 1), 12, datetime.date(2027, 12, 1)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),  # across the year
        (datetime.date(2026, 1, 31), 0, datetime.date(2026, 1, 31)),
    ],
)
def test_the_next_assessment_comes_whole_calendar_months_later(
    assessed_on: datetime.date, months: int, expected: datetime.date
) -> None:
    assert reassessment_date(assessed_on, months) == expected


@pytest.mark.parametrize("months", [-1, 1.5, True])
def test_the_next_assessment_needs_a_whole_number_of_months(months: Any) -> None:
    with pytest.raises(ValueError, match="целым"):
        reassessment_date(datetime.date(2026, 1, 1), months)


# --- version 2 of the format: blocks, conditions, outcome kinds, expert scoring ------------


def blocked() -> dict[str, Any]:
    """Two blocks; "stairs" is asked only when "walk" is b or c; levels with values."""
    return {
        "code": "blocked",
        "title": "Методика с блоками",
        "source": "тест",
        "version": "2",
        "outcome_kind": "level",
        "reassess_months": 12,
        "blocks": [
            {
                "code": "A",
                "title": "Передвижение",
                "questions": [
                    {
                        "code": "walk",
                        "text": "Ходит ли",
                        "options": [
                            {"code": "a", "text": "сам", "points": 0},
                            {"code": "b", "text": "с трудом", "points": 1},
                            {"code": "c", "text": "не ходит", "points": 2},
                        ],
                    },
                    {
                        "code": "stairs",
                        "text": "Лестница",
                        "options": [
                            {"code": "a", "text": "поднимается", "points": 0.5},
                            {"code": "b", "text": "не поднимается", "points": 1.5},
                        ],
                        "show_if": {"question": "walk", "options": ["b", "c"]},
                    },
                ],
            },
            {
                "code": "B",
                "title": "Питание",
                "questions": [
                    {
                        "code": "eat",
                        "text": "Ест ли",
                        "options": [
                            {"code": "a", "text": "сам", "points": 0},
                            {"code": "b", "text": "с помощью", "points": 1},
                        ],
                    }
                ],
            },
        ],
        "outcomes": [
            {"code": "0", "title": "Не нуждается", "min": 0, "max": 0.5, "hours_per_week": 0},
            {"code": "1", "title": "Первый", "value": 1, "min": 1, "max": 2, "hours_per_week": 7},
            {"code": "2", "title": "Второй", "value": 2, "min": 2.5, "max": 3.5,
             "hours_per_week": 14, "reassess_months": 6},
            {"code": "3", "title": "Третий", "value": 3, "min": 4, "max": 4.5,
             "hours_per_week": 21.5, "reassess_months": 6},
        ],
    }  # fmt: skip


def expert() -> dict[str, Any]:
    """Options without points; the expert chooses among care groups 0–5."""
    return {
        "code": "expert",
        "title": "Экспертная",
        "source": "тест",
        "version": "1",
        "outcome_kind": "group",
        "scoring": "expert",
        "reassess_months": 6,
        "questions": [
            {
                "code": "walk",
                "text": "Ходит ли",
                "options": [{"code": "a", "text": "сам"}, {"code": "b", "text": "с помощью"}],
            },
            {
                "code": "why",
                "text": "Почему с помощью",
                "options": [{"code": "a", "text": "болезнь"}, {"code": "b", "text": "травма"}],
                "show_if": {"question": "walk", "options": ["b"]},
            },
        ],
        "outcomes": [
            {"code": "g0", "title": "Группа 0", "value": 0, "hours_per_week": 0},
            {"code": "g4", "title": "Группа 4", "value": 4, "hours_per_week": 20.5,
             "reassess_months": 3},
            {"code": "none", "title": "Без группы", "hours_per_week": 0},
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({}, ["walk", "eat"]),  # "walk" not answered yet: "stairs" hidden for now
        ({"walk": "a"}, ["walk", "eat"]),
        ({"walk": "b"}, ["walk", "stairs", "eat"]),
        ({"walk": "c", "stairs": "a"}, ["walk", "stairs", "eat"]),
        ({"walk": "a", "stairs": "b"}, ["walk", "eat"]),  # a stale answer does not ask it
    ],
)
def test_the_questions_asked_follow_the_answers_so_far(
    answers: dict[str, str], asked: list[str]
) -> None:
    methodology = load_methodology(blocked())
    assert [q.code for q in asked_questions(methodology, answers)] == asked


def test_a_changed_answer_drops_the_answer_to_the_question_it_now_hides() -> None:
    methodology = load_methodology(blocked())
    answers = {"walk": "a", "stairs": "b", "eat": "b"}
    assert kept_answers(methodology, answers) == {"walk": "a", "eat": "b"}


@pytest.mark.parametrize(
    ("answers", "total", "outcome", "months", "lines"),
    [
        # skipped: gives 0 points and needs no answer
        ({"walk": "a", "eat": "a"}, "0", "0", 12, ["walk", "eat"]),
        ({"walk": "a", "eat": "b"}, "1", "1", 12, ["walk", "eat"]),
        # asked: its points count; the outcome's own months win over the version's
        ({"walk": "b", "stairs": "b", "eat": "a"}, "2.5", "2", 6, ["walk", "stairs", "eat"]),
        ({"walk": "c", "stairs": "b", "eat": "b"}, "4.5", "3", 6, ["walk", "stairs", "eat"]),
        # an answer to a skipped question is ignored, not counted
        ({"walk": "a", "stairs": "b", "eat": "a"}, "0", "0", 12, ["walk", "eat"]),
    ],
)
def test_it_scores_a_conditional_question_only_when_it_is_asked(
    answers: dict[str, str], total: str, outcome: str, months: int, lines: list[str]
) -> None:
    result = score(load_methodology(blocked()), answers)
    assert (result.total, result.outcome, result.reassess_months) == (D(total), outcome, months)
    assert [line[0] for line in result.points] == lines


def test_an_asked_conditional_question_needs_an_answer() -> None:
    with pytest.raises(ValueError, match='Нет ответа на вопрос "Лестница"'):
        score(load_methodology(blocked()), {"walk": "b", "eat": "a"})


def test_the_outcome_carries_its_value_and_the_label_names_the_kind() -> None:
    methodology = load_methodology(blocked())
    result = score(methodology, {"walk": "b", "stairs": "a", "eat": "a"})
    assert (result.outcome, result.value, result.by_expert) == ("1", 1, False)
    assert methodology.label(methodology.outcomes[1]) == "Уровень нуждаемости 1"
    assert methodology.label(methodology.outcomes[0]) == ""
    assert outcome_label("group", 4) == "Группа ухода 4"


def test_the_blocks_group_the_questions_in_order() -> None:
    methodology = load_methodology(blocked())
    assert [(b.code, b.title, [q.code for q in qs]) for b, qs in methodology.block_questions()] == [
        ("A", "Передвижение", ["walk", "stairs"]),
        ("B", "Питание", ["eat"]),
    ]
    assert methodology.question("stairs") == Question(
        "stairs",
        "Лестница",
        (Option("a", "поднимается", D("0.5")), Option("b", "не поднимается", D("1.5"))),
        "A",
        Condition("walk", ("b", "c")),
    )


def test_the_coverage_check_counts_a_skipped_conditional_question_as_0() -> None:
    # A skipped "stairs" adds 0. The check does not follow the condition, so it also counts
    # 0.5 ("walk" a with "stairs" a), which no answers give: it asks more coverage, never less.
    assert load_methodology(blocked()).reachable_totals() == {
        D(n) for n in ("0", "0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4.5")
    }
    data = blocked()
    data["outcomes"][0]["min"] = 0.5
    assert "Сумма 0 не попадает ни в один исход" in refused(data)


@pytest.mark.parametrize(
    ("outcome", "total", "value", "hours", "months"),
    [("g0", None, 0, "0", 6), ("g4", None, 4, "20.5", 3), ("none", None, None, "0", 6)],
)
def test_the_expert_chooses_the_outcome_of_an_expert_methodology(
    outcome: str, total: Any, value: Any, hours: str, months: int
) -> None:
    result = expert_result(load_methodology(expert()), {"walk": "a"}, outcome)
    assert (result.outcome, result.total, result.value) == (outcome, total, value)
    assert (result.hours_per_week, result.reassess_months, result.by_expert) == (
        D(hours),
        months,
        True,
    )
    assert result.points == (("walk", "a", None),)


def test_an_expert_methodology_with_points_everywhere_still_computes_the_sum() -> None:
    data = expert()
    for question in data["questions"]:
        for number, option in enumerate(question["options"]):
            option["points"] = number + 0.25
    methodology = load_methodology(data)
    assert methodology.has_points
    result = expert_result(methodology, {"walk": "b", "why": "b"}, "g4")
    assert result.total == D("2.5")


def test_some_options_without_points_mean_no_sum() -> None:
    data = expert()
    data["questions"][0]["options"][0]["points"] = 1
    methodology = load_methodology(data)
    assert not methodology.has_points
    assert expert_result(methodology, {"walk": "a"}, "g0").total is None


@pytest.mark.parametrize(
    ("methodology", "call", "fragment"),
    [
        (expert, lambda m: expert_result(m, {"walk": "a"}, "g9"), 'нет исхода "g9"'),
        (expert, lambda m: expert_result(m, {"walk": "b"}, "g0"), 'Нет ответа на вопрос "Почему'),
        (expert, lambda m: score(m, {"walk": "a"}), "исход устанавливает эксперт"),
        (blocked, lambda m: expert_result(m, {"walk": "a", "eat": "a"}, "1"), "сумма баллов"),
    ],
)
def test_it_refuses_the_wrong_way_of_scoring(methodology: Any, call: Any, fragment: str) -> None:
    with pytest.raises(ValueError) as error:
        call(load_methodology(methodology()))
    assert fragment in str(error.value)


def test_an_old_flat_file_means_what_it_meant() -> None:
    methodology = load_methodology(small())
    assert (methodology.outcome_kind, methodology.scoring, methodology.reassess_months) == (
        "level",
        "points",
        None,
    )
    assert methodology.blocks == (Block("", ""),)
    assert all(q.block == "" and q.show_if is None for q in methodology.questions)
    assert all(o.value is None for o in methodology.outcomes)


@pytest.mark.parametrize(
    ("make", "path", "value", "fragment"),
    [
        pytest.param(blocked, ("outcome_kind",), "class", 'Поле "outcome_kind" может быть только "level", "group", указано "class"', id="kind"),  # noqa: E501
        pytest.param(blocked, ("scoring",), "ai", 'Поле "scoring" может быть только "points", "expert"', id="scoring"),  # noqa: E501
        pytest.param(blocked, ("outcomes", 1, "value"), 4, 'Исход "1": поле "value" — номер уровня нуждаемости, целое число от 1 до 3, указано "4"', id="level-4"),  # noqa: E501
        pytest.param(blocked, ("outcomes", 1, "value"), 0, "от 1 до 3", id="level-0"),
        pytest.param(blocked, ("outcomes", 1, "value"), 1.5, "целое число от 1 до 3", id="level-frac"),  # noqa: E501
        pytest.param(blocked, ("outcomes", 1, "value"), True, "целое число от 1 до 3", id="level-bool"),  # noqa: E501
        pytest.param(blocked, ("outcomes", 2, "value"), 1, 'Исход "2": уровень нуждаемости 1 уже указан в исходе "1"', id="dup-value"),  # noqa: E501
        pytest.param(expert, ("outcomes", 1, "value"), 6, 'Исход "g4": поле "value" — номер группы ухода, целое число от 0 до 5', id="group-6"),  # noqa: E501
        pytest.param(expert, ("outcomes", 1, "value"), 0, 'Исход "g4": группа ухода 0 уже указана в исходе "g0"', id="dup-group"),  # noqa: E501
        pytest.param(blocked, ("outcomes", 1, "hours_per_week"), _DELETE, 'Исход "1": не указано поле "hours_per_week"', id="no-hours"),  # noqa: E501
        pytest.param(expert, ("outcomes", 2, "hours_per_week"), None, 'Исход "none": не указано поле "hours_per_week"', id="expert-no-hours"),  # noqa: E501
        pytest.param(blocked, ("reassess_months",), _DELETE, 'Исход "0": поле "reassess_months" должно быть целым', id="no-months-anywhere"),  # noqa: E501
        pytest.param(blocked, ("reassess_months",), 0, 'Методика: поле "reassess_months" должно быть целым числом месяцев больше нуля', id="zero-version-months"),  # noqa: E501
        pytest.param(blocked, ("outcomes", 1, "min"), _DELETE, 'Исход "1": не указано поле "min"', id="points-need-ranges"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 0, "options", 0, "points"), _DELETE, 'Вопрос "walk", вариант "a": не указаны баллы', id="points-need-points"),  # noqa: E501
        pytest.param(blocked, ("blocks", 1, "questions", 0, "code"), "walk", 'Вопрос "walk" встречается дважды', id="dup-across-blocks"),  # noqa: E501
        pytest.param(blocked, ("blocks", 1, "code"), "A", 'Блок "A" встречается дважды', id="dup-block"),  # noqa: E501
        pytest.param(blocked, ("blocks", 1, "questions"), [], 'Блок "B": не указаны вопросы', id="empty-block"),  # noqa: E501
        pytest.param(blocked, ("blocks", 1), "Питание", "Блок № 2: ожидается словарь", id="block-not-dict"),  # noqa: E501
        pytest.param(blocked, ("blocks", 1, "title"), 5, 'Блок "B": поле "title" должно быть текстом', id="block-title"),  # noqa: E501
        pytest.param(blocked, ("blocks",), [], "Не указаны вопросы", id="no-blocks"),
        pytest.param(blocked, ("blocks",), "A", 'Поле "blocks" должно быть списком', id="blocks-not-list"),  # noqa: E501
        pytest.param(blocked, ("questions",), [], 'либо в "blocks", либо в "questions"', id="both"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if", "question"), "eat", 'Вопрос "stairs": условие "show_if": вопроса "eat" нет выше этого вопроса', id="show-if-later"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if", "question"), "stairs", 'вопроса "stairs" нет выше', id="show-if-itself"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if", "question"), "nope", 'вопроса "nope" нет выше', id="show-if-unknown"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if", "options"), ["z"], 'Вопрос "stairs": условие "show_if": у вопроса "walk" нет варианта "z"', id="show-if-option"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if", "options"), [], 'поле "options" должно быть непустым списком', id="show-if-empty"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if"), "walk", 'Вопрос "stairs": условие "show_if": ожидается словарь', id="show-if-text"),  # noqa: E501
        pytest.param(blocked, ("blocks", 0, "questions", 1, "show_if", "question"), _DELETE, 'условие "show_if": не указано поле "question"', id="show-if-no-question"),  # noqa: E501
        pytest.param(expert, ("outcomes", 1, "min"), 1, 'Исход "g4": не указано поле "max"', id="expert-half-range"),  # noqa: E501
        pytest.param(expert, ("outcomes",), [], "Не указаны исходы", id="expert-no-outcomes"),
        pytest.param(expert, ("questions", 0, "options", 0, "points"), "один", 'Вопрос "walk", вариант "a": баллы должны быть числом', id="expert-bad-points"),  # noqa: E501
    ],
)  # fmt: skip
def test_it_refuses_a_broken_v2_methodology_and_says_where(
    make: Any, path: tuple[Any, ...], value: Any, fragment: str
) -> None:
    assert fragment in refused(_set(make(), path, value))


def test_expert_ranges_when_given_may_not_overlap() -> None:
    data = expert()
    data["outcomes"][0] |= {"min": 0, "max": 2}
    data["outcomes"][1] |= {"min": 2, "max": 3}
    assert 'Диапазоны исходов "g0" (0–2) и "g4" (2–3) пересекаются' in refused(data)
    data["outcomes"][1]["min"] = 2.5
    assert load_methodology(data).outcome("g4").min == D("2.5")  # type: ignore[union-attr]


def test_the_kuzbass_form_is_an_expert_example_without_points() -> None:
    kuzbass = shipped("kuzbass_self_care")
    assert (kuzbass.scoring, kuzbass.outcome_kind, kuzbass.is_example) == ("expert", "level", True)
    assert "без баллов — уровень устанавливает эксперт" in kuzbass.title
    assert len(kuzbass.questions) == 11
    assert kuzbass.questions[0].text == "Готовить горячую пищу"
    assert kuzbass.questions[10].text.startswith("Менять положение тела, ложиться, садиться")
    assert {o.text for q in kuzbass.questions for o in q.options} == {
        "Самостоятельно",
        "С трудом",
        "С посторонней помощью",
        "Не выполняет действия",
    }
    assert not kuzbass.has_points
    assert [(o.title, o.value, o.hours_per_week) for o in kuzbass.outcomes] == [
        ("Не нуждается в уходе", None, D(0)),
        ("Первый уровень нуждаемости", 1, D(7)),
        ("Второй уровень нуждаемости", 2, D(14)),
        ("Третий уровень нуждаемости", 3, D(21)),
    ]
    assert "обрывается" in kuzbass.source and "нижние границы" in kuzbass.source
    answers = {q.code: "help" for q in kuzbass.questions}
    result = expert_result(kuzbass, answers, "2")
    assert (result.total, result.value, result.reassess_months) == (None, 2, 12)
