"""Issue 15, item 10: a malformed parameter is refused with 400 or 404 and a Russian message —
never a server error, never a silent substitute.

The demo answered 500 on /documents/issue/care_plan/ with another recipient's plan, with
`object=ltc.careplan:abc` and with no object, and issued the latest contract for
`object=programs.contract:abc`. The same class of bug was looked for on every GET page of the
access matrix: `PARAMS` lists the query parameters each view reads (collected from the views'
`request.GET` and their filter forms) with the kind of value they take; each gets garbage.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from zabota.core.tests.access_world import build_world
from zabota.core.tests.test_access_matrix import ROUTES
from zabota.documents.models import IssuedDocument

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from zabota.testing import Catalog, build_personas

    with django_db_blocker.unblock(), transaction.atomic():
        personas = build_personas()
        world = build_world(personas, Catalog(personas))
        # Names found nowhere else, to see whether a page shows another institution's object.
        outsider = world["outsider"]
        outsider.department.name = "Отделение Чужого центра"
        outsider.department.save()
        outsider.staff.last_name = "Чужакова"
        outsider.staff.save()
        yield world
        transaction.set_rollback(True)


def assert_refused(response, status=400):
    assert response.status_code == status, response.status_code
    text = response.content.decode()
    assert CYRILLIC.search(text), "the refusal is not in Russian"
    return text


# ---- the documents issue page ------------------------------------------------------------------


def issue_url(kind: str, recipient, obj: str | None = None) -> str:
    url = f"/documents/issue/{kind}/?recipient={recipient.pk}"
    return url + (f"&object={obj}" if obj is not None else "")


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_recipients_care_plan_is_not_found(world, method):
    ours, theirs = world["ours"], world["theirs"]
    director = world.personas.client_for(world.personas.director)
    url = issue_url("care_plan", ours.recipient, f"ltc.careplan:{theirs.care_plan.pk}")
    assert_refused(getattr(director, method)(url), 404)
    outsider = issue_url(
        "care_plan", ours.recipient, f"ltc.careplan:{world['outsider'].care_plan.pk}"
    )
    assert_refused(getattr(director, method)(outsider), 404)
    assert not IssuedDocument.objects.filter(kind="care_plan").exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    ("kind", "obj", "says"),
    [
        ("care_plan", "ltc.careplan:abc", "нужно целое число"),
        ("care_plan", None, "Не указано, по какому объекту"),
        ("care_plan", "", "Не указано, по какому объекту"),
        ("care_plan", "ltc.careplan:", "Не указан номер объекта"),
        ("care_plan", "ltc.careplan:99999999999999999999999", "нужно целое число"),
        ("care_plan", "programs.contract:1", "выдаётся по объекту ltc.careplan"),
        ("contract", "programs.contract:abc", "нужно целое число"),
        ("contract", None, "Не указано, по какому объекту"),
        ("contract", "programs.program:1", "выдаётся по объекту programs.contract"),
        ("program", "programs.program:-3", "число должно быть от 1"),
        ("consent", "garbage", "тип"),
    ],
)
def test_a_malformed_object_is_refused_and_nothing_is_issued(world, method, kind, obj, says):
    ours = world["ours"]
    client = world.personas.client_for(world.personas.director)
    with transaction.atomic():
        response = getattr(client, method)(issue_url(kind, ours.recipient, obj))
        issued = IssuedDocument.objects.filter(recipient=ours.recipient, kind=kind).count()
        transaction.set_rollback(True)
    assert says in assert_refused(response)
    assert issued == (1 if kind == "consent" else 0)  # the consent of the world, nothing new


def test_the_named_contract_is_issued_not_the_latest(world):
    from zabota.programs.models import Contract

    ours = world["ours"]
    client = world.personas.client_for(world.personas.director)
    with transaction.atomic():
        Contract.objects.filter(pk=ours.contract.pk).update(status="active")
        url = issue_url("contract", ours.recipient, f"programs.contract:{ours.contract.pk}")
        response = client.post(url)
        issued = IssuedDocument.objects.get(kind="contract")
        transaction.set_rollback(True)
    assert response.status_code == 302
    assert (issued.object_type, issued.object_id) == ("programs.contract", str(ours.contract.pk))


def test_a_recipient_that_is_not_a_number_is_refused(world):
    client = world.personas.client_for(world.personas.director)
    assert "recipient" in assert_refused(client.get("/documents/issue/consent/?recipient=abc"))


# ---- every GET page with garbage in each parameter it reads ------------------------------------

INT, VERSION, DATE, MONTH, CHOICE, FLAG, PAGE, DAYS, FORM, TEXT = (
    "int",
    "version",
    "date",
    "month",
    "choice",
    "flag",
    "page",
    "days",
    "form",
    "text",
)
GARBAGE = {
    INT: ["abc", "-1", "0", "1.5", "99999999999999999999", "２", "1;DROP TABLE x"],
    DAYS: ["abc", "-1", "367", "99999999999999999999"],
    DATE: ["garbage", "2026-13-01", "2026-02-30", "20261001", "2026-W01"],
    VERSION: ["abc", "-1", "1.5", "99999999999999999999"],
    MONTH: ["2026-13", "abc", "2026-1", "202611", "2026-11-05"],
    CHOICE: ["bogus", "' OR 1=1 --"],
    FLAG: ["yes", "2"],
    PAGE: ["abc", "0", "-1", "1e3"],
    FORM: ["garbage", "2026-13-01", "' OR 1=1 --"],
    TEXT: ["' OR 1=1 --", "%_\\", "<script>alert(1)</script>", "я" * 300],
}
LIST = {"q": TEXT, "page": PAGE, "format": TEXT}
PERIOD = {"date_from": DATE, "date_to": DATE}
PERIOD_FORM = {"date_from": FORM, "date_to": FORM}
# Pages that read no query parameter (their forms are sent by POST).
NONE = {
    name: {}
    for name in (
        "dashboard:home",
        "accounts:profile",
        "organisation:institution",
        "organisation:department_new",
        "organisation:staff_new",
        "recipients:register",
        "recipients:references",
        "catalog:service_new",
        "catalog:import",
        "programs:typical_set_new",
        "payments:parameters",
        "payments:minimum_add",
        "payments:coefficient_add",
        "delivery:months",
        "documents:templates",
        "documents:fields",
        "ltc:methodology_upload",
        "ltc:methodology_new",
        "ltc:methodology_import",
        "ltc:methodology_new_version",
        "ltc:methodology_editor",
        "ltc:methodology_preview",
        "exchange:import_upload",
        "exchange:import_template",
        "exchange:incomes_upload",
        "exchange:incomes_template",
        "exchange:export_mapping_new",
        "exchange:egisso_settings",
        "billing:details",
        "quality:questionnaire",
        "quality:checklist",
        "quality:alerts_badge",
        "organisation:installation",
        "organisation:installation_institution_new",
        "organisation:installation_institution",
        "organisation:installation_supervisor_new",
        "family:home",
    )
}
PARAMS = NONE | {
    "organisation:installation_supervisors": LIST,
    "recipients:list": LIST | {"department": INT, "status": CHOICE, "worker": INT, "category": INT},
    "recipients:journal": LIST | PERIOD | {"kind": CHOICE, "department": INT},
    "recipients:by_category": LIST | {"category": INT, "department": INT},
    "recipients:certificates": LIST | {"days": DAYS, "department": INT},
    "recipients:history": {"page": PAGE},
    "catalog:services": LIST | {"on": DATE, "active": CHOICE, "type": INT, "kind": CHOICE},
    "programs:programs": LIST | {"status": CHOICE, "days": DAYS, "department": INT},
    "programs:contracts": LIST | {"status": CHOICE, "department": INT},
    "programs:service_search": {"q": TEXT},
    "programs:typical_sets": LIST | {"active": CHOICE},
    "payments:incomes": {"all": FLAG},
    "payments:statistics": {"on": DATE, "format": TEXT},
    "delivery:records": LIST
    | PERIOD
    | {"recipient": INT, "worker": INT, "department": INT, "cancelled": FLAG},
    "delivery:choose_recipient": {"q": TEXT, "page": PAGE},
    "delivery:visit_new": {"repeat": FLAG},
    "delivery:plan_fact": {"month": MONTH},
    "delivery:visit_review": {"page": PAGE},
    "documents:issued": LIST | PERIOD | {"kind": TEXT, "period": DATE, "recipient": INT},
    "documents:template_preview": {"version": VERSION, "q": TEXT, "recipient": INT},
    "documents:template_preview_file": {"version": VERSION, "recipient": INT, "format": TEXT},
    "acts:list": LIST | {"month": MONTH, "department": INT},
    "billing:index": LIST | {"month": MONTH, "department": INT},
    "billing:reopen": {"month": MONTH},
    "billing:turnover": {"month": MONTH, "department": INT, "format": TEXT},
    "billing:arrears": {"month": MONTH, "department": INT, "format": TEXT, "page": PAGE},
    "billing:statements": {"page": PAGE},
    "billing:review": {"status": CHOICE, "page": PAGE},
    "billing:files": {"month": MONTH, "department": INT, "file": CHOICE, "format": CHOICE},
    "ltc:reassessments": LIST | {"days": DAYS, "department": INT, "state": CHOICE},
    "ltc:methodologies": {"q": TEXT},
    "quality:surveys": LIST | PERIOD | {"department": INT, "worker": INT},
    "quality:samples": {"quarter": DATE, "worker": INT, "state": CHOICE, "page": PAGE},
    "quality:complaints": LIST | {"state": CHOICE, "department": INT, "outcome": CHOICE},
    "quality:complaint_new": {"recipient": INT},
    "quality:inspections": LIST | PERIOD | {"department": INT, "worker": INT},
    "quality:plan": {"quarter": DATE, "department": INT, "state": CHOICE, "page": PAGE},
    "quality:violations": {"state": CHOICE, "department": INT, "page": PAGE},
    "quality:report": PERIOD_FORM | {"department": INT, "format": CHOICE},
    "quality:alerts": {"show": CHOICE, "page": PAGE},
    "reports:index": PERIOD_FORM,
    "reports:worker": PERIOD_FORM | {"worker": INT, "format": TEXT},
    "reports:mine": PERIOD_FORM,
    "reports:department": PERIOD_FORM | {"department": INT},
    "reports:institution": PERIOD_FORM | {"format": TEXT},
    "reports:sobes": PERIOD_FORM | {"column": FORM},
    "reports:analytics": PERIOD_FORM
    | {"department": INT, "dimension1": FORM, "measures": FORM, "page": PAGE},
    "exchange:index": LIST | {"status": CHOICE},
    "jobs:list": {"q": TEXT, "page": PAGE, "status": CHOICE},
    "absences:list": LIST | {"current": FLAG},
    "intake:list": {"q": TEXT, "page": PAGE},
    "exchange:export": {"layout": FORM, "date_from": FORM, "date_to": FORM},
    "exchange:egisso": {"date_from": FORM, "date_to": FORM, "q": TEXT, "page": PAGE},
    "exchange:egisso_packages": {"page": PAGE},
    "exchange:egisso_package": {"page": PAGE},
    "exchange:egisso_facts": LIST | {"status": CHOICE},
    "exchange:depersonalised": {"date_from": FORM, "date_to": FORM},
    "field:visits": LIST | PERIOD | {"worker": INT, "far": FLAG},
    "rota:week": {"department": INT, "week": DATE, "format": TEXT},
    "field:route": {"worker": INT, "date": DATE},
    "field:unplaced": LIST | {"department": INT, "worker": INT},
    "organisation:staff_list": LIST | {"role": CHOICE},
    "operations:errors": LIST | PERIOD,
    "supervision:index": {},
    "supervision:everything": PERIOD_FORM,
    "supervision:sobes": PERIOD_FORM | {"column": FORM, "format": TEXT},
    "supervision:section": PERIOD_FORM | {"institution": INT, "department": INT, "format": TEXT},
    "audit:events": LIST
    | PERIOD
    | {"kind": CHOICE, "username": TEXT, "recipient": INT, "success": CHOICE},
}
# Each parameter naming an object, and the other institution's object it is tried with.
FOREIGN = {
    "recipient": lambda w: (w["outsider"].recipient.pk, w["outsider"].recipient.last_name),
    "department": lambda w: (w["outsider"].department.pk, w["outsider"].department.name),
    "worker": lambda w: (w["outsider"].staff.pk, w["outsider"].staff.last_name),
    "category": lambda w: (w["outsider"].category.pk, w["outsider"].category.name),
}
# Some pages read a filter only with another one present (e.g. a period needs its start).
WITH = {
    "exchange:egisso": {"date_from": "2026-01-01"},
    "exchange:depersonalised": {"date_from": "2026-01-01"},
    "exchange:export": {"layout": "default"},
}
# The accountant last: the reader only of the pages no one else may open (billing.manage).
READERS = [
    "director",
    "admin",
    "head1",
    "worker1",
    "supervisor",
    "installation_admin",
    "accountant",
]


def reader(world, capability: str):
    for role in READERS:
        staff = getattr(world.personas, role)
        if staff.can(capability):
            return staff
    raise AssertionError(capability)


def page_url(world, name: str) -> str:
    spec = ROUTES[name]
    return reverse(name, kwargs=spec["args"](world["ours"]) if spec["args"] else {})


def test_every_get_page_of_the_matrix_is_in_the_table():
    get_pages = {
        n
        for n, spec in ROUTES.items()
        if spec["method"] == "get" and spec["capability"] != "public"
    }
    # Pages of one object read no query parameter: their id is in the path.
    path_only = {n for n in get_pages if ROUTES[n]["args"] and n not in PARAMS}
    missing = sorted(get_pages - set(PARAMS) - path_only - {"documents:issue"})
    assert not missing, f"list the query parameters of these pages in PARAMS: {missing}"
    gone = sorted(set(PARAMS) - set(ROUTES))
    assert not gone, f"pages in PARAMS but gone: {gone}"


def refused_or_shown_with_errors(response, kind: str) -> None:
    """The garbage did not turn into another answer: 400 with a Russian message, or (a filter
    form) the page with the form's errors and nothing computed, or a redirect that says why."""
    status = response.status_code
    assert status < 500, f"server error {status}"
    if kind == TEXT:
        return
    if kind == FORM and status == 302:
        return
    if kind == FORM and status == 200:
        context = response.context
        computed = [context.get(k) for k in ("report", "result", "check") if k in context]
        form = context.get("form")
        assert (form is not None and form.errors) or not any(computed), "garbage gave an answer"
        return
    assert_refused(response)


