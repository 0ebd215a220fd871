"""The access matrix (issue: personal-data protection): every URL of the application, for
every role, with an object of one's own, of another department and of another institution,
against a declared expectation. A new view without a declared rule fails here.

`ROUTES` declares, per URL name: the capability the view requires (zabota.organisation.roles),
how to build its arguments from an object owner's slot, which scope decides whether the person
may see that object, and the method to use (POST for views that only accept POST).
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zabota.core.tests.access_world import OWNERS, build_world
from zabota.organisation.access import billing_scope, department_scope, recipient_scope
from zabota.organisation.roles import CAPABILITIES
from zabota.recipients.models import Recipient

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "director",
    "specialist",
    "accountant",
    "head1",
    "worker1",
    "caregiver1",
    "supervisor",
    "installation_admin",
]
MONTH = "2026-11"


def route(capability, args=None, scope="none", method="get", query=None, data=None):
    return {
        "capability": capability,
        "args": args,
        "scope": scope,
        "method": method,
        "query": query,
        "data": data or {},
    }


R = "recipient"
ROUTES = {
    "dashboard:home": route("staff"),
    "accounts:login": route("public"),
    "accounts:logout": route("public", method="post"),
    "accounts:profile": route("staff"),
    "accounts:token_revoke": route("staff", lambda s: {"pk": s.token.pk}, "token", "post"),
    "accounts:logout_everywhere": route("staff", method="post"),
    "organisation:institution": route("staff.manage"),
    "organisation:department_new": route("staff.manage"),
    "organisation:department_edit": route(
        "staff.manage", lambda s: {"pk": s.department.pk}, "institution"
    ),
    "organisation:staff_list": route("staff.manage"),
    "organisation:staff_new": route("staff.manage"),
    "organisation:staff_edit": route("staff.manage", lambda s: {"pk": s.staff.pk}, "institution"),
    "organisation:staff_password": route(
        "staff.manage", lambda s: {"pk": s.staff.pk}, "institution"
    ),
    "recipients:list": route("recipients.view"),
    "recipients:register": route("recipients.edit"),
    "recipients:journal": route("journals.view"),
    "recipients:by_category": route("journals.view"),
    "recipients:certificates": route("journals.view"),
    "recipients:references": route("references.manage"),
    "recipients:reference_new": route("references.manage", lambda s: {"kind": "categories"}),
    "recipients:reference_edit": route(
        "references.manage", lambda s: {"kind": "categories", "pk": s.category.pk}, "institution"
    ),
    "recipients:card": route("recipients.view", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:edit": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:history": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:discharge": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:enrol": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:consent_add": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:consent_withdraw": route(
        "recipients.edit", lambda s: {"pk": s.recipient.pk, "consent_pk": s.consent.pk}, R
    ),
    "recipients:certificate_add": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:representative_add": route("recipients.edit", lambda s: {"pk": s.recipient.pk}, R),
    "recipients:representative_edit": route(
        "recipients.edit",
        lambda s: {"pk": s.recipient.pk, "representative_pk": s.representative.pk},
        R,
    ),
    "catalog:services": route("recipients.view"),
    "catalog:service_new": route("catalog.manage"),
    "catalog:import": route("catalog.manage"),
    "catalog:service": route("recipients.view", lambda s: {"pk": s.service.pk}, "institution"),
    "catalog:service_edit": route("catalog.manage", lambda s: {"pk": s.service.pk}, "institution"),
    "catalog:tariff_add": route("catalog.manage", lambda s: {"pk": s.service.pk}, "institution"),
    "programs:programs": route("recipients.view"),
    "programs:program_new": route("recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "programs:program": route("recipients.view", lambda s: {"pk": s.program.pk}, R),
    "programs:program_edit": route("recipients.edit", lambda s: {"pk": s.program.pk}, R),
    "programs:program_approve": route("recipients.edit", lambda s: {"pk": s.program.pk}, R, "post"),
    "programs:program_new_version": route(
        "recipients.edit", lambda s: {"pk": s.program.pk}, R, "post"
    ),
    "programs:service_search": route("recipients.edit"),
    # POST of the ИППСУ form's rows; the recipient in the query names whose fee is shown.
    "programs:lines_sum": route(
        "recipients.edit",
        lambda s: {},
        R,
        "post",
        query=lambda s: f"recipient={s.recipient.pk}",
    ),
    "programs:typical_sets": route("catalog.manage"),
    "programs:typical_set_new": route("catalog.manage"),
    "programs:typical_set_edit": route(
        "catalog.manage", lambda s: {"pk": s.typical_set.pk}, "institution"
    ),
    "programs:contracts": route("recipients.view"),
    "programs:contract_new": route(
        "recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R
    ),
    "programs:contract": route("recipients.view", lambda s: {"pk": s.contract.pk}, R),
    "programs:contract_sign": route("recipients.edit", lambda s: {"pk": s.contract.pk}, R),
    "programs:contract_amend": route("recipients.edit", lambda s: {"pk": s.contract.pk}, R),
    "programs:contract_terminate": route("recipients.edit", lambda s: {"pk": s.contract.pk}, R),
    "payments:parameters": route("parameters.view"),
    "payments:minimum_add": route("catalog.manage"),
    "payments:coefficient_add": route("catalog.manage"),
    "payments:statistics": route("reports.view"),
    "payments:incomes": route("recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "payments:decide": route("recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "payments:family_add": route("recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "payments:family_edit": route(
        "recipients.edit", lambda s: {"recipient_pk": s.recipient.pk, "pk": s.family_member.pk}, R
    ),
    "delivery:records": route("recipients.view"),
    "delivery:choose_recipient": route("services.record"),
    "delivery:visit_new": route("services.record", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "delivery:visit_done": route("services.record", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "delivery:record_cancel": route("services.record", lambda s: {"pk": s.record.pk}, R),
    "delivery:plan_fact": route("recipients.view", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "delivery:months": route("months.close"),
    "delivery:month_close": route(
        "months.close", lambda s: {"department_pk": s.department.pk}, "department", "post"
    ),
    "delivery:month_reopen": route(
        "months.close", lambda s: {"department_pk": s.department.pk}, "department"
    ),
    "delivery:visit_review": route("visits.review"),
    "delivery:visit_review_one": route("visits.review", lambda s: {"pk": s.visit.pk}, R),
    "documents:issued": route("recipients.view"),
    "documents:issued_file": route(
        "recipients.view", lambda s: {"pk": s.document.pk, "fmt": "docx"}, R
    ),
    "documents:issue": route(
        "recipients.edit",
        lambda s: {"kind": "consent"},
        R,
        query=lambda s: f"recipient={s.recipient.pk}",
    ),
    "documents:templates": route("templates.manage"),
    "documents:fields": route("templates.manage"),
    "documents:template_kind": route("templates.manage", lambda s: {"kind": "contract"}),
    "documents:template_activate": route(
        "templates.manage", lambda s: {"kind": "contract"}, method="post", data={"version": "0"}
    ),
    "documents:template_preview": route("templates.manage", lambda s: {"kind": "contract"}),
    "documents:template_preview_file": route("templates.manage", lambda s: {"kind": "consent"}),
    "documents:template_download": route(
        "templates.manage", lambda s: {"kind": "contract", "version": 0}
    ),
    "acts:list": route("acts.view"),
    "acts:run_start": route("acts.view", method="post"),
    "jobs:list": route("jobs.view"),
    "absences:list": route("absences.manage"),
    "absences:detail": route("absences.manage", lambda s: {"pk": s.absence.pk}, "worker"),
    "absences:cancel": route("absences.manage", lambda s: {"pk": s.absence.pk}, "worker", "post"),
    "jobs:detail": route("jobs.view", lambda s: {"pk": s.job.pk}, "job"),
    "jobs:file": route("jobs.view", lambda s: {"pk": s.job.pk, "file_pk": s.job_file.pk}, "job"),
    "jobs:resume": route("jobs.view", lambda s: {"pk": s.job.pk}, "job", "post"),
    "acts:detail": route(
        "acts.view", lambda s: {"recipient_pk": s.recipient.pk, "period": MONTH}, "billing"
    ),
    "acts:issue": route(
        "acts.view", lambda s: {"recipient_pk": s.recipient.pk, "period": MONTH}, "billing", "post"
    ),
    # The month of the world's charge: the default month is the one just ended before the 20th.
    "billing:index": route("billing.view", query=lambda s: f"month={s.charge.month:%Y-%m}"),
    "billing:charge_run": route("billing.manage", method="post", data={"month": "2026-10"}),
    "billing:close": route("billing.manage", method="post", data={"month": "2026-10"}),
    "billing:reopen": route("billing.manage", query=lambda s: "month=2026-10"),
    "billing:receipts": route("billing.manage", method="post", data={"month": "2026-10"}),
    "billing:turnover": route("billing.view", query=lambda s: f"month={s.charge.month:%Y-%m}"),
    "billing:arrears": route("billing.view", query=lambda s: f"month={s.charge.month:%Y-%m}"),
    "billing:ledger": route("billing.view", lambda s: {"recipient_pk": s.recipient.pk}, "billing"),
    "billing:payment_new": route(
        "billing.manage", lambda s: {"recipient_pk": s.recipient.pk}, "billing"
    ),
    "billing:adjustment_new": route(
        "billing.manage", lambda s: {"recipient_pk": s.recipient.pk}, "billing"
    ),
    "billing:payment_cancel": route("billing.manage", lambda s: {"pk": s.payment.pk}, "billing"),
    "billing:receipt": route("billing.view", lambda s: {"pk": s.charge.pk}, "billing", "post"),
    "billing:statements": route("billing.manage"),
    "billing:statement": route("billing.manage", lambda s: {"pk": s.statement.pk}, "institution"),
    "billing:review": route("billing.manage"),
    "billing:line": route("billing.manage", lambda s: {"pk": s.statement_line.pk}, "institution"),
    "billing:files": route("billing.manage"),
    "billing:details": route("billing.manage"),
    "ltc:reassessments": route("assessments.edit"),
    "ltc:methodologies": route("methodologies.manage"),
    "ltc:methodology_upload": route("methodologies.manage"),
    "ltc:methodology": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution"
    ),
    "ltc:methodology_activate": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution", "post"
    ),
    "ltc:methodology_deactivate": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution", "post"
    ),
    "ltc:methodology_download": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution"
    ),
    "ltc:methodology_new": route("methodologies.manage"),
    "ltc:methodology_import": route("methodologies.manage"),
    "ltc:methodology_new_version": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution"
    ),
    "ltc:methodology_editor": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution"
    ),
    "ltc:methodology_edit": route(
        "methodologies.manage",
        lambda s: {"pk": s.methodology.pk, "element": "question"},
        "institution",
        "post",
    ),
    "ltc:methodology_publish": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution", "post"
    ),
    "ltc:methodology_preview": route(
        "methodologies.manage", lambda s: {"pk": s.methodology.pk}, "institution"
    ),
    "ltc:assessment_start": route("assessments.edit", lambda s: {"pk": s.recipient.pk}, R),
    "ltc:assessment": route("recipients.view", lambda s: {"pk": s.assessment.pk}, R),
    "ltc:assessment_step": route(
        "assessments.edit", lambda s: {"pk": s.assessment.pk, "number": 1}, R
    ),
    "ltc:assessment_review": route("assessments.edit", lambda s: {"pk": s.assessment.pk}, R),
    "ltc:reassessment_bring_forward": route(
        "assessments.edit", lambda s: {"pk": s.assessment.pk}, R
    ),
    "ltc:care_plan_new": route("assessments.edit", lambda s: {"pk": s.assessment.pk}, R, "post"),
    "ltc:care_plan": route("recipients.view", lambda s: {"pk": s.care_plan.pk}, R),
    "ltc:care_plan_edit": route("assessments.edit", lambda s: {"pk": s.care_plan.pk}, R),
    "ltc:care_plan_approve": route("assessments.edit", lambda s: {"pk": s.care_plan.pk}, R, "post"),
    "quality:surveys": route("quality.surveys"),
    "quality:survey": route("quality.surveys", lambda s: {"pk": s.survey.pk}, R),
    "quality:survey_new": route("quality.surveys", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "quality:samples": route("quality.surveys"),
    "quality:sample_build": route("quality.surveys", method="post", data={"quarter": "2026-10-01"}),
    "quality:complaints": route("quality.complaints"),
    "quality:complaint_new": route("quality.complaints"),
    "quality:complaint": route("quality.complaints", lambda s: {"pk": s.complaint.pk}, "complaint"),
    "quality:complaint_extend": route(
        "quality.complaints", lambda s: {"pk": s.complaint.pk}, "complaint"
    ),
    "quality:complaint_close": route(
        "quality.complaints", lambda s: {"pk": s.complaint.pk}, "complaint"
    ),
    "quality:complaint_answer": route(
        "quality.complaints", lambda s: {"pk": s.complaint.pk}, "complaint", "post"
    ),
    "quality:complaint_answer_file": route(
        "quality.complaints", lambda s: {"pk": s.complaint_answer.pk}, "complaint"
    ),
    "quality:inspections": route("quality.inspect"),
    "quality:inspection": route("quality.inspect", lambda s: {"pk": s.inspection.pk}, R),
    "quality:inspection_new": route(
        "quality.inspect", lambda s: {"recipient_pk": s.recipient.pk}, R
    ),
    "quality:plan": route("quality.inspect"),
    "quality:plan_build": route("quality.inspect", method="post", data={"quarter": "2026-10-01"}),
    "quality:violations": route("quality.inspect"),
    "quality:violation_correct": route("quality.inspect", lambda s: {"pk": s.violation.pk}, R),
    "quality:report": route("quality.report"),
    "quality:alerts": route("staff"),
    "quality:alert": route("staff", lambda s: {"pk": s.alert.pk}, "alert"),
    "quality:alerts_read": route("staff", method="post"),
    "quality:alerts_badge": route("staff"),
    "quality:questionnaire": route("quality.manage"),
    "quality:checklist": route("quality.manage"),
    "reports:index": route("reports.view"),
    "reports:worker": route(
        "reports.view", query=lambda s: f"worker={s.staff.pk}", scope="worker", args=lambda s: {}
    ),
    "reports:mine": route("reports.own"),
    "reports:department": route(
        "reports.view",
        lambda s: {},
        "department_query",
        query=lambda s: f"department={s.department.pk}",
    ),
    "reports:institution": route("reports.view"),
    "reports:sobes": route("reports.view"),
    "reports:analytics": route("analytics.view"),
    "exchange:index": route("exchange.run"),
    "exchange:import_upload": route("exchange.run"),
    "exchange:import_template": route("exchange.run"),
    "exchange:incomes_upload": route("exchange.run"),
    "exchange:incomes_template": route("exchange.run"),
    "exchange:import_batch": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution"
    ),
    "exchange:import_mapping": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution"
    ),
    "exchange:import_check": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution", "post"
    ),
    "exchange:import_commit": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution", "post"
    ),
    "exchange:import_cancel": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution", "post"
    ),
    "exchange:import_file": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution"
    ),
    "exchange:import_recalculate": route(
        "payments.recalculate", lambda s: {"pk": s.import_batch.pk}, "institution", "post"
    ),
    "exchange:import_recalculation": route(
        "exchange.run", lambda s: {"pk": s.import_batch.pk}, "institution"
    ),
    "exchange:export": route("exchange.run"),
    "exchange:export_mapping_new": route("exchange.run"),
    "exchange:export_mapping_edit": route(
        "exchange.run", lambda s: {"pk": s.export_mapping.pk}, "institution"
    ),
    "exchange:egisso": route("exchange.run"),
    "exchange:egisso_export": route("exchange.run", method="post"),
    "exchange:egisso_packages": route("exchange.run"),
    "exchange:egisso_package": route(
        "exchange.run", lambda s: {"pk": s.egisso_package.pk}, "institution"
    ),
    "exchange:egisso_package_file": route(
        "exchange.run", lambda s: {"pk": s.egisso_package.pk}, "institution"
    ),
    "exchange:egisso_package_receipt": route(
        "exchange.run", lambda s: {"pk": s.egisso_package.pk}, "institution", "post"
    ),
    "exchange:egisso_facts": route("exchange.run"),
    "exchange:egisso_fact": route(
        "exchange.run", lambda s: {"pk": s.egisso_fact.pk}, "institution"
    ),
    "exchange:egisso_fact_invalidate": route(
        "egisso.invalidate", lambda s: {"pk": s.egisso_fact.pk}, "institution", "post"
    ),
    "exchange:egisso_record_withdraw": route(
        "egisso.invalidate", lambda s: {"pk": s.egisso_record.pk}, "institution", "post"
    ),
    "exchange:egisso_job": route(
        "exchange.run", method="post", data={"date_from": "2026-10-01", "date_to": "2026-10-31"}
    ),
    "exchange:egisso_settings": route("references.manage"),
    "exchange:depersonalised": route("exchange.run"),
    "field:app": route("public"),
    "field:service_worker": route("public"),
    "field:manifest": route("public"),
    "field:visits": route("visits.review"),
    "field:signature": route("recipients.view", lambda s: {"pk": s.signature.pk}, R),
    "rota:week": route(
        "rota.plan",
        lambda s: {},
        "department_query",
        query=lambda s: f"department={s.department.pk}",
    ),
    # Moves of another department's visits: zabota/rota/tests/test_pages.py.
    "rota:move": route("rota.plan", method="post"),
    "field:route": route(
        "services.record", query=lambda s: f"worker={s.staff.pk}", scope="worker", args=lambda s: {}
    ),
    "field:route_sheet": route(
        "services.record",
        query=lambda s: f"worker={s.staff.pk}",
        scope="worker",
        args=lambda s: {},
        method="post",
    ),
    "field:unplaced": route("recipients.edit"),
    "audit:events": route("audit.view"),
    "operations:health": route("public"),
    "operations:errors": route("errors.view"),
    "supervision:index": route("supervision.view"),
    "supervision:sobes": route("supervision.view"),
    "supervision:everything": route("supervision.view"),
    "supervision:section": route(
        "supervision.view",
        lambda s: {"key": "services"},
        "supervised",
        query=lambda s: f"institution={s.institution.pk}&department={s.department.pk}",
    ),
    "organisation:installation": route("installation.manage"),
    "organisation:installation_institution_new": route("installation.manage"),
    "organisation:installation_institution": route(
        "installation.manage", lambda s: {"pk": s.institution.pk}
    ),
    "organisation:installation_supervisors": route("installation.manage"),
    "organisation:installation_supervisor_new": route("installation.manage"),
    # Switched on while on: «уже сделано», so the walk changes nobody's login.
    "organisation:installation_supervisor_active": route(
        "installation.manage",
        lambda s: {"pk": _a_supervisor()},
        method="post",
        data={"active": "1"},
    ),
    "operations:error": route("errors.view", lambda s: {"pk": s.error_report.pk}, "institution"),
    # The relative's pages: no role of staff (zabota/family/tests/test_access.py walks this
    # table as a relative); the head's pages of a recipient's relatives.
    "family:home": route("family.view"),
    "family:message": route("family.view", method="post"),
    "family:act_file": route("family.view", lambda s: {"pk": s.document.pk}),
    "family:accept": route("public"),
    "family:manage": route("recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R),
    "family:invite": route(
        "recipients.edit", lambda s: {"recipient_pk": s.recipient.pk}, R, "post"
    ),
    "family:link": route("recipients.edit", lambda s: {"pk": s.relative.pk}, R, "post"),
    "family:revoke": route("recipients.edit", lambda s: {"pk": s.relative.pk}, R, "post"),
    "family:withdraw": route("recipients.edit", lambda s: {"pk": s.relative.pk}, R, "post"),
    # The guided intake (zabota.intake): a draft is its department's (and its author's).
    "intake:list": route("recipients.edit"),
    "intake:start": route("recipients.edit", method="post"),
    "intake:step": route(
        "recipients.edit", lambda s: {"pk": s.intake.pk, "step": "application"}, "department"
    ),
    "intake:cancel": route("recipients.edit", lambda s: {"pk": s.intake.pk}, "department", "post"),
    "intake:done": route("recipients.edit", lambda s: {"pk": s.intake_done.pk}, "department"),
    "intake:pdf": route("recipients.edit", lambda s: {"pk": s.intake_done.pk}, "department"),
}
# The JSON API checks its device key and role itself (zabota/api): every route is "public"
# at the URL level and answers 401 without a key — checked below.
API_WITHOUT_KEY = {
    "api:v1:openapi-json",
    "api:v1:openapi-view",
    "api:v1:token_issue",
    "api:v1:api-root",
    "api:docs_asset",
}
API_ROUTES = {
    "api:v1:openapi-json",
    "api:v1:openapi-view",
    "api:v1:token_issue",
    "api:v1:token_revoke",
    "api:v1:me",
    "api:v1:visits",
    "api:v1:week",
    "api:v1:catalog",
    "api:v1:recipient",
    "api:v1:sync",
    "api:v1:signatures",
    "api:v1:api-root",
    "api:docs_asset",
}


def _a_supervisor() -> int:
    from zabota.organisation.models import Staff

    return Staff.objects.filter(role="supervisor").values_list("pk", flat=True).first()


def all_routes():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    namespace + (f"{pattern.namespace}:" if pattern.namespace else ""),
                )
            elif isinstance(pattern, URLPattern):
                yield namespace + (pattern.name or f"<unnamed {pattern.pattern}>"), pattern.callback

    return dict(walk(get_resolver().url_patterns))


def test_every_route_declares_its_rule_and_the_declaration_matches():
    routes = all_routes()
    undeclared = sorted(set(routes) - set(ROUTES) - API_ROUTES)
    assert not undeclared, f"declare the access rule of these routes in ROUTES: {undeclared}"
    stale = sorted(set(ROUTES) | API_ROUTES) and sorted((set(ROUTES) | API_ROUTES) - set(routes))
    assert not stale, f"routes declared but gone: {stale}"
    for name, callback in routes.items():
        rule = getattr(callback, "access_rule", None)
        assert rule is not None, f"{name}: the view has no @allow/@public"
        expected = "public" if name in API_ROUTES else ROUTES[name]["capability"]
        assert rule == expected, f"{name}: the view allows {rule!r}, the matrix says {expected!r}"
        assert rule == "public" or rule in CAPABILITIES, f"{name}: unknown capability {rule!r}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from zabota.testing import Catalog, build_personas

    with django_db_blocker.unblock(), transaction.atomic():
        personas = build_personas()
        yield build_world(personas, Catalog(personas))
        transaction.set_rollback(True)


def may_see(world, staff, scope: str, owner: str) -> bool:
    slot = world[owner]
    if scope == "none":
        return True
    if scope == R:
        return Recipient.objects.filter(recipient_scope(staff), pk=slot.recipient.pk).exists()
    if scope == "billing":
        return Recipient.objects.filter(billing_scope(staff), pk=slot.recipient.pk).exists()
    if scope == "institution":
        return slot.institution.pk == staff.institution_id
    if scope in ("department", "department_query"):
        from zabota.organisation.models import Department

        return Department.objects.filter(department_scope(staff), pk=slot.department.pk).exists()
    if scope == "worker":
        from zabota.organisation.access import staff_scope
        from zabota.organisation.models import Staff

        return Staff.objects.filter(staff_scope(staff), pk=slot.staff.pk).exists()
    if scope == "complaint":
        # In scope, and never the appeal about oneself (the worker concerned cannot read it).
        seen = Recipient.objects.filter(recipient_scope(staff), pk=slot.recipient.pk).exists()
        return seen and slot.complaint.worker_id != staff.pk
    if scope == "alert":
        return slot.alert.person_id == staff.pk
    if scope == "job":
        # Said apart from zabota.organisation.access.job_scope: a run of acts is open to
        # those who could have started it (institution-wide roles and the accountant, the
        # department's head, the starter); only with the right to acts.
        job = slot.job
        if job.institution_id != staff.institution_id or not staff.can("acts.view"):
            return False
        return (
            job.started_by_id == staff.pk
            or staff.role in ("director", "specialist", "accountant")
            or (staff.role == "head" and staff.department_id == job.department_id)
        )
    if scope == "supervised":
        from zabota.organisation.access import supervised_institutions

        return supervised_institutions(staff).filter(pk=slot.institution.pk).exists()
    if scope == "token":
        own = slot.token.user_id == staff.user_id
        return own or (staff.can("staff.manage") and slot.institution.pk == staff.institution_id)
    raise AssertionError(scope)


def request(client, name: str, spec: dict, slot):
    kwargs = spec["args"](slot) if spec["args"] else {}
    url = reverse(name, kwargs=kwargs)
    if spec["query"]:
        url += "?" + spec["query"](slot)
    if spec["method"] == "post":
        return client.post(url, spec["data"])
    return client.get(url)


CASES = [
    (name, role) for name in ROUTES for role in ROLES if ROUTES[name]["capability"] != "public"
]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_each_role_reaches_exactly_what_it_may(world, settings, name, role):
    settings.ZABOTA_JOBS_INLINE = True
    spec = ROUTES[name]
    staff = getattr(world.personas, role)
    client = world.personas.client_for(staff)
    allowed = staff.can(spec["capability"])
    owners = OWNERS if spec["scope"] != "none" else ("ours",)
    for owner in owners:
        with transaction.atomic():
            response = request(client, name, spec, world[owner])
            transaction.set_rollback(True)
        status = response.status_code
        where = f"{name} as {role}, object of {owner}"
        assert status != 500, f"{where}: server error"
        if not allowed:
            assert status == 403, f"{where}: {status}, expected 403 (no {spec['capability']})"
        elif may_see(world, staff, spec["scope"], owner):
            assert status not in (403, 404), f"{where}: {status}, expected the page"
        else:
            assert status in (403, 404), f"{where}: {status}, expected 404 (out of scope)"


@pytest.mark.parametrize("role", ROLES)
def test_a_job_of_the_timer_is_open_to_the_roles_holding_its_kinds_capability(world, role):
    # Said apart from job_scope: nobody started it, so its institution's people whose role
    # holds the capability of its kind (the day's alerts: quality.manage) see it, and only them.
    staff = getattr(world.personas, role)
    client = world.personas.client_for(staff)
    for owner in OWNERS:
        job = world[owner].scheduled_job
        page = client.get(reverse("jobs:detail", args=[job.pk]))
        listed = job.title in client.get(reverse("jobs:list")).content.decode()
        expected = staff.can("quality.manage") and job.institution_id == staff.institution_id
        if not staff.can("jobs.view"):
            assert page.status_code == 403, f"{role}, job of {owner}: {page.status_code}"
            continue
        assert (page.status_code == 200) == expected, f"{role}, job of {owner}"
        assert page.status_code in (200, 404), f"{role}, job of {owner}: {page.status_code}"
        assert listed == expected, f"{role}, job of {owner}: listed {listed}"


@pytest.mark.parametrize("name", sorted(n for n in ROUTES if ROUTES[n]["capability"] != "public"))
def test_an_anonymous_visitor_gets_the_login_page(world, client, name):
    spec = ROUTES[name]
    response = request(client, name, spec, world["ours"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(API_ROUTES - API_WITHOUT_KEY))
def test_api_routes_without_a_device_key_get_401(world, client, name):
    kwargs = {"recipient_id": world["ours"].recipient.pk} if name == "api:v1:recipient" else {}
    url = reverse(name, kwargs=kwargs)
    method = (
        "post" if name in ("api:v1:sync", "api:v1:signatures", "api:v1:token_revoke") else "get"
    )
    response = (
        getattr(client, method)(url, data="{}", content_type="application/json")
        if method == "post"
        else client.get(url + ("?date=2026-11-24" if "visits" in name else ""))
    )
    assert response.status_code == 401, f"{name}: {response.status_code}"
