"""Issue 15, item 9: every page and API answer that shows a recipient's personal data is on
record in the security journal (152-ФЗ), not only the card.

`READS` is the one table of routes that show a recipient's documents, addresses, health, income,
family, services or signature, with the journal entry each must write; `NOT_PERSONAL` names the
routes of a recipient that show no more than who the person is (or only accept POST), and why.
A new URL with «recipient» in its pattern, or a new page of a recipient's object in the access
matrix, fails `test_every_route_of_a_recipient_is_classified` until it is put in one of them.
"""

import re

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zabota.audit.models import EventKind, SecurityEvent
from zabota.core.tests.access_world import build_world
from zabota.core.tests.test_access_matrix import ROUTES, R
from zabota.core.tests.test_access_matrix import request as matrix_request

pytestmark = pytest.mark.django_db

VIEW, PRINT = EventKind.VIEW, EventKind.PRINT


def _draft_program(slot):
    from zabota.programs.models import Program

    Program.objects.filter(pk=slot.program.pk).update(status="draft")


def _draft_assessment(slot):
    from zabota.ltc.models import Assessment

    Assessment.objects.filter(pk=slot.assessment.pk).update(status="draft")


# route name: (the entry written, what the page needs first). API routes are read by worker1's
# tablet, the pages by head1 (who may open every one of them for the recipient of worker1).
READS = {
    "recipients:card": (VIEW, None),
    "recipients:edit": (VIEW, None),
    "recipients:history": (VIEW, None),
    "recipients:representative_edit": (VIEW, None),
    "programs:program": (VIEW, None),
    "programs:program_new": (VIEW, None),
    "programs:program_edit": (VIEW, _draft_program),
    "programs:contract": (VIEW, None),
    "programs:contract_new": (VIEW, None),
    "payments:incomes": (VIEW, None),
    "payments:decide": (VIEW, None),
    "payments:family_edit": (VIEW, None),
    "delivery:visit_new": (VIEW, None),
    "delivery:visit_done": (VIEW, None),
    "delivery:plan_fact": (VIEW, None),
    # A download of an archived document is journalled as printing (its own kind, one entry).
    "documents:issued_file": (PRINT, None),
    "acts:detail": (VIEW, None),
    "billing:ledger": (VIEW, None),
    "ltc:assessment_start": (VIEW, None),
    "ltc:assessment": (VIEW, None),
    "ltc:assessment_step": (VIEW, _draft_assessment),
    "ltc:assessment_review": (VIEW, _draft_assessment),
    "ltc:reassessment_bring_forward": (VIEW, None),
    "ltc:care_plan": (VIEW, None),
    "ltc:care_plan_edit": (VIEW, None),
    "field:signature": (VIEW, None),
    "quality:survey": (VIEW, None),
    "quality:complaint": (VIEW, None),
    "quality:inspection": (VIEW, None),
    "family:manage": (VIEW, None),
    "intake:done": (VIEW, None),
    "intake:pdf": (VIEW, None),
    "api:v1:recipient": (VIEW, None),
    "api:v1:visits": (VIEW, None),
    "api:v1:week": (VIEW, None),
    "api:v1:catalog": (VIEW, None),
}
NOT_PERSONAL = {
    "recipients:discharge": "форма снятия: только ФИО",
    "recipients:enrol": "форма постановки: только ФИО",
    "recipients:consent_add": "пустая форма согласия",
    "recipients:consent_withdraw": "ФИО и дата согласия",
    "recipients:certificate_add": "пустая форма заключения",
    "recipients:representative_add": "пустая форма представителя",
    "programs:program_approve": "только POST",
    "programs:program_new_version": "только POST",
    "programs:lines_sum": "только POST: сумма и плата к строкам формы ИППСУ, открытие которой "
    "уже записано в журнал (запись на каждую правку строки была бы шумом)",
    "programs:contract_sign": "форма действия: номер договора и ФИО",
    "programs:contract_amend": "форма действия: номер договора и ФИО",
    "programs:contract_terminate": "форма действия: номер договора и ФИО",
    "payments:family_add": "пустая форма члена семьи",
    "delivery:record_cancel": "услуга и дата записи",
    "delivery:visit_review_one": "ФИО и дата посещения",
    "documents:issue": "ФИО и дата рождения; выдача пишется в журнал как печать",
    "acts:issue": "только POST; выдача пишется в журнал как печать",
    "billing:payment_new": "пустая форма платежа: ФИО и номера квитанций",
    "billing:adjustment_new": "пустая форма корректировки: ФИО",
    "billing:payment_cancel": "форма отмены: ФИО, сумма и дата платежа",
    "billing:receipt": "только POST; выдача пишется в журнал как печать",
    "ltc:care_plan_new": "только POST",
    "ltc:care_plan_approve": "только POST",
    "quality:survey_new": "анкета: ФИО, дата рождения и сотрудники получателя",
    "quality:inspection_new": "перечень проверки: ФИО и сотрудники получателя",
    "quality:violation_correct": "пункт проверки и срок устранения нарушения",
    "family:invite": "только POST (ссылка показывается на странице доступа, та пишет просмотр)",
    "family:link": "только POST (ссылка показывается на странице доступа, та пишет просмотр)",
    "family:revoke": "только POST",
    "family:withdraw": "только POST",
    "intake:step": "черновик оформления: получателя ещё нет (повторная постановка пишет просмотр)",
    "intake:cancel": "только POST",
    "api:v1:sync": "только POST",
    "api:v1:signatures": "только POST",
}


