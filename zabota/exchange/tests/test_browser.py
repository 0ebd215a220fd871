"""The import on a tablet: upload, columns, a bad row found, the fixed file loaded; no page
scrolls sideways."""

import pytest
from playwright.sync_api import expect

from zabota.exchange.tests.helpers import person, rows_of, xlsx_bytes
from zabota.recipients.models import Recipient
from zabota.testing import PASSWORD
from zabota.testing_browser import log_in, no_sideways_scroll


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_specialist_fixes_a_bad_row_and_loads_the_list(live_server, personas, tablet, tmp_path):
    page = tablet
    log_in(page, live_server.url, "specialist", PASSWORD)

    people = [person(Фамилия="Орлова", Адрес="г. Кемерово, " + "ул. Очень длинная " * 5)]
    people += [person(Фамилия=f"Титова{'а' * n}") for n in range(3)]
    people[2]["Дата рождения"] = "31.02.1950"
    bad = tmp_path / "список.xlsx"
    bad.write_bytes(xlsx_bytes(rows_of(people)))

    page.goto(f"{live_server.url}/exchange/")
    no_sideways_scroll(page)
    page.click("text=Загрузка получателей из Excel")
    no_sideways_scroll(page)
    page.set_input_files("#id_file", str(bad))
    page.click("text=Далее: столбцы")
    expect(page.locator("h1")).to_contain_text("Столбцы файла")
    no_sideways_scroll(page)
    page.click("text=Проверить строки")
    expect(page.locator("main")).to_contain_text("Нет такой даты: 31.02.1950.")
    expect(page.locator("button[disabled]", has_text="Загрузить")).to_be_visible()
    no_sideways_scroll(page)

    people[2]["Дата рождения"] = "28.02.1950"
    fixed = tmp_path / "список-исправленный.xlsx"
    fixed.write_bytes(xlsx_bytes(rows_of(people)))
    page.goto(f"{live_server.url}/exchange/import/")
    page.set_input_files("#id_file", str(fixed))
    page.click("text=Далее: столбцы")
    page.click("text=Проверить строки")
    page.click("button:text-is('Загрузить')")
    expect(page.locator(".messages")).to_contain_text("Загружено: новых 4")
    no_sideways_scroll(page)
    assert Recipient.objects.filter(last_name__startswith="Титова").count() == 3

    for url in ("/exchange/export/", "/exchange/export/layouts/new/"):
        page.goto(f"{live_server.url}{url}")
        no_sideways_scroll(page)
