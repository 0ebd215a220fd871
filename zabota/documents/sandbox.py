"""The Jinja environment of uploaded templates, bounded in the work one document may take.

Jinja's sandbox keeps a template away from Python internals; it does not stop a template from
working for ever or filling the memory ({% for i in range(100000) %}{% for j in range(100000) %}
took a server to 24 GB). Here each document is rendered under a budget (docs/security.md):
no loop longer than ZABOTA_TEMPLATE_MAX_LOOP, no more loop repetitions and calls than
ZABOTA_TEMPLATE_MAX_STEPS, no value and no document text longer than ZABOTA_TEMPLATE_MAX_OUTPUT
characters, no longer than ZABOTA_TEMPLATE_MAX_SECONDS. The checks sit where work is done
(loops, calls, filters, operators, printing), so a heavy template stops in a fraction of a
second, and a document renders in the same process (a bulk run renders a thousand).
"""

from __future__ import annotations

import contextvars
import functools
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from jinja2 import TemplateError, nodes
from jinja2.environment import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

LOOP_FILTER = "_bounded_loop"
VALUE_FILTER = "_bounded_value"
# Bigger integers than this (in bits, about 30 000 digits) take seconds to print or multiply.
MAX_INT_BITS = 100_000
# Widths and precisions in "%10s"-style formats; a document never needs more.
MAX_FORMAT_WIDTH = 1000
# Items of one list or mapping with all it holds, counted again where shared: [l, l] built
# sixty times over holds 2^60 items in print. A document's data is a few thousand.
MAX_NODES = 100_000
_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


@dataclass(frozen=True)
class TemplateLimits:
    max_loop: int
    max_steps: int
    max_output: int
    max_seconds: float
    max_tags: int

    @classmethod
    def from_settings(cls) -> TemplateLimits:
        return cls(
            max_loop=settings.ZABOTA_TEMPLATE_MAX_LOOP,
            max_steps=settings.ZABOTA_TEMPLATE_MAX_STEPS,
            max_output=settings.ZABOTA_TEMPLATE_MAX_OUTPUT,
            max_seconds=settings.ZABOTA_TEMPLATE_MAX_SECONDS,
            max_tags=settings.ZABOTA_TEMPLATE_MAX_TAGS,
        )


class TemplateTooHeavy(TemplateError):
    """A template that does more work than one document may; the message is Russian."""


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


class _Budget:
    def __init__(self, limits: TemplateLimits):
        self.limits = limits
        self.steps = 0
        self.output = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.limits.max_steps:
            raise TemplateTooHeavy(
                f"больше {_number(self.limits.max_steps)} повторений циклов и вызовов "
                "на один документ"
            )
        # The clock is read every 256 steps: cheap, and a step is microseconds.
        if not self.steps & 0xFF and time.monotonic() > self.deadline:
            self._too_slow()

    def add_output(self, size: int) -> None:
        self.output += size
        if self.output > self.limits.max_output:
            raise TemplateTooHeavy(
                f"документ длиннее {_number(self.limits.max_output)} знаков разметки"
            )
        if time.monotonic() > self.deadline:
            self._too_slow()

    def _too_slow(self) -> None:
        raise TemplateTooHeavy(f"документ заполняется дольше {self.limits.max_seconds:g} с")


_CURRENT: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
    "zabota_template_budget", default=None
)


@contextmanager
def document_budget(limits: TemplateLimits | None = None):
    """One budget for all the parts of a document (body, headers, footers, properties)."""
    token = _CURRENT.set(_Budget(limits or TemplateLimits.from_settings()))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _budget() -> _Budget:
    # Outside a render (Jinja folds constant filters while compiling) the limits still hold.
    return _CURRENT.get() or _Budget(TemplateLimits.from_settings())


# --- checks of values ------------------------------------------------------------------------


def check_value(value: Any) -> Any:
    """Refuse a value too long to print, before it is turned into text: a list of lists
    sharing themselves prints exponentially long."""
    limit = _budget().limits.max_output
    if isinstance(value, str):
        if len(value) > limit:
            raise _too_long(limit)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise TemplateTooHeavy("слишком большое число")
    elif isinstance(value, list | tuple | set | frozenset | Mapping):
        _check_structure(value, limit)
    return value


def _check_structure(value: Any, limit: int) -> None:
    size, nodes_seen, stack = 0, 0, [value]
    while stack:
        item = stack.pop()
        nodes_seen += 1
        size += len(item) + 1 if isinstance(item, str) else 1
        if size > limit or nodes_seen > MAX_NODES:
            raise _too_long(limit)
        if isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)


