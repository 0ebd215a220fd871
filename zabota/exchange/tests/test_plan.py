"""What each row of a file would do: every kind of bad row, and an existing person is an update."""

import datetime

import pytest
import time_machine

from zabota.exchange.importing.reading import read_sheet
from zabota.exchange.importing.recipients import (
    auto_mapping,
    known_headers,
    mapping_problems,
    plan_recipients,
)
from zabota.exchange.tests.helpers import HEADER, csv_bytes, person, rows_of, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
TODAY = datetime.date(2026, 2, 10)


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=False):
        yield


def plan_for(personas, people, header=HEADER, actor=None, content=None):
    content = content or xlsx_bytes(rows_of(people, header))
    sheet = read_sheet(content, "список.xlsx", known_headers=known_headers())
    mapping = auto_mapping(sheet)
    assert mapping_problems(mapping) == []
    return plan_recipients(sheet, mapping, actor=actor or personas.specialist)


def only_errors(plan):
    return [(e.row, e.column, e.message) for e in plan.errors]


def test_a_valid_new_person_is_planned_as_a_new_card(personas):
    plan = plan_for(personas, [person(Фамилия="Орлова", СНИЛС="112-233-445 95")])
    assert plan.is_valid
    row = plan.rows[0]
    assert (row.action, row.name, row.snils) == ("create", "Орлова Нина Павловна", "11223344595")
    assert row.values["birth_date"] == datetime.date(1944, 4, 3)
    assert row.values["department"] == personas.department1
    assert row.enrolled_on == TODAY


def test_a_wrong_snils_is_an_error_of_its_row_and_column(personas):
    plan = plan_for(personas, [person(), person(СНИЛС="112-233-445 96")])
    assert not plan.is_valid
    assert only_errors(plan) == [
        (3, "СНИЛС", "Контрольное число СНИЛС не сходится: проверьте цифры.")
    ]
    assert [r.action for r in plan.rows] == ["create", "error"]


def test_a_snils_stored_by_excel_as_a_number_keeps_its_leading_zeros(personas):
    # 001-001-999 is above the numbers issued without a check; its control number is 65.
    rows = rows_of([person()])
    rows[1][5] = 100199965
    sheet = read_sheet(xlsx_bytes(rows), "x.xlsx", known_headers=known_headers())
    plan = plan_recipients(sheet, auto_mapping(sheet), actor=personas.specialist)
    assert plan.rows[0].snils == "00100199965"


def test_a_birth_date_in_the_future_is_an_error(personas):
    plan = plan_for(personas, [person(**{"Дата рождения": "01.01.2030"})])
    assert only_errors(plan) == [(2, "Дата рождения", "Дата не может быть в будущем.")]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("31.02.1950", "Нет такой даты: 31.02.1950."),
        ("17/05/40", "год укажите четырьмя цифрами"),
        ("семнадцатое мая", "пишите ДД.ММ.ГГГГ"),
        ("01.01.1850", "Слишком ранняя дата"),
        ("", "Не заполнено обязательное поле «Дата рождения»."),
    ],
)
def test_an_impossible_or_unreadable_date_is_an_error(personas, written, message):
    plan = plan_for(personas, [person(**{"Дата рождения": written})])
    [error] = plan.errors
    assert (error.row, error.column) == (2, "Дата рождения")
    assert message in error.message


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("17.05.1940", datetime.date(1940, 5, 17)),
        ("1940-05-17", datetime.date(1940, 5, 17)),
        ("7.5.1940", datetime.date(1940, 5, 7)),
        ("17.05.1940 0:00:00", datetime.date(1940, 5, 17)),
        (14748, datetime.date(1940, 5, 17)),
        (datetime.datetime(1940, 5, 17), datetime.date(1940, 5, 17)),
    ],
)
def test_dates_are_read_in_every_usual_spelling(personas, written, expected):
    plan = plan_for(personas, [person(**{"Дата рождения": written})])
    assert plan.rows[0].values["birth_date"] == expected


def test_a_snils_twice_in_the_file_is_an_error_on_the_second_row(personas):
    twin = person()
    plan = plan_for(personas, [twin, person(), person(СНИЛС=twin["СНИЛС"])])
    assert only_errors(plan) == [(4, "СНИЛС", "Этот СНИЛС уже встречается в строке 2 файла.")]


