from django.urls import path

from zabota.api.api import api
from zabota.api.docs import docs_asset

app_name = "api"


def _marked(urls):
    """The API needs no web session: every endpoint checks the device key itself
    (zabota.api.auth) and the capability of its role (`require`), so for the access rules of
    views (zabota.core.access) its URLs are public."""
    patterns, app, namespace = urls
    for pattern in patterns:
        pattern.callback.access_rule = "public"
    return patterns, app, namespace


urlpatterns = [
    path("v1/", _marked(api.urls)),
    path("docs-assets/<str:name>", docs_asset, name="docs_asset"),
]
