from functools import wraps

from django.http import JsonResponse
from django.urls import path

from zabota.api.api import api
from zabota.api.docs import docs_asset

app_name = "api"


def _json_not_allowed(view):
    """A method the address does not have gets 405 as JSON in Russian, like every other error
    of the API (django-ninja answers it in plain-text English), with its `Allow` header."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        answer = JsonResponse(
            {"detail": "Метод не поддерживается."},
            status=405,
            json_dumps_params={"ensure_ascii": False},
        )
        answer["Allow"] = response["Allow"]
        return answer

    return wrapped


def _marked(urls):
    """The API needs no web session: every endpoint checks the device key itself
    (zabota.api.auth) and the capability of its role (`require`), so for the access rules of
    views (zabota.core.access) its URLs are public."""
    patterns, app, namespace = urls
    for pattern in patterns:
        pattern.callback = _json_not_allowed(pattern.callback)
        pattern.callback.access_rule = "public"
    return patterns, app, namespace


urlpatterns = [
    path("v1/", _marked(api.urls)),
    path("docs-assets/<str:name>", docs_asset, name="docs_asset"),
]