def test_a_person_already_in_the_registry_is_an_update_not_an_error(personas):
    existing = personas.recipient_of_worker1
    plan = plan_for(
        personas,
        [
            person(
                Фамилия=existing.last_name,
                Имя=existing.first_name,
                Отчество=existing.middle_name,
                **{"Дата рождения": existing.birth_date.strftime("%d.%m.%Y")},
                СНИЛС=existing.snils_display,
                Адрес="г. Кемерово, пр. Советский, д. 2",
                Телефон="+7 900 000-00-01",
            )
        ],
    )
    assert plan.is_valid
    row = plan.rows[0]
    assert row.action == "update"
    assert row.existing == existing
    assert row.changes == {
        "registration_address": (existing.registration_address, "г. Кемерово, пр. Советский, д. 2"),
        "phone": ("", "+7 900 000-00-01"),
    }


def test_a_person_with_the_same_data_is_unchanged(personas):
    existing = personas.recipient_of_worker1
    plan = plan_for(
        personas,
        [
            person(
                Фамилия=existing.last_name,
                Имя=existing.first_name,
                Отчество=existing.middle_name,
                **{"Дата рождения": existing.birth_date.strftime("%d.%m.%Y")},
                СНИЛС=existing.snils,
                Адрес=existing.registration_address,
                Пол="ж",
            )
        ],
    )
    assert [r.action for r in plan.rows] == ["unchanged"]


def test_an_empty_cell_never_erases_what_the_card_says(personas):
    existing = personas.recipient_of_worker1
    existing.phone = "+7 900 111-11-11"
    existing.save()
    plan = plan_for(
        personas,
        [
            person(
                Фамилия=existing.last_name,
                Имя=existing.first_name,
                Отчество="",
                **{"Дата рождения": existing.birth_date.strftime("%d.%m.%Y")},
                СНИЛС=existing.snils,
                Адрес="",
                Телефон="",
                Отделение="",
                Пол="",
            )
        ],
    )
    assert [r.action for r in plan.rows] == ["unchanged"]


def test_a_snils_of_someone_else_with_another_surname_and_birth_date_is_refused(personas):
    existing = personas.recipient_of_worker1
    plan = plan_for(personas, [person(Фамилия="Орлова", СНИЛС=existing.snils)])
    [error] = plan.errors
    assert error.column == "СНИЛС"
    assert "СНИЛС принадлежит другому получателю: Иванова Мария Петровна" in error.message


def test_a_snils_of_another_institution_is_a_new_card_here(personas):
    outsider = personas.outsider_recipient
    plan = plan_for(personas, [person(СНИЛС=outsider.snils)])
    assert [r.action for r in plan.rows] == ["create"]


@pytest.mark.parametrize(
    ("written", "department"),
    [
        ("2", "department2"),
        ("№ 2", "department2"),
        ("Отделение социального обслуживания на дому № 2", "department2"),
        ("отделение социального обслуживания на дому №1", "department1"),
    ],
)
def test_the_department_is_found_by_number_or_name(personas, written, department):
    plan = plan_for(personas, [person(Отделение=written)])
    assert plan.rows[0].values["department"] == getattr(personas, department)


def test_an_unknown_department_is_an_error_listing_the_departments(personas):
    plan = plan_for(personas, [person(Отделение="7")])
    [error] = plan.errors
    assert error.column == "Отделение"
    assert error.message.startswith("Нет такого отделения: «7». Отделения учреждения: 1 — ")


def test_a_new_card_without_a_department_is_refused_when_there_are_several(personas):
    plan = plan_for(personas, [person(Отделение="")])
    assert only_errors(plan) == [(2, "Отделение", "Не указано отделение.")]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ("Фамилия", "Не заполнено обязательное поле «Фамилия»."),
        ("Имя", "Не заполнено обязательное поле «Имя»."),
        ("СНИЛС", "Не заполнен СНИЛС."),
        ("Адрес", "Не заполнен адрес."),
    ],
)
def test_a_missing_required_value_is_an_error(personas, column, message):
    plan = plan_for(personas, [person(**{column: ""})])
    assert (2, column, message) in only_errors(plan)


def test_the_gender_comes_from_the_patronymic_when_the_cell_is_empty(personas):
    plan = plan_for(personas, [person(Пол="", Имя="Олег", Отчество="Ильич", Фамилия="Титов")])
    assert plan.rows[0].values["gender"] == "male"


@pytest.mark.parametrize(
    ("written", "gender"), [("М", "male"), ("женский", "female"), ("ж.", "female")]
)
def test_the_gender_is_read_from_usual_spellings(personas, written, gender):
    plan = plan_for(personas, [person(Пол=written)])
    assert plan.rows[0].values["gender"] == gender


def test_an_unknown_gender_and_an_unguessable_one_are_errors(personas):
    plan = plan_for(
        personas,
        [person(Пол="х"), person(Пол="", Фамилия="Ким", Имя="Саша", Отчество="")],
    )
    assert only_errors(plan) == [
        (2, "Пол", "Пол «х» не понятен: пишите «м» или «ж»."),
        (3, "Пол", "Пол не указан и не определяется по ФИО: укажите «м» или «ж»."),
    ]


