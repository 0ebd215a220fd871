"""Methodologies are files: checked on upload, refused whole with the problem named."""

import copy
import datetime
import html
import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from zabota.audit.models import EventKind, SecurityEvent
from zabota.ltc import services
from zabota.ltc.models import Methodology
from zabota.ltc.selectors import methodology_in_force
from zabota.ltc.tests.conftest import json_file, small_methodology
from zabota.rules.ltc import load_methodology
from zabota.testing import make_department, make_institution, xlsx_rows

pytestmark = pytest.mark.django_db


def broken(path: tuple, value) -> dict:
    data = copy.deepcopy(small_methodology())
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


REFUSALS = [
    pytest.param(
        json_file(broken(("outcomes", 2, "min"), 2)),
        'Диапазоны исходов "1" (1–2) и "2" (2–3) пересекаются',
        id="overlap",
    ),
    pytest.param(
        json_file(broken(("outcomes", 1, "max"), 1)),
        "Сумма 2 не попадает ни в один исход",
        id="gap",
    ),
    pytest.param(
        json_file(broken(("questions", 1, "options", 2, "points"), None)),
        'Вопрос "eat", вариант "c": не указаны баллы',
        id="missing-points",
    ),
    pytest.param(
        SimpleUploadedFile("region.json", b'{"code": "region", "questions": [1, 2,]}'),
        "Файл не читается как JSON: ошибка в строке 1",
        id="broken-json",
    ),
    pytest.param(
        SimpleUploadedFile("region.yaml", b"code: region\nquestions:\n  - code: [a\n"),
        "Файл не читается как YAML",
        id="broken-yaml",
    ),
    pytest.param(
        SimpleUploadedFile(
            "region.yaml",
            yaml.safe_dump(broken(("outcomes", 3), None), allow_unicode=True).encode(),
        ),
        "Сумма 4 не попадает ни в один исход",
        id="yaml-top-uncovered",
    ),
    pytest.param(
        SimpleUploadedFile("region.xlsx", b"PK\x03\x04"),
        "Загрузите файл методики в формате .json, .yaml или .yml",
        id="wrong-format",
    ),
    pytest.param(
        SimpleUploadedFile("region.json", "{}".encode("cp1251") + "й".encode("cp1251")),
        "кодировке UTF-8",
        id="not-utf8",
    ),
    pytest.param(
        json_file(["code"]),
        "Методика должна быть словарём",
        id="not-a-dict",
    ),
]


@pytest.mark.parametrize(("file", "fragment"), REFUSALS)
def test_the_service_refuses_a_broken_file_and_saves_nothing(personas, file, fragment):
    with pytest.raises(ValidationError) as error:
        services.methodology_upload(actor=personas.admin, file=file)
    assert fragment in " ".join(error.value.messages)
    assert not Methodology.objects.exists()


@pytest.mark.parametrize(("file", "fragment"), REFUSALS)
def test_the_upload_page_names_the_problem_and_saves_nothing(personas, file, fragment):
    client = personas.client_for(personas.admin)
    file.seek(0)
    response = client.post(
        "/care/methodologies/upload/", {"file": file, "effective_from": "2026-01-01"}
    )
    assert response.status_code == 200
    assert fragment in html.unescape(response.content.decode())
    assert not Methodology.objects.exists()


def test_a_yaml_file_is_stored_as_the_same_checked_methodology(personas):
    text = yaml.safe_dump(small_methodology(), allow_unicode=True)
    file = SimpleUploadedFile("Регион.yml", text.encode("utf-8"))
    methodology = services.methodology_upload(actor=personas.admin, file=file)
    assert methodology.rules == load_methodology(small_methodology())
    assert (methodology.code, methodology.version, methodology.file_name) == (
        "region",
        "2026.1",
        "Регион.yml",
    )
    assert not methodology.is_active


def test_fractional_points_survive_the_round_trip_through_the_database(personas):
    data = small_methodology()
    data["questions"][0]["options"][1]["points"] = 0.1
    data["outcomes"][1]["min"] = 0.1
    data["outcomes"][1]["max"] = 2.1
    data["outcomes"][2]["min"] = 2.2
    data["outcomes"][1]["hours_per_week"] = 7.5
    methodology = services.methodology_upload(actor=personas.admin, file=json_file(data))
    methodology.refresh_from_db()
    assert methodology.rules == load_methodology(data)


def test_a_second_upload_of_the_same_version_is_refused(personas, regional):
    with pytest.raises(ValidationError, match="уже загружена"):
        services.methodology_upload(actor=personas.admin, file=json_file(small_methodology()))
    assert Methodology.objects.count() == 1


def test_the_upload_page_stores_and_activates_a_good_file(personas):
    client = personas.client_for(personas.admin)
    response = client.post(
        "/care/methodologies/upload/",
        {"file": json_file(small_methodology()), "effective_from": "2026-02-01"},
    )
    methodology = Methodology.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/care/methodologies/{methodology.pk}/"
    assert (methodology.is_active, methodology.effective_from) == (
        True,
        datetime.date(2026, 2, 1),
    )
    assert methodology.uploaded_by == personas.admin
    assert SecurityEvent.objects.filter(
        kind=EventKind.CREATE, object_type="ltc.methodology"
    ).exists()


