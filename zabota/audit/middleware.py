from zabota.audit.context import RequestInfo, reset_request_info, set_request_info
from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.core.access import AccessDenied
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

    def process_exception(self, request, exception):
        # A page refused by zabota.core.access.allow (ФСТЭК № 21, РСБ.3: refusals are recorded).
        if isinstance(exception, AccessDenied):
            staff = exception.staff
            audit_event(
                kind=EventKind.ACCESS_DENIED,
                user=request.user,
                institution=staff.institution if staff else None,
                success=False,
                details=f"{request.method} {request.path} ({exception.capability})",
            )
        return None
