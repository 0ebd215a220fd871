import datetime

from django.core.exceptions import ValidationError

from zabota.programs.services import add_months


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def recipient_crumbs(recipient, *tail) -> list:
    return [
        ("Получатели", "/recipients/"),
        (recipient.full_name, f"/recipients/{recipient.pk}/"),
        *tail,
    ]


def year_later(day: datetime.date) -> datetime.date:
    return add_months(day, 12) - datetime.timedelta(days=1)
