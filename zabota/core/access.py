"""Access rules of views.

Every view is wrapped by `allow(capability)` or marked `public`; the access-matrix test walks the
URL configuration and fails on any view without a declared rule. What a person may see inside an
allowed view is decided by the scoped selectors (zabota.organisation.access), never by templates.
A refusal is written to the journal by the audit app's middleware (zabota.audit.middleware), which
sees every `AccessDenied` a view raises: core itself imports no app.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied


class AccessDenied(PermissionDenied):
    """A view refused by `allow`: the capability it asked for, and the member of staff if any."""

    def __init__(self, capability: str, staff=None):
        super().__init__(capability)
        self.capability = capability
        self.staff = staff


def staff_of(user):
    """The user's zabota.organisation.models.Staff, or None (a superuser without a card)."""
    if not user.is_authenticated:
        return None
    try:
        return user.staff
    except ObjectDoesNotExist:
        return None


def allow(capability: str):
    """Let in a logged-in member of staff whose role has `capability` (see organisation.roles)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            staff = staff_of(request.user)
            if staff is None or not staff.can(capability):
                raise AccessDenied(capability, staff)
            request.staff = staff
            return view(request, *args, **kwargs)

        wrapped.access_rule = capability
        return wrapped

    return decorator


def public(view):
    """A page open without login (the login page, the manifest of the tablet app)."""
    view.access_rule = "public"
    return view
