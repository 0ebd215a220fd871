"""The JSON API /api/v1/ (django-ninja): device tokens and the tablet's endpoints.

It calls the same selectors and services as the web pages and is scoped by role like them.
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from zabota.api import errors
from zabota.api.auth import DeviceTokenAuth
from zabota.api.docs import LocalSwagger
from zabota.api.routers import field, tokens


class ReadableJSONRenderer(JSONRenderer):
    """Cyrillic as it is, not as \\u0417\\u0430…: the API stays readable raw (curl, logs)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Забота API",
    version="1",
    description=(
        "API для планшетов социальных работников и сиделок. Запросы подписываются "
        "заголовком `Authorization: Bearer <ключ>`; ключ выдаёт POST /api/v1/token. "
        'Ошибки — JSON `{"detail": "…"}` с кодом 4xx.'
    ),
    urls_namespace="api:v1",
    auth=DeviceTokenAuth(),
    parser=errors.LimitedJSONParser(),
    renderer=ReadableJSONRenderer(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", tokens.router)
api.add_router("", field.router)
