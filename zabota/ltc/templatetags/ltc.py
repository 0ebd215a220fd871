from django import template

from zabota.ltc.exports import reassessment_state

register = template.Library()


@register.filter
def due_state(next_on, today) -> str:
    """«просрочена на 5 дн.», «сегодня», «через 12 дн.»: the same words as the XLSX list."""
    return reassessment_state(next_on, today) if next_on and today else ""
