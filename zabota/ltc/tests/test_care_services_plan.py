"""A care plan built from the 50 care services of the list: one service of a slot, the caps of the
standards, and the week and month counted as §1.3 counts them (the table of cases)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zabota.catalog.services import care_services_load
from zabota.ltc import services
from zabota.ltc.models import CarePlanService
from zabota.ltc.plan_sheet import plan_sheet
from zabota.ltc.selectors import care_plan_lines, care_services_of
from zabota.ltc.services.careplans import PlanLine
from zabota.ltc.tests.conftest import assess

pytestmark = pytest.mark.django_db
D = Decimal
EVERY_DAY = (1, 1, 1, 1, 1, 1, 1)
THRICE_DAILY = (3, 3, 3, 3, 3, 3, 3)
WEDNESDAY = (0, 0, 1, 0, 0, 0, 0)


@pytest.fixture
def fifty(personas):
    care_services_load(actor=personas.director, institution=personas.institution)
    return {s.care_number: s for s in care_services_of(personas.institution)}


@pytest.fixture
def level3(personas, regional, frozen):
    """21 hours (1260 minutes) a week."""
    return assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "c"})


@pytest.fixture
def level1(personas, regional, frozen):
    """7 hours (420 minutes) a week."""
    return assess(personas.head1, personas.recipient_of_worker1, {"walk": "b", "eat": "a"})


# (case, [(number, periodicity, days)], weekly minutes, monthly minutes, item 3 as printed)
CASES = [
    ("кормление 3 раза в день", [(5, "weekly", THRICE_DAILY)], D(630), D(2520), "630 мин (10 ч 30 мин)"),
    ("купание в кровати раз в неделю", [(10, "weekly", WEDNESDAY)], D(50), D(200), "50 мин (50 мин)"),
    ("ногти на руках 2 раза в месяц", [(17, "twice_monthly", None)], D(5), D(20), "5 мин (5 мин)"),
    ("ногти на ногах 1 раз в месяц", [(21, "monthly", None)], D(10), D(40), "10 мин (10 мин)"),
    (
        "смесь пяти слотов",
        [
            (5, "weekly", THRICE_DAILY),  # 630
            (8, "weekly", EVERY_DAY),  # 105
            (10, "weekly", WEDNESDAY),  # 50
            (18, "twice_monthly", None),  # 2 × 7 = 14 a month, 3,5 a week
            (22, "monthly", None),  # 27 a month, 6,75 a week
        ],
        D("795.25"),
        D(785 * 4 + 14 + 27),
        "795 мин (13 ч 15 мин)",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("chosen", "weekly", "monthly", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_plan_of_the_fifty_counts_its_week_and_month_as_the_standards_do(
    personas, level3, fifty, chosen, weekly, monthly, text
):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    lines = [
        PlanLine(fifty[number], periodicity, days or (0,) * 7)
        for number, periodicity, days in chosen
    ]
    services.care_plan_save(actor=personas.head1, plan=plan, lines=lines)
    sheet = plan_sheet(plan, care_plan_lines(plan))
    assert (sheet.standard.weekly_minutes, sheet.standard.monthly_minutes) == (weekly, monthly)
    assert sheet.standard.weekly_text == text and sheet.standard_fits
    page = personas.client_for(personas.head1).get(reverse("ltc:care_plan", args=[plan.pk]))
    assert text in page.content.decode()


def test_two_services_of_one_slot_are_refused_naming_both_and_nothing_is_saved(
    personas, level3, fifty
):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    services.care_plan_save(
        actor=personas.head1, plan=plan, lines=[PlanLine(fifty[8], "weekly", EVERY_DAY)]
    )
    with pytest.raises(ValidationError) as error:
        services.care_plan_save(
            actor=personas.head1,
            plan=plan,
            lines=[
                PlanLine(fifty[5], "weekly", EVERY_DAY),
                PlanLine(fifty[6], "weekly", EVERY_DAY),
            ],
        )
    assert "«Кормление» и «Помощь при приеме пищи»" in " ".join(error.value.messages)
    assert list(CarePlanService.objects.values_list("service_id", flat=True)) == [fifty[8].pk]


def test_the_editor_groups_a_slot_and_refuses_two_of_it(personas, level3, fifty):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    client = personas.client_for(personas.head1)
    url = reverse("ltc:care_plan_edit", args=[plan.pk])
    form = client.get(url).context["form"]
    groups = form.groups()
    assert len(groups) == 33
    assert [row["service"].care_number for row in groups[5]["rows"]] == [10, 11, 12]
    feeding, helping = fifty[5], fifty[6]
    data = {"starts_on": "10.03.2026", "action": "save"}
    for service in (feeding, helping):
        data |= {f"place_{service.pk}": "plan", f"periodicity_{service.pk}": "weekly"}
        data |= {f"day_{service.pk}_{day}": "1" for day in range(7)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "«Кормление» и «Помощь при приеме пищи»" in response.content.decode()
    assert not CarePlanService.objects.exists()


def test_the_standards_cap_the_times_a_week(personas, level3, fifty):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    with pytest.raises(ValidationError, match="не чаще 1 раза в неделю"):
        services.care_plan_save(
            actor=personas.head1,
            plan=plan,
            lines=[PlanLine(fifty[10], "weekly", (1, 0, 0, 1, 0, 0, 0))],
        )
    with pytest.raises(ValidationError, match="не чаще 1 раза в месяц"):
        services.care_plan_save(
            actor=personas.head1, plan=plan, lines=[PlanLine(fifty[24], "twice_monthly")]
        )


def test_a_plan_above_the_levels_hours_is_flagged_and_not_approved(personas, level1, fifty):
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[
            PlanLine(fifty[3], "weekly", (2, 2, 2, 2, 2, 2, 2)),  # 14 × 10 = 140
            PlanLine(fifty[5], "weekly", EVERY_DAY),  # 7 × 30 = 210
            PlanLine(fifty[11], "weekly", WEDNESDAY),  # 40
            PlanLine(fifty[17], "twice_monthly"),  # 5 a week
            PlanLine(fifty[24], "monthly"),  # 5 a week
        ],
    )
    page = personas.client_for(personas.head1).get(reverse("ltc:care_plan", args=[plan.pk]))
    text = page.content.decode()
    assert "400 мин (6 ч 40 мин)" in text and "укладывается" in text
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[
            PlanLine(fifty[3], "weekly", (2, 2, 2, 2, 2, 2, 2)),
            PlanLine(fifty[5], "weekly", EVERY_DAY),
            PlanLine(fifty[11], "weekly", WEDNESDAY),
            PlanLine(fifty[17], "twice_monthly"),
            PlanLine(fifty[24], "monthly"),
            PlanLine(fifty[13], "weekly", (1, 1, 0, 0, 0, 0, 0)),  # + 24 = 424 > 420
        ],
    )
    page = personas.client_for(personas.head1).get(reverse("ltc:care_plan", args=[plan.pk]))
    text = page.content.decode()
    assert "Назначено 424 мин (7 ч 4 мин) в неделю — больше, чем положено" in text
    assert "больше часов уровня" in text
    with pytest.raises(ValidationError, match="назначено 424 мин \\(7 ч 4 мин\\) в неделю"):
        services.care_plan_approve(actor=personas.head1, plan=plan)


def test_a_care_service_of_the_centre_beside_the_fifty_has_no_slot_to_clash(
    personas, level3, fifty
):
    own = fifty[5].__class__.objects.create(
        institution=personas.institution,
        service_type=fifty[5].service_type,
        code="7.1",
        name="Кормление через зонд (своя услуга центра)",
        time_norm_minutes=20,
        is_care=True,
        periodicity_hint="1 раз в день",
    )
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    plan = services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[PlanLine(fifty[5], "weekly", EVERY_DAY), PlanLine(own, "weekly", EVERY_DAY)],
    )
    assert plan.services.count() == 2
