"""Issue 24, «Done when»: the head takes the journey's new recipient on through the guided
intake in a real browser, from the start page to the printed contract, and the screens (page
loads), the typed fields and the clicks are counted: at most 10 screens and 15 typed fields.

The demo holds no application waiting, so the new-recipient case is the journey's
(zabota/dashboard/tests/test_journey.py): the centre the demo builds before any recipient, and
Смирнова Антонина Васильевна with a pension of 24 350 ₽ and the journey's three services.
Screenshots and the counts go to test-artifacts/intake/; docs/journey.md shows them.
"""

import io
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect
from pypdf import PdfReader

from zabota.catalog.models import Service
from zabota.dashboard.tests.test_journey import (  # noqa: F401 (chromium: the fixture)
    HEAD_DAY,
    PROGRAM,
    Person,
    at,
    build_centre,
    chromium,
)
from zabota.documents.models import IssuedDocument
from zabota.intake.models import Intake, IntakeStatus
from zabota.intake.proposals import propose_worker
from zabota.organisation.models import Staff
from zabota.programs.models import Contract
from zabota.recipients.models import Recipient

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "intake"
DOCS = ROOT / "docs" / "journey.md"
MAX_SCREENS = 10
MAX_TYPED = 15
# Before the intake (issue 24, measured on the separate pages by the journey's path).
BEFORE = {"screens": 21, "typed": 18, "chosen": 4, "clicks": 48}


