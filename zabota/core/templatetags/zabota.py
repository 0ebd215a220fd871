from decimal import Decimal

from django import template

from zabota.rules.payment import format_rubles

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
