from django.core.exceptions import ValidationError

LIST_CRUMB = ("Получатели", "/recipients/")


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: field messages by field, others on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
