"""The recipient's card: sections of programs and contracts; the start page's deadlines block."""

import datetime

from django.conf import settings
from django.utils import timezone

from zabota.programs.models import ProgramStatus
from zabota.programs.selectors import (
    contracts_of,
    program_in_force,
    programs_expired,
    programs_expiring,
    programs_of,
)

# How many days ahead the start page warns of expiring certificates and programs; the lists
# themselves take ?days=. A deployment may set ZABOTA_NOTICE_DAYS in settings.
DEFAULT_NOTICE_DAYS = 30


def notice_days() -> int:
    return int(getattr(settings, "ZABOTA_NOTICE_DAYS", DEFAULT_NOTICE_DAYS))


def card_program_in_force(request, recipient, on_date: datetime.date):
    """program_in_force, asked once per page: the programs, contracts and payment sections of
    the card all need today's program (three identical queries before)."""
    memo = request.__dict__.setdefault("_zabota_program_in_force", {})
    key = (recipient.pk, on_date)
    if key not in memo:
        memo[key] = program_in_force(recipient, on_date)
    return memo[key]


def programs_section(request, recipient) -> dict:
    today = timezone.localdate()
    programs = list(programs_of(recipient, today)[:10])
    current = card_program_in_force(request, recipient, today)
    return {
        "programs": programs,
        "current": current,
        "has_draft": any(p.status == ProgramStatus.DRAFT for p in programs),
        "today": today,
        "can_edit": request.staff.can("recipients.edit") and recipient.is_active,
    }


def contracts_section(request, recipient) -> dict:
    today = timezone.localdate()
    contracts = list(contracts_of(recipient, today)[:10])
    return {
        "contracts": contracts,
        "has_active": any(c.effective_status == "active" for c in contracts),
        "can_conclude": request.staff.can("recipients.edit")
        and recipient.is_active
        and card_program_in_force(request, recipient, today) is not None,
    }


def deadlines_widget(request) -> dict:
    """Counts of expired and soon expiring medical certificates and programs, with links."""
    from zabota.recipients.selectors import certificates_due

    staff = request.staff
    today = timezone.localdate()
    days = notice_days()
    soon = today + datetime.timedelta(days=days)
    expired_certificates = expiring_certificates = 0
    for valid_until in certificates_due(staff, today=today, days=days).values_list(
        "certificate_valid_until", flat=True
    ):
        if valid_until is None or valid_until < today:
            expired_certificates += 1
        elif valid_until <= soon:
            expiring_certificates += 1
    return {
        "days": days,
        "expired_certificates": expired_certificates,
        "expiring_certificates": expiring_certificates,
        "expired_programs": programs_expired(staff, today).count(),
        "expiring_programs": programs_expiring(staff, today, days).count(),
    }
