from zabota.audit.context import RequestInfo, reset_request_info, set_request_info


def client_ip(request) -> str | None:
    # Behind nginx the address comes in X-Real-IP (docs/deploy.md sets it); never trust
    # X-Forwarded-For from the client side.
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


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
