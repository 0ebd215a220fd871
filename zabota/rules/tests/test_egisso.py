"""The arithmetic and text rules of a ЕГИССО fact, without a database."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from zabota.rules.egisso import (
    OTHER_DOCUMENT,
    PASSPORT_RF,
    RESIDENCE_PERMIT,
    decimal_text,
    fact_uuid,
    identity_document_kind,
    month_shares,
    participant_code_is_valid,
    plain_text,
    prorated_total,
)

D = datetime.date


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("1234.000001", True),
        ("AB9Z.123456", True),
        ("1234.00001", False),  # five digits after the dot
        ("12345.000001", False),
        ("12I4.000001", False),  # I and O are not used (they look like 1 and 0)
        ("12O4.000001", False),
        ("ab12.000001", False),
        ("1234-000001", False),
        ("", False),
    ],
)
def test_the_onmsz_code_has_four_characters_a_dot_and_six_digits(code, valid):
    assert participant_code_is_valid(code) is valid


def test_a_fact_keeps_its_id_for_the_same_program_and_changes_with_either_part():
    first = fact_uuid("7707083893:1", 15)
    assert first == fact_uuid("7707083893:1", 15)
    assert first.version == 5
    assert first != fact_uuid("7707083893:1", 16)
    assert first != fact_uuid("7707083893:2", 15)


def test_a_term_is_split_into_calendar_months_with_the_share_of_each():
    assert month_shares(D(2026, 1, 16), D(2026, 3, 15)) == [
        (D(2026, 1, 16), Fraction(16, 31)),
        (D(2026, 2, 1), Fraction(1)),
        (D(2026, 3, 1), Fraction(15, 31)),
    ]
    assert month_shares(D(2024, 2, 1), D(2024, 2, 29)) == [(D(2024, 2, 1), Fraction(1))]
    assert month_shares(D(2026, 5, 10), D(2026, 5, 9)) == []


def test_a_year_of_a_program_costs_twelve_monthly_costs_whatever_day_it_starts():
    shares = month_shares(D(2025, 3, 17), D(2026, 3, 16))
    assert prorated_total((Decimal("1000.00"), share) for _day, share in shares) == Decimal(
        "12000.00"
    )


def test_a_partial_month_is_counted_by_its_days_and_rounded_once_half_up():
    # 10 days of a 30-day month of 100.05 ₽ = 33.35 ₽ exactly; a third of a kopeck is not lost.
    assert prorated_total([(Decimal("100.05"), Fraction(10, 30))]) == Decimal("33.35")
    assert prorated_total([(Decimal("0.01"), Fraction(1, 2))]) == Decimal("0.01")
    assert prorated_total([(Decimal("0.01"), Fraction(1, 3))] * 3) == Decimal("0.01")


def test_typographic_dashes_and_quotes_become_plain_ones_the_schema_accepts():
    assert plain_text("ГУ МВД России по Кемеровской области — Кузбассу") == (
        "ГУ МВД России по Кемеровской области - Кузбассу"
    )
    assert plain_text("ГБУ «КЦСОН»  города\u00a0Кемерово ") == 'ГБУ "КЦСОН" города Кемерово'
    assert plain_text("") == ""


@pytest.mark.parametrize(
    ("document_type", "kind"),
    [
        ("Паспорт гражданина РФ", PASSPORT_RF),
        ("паспорт гражданина Российской Федерации", PASSPORT_RF),
        ("Вид на жительство", RESIDENCE_PERMIT),
        ("Справка об освобождении", OTHER_DOCUMENT),
        ("", OTHER_DOCUMENT),
    ],
)
def test_the_card_s_document_type_chooses_the_identity_document_element(document_type, kind):
    assert identity_document_kind(document_type) == kind


def test_money_is_written_with_a_dot_and_two_decimals():
    assert decimal_text(Decimal("51808.2")) == "51808.20"
    assert decimal_text(Decimal("1E+3")) == "1000.00"
    assert decimal_text(Decimal("0.005")) == "0.01"
