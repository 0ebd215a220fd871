from decimal import Decimal

from django import template

from zabota.core.dates import when_text
from zabota.rules.payment import format_rubles
from zabota.rules.words import count_text, plural, quantity_text, split_forms

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ labels|get:field }}: a value from a dict in a template."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def rubles(amount):
    """30 000,00 ₽"""
    if amount in (None, ""):
        return "—"
    return format_rubles(Decimal(amount))


@register.filter
def money(amount):
    """30 000,00 — a sum in a table column whose header says ₽."""
    if amount in (None, ""):
        return ""
    return format_rubles(Decimal(amount)).replace(" ₽", "")


@register.filter
def when(value, arg: str = ""):
    """{{ event.occurred_at|when }} → 04.12.2026 22:22 (local time); a date → 04.12.2026;
    {{ …|when:"seconds" }} adds the seconds."""
    return when_text(value, seconds=arg == "seconds")


def _agreeing(value, make):
    # A template shows nothing for no number (as |default would), and never an error page;
    # a wrong set of forms is the template's mistake and fails loudly in its test.
    if value in (None, "") or isinstance(value, bool):
        return ""
    try:
        return make(value)
    except (ArithmeticError, TypeError, ValueError):
        return ""


@register.filter(name="plural")
def plural_filter(value, forms: str):
    """{{ n|plural:"услуга,услуги,услуг" }} → the noun alone: «услуги» for 3."""
    one, few, many = split_forms(forms)
    return _agreeing(value, lambda n: plural(n, one, few, many))


@register.filter
def count(value, forms: str):
    """{{ n|count:"услуга,услуги,услуг" }} → «3 услуги», «1,5 услуги», «0 услуг»."""
    split_forms(forms)
    return _agreeing(value, lambda n: count_text(n, forms))


@register.filter
def quantity(value, unit: str):
    """{{ row.quantity|quantity:row.unit }} → «3 услуги», «1,5 часа», «2 м²»."""
    return _agreeing(value, lambda n: quantity_text(n, unit))
