"""Reading the files centres have: XLSX, CSV in two encodings, and what is not a table at all."""

import datetime
import io
import zipfile

import pytest

from zabota.exchange.importing.reading import FileProblem, normalise_header, read_sheet
from zabota.exchange.importing.recipients import known_headers
from zabota.exchange.tests.helpers import HEADER, csv_bytes, person, rows_of, xlsx_bytes

KNOWN = known_headers()


def read(content: bytes, name: str = "список.xlsx", **kwargs):
    return read_sheet(content, name, known_headers=KNOWN, **kwargs)


def test_it_reads_an_xlsx_sheet_with_excel_row_numbers():
    sheet = read(xlsx_bytes(rows_of([person(Фамилия="Орлова"), person(Фамилия="Титов")])))
    assert sheet.headers == HEADER
    assert sheet.header_row == 1
    assert [r.number for r in sheet.rows] == [2, 3]
    assert sheet.rows[1].cell(0) == "Титов"


def test_it_keeps_the_excel_numbering_across_empty_rows_and_a_title_line():
    rows = [["Список получателей на 01.02.2026"], [], HEADER, [], person().values()]
    sheet = read(xlsx_bytes([list(r) for r in rows]))
    assert sheet.header_row == 3
    assert [r.number for r in sheet.rows] == [5]


def test_date_cells_of_excel_arrive_as_dates():
    rows = rows_of([person()])
    rows[1][3] = datetime.datetime(1944, 4, 3)
    sheet = read(xlsx_bytes(rows))
    assert sheet.rows[0].cell(3) == datetime.datetime(1944, 4, 3)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1251"])
def test_it_reads_csv_in_utf8_and_windows_1251(encoding):
    content = csv_bytes(rows_of([person(Фамилия="Ёлкина")]), encoding=encoding)
    sheet = read(content, "список.csv")
    assert sheet.headers == HEADER
    assert sheet.rows[0].cell(0) == "Ёлкина"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_finds_the_csv_delimiter(delimiter):
    # An address with commas must not fool the sniffing of a semicolon file.
    content = csv_bytes(
        rows_of([person(Адрес="г. Кемерово, ул. Ленина, д. 1, кв. 2")]), delimiter=delimiter
    )
    sheet = read(content, "список.csv")
    assert len(sheet.headers) == len(HEADER)
    assert sheet.rows[0].cell(6) == "г. Кемерово, ул. Ленина, д. 1, кв. 2"


def test_headers_are_compared_without_case_yo_and_punctuation():
    assert normalise_header("  ДАТА  РОЖДЕНИЯ* ") == normalise_header("дата рождения")
    assert normalise_header("Ф.И.О.") == normalise_header("ф и о")
    assert normalise_header("Дата приёма") == "дата приема"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Файл пуст"),
        (b"%PDF-1.4\x00\x01\x02\x03 binary", "не является таблицей"),
        (bytes(range(256)) * 10, "не является таблицей"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "XLS"),
        (b"PK\x03\x04 this is not really a zip", "XLSX"),
        (csv_bytes([HEADER]), "только строка заголовков"),
        (csv_bytes([[], [""]]), "нет ни одной заполненной строки"),
    ],
    ids=["empty", "pdf", "binary", "xls", "broken-zip", "header-only", "blank"],
)
def test_a_file_that_is_not_a_usable_table_gives_a_clear_message(content, message):
    with pytest.raises(FileProblem, match=message):
        read(content, "файл.csv")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileProblem, match="XLSX"):
        read(buffer.getvalue())


def test_an_xlsx_with_only_a_header_is_refused():
    with pytest.raises(FileProblem, match="только строка заголовков"):
        read(xlsx_bytes([HEADER]))


def test_too_many_rows_are_refused_with_the_limit_named():
    content = csv_bytes(rows_of([person() for _ in range(6)]))
    with pytest.raises(FileProblem, match="больше 5 строк"):
        read(content, "большой.csv", max_rows=5)
