"""Kinds of report that apps above reports add to `manage.py report` (quality adds «quality»),
so that reports never imports them. Register in the app's extensions module."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandReport:
    code: str  # the value of --kind
    title: str
    # (institution, period, today) -> zabota.reports.builders.Report, for the whole institution.
    build: Callable[..., object]


_KINDS: dict[str, CommandReport] = {}


def register(kind: CommandReport) -> None:
    _KINDS[kind.code] = kind


def get(code: str | None) -> CommandReport | None:
    return _KINDS.get(code or "")


def registered() -> list[CommandReport]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def build(kind: CommandReport, institution, period, today: datetime.date):
    return kind.build(institution, period, today)
