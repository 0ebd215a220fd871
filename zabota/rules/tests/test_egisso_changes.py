"""The rules of a fact's life in ЕГИССО, without a database: the order of groups, the split of a
package, conflicting records, the causes read from words, the error protocol, the typification
of an assessment."""

import datetime
import uuid
from decimal import Decimal

import pytest

from zabota.rules.egisso import Typification, typification
from zabota.rules.egisso_changes import (
    DEATH,
    DEATH_OR_MOVING,
    DUPLICATES_INVALIDATION,
    END_OF_RIGHT,
    ERRORS_INVALIDATION,
    EVENT_RECORDS,
    FACT,
    MOVING,
    PREVIOUS_ERRORS,
    RECALCULATION,
    RECORD_ORDER,
    RECORD_TITLES,
    REFUSAL,
    TERMINATION_END_OF_RIGHT,
    TERMINATION_END_OF_VALIDITY,
    TERMINATION_REFUSAL,
    cause_from_words,
    conflicts,
    into_packages,
    protocol_lines,
)


def test_the_groups_follow_the_sequence_of_the_xsd():
    assert RECORD_ORDER == (
        "fact",
        "alterationBasedOnRecalculation",
        "alterationBasedOnDeathOrMovingRecalculation",
        "alterationBasedOnPreviousErrors",
        "terminationBasedOnRecalculation",
        "terminationBasedOnIneligibility",
        "terminationBasedOnEndOfRight",
        "terminationBasedOnEndOfValidityPeriod",
        "terminationBasedOnRecipientRefusal",
        "duplicatesInvalidation",
        "errorsInvalidation",
    )
    assert set(RECORD_TITLES) == set(RECORD_ORDER)


def test_the_mapping_names_each_event_once_and_only_invalidations_are_the_administrator_s():
    causes = [line.cause for line in EVENT_RECORDS]
    assert len(causes) == len(set(causes))
    assert {line.kind for line in EVENT_RECORDS if line.administrator_only} == {
        ERRORS_INVALIDATION,
        DUPLICATES_INVALIDATION,
    }
    assert all(line.kind in RECORD_ORDER for line in EVENT_RECORDS)


def test_a_package_comes_out_in_the_schema_s_order_whatever_the_order_given():
    records = [("a", ERRORS_INVALIDATION), ("b", TERMINATION_REFUSAL), ("c", FACT)]
    [package] = into_packages(records, fact_of=lambda r: r[0], kind_of=lambda r: r[1])
    assert [kind for _fact, kind in package] == [FACT, TERMINATION_REFUSAL, ERRORS_INVALIDATION]


def test_a_group_above_a_thousand_is_split_and_the_other_groups_fill_the_first_package():
    records = [(f"new{i}", FACT) for i in range(2001)] + [
        (f"old{i}", TERMINATION_END_OF_VALIDITY) for i in range(10)
    ]
    packages = into_packages(records, fact_of=lambda r: r[0], kind_of=lambda r: r[1])
    sizes = [
        (sum(1 for r in p if r[1] == FACT), sum(1 for r in p if r[1] != FACT)) for p in packages
    ]
    assert sizes == [(1000, 0), (1000, 0), (1, 10)]
    assert sorted(r for p in packages for r in p) == sorted(records)


def test_the_records_of_one_fact_stay_in_one_package():
    records = [(f"f{i}", PREVIOUS_ERRORS) for i in range(3)] + [
        ("f2", TERMINATION_REFUSAL),
        ("f3", PREVIOUS_ERRORS),
    ]
    packages = into_packages(records, fact_of=lambda r: r[0], kind_of=lambda r: r[1], cap=2)
    assert packages == [
        [("f0", PREVIOUS_ERRORS), ("f1", PREVIOUS_ERRORS)],
        [("f2", PREVIOUS_ERRORS), ("f3", PREVIOUS_ERRORS), ("f2", TERMINATION_REFUSAL)],
    ]


def test_no_package_is_empty():
    assert into_packages([], fact_of=lambda r: r, kind_of=lambda r: FACT) == []


@pytest.mark.parametrize(
    ("kinds", "says"),
    [
        ([TERMINATION_REFUSAL, TERMINATION_END_OF_RIGHT], "два прекращения"),
        ([DEATH_OR_MOVING, TERMINATION_REFUSAL], "два прекращения"),
        ([ERRORS_INVALIDATION, DUPLICATES_INVALIDATION], "удаление факта вместе с записью"),
        ([ERRORS_INVALIDATION, PREVIOUS_ERRORS], "удаление факта вместе с записью"),
        ([FACT, TERMINATION_REFUSAL], "факт должен быть загружен до изменения"),
        ([PREVIOUS_ERRORS, PREVIOUS_ERRORS], "две записи"),
        ([RECALCULATION, PREVIOUS_ERRORS], "два изменения размера"),
    ],
)
def test_records_that_contradict_each_other_are_refused_with_the_reason(kinds, says):
    reasons = conflicts(kinds)
    assert any(says in reason for reason in reasons), reasons


@pytest.mark.parametrize(
    "kinds",
    [[FACT], [PREVIOUS_ERRORS, TERMINATION_REFUSAL], [RECALCULATION], [ERRORS_INVALIDATION]],
)
def test_records_that_go_together_are_not_conflicts(kinds):
    assert conflicts(kinds) == []


@pytest.mark.parametrize(
    ("words", "cause"),
    [
        ("Смерть", DEATH),
        ("в связи со смертью получателя", DEATH),
        ("Переезд в другой населённый пункт", MOVING),
        ("Отказ от обслуживания", REFUSAL),
        ("по заявлению получателя", REFUSAL),
        ("Выздоровление (улучшение состояния)", END_OF_RIGHT),
        ("Помещение в стационарное учреждение", END_OF_RIGHT),
        ("", END_OF_RIGHT),
    ],
)
def test_a_reason_is_read_from_its_words(words, cause):
    assert cause_from_words(words) == cause


def test_a_protocol_gives_the_identifiers_and_the_text_of_each_line_naming_one():
    first, second = uuid.uuid4(), uuid.uuid4()
    text = (
        "Протокол загрузки пакета\n"
        f"{first};Ошибка ФЛК: СНИЛС не найден в ФРИ\n"
        "\n"
        f"2\t{str(second).upper()}\tНеверная дата окончания  \n"
        f"{second}\n"
    )
    lines = protocol_lines(text)
    assert [(line.number, line.uuids, line.message) for line in lines] == [
        (2, (first,), "Ошибка ФЛК: СНИЛС не найден в ФРИ"),
        (4, (second,), "2; Неверная дата окончания"),
        (5, (second,), ""),
    ]


def test_a_text_without_identifiers_gives_no_lines():
    assert protocol_lines("всё загружено\nошибок нет") == []


@pytest.mark.parametrize(
    ("code", "total", "expected"),
    [
        ("2", Decimal("45.5"), Typification(datetime.date(2026, 1, 10), 2, Decimal("45.5"))),
        ("3", Decimal("0"), Typification(datetime.date(2026, 1, 10), 3, Decimal("0"))),
        ("0", Decimal("95"), None),  # «не нуждается»: no level in the exchange
        ("4", Decimal("10"), None),
        ("II", Decimal("10"), None),
        ("1", None, None),
    ],
)
def test_the_typification_of_an_assessment_is_its_date_level_one_to_three_and_points(
    code, total, expected
):
    assert typification(datetime.date(2026, 1, 10), code, total) == expected
    assert typification(None, "1", Decimal(1)) is None
