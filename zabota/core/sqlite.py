"""SQLite's LIKE folds case of Latin letters only, so "иванова" would not find "Иванова".

SQLite lets an application replace like(); this one folds case for every alphabet and treats
ё as е (people type either), which makes Django's icontains/istartswith behave on SQLite as they
do on PostgreSQL. Registered on every new SQLite connection.
"""

import re
from functools import lru_cache


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


@lru_cache(maxsize=512)
def _pattern(like: str, escape: str | None) -> re.Pattern:
    parts = []
    chars = iter(like)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _pattern(_fold(pattern), escape).fullmatch(_fold(str(value))) is not None


def register_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