def url_patterns() -> dict[str, str]:
    """Every named route with its whole pattern ("recipients/<int:pk>/edit/")."""

    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    namespace + (f"{pattern.namespace}:" if pattern.namespace else ""),
                    prefix + str(pattern.pattern),
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name, prefix + str(pattern.pattern)

    return dict(walk(get_resolver().url_patterns))


def test_every_route_of_a_recipient_is_classified():
    patterns = url_patterns()
    # "<int:recipient_pk>", "recipients/<int:pk>/…": a recipient named in the address.
    named = re.compile(r"<\w+:\w*recipient\w*>|recipients/<")
    of_a_recipient = {name for name, pattern in patterns.items() if named.search(pattern)}
    of_a_recipient |= {n for n, spec in ROUTES.items() if spec["scope"] in (R, "billing")}
    unclassified = sorted(of_a_recipient - set(READS) - set(NOT_PERSONAL))
    assert not unclassified, f"put these routes in READS or NOT_PERSONAL: {unclassified}"
    both = sorted(set(READS) & set(NOT_PERSONAL))
    assert not both, f"routes in both tables: {both}"
    gone = sorted((set(READS) | set(NOT_PERSONAL)) - set(patterns))
    assert not gone, f"routes classified but gone: {gone}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from zabota.testing import Catalog, build_personas

    with django_db_blocker.unblock(), transaction.atomic():
        personas = build_personas()
        yield build_world(personas, Catalog(personas))
        transaction.set_rollback(True)


def _api_get(client, name: str, slot):
    kwargs = {"recipient_id": slot.recipient.pk} if name == "api:v1:recipient" else {}
    return client.get(reverse(name, kwargs=kwargs), HTTP_AUTHORIZATION="Bearer raw-ours")


PAGES = sorted(n for n in READS if not n.startswith("api:"))
API = sorted(n for n in READS if n.startswith("api:"))


@pytest.mark.parametrize("name", PAGES + API)
def test_a_route_showing_personal_data_writes_a_read_entry(world, settings, client, name):
    settings.ZABOTA_JOBS_INLINE = True
    kind, prepare = READS[name]
    slot = world["ours"]
    reader = world.personas.worker1 if name in API else world.personas.head1
    with transaction.atomic():
        if prepare:
            prepare(slot)
        before = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if name in API:
            response = _api_get(client, name, slot)
        else:
            response = matrix_request(world.personas.client_for(reader), name, ROUTES[name], slot)
        entries = list(
            SecurityEvent.objects.filter(pk__gt=before, kind=kind, recipient_id=slot.recipient.pk)
        )
        transaction.set_rollback(True)
    assert response.status_code == 200, f"{name}: {response.status_code}, expected the page"
    assert len(entries) == 1, f"{name}: {len(entries)} journal entries of the recipient, expected 1"
    entry = entries[0]
    assert (entry.user_id, entry.institution_id) == (reader.user_id, reader.institution_id)
    assert entry.details, f"{name}: the entry does not say what was shown"


def test_a_form_sent_back_with_errors_is_not_journalled_twice(world):
    """The edit form writes its entry when opened; saving writes the change itself."""
    slot = world["ours"]
    client = world.personas.client_for(world.personas.head1)
    with transaction.atomic():
        before = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        client.post(reverse("recipients:edit", args=[slot.recipient.pk]), {"last_name": ""})
        views = SecurityEvent.objects.filter(pk__gt=before, kind=VIEW).count()
        transaction.set_rollback(True)
    assert views == 0


def test_the_tablets_week_writes_one_entry_per_recipient_whatever_the_days(world, client):
    slot = world["ours"]
    with transaction.atomic():
        before = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        answer = _api_get(client, "api:v1:week", slot).json()
        shown = {v["recipient_id"] for day in answer["days"] for v in day["visits"]}
        entries = list(
            SecurityEvent.objects.filter(pk__gt=before, kind=VIEW).values_list(
                "recipient_id", "object_repr"
            )
        )
        transaction.set_rollback(True)
    assert shown == {slot.recipient.pk}
    assert entries == [(slot.recipient.pk, slot.recipient.full_name)]
