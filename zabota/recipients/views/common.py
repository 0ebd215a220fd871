from django.urls import reverse_lazy

from zabota.audit.locking import StaleEditError

LIST_CRUMB = ("Получатели", reverse_lazy("recipients:list"))
STALE_CARD = (
    "Карточку уже изменил другой сотрудник, пока вы её редактировали. "
    "Ваши изменения не сохранены. Откройте карточку заново."
)


def add_stale(form, error: StaleEditError) -> None:
    """The refusal of a stale form, with what the other person changed, above the form."""
    form.add_error(None, STALE_CARD)
    for line in error.describe():
        form.add_error(None, f"Изменено: {line}")
