"""A short id for every request: in the response's X-Request-ID, in each log line of the request
and as the code of a server error that the person reads out to the administrator."""

import re
import secrets

from django.http import HttpRequest

from zabota.core.addresses import peer_is_trusted_proxy
from zabota.operations.context import reset_request_id, set_request_id

HEADER = "X-Request-ID"
# What a proxy's id may look like: it is written into log lines and the error page.
INCOMING = re.compile(r"[A-Za-z0-9._-]{1,64}")


def new_request_id() -> str:
    # Eight hex digits: short enough to read out over the phone, and unlikely to repeat within
    # the few days an administrator searches the log for it.
    return secrets.token_hex(4).upper()


def request_id_for(request: HttpRequest) -> str:
    """A proxy's X-Request-ID when the proxy is trusted (ZABOTA_TRUSTED_PROXIES), so that its
    access log and ours name the request alike; anyone else could write any id there."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    if incoming and INCOMING.fullmatch(incoming) and peer_is_trusted_proxy(request):
        return incoming
    return new_request_id()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = set_request_id(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response[HEADER] = request.request_id
        return response
