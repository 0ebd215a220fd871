import datetime
from decimal import Decimal

import pytest

from zabota.rules import quality

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (D(2026, 1, 1), D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 5, 31), D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 9, 30), D(2026, 7, 1), D(2026, 9, 30)),
        (D(2026, 12, 31), D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_a_day_belongs_to_its_calendar_quarter(day, start, end):
    assert (quality.quarter_start(day), quality.quarter_end(day)) == (start, end)


def test_quarters_are_named_and_counted_back_across_a_new_year():
    assert quality.quarter_label(D(2026, 11, 24)) == "IV квартал 2026"
    assert quality.previous_quarter(D(2026, 2, 10)) == D(2025, 10, 1)
    assert quality.quarters_back(D(2026, 5, 1), 3) == [D(2025, 10, 1), D(2026, 1, 1), D(2026, 4, 1)]


@pytest.mark.parametrize(
    ("served", "percent", "minimum", "size"),
    [(0, 10, 2, 0), (1, 10, 2, 1), (5, 10, 2, 2), (25, 10, 2, 3), (30, 10, 2, 3), (10, 50, 2, 5)],
)
def test_the_sample_is_a_share_rounded_up_at_least_the_minimum_never_more_than_served(
    served, percent, minimum, size
):
    assert quality.sample_size(served, percent, minimum) == size


def test_the_same_seed_proposes_the_same_people_and_avoids_the_last_quarters_first():
    people = list(range(1, 21))
    first = quality.choose_sample(people, 3, seed="2026-10-01:7")
    assert first == quality.choose_sample(list(reversed(people)), 3, seed="2026-10-01:7")
    assert len(set(first)) == 3
    avoided = quality.choose_sample(people, 17, seed="x", avoid=[1, 2, 3])
    assert not {1, 2, 3} & set(avoided)
    assert set(quality.choose_sample(people, 20, seed="x", avoid=[1, 2, 3])) == set(people)


def test_the_scale_is_read_from_lines_and_refused_in_russian_when_malformed():
    grades = quality.parse_scale("3 — средне\n5 - отлично\n\n1 — плохо")
    assert [(g.value, g.label) for g in grades] == [(5, "отлично"), (3, "средне"), (1, "плохо")]
    with pytest.raises(quality.QuestionnaireError, match="нужен вид"):
        quality.parse_scale("отлично\n1 — плохо")
    with pytest.raises(quality.QuestionnaireError, match="от 2 до 10"):
        quality.parse_scale("5 — отлично")
    with pytest.raises(quality.QuestionnaireError, match="одним и тем же баллом"):
        quality.parse_scale("5 — отлично\n5 — хорошо")
    with pytest.raises(quality.QuestionnaireError, match="Порог"):
        quality.check_threshold(grades, 1)


def test_questions_are_lines_without_repeats():
    assert quality.parse_lines(" Первый \n\nВторой", what="вопрос") == ["Первый", "Второй"]
    with pytest.raises(quality.QuestionnaireError, match="дважды"):
        quality.parse_lines("Один\nОдин", what="вопрос")
    with pytest.raises(quality.QuestionnaireError, match="хотя бы 1"):
        quality.parse_lines("\n  \n", what="вопрос")


def test_satisfaction_is_the_share_of_answers_at_the_top_of_the_scale_and_their_mean():
    result = quality.tally([5, 5, 4, 3, 1], satisfied_from=4)
    assert (result.answers, result.satisfied, result.total) == (5, 3, 18)
    assert result.percent == Decimal("60.0")
    assert result.mean == Decimal("3.60")
    both = result + quality.tally([5], satisfied_from=4)
    assert (both.percent, both.mean) == (Decimal("66.7"), Decimal("3.83"))
    assert quality.Tally().percent is None and quality.Tally().mean is None


def test_the_answer_is_due_thirty_days_after_registration_by_default():
    assert quality.answer_due(D(2026, 11, 2), 30) == D(2026, 12, 2)
    assert quality.extension_limit(D(2026, 12, 2), 30) == D(2027, 1, 1)


def test_inspection_dates_are_working_days_spread_over_the_quarter():
    days = quality.spread_dates(D(2026, 10, 1), D(2026, 12, 31), 4)
    assert len(days) == 4 and days == sorted(days)
    assert all(d.weekday() < 5 for d in days)
    assert days[0] >= D(2026, 10, 1) and days[-1] <= D(2026, 12, 31)
    assert days[0].month == 10 and days[-1].month == 12
    assert quality.spread_dates(D(2026, 10, 1), D(2026, 12, 31), 0) == []
