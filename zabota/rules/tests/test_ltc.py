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
    Methodology,
    Option,
    Outcome,
    Question,
    load_methodology,
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
