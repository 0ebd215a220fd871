from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

SURVEYS_CRUMB = ("Опросы удовлетворённости", reverse_lazy("quality:surveys"))
COMPLAINTS_CRUMB = ("Обращения и жалобы", reverse_lazy("quality:complaints"))
INSPECTIONS_CRUMB = ("Контрольные посещения", reverse_lazy("quality:inspections"))


def safe_path(request, url: str, fallback: str) -> str:
    """An address of this site only: a stored or given link never leads elsewhere."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return url
    return fallback
