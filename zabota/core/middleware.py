class ContentSecurityPolicyMiddleware:
    """A content security policy: scripts only from our own static files, nothing from outside.

    The tablet app and every page keep their JavaScript in static files, so no inline script
    needs to be allowed; styles may be inline (a column width in a template).
    """

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
        "worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response
