"""The family view on a phone: the relative logs in, reads the visits and the next visit without
scrolling sideways, writes to the head, and the head finds it in the register of appeals."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zabota.delivery.services import RecordLine, visit_record
from zabota.family.tests.conftest import make_relative
from zabota.quality.models import Complaint
from zabota.testing import PASSWORD
from zabota.testing_browser import launch, log_in, no_sideways_scroll

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def frozen():
    """The live server runs on the real clock: the package's frozen time stays off here."""
    yield


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            browser.close()


def last_thursday(today: datetime.date) -> datetime.date:
    back = (today.weekday() - 3) % 7 or 7
    return today - datetime.timedelta(days=back)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_relative_reads_the_visits_on_a_phone_and_writes_to_the_head(
    live_server, personas, catalog, phone
):
    recipient = personas.recipient_of_worker1
    make_relative(recipient, "relative1", personas.head1)
    day = last_thursday(timezone.localdate())
    arrived = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    visit_record(
        actor=personas.worker1,
        recipient=recipient,
        performed_on=day,
        lines=[RecordLine(service=catalog.shopping, quantity=Decimal(1))],
        arrived_at=arrived,
        left_at=arrived + datetime.timedelta(minutes=45),
    )
    page = phone

    log_in(page, live_server.url, "relative1", PASSWORD)
    expect(page.locator("h1")).to_have_text("Иванова Мария Петровна")
    expect(page.locator("#recent-visits")).to_contain_text(
        f"{day:%d.%m.%Y} 10:00–10:45, Анна Ивановна: Покупка и доставка продуктов питания"
    )
    expect(page.locator("#next-visits li").first).to_contain_text("придёт Анна Ивановна")
    no_sideways_scroll(page)

    page.fill("#id_text", "Прошу предупреждать о переносе посещения звонком.")
    page.click("#message button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Сообщение передано заведующему")
    no_sideways_scroll(page)
    complaint = Complaint.objects.get()
    assert complaint.recipient == recipient and complaint.responsible == personas.head1

    page.click("header button[type=submit]")  # «Выйти»
    log_in(page, live_server.url, "head1", PASSWORD)
    page.goto(f"{live_server.url}/quality/complaints/")
    expect(page.locator("main")).to_contain_text(complaint.number)
    expect(page.locator("main")).to_contain_text("Иванова")
