"""The kinds of jobs: each app registers its own in its extensions.py (bulk acts, imports, the
ЕГИССО export). A kind says who may see its jobs and what runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zabota.jobs.models import Job
    from zabota.jobs.runner import JobContext


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str
    # The capability a person needs to see jobs of this kind (zabota.organisation.roles).
    capability: str
    # The body: does the work, reports progress through the context, attaches its files, sets
    # job.message and job.details. It may raise JobStopped when the context asks it to stop
    # (the job is queued again and resumes) and ValidationError to fail with a message. Run
    # again after an interruption, it goes on from what it stored (acts) or, when its work is
    # one transaction (an import), simply does it again.
    run: Callable[[Job, JobContext], None]


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> None:
    KINDS[kind.code] = kind


def kind_of(code: str) -> JobKind:
    return KINDS[code]


def kinds_for(staff) -> list[str]:
    return [code for code, kind in KINDS.items() if staff.can(kind.capability)]
