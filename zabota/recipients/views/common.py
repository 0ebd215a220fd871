from django.core.exceptions import ValidationError

from zabota.audit.locking import StaleEditError

LIST_CRUMB = ("Получатели", "/recipients/")
STALE_CARD = (
    "Карточку уже изменил другой сотрудник, пока вы её редактировали. "
    "Ваши изменения не сохранены. Откройте карточку заново."
)


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: field messages by field, others on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def add_stale(form, error: StaleEditError) -> None:
    """The refusal of a stale form, with what the other person changed, above the form."""
    form.add_error(None, STALE_CARD)
    for line in error.describe():
        form.add_error(None, f"Изменено: {line}")
