"""The whole journey in a browser, as a new user goes through it (docs/journey.md).

A head of department registers a recipient, records the consent, the medical certificate and the
income, computes the payment condition, draws up the ИППСУ and the contract and prints both; a
social worker records a week of visits; the head closes the month, issues the act and opens the
department's report. The act, the report and their files agree with what the worker recorded ×
the tariffs. Every field the head types or chooses up to the printed contract is counted.

A second test opens every page of every demo role's menu on a phone and on a tablet.
"""

import datetime
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright

from zabota.catalog import demo as catalog_demo
from zabota.catalog.models import Service, Tariff
from zabota.core.demo import DEMO_PASSWORD, DemoContext
from zabota.delivery.models import ServiceRecord
from zabota.documents.models import IssuedDocument
from zabota.organisation import demo as organisation_demo
from zabota.organisation.models import Staff
from zabota.payments import demo as payments_demo
from zabota.programs.models import Contract, Program
from zabota.recipients.models import Recipient
from zabota.testing_browser import launch

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "journey"
DOCS = ROOT / "docs" / "journey.md"
MOSCOW = ZoneInfo("Europe/Moscow")
MAX_FIELDS = 25

DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 800, "height": 1280}
PHONE = {"width": 390, "height": 844}

# The journey's calendar: a Monday the head takes the recipient on, a week of visits, and the
# Friday a week later when the head closes November.
HEAD_DAY = datetime.date(2026, 11, 16)
CLOSING_DAY = datetime.date(2026, 11, 27)
# (day, hour, {service code: quantity}) — what the worker does, visit by visit.
VISITS = [
    (datetime.date(2026, 11, 16), 15, {"1.01": "1", "1.11": "30", "2.01": "1"}),
    (datetime.date(2026, 11, 18), 10, {"2.01": "1"}),
    (datetime.date(2026, 11, 19), 11, {"1.01": "1", "2.01": "1"}),
    (datetime.date(2026, 11, 20), 10, {"1.01": "1", "1.11": "25", "2.01": "1"}),
]
# The program the head draws up: (service code, quantity a month).
PROGRAM = [("1.01", "8"), ("1.11", "120"), ("2.01", "8")]


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=MOSCOW)


def build_centre(today: datetime.date) -> DemoContext:
    """What the centre already has before the journey: the institution, departments and staff
    (password DEMO_PASSWORD), the catalog with tariffs and the region's ПМ and coefficient —
    the demo's own steps, without any recipient."""
    ctx = DemoContext(recipients=0, months=1, today=today, log=lambda *args: None)
    with transaction.atomic():
        organisation_demo.populate(ctx)
        catalog_demo.populate(ctx)
        ctx.extra["recipients"] = []
        payments_demo.populate(ctx)
    return ctx


@pytest.fixture
def chromium():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        if old.is_file():
            old.unlink()
    return ARTIFACTS


class Person:
    """One person at one browser: logs in, goes through the menu, types (counted), takes
    screenshots numbered in the order of the journey."""

    shots = 0

    def __init__(self, chromium, server: str, login: str, viewport=DESKTOP, **options):
        self.context = chromium.new_context(
            viewport=viewport,
            locale="ru-RU",
            timezone_id="Europe/Moscow",
            accept_downloads=True,
            **options,
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())
        self.server, self.step = server, ""
        self.typed: list[tuple[str, str]] = []  # (step, field label)
        self.page.goto(f"{server}/accounts/login/")
        self.page.fill("#id_username", login)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("main button[type=submit]")
        expect(self.page.locator("header .who")).to_be_visible()

    def menu(self, item: str) -> None:
        self.page.click("#menu summary")
        self.page.locator("#menu nav").get_by_role("link", name=item, exact=True).click()

    def _note(self, selector: str) -> None:
        label = self.page.locator(selector).evaluate(
            "e => (e.labels && e.labels.length ? e.labels[0].innerText : e.name).trim()"
        )
        self.typed.append((self.step, label.rstrip(" *")))

    def fill(self, selector: str, value: str) -> None:
        self._note(selector)
        self.page.fill(selector, value)

    def choose(self, selector: str, **option) -> None:
        self._note(selector)
        self.page.select_option(selector, **option)

    def check(self, selector: str) -> None:
        self._note(selector)
        self.page.check(selector)

    def shot(self, name: str) -> None:
        Person.shots += 1
        self.page.screenshot(path=ARTIFACTS / f"{Person.shots:02d}-{name}.png", full_page=True)

    def download(self, click: str) -> Path:
        with self.page.expect_download() as event:
            self.page.click(click)
        path = ARTIFACTS / event.value.suggested_filename
        event.value.save_as(path)
        return path

    def close(self) -> None:
        self.context.close()