def test_too_long_a_value_is_an_error(personas):
    plan = plan_for(personas, [person(Фамилия="Я" * 101)])
    assert only_errors(plan) == [(2, "Фамилия", "Слишком длинное значение: не больше 100 знаков.")]


def test_other_headers_are_matched_by_their_usual_spellings(personas):
    header = [
        "ФИО",
        "Д/р",
        "Страховой номер",
        "Адрес регистрации",
        "Контактный телефон",
        "№ отделения",
        "Дата постановки на обслуживание",
    ]
    rows = [
        header,
        ["Титов Олег Ильич", "01.02.1950", "112-233-445 95", "г. Кемерово", "", "2", "15.01.2026"],
    ]
    sheet = read_sheet(csv_bytes(rows), "x.csv", known_headers=known_headers())
    mapping = auto_mapping(sheet)
    assert mapping == {
        "full_name": 0,
        "birth_date": 1,
        "snils": 2,
        "address": 3,
        "phone": 4,
        "department": 5,
        "enrolled_on": 6,
    }
    plan = plan_recipients(sheet, mapping, actor=personas.specialist)
    assert plan.is_valid
    row = plan.rows[0]
    assert (row.values["last_name"], row.values["first_name"], row.values["middle_name"]) == (
        "Титов",
        "Олег",
        "Ильич",
    )
    assert row.values["gender"] == "male"
    assert row.enrolled_on == datetime.date(2026, 1, 15)


def test_a_remembered_header_wins_over_the_usual_spellings():
    sheet = read_sheet(
        csv_bytes(
            [["Фамилия", "Имя", "Рожд.", "Номер ПФ", "Где живёт"], ["а", "б", "в", "г", "д"]]
        ),
        "x.csv",
    )
    mapping = auto_mapping(
        sheet, {"birth_date": "рожд", "snils": "Номер ПФ", "address": "где живет"}
    )
    assert mapping == {"last_name": 0, "first_name": 1, "birth_date": 2, "snils": 3, "address": 4}


def test_a_wrong_header_names_the_missing_columns():
    sheet = read_sheet(csv_bytes([["Фамилия", "Имя", "Рождён"], ["а", "б", "в"]]), "x.csv")
    assert mapping_problems(auto_mapping(sheet)) == [
        "Не найден столбец «Дата рождения».",
        "Не найден столбец «СНИЛС».",
        "Не найден столбец «Адрес».",
    ]


def test_one_column_chosen_twice_is_a_problem():
    problems = mapping_problems(
        {"last_name": 0, "first_name": 1, "birth_date": 2, "snils": 3, "address": 3}
    )
    assert problems == ["Один и тот же столбец выбран для «СНИЛС» и «Адрес»."]


def test_the_preview_of_500_rows_takes_a_fixed_number_of_queries(
    personas, django_assert_max_num_queries
):
    existing = personas.recipient_of_worker1
    people = [person() for _ in range(499)] + [
        person(Фамилия=existing.last_name, СНИЛС=existing.snils, **{"Дата рождения": "17.05.1940"})
    ]
    content = xlsx_bytes(rows_of(people))
    sheet = read_sheet(content, "x.xlsx", known_headers=known_headers())
    mapping = auto_mapping(sheet)
    with django_assert_max_num_queries(4):
        plan = plan_recipients(sheet, mapping, actor=personas.specialist)
    assert plan.counts["create"] == 499
    assert plan.counts["update"] + plan.counts["unchanged"] == 1


def test_names_typed_in_capitals_are_written_as_names(personas):
    plan = plan_for(personas, [person(Фамилия="ИВАНОВА-ПЕТРОВА", Имя="мария", Отчество="ИвАнОвНа")])
    values = plan.rows[0].values
    assert (values["last_name"], values["first_name"], values["middle_name"]) == (
        "Иванова-Петрова",
        "Мария",
        "ИвАнОвНа",
    )


def test_a_name_differing_only_in_case_is_no_change(personas):
    existing = personas.recipient_of_worker1
    existing.last_name = "Мак-Грегор"
    existing.save()
    plan = plan_for(
        personas,
        [
            person(
                Фамилия="МАК-ГРЕГОР",
                Имя=existing.first_name.upper(),
                Отчество=existing.middle_name,
                **{"Дата рождения": "17.05.1940"},
                СНИЛС=existing.snils,
                Адрес=existing.registration_address,
                Пол="ж",
            )
        ],
    )
    assert [r.action for r in plan.rows] == ["unchanged"]