def _too_long(limit: int) -> TemplateTooHeavy:
    return TemplateTooHeavy(f"значение длиннее {_number(limit)} знаков")


class _Counted:
    """An iterable of a loop: its length checked, each repetition counted."""

    def __init__(self, iterable: Iterable, budget: _Budget):
        self.iterable = iterable
        self.budget = budget

    def __len__(self) -> int:
        return len(self.iterable)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator:
        limit = self.budget.limits.max_loop
        for count, item in enumerate(self.iterable, start=1):
            if count > limit:
                raise _loop_too_long(limit)
            self.budget.tick()
            yield item


def _loop_too_long(limit: int) -> TemplateTooHeavy:
    return TemplateTooHeavy(f"цикл длиннее {_number(limit)} повторений")


def bounded_loop(iterable: Any) -> Any:
    budget = _budget()
    try:
        size = len(iterable)
    except TypeError:
        size = None
    if size is not None and size > budget.limits.max_loop:
        raise _loop_too_long(budget.limits.max_loop)
    if isinstance(iterable, str | bytes) or not isinstance(iterable, Iterable):
        return iterable  # Jinja itself says what cannot be looped over
    return _Counted(iterable, budget)


def bounded_range(*args: int) -> range:
    result = range(*args)
    limit = _budget().limits.max_loop
    if len(result) > limit:
        raise _loop_too_long(limit)
    return result


def _check_format(text: str, args: Any) -> None:
    for width, precision in _FORMAT_SPEC.findall(text):
        for number in (width, precision):
            if number == "*" or (number and int(number) > MAX_FORMAT_WIDTH):
                raise TemplateTooHeavy(
                    f"ширина поля в формате больше {_number(MAX_FORMAT_WIDTH)} знаков"
                )
    check_value(args)


def _width(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return len(value) if isinstance(value, str) else 0


def _estimate(name: str, args: tuple, kwargs: dict, *, method: bool) -> int | None:
    """The length of the result of the string operations that can multiply their input,
    worked out before they run (the filter and the string method of the same name take the
    string first; for join, the method takes the separator first)."""
    if name == "join":
        position = 1 if method else 0
        if len(args) <= position:
            return None
        separator = args[0] if method else (args[1] if len(args) > 1 else kwargs.get("d", ""))
        items = args[position]
        return sum(len(str(item)) for item in items) + len(str(separator)) * len(items)
    if not args or not isinstance(args[0], str):
        return None
    text, rest = args[0], [*args[1:], *kwargs.values()]
    widest = max((_width(value) for value in rest), default=0)
    if name in ("center", "ljust", "rjust", "zfill"):
        return len(text) + widest
    if name == "indent":
        return len(text) + (text.count("\n") + 1) * widest
    if name == "expandtabs":
        return len(text) + text.count("\t") * widest
    if name == "wordwrap":
        return len(text) * (1 + widest if widest > 1 else 2)
    if name == "replace" and len(rest) >= 2 and isinstance(rest[0], str):
        old, new = rest[0], str(rest[1])
        count = text.count(old) if old else len(text) + 1
        return len(text) + count * max(len(new) - len(old), 0)
    if name == "translate" and rest and isinstance(rest[0], Mapping):
        longest = max((_width(value) for value in rest[0].values()), default=1)
        return len(text) * max(longest, 1)
    return None


def _checked(name: str, function, args: tuple, kwargs: dict, *, method: bool = False):
    """Run a filter, a call or a string method with its work bounded: a step counted, the
    arguments and the result checked, what would multiply a string worked out first."""
    budget = _budget()
    budget.tick()
    position = 1 if method else 0
    if name == "join" and len(args) > position:
        # Joined once here, counted, so the length is known before the join (a generator
        # would be spent by counting it).
        items = list(bounded_loop(args[position]))
        args = (*args[:position], items, *args[position + 1 :])
    for value in args:
        check_value(value)
    for value in kwargs.values():
        check_value(value)
    expected = _estimate(name, args, kwargs, method=method)
    if expected is not None and expected > budget.limits.max_output:
        raise _too_long(budget.limits.max_output)
    if name == "format" and args and isinstance(args[0], str):
        _check_format(args[0], args[1:])
    if name in ("batch", "slice") and len(args) > 1 and isinstance(args[1], int):
        if args[1] > budget.limits.max_loop:
            raise _loop_too_long(budget.limits.max_loop)
    result = function(*args, **kwargs)
    if isinstance(result, Iterator):
        return _Counted(result, budget)
    return check_value(result)


def _guarded_filter(name: str, function):
    if getattr(function, "zabota_bounded", False):
        return function

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        # A filter that takes the context or environment gets it first; the value follows.
        pass_arg = getattr(function, "jinja_pass_arg", None)
        if pass_arg is not None:
            head, tail = args[:1], args[1:]
            return _checked(name, lambda *a, **k: function(*head, *a, **k), tail, kwargs)
        return _checked(name, function, args, kwargs)

    guarded.zabota_bounded = True  # type: ignore[attr-defined]
    return guarded


class _GuardedFilters(dict):
    """Every filter, the built-in ones and those added later, runs through the checks."""

    def __setitem__(self, name, function):
        super().__setitem__(name, _guarded_filter(name, function))

    def update(self, *args, **kwargs):
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


class _Bounding(NodeTransformer):
    """Loops count their repetitions; "~" joins are checked before and after joining, lists
    and mappings written in the template once built."""

    def visit_For(self, node: nodes.For) -> nodes.For:
        self.generic_visit(node)
        node.iter = _filtered(node.iter, LOOP_FILTER)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filtered(item, VALUE_FILTER) for item in node.nodes]
        return _filtered(node, VALUE_FILTER)

    def visit_List(self, node: nodes.List) -> nodes.Node:
        self.generic_visit(node)
        return _filtered(node, VALUE_FILTER)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        self.generic_visit(node)
        return _filtered(node, VALUE_FILTER)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        self.generic_visit(node)
        # A tuple on the left of "=" or "in" is where values go, not a value.
        return _filtered(node, VALUE_FILTER) if node.ctx == "load" else node


