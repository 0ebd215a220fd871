"""The ИППСУ in one screen, in a browser on a tablet: a typical set, a service found in the
catalogue by keyboard, a row added without reloading, the sum and fee recomputed live, saved."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from zabota.programs.models import Program
from zabota.programs.services import typical_set_create
from zabota.testing import PASSWORD, make_payment_decision
from zabota.testing_browser import log_in, no_sideways_scroll


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_draws_up_an_ippsu_from_a_typical_set_and_a_searched_service(
    live_server, personas, catalog, tablet
):
    page, recipient = tablet, personas.recipient_of_worker1
    make_payment_decision(recipient)  # 25 000 ₽ against 22 500 ₽: at most 1 250 ₽ a month
    typical_set_create(
        actor=personas.director,
        institution=personas.institution,
        name="Покупка продуктов и уборка",
        lines=[
            {"service": catalog.shopping, "times_per_week": 2},
            {"service": catalog.floor, "quantity_per_month": Decimal(100)},
        ],
    )
    log_in(page, live_server.url, "head1", PASSWORD)
    page.goto(f"{live_server.url}/programs/new/{recipient.pk}/")
    sum_box = page.locator("[data-lines-sum]")
    expect(sum_box).to_contain_text("Услуги ещё не выбраны")

    # The typical set: the server appends its rows; 2 purchases a week are 9 a month (× 4,35, up).
    page.select_option("#id_typical_set", label="Покупка продуктов и уборка (2 услуги)")
    page.click("text=Добавить набор")
    expect(page.locator("[role=status]")).to_contain_text("добавлено: 2 услуги")
    expect(page.locator("#id_services-0-times_per_week")).to_have_value("2")
    expect(sum_box).to_contain_text("9 услуг (2 × 4,35)")
    # 9 × 55 + 100 × 10 = 1 495 ₽; the fee is the cap.
    expect(sum_box).to_contain_text("1 495,00")
    expect(sum_box).to_contain_text("1 250,00 ₽ в месяц")

    # A row added in place: the page is not reloaded.
    page.evaluate("window.stillHere = true")
    page.click("text=+ Добавить услугу")
    expect(page.locator(".program-line")).to_have_count(4)
    assert page.evaluate("window.stillHere") is True

    # The catalogue searched by keyboard: ↓ to the service found, Enter puts it in a blank row.
    page.fill("#lines-search", "давлен")
    expect(page.locator("[data-lines-found]")).to_contain_text("Измерение давления")
    page.press("#lines-search", "ArrowDown")
    page.keyboard.press("Enter")
    row = page.locator("select[name$='-service'] >> nth=2")
    expect(row).to_have_value(str(catalog.pressure.pk))
    page.keyboard.type("2")  # the focus is on «Раз в неделю» of that row
    # The server recomputes: + 9 × 55 = 1 990 ₽.
    expect(sum_box).to_contain_text("1 990,00")
    expect(sum_box).to_contain_text("(2 × 4,35)")
    no_sideways_scroll(page)

    page.click("text=Сохранить проект")
    expect(page.locator(".messages")).to_contain_text("Проект программы сохранён")
    program = Program.objects.get(recipient=recipient)
    assert sorted(
        (line.service.code, line.quantity_per_month, line.periodicity)
        for line in program.services.select_related("service")
    ) == [
        ("1.01", Decimal(9), "2 раза в неделю"),
        ("1.11", Decimal(100), catalog.floor.periodicity_hint),
        ("2.01", Decimal(9), "2 раза в неделю"),
    ]
    assert not page.errors