def test_the_methodology_in_force_is_the_active_one_with_the_latest_start(personas, barthel):
    later = services.methodology_upload(
        actor=personas.admin,
        file=json_file(small_methodology()),
        effective_from=datetime.date(2026, 7, 1),
    )
    institution = personas.institution
    assert methodology_in_force(institution, datetime.date(2026, 6, 30)) == barthel
    assert methodology_in_force(institution, datetime.date(2026, 7, 1)) == later
    assert methodology_in_force(institution, datetime.date(2024, 12, 31)) is None
    services.methodology_deactivate(actor=personas.admin, methodology=later)
    assert methodology_in_force(institution, datetime.date(2026, 7, 1)) == barthel


def test_activating_on_the_same_date_replaces_the_methodology_of_that_date(personas, barthel):
    regional = services.methodology_upload(
        actor=personas.admin,
        file=json_file(small_methodology()),
        effective_from=barthel.effective_from,
    )
    barthel.refresh_from_db()
    assert not barthel.is_active
    assert methodology_in_force(personas.institution, datetime.date(2026, 1, 1)) == regional


def test_each_institution_sees_and_uses_only_its_own_methodologies(personas, barthel):
    other = make_institution("ГБУ «КЦСОН Другой»")
    make_department(other, 1)
    assert methodology_in_force(other, datetime.date(2026, 1, 1)) is None
    client = personas.client_for(personas.admin)
    foreign = services.ensure_shipped_methodologies(institution=other)[0]
    assert client.get(f"/care/methodologies/{foreign.pk}/").status_code == 404
    assert client.get(f"/care/methodologies/{barthel.pk}/").status_code == 200


def test_the_shipped_methodologies_are_loaded_once_with_barthel_in_force(personas):
    created = services.ensure_shipped_methodologies(
        institution=personas.institution, effective_from=datetime.date(2025, 1, 1)
    )
    assert sorted(m.code for m in created) == ["barthel", "kuzbass-self-care", "lawton"]
    assert all(m.is_example for m in created)
    assert services.ensure_shipped_methodologies(institution=personas.institution) == []
    in_force = methodology_in_force(personas.institution, datetime.date(2026, 1, 1))
    assert in_force.code == "barthel"


def test_the_command_loads_the_shipped_methodologies_for_every_institution(personas):
    call_command("load_methodologies", verbosity=0)
    assert Methodology.objects.filter(institution=personas.institution).count() == 3
    assert Methodology.objects.filter(
        institution=personas.outsider_director.institution, is_active=True, code="barthel"
    ).exists()


def test_the_detail_shows_questions_outcomes_and_the_example_mark(personas, barthel):
    response = personas.client_for(personas.admin).get(f"/care/methodologies/{barthel.pk}/")
    text = response.content.decode()
    assert "Пример." in text and "Замените его методикой из акта вашего региона" in text
    assert "Подъём по лестнице" in text
    assert "Третий уровень нуждаемости (пример)" in text


def test_a_regional_methodology_carries_no_example_mark(personas, regional):
    response = personas.client_for(personas.admin).get(f"/care/methodologies/{regional.pk}/")
    assert "Пример." not in response.content.decode()


def test_the_download_gives_back_a_file_that_uploads_as_a_new_version(personas, barthel):
    response = personas.client_for(personas.admin).get(
        f"/care/methodologies/{barthel.pk}/download/"
    )
    data = json.loads(response.content)
    data["version"] = "2026.2"
    data["is_example"] = False
    copy_ = services.methodology_upload(actor=personas.admin, file=json_file(data, "b.json"))
    assert copy_.rules.questions == barthel.rules.questions


def test_the_activate_and_deactivate_buttons_work_for_the_administrator(personas, regional):
    client = personas.client_for(personas.admin)
    client.post(f"/care/methodologies/{regional.pk}/activate/", {"effective_from": "2026-05-01"})
    regional.refresh_from_db()
    assert (regional.is_active, regional.effective_from) == (True, datetime.date(2026, 5, 1))
    client.post(f"/care/methodologies/{regional.pk}/deactivate/")
    regional.refresh_from_db()
    assert not regional.is_active


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("director", 403), ("head1", 403), ("worker1", 403), ("accountant", 403)],
)
def test_only_the_administrator_manages_methodologies(personas, barthel, persona, status):
    client = personas.client_for(getattr(personas, persona))
    assert client.get("/care/methodologies/").status_code == status
    assert client.get("/care/methodologies/upload/").status_code == status


def test_the_list_is_searchable_and_exports_to_xlsx(
    personas, barthel, django_assert_max_num_queries
):
    client = personas.client_for(personas.admin)
    with django_assert_max_num_queries(10):
        response = client.get("/care/methodologies/?q=Лоутон")
    assert [m.code for m in response.context["page"].object_list] == ["lawton"]
    response = client.get("/care/methodologies/?q=barthel")
    assert [m.code for m in response.context["page"].object_list] == ["barthel"]
    rows = xlsx_rows(client.get("/care/methodologies/?format=xlsx").content)
    assert any(row[0] == "barthel" and row[6] == "да" for row in rows)