def _filtered(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


class BoundedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        if _CURRENT.get() is None:
            with document_budget():
                return self._render_counted(*args, **kwargs)
        return self._render_counted(*args, **kwargs)

    def _render_counted(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        budget = _budget()
        pieces: list[str] = []
        try:
            for piece in self.root_render_func(context):
                budget.add_output(len(piece))
                pieces.append(piece)
        except Exception:
            self.environment.handle_exception()
        return "".join(pieces)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with the work of a render bounded (see the module)."""

    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options):
        finalize = options.pop("finalize", None)
        super().__init__(finalize=_checked_finalize(finalize), **options)
        filters = _GuardedFilters()
        filters.update(self.filters)
        self.filters = filters
        self.filters[LOOP_FILTER] = bounded_loop
        self.filters[VALUE_FILTER] = check_value
        self.globals["range"] = bounded_range
        # lipsum(n) writes n paragraphs of filler at once: nothing a document needs.
        self.globals.pop("lipsum", None)

    def _parse(self, source, name, filename):
        # Compiling is work too: a hundred thousand {{ }} took a gigabyte before any rendering.
        limits = _budget().limits
        if len(source) > limits.max_output:
            raise _too_long(limits.max_output)
        tags = source.count("{{") + source.count("{%") + source.count("{#")
        if tags > limits.max_tags:
            raise TemplateTooHeavy(
                f"больше {_number(limits.max_tags)} полей и команд {{{{ }}}} и {{% %}}"
            )
        tree = _Bounding().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def wrap_str_format(self, value: Any) -> None:
        # Jinja offers str.format in a sandboxed form, but "{:>999999999}".format(x) still
        # writes a gigabyte of spaces; without the wrapper is_safe_attribute refuses it (the
        # |format filter remains, checked).
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in ("format", "format_map"):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        parent = super()
        if isinstance(owner, str):
            # A string's own method: the string goes first, as to the filter of the same name.
            return _checked(
                name,
                lambda _text, *a, **k: parent.call(__context, __obj, *a, **k),
                (owner, *args),
                kwargs,
                method=True,
            )
        return _checked(name, lambda *a, **k: parent.call(__context, __obj, *a, **k), args, kwargs)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        limit = budget.limits.max_output
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | bytes | list | tuple) and isinstance(times, int):
                    if len(sequence) * max(times, 0) > limit:
                        raise _too_long(limit)
            if _is_int(left) and _is_int(right):
                if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                    raise TemplateTooHeavy("слишком большое число")
        elif operator == "**" and _is_int(left) and _is_int(right):
            if right > 0 and max(left.bit_length(), 1) * right > MAX_INT_BITS:
                raise TemplateTooHeavy("слишком большое число")
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right)
        return check_value(super().call_binop(context, operator, left, right))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _checked_finalize(finalize):
    def checked(value):
        check_value(value)
        return finalize(value) if finalize is not None else value

    return checked
