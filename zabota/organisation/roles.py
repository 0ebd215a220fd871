"""Roles of staff and what each may do.

One table decides access for the whole application: views declare the capability they need
(`zabota.core.access.allow`), selectors scope objects by role (`zabota.organisation.access`).
Nothing else looks at a role name.
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    DIRECTOR = "director", "Директор"
    HEAD = "head", "Заведующий отделением"
    SPECIALIST = "specialist", "Специалист по социальной работе"
    SOCIAL_WORKER = "social_worker", "Социальный работник"
    CAREGIVER = "caregiver", "Сиделка (помощник по уходу)"
    ACCOUNTANT = "accountant", "Бухгалтер"
    # Above the institutions (docs/architecture.md, «Несколько учреждений»): they belong to none.
    SUPERVISOR = "supervisor", "Куратор (УСЗН, министерство)"
    INSTALLATION_ADMIN = "installation_admin", "Администратор установки"


# Roles that see every recipient of their institution.
INSTITUTION_WIDE = frozenset({Role.ADMIN, Role.DIRECTOR, Role.SPECIALIST})
# Roles that see only the recipients assigned to them.
FIELD_ROLES = frozenset({Role.SOCIAL_WORKER, Role.CAREGIVER})

# Roles above the institutions: a Staff of theirs has no institution (organisation.models).
# A supervisor reads aggregates of the institutions attached to them (organisation.Supervision),
# never a person; the installation administrator creates institutions and their administrators.
INSTALLATION_ROLES = frozenset({Role.SUPERVISOR, Role.INSTALLATION_ADMIN})
# The roles of an institution's own staff: the choices of its administrator's staff form.
INSTITUTION_ROLES = frozenset(Role) - INSTALLATION_ROLES

_ALL_STAFF = frozenset(Role)
_INSTITUTION_STAFF = INSTITUTION_ROLES
_MANAGERS = frozenset({Role.DIRECTOR, Role.HEAD, Role.SPECIALIST})

CAPABILITIES: dict[str, frozenset[str]] = {
    # Any logged-in member of staff: start page, own profile, own device tokens.
    "staff": _ALL_STAFF,
    # The recipients' cards within the person's scope (see organisation.access).
    "recipients.view": _INSTITUTION_STAFF - {Role.ACCOUNTANT},
    # Registration, edits, discharge, consents, certificates, programs and contracts.
    "recipients.edit": _MANAGERS,
    # Journals of registration and discharge, lists by benefit category.
    "journals.view": _MANAGERS | {Role.ADMIN},
    # Recording delivered services (the social worker's and caregiver's daily work).
    "services.record": FIELD_ROLES | {Role.HEAD},
    # The department's weekly rota and moving its visits (zabota.rota): the head their own
    # department, the director and specialist any of the institution.
    "rota.plan": _MANAGERS,
    # Closing and reopening a month, reviewing visits far from the address.
    "months.close": frozenset({Role.HEAD, Role.DIRECTOR}),
    "visits.review": frozenset({Role.HEAD, Role.DIRECTOR}),
    # A field worker's leave or sick leave and who covers their recipients meanwhile.
    "absences.manage": frozenset({Role.HEAD, Role.DIRECTOR}),
    # Reports, acts and analytics (the accountant reads reports only).
    "reports.view": _MANAGERS | {Role.ACCOUNTANT},
    "acts.view": _MANAGERS | {Role.ACCOUNTANT},
    "analytics.view": _MANAGERS,
    # A social worker's or caregiver's own report of their work (reports of others: no).
    "reports.own": FIELD_ROLES,
    # Long-term care interviews and care plans.
    "assessments.edit": _MANAGERS,
    # Quality of care (docs/quality.md): satisfaction surveys and their samples, appeals
    # (nobody reads an appeal about themselves: zabota.quality.selectors), the head's
    # inspections, the quarterly indicators, and the questionnaire and checklist as data.
    "quality.surveys": _MANAGERS,
    "quality.complaints": _MANAGERS,
    "quality.inspect": frozenset({Role.HEAD, Role.DIRECTOR}),
    "quality.report": _MANAGERS,
    "quality.manage": frozenset({Role.ADMIN, Role.DIRECTOR}),
    # Administration: staff accounts, reference lists, templates, methodologies, security log.
    "staff.manage": frozenset({Role.ADMIN}),
    "references.manage": frozenset({Role.ADMIN, Role.DIRECTOR}),
    "catalog.manage": frozenset({Role.ADMIN, Role.DIRECTOR}),
    # Regional parameters of payment (ПМ, coefficient): read by those who compute and check fees.
    "parameters.view": _MANAGERS | {Role.ADMIN, Role.ACCOUNTANT},
    "templates.manage": frozenset({Role.ADMIN}),
    "methodologies.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.ADMIN, Role.INSTALLATION_ADMIN}),
    # The journal of the whole installation, not one institution's (zabota.audit.selectors).
    "audit.everything": frozenset({Role.INSTALLATION_ADMIN}),
    # Institutions, their administrators and the supervisors' sets of institutions.
    "installation.manage": frozenset({Role.INSTALLATION_ADMIN}),
    # The supervisor's consolidated pages: aggregates over their institutions, never a person.
    "supervision.view": frozenset({Role.SUPERVISOR}),
    # Server errors and failed background work (the «Ошибки» page), of the own institution.
    "errors.view": frozenset({Role.ADMIN}),
    # Exchange with state systems, imports and depersonalised exports.
    "exchange.run": frozenset({Role.ADMIN, Role.DIRECTOR, Role.SPECIALIST}),
    # Money after the act (zabota.billing): ledgers, the turnover statement and arrears are
    # read by those who read acts; charges, receipts in bulk, payments, bank statements, the
    # payee's details and the files for accounting are the accountant's. A social worker sees
    # the balance of their own recipients on the card (recipients.view).
    "billing.view": _MANAGERS | {Role.ACCOUNTANT},
    "billing.manage": frozenset({Role.ACCOUNTANT}),
    # Deleting a fact from ЕГИССО (loaded by mistake or twice): the administrator only.
    "egisso.invalidate": frozenset({Role.ADMIN}),
    # Recomputing the payment decisions of many recipients after an import of incomes: those who
    # both run the exchange and decide on payment (recipients.edit).
    "payments.recalculate": frozenset({Role.DIRECTOR, Role.SPECIALIST}),
    # «Мои задания»: those who start long work (acts of a month, imports, exports, a
    # supervisor's reports of a year).
    "jobs.view": _MANAGERS | {Role.ACCOUNTANT, Role.ADMIN, Role.SUPERVISOR},
    # The family view (zabota.family): a recipient's relative, who is no member of staff, reads
    # their one recipient's visits, act and balance. No role of staff holds it: a member of
    # staff is refused there as a relative is refused every staff page.
    "family.view": frozenset(),
}


def role_can(role: str, capability: str) -> bool:
    try:
        return role in CAPABILITIES[capability]
    except KeyError:
        raise KeyError(f"unknown capability {capability!r}") from None
