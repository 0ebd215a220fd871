import datetime

from django.core.exceptions import ValidationError


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def days_param(value, default: int = 30) -> int:
    days = int_or_none(value)
    return default if days is None or not 0 <= days <= 366 else days


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
    from zabota.programs.services import add_months

    return add_months(day, 12) - datetime.timedelta(days=1)
