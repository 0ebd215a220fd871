from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy

METHODOLOGIES_CRUMB = ("Методики оценки", reverse_lazy("ltc:methodologies"))
REASSESSMENTS_CRUMB = ("Повторные оценки", reverse_lazy("ltc:reassessments"))
RECIPIENTS_CRUMB = ("Получатели", reverse_lazy("recipients:list"))


def recipient_crumbs(recipient) -> list[tuple[str, str]]:
    return [
        RECIPIENTS_CRUMB,
        (recipient.full_name, reverse("recipients:card", args=[recipient.pk])),
    ]


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
