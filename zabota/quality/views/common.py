from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

SURVEYS_CRUMB = ("Опросы удовлетворённости", "/quality/surveys/")
COMPLAINTS_CRUMB = ("Обращения и жалобы", "/quality/complaints/")
INSPECTIONS_CRUMB = ("Контрольные посещения", "/quality/inspections/")


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def safe_path(request, url: str, fallback: str = "/") -> str:
    """An address of this site only: a stored or given link never leads elsewhere."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return fallback
