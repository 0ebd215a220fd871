"""The acts of many people read together: the same acts as one by one, in a number of queries
that does not grow with the people, numbered in one go and archived in two inserts."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction

from zabota.acts.documents import act_context, act_contexts
from zabota.acts.tests.test_acts import TODAY, october  # noqa: F401 - the fixture
from zabota.audit.models import EventKind, SecurityEvent
from zabota.documents.kinds import IssueRequest
from zabota.documents.models import IssuedDocument
from zabota.documents.services import (
    document_issue,
    document_render,
    documents_prepare,
    documents_store,
)
from zabota.testing import make_guardian

pytestmark = pytest.mark.django_db


def people(personas):
    return [
        personas.recipient_of_worker1,
        personas.recipient_of_worker2,
        personas.recipient_in_department2,  # no payment decision: refused
    ]


def request_of(actor, recipient, period="2026-10") -> IssueRequest:
    return IssueRequest(actor=actor, recipient=recipient, period=period)


@time_machine.travel(TODAY)
def test_the_acts_of_many_people_are_the_acts_of_each(personas, october):  # noqa: F811
    make_guardian(personas.recipient_of_worker2)
    actor = personas.director
    together = act_contexts([request_of(actor, r) for r in people(personas)])

    for recipient, context in zip(people(personas)[:2], together, strict=False):
        assert context == act_context(request_of(actor, recipient))
    assert together[0]["act"]["to_pay"] != together[1]["act"]["to_pay"]
    assert together[1]["signatures"]["customer_name"] != personas.recipient_of_worker2.full_name
    assert isinstance(together[2], ValidationError)
    assert "Условие оплаты получателя не рассчитано" in together[2].messages[0]


@time_machine.travel(TODAY)
def test_a_person_out_of_the_actors_scope_gets_no_act(personas, october):  # noqa: F811
    results = act_contexts([request_of(personas.head1, r) for r in people(personas)])
    assert isinstance(results[0], dict)
    assert results[2].messages == ["Получатель вам недоступен."]


@time_machine.travel(TODAY)
def test_the_queries_do_not_grow_with_the_people(
    personas,
    october,  # noqa: F811
    django_assert_num_queries,
):
    actor = personas.director
    one = [request_of(actor, personas.recipient_of_worker1)]
    # 13 of the act itself, one of the fields billing adds (the debt at the start of the month).
    with django_assert_num_queries(14) as captured:
        act_contexts(one)
    with django_assert_num_queries(len(captured.captured_queries)):
        act_contexts([request_of(actor, r) for r in people(personas)])


@time_machine.travel(TODAY)
def test_prepared_together_they_are_numbered_in_a_row_and_a_refusal_uses_no_number(
    personas,
    october,  # noqa: F811
):
    actor = personas.director
    first = document_issue(
        actor=actor,
        kind="act",
        recipient=personas.recipient_of_worker1,
        params={"period": "2026-10"},
    )
    with transaction.atomic():
        outcomes = documents_prepare(
            actor=actor, kind="act", recipients=people(personas), params={"period": "2026-10"}
        )
    assert [o.number for o in outcomes[:2]] == ["А-2/2026", "А-3/2026"]
    assert first.number == "А-1/2026" and isinstance(outcomes[2], ValidationError)
    assert outcomes[0].context["recipient"]["full_name"] == personas.recipient_of_worker1.full_name


@time_machine.travel(TODAY)
def test_stored_together_each_act_is_archived_with_its_audit_line_in_two_inserts(
    personas,
    october,  # noqa: F811
    django_assert_num_queries,
):
    actor = personas.director
    with transaction.atomic():
        prepared = documents_prepare(
            actor=actor, kind="act", recipients=people(personas)[:2], params={"period": "2026-10"}
        )
    contents = [document_render(p) for p in prepared]
    with django_assert_num_queries(2):
        documents = documents_store(prepared, contents)

    assert [d.pk for d in documents] == list(
        IssuedDocument.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert [bytes(d.content) for d in IssuedDocument.objects.order_by("pk")] == contents
    lines = SecurityEvent.objects.filter(kind=EventKind.PRINT).order_by("pk")
    assert [(e.object_id, e.recipient_id, e.user_id) for e in lines] == [
        (str(d.pk), d.recipient_id, actor.user_id) for d in documents
    ]
    assert lines[0].details.startswith("выдан документ «Акт за октябрь 2026 г.» № А-1/2026")
    assert documents[0].issued_on == datetime.date(2026, 11, 24)
