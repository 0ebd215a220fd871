"""The rule of the relative's pages: a logged-in relative whose access is open, and nobody else
(a member of staff is refused here as a relative is refused every staff page by `allow`)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from zabota.core.access import AccessDenied, staff_of
from zabota.family.selectors import open_relative_of

CAPABILITY = "family.view"


def relative_page(view):
    """Let in a relative with open access; `request.relative` is theirs, read afresh."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        relative = open_relative_of(request.user)
        if relative is None:
            raise AccessDenied(CAPABILITY, staff_of(request.user))
        request.relative = relative
        return view(request, *args, **kwargs)

    wrapped.access_rule = CAPABILITY
    return wrapped
