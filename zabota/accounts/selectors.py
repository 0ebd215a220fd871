from django.db.models import Q
from django.shortcuts import get_object_or_404

from zabota.api.models import DeviceToken
from zabota.organisation.models import Staff


def tokens_for(staff: Staff):
    """Device keys a person may see: their own; the administrator sees all of the institution."""
    own = Q(user=staff.user)
    if staff.can("staff.manage"):
        return DeviceToken.objects.filter(own | Q(user__staff__institution=staff.institution))
    return DeviceToken.objects.filter(own)


def get_token_for(staff: Staff, pk: int) -> DeviceToken:
    return get_object_or_404(tokens_for(staff).select_related("user"), pk=pk)


def locked_logins(staff: Staff):
    """Locks on the logins of the person's institution in force now (not on addresses, which
    belong to no institution, nor on other institutions' logins)."""
    from django.db.models import Value
    from django.db.models.functions import Concat, Lower
    from django.utils import timezone

    from zabota.accounts.models import LoginLock

    keys = (
        Staff.objects.filter(institution_id=staff.institution_id)
        .annotate(key=Concat(Value("user:"), Lower("user__username")))
        .values("key")
    )
    return LoginLock.objects.filter(key__in=keys, locked_until__gt=timezone.now())
