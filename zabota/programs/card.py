"""The recipient's card: sections of programs and contracts; the start page's deadlines block."""

import datetime

from django.conf import settings
from django.utils import timezone

from zabota.core.tiles import list_tile
from zabota.programs.lists import PROGRAMS
from zabota.programs.models import ProgramStatus
from zabota.programs.selectors import (
    EXPIRED_LIST,
    EXPIRING,
    contracts_of,
    program_in_force,
    programs_of,
)
from zabota.recipients.lists import CERTIFICATES
from zabota.recipients.selectors import CERTIFICATE_EXPIRED, CERTIFICATE_EXPIRING

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
    """Expired and soon expiring medical certificates and programs: each figure is a saved
    filter of its list."""
    staff = request.staff
    today = timezone.localdate()
    days = notice_days()
    return {
        "tiles": [
            list_tile(
                "Медицинские заключения истекли или нет",
                CERTIFICATES,
                staff,
                today,
                state=CERTIFICATE_EXPIRED,
            ),
            list_tile(
                f"Медицинские заключения истекают в {days} дн.",
                CERTIFICATES,
                staff,
                today,
                state=CERTIFICATE_EXPIRING,
                days=days,
            ),
            list_tile("ИППСУ истекли, новой нет", PROGRAMS, staff, today, status=EXPIRED_LIST),
            list_tile(
                f"ИППСУ истекают в {days} дн.",
                PROGRAMS,
                staff,
                today,
                status=EXPIRING,
                days=days,
            ),
        ]
    }
