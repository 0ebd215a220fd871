"""Failed background work shown on the «Ошибки» page, gathered from the apps that run it.

An app registers a source in its extensions.py: `register_failure_source(name, source)`,
where `source(staff)` returns the failures that person may see (scoped like every selector).
The page never imports the apps: a job system added later registers itself the same way.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# How many failures of each source the page shows (the newest).
PER_SOURCE = 50


@dataclass(frozen=True)
class FailureRow:
    when: datetime.datetime
    kind: str  # what ran: «Выпуск актов»
    title: str  # which run: «Акты за 11.2026, отделение № 1»
    message: str  # why it failed, in words for the administrator
    url: str = ""  # a page about the run, when the administrator may open it


FailureSource = Callable[[object], list[FailureRow]]
_SOURCES: dict[str, FailureSource] = {}


def register_failure_source(name: str, source: FailureSource) -> None:
    _SOURCES[name] = source


def failures_for(staff) -> list[FailureRow]:
    """Every source's failures for `staff`, newest first. A source that breaks is one row
    saying so, never a broken page: this page is where breakage is looked for."""
    rows: list[FailureRow] = []
    for name, source in _SOURCES.items():
        try:
            rows.extend(source(staff)[:PER_SOURCE])
        except Exception:
            logger.exception("failure source %s raised", name)
            rows.append(
                FailureRow(
                    when=datetime.datetime.now(datetime.UTC),
                    kind=name,
                    title="Список сбоев не прочитан",
                    message="Источник сбоев сам завершился ошибкой; подробности в журнале.",
                )
            )
    return sorted(rows, key=lambda row: row.when, reverse=True)
