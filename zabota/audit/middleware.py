from zabota.audit.context import RequestInfo, reset_request_info, set_request_info
from zabota.core.addresses import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        info = RequestInfo(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = set_request_info(info)
        try:
            return self.get_response(request)
        finally:
            reset_request_info(token)
