"""The lists of programs and of contracts as functions of their GET parameters: the list pages
and the start page's tiles read a saved filter the same way (zabota.core.lists.SavedList)."""

import datetime
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from django.db.models import QuerySet

from zabota.core.lists import SavedList
from zabota.core.params import choice_param, days_param, int_param
from zabota.programs.models import ContractStatus, ProgramStatus
from zabota.programs.selectors import EXPIRED_LIST, EXPIRING, search_contracts, search_programs

PROGRAM_STATUSES = [
    ("", "все"),
    (ProgramStatus.DRAFT.value, "проекты"),
    (ProgramStatus.IN_FORCE.value, "действуют"),
    (EXPIRING, "истекают в ближайшие дни"),
    (EXPIRED_LIST, "истекли, новой нет"),
    (ProgramStatus.REPLACED.value, "заменены новыми"),
]
CONTRACT_STATUSES = [
    ("", "все"),
    (ContractStatus.DRAFT.value, "проекты"),
    (ContractStatus.ACTIVE.value, "действуют"),
    (EXPIRING, "истекают в ближайшие дни"),
    (EXPIRED_LIST, "истекли, нового нет"),
    (ContractStatus.TERMINATED.value, "расторгнуты"),
]


@dataclass(frozen=True)
class Filters:
    text: str
    status: str
    days: int
    department_id: int | None


def filters_of(params: Mapping[str, str], statuses: list[tuple[str, str]]) -> Filters:
    # An unreadable parameter is refused (400), never replaced by a default.
    return Filters(
        text=params.get("q", ""),
        status=choice_param(params, "status", dict(statuses)),
        days=days_param(params),
        department_id=int_param(params, "department"),
    )


def program_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    filters = filters_of(params, PROGRAM_STATUSES)
    return search_programs(staff, today=today, **asdict(filters))


def contract_rows(staff, params: Mapping[str, str], today: datetime.date) -> QuerySet:
    filters = filters_of(params, CONTRACT_STATUSES)
    return search_contracts(staff, today=today, **asdict(filters))


PROGRAMS = SavedList("programs:programs", program_rows)
CONTRACTS = SavedList("programs:contracts", contract_rows)
