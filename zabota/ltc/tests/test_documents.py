"""The care plan's data for the document "care_plan": every field of the kind's contract."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from zabota.documents.contexts.care_plan import layout_fields
from zabota.documents.kinds import IssueRequest, get_kind
from zabota.ltc import services
from zabota.ltc.documents import build_care_plan_context, care_plan_document_context
from zabota.ltc.services.careplans import PlanLine
from zabota.ltc.tests.conftest import assess
from zabota.rules import careplan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, regional, frozen, care_services):
    assessment = assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "b"})
    plan = services.care_plan_create(actor=personas.head1, assessment=assessment)
    services.care_plan_save(
        actor=personas.head1,
        plan=plan,
        lines=[
            PlanLine(care_services["feed"], "weekly", (2, 2, 2, 2, 2, 0, 0)),
            PlanLine(care_services["wash"], "weekly", (1, 0, 1, 0, 1, 0, 0)),
            PlanLine(care_services["nails"], "monthly"),
        ],
        relatives=[{"service": "Помощь в передвижении", "who": "Иванов И. П.", "status": "сын"}],
        not_needed=["Гигиеническая обработка рук"],
    )
    return services.care_plan_approve(actor=personas.head1, plan=plan)


def contract_fields() -> set[str]:
    """The top-level names under care_plan that the kind declares."""
    names = set()
    for name, _ in get_kind("care_plan").fields:
        head = name.removeprefix("care_plan.").split(".")[0].split("[")[0]
        names.add(head)
    return names


def test_the_context_holds_every_field_of_the_kind(plan):
    context = care_plan_document_context(plan)["care_plan"]
    assert contract_fields() <= set(context)


def test_the_context_carries_the_level_the_month_and_the_lists(plan):
    care_plan = care_plan_document_context(plan)["care_plan"]
    assert (care_plan["level"], care_plan["level_hours_per_week"]) == ("2", Decimal(14))
    assert care_plan["status"] == "первичная"
    assert care_plan["days_per_week"] == 5
    assert care_plan["assigned_minutes_per_week"] == 10 * 30 + 3 * 15 + 40
    assert [row["mon"] for row in care_plan["grid"]] == ["—", "X", "—"]
    assert [row["sat"] for row in care_plan["grid"]] == ["—", "—", "—"]
    assert [week["minutes"] for week in care_plan["weeks"]] == [
        345,
        345,
        385,
        345,
        4 * 2 * 30 + 2 * 15,
    ]
    feed = care_plan["services"][0]
    assert (feed["name"], feed["w1"], feed["w5"], feed["month_count"]) == ("Кормление", 10, 8, 48)
    assert care_plan["by_relatives"] == [
        {"n": 1, "name": "Помощь в передвижении", "person": "Иванов И. П.", "status": "сын"}
    ]
    assert care_plan["not_needed"] == [{"n": 1, "name": "Гигиеническая обработка рук"}]
    assert (care_plan["valid_from"], care_plan["valid_until"]) == (
        datetime.date(2026, 3, 10),
        datetime.date(2026, 9, 10),
    )
    assert care_plan["is_example_methodology"] is False
    assert care_plan["program_number"] == ""


def test_a_plan_by_the_shipped_example_says_so_in_the_document(
    personas, barthel, frozen, care_services
):
    from zabota.ltc.tests.conftest import barthel_answers

    assessment = assess(personas.head1, personas.recipient_of_worker1, barthel_answers(barthel, 30))
    plan = services.care_plan_propose(
        actor=personas.head1, assessment=assessment, services=[(care_services["feed"], "weekly")]
    )
    care_plan = care_plan_document_context(plan)["care_plan"]
    assert care_plan["is_example_methodology"] is True
    assert "Индекс Бартел" in care_plan["methodology_title"]


def test_a_repeated_assessment_makes_the_plan_repeated(personas, plan, care_services):
    again = assess(personas.head1, personas.recipient_of_worker1, {"walk": "c", "eat": "c"})
    second = services.care_plan_propose(
        actor=personas.head1, assessment=again, services=[(care_services["feed"], "weekly")]
    )
    assert care_plan_document_context(second)["care_plan"]["status"] == "повторная"


def test_the_documents_app_gets_the_builder_and_it_keeps_to_the_scope(personas, plan):
    kind = get_kind("care_plan")
    assert kind.build_context is build_care_plan_context
    context = kind.build_context(
        IssueRequest(
            actor=personas.head1,
            recipient=personas.recipient_of_worker1,
            object_type="ltc.careplan",
            object_id=str(plan.pk),
        )
    )
    assert context["care_plan"]["level"] == "2"
    with pytest.raises(Http404):
        build_care_plan_context(
            IssueRequest(actor=personas.head2, object_type="ltc.careplan", object_id=str(plan.pk))
        )
    with pytest.raises(ValidationError, match="другому получателю"):
        build_care_plan_context(
            IssueRequest(
                actor=personas.director,
                recipient=personas.recipient_of_worker2,
                object_type="ltc.careplan",
                object_id=str(plan.pk),
            )
        )
    for object_type, object_id in (("ltc.careplan", "abc"), ("ltc.careplan", ""), ("", "")):
        with pytest.raises(ValidationError, match="Не указан план ухода"):
            build_care_plan_context(
                IssueRequest(
                    actor=personas.director,
                    recipient=personas.recipient_of_worker1,
                    object_type=object_type,
                    object_id=object_id,
                )
            )


@pytest.mark.parametrize(
    ("times_by_day", "expected"),
    [
        ((1, 0, 1, 0, 0, 0, 0), "2 раза в неделю"),
        ((1, 1, 1, 1, 1, 0, 0), "5 раз в неделю"),
        ((1, 0, 0, 0, 0, 0, 0), "1 раз в неделю"),
        ((2, 2, 2, 2, 2, 2, 2), "ежедневно, 2 раза в день"),
    ],
)
def test_the_periodicity_of_a_service_is_written_in_agreeing_words(times_by_day, expected):
    service = careplan.PlannedService("7.1", "Кормление", 30, careplan.WEEKLY, times_by_day)
    assert layout_fields(careplan.layout([service]))["services"][0]["periodicity"] == expected
