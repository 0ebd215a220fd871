"""Import bombs (issue 15, item 6): a 205 KB XLSX with one 200 MB cell took 1.9 GB, a small one
with 2 000 000 blank rows kept a request busy 57 s. Each bomb is read in a child process, as
the upload and `import_recipients` read it, and the child's peak memory is measured."""

import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.hostile import xlsx_bombs
from zabota.exchange.importing.reading import FileProblem, read_sheet
from zabota.exchange.models import ImportBatch
from zabota.exchange.tests.helpers import HEADER, csv_bytes, person, rows_of, xlsx_bytes

PEAK_MB = 300

# Reads the file the way an upload does (services.read_batch_sheet, or the catalog's parser)
# and reports the outcome, the rows the sheet reader produced and its own peak memory.
CHILD = """
import json, sys, time
import django
django.setup()
from zabota.core import spreadsheets
pulled = 0
sheet_rows = spreadsheets._sheet_rows
def counting(*args, **kwargs):
    global pulled
    for row in sheet_rows(*args, **kwargs):
        pulled += 1
        yield row
spreadsheets._sheet_rows = counting
path, kind = sys.argv[1], sys.argv[2]
content = open(path, "rb").read()
started = time.monotonic()
if kind == "catalog":
    from zabota.catalog.transfer import parse_catalog
    _rows, report = parse_catalog(content)
    result = {"refused": " ".join(m for e in report.errors for m in e.messages)}
else:
    from zabota.exchange.importing.reading import FileProblem
    from zabota.exchange.services import read_batch_sheet
    try:
        result = {"rows": len(read_batch_sheet(content, path).rows)}
    except FileProblem as problem:
        result = {"refused": str(problem)}
result["seconds"] = time.monotonic() - started
result["pulled"] = pulled
# VmHWM, not ru_maxrss: the latter keeps the peak of the forking pytest worker across exec.
status = open("/proc/self/status").read()
result["peak_mb"] = int(status.split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps(result, ensure_ascii=False))
"""


def read_in_child(path, kind: str = "recipients", **environment: str) -> dict:
    env = os.environ | {"PYTHONPATH": str(settings.BASE_DIR)} | environment
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), kind],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# The ratio check is switched off where the bomb is there to reach the check behind it.
NO_RATIO = {"ZABOTA_IMPORT_MAX_RATIO": "1000000"}


@pytest.mark.parametrize(
    ("build", "kind", "environment", "refusal"),
    [
        (
            lambda: xlsx_bombs.shared_string_cell(200),
            "recipients",
            {},
            "после распаковки больше 100 МБ",
        ),
        (
            lambda: xlsx_bombs.shared_string_cell(200),
            "catalog",
            {},
            "после распаковки больше 100 МБ",
        ),
        (
            lambda: xlsx_bombs.shared_string_cell(90),
            "recipients",
            NO_RATIO,
            "ячейка длиннее 2 000 знаков",
        ),
        (lambda: xlsx_bombs.inline_cell(90), "recipients", NO_RATIO, "ячейка длиннее 2 000 знаков"),
        (
            lambda: xlsx_bombs.blank_rows(2_000_000, numbered=False),
            "recipients",
            {},
            "сжата больше чем в 100 раз",
        ),
        (
            lambda: xlsx_bombs.styles_with(60_000),
            "recipients",
            NO_RATIO,
            "Оформление книги Excel слишком сложное",
        ),
    ],
    ids=[
        "200-mb-cell",
        "200-mb-cell-catalog",
        "90-mb-shared-string",
        "90-mb-inline-cell",
        "2m-blank-rows",
        "60k-styles",
    ],
)
def test_a_bomb_is_refused_with_the_reason_and_little_memory(
    tmp_path, build, kind, environment, refusal
):
    path = tmp_path / "бомба.xlsx"
    path.write_bytes(build())
    assert path.stat().st_size < 300 * 1024  # what slips under the 20 MB upload limit
    result = read_in_child(path, kind, **environment)
    assert refusal in result.get("refused", ""), result
    assert result["peak_mb"] < PEAK_MB, result


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "same-bytes-ratio-off"])
def test_two_million_blank_rows_end_the_table_after_a_thousand(tmp_path, numbered):
    path = tmp_path / "пустые.xlsx"
    path.write_bytes(xlsx_bombs.blank_rows(2_000_000, numbered=numbered))
    result = read_in_child(path, **({} if numbered else NO_RATIO))
    assert result.get("rows") == 1, result  # the one data row under the header
    # Header, data row, then the thousand blank rows that end the table: nothing further.
    assert result["pulled"] <= 2 + settings.ZABOTA_IMPORT_MAX_BLANK_ROWS, result
    assert result["peak_mb"] < PEAK_MB, result
    assert result["seconds"] < 20, result  # 57 s before; seconds at most on a busy machine


