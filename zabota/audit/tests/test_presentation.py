"""The one presenter of `changes`: field names, local times, choice labels, yes/no, lists."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from zabota.audit.locking import StaleEditError
from zabota.audit.models import EventKind, SecurityEvent
from zabota.audit.presentation import changes_text, lines_for, present
from zabota.audit.services import audit_event

pytestmark = pytest.mark.django_db


def shown(object_type: str, changes: dict) -> list[str]:
    return [str(line) for line in lines_for(object_type, changes)]


def test_a_field_reads_by_its_name_and_a_choice_by_its_label():
    assert shown("ltc.careplan", {"status": ["draft", "approved"]}) == [
        "Состояние: черновик → утверждён"
    ]
    assert shown("recipients.recipient", {"gender": [None, "female"]}) == ["Пол: — → женский"]


def test_an_old_entry_with_a_moment_in_utc_is_shown_in_local_time():
    # Moscow is UTC+3: 19:22 UTC is 22:22 on the pages.
    changes = {"approved_at": [None, "2026-12-04T19:22:32.721736+00:00"]}
    assert shown("programs.program", changes) == ["Утверждена: — → 04.12.2026 22:22"]


def test_a_date_reads_day_month_year_and_a_flag_yes_or_no():
    changes = {"birth_date": ["1941-05-02", "1941-05-03"], "is_repeat": [False, True]}
    assert shown("recipients.recipient", {"birth_date": changes["birth_date"]}) == [
        "Дата рождения: 02.05.1941 → 03.05.1941"
    ]
    assert shown("programs.program", {"is_repeat": changes["is_repeat"]}) == [
        "Разработана повторно: нет → да"
    ]


def test_the_version_and_the_automatic_timestamps_are_not_changes_a_person_made():
    changes = {
        "version": [1, 2],
        "updated_at": ["2026-12-04T19:22:32+00:00", "2026-12-05T08:00:00+00:00"],
        "phone": ["", "+7 900 000-00-01"],
    }
    assert shown("recipients.recipient", changes) == ["Телефон: — → +7 900 000-00-01"]


def test_a_related_row_reads_by_its_name(personas):
    changes = {"department": [personas.department1.pk, personas.department2.pk]}
    assert shown("recipients.recipient", changes) == [
        f"Отделение: {personas.department1} → {personas.department2}"
    ]
    gone = {"department": [None, 999_999]}
    assert shown("recipients.recipient", gone) == ["Отделение: — → № 999999"]


def test_lists_are_joined_the_russian_way_and_empty_reads_as_a_dash():
    changes = {"benefit_categories": [[], ["Ветеран труда", "Инвалид"]], "notes": ["", None]}
    assert shown("recipients.recipient", changes) == [
        "Льготные категории: — → Ветеран труда, Инвалид",
        "Примечания: — → —",
    ]


def test_a_key_that_is_no_field_reads_by_the_table_or_as_written():
    assert shown("ltc.careplan", {"services": [None, ["Кормление (по дням недели)"]]}) == [
        "Услуги: — → Кормление (по дням недели)"
    ]
    assert shown("payments.monthlyincome", {"01.2026": [None, "21345.67"]}) == [
        "01.2026: — → 21345.67"
    ]
    assert shown("no.such", {"Приём пищи": ["сам", "с помощью"]}) == ["Приём пищи: сам → с помощью"]


def test_old_lines_of_services_with_codes_read_with_labels():
    careplan = {"services": [None, ["Кормление (weekly)", "Обработка ногтей (monthly)"]]}
    assert shown("ltc.careplan", careplan) == [
        "Услуги: — → Кормление (по дням недели), Обработка ногтей (1 раз в месяц)"
    ]
    program = {"services": [None, ["1.01 × 8.00 (2 раза в неделю; thu,mon)", "1.11 × 120.00 (; )"]]}
    assert shown("programs.program", program) == [
        "Услуги: — → 1.01 × 8 (2 раза в неделю; чт, пн), 1.11 × 120 (; —)"
    ]


def test_present_reads_related_names_in_one_query_per_model(personas, django_assert_num_queries):
    for _ in range(5):
        audit_event(
            kind=EventKind.UPDATE,
            actor=personas.head1,
            obj=personas.recipient_of_worker1,
            changes={"department": [personas.department1.pk, personas.department2.pk]},
        )
    events = list(SecurityEvent.objects.filter(kind=EventKind.UPDATE))
    with django_assert_num_queries(1):
        present(events)
    assert {str(line) for e in events for line in e.change_lines} == {
        f"Отделение: {personas.department1} → {personas.department2}"
    }


def test_a_stale_edit_says_what_changed_through_the_same_presenter(personas):
    recipient = personas.recipient_of_worker1
    error = StaleEditError(
        recipient, 1, {"version": [1, 2], "gender": ["male", "female"], "phone": ["", "8"]}
    )
    assert error.describe() == ["Пол: мужской → женский", "Телефон: — → 8"]


def test_the_journal_export_shows_the_time_and_the_changes_as_the_page_does(personas):
    """Issue 17: the export showed 09:00 (UTC) for an event the page showed at 12:00."""
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)):
        audit_event(
            kind=EventKind.UPDATE,
            actor=personas.head1,
            obj=personas.recipient_of_worker1,
            changes={"gender": ["male", "female"], "version": [1, 2]},
        )
    admin = personas.client_for(personas.admin)
    page = admin.get("/audit/?kind=update").content.decode()
    assert "10.03.2026 12:00:00" in page
    assert "Пол: мужской → женский" in page
    export = admin.get("/audit/?kind=update&format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    entry = next(row for row in rows if row[1] == "Изменение")
    assert entry[0] == "10.03.2026 12:00:00"
    assert entry[6] == "Пол: мужской → женский"


def test_one_entry_reads_as_one_line_of_text(personas):
    event = audit_event(
        kind=EventKind.UPDATE,
        actor=personas.head1,
        obj=personas.recipient_of_worker1,
        changes={"gender": ["male", "female"], "phone": ["", "8"]},
    )
    assert changes_text(event) == "Пол: мужской → женский; Телефон: — → 8"
