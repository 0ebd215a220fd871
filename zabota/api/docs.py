"""The interactive API documentation (Swagger UI) served from the installed django-ninja
package itself: no CDN (the site's CSP allows scripts from our own origin only, and a centre's
network may have no internet), no copy of the files in our tree."""

import json
from pathlib import Path

import ninja
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from ninja.openapi.docs import DocsBase

from zabota.core.access import public

ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
ALLOWED = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "application/javascript",
    "swagger-ui-init.js": "application/javascript",
    "favicon.png": "image/png",
}


class LocalSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        settings = {
            "url": reverse(f"{api.urls_namespace}:openapi-json", kwargs=kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
        }
        return render(
            request,
            "api/docs.html",
            {"api": api, "swagger_settings": json.dumps(settings)},
        )


@public
def docs_asset(request, name: str):
    """A file of Swagger UI from the django-ninja package (public: no personal data)."""
    if name not in ALLOWED:
        raise Http404
    response = FileResponse((ASSETS / name).open("rb"), content_type=ALLOWED[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