@pytest.mark.django_db
def test_the_upload_page_refuses_the_200_mb_cell_and_keeps_nothing(personas):
    client = personas.client_for(personas.specialist)
    upload = SimpleUploadedFile("список.xlsx", xlsx_bombs.shared_string_cell(200))
    response = client.post(reverse("exchange:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert "после распаковки больше 100 МБ" in response.content.decode()
    assert not ImportBatch.objects.exists()


# --- the limits one by one, on small files --------------------------------------------------


def read(content: bytes, name: str = "список.xlsx"):
    return read_sheet(content, name, known_headers=HEADER)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_cell_longer_than_the_limit_is_named_by_row_and_column(settings, fmt):
    settings.ZABOTA_IMPORT_MAX_CELL_CHARS = 50
    rows = rows_of([person(), person(Имя="Н" * 51)])
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    with pytest.raises(FileProblem, match="Строка 3, столбец B: в ячейке больше 50 знаков"):
        read(content, f"список.{fmt}")


def test_text_over_the_limit_in_all_is_refused(settings):
    settings.ZABOTA_IMPORT_MAX_TEXT_CHARS = 300
    with pytest.raises(FileProblem, match="больше 300 знаков текста"):
        read(xlsx_bytes(rows_of([person() for _ in range(10)])))


def test_blank_rows_between_data_count_towards_the_row_limit(settings):
    settings.ZABOTA_IMPORT_MAX_ROWS = 10
    rows = rows_of([person() for _ in range(5)]) + [[]] * 8 + [list(person().values())]
    with pytest.raises(FileProblem, match="больше 10 строк под заголовком"):
        read(csv_bytes(rows), "список.csv")


def test_a_run_of_blank_rows_ends_the_table(settings):
    settings.ZABOTA_IMPORT_MAX_BLANK_ROWS = 5
    rows = (
        rows_of([person(Фамилия="Орлова")]) + [[]] * 5 + [list(person(Фамилия="Титова").values())]
    )
    sheet = read(xlsx_bytes(rows))
    assert [row.cell(0) for row in sheet.rows] == ["Орлова"]


def test_columns_past_the_limit_are_not_read(settings):
    settings.ZABOTA_IMPORT_MAX_COLUMNS = 3
    sheet = read(csv_bytes(rows_of([person(Фамилия="Орлова")])), "список.csv")
    assert sheet.headers == HEADER[:3]


def test_twenty_megabytes_of_empty_lines_are_read_in_a_moment():
    content = csv_bytes(rows_of([person(Фамилия="Орлова")])) + b"\r\n" * (10 * 1024 * 1024)
    started = time.monotonic()
    sheet = read(content, "список.csv")
    assert [row.cell(0) for row in sheet.rows] == ["Орлова"]
    assert time.monotonic() - started < 5


def test_a_csv_line_of_a_megabyte_is_refused():
    content = csv_bytes([HEADER]) + b";" * (1024 * 1024) + b"\r\n"
    with pytest.raises(FileProblem, match="длиннее 200 300 знаков"):
        read(content, "список.csv")


def test_a_book_declaring_a_dtd_is_refused():
    doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    content = xlsx_bombs.workbook(
        [xlsx_bombs.HEADER_ROWS],
        strings=[doctype, xlsx_bombs.strings_xml(xlsx_bombs.HEADER_STRINGS)],
    )
    with pytest.raises(FileProblem, match="DTD"):
        read(content)


def test_a_row_of_a_million_cells_is_refused_before_it_is_held(settings):
    settings.ZABOTA_IMPORT_MAX_RATIO = 1_000_000  # the next check, not the packing, is tested
    cells = b'<c t="n"><v>1</v></c>' * 1_000_000
    content = xlsx_bombs.workbook([xlsx_bombs.HEADER_ROWS, b'<row r="3">', cells, b"</row>"])
    with pytest.raises(FileProblem, match="слишком длинная строка"):
        read_sheet(content, "список.xlsx", known_headers=HEADER)


def test_an_ordinary_book_reads_as_before():
    sheet = read(xlsx_bytes(rows_of([person(Фамилия="Орлова"), person(Фамилия="Титова")])))
    assert [row.number for row in sheet.rows] == [2, 3]
    assert [row.cell(0) for row in sheet.rows] == ["Орлова", "Титова"]


@pytest.mark.parametrize(
    ("build", "refusal"),
    [
        (lambda: xlsx_bombs.shared_string_cell(200), "после распаковки больше 100 МБ"),
        (lambda: xlsx_bombs.blank_rows(100_000, numbered=True), None),
    ],
    ids=["200-mb-cell", "100k-blank-rows"],
)
def test_an_egisso_protocol_in_xlsx_reads_under_the_same_limits(build, refusal):
    """The ЕГИССО protocol upload reads its XLSX through the import's reader and limits."""
    from django.core.exceptions import ValidationError

    from zabota.exchange.egisso.receipts import protocol_text

    started = time.monotonic()
    if refusal:
        with pytest.raises(ValidationError) as caught:
            protocol_text(build(), "протокол.xlsx")
        assert refusal in caught.value.messages[0]
    else:
        # The blank rows end the sheet: the header and the one data row are read, no more.
        assert protocol_text(build(), "протокол.xlsx").splitlines() == [
            "Фамилия\tИмя",
            "Орлова\tНина",
        ]
    assert time.monotonic() - started < 20