CASES = [(name, param) for name, params in PARAMS.items() for param in params]


@pytest.mark.parametrize(("name", "param"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_garbage_in_a_parameter_is_refused_not_a_server_error(world, settings, name, param):
    settings.ZABOTA_JOBS_INLINE = True
    kind = PARAMS[name][param]
    client = world.personas.client_for(reader(world, ROUTES[name]["capability"]))
    url = page_url(world, name)
    for value in GARBAGE[kind]:
        query = WITH.get(name, {}) | {param: value}
        with transaction.atomic():
            response = client.get(url, query)
            transaction.set_rollback(True)
        try:
            refused_or_shown_with_errors(response, kind)
        except AssertionError as error:
            raise AssertionError(f"{name}?{param}={value!r}: {error}") from None


FOREIGN_CASES = [(n, p) for n, p in CASES if p in FOREIGN]


@pytest.mark.parametrize(
    ("name", "param"), FOREIGN_CASES, ids=[f"{n}-{p}" for n, p in FOREIGN_CASES]
)
def test_another_institutions_object_is_never_shown(world, name, param):
    pk, shown_as = FOREIGN[param](world)
    client = world.personas.client_for(reader(world, ROUTES[name]["capability"]))
    response = client.get(page_url(world, name), {param: pk})
    assert response.status_code < 500
    assert shown_as not in response.content.decode(), f"{name}?{param}={pk} shows {shown_as}"


def test_a_page_past_the_end_is_the_last_page_not_an_error(world):
    client = world.personas.client_for(world.personas.director)
    response = client.get("/recipients/", {"page": "999"})
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages
