"""Two rules of the house checked on the source (docs/architecture.md, rules 9 and 12): our own
addresses are built from their names, and Russian text is written directly, without gettext.

Tests and the benchmark's clients are left out: they speak the published addresses as a person
or the tablet does, which also proves that the addresses did not change.
"""

import ast
import re
from pathlib import Path

from zabota import urls

ROOT = Path(urls.__file__).parent
# The first part of every address of ours, read from the URLconf so a new app is covered.
PREFIXES = sorted(
    str(pattern.pattern).strip("/") for pattern in urls.urlpatterns if str(pattern.pattern)
)
OWN_ADDRESS = re.compile(rf"^/({'|'.join(map(re.escape, PREFIXES))})(/|\?|#|$)")
# The API's routes are declared relative to /api/v1/: a declaration, not a link.
ROUTE_DECLARATIONS = {"get", "post", "put", "patch", "delete", "api_operation"}
GETTEXT = re.compile(r"^(n|p|np)?gettext(_lazy|_noop)?$")
TEMPLATE_ADDRESS = re.compile(r"""\b(href|action|src|formaction|hx-(get|post|put|delete))="/""")


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and "benchmarks" not in path.parts
        and not path.name.startswith("testing")
    ]


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT.parent)}:{node.lineno}"


def addresses_written(tree: ast.AST) -> list[ast.AST]:
    """String constants and f-strings of a module that begin with an address of ours."""
    declared: set[int] = set()
    inside_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "router"
            and node.func.attr in ROUTE_DECLARATIONS
            and node.args
        ):
            declared.add(id(node.args[0]))
        if isinstance(node, ast.JoinedStr):
            inside_fstrings.update(id(part) for part in node.values)
    found = []
    for node in ast.walk(tree):
        if id(node) in declared or id(node) in inside_fstrings:
            continue
        if isinstance(node, ast.JoinedStr) and node.values:
            text = node.values[0]
        elif isinstance(node, ast.Constant):
            text = node
        else:
            continue
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            if OWN_ADDRESS.match(text.value):
                found.append(node)
    return found


def gettext_imports(tree: ast.AST) -> list[ast.AST]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module == "django.utils.translation"
        and any(GETTEXT.match(alias.name) for alias in node.names)
    ]


def test_the_address_finder_sees_plain_strings_and_f_strings_but_not_route_declarations():
    tree = ast.parse(
        "a = '/recipients/'\n"
        "b = f'/acts/{pk}/?x=1'\n"
        "c = '/static/app.js'\n"
        "d = 'recipients/'\n"
        "@router.get('/field/week')\n"
        "def week(): return redirect(f'/care/plans/{pk}/')\n"
    )
    assert [node.lineno for node in addresses_written(tree)] == [1, 2, 6]


def test_python_builds_every_address_of_ours_from_its_name():
    written = [
        f"{_where(path, node)} {ast.unparse(node)}"
        for path in _sources()
        for node in addresses_written(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert written == [], "reverse()/redirect('app:name') instead of:\n" + "\n".join(written)


def test_templates_link_by_url_name():
    written = [
        f"{path.relative_to(ROOT.parent)}:{number} {match.group(0)}"
        for path in sorted(ROOT.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in TEMPLATE_ADDRESS.finditer(line)
    ]
    assert written == [], "{% url %} or {% static %} instead of:\n" + "\n".join(written)


def test_the_gettext_finder_sees_every_form_of_the_import():
    tree = ast.parse(
        "from django.utils.translation import gettext_lazy as _\n"
        "from django.utils.translation import override\n"
        "from django.utils.translation import ngettext, pgettext_lazy\n"
    )
    assert [node.lineno for node in gettext_imports(tree)] == [1, 3]


def test_russian_text_is_written_directly_without_gettext():
    # One language: a gettext call with a Russian message translates nothing (rule 9 says why).
    found = [
        _where(path, node)
        for path in sorted(ROOT.rglob("*.py"))
        for node in gettext_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "write the Russian text directly:\n" + "\n".join(found)
