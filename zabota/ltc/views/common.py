from django.core.exceptions import ValidationError

METHODOLOGIES_CRUMB = ("Методики оценки", "/care/methodologies/")
REASSESSMENTS_CRUMB = ("Повторные оценки", "/care/reassessments/")
RECIPIENTS_CRUMB = ("Получатели", "/recipients/")


def recipient_crumbs(recipient) -> list[tuple[str, str]]:
    return [RECIPIENTS_CRUMB, (recipient.full_name, f"/recipients/{recipient.pk}/")]


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
