"""The help page's table of fields: each dotted name with its description and sample value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from zabota.documents.rendering import _finalize

_MISSING = object()


def lookup(context: Mapping, name: str) -> Any:
    """The value at "services[].name" (first row of a list) or "recipient.full_name"."""
    value: Any = context
    for part in name.split("."):
        is_list = part.endswith("[]")
        key = part[:-2] if is_list else part
        if not isinstance(value, Mapping) or key not in value:
            return _MISSING
        value = value[key]
        if is_list:
            if not isinstance(value, Sequence) or not value:
                return _MISSING
            value = value[0]
    return value


def shown(value: Any) -> str:
    if value is _MISSING:
        return "—"
    if isinstance(value, Mapping):
        return "…"
    if isinstance(value, list | tuple):
        return f"список, строк: {len(value)}"
    text = _finalize(value)
    return "—" if text in ("", None) else str(text)


def described_fields(fields: Sequence[tuple[str, str]], sample: Mapping) -> list[dict]:
    rows = []
    for name, description in fields:
        rows.append(
            {
                "name": name,
                "in_loop": "[]" in name,
                "description": description,
                "sample": shown(lookup(sample, name)),
            }
        )
    return rows


def leaf_paths(value: Any, prefix: str = "") -> set[str]:
    """Every dotted path of a context down to its plain values (lists as "[]")."""
    paths: set[str] = set()
    if isinstance(value, Mapping):
        for key, item in value.items():
            paths |= leaf_paths(item, f"{prefix}.{key}" if prefix else str(key))
        if not value and prefix:
            paths.add(prefix)
    elif isinstance(value, list | tuple) and not isinstance(value, str):
        if not value:
            paths.add(prefix)
        for item in value:
            paths |= leaf_paths(item, f"{prefix}[]")
    else:
        paths.add(prefix)
    return paths
