"""A new card typed on a tablet's keypad: digits only, and the fields show them the way they are
written (masks in zabota/app.js, dates read by zabota.rules.dates); the saved card has them."""

import datetime

import pytest
from playwright.sync_api import expect

from zabota.recipients.models import Recipient
from zabota.testing import PASSWORD
from zabota.testing_browser import log_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_types_only_digits_and_sees_them_formatted_and_saved(live_server, personas, tablet):
    page = tablet
    log_in(page, live_server.url, "head1", PASSWORD)
    page.goto(f"{live_server.url}/recipients/new/")
    page.fill("#id_last_name", "Смирнова")
    page.fill("#id_first_name", "Антонина")
    page.fill("#id_middle_name", "Васильевна")
    typed = {
        "#id_birth_date": "140338",
        "#id_snils": "11223344595",
        "#id_document_series": "3203",
        "#id_document_number": "512947",
        "#id_document_issued_on": "220403",
        "#id_phone": "89001234567",
    }
    for selector, digits in typed.items():
        page.locator(selector).press_sequentially(digits)
    expect(page.locator("#id_snils")).to_have_value("112-233-445 95")
    expect(page.locator("#id_phone")).to_have_value("+7 (900) 123-45-67")
    expect(page.locator("#id_document_series")).to_have_value("32 03")
    expect(page.locator("#id_document_number")).to_have_value("512947")
    assert page.locator("#id_snils").get_attribute("inputmode") == "numeric"
    assert page.locator("#id_birth_date").get_attribute("inputmode") == "numeric"
    page.fill("#id_document_issued_by", "Отделом УФМС России по Кемеровской области")
    page.fill("#id_registration_address", "г. Кемерово, ул. Весенняя, д. 7, кв. 3")
    page.select_option("#id_social_worker", str(personas.worker1.pk))
    page.click("main button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("поставлена на обслуживание")
    saved = Recipient.objects.get(last_name="Смирнова")
    assert (saved.birth_date, saved.document_issued_on) == (
        datetime.date(1938, 3, 14),
        datetime.date(2003, 4, 22),
    )
    assert (saved.snils, saved.document_series, saved.document_number, saved.phone) == (
        "11223344595",
        "3203",
        "512947",
        "+7 (900) 123-45-67",
    )
    card = page.content()
    assert "112-233-445 95" in card and "14.03.1938" in card
    assert page.errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_foreign_phone_and_an_edit_in_the_middle_are_left_as_typed(live_server, personas, tablet):
    page = tablet
    log_in(page, live_server.url, "head1", PASSWORD)
    page.goto(f"{live_server.url}/recipients/new/")
    page.locator("#id_phone").press_sequentially("+44 20 7946 0958")
    expect(page.locator("#id_phone")).to_have_value("+44 20 7946 0958")
    snils = page.locator("#id_snils")
    snils.press_sequentially("11223344595")
    snils.press("Backspace")
    snils.press("Backspace")
    snils.press("Backspace")
    expect(snils).to_have_value("112-233-445")
    assert page.errors == []