def docx_text(path: Path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def bare(text: str) -> str:
    """Text without any spaces: «1 234,56» and «1 234,56» (a thin space) compare equal."""
    return re.sub(r"\s+", "", text)


def money(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def tariff(service: Service, day: datetime.date) -> Decimal:
    return (
        Tariff.objects.filter(service=service, effective_from__lte=day)
        .latest("effective_from")
        .price
    )


@pytest.mark.browser
# Like the other browser tests: the data migrations' rows come back after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_takes_a_recipient_on_a_worker_serves_a_week_and_the_month_adds_up(
    live_server, chromium, artifacts
):
    Person.shots = 0
    with time_machine.travel(at(HEAD_DAY, 10), tick=True) as clock:
        build_centre(HEAD_DAY)
        services = {s.code: s for s in Service.objects.all()}
        worker = Staff.objects.get(user__username="worker1")

        # --- Monday: the head takes the new recipient on, up to the printed contract ----------
        head = Person(chromium, live_server.url, "head1")
        page = head.page
        head.step = "Новый получатель"
        head.menu("Получатели")
        page.click("text=+ Новый получатель")
        head.fill("#id_last_name", "Смирнова")
        head.fill("#id_first_name", "Антонина")
        head.fill("#id_middle_name", "Васильевна")
        head.fill("#id_birth_date", "1938-03-14")
        head.fill("#id_snils", "112-233-445 95")
        head.fill("#id_document_series", "3203")
        head.fill("#id_document_number", "512947")
        head.fill("#id_document_issued_by", "Отделом УФМС России по Кемеровской области")
        head.fill("#id_document_issued_on", "2003-04-22")
        head.fill("#id_registration_address", "г. Кемерово, ул. Весенняя, д. 7, кв. 3")
        head.choose("#id_social_worker", label=worker.full_name)
        head.shot("registration")
        page.click("main button[type=submit]")
        expect(page.locator(".messages")).to_contain_text(
            "Смирнова Антонина Васильевна поставлена на обслуживание"
        )
        recipient = Recipient.objects.get(snils="11223344595")
        assert (recipient.gender, recipient.social_worker) == ("female", worker)
        head.shot("card-new")

        head.step = "Согласие"
        page.click("text=Записать согласие")
        head.shot("consent")
        page.click("main button[type=submit]")
        expect(page.locator(".messages")).to_contain_text("Согласие на обработку")

        head.step = "Медицинское заключение"
        page.click("text=Записать заключение")
        head.fill("#id_number", "117")
        head.fill("#id_issued_on", "2026-11-12")
        head.fill("#id_valid_until", "2027-11-11")
        head.fill("#id_issued_by", "ГБУЗ «Кемеровская городская клиническая поликлиника № 5»")
        head.shot("certificate")
        page.click("main button[type=submit]")
        expect(page.locator(".messages")).to_contain_text("Медицинское заключение записано")

        head.step = "Доход"
        page.click("text=Доходы и состав семьи")
        head.fill("#id_amount", "24 350,00")
        head.shot("income")
        page.click("text=Записать за каждый месяц")
        expect(page.locator(".messages")).to_contain_text("Доходы записаны")
        page.click("main >> text=Рассчитать условие оплаты")
        head.shot("payment-condition")
        page.click("main button[type=submit]")
        expect(page.locator(".messages")).to_contain_text(
            "Среднедушевой доход 24 350,00 ₽ рассчитан"
        )
        expect(page.locator("#payment")).to_contain_text("Предельная величина")
        head.shot("payment-computed")

        head.step = "ИППСУ"
        page.click("text=Составить программу")
        for line, (code, quantity) in enumerate(PROGRAM):
            head.choose(f"#id_services-{line}-service", value=str(services[code].pk))
            head.fill(f"#id_services-{line}-quantity_per_month", quantity)
        head.shot("program-form")
        page.click("text=Сохранить проект")
        expect(page.locator(".messages")).to_contain_text("Проект программы сохранён")
        page.click("text=Утвердить программу")
        expect(page.locator(".messages")).to_contain_text("Программа утверждена")
        page.click("text=Печать программы")
        expect(page.locator("h1")).to_contain_text("Индивидуальная программа")
        head.shot("program-print")
        page.click("text=Выдать документ")
        expect(page.locator(".messages")).to_contain_text("Выдан документ")
        head.shot("program-printed")
        program = Program.objects.get(recipient=recipient)
        program_docx = docx_text(head.download("main >> text=DOCX"))
        assert "Смирнова Антонина Васильевна" in program_docx
        assert "3203" in program_docx and "512947" in program_docx
        for code, _quantity in PROGRAM:
            assert services[code].name in program_docx
            assert services[code].periodicity_hint in program_docx  # prefilled, not typed

        head.step = "Договор"
        page.click("text=Заключить договор")
        head.shot("contract-form")
        page.click("main button[type=submit]")
        expect(page.locator(".messages")).to_contain_text("сохранён")
        contract = Contract.objects.get(recipient=recipient)
        assert contract.program == program
        page.click("text=Печать договора")
        page.click("text=Выдать документ")
        expect(page.locator(".messages")).to_contain_text("Выдан документ")
        head.shot("contract-printed")
        contract_docx = docx_text(head.download("main >> text=DOCX"))
        assert f"ДОГОВОР № {contract.number}" in contract_docx
        assert "Смирнова Антонина Васильевна" in contract_docx and "512947" in contract_docx
        assert money(contract.monthly_fee) in bare(contract_docx)

        head.menu("Архив документов")
        for document in IssuedDocument.objects.filter(recipient=recipient):
            expect(page.locator("main table")).to_contain_text(document.number)
        head.shot("documents-archive")
        typed = list(head.typed)
        head.close()

        # --- A week of visits: the worker records them on the web form --------------------------
        for number, (day, hour, done) in enumerate(VISITS):
            clock.move_to(at(day, hour))
            on_tablet = number == 1
            person = Person(chromium, live_server.url, "worker1", TABLET if on_tablet else DESKTOP)
            page = person.page
            if number == 0:
                # The month's plan in hours by the catalog's norms (nothing done yet).
                minutes = sum(
                    Decimal(quantity) * services[code].time_norm_minutes
                    for code, quantity in PROGRAM
                )
                hours = f"{minutes / 60:.1f}".replace(".", ",")
                expect(page.locator("main")).to_contain_text(f"Оказано 0 ч из {hours} ч")
                person.shot("worker-start")
            page.click("text=Записать посещение вне плана")
            page.click(f"main >> text={recipient.full_name}")
            expect(page.locator("#id_performed_on")).to_have_value(f"{day:%d.%m.%Y}")
            for code, quantity in done.items():
                page.check(f"#do_program-{services[code].pk}")
                page.fill(f"#qty_program-{services[code].pk}", quantity)
            if number == 0:
                person.shot("visit-form")
            if on_tablet:
                person.shot("visit-form-tablet")
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= TABLET["width"], f"the visit form scrolls sideways: {width}px"
            page.click("text=Записать посещение")
            expect(page.locator(".messages")).to_contain_text(f"Записано услуг: {len(done)}")
            if number == len(VISITS) - 1:
                person.shot("visit-done")
            person.close()

        recorded = ServiceRecord.objects.filter(recipient=recipient, worker=worker)
        assert recorded.count() == sum(len(done) for _day, _hour, done in VISITS)
        expected = sum(
            Decimal(quantity) * tariff(services[code], day)
            for day, _hour, done in VISITS
            for code, quantity in done.items()
        )

        # --- Friday a week later: the head closes November, issues the act, reads the report ---
        clock.move_to(at(CLOSING_DAY, 10))
        head = Person(chromium, live_server.url, "head1")
        page = head.page
        head.menu("Закрытие месяца")
        page.get_by_role("button", name=f"Закрыть ноябрь 2026: {worker.department.name}").click()
        expect(page.locator(".messages")).to_contain_text("месяц 11.2026 закрыт")
        head.shot("month-closed")

        head.menu("Акты")
        expect(page.locator("h1")).to_have_text("Акты оказанных услуг за ноябрь 2026")
        page.click(f"tr:has-text('{recipient.full_name}') >> text=Акт")
        expect(page.locator("h1")).to_contain_text("Акт за ноябрь 2026")
        total_row = page.locator("tr.total")
        expect(total_row).to_contain_text("Всего оказано услуг на сумму")
        assert bare(total_row.inner_text()).endswith(money(expected))
        head.shot("act")
        act_path = head.download("text=Выдать акт (DOCX)")
        act = docx_text(act_path)
        assert "за ноябрь 2026" in act
        assert f"Всего оказано услуг на сумму {money(expected)}" in act.replace("\xa0", "")
        assert IssuedDocument.objects.filter(recipient=recipient, kind="act").count() == 1

        head.menu("Отчёты")
        page.click("a.chip >> text=ноябрь 2026")
        page.click("form[action='/reports/department/'] >> text=Показать")
        expect(page.locator("h1")).to_have_text("Отчёт отделения")
        row = page.locator("tr", has_text=worker.full_name)
        assert bare(row.locator("td").last.inner_text()) == money(expected)
        head.shot("department-report")
        workbook = load_workbook(head.download("main >> text=Excel"))
        by_worker = {row[0]: row for row in workbook["По сотрудникам"].iter_rows(values_only=True)}
        assert Decimal(str(by_worker[worker.full_name][-1])).quantize(Decimal("0.01")) == expected
        head.close()

    # --- What the head typed from the new recipient to the printed contract ------------------
    lines = [f"{step}: {label}" for step, label in typed]
    (artifacts / "typed-fields.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(typed) <= MAX_FIELDS, "\n".join(lines)
    docs = DOCS.read_text(encoding="utf-8")
    assert f"Полей заполнено: **{len(typed)}**" in docs, "docs/journey.md: another number"
    for screenshot in sorted(artifacts.glob("*.png")):
        assert f"`{screenshot.name}`" in docs, f"docs/journey.md does not describe {screenshot}"


# --- Every role's menu on a phone and a tablet ------------------------------------------------

ROLES = ["admin", "director", "specialist1", "accountant1", "head1", "worker1", "caregiver1"]
PAGE_CHECK = """() => {
  const unlabelled = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (el.type === 'hidden' || ['submit', 'button', 'reset', 'image'].includes(el.type)) continue;
    if (!el.checkVisibility()) continue;
    if (el.labels && el.labels.length) continue;  // <label for> or a label around it
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) continue;
    unlabelled.push(el.outerHTML.slice(0, 160));
  }
  return {scroll: document.documentElement.scrollWidth, width: window.innerWidth, unlabelled};
}"""


class Inspector:
    """Opens pages as one person and writes down what is wrong with each."""

    def __init__(self, person: Person, login: str):
        self.person, self.login = person, login
        self.errors: list[str] = []
        self.problems: list[str] = []
        self.opened = 0
        page = person.page
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def look(self, url: str) -> None:
        page = self.person.page
        self.errors.clear()
        response = page.goto(self.person.server + url)
        found = page.evaluate(PAGE_CHECK)
        where = f"{self.login} {page.viewport_size['width']}px {url}"
        if response.status != 200:
            self.problems.append(f"{where}: status {response.status}")
        if self.errors:
            self.problems.append(f"{where}: console {self.errors}")
        if found["scroll"] > found["width"] + 1:
            self.problems.append(f"{where}: scrolls sideways to {found['scroll']}px")
        for field in found["unlabelled"]:
            self.problems.append(f"{where}: no label for {field}")
        self.opened += 1

    def first_entry(self) -> str | None:
        """The first entry of a list on the page: a card, a program, an act…"""
        link = self.person.page.locator("main table a[href^='/']:not([href*='?'])").first
        return link.get_attribute("href") if link.count() else None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_of_every_role_fits_a_phone_and_a_tablet_and_labels_its_fields(
    live_server, chromium
):
    problems, opened = [], 0
    with time_machine.travel(at(CLOSING_DAY, 10), tick=True):
        with override_settings(DEBUG=True):  # the demo refuses to run in production
            call_command(
                "demo_data", "--recipients", "30", "--months", "1", stdout=open("/dev/null", "w")
            )
        for login in ROLES:
            # No service worker: the tablet page's one would fetch its shell in the background
            # while the next page loads, and the test database (SQLite in memory, shared by the
            # server's threads) refuses a second writer at once («database table is locked»).
            # The offline tablet is tested in zabota/field/tests.
            person = Person(chromium, live_server.url, login, PHONE, service_workers="block")
            inspector = Inspector(person, login)
            menu = person.page.eval_on_selector_all(
                "#menu nav a", "links => links.map(a => a.getAttribute('href'))"
            )
            assert len(menu) >= 3, f"{login}'s menu: {menu}"
            pages = ["/"] + [link for link in menu if link != "/"]
            entries = []
            for viewport in (PHONE, TABLET):
                person.page.set_viewport_size(viewport)
                for url in pages:
                    inspector.look(url)
                    if viewport is PHONE and (entry := inspector.first_entry()):
                        entries.append(entry)
            # One entry of every list, on the phone: the pages behind the menu's pages.
            person.page.set_viewport_size(PHONE)
            for url in dict.fromkeys(entries):
                inspector.look(url)
            person.close()
            problems += inspector.problems
            opened += inspector.opened
    assert opened > 100, f"only {opened} pages opened"
    assert not problems, "\n".join(problems)
