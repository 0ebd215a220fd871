"""The individual care plan: the chosen care services must fit the level's weekly hours."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zabota.ltc import services
from zabota.ltc.models import Assessment, CarePlan, CarePlanStatus
from zabota.ltc.selectors import suggested_periodicity
from zabota.ltc.services.careplans import PlanLine
from zabota.ltc.tests.conftest import TODAY, assess, make_care_service
from zabota.testing import make_institution

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
EVERY_DAY = (1, 1, 1, 1, 1, 1, 1)
MON_WED_FRI = (1, 0, 1, 0, 1, 0, 0)


@pytest.fixture
def level3(personas, regional, frozen):
    """Иванова at the third level: 21 hours (1260 minutes) a week."""
    return assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "c"})


@pytest.fixture
def level1(personas, regional, frozen):
    """Иванова at the first level: 7 hours (420 minutes) a week."""
    return assess(personas.head1, personas.recipient_of_worker1, {"walk": "b", "eat": "a"})


def test_a_draft_plan_takes_the_hours_and_terms_of_the_assessment(personas, level3):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    assert (plan.status, plan.hours_per_week) == (CarePlanStatus.DRAFT, Decimal(21))
    assert (plan.starts_on, plan.ends_on) == (TODAY, datetime.date(2026, 9, 10))
    assert services.care_plan_create(actor=personas.head1, assessment=level3) == plan


def test_a_plan_after_an_overdue_reassessment_date_leaves_its_end_open(
    personas, level3, care_services
):
    Assessment.objects.filter(pk=level3.pk).update(next_assessment_on=TODAY - DAY)
    level3.refresh_from_db()
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    assert (plan.starts_on, plan.ends_on) == (TODAY, None)
    plan = services.care_plan_save(
        actor=personas.head1, plan=plan, lines=[PlanLine(care_services["nails"], "monthly")]
    )
    assert plan.weekly_minutes == 40
    with pytest.raises(ValidationError, match="Окончание срока раньше его начала"):
        services.care_plan_save(actor=personas.head1, plan=plan, lines=[], ends_on=TODAY - DAY)


def test_no_plan_for_a_level_without_hours_of_care(personas, regional):
    none = assess(personas.head1, personas.recipient_of_worker1, {"walk": "a", "eat": "a"})
    with pytest.raises(ValidationError, match="не предполагает часов ухода"):
        services.care_plan_create(actor=personas.head1, assessment=none)
    assert not CarePlan.objects.exists()


def test_saving_lays_the_month_out_and_copies_the_time_norms(personas, level3, care_services):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    plan = services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[
            PlanLine(care_services["feed"], "weekly", EVERY_DAY),  # 30 × 30 = 900 a month
            PlanLine(care_services["wash"], "weekly", MON_WED_FRI),  # 14 × 15 = 210
            PlanLine(care_services["nails"], "monthly"),  # 40
            PlanLine(care_services["hands"], "twice_monthly"),  # 2 × 15 = 30
        ],
        relatives=[{"service": "Помощь в передвижении", "who": "Иванов И. П.", "status": "сын"}],
        not_needed=["Стрижка"],
    )
    assert plan.weekly_minutes == 7 * 30 + 3 * 15 + 40  # week 3 holds the monthly service
    assert (plan.month_minutes, plan.month_services, plan.days_per_week) == (1180, 47, 7)
    assert plan.relatives_services == [
        {"service": "Помощь в передвижении", "who": "Иванов И. П.", "status": "сын"}
    ]
    assert plan.not_needed_services == ["Стрижка"]
    care_services["feed"].time_norm_minutes = 45
    care_services["feed"].save()
    line = plan.services.get(service=care_services["feed"])
    assert (line.minutes, line.times_by_day) == (30, list(EVERY_DAY))


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        (lambda s: [PlanLine(s["feed"], "weekly")], "не выбран ни один день"),
        (lambda s: [PlanLine(s["feed"], "daily", EVERY_DAY)], "неизвестная периодичность"),
        (lambda s: [PlanLine(s["feed"], "weekly", (4, 0, 0, 0, 0, 0, 0))], "от 0 до 3"),
        (
            lambda s: [PlanLine(s["feed"], "monthly"), PlanLine(s["feed"], "monthly")],
            "выбрана дважды",
        ),
        (lambda s: [PlanLine(s["other"], "monthly")], "не услуга по уходу"),
        (lambda s: [PlanLine(s["foreign"], "monthly")], "не услуга по уходу"),
    ],
)
def test_saving_refuses_an_impossible_line_and_keeps_the_plan(
    personas, level3, care_services, lines, fragment
):
    catalog = dict(care_services)
    catalog["other"] = make_care_service(
        personas.institution, "1.1", "Покупка продуктов", 60, is_care=False
    )
    catalog["foreign"] = make_care_service(make_institution("Чужой"), "7.1", "Кормление", 30)
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    services.care_plan_save(
        actor=personas.head1, plan=plan, lines=[PlanLine(catalog["wash"], "monthly")]
    )
    with pytest.raises(ValidationError, match=fragment):
        services.care_plan_save(actor=personas.head1, plan=plan, lines=lines(catalog))
    plan.refresh_from_db()
    assert [line.service.code for line in plan.services.all()] == ["7.2"]
    assert plan.weekly_minutes == 15


def test_a_relative_must_be_named_and_a_planned_service_is_not_theirs(
    personas, level3, care_services
):
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)
    feed = PlanLine(care_services["feed"], "weekly", EVERY_DAY)
    with pytest.raises(ValidationError, match="Укажите ФИО родственника"):
        services.care_plan_save(
            actor=personas.head1,
            plan=plan,
            lines=[],
            relatives=[{"service": "Помощь в передвижении", "who": " "}],
        )
    with pytest.raises(ValidationError, match="уже в плане"):
        services.care_plan_save(
            actor=personas.head1,
            plan=plan,
            lines=[feed],
            relatives=[{"service": "Кормление", "who": "Иванов"}],
        )
    with pytest.raises(ValidationError, match="не может быть «не требуется»"):
        services.care_plan_save(
            actor=personas.head1, plan=plan, lines=[feed], not_needed=["Кормление"]
        )


def test_a_proposal_fits_the_hours_of_the_level(personas, level1, care_services):
    plan = services.care_plan_propose(
        actor=personas.head1,
        assessment=level1,
        services=[
            (care_services["feed"], "weekly"),
            (care_services["wash"], "weekly"),
            (care_services["nails"], "monthly"),
        ],
    )
    assert plan.weekly_minutes <= 420
    assert plan.weekly_minutes > 420 - 15  # nothing more would fit
    assert plan.services.count() == 3
    services.care_plan_approve(actor=personas.head1, plan=plan)
    plan.refresh_from_db()
    assert plan.status == CarePlanStatus.APPROVED


def test_an_overloaded_plan_is_not_approved_and_the_message_gives_the_minutes(
    personas, level1, care_services
):
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[
            PlanLine(care_services["feed"], "weekly", (2, 2, 2, 2, 2, 2, 2)),  # 420
            PlanLine(care_services["nails"], "monthly"),  # +40 in week 3
        ],
    )
    with pytest.raises(ValidationError) as error:
        services.care_plan_approve(actor=personas.head1, plan=plan)
    message = " ".join(error.value.messages)
    assert "460 мин" in message and "7 ч (420 мин)" in message
    assert "превышение на 40 мин" in message
    plan.refresh_from_db()
    assert (plan.status, plan.approved_on) == (CarePlanStatus.DRAFT, None)


def test_a_plan_of_exactly_the_level_hours_is_approved_and_replaces_the_last(
    personas, level1, care_services
):
    def approved_plan(assessment):
        plan = services.care_plan_create(actor=personas.head1, assessment=assessment)
        services.care_plan_save(
            actor=personas.head1,
            plan=plan,
            lines=[PlanLine(care_services["feed"], "weekly", (2, 2, 2, 2, 2, 2, 2))],  # 420
        )
        return services.care_plan_approve(actor=personas.head1, plan=plan)

    first = approved_plan(level1)
    assert (first.status, first.approved_on, first.approved_by) == (
        CarePlanStatus.APPROVED,
        TODAY,
        personas.head1,
    )
    again = assess(personas.head1, personas.recipient_of_worker1, {"walk": "b", "eat": "b"})
    second = approved_plan(again)
    first.refresh_from_db()
    assert (first.status, second.status) == (CarePlanStatus.REPLACED, CarePlanStatus.APPROVED)


def test_an_empty_plan_or_one_of_an_older_assessment_is_not_approved(
    personas, level1, care_services
):
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    with pytest.raises(ValidationError, match="нет ни одной услуги"):
        services.care_plan_approve(actor=personas.head1, plan=plan)
    services.care_plan_save(
        actor=personas.head1, plan=plan, lines=[PlanLine(care_services["nails"], "monthly")]
    )
    assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "c"})
    with pytest.raises(ValidationError, match="более новая оценка"):
        services.care_plan_approve(actor=personas.head1, plan=plan)


def test_an_approved_plan_cannot_be_changed(personas, level1, care_services):
    plan = services.care_plan_propose(
        actor=personas.head1, assessment=level1, services=[(care_services["feed"], "weekly")]
    )
    services.care_plan_approve(actor=personas.head1, plan=plan)
    with pytest.raises(ValidationError, match="уже утверждён"):
        services.care_plan_save(actor=personas.head1, plan=plan, lines=[])


# --- the pages ----------------------------------------------------------------------------


def editor_post(care_services, **overrides) -> dict:
    data = {"starts_on": "2026-03-10", "ends_on": "2026-09-10", "action": "save"}
    for service in care_services.values():
        data[f"place_{service.pk}"] = ""
        data[f"periodicity_{service.pk}"] = "weekly"
        for day in range(7):
            data[f"day_{service.pk}_{day}"] = "0"
    data.update(overrides)
    return data


def test_the_editor_saves_the_choices_and_shows_the_plan(personas, level1, care_services):
    client = personas.client_for(personas.head1)
    response = client.post(f"/care/assessments/{level1.pk}/plan/")
    plan = CarePlan.objects.get()
    assert response["Location"] == f"/care/plans/{plan.pk}/edit/"
    feed, nails, walk = care_services["feed"], care_services["nails"], care_services["walk"]
    response = client.post(
        f"/care/plans/{plan.pk}/edit/",
        editor_post(
            care_services,
            **{
                f"place_{feed.pk}": "plan",
                f"day_{feed.pk}_0": "1",
                f"day_{feed.pk}_3": "2",
                f"place_{nails.pk}": "plan",
                f"periodicity_{nails.pk}": "monthly",
                f"place_{walk.pk}": "relatives",
                f"who_{walk.pk}": "Иванов Иван Петрович",
                f"status_{walk.pk}": "сын",
                f"place_{care_services['wash'].pk}": "not_needed",
            },
        ),
    )
    assert response["Location"] == f"/care/plans/{plan.pk}/"
    plan.refresh_from_db()
    assert plan.weekly_minutes == 3 * 30 + 40
    assert plan.not_needed_services == ["Утренний туалет"]
    detail = personas.client_for(personas.worker1).get(f"/care/plans/{plan.pk}/")
    text = detail.content.decode()
    assert "Пн, Чт ×2" in text and "Иванов Иван Петрович" in text and "укладывается" in text
    assert all(f"<td>{times}</td>" in text for times in ("1 раз", "2 раза", "3 раза"))
    editor = client.get(f"/care/plans/{plan.pk}/edit/")
    assert editor.context["form"][f"who_{walk.pk}"].value() == "Иванов Иван Петрович"


def test_the_editor_suggests_the_periodicity_of_the_catalog_hint(personas, level1, care_services):
    haircut = make_care_service(
        personas.institution, "7.9", "Гигиеническая стрижка", 30, periodicity_hint="1 раз в месяц"
    )
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    form = personas.client_for(personas.head1).get(f"/care/plans/{plan.pk}/edit/").context["form"]
    assert form[f"periodicity_{haircut.pk}"].value() == "monthly"
    assert form[f"periodicity_{care_services['feed'].pk}"].value() == "weekly"


def test_the_editor_names_a_weekly_service_without_days(personas, level1, care_services):
    client = personas.client_for(personas.head1)
    client.post(f"/care/assessments/{level1.pk}/plan/")
    plan = CarePlan.objects.get()
    feed = care_services["feed"]
    response = client.post(
        f"/care/plans/{plan.pk}/edit/", editor_post(care_services, **{f"place_{feed.pk}": "plan"})
    )
    assert response.status_code == 200
    assert "Отметьте дни недели" in response.content.decode()
    assert not plan.services.exists()


def test_the_propose_button_fills_the_days_within_the_hours(personas, level1, care_services):
    client = personas.client_for(personas.head1)
    client.post(f"/care/assessments/{level1.pk}/plan/")
    plan = CarePlan.objects.get()
    feed, wash = care_services["feed"], care_services["wash"]
    client.post(
        f"/care/plans/{plan.pk}/edit/",
        editor_post(
            care_services,
            action="propose",
            **{f"place_{feed.pk}": "plan", f"place_{wash.pk}": "plan"},
        ),
    )
    plan.refresh_from_db()
    # «Утренний туалет» reaches its cap (once a day, 105 min); feeding (30 min) takes what
    # is left but one more would not fit.
    assert plan.services.get(service=wash).times_by_day == [1] * 7
    assert 420 - 30 < plan.weekly_minutes <= 420


def test_the_approve_button_refuses_an_overload_with_a_message(personas, level1, care_services):
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[PlanLine(care_services["feed"], "weekly", (3, 3, 3, 3, 3, 3, 3))],
    )
    client = personas.client_for(personas.head1)
    response = client.post(f"/care/plans/{plan.pk}/approve/", follow=True)
    assert "превышение на 210 мин" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == CarePlanStatus.DRAFT


@pytest.mark.parametrize(
    ("persona", "view", "edit"),
    [
        ("head1", 200, 200),
        ("worker1", 200, 403),
        ("worker2", 404, 403),
        ("head2", 404, 404),
        ("accountant", 403, 403),
    ],
)
def test_who_may_read_and_edit_a_plan(personas, level1, care_services, persona, view, edit):
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    client = personas.client_for(getattr(personas, persona))
    assert client.get(f"/care/plans/{plan.pk}/").status_code == view
    assert client.get(f"/care/plans/{plan.pk}/edit/").status_code == edit


def test_the_plan_page_costs_a_fixed_number_of_queries(
    personas, level1, care_services, django_assert_max_num_queries
):
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[
            PlanLine(service, suggested_periodicity(service), MON_WED_FRI)
            for service in list(care_services.values())
        ],
    )
    client = personas.client_for(personas.head1)
    with django_assert_max_num_queries(9):
        client.get(f"/care/plans/{plan.pk}/")
    with django_assert_max_num_queries(10):
        client.get(f"/care/plans/{plan.pk}/edit/")


# --- the catalog's periodicity and what cannot be delivered (issue 14, item 2) ------------


def test_a_service_once_a_week_cannot_be_planned_on_every_day(personas, level3):
    linen = make_care_service(
        personas.institution, "1.27", "Смена нательного и постельного белья", 15,
        periodicity_hint="1 раз в неделю",
    )  # fmt: skip
    plan = services.care_plan_create(actor=personas.head1, assessment=level3)

    with pytest.raises(ValidationError, match="не чаще 1 раза в неделю, а в плане 7 раз в неделю"):
        services.care_plan_save(
            actor=personas.head1, plan=plan, lines=[PlanLine(linen, "weekly", (1,) * 7)]
        )
    assert not plan.services.exists()


def test_the_proposal_keeps_each_service_within_its_periodicity(personas, level3, care_services):
    # The demo's plan proposed «1 раз в неделю» Mon–Sun twice a day: 57 times a month.
    linen = make_care_service(
        personas.institution, "1.27", "Смена нательного и постельного белья", 15,
        periodicity_hint="1 раз в неделю",
    )  # fmt: skip
    plan = services.care_plan_propose(
        actor=personas.head1,
        assessment=level3,
        services=[(linen, "weekly"), (care_services["nails"], "weekly")],
    )

    lines = {line.service: line for line in plan.services.all()}
    assert sum(lines[linen].times_by_day) == 1
    assert lines[care_services["nails"]].periodicity == "monthly"  # «1 раз в месяц»
    assert plan.month_services == 5 + 1


def test_approval_warns_when_no_caregiver_will_do_the_plan(personas, level1, care_services):
    person = personas.recipient_of_worker1
    person.caregiver = None
    person.save(update_fields=["caregiver"])
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[PlanLine(care_services["wash"], "weekly", (1, 0, 1, 0, 1, 0, 0))],
    )
    client = personas.client_for(personas.head1)

    page = client.get(f"/care/plans/{plan.pk}/")
    approved = client.post(f"/care/plans/{plan.pk}/approve/", follow=True)

    assert "Помощник по уходу (сиделка) не назначен" in page.content.decode()
    assert "Помощник по уходу (сиделка) не назначен" in approved.content.decode()
    plan.refresh_from_db()
    assert plan.status == CarePlanStatus.APPROVED


def test_a_plan_nobody_can_deliver_says_so(personas, level1, care_services):
    person = personas.recipient_of_worker1
    person.caregiver = person.social_worker = None
    person.save(update_fields=["caregiver", "social_worker"])
    plan = services.care_plan_create(actor=personas.head1, assessment=level1)
    services.care_plan_save(
        actor=personas.head1, plan=plan, lines=[PlanLine(care_services["nails"], "monthly")]
    )

    page = personas.client_for(personas.head1).get(f"/care/plans/{plan.pk}/")

    assert "никто не увидит на планшете" in page.content.decode()
