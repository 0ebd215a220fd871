"""Writes of programs (ИППСУ) and contracts. Each service is one transaction with its audit entry.

Statuses of a program: проект (draft) → действует (in_force) on approval → истёк срок (expired)
after `valid_until`, or заменена (replaced) when a newer program is approved. Only a draft is
edited; a program in force changes by a new version. Contracts: проект → действует →
расторгнут / истёк срок; changes to a contract in force go through дополнительные соглашения.
"""

from zabota.programs.services.contracts import (
    contract_amend,
    contract_conclude,
    contract_sign,
    contract_terminate,
    next_number,
)
from zabota.programs.services.programs import (
    DEFAULT_TERM,
    Line,
    add_months,
    program_approve,
    program_draft,
    program_new_version,
    program_update,
    programs_expire,
    suggest_program_number,
    term_months,
)
from zabota.programs.services.typical_sets import (
    SetLine,
    typical_set_create,
    typical_set_update,
)

__all__ = [
    "DEFAULT_TERM",
    "Line",
    "add_months",
    "contract_amend",
    "contract_conclude",
    "contract_sign",
    "contract_terminate",
    "next_number",
    "program_approve",
    "program_draft",
    "program_new_version",
    "program_update",
    "programs_expire",
    "suggest_program_number",
    "term_months",
    "SetLine",
    "typical_set_create",
    "typical_set_update",
]
