"""The tablet page (its shell, service worker and manifest) and the head's visit confirmation.

The shell has no personal data and is public: everything personal comes through the API with
the device key, so the page can be cached by the service worker and open without a network.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

from zabota.audit.downloads import wants_xlsx
from zabota.audit.services import audit_read
from zabota.core.access import allow, public
from zabota.core.lists import paginate, querystring_without_page
from zabota.field.exports import VISITS_EXPORT, visit_filters
from zabota.field.selectors import search_visits, signatures_for
from zabota.field.services import visit_radius_m
from zabota.jobs.exports import export_download
from zabota.organisation.selectors import field_staff_for

STATIC = Path(__file__).parent / "static" / "field"
ASSETS = ["field/app.js", "field/field.css", "field/icon-192.png", "field/icon-512.png"]


@lru_cache(maxsize=1)
def shell_version() -> str:
    """Changes whenever the app's files change, so tablets drop the old cache on update."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.iterdir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    template = Path(__file__).parent / "templates" / "field" / "app.html"
    digest.update(template.read_bytes())
    return digest.hexdigest()[:12]


@public
def app(request):
    return render(request, "field/app.html", {"version": shell_version()})


@public
def service_worker(request):
    """Served from /field/ (not /static/) so its scope covers the page."""
    shell = [reverse("field:app"), reverse("field:manifest"), *(static(a) for a in ASSETS)]
    body = render_to_string(
        "field/sw.js",
        {
            "version": shell_version(),
            "shell": json.dumps(shell),
            "app_url": reverse("field:app"),
            "api_url": reverse("api:v1:api-root"),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("field:app")
    # The browser must always see a new version of the worker at once.
    response["Cache-Control"] = "no-cache"
    return response


@public
def manifest(request):
    data = {
        "name": "Забота — планшет",
        "short_name": "Забота",
        "description": "Посещения и услуги получателей, работа без сети",
        "lang": "ru",
        "start_url": reverse("field:app"),
        "scope": reverse("field:app"),
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#1f6f5c",
        "icons": [
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("field/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@allow("recipients.view")
def signature_image(request, pk: int):
    """A signature of an act as PNG, for the card and the act (scoped like the card)."""
    from django.shortcuts import get_object_or_404

    signature = get_object_or_404(signatures_for(request.staff).select_related("recipient"), pk=pk)
    audit_read(
        actor=request.staff,
        recipient=signature.recipient,
        obj=signature,
        what=f"подпись под актом за {signature.month:%m.%Y}",
    )
    response = HttpResponse(bytes(signature.image), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@allow("visits.review")
def visit_list(request):
    """Arrival, departure and distance from the home of each visit (the head's confirmation)."""
    staff = request.staff
    period, filters = visit_filters(request.GET)
    visits = search_visits(staff, **filters)
    if wants_xlsx(request):
        return export_download(request, VISITS_EXPORT, visits)
    return render(
        request,
        "field/visits.html",
        {
            "page": paginate(request, visits),
            "query": querystring_without_page(request),
            "period": period,
            "filters": filters,
            "workers": field_staff_for(staff),
            "radius": visit_radius_m(),
            "breadcrumbs": [("Посещения", None)],
        },
    )
