import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone

LAST_SEEN = "zabota_last_seen"
LOGGED_IN_AT = "zabota_logged_in_at"
# The last-seen time is written back at most this often: writing it on every request saved the
# session (a database write) on every page and API call, and the idle limit is counted in minutes.
LAST_SEEN_STEP_SECONDS = 60


class IdleTimeoutMiddleware:
    """Ends a session idle longer than ZABOTA_IDLE_MINUTES (Приказ ФСТЭК № 21, УПД.10), or one
    opened before the person chose "log out everywhere"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and LOGGED_IN_AT in request.session:
            now = timezone.now()
            reason = self._reason_to_end(request, user, now)
            if reason:
                logout(request)
                messages.info(request, reason)
                if request.headers.get("HX-Request"):
                    response = redirect(settings.LOGIN_URL)
                    response["HX-Redirect"] = response["Location"]
                    return response
                return redirect(f"{redirect(settings.LOGIN_URL)['Location']}?next={request.path}")
            last_seen = request.session.get(LAST_SEEN) or 0
            if now.timestamp() - last_seen >= LAST_SEEN_STEP_SECONDS:
                request.session[LAST_SEEN] = now.timestamp()
        return self.get_response(request)

    def _reason_to_end(self, request, user, now) -> str:
        last_seen = request.session.get(LAST_SEEN)
        idle = datetime.timedelta(minutes=settings.ZABOTA_IDLE_MINUTES)
        if (
            last_seen is not None
            and now - datetime.datetime.fromtimestamp(last_seen, datetime.UTC) > idle
        ):
            return "Сеанс завершён после простоя. Войдите снова."
        staff = getattr(user, "staff", None)
        revoked = getattr(staff, "sessions_revoked_at", None)
        logged_in_at = request.session.get(LOGGED_IN_AT)
        if revoked is not None and logged_in_at is not None and logged_in_at < revoked.timestamp():
            return "Сеанс завершён: выполнен выход на всех устройствах."
        return ""