class CountingPerson(Person):
    """The journey's person, counting what it costs: each page the browser loads, each field
    typed into, each choice made (a list, a box) and each click."""

    def __init__(self, browser, server: str, login: str):
        super().__init__(browser, server, login)
        # The start page after the login is the first screen of the count.
        self.page.wait_for_load_state("load")
        self.loads = [self.page.url]
        self.clicks = 0
        self.chosen: list[tuple[str, str]] = []
        self.page.on("load", lambda page: self.loads.append(page.url))

    def click(self, selector: str) -> None:
        self.clicks += 1
        # Scrolled to first: below four previews a click at the button's place of a moment
        # ago (the previews still laying out) would miss it.
        self.page.locator(selector).scroll_into_view_if_needed()
        self.page.click(selector)

    def choose(self, selector: str, **option) -> None:
        self._note(selector)
        self.chosen.append(self.typed.pop())
        self.clicks += 1  # opening the list; the choice is counted as a field
        self.page.select_option(selector, **option)

    def fill(self, selector: str, value: str) -> None:
        self.clicks += 1  # into the field
        super().fill(selector, value)

    def shot(self, name: str) -> None:
        Person.shots += 1
        self.page.screenshot(path=ARTIFACTS / f"{Person.shots:02d}-{name}.png", full_page=True)

    def download(self, click: str) -> Path:
        self.clicks += 1
        with self.page.expect_download() as event:
            self.page.click(click)
        path = ARTIFACTS / event.value.suggested_filename
        event.value.save_as(path)
        return path


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        if old.is_file():
            old.unlink()
    return ARTIFACTS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_head_takes_a_new_recipient_on_in_at_most_ten_screens_and_fifteen_typed_fields(
    live_server,
    chromium,  # noqa: F811
    artifacts,
):
    Person.shots = 0
    with time_machine.travel(at(HEAD_DAY, 10), tick=True):
        build_centre(HEAD_DAY)
        services = {s.code: s for s in Service.objects.all()}
        head1 = Staff.objects.get(user__username="head1")
        proposed = propose_worker(head1.department)

        head = CountingPerson(chromium, live_server.url, "head1")
        page = head.page
        head.step = "Главная"
        expect(page.locator("main")).to_contain_text("Незавершённые оформления")
        head.shot("intake-start-page")
        head.click("main >> text=+ Новое оформление")

        head.step = "Заявление"
        expect(page.locator("h2")).to_have_text("Заявление")
        expect(page.locator("#id_application_date")).to_have_value(f"{HEAD_DAY:%d.%m.%Y}")
        head.shot("intake-application")
        head.click("main >> button:has-text('Далее')")

        head.step = "Получатель"
        expect(page.locator("h2")).to_have_text("Получатель")
        head.fill("#id_last_name", "Смирнова")
        head.fill("#id_first_name", "Антонина")
        head.fill("#id_middle_name", "Васильевна")
        head.fill("#id_birth_date", "140338")
        head.fill("#id_snils", "112-233-445 95")
        head.fill("#id_document_series", "3203")
        head.fill("#id_document_number", "512947")
        head.fill("#id_document_issued_by", "Отделом УФМС России по Кемеровской области")
        head.fill("#id_document_issued_on", "220403")
        head.fill("#id_registration_address", "г. Кемерово, ул. Весенняя, д. 7, кв. 3")
        expect(page.locator("#id_social_worker")).to_have_value(str(proposed.pk))
        head.shot("intake-person")
        head.click("main >> button:has-text('Далее')")

        head.step = "Семья и доходы"
        expect(page.locator("h2")).to_have_text("Семья и доходы")
        head.fill("#id_income", "24 350,00")
        head.shot("intake-household")
        head.click("main >> button:has-text('Далее')")

        head.step = "ИППСУ"
        expect(page.locator("h2")).to_have_text("ИППСУ")
        expect(page.locator("#payment")).to_contain_text("Среднедушевой доход 24 350,00")
        for line, (code, quantity) in enumerate(PROGRAM):
            head.choose(f"#id_services-{line}-service", value=str(services[code].pk))
            head.fill(f"#id_services-{line}-quantity_per_month", quantity)
        # The live sum of the program page's editor works here too: the server's total appears.
        expect(page.locator("[data-lines-total]")).to_be_visible()
        head.shot("intake-program")
        head.click("main >> button:has-text('Далее')")

        head.step = "Договор"
        expect(page.locator("h2")).to_have_text("Договор")
        expect(page.locator("#payment")).to_contain_text("Стоимость услуг ИППСУ в месяц")
        head.shot("intake-contract")
        head.click("main >> button:has-text('Далее')")

        head.step = "Документы"
        expect(page.locator("h2")).to_have_text("Документы")
        expect(page.locator("iframe.intake-preview")).to_have_count(4)
        assert not Recipient.objects.filter(snils="11223344595").exists()  # nothing final yet
        head.shot("intake-documents")
        head.click("#confirm-intake")

        # The documents are rendered and archived in the one transaction: a few seconds.
        expect(page.locator("h1")).to_have_text("Оформление завершено", timeout=30_000)
        head.shot("intake-done")
        pdf_path = head.download("main >> text=Печать: все документы одним PDF")
        screens, clicks = len(head.loads), head.clicks
        typed, chosen = list(head.typed), list(head.chosen)
        head.close()

    recipient = Recipient.objects.get(snils="11223344595")
    assert recipient.social_worker == proposed and recipient.department == head1.department
    contract = Contract.objects.get(recipient=recipient)
    intake = Intake.objects.get(recipient=recipient)
    assert intake.status == IntakeStatus.DONE
    kinds = set(IssuedDocument.objects.filter(recipient=recipient).values_list("kind", flat=True))
    assert kinds == {"application", "consent", "program", "contract"}
    pdf = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages).replace("\xa0", " ")
    assert contract.number in text and "Смирнова" in text

    lines = [f"{step}: {label} (ввод)" for step, label in typed]
    lines += [f"{step}: {label} (выбор)" for step, label in chosen]
    counts = (
        f"Экранов (загрузок страниц): {screens}\nПолей введено: {len(typed)}\n"
        f"Выбрано в списках: {len(chosen)}\nЩелчков: {clicks}\n"
    )
    (artifacts / "counts.txt").write_text(counts + "\n".join(lines) + "\n", encoding="utf-8")
    assert screens <= MAX_SCREENS, f"{screens} screens: {head.loads}"
    assert len(typed) <= MAX_TYPED, "\n".join(lines)
    docs = DOCS.read_text(encoding="utf-8")
    for said in (
        f"Экранов: **{screens}**",
        f"полей введено: **{len(typed)}**",
        f"выбрано в списках: **{len(chosen)}**",
        f"щелчков: **{clicks}**",
    ):
        assert said in docs, f"docs/journey.md does not say «{said}»"
    for screenshot in sorted(artifacts.glob("*.png")):
        assert f"intake/{screenshot.name}" in docs, f"docs/journey.md does not show {screenshot}"
