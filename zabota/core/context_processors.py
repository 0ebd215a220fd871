from zabota.core.access import staff_of
from zabota.core.navigation import header_for, menu_for


def navigation(request):
    staff = getattr(request, "staff", None) or staff_of(getattr(request, "user", None) or _Anon())
    if staff is None:
        return {"menu": [], "current_staff": None}
    return {"menu": menu_for(staff), "current_staff": staff, "header_links": header_for(staff)}


class _Anon:
    is_authenticated = False
