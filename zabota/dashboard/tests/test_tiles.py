"""Every figure on every start page is a saved filter of a list: the number a tile shows is the
number of rows the list it links to shows the same person (issue 14).

The tiles are found in the blocks the start page really renders, whatever area registered them,
so a new tile is checked without being named here: a count that is not a `Tile`, or a list
figure without a link, fails as well.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine

from zabota.audit.models import EventKind, SecurityEvent
from zabota.core.tiles import Tile
from zabota.core.widgets import WIDGETS
from zabota.delivery.models import Visit
from zabota.delivery.services import service_log
from zabota.ltc import services as ltc_services
from zabota.ltc.models import Assessment
from zabota.ltc.tests.conftest import assess, json_file, small_methodology
from zabota.organisation.roles import Role
from zabota.programs.models import ContractStatus, ProgramStatus
from zabota.programs.tests.factories import stored_contract, stored_program
from zabota.recipients.models import MedicalCertificate, RecipientStatus
from zabota.testing import make_recipient, make_staff

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 24)
D = datetime.date
PERSONAS = [
    "admin",
    "director",
    "specialist",
    "accountant",
    "head1",
    "head2",
    "worker1",
    "worker2",
    "caregiver1",
    "worker_other_department",
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 10, 0), tick=False):
        yield


def certificate(recipient, valid_until: datetime.date) -> None:
    MedicalCertificate.objects.create(
        recipient=recipient, number="1", issued_on=D(2025, 11, 1), valid_until=valid_until
    )


def due_on(actor, recipient, next_on: datetime.date) -> None:
    assessment = assess(actor, recipient, {"walk": "c", "eat": "b"}, assessed_on=D(2026, 6, 1))
    Assessment.objects.filter(pk=assessment.pk).update(next_assessment_on=next_on)


@pytest.fixture
def centre(personas, catalog):
    """Something for every figure to count, with the cases the rules must leave out: history
    followed by a program or contract in force, a discharged person, another department."""
    p = personas
    d1, d2, institution = p.department1, p.department2, p.institution
    r1, r2, r3 = p.recipient_of_worker1, p.recipient_of_worker2, p.recipient_in_department2
    in_force = catalog.programs

    # r1: last year's program and contract are history, this year's are in force.
    stored_program(r1, valid_from=D(2024, 1, 15), valid_until=D(2025, 1, 14), status="expired")
    stored_contract(in_force[r1.pk], valid_from=D(2024, 1, 15), valid_until=D(2025, 1, 14))
    stored_contract(in_force[r1.pk], valid_from=D(2025, 1, 15), valid_until=D(2027, 12, 31))
    certificate(r1, D(2027, 1, 1))
    # r2: the contract runs out in a fortnight; the certificate in a week.
    stored_contract(in_force[r2.pk], valid_from=D(2025, 12, 9), valid_until=D(2026, 12, 8))
    certificate(r2, D(2026, 12, 1))
    # r3: a program replaced by the one in force, an expired contract followed by a new one.
    stored_program(
        r3,
        valid_from=D(2024, 6, 1),
        valid_until=D(2025, 5, 31),
        status=ProgramStatus.REPLACED,
        ended_on=D(2025, 1, 14),
    )
    stored_contract(
        in_force[r3.pk], valid_from=D(2025, 1, 15), valid_until=D(2025, 12, 31), status="expired"
    )
    stored_contract(in_force[r3.pk], valid_from=D(2026, 1, 1), valid_until=D(2027, 12, 31))

    lapsed = make_recipient(institution, d1, social_worker=p.worker1, last_name="Лапсова")
    old = stored_program(lapsed, valid_from=D(2025, 11, 1), valid_until=D(2026, 10, 31))
    stored_contract(old, valid_from=D(2025, 11, 1), valid_until=D(2026, 10, 31))
    ending = make_recipient(institution, d1, social_worker=p.worker2, last_name="Скорова")
    soon = stored_program(ending, valid_from=D(2025, 12, 16), valid_until=D(2026, 12, 15))
    stored_contract(soon, valid_from=D(2025, 12, 16), valid_until=D(2026, 12, 15))
    certificate(ending, D(2026, 11, 1))
    gone = make_recipient(institution, d1, social_worker=p.worker1, last_name="Выбывшая")
    gone_program = stored_program(gone, valid_from=D(2025, 1, 1), valid_until=D(2025, 12, 31))
    stored_contract(gone_program, valid_from=D(2025, 1, 1), valid_until=D(2025, 12, 31))
    gone.status = RecipientStatus.DISCHARGED
    gone.save(update_fields=["status"])
    # Cared for by the caregiver alone: counted once, under the caregiver.
    make_recipient(institution, d1, caregiver=p.caregiver1, last_name="Сиделкина")
    far = make_recipient(
        institution, d2, social_worker=p.worker_other_department, last_name="Далёкая"
    )
    far_program = stored_program(far, valid_from=D(2025, 9, 1), valid_until=D(2026, 8, 31))
    stored_contract(
        far_program,
        valid_from=D(2025, 9, 1),
        valid_until=D(2026, 8, 31),
        status=ContractStatus.EXPIRED,
    )
    stored_program(
        far, valid_from=D(2026, 12, 1), valid_until=D(2027, 11, 30), status=ProgramStatus.DRAFT
    )

    ltc_services.methodology_upload(
        actor=p.admin, file=json_file(small_methodology()), effective_from=D(2025, 1, 1)
    )
    due_on(p.head1, lapsed, TODAY - datetime.timedelta(days=3))
    due_on(p.head1, ending, TODAY + datetime.timedelta(days=10))
    due_on(p.head2, far, TODAY - datetime.timedelta(days=40))

    for recipient, worker in ((r1, p.worker1), (far, p.worker_other_department)):
        Visit.objects.create(
            institution=institution,
            recipient=recipient,
            worker=worker,
            visited_on=TODAY - datetime.timedelta(days=1),
            distance_m=900,
            needs_review=True,
        )
    for day in (D(2026, 10, 15), D(2026, 11, 2)):
        service_log(
            actor=p.worker1,
            recipient=r1,
            service=catalog.shopping,
            performed_on=day,
            quantity=Decimal(1),
        )
    retired = make_staff(institution, Role.SOCIAL_WORKER, "retired", d1)
    retired.user.is_active = False
    retired.user.save(update_fields=["is_active"])
    SecurityEvent.objects.create(
        kind=EventKind.LOGIN_FAILED, success=False, username="worker1", institution=institution
    )
    return p


def tiles_in(value, path: str = "") -> Iterator[tuple[str, Tile]]:
    if isinstance(value, Tile):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from tiles_in(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from tiles_in(item, f"{path}[{index}]")


def bare_counts(value, plain: tuple[str, ...], path: str = "") -> Iterator[str]:
    """Integers in a block's context outside any Tile: a figure that escaped the rule."""
    if isinstance(value, bool) or isinstance(value, Tile):
        return
    if isinstance(value, int):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in plain:
                yield from bare_counts(item, plain, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from bare_counts(item, plain, f"{path}[{index}]")


def rows_behind(client, url: str) -> int | str:
    """How many rows the list at `url` holds: its paginator's count, over all pages."""
    response = client.get(url)
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    page = (response.context or {}).get("page")
    return page.paginator.count if page is not None else "no paginated list"


def start_page_figures(personas, persona: str) -> list[tuple[str, str, Tile]]:
    staff = getattr(personas, persona)
    response = personas.client_for(staff).get("/")
    assert response.status_code == 200
    declared = {w.template: w for w in WIDGETS}
    figures = []
    for template, context in response.context["widgets"]:
        assert list(bare_counts(context, declared[template].plain_figures)) == [], template
        figures += [(template, path, tile) for path, tile in tiles_in(context)]
    return figures


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_figure_on_the_start_page_counts_the_rows_of_the_list_it_opens(centre, persona):
    client = centre.client_for(getattr(centre, persona))
    wrong = []
    for template, path, tile in start_page_figures(centre, persona):
        where = f"{template}{path} «{tile.label}»"
        if not tile.list_figure:
            continue
        if not tile.url:
            wrong.append(f"{where}: a list figure with no list")
            continue
        behind = rows_behind(client, tile.url)
        if behind != tile.count:
            wrong.append(f"{where}: {tile.count} on the tile, {behind} at {tile.url}")
    assert wrong == []


# What the centre above must show, so that the test before it compares real numbers.
EXPECTED = {
    "head1": {
        "Посещения далеко от адреса": 1,
        "Договоры истекают в 30 дн.": 2,  # r2 and Скорова
        "Договоры истекли, нового нет": 1,  # Лапсова; not r1's history, not the discharged
        "Медицинские заключения истекли или нет": 3,  # Лапсова, Сиделкина, Скорова
        "Медицинские заключения истекают в 30 дн.": 1,  # r2
        "ИППСУ истекли, новой нет": 1,  # Лапсова
        "ИППСУ истекают в 30 дн.": 1,  # Скорова
        "Просрочены": 1,
        "Предстоят в 30 дн.": 1,
    },
    "director": {
        "Посещения далеко от адреса": 2,
        "Договоры истекают в 30 дн.": 2,
        "Договоры истекли, нового нет": 2,  # + Далёкая; not r3, whose new one is in force
        "Медицинские заключения истекли или нет": 5,  # + r3, Далёкая
        "Медицинские заключения истекают в 30 дн.": 1,
        "ИППСУ истекли, новой нет": 2,  # + Далёкая (a draft is no program)
        "ИППСУ истекают в 30 дн.": 1,
        "Просрочены": 2,
        "Предстоят в 30 дн.": 1,
    },
    "admin": {
        "Учётных записей действует": 10,
        "Учётных записей отключено": 1,
        "Неудачных входов за вчера и сегодня": 1,
    },
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_the_figures_count_what_the_rules_say(centre, persona):
    shown = {
        tile.label: tile.count
        for _template, _path, tile in start_page_figures(centre, persona)
        if tile.label in EXPECTED[persona]
    }
    assert shown == EXPECTED[persona]


def test_the_workers_and_the_accountants_rows_link_their_counts(centre):
    rows = {
        row["worker"].user.username: row["recipients"].count
        for template, context in centre.client_for(centre.head1).get("/").context["widgets"]
        if template == "dashboard/blocks/workers.html"
        for row in context["rows"]
    }
    # worker1: Иванова and Лапсова (the discharged one is not on the list); caregiver1: Иванова
    # and Сиделкина.
    assert rows == {"worker1": 2, "worker2": 2, "caregiver1": 2}
    accountant = dict(centre.client_for(centre.accountant).get("/").context["widgets"])
    people = [row["people"].count for row in accountant["dashboard/blocks/accountant.html"]["rows"]]
    assert people == [1, 1]
