"""Files as centres make them: XLSX from Excel, CSV in UTF-8 or Windows-1251."""

import io

from openpyxl import Workbook

from zabota.testing import make_snils

HEADER = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Пол",
    "СНИЛС",
    "Адрес",
    "Телефон",
    "Отделение",
]


def person(**overrides) -> dict:
    values = {
        "Фамилия": "Орлова",
        "Имя": "Нина",
        "Отчество": "Павловна",
        "Дата рождения": "03.04.1944",
        "Пол": "ж",
        "СНИЛС": make_snils(),
        "Адрес": "г. Кемерово, ул. Ленина, д. 1",
        "Телефон": "",
        "Отделение": "1",
    }
    return values | overrides


def rows_of(people: list[dict], header: list[str] = HEADER) -> list[list]:
    return [list(header)] + [[p.get(h, "") for h in header] for p in people]


def xlsx_bytes(rows: list[list], title: str = "Лист1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8-sig", delimiter: str = ";") -> bytes:
    import csv

    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)
