"""Access rules of views.

Every view is wrapped by `allow(capability)` or marked `public`; the access-matrix test walks the
URL configuration and fails on any view without a declared rule. What a person may see inside an
allowed view is decided by the scoped selectors (zabota.organisation.access), never by templates.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from zabota.audit.models import EventKind
from zabota.audit.services import audit_event
from zabota.organisation.models import Staff


def staff_of(user) -> Staff | None:
    if not user.is_authenticated:
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
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
                audit_event(
                    kind=EventKind.ACCESS_DENIED,
                    user=request.user,
                    institution=staff.institution if staff else None,
                    success=False,
                    details=f"{request.method} {request.path} ({capability})",
                )
                raise PermissionDenied
            request.staff = staff
            return view(request, *args, **kwargs)

        wrapped.access_rule = capability
        return wrapped

    return decorator


def public(view):
    """A page open without login (the login page, the manifest of the tablet app)."""
    view.access_rule = "public"
    return view
