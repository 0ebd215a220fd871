"""A check for the apps that attach a builder: does its output meet the kind's contract?

from zabota.documents.checks import context_problems
assert context_problems("contract", build_contract_context(request)) == []
"""

from __future__ import annotations

from zabota.documents.contexts.common import sample_common
from zabota.documents.help import leaf_paths
from zabota.documents.kinds import get_kind
from zabota.documents.rendering import TemplateRenderError, empty_fields
from zabota.documents.selectors import default_template, has_default_template


def context_problems(code: str, own: dict) -> list[str]:
    """Russian lines: the kind's fields the builder's output lacks, and the paragraphs of the
    default template that come out empty or fail with it (the common part is the sample's)."""
    kind = get_kind(code)
    declared = {name for name, _ in kind.fields}
    given = leaf_paths(own)
    problems = [
        f"нет поля {name}"
        for name in sorted(leaf_paths(kind.sample_context()))
        if name in declared and name not in given and not _empty_list_covers(name, given)
    ]
    if has_default_template(code):
        context = sample_common(title=kind.title)
        for key, value in own.items():
            common = context.get(key)
            merged = isinstance(common, dict) and isinstance(value, dict)
            context[key] = {**common, **value} if merged else value
        try:
            template = default_template(code).content
            problems += [f"пустое поле: {line}" for line in empty_fields(template, context)]
        except TemplateRenderError as error:
            problems.append(f"шаблон не заполняется: {error.describe()}")
    return problems


def _empty_list_covers(name: str, given: set[str]) -> bool:
    # "services[].name" is satisfied by an empty list "services" (nothing to print).
    head = name.split("[]")[0]
    return "[]" in name and head in given
