"""The kinds of import and what differs between them; the pages and services are shared."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zabota.exchange.importing import incomes, recipients, template
from zabota.exchange.importing.columns import ImportField
from zabota.exchange.models import ImportKind


@dataclass(frozen=True)
class ImportDefinition:
    kind: str
    # Page titles: «Загрузка получателей», the file's field, the result's nouns.
    title: str
    fields: list[ImportField]
    known_headers: Callable[[], set[str]]
    auto_mapping: Callable[..., dict[str, int]]
    mapping_problems: Callable[[dict[str, int]], list[str]]
    # (sheet, mapping, *, actor) -> a plan with rows, counts, digest, is_valid, errors
    plan: Callable[..., Any]
    snils_shown: Callable[[Any], str]
    template: Callable[[], bytes]
    template_name: str
    upload_url: str
    command: str


DEFINITIONS = {
    ImportKind.RECIPIENTS: ImportDefinition(
        kind=ImportKind.RECIPIENTS,
        title="Загрузка получателей",
        fields=recipients.FIELDS,
        known_headers=recipients.known_headers,
        auto_mapping=recipients.auto_mapping,
        mapping_problems=recipients.mapping_problems,
        plan=recipients.plan_recipients,
        snils_shown=recipients.snils_shown,
        template=template.template_xlsx,
        template_name="Шаблон загрузки получателей.xlsx",
        upload_url="exchange:import_upload",
        command="import_recipients",
    ),
    ImportKind.INCOMES: ImportDefinition(
        kind=ImportKind.INCOMES,
        title="Загрузка доходов",
        fields=incomes.FIELDS,
        known_headers=incomes.known_headers,
        auto_mapping=incomes.auto_mapping,
        mapping_problems=incomes.mapping_problems,
        plan=incomes.plan_incomes,
        snils_shown=incomes.snils_shown,
        template=template.incomes_template_xlsx,
        template_name="Шаблон загрузки доходов.xlsx",
        upload_url="exchange:incomes_upload",
        command="import_incomes",
    ),
}


def definition(kind: str) -> ImportDefinition:
    return DEFINITIONS[kind]
