"""The one local-time formatter, the XLSX cells and the template filters built on it."""

import datetime
import io

import pytest
from django.template import Context, Template
from openpyxl import load_workbook

from zabota.core.dates import parse_moment, when_text
from zabota.core.tables import Column, Table
from zabota.core.xlsx import table_to_xlsx

UTC = datetime.UTC
MOMENT = datetime.datetime(2026, 3, 10, 9, 5, 7, tzinfo=UTC)  # 12:05:07 in Moscow


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (MOMENT, "10.03.2026 12:05"),
        (datetime.datetime(2026, 12, 31, 22, 30, tzinfo=UTC), "01.01.2027 01:30"),
        ("2026-12-04T19:22:32.721736+00:00", "04.12.2026 22:22"),
        ("2026-12-04T19:22:32", "04.12.2026 19:22"),  # naive: already local
        (datetime.date(2026, 3, 8), "08.03.2026"),
        ("2026-03-08", "08.03.2026"),
        (datetime.time(9, 30), "09:30"),
        ("09:30:00", "09:30"),
        (None, ""),
        ("", ""),
        ("2026-13-45", "2026-13-45"),  # shaped like a date, but not one: left as written
        ("20261204", "20261204"),  # a number is not a date
    ],
)
def test_moments_are_shown_in_local_time_and_dates_as_day_month_year(value, expected):
    assert when_text(value) == expected


def test_seconds_are_shown_when_asked():
    assert when_text(MOMENT, seconds=True) == "10.03.2026 12:05:07"


def test_only_iso_text_is_read_as_a_moment():
    assert parse_moment("+7 900 000-00-01") is None
    assert parse_moment("12345678901") is None
    assert parse_moment("2026-03-08") == datetime.date(2026, 3, 8)


def test_an_xlsx_cell_holds_the_local_time_the_pages_show():
    """Issue 17: the writer dropped the zone of a UTC moment, so Excel showed 09:05."""
    table = Table(title="Т", columns=[Column("Когда")], rows=[[MOMENT]])
    sheet = load_workbook(io.BytesIO(table_to_xlsx(table))).active
    cells = [row[0] for row in sheet.iter_rows(values_only=True) if row and row[0] != "Т"]
    assert datetime.datetime(2026, 3, 10, 12, 5, 7) in cells


def render(source: str, **context) -> str:
    return Template("{% load zabota %}" + source).render(Context(context))


def test_the_when_filter_uses_the_same_formatter():
    assert render("{{ m|when }}|{{ m|when:'seconds' }}", m=MOMENT) == (
        "10.03.2026 12:05|10.03.2026 12:05:07"
    )


@pytest.mark.parametrize(
    ("n", "count", "noun"),
    [
        (1, "1 услуга", "услуга"),
        (3, "3 услуги", "услуги"),
        (11, "11 услуг", "услуг"),
        (0, "0 услуг", "услуг"),
        ("1.5", "1,5 услуги", "услуги"),
        (None, "", ""),
        ("много", "", ""),
    ],
)
def test_the_plural_filters_agree_with_the_number(n, count, noun):
    forms = "услуга,услуги,услуг"
    assert render("{{ n|count:f }}", n=n, f=forms) == count
    assert render("{{ n|plural:f }}", n=n, f=forms) == noun


def test_a_quantity_agrees_with_its_unit():
    assert render("{{ q|quantity:u }}", q="3.00", u="услуга") == "3 услуги"
    assert render("{{ q|quantity:u }}", q="2.5", u="м²") == "2,5 м²"


def test_a_filter_given_two_forms_is_a_mistake_that_fails_loudly():
    with pytest.raises(ValueError, match="Three forms"):
        render('{{ 2|count:"услуга,услуги" }}')
